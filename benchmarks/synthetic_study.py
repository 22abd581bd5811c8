"""Write a synthetic KoSI-Lab study folder of any size (benchmarks, transfer tests).

The folder has the same shape as the embedded example study (``surveys/example``) and is read
by :func:`kosieval.load_study`: participant survey exports per wave (LimeSurvey CSV), a team
survey (SoSci Survey CSV with its variable and value listings), coded interviews (REFI-QDA
``.qdpx``, two coders, document variables ``actor_group``, ``city``, ``consent_quote``), an
activity log (German Excel CSV) and a ``study.yaml`` whose ``report`` and ``privacy``
sections are copied from the example's (``texts`` only when the example has its text
folder, which is then copied too). The export files are written with the example
generator's own writer functions (``surveys/example/generate.py``, imported from
:func:`kosieval._resources.example_study_dir`), so they are byte-for-byte in the platforms'
formats.

The shipped participant instrument has the waves T0 and T1 only; the study therefore gets
its own ``instruments/participant.yaml`` (the shipped file with the requested waves), which
kosieval prefers over the shipped one.

Planted:

- change: each wave's latent traits are ``0.6 * previous + 0.8 * noise + shift``, with a
  modest rise per wave of self-efficacy (0.25 SD), sense of community (0.20 SD) and internal
  political efficacy (0.15 SD); the other scales do not change;
- panel: about 70 % of a wave's respondents answer again in the next wave (same
  self-generated ``CODE``); 10 % of ``respondents`` join at each later wave;
- about 3 % incomplete responses per wave (empty ``submitdate``), 3 % item non-response;
- exactly one data error: at the first wave, one complete response has ``SE[SQ003]`` (se3)
  = 7 (valid 1..4), see :data:`PLANTED_ERRORS`;
- team survey at T1 (the team instrument's wave): ``team`` finished cases, two ``orgtest``
  test runs and one unfinished case; partnership synergy lower in Verwaltung.

Deterministic: the same arguments give the same bytes (numpy streams seeded from ``seed``,
the city name and a purpose tag; fixed dates; uuid5 GUIDs; zip entries stored with a fixed
timestamp).

Usage::

    python benchmarks/synthetic_study.py OUT_DIR [--respondents 2000] [--waves T0,T1,T2]
        [--interviews 40] [--team 60] [--events 40] [--city Großstadt] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import math
import re
import shutil
import string
import sys
import zipfile
import zlib
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

import numpy as np
import yaml

from kosieval._resources import example_study_dir, instruments_dir

#: The data errors every generated study has (file pattern, wave index, column, item, value).
PLANTED_ERRORS = ({"wave_index": 0, "column": "SE[SQ003]", "item": "se3", "value": "7"},)
#: Latent rise per wave (SD units) of the participant scales; the rest stay flat.
SHIFT_PER_WAVE = {"self_efficacy": 0.25, "sense_of_community": 0.20, "political_efficacy_internal": 0.15}
#: Share of a wave's respondents who answer again in the next wave.
RETENTION = 0.70
#: New respondents per later wave, as a share of ``respondents``.
NEWCOMERS = 0.10
INCOMPLETE = 0.03
ITEM_MISSING = 0.03
STABILITY = 0.60
FIRST_FIELDWORK = dt.date(2026, 3, 2)  # first wave's first day; later waves follow every 6 months
TEST_PHASE_DAYS = 210


def _load_generator() -> ModuleType:
    """The example study's generator as a private module (it has no kosieval imports)."""
    path = example_study_dir() / "generate.py"
    spec = importlib.util.spec_from_file_location("_kosieval_example_generate", path)
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with kosieval
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


G = _load_generator()


class _Streams:
    """Independent random streams per purpose, seeded from (seed, city, purpose)."""

    def __init__(self, seed: int, city: str) -> None:
        self.seed = seed
        self.city = zlib.crc32(city.encode("utf-8"))

    def __call__(self, tag: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.city, zlib.crc32(tag.encode("ascii"))])


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    return re.sub(r"[^a-z0-9]+", "_", text.translate(table).lower()).strip("_") or "stadt"


# --------------------------------------------------------------------------- participants


def _wave_window(index: int) -> tuple[str, str]:
    start = FIRST_FIELDWORK + dt.timedelta(days=182 * index)
    return start.isoformat(), (start + dt.timedelta(days=17)).isoformat()


def _panel(rng: np.random.Generator, respondents: int, n_waves: int) -> list[list[int]]:
    """Person indices taking part in each wave (T0: ``respondents`` persons)."""
    waves = [list(range(respondents))]
    next_person = respondents
    for _ in range(1, n_waves):
        previous = waves[-1]
        stay = rng.random(len(previous)) < RETENTION
        kept = [p for p, s in zip(previous, stay) if s]
        new = int(round(NEWCOMERS * respondents))
        waves.append(kept + list(range(next_person, next_person + new)))
        next_person += new
    return waves


def _participant_rows(streams: _Streams, respondents: int, waves: tuple[str, ...]) -> list[list[dict[str, str]]]:
    """One list of LimeSurvey rows (column -> exported string) per wave."""
    rng = streams("participants-persons")
    panel = _panel(rng, respondents, len(waves))
    n = max(max(w) for w in panel) + 1
    ag = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.2, 0.1, 0.1, 0.12, 0.48])
    role = rng.choice([1, 2, 3], size=n, p=[0.72, 0.16, 0.12])
    age = rng.choice([1, 2, 3, 4], size=n, p=[0.18, 0.35, 0.30, 0.17])
    gender = rng.choice([1, 2, 3], size=n, p=[0.55, 0.43, 0.02])
    taken: set[str] = set()
    code = [G._make_code(rng, taken) for _ in range(n)]

    rng = streams("participants-latent")
    latent = [G._correlated_normals(rng, n, G.LATENT_R)]
    for _wave in waves[1:]:
        noise = G._correlated_normals(rng, n, G.LATENT_R)
        shift = np.array([SHIFT_PER_WAVE.get(c, 0.0) for c in G.CONSTRUCTS])
        latent.append(STABILITY * latent[-1] + math.sqrt(1 - STABILITY ** 2) * noise + shift[None, :])
    rng = streams("participants-items")
    difficulty = {it: float(rng.normal(0.0, 0.25)) for (_c, it, *_r) in G.P_ITEMS}

    out = []
    for index, wave in enumerate(waves):
        rng = streams(f"participants-wave-{wave}")
        z = latent[index]
        codes = {}
        for (col, it, construct, kind, lam) in G.P_ITEMS:
            y = lam * z[:, G.CONSTRUCTS.index(construct)] + math.sqrt(1 - lam ** 2) * rng.standard_normal(n)
            c = G._to_codes(y, kind, difficulty[it])
            if it in G.P_REVERSE:
                low, high = G.P_RANGE[kind]
                c = low + high - c
            codes[col] = c
        window = _wave_window(index)
        rows = []
        for p in panel[index]:
            complete = bool(rng.random() >= INCOMPLETE)
            lastpage = None if complete else int(rng.integers(1, G.LS_LAST_PAGE))
            answers = {"CODE": code[p], "AG": f"A{ag[p]}", "ROLE": f"A{role[p]}", "AGE": f"A{age[p]}",
                       "GENDER": f"A{gender[p]}"}
            for (col, *_r) in G.P_ITEMS:
                answers[col] = "" if rng.random() < ITEM_MISSING else str(int(codes[col][p]))
            sc = z[p, G.CONSTRUCTS.index("sense_of_community")]
            yes = rng.random() < 1 / (1 + math.exp(-(-0.2 + 0.6 * sc)))
            answers["VE01"] = "A1" if yes else "A2"
            hours = rng.normal(1.5, 0.8)
            answers["VE02"] = G._hours(hours) if yes else ""
            answers["COMMENT"] = ""
            meta = {
                "start": G._random_moment(rng, window),
                "seed": str(int(rng.integers(10_000_000, 2_147_483_647))),
                "token": "".join(rng.choice(list(string.ascii_letters + string.digits), 15)),
                "ip": f"192.0.2.{int(rng.integers(1, 255))}",
                "ref": "",
            }
            page_times = rng.lognormal(mean=np.log([55, 150, 110, 80, 45]), sigma=0.45)
            row = G._ls_row(meta, answers, lastpage, complete, page_times)
            rows.append(row)
        rows.sort(key=lambda r: (r["startdate"], r["CODE"]))
        for k, row in enumerate(rows, 1):
            row["id"] = str(k)
        for error in PLANTED_ERRORS:
            if error["wave_index"] == index:
                target = next(r for r in rows if r["submitdate"] and r[error["column"]] != "")
                target[error["column"]] = error["value"]
        out.append(rows)
    return out


# --------------------------------------------------------------------------- team


def _team_rows(streams: _Streams, team: int) -> list[list[object]]:
    """SoSci rows (in SOSCI_HEADER order): two test runs, ``team`` finished, one unfinished."""
    rng = streams("team")
    scale_names = list(G.T_SCALES)
    z = G._correlated_normals(rng, team + 1, G.T_LATENT_R)
    difficulty = {it: float(rng.normal(0.0, 0.25)) for s in G.T_SCALES.values() for it in s}
    ag = rng.choice([1, 2, 3, 4, 5], size=team + 1, p=[0.25, 0.1, 0.15, 0.2, 0.3])
    rows = []
    start = dt.datetime(2026, 9, 14, 9, 0, 0)
    for k in range(2):  # researcher test runs
        row = {h: "" for h in G.SOSCI_HEADER}
        row.update(CASE=k + 1, QUESTNNR="kosi_team", MODE="orgtest",
                   STARTED=G._fmt_time(start - dt.timedelta(days=3 - k)), AG01=2, RO01=1, FINISHED=1,
                   LASTPAGE=4, MAXPAGE=4)
        for it_list in G.T_SCALES.values():
            for it in it_list:
                row[G.T_COLS[it]] = 3
        rows.append(row)
    for i in range(team + 1):
        finished = i < team
        pages = 4 if finished else 2
        latent = z[i].copy()
        if ag[i] == 1:
            latent[0] -= 0.7
        answers: dict[str, object] = {"AG01": int(ag[i]), "RO01": int(rng.choice([1, 2, 3], p=[0.1, 0.75, 0.15])),
                                      "KO01_01": ""}
        for s_i, s in enumerate(scale_names):
            for j, it in enumerate(G.T_SCALES[s]):
                lam = G.T_LOADINGS[s][j]
                y = lam * latent[s_i] + math.sqrt(1 - lam ** 2) * rng.standard_normal()
                value = int(1 + np.sum(y > np.asarray(G.T_THRESH) + difficulty[it]))
                if it in G.T_REVERSE:
                    value = 6 - value
                if rng.random() < 0.02:
                    value = -9
                answers[G.T_COLS[it]] = value
        row = {h: "" for h in G.SOSCI_HEADER}
        started = start + dt.timedelta(hours=int(rng.integers(0, 16 * 24)), seconds=int(rng.integers(0, 3600)))
        row.update(CASE=i + 3, QUESTNNR="kosi_team", MODE="interview", STARTED=G._fmt_time(started))
        for c in (c for p in range(1, pages + 1) for c in G.T_PAGES[p]):
            row[c] = answers[c]
        times = [int(round(t)) for t in rng.lognormal(np.log([25, 75, 95, 55]), 0.4)[:pages]]
        for p, t in enumerate(times, 1):
            row[f"TIME{p:03d}"] = t
        row.update(TIME_SUM=sum(times), LASTDATA=G._fmt_time(started + dt.timedelta(seconds=sum(times) + 2)),
                   FINISHED=1 if finished else 0, Q_VIEWER=0, LASTPAGE=pages, MAXPAGE=pages, MISSING=0,
                   MISSREL=0, TIME_RSI="1.00", DEG_TIME=0)
        rows.append(row)
    return [[r[h] for h in G.SOSCI_HEADER] for r in rows]


# --------------------------------------------------------------------------- interviews


def _interview_docs(streams: _Streams, interviews: int, city: str) -> list[dict[str, object]]:
    """Coded documents in the form G.qde_xml expects; the example's 14 transcripts, cycled."""
    rng = streams("interviews-coder-b")
    trng = streams("interviews-times")
    docs = []
    header_old, header_new = "KoSI-Lab Musterstadt", f"KoSI-Lab {city}"
    for k in range(interviews):
        template = G.INTERVIEWS[k % len(G.INTERVIEWS)]
        date = dt.date(2026, 10, 5) + dt.timedelta(days=k % 28)
        iv = dict(template, no=k + 1, date=date.isoformat(),
                  turns=[(speaker, raw.replace("Musterstadt", city)) for speaker, raw in template["turns"]])
        text, spans = G.render_interview(iv)
        # the transcript header (before every coded span) names the city
        delta = len(header_new) - len(header_old)
        text = text.replace(header_old, header_new, 1)
        for sp in spans:
            sp["start"] += delta
            sp["end"] += delta
            sp["turn"] = (sp["turn"][0] + delta, sp["turn"][1] + delta)
        selections = []
        for s_k, sp in enumerate(spans):
            a, b = G._split_spec(sp["spec"])
            if a:
                selections.append(("A", s_k, sp["start"], sp["end"], a))
            if b:
                s, e = G._shift(text, sp["start"], sp["end"], sp["turn"], rng)
                selections.append(("B", s_k, s, e, b))
        selections.sort(key=lambda x: (x[2], x[3], x[0]))
        stamped = []
        for (coder, s_k, s, e, codes) in selections:
            day = date + dt.timedelta(days=7 if coder == "A" else 14)
            t = dt.datetime(day.year, day.month, day.day, 9 + int(trng.integers(0, 8)),
                            int(trng.integers(0, 60)), int(trng.integers(0, 60)))
            stamped.append((coder, s_k, s, e, codes, t.strftime("%Y-%m-%dT%H:%M:%SZ")))
        docs.append({"iv": iv, "text": text, "selections": stamped, "guid": G.guid(f"{city}/source/{k + 1:03d}")})
    return docs


def _qdpx(docs: list[dict[str, object]], city: str) -> bytes:
    """The REFI-QDA project: G.qde_xml with the city filled in, zipped like G.qdpx_bytes."""
    xml = G.qde_xml(docs).replace("Musterstadt", escape(city))
    entries = [("project.qde", xml.encode("utf-8"))]
    entries += [(f"sources/{d['guid']}.txt", str(d["text"]).encode("utf-8")) for d in docs]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=G.ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


# --------------------------------------------------------------------------- activities


def _activities(streams: _Streams, events: int) -> list[dict[str, object]]:
    rng = streams("activities")
    first = dt.date(2026, 3, 5)
    step = max(1, TEST_PHASE_DAYS // max(events, 1))
    rows = []
    for k in range(events):
        date = (first + dt.timedelta(days=k * step)).isoformat()
        (_d, fmt, topic, place, hours, size) = G.EVENTS[k % len(G.EVENTS)]
        counts = rng.multinomial(max(5, int(rng.normal(size, size * 0.2))), np.array(G.EVENT_SHARES[fmt]))
        if date in G.ACT_BLANK_POLITIK:  # the example writer leaves Politik empty on these dates
            counts[0] += counts[1]
            counts[1] = 0
        rows.append({"date": date, "format": fmt, "topic": topic, "place": place, "hours": hours,
                     "counts": [int(c) for c in counts]})
    return rows


# --------------------------------------------------------------------------- study.yaml


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases (each survey spells out its own mapping)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _example_config() -> dict[str, object]:
    return yaml.safe_load((example_study_dir() / "study.yaml").read_text(encoding="utf-8"))


def _study_config(city: str, waves: tuple[str, ...], *, has_texts: bool) -> dict[str, object]:
    example = _example_config()
    participant = next(s for s in example["surveys"] if s["instrument"] == "participant")
    team = next(s for s in example["surveys"] if s["instrument"] == "team")
    surveys = []
    for wave in waves:
        entry = dict(participant, id=f"participants_{wave.lower()}", wave=wave, file=f"data/teilnehmende_{wave}.csv")
        surveys.append(entry)
    surveys.append(dict(team, file="data/team_T1.csv"))
    report = dict(example["report"])
    if not has_texts:
        report.pop("texts", None)
    last = FIRST_FIELDWORK + dt.timedelta(days=182 * (len(waves) - 1) + 17)
    return {
        "study": {
            "id": _slug(city),
            "title": {"de": f"Begleitforschung KoSI-Lab {city}: Evaluation der Testphase (synthetische Daten)",
                      "en": f"Accompanying research for the KoSI-Lab {city}: test-phase evaluation (synthetic data)"},
            "city": city,
            "lab": f"KoSI-Lab {city}",
            "institution": "Synthetische Benchmark-Studie (fiktiv)",
            "authors": ["kosieval benchmarks"],
            "date": last + dt.timedelta(days=30),
            "test_phase": [dt.date(2026, 3, 1), max(dt.date(2026, 9, 30), last)],
            "language": "de",
        },
        "surveys": surveys,
        "interviews": {"file": "data/interviews.qdpx", "format": "refi_qda"},
        "activities": {"file": "data/aktivitaeten.csv", "encoding": "cp1252"},
        "report": report,
        "privacy": example["privacy"],
    }


def _participant_instrument(waves: tuple[str, ...]) -> str:
    text = (instruments_dir() / "participant.yaml").read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^waves: \[.*\]$", f"waves: [{', '.join(waves)}]", text)
    if count != 1:
        raise RuntimeError("participant.yaml: no 'waves: [...]' line to replace")
    return new


# --------------------------------------------------------------------------- entry points


def write_synthetic_study(folder: str | Path, *, city: str = "Großstadt", respondents: int = 2000,
                          waves: tuple[str, ...] | list[str] = ("T0", "T1", "T2"), interviews: int = 40,
                          team: int = 60, events: int = 40, seed: int = 1) -> Path:
    """Write a synthetic study folder and return its path.

    Parameters
    ----------
    folder
        The study folder (created; existing generated files are overwritten).
    city
        City name: in study.yaml (``study.city``, id, title), the interview transcripts and
        their ``city`` variable; it also seeds the random streams.
    respondents
        Participants at the first wave (later waves: about 70 % of the previous wave plus
        10 % of ``respondents`` new).
    waves
        Wave names of the participant survey, at least two (the team survey is at T1).
    interviews
        Coded interviews (the example's 14 transcripts, cycled), coded by two coders.
    team
        Finished team-survey cases (plus two test runs and one unfinished case).
    events
        Events in the activity log.
    seed
        Base seed.
    """
    waves = tuple(waves)
    if len(waves) < 2 or len(set(waves)) != len(waves):
        raise ValueError(f"waves must name at least two distinct waves, got {waves!r}")
    if respondents < 10 or interviews < 1 or team < 5 or events < 1:
        raise ValueError("respondents >= 10, interviews >= 1, team >= 5, events >= 1 required")
    folder = Path(folder)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (folder / "instruments").mkdir(exist_ok=True)
    streams = _Streams(seed, city)
    outputs: dict[Path, bytes] = {}
    for wave, rows in zip(waves, _participant_rows(streams, respondents, waves)):
        outputs[data / f"teilnehmende_{wave}.csv"] = G.limesurvey_csv(rows)
    outputs[data / "team_T1.csv"] = G.sosci_table(G.SOSCI_HEADER, _team_rows(streams, team), G.SOSCI_STRINGS)
    outputs[data / "variables_team_T1.csv"] = G.sosci_variables()
    outputs[data / "values_team_T1.csv"] = G.sosci_values()
    outputs[data / "interviews.qdpx"] = _qdpx(_interview_docs(streams, interviews, city), city)
    outputs[data / "aktivitaeten.csv"] = G.activities_csv(_activities(streams, events))
    outputs[folder / "instruments" / "participant.yaml"] = _participant_instrument(waves).encode("utf-8")
    texts = _example_config().get("report", {}).get("texts")
    has_texts = bool(texts) and (example_study_dir() / str(texts)).is_dir()
    if has_texts:
        target = folder / str(texts)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(example_study_dir() / str(texts), target)
    config = _study_config(city, waves, has_texts=has_texts)
    header = (f"# Synthetische Studie „{city}“ – FIKTIVE DATEN, geschrieben von benchmarks/synthetic_study.py\n"
              f"# (respondents={respondents}, waves={','.join(waves)}, interviews={interviews}, team={team}, "
              f"events={events}, seed={seed}). report/privacy wie in surveys/example/study.yaml.\n\n")
    outputs[folder / "study.yaml"] = (header + yaml.dump(config, Dumper=_PlainDumper, allow_unicode=True,
                                                         sort_keys=False, width=100)).encode("utf-8")
    for path, blob in outputs.items():
        path.write_bytes(blob)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--waves", default="T0,T1,T2", help="comma-separated wave names (default T0,T1,T2)")
    parser.add_argument("--interviews", type=int, default=40)
    parser.add_argument("--team", type=int, default=60)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--city", default="Großstadt")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    waves = tuple(w.strip() for w in args.waves.split(",") if w.strip())
    folder = write_synthetic_study(args.out_dir, city=args.city, respondents=args.respondents, waves=waves,
                                   interviews=args.interviews, team=args.team, events=args.events, seed=args.seed)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        print(f"{path.stat().st_size:>9}  {path.relative_to(folder).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
