"""Reading and validating a large LimeSurvey export, next to plain ``pandas.read_csv`` (issue: survey imports).

The file: 100,000 responses x 200 five-point items (plus LimeSurvey's metadata columns),
written as LimeSurvey writes it (UTF-8 with BOM, comma, every field quoted), with a few
planted problems (out-of-range codes, a missing code, incomplete responses, a duplicate
id) so that validation has work to do. It is generated (seeded) into a temporary folder.

Contenders, each in a fresh Python process so that peak memory (ru_maxrss of the child) is
its own:

- ``pandas.read_csv`` with default options (the aim: kosieval within 2x of it);
- ``pandas.read_csv(dtype=str)`` (what a careful reader keeping raw text would start from);
- ``kosieval.io.read_survey`` with the codebook and mapping: decoding, dialect detection,
  incomplete responses left out, every value checked, missing codes recorded, ImportLog.

Usage::

    python benchmarks/survey_import.py [--rows 100000] [--items 200] [--runs 3]
        [--json benchmarks/results/survey_import.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CONTENDERS = {
    "pandas.read_csv": "import pandas as pd; frame = pd.read_csv(PATH); n = len(frame)",
    "pandas.read_csv(dtype=str)": "import pandas as pd; frame = pd.read_csv(PATH, dtype=str); n = len(frame)",
    "kosieval read_survey": (
        "from kosieval.io.survey import read_survey; from kosieval.model.codebook import Codebook; "
        "import json; spec = json.loads(open(SPEC).read()); "
        "survey, log = read_survey(PATH, codebook=Codebook.model_validate(spec['codebook']), "
        "respondent_id='id', mapping=spec['mapping'], format='limesurvey_csv'); n = survey.n; "
        "print('LOG', len(log), sum(e.severity == 'error' for e in log), file=sys.stderr)"
    ),
}


def write_export(folder: Path, *, rows: int, items: int, seed: int = 20261126) -> tuple[Path, Path]:
    """Write the LimeSurvey export and its codebook/mapping (JSON); return both paths."""
    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 6, size=(rows, items))
    answers[rng.random(size=answers.shape) < 0.02] = -9  # missing code
    columns = [f"G{j // 10:02d}Q{j // 10:02d}[SQ{j % 10 + 1:03d}]" for j in range(items)]
    text = answers.astype(str)
    bad_rows = rng.choice(rows, size=50, replace=False)
    text[bad_rows, 3] = "7"  # out of range
    ids = np.char.add("P", np.arange(rows).astype(str))
    ids[-1] = ids[10]  # one duplicate id
    submit = np.where(rng.random(rows) < 0.05, "", "2026-03-05 10:00:00")
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", *columns]
    path = folder / "results-survey-big.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(",".join(f'"{h}"' for h in header) + "\n")
        meta = np.stack([ids, submit, np.full(rows, "3"), np.full(rows, "de"), np.full(rows, "1"),
                         np.full(rows, "")], axis=1)
        block = np.concatenate([meta, text], axis=1)
        for start in range(0, rows, 10_000):
            chunk = block[start : start + 10_000]
            handle.write("\n".join('"' + '","'.join(row) + '"' for row in chunk) + "\n")
    options = [{"code": c, "label": {"de": str(c), "en": str(c)}} for c in range(1, 6)]
    codebook = {
        "id": "big", "title": {"de": "Groß", "en": "Big"}, "respondent_group": "p", "waves": ["T0"],
        "missing_codes": [{"code": -9, "label": {"de": "keine Angabe", "en": "no answer"}}],
        "items": [{"id": f"i{j}", "type": "likert", "options": options, "text": {"de": f"I{j}", "en": f"I{j}"}}
                  for j in range(items)],
    }
    spec = folder / "spec.json"
    spec.write_text(json.dumps({"codebook": codebook, "mapping": {c: f"i{j}" for j, c in enumerate(columns)}}))
    return path, spec


def one_run(name: str, path: Path, spec: Path) -> dict[str, object]:
    """Run one contender in a fresh process; return wall seconds (import excluded) and peak MiB."""
    code = (
        "import resource, sys, time; PATH = sys.argv[1]; SPEC = sys.argv[2]; started = time.perf_counter(); "
        + CONTENDERS[name]
        + "; print('TIME', time.perf_counter() - started, 'ROWS', n, 'MAXRSS', "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path), str(spec)], check=True, capture_output=True,
                          text=True)
    fields = done.stderr.rsplit("TIME", 1)[1].split()
    result: dict[str, object] = {"contender": name, "seconds": round(float(fields[0]), 3), "rows": int(fields[2]),
                                 "peak_rss_mib": round(int(fields[4]) / 1024, 1)}
    if "LOG" in done.stderr:
        log = done.stderr.split("LOG", 1)[1].split()
        result["log_entries"], result["errors"] = int(log[0]), int(log[1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "survey_import.json")
    parser.add_argument("--write-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_to:
        write_export(args.write_to, rows=args.rows, items=args.items)
        return
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        # Written by a child process: Linux carries ru_maxrss across exec, so a parent that had
        # built the data in memory would pass its peak on to every contender.
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--items", str(args.items),
                        "--write-to", tmp], check=True)
        path, spec = Path(tmp) / "results-survey-big.csv", Path(tmp) / "spec.json"
        size = path.stat().st_size
        print(f"wrote {size / 2**20:.1f} MiB ({args.rows} rows x {args.items} items) in "
              f"{time.perf_counter() - started:.1f} s")
        for run in range(args.runs):
            for name in CONTENDERS:
                rows.append({"run": run + 1, **one_run(name, path, spec)})
    print(f"{'contender':28}  {'median s':>9}  {'min s':>7}  {'peak RSS (MiB)':>15}  {'rows':>7}")
    summary = {}
    for name in CONTENDERS:
        mine = [r for r in rows if r["contender"] == name]
        seconds = sorted(float(r["seconds"]) for r in mine)  # type: ignore[arg-type]
        peak = max(float(r["peak_rss_mib"]) for r in mine)  # type: ignore[arg-type]
        summary[name] = {"median_s": seconds[len(seconds) // 2], "min_s": seconds[0], "peak_rss_mib": peak,
                         "rows": mine[0]["rows"]}
        print(f"{name:28}  {seconds[len(seconds) // 2]:>9.2f}  {seconds[0]:>7.2f}  {peak:>15.1f}  "
              f"{mine[0]['rows']:>7}")
    ratio = summary["kosieval read_survey"]["median_s"] / summary["pandas.read_csv"]["median_s"]
    print(f"kosieval / pandas.read_csv (median): {ratio:.2f}x")
    result = {
        "benchmark": "read and validate a LimeSurvey export vs pandas.read_csv",
        "file": {"rows": args.rows, "items": args.items, "bytes": size},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "versions": _versions(),
        "runs": rows,
        "summary": summary,
        "ratio_kosieval_to_pandas": round(ratio, 2),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("pandas", "numpy", "kosieval")}


if __name__ == "__main__":
    main()
