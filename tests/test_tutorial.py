"""docs/tutorial.md stays true: its steps run in tmp_path and print the lines it quotes.

The tutorial's ```console blocks hold commands (``$ …``) and their output (``…`` marks lines
left out). The ``walk`` fixture runs the commands in the tutorial's order in a fresh folder
(``~/kosieval`` is this checkout), making the ``study.yaml`` changes where the tutorial shows
them (docs/tutorial/study_changes.yaml, included in the tutorial verbatim). The reports are
built as HTML without the analysis cache (fast, nothing written to the user's cache) and their
output compared after the PDF/HTML words and the times are normalised.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd
import pyreadstat
import pytest
import yaml
from click.testing import CliRunner

import kosieval
from kosieval.cli import cli
from kosieval.io.coding import read_coding

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "docs" / "tutorial.md"
SCRIPT = REPO / "docs" / "tutorial" / "make_exports.py"
HOME = "~/kosieval"
#: Commands of the tutorial the tests do not run, with the reason.
NOT_RUN = {
    ". ~/kosieval/.venv/bin/activate": "the tests use the kosieval they run in",
    "mkdir ~/staedte && cd ~/staedte": "the tests work in tmp_path",
}
#: Options added to `kosieval report` in the tests (see the module docstring).
REPORT_OPTIONS = ["--format", "html", "--no-cache"]
CHAPTERS = ("Das Wichtigste in Kürze", "Methoden", "Beteiligung", "Zusammenarbeit auf Augenhöhe",
            "Veränderungen von T0 zu T1", "Themen der Interviews", "Gemeinsame Darstellung",
            "Transfer in andere Städte", "Instrumente", "Reliabilität der Skalen", "Intercoder-Übereinstimmung",
            "Datenqualität", "Datenherkunft")


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tutorial_make_exports", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE_EXPORTS = _load_script()


@dataclass(frozen=True)
class Step:
    """A ``$ command`` of the tutorial and the output lines it quotes (without ``…`` lines)."""

    command: str
    quoted: tuple[str, ...]


def tutorial_parts(text: str) -> list[Step | str]:
    """The console steps and YAML blocks of the tutorial, in document order."""
    parts: list[Step | str] = []
    for kind, body in re.findall(r"^```(console|yaml)\n(.*?)^```$", text, flags=re.S | re.M):
        if kind == "yaml":
            parts.append(body)
            continue
        command: str | None = None
        lines: list[str] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    parts.append(Step(command, tuple(lines)))
                command, lines = line[2:], []
            elif line.strip() not in ("", "…"):
                lines.append(line.rstrip())
        if command is not None:
            parts.append(Step(command, tuple(lines)))
    return parts


TEXT = TUTORIAL.read_text(encoding="utf-8")
PARTS = tutorial_parts(TEXT)
STEPS = [p for p in PARTS if isinstance(p, Step)]


def _is_report(step: Step) -> bool:
    return step.command.startswith("kosieval report ")


def _args(command: str) -> list[str]:
    return [REPO.as_posix() + word[len(HOME):] if word.startswith(HOME) else word for word in shlex.split(command)]


def _normalised(output: str) -> list[str]:
    """Output lines with HTML words as PDF words and times as ``(… s)``."""
    text = (output.replace(", html, ", ", pdf, ").replace(".html ", ".pdf ")
            .replace("Schreibe HTML / writing HTML", "Setze PDF / typesetting PDF"))
    return [re.sub(r"\(\d+(?:\.\d+)? s\)", "(… s)", line.rstrip()) for line in text.splitlines()]


def run_step(step: Step) -> tuple[int, str]:
    """Run one tutorial command in the current folder: (exit code, everything it printed)."""
    args = _args(step.command)
    if args[0] == "python":
        assert Path(args[1]) == SCRIPT, f"the tutorial runs {args[1]}, not {SCRIPT}"
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = MAKE_EXPORTS.main(args[2:])
        return code, printed.getvalue()
    assert args[0] == "kosieval", step.command
    extra = REPORT_OPTIONS if _is_report(step) else []
    result = CliRunner().invoke(cli, args[1:] + extra)
    return result.exit_code, result.output


def assert_quoted(step: Step, output: str) -> None:
    """Every line the tutorial quotes for ``step`` is a line of ``output`` (normalised)."""
    actual = set(_normalised(output))
    missing = [line for line in _normalised("\n".join(step.quoted)) if line not in actual]
    assert not missing, f"{step.command}: quoted in docs/tutorial.md but not printed:\n" + "\n".join(missing) \
        + "\n--- printed:\n" + output


@dataclass
class Walk:
    """The tutorial's folder after the steps up to (not including) the reports."""

    folder: Path
    results: dict[int, tuple[int, str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    done = Walk(tmp_path_factory.mktemp("staedte"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(done.folder)
        for index, part in enumerate(PARTS):
            if isinstance(part, str):
                if part == MAKE_EXPORTS.CHANGES_FILE.read_text(encoding="utf-8"):
                    MAKE_EXPORTS.apply_study_changes(done.folder / "beispielburg" / "study.yaml")
                continue
            if part.command in NOT_RUN or _is_report(part):
                continue
            done.results[index] = run_step(part)
    return done


def _index(step: Step) -> int:
    return next(k for k, part in enumerate(PARTS) if part is step)


# -- the tutorial text ----------------------------------------------------------------------


def test_tutorial_shows_the_study_changes_verbatim():
    snippet = MAKE_EXPORTS.CHANGES_FILE.read_text(encoding="utf-8")
    assert f"```yaml\n{snippet}```" in TEXT
    assert snippet in [p for p in PARTS if isinstance(p, str)]


def test_every_command_is_run_or_explained():
    commands = [s.command for s in STEPS]
    assert [c for c in commands if c in NOT_RUN] == list(NOT_RUN)
    assert commands[2:] == [
        "kosieval init beispielburg --city Beispielburg",
        "python ~/kosieval/docs/tutorial/make_exports.py beispielburg/data",
        "kosieval validate beispielburg",
        "kosieval codebook draft beispielburg/data/teilnehmende_T0.sav",
        "kosieval validate beispielburg",
        "kosieval report beispielburg",
        "kosieval report ~/kosieval/surveys/example beispielburg --jobs 2 -o vergleich/",
    ]


# -- the steps before the report --------------------------------------------------------------


def test_steps_exit_as_the_tutorial_says(walk):
    codes = [walk.results[_index(s)][0] for s in STEPS if _index(s) in walk.results]
    # init, exports, validate (file names), codebook draft, validate (planted data errors)
    assert codes == [0, 0, 1, 0, 1]


@pytest.mark.parametrize("position", range(2, 7))
def test_quoted_output_is_printed(walk, position):
    step = STEPS[position]
    code, output = walk.results[_index(step)]
    assert step.quoted, f"{step.command}: the tutorial quotes nothing"
    assert_quoted(step, output)


def test_validate_after_the_changes_reports_only_the_planted_data_errors(walk):
    code, output = walk.results[_index(STEPS[6])]
    assert code == 1
    assert "study.yaml –" not in output
    assert "2 Fehler, 14 Hinweise in 2 Dateien / 2 errors, 14 warnings in 2 files" in output
    assert "Spalte/column 'SE03', Zeile/row 1 ('7')" in output
    assert "Spalte/column 'CODE', Zeile/row 96 ('EG10H9')" in output
    assert "n = 116" in output and "n = 95" in output


def test_changes_reach_the_study(walk):
    study = kosieval.load_study(walk.folder / "beispielburg")
    assert {k: len(s.responses) for k, s in study.surveys.items()} == {
        "participants_t0": 116, "participants_t1": 95, "team_t1": 30}
    t0 = study.surveys["participants_t0"].responses
    assert t0["actor_group"].isin([1, 2, 3, 4, 5]).all()
    assert t0["se3"].isna().sum() == 2    # the planted 7 and one -9 "keine Angabe"
    assert study.interviews is not None and study.interviews.format == "qualcoder"
    dimensions = {d.id: d.codes for d in study.config.report.dimensions}
    assert dimensions["ressourcen"] == ("Zeit", "Geld", "Personal")


# -- the exports -------------------------------------------------------------------------------


def test_exports_are_the_same_bytes_every_run(walk, tmp_path):
    MAKE_EXPORTS.write_exports(tmp_path)
    data = walk.folder / "beispielburg" / "data"
    for name in ("teilnehmende_T0.sav", "teilnehmende_T1.sav", "team_T1.csv", "interviews.qda/data.qda",
                 "aktivitaeten.csv"):
        assert (tmp_path / name).read_bytes() == (data / name).read_bytes(), name


def test_spss_files_have_spss_names_labels_and_user_missing(walk):
    data = walk.folder / "beispielburg" / "data"
    t0, meta = pyreadstat.read_sav(str(data / "teilnehmende_T0.sav"), user_missing=True)
    assert list(t0.columns) == ["CODE", *MAKE_EXPORTS.SPSS_NAMES]
    assert meta.column_names_to_labels["SE01"] == ("Auch wenn etwas schiefläuft, traue ich mir zu, einen Ausweg "
                                                   "zu finden.")
    assert meta.variable_value_labels["SE01"] == {1.0: "trifft gar nicht zu", 2.0: "trifft wenig zu",
                                                  3.0: "trifft eher zu", 4.0: "trifft genau zu", -9.0: "keine Angabe"}
    assert meta.variable_value_labels["VI01"] == {0.0: "überhaupt kein Vertrauen", 10.0: "volles Vertrauen",
                                                  -9.0: "keine Angabe"}
    assert meta.missing_ranges["SE01"] == [{"lo": -9.0, "hi": -9.0}]
    assert meta.variable_measure["SE01"] == "ordinal" and meta.variable_measure["AKTEUR"] == "nominal"
    assert (t0["SE03"] == 7).sum() == 1 and t0["CODE"].is_unique
    assert (t0["SE01"] == -9).sum() == 4
    t1, _ = pyreadstat.read_sav(str(data / "teilnehmende_T1.sav"), user_missing=True)
    assert len(t1) == 96 and t1["CODE"].duplicated().sum() == 1
    assert t1["CODE"].iloc[-1] == "EG10H9" and (t1["CODE"] == "EG10H9").sum() == 2
    assert t1.isin([7]).loc[:, "SE01":"SE06"].sum().sum() == 0


def test_qualcoder_project_holds_the_synthetic_interviews(walk, tmp_path):
    synthetic = MAKE_EXPORTS.load_synthetic_generator().write_synthetic_study(tmp_path / "s", **MAKE_EXPORTS.SYNTHETIC)
    source, _ = read_coding(synthetic / "data" / "interviews.qdpx")
    project, log = read_coding(walk.folder / "beispielburg" / "data" / "interviews.qda")
    assert log == []

    def tree(corpus):
        codes = corpus.codes  # QualCoder categories have no colour
        return sorted(zip(codes["path"], codes["codable"], codes["color"].where(codes["codable"], "")))

    assert tree(project) == tree(source) and len(tree(project)) == 15
    assert list(project.documents["name"]) == list(source.documents["name"])
    assert list(project.documents["text"]) == list(source.documents["text"])
    assert list(project.documents["actor_group"]) == list(source.documents["actor_group"])
    assert project.documents["consent_quote"].value_counts().to_dict() == {"true": 10, "false": 2}

    def segments(corpus):
        names = dict(zip(corpus.codes["id"], corpus.codes["path"]))
        docs = dict(zip(corpus.documents["id"], corpus.documents["name"]))
        coders = dict(zip(corpus.coders["id"], corpus.coders["name"]))
        frame = pd.DataFrame({"document": corpus.segments["document"].map(docs),
                              "code": corpus.segments["code"].map(names),
                              "coder": corpus.segments["coder"].map(coders),
                              "start": corpus.segments["start"], "end": corpus.segments["end"]})
        return sorted(frame.itertuples(index=False, name=None))

    assert len(project.segments) == 244
    assert segments(project) == segments(source)


def test_merge_config_merges_entries_by_id():
    config = {"study": {"id": "x", "city": "X"}, "surveys": [{"id": "a", "file": "a.csv", "format": None},
                                                              {"id": "b", "file": "b.csv"}], "strict": False}
    changes = {"surveys": [{"id": "b", "format": "spss", "mapping": {"V1": "q1"}}, {"id": "c", "file": "c.sav"}],
               "strict": True}
    merged = MAKE_EXPORTS.merge_config(config, changes)
    assert merged == {"study": {"id": "x", "city": "X"},
                      "surveys": [{"id": "a", "file": "a.csv", "format": None},
                                  {"id": "b", "file": "b.csv", "format": "spss", "mapping": {"V1": "q1"}},
                                  {"id": "c", "file": "c.sav"}],
                      "strict": True}
    assert config["surveys"][1] == {"id": "b", "file": "b.csv"}


def test_apply_changes_command_line(walk, tmp_path):
    target = tmp_path / "study.yaml"
    target.write_bytes((walk.folder / "beispielburg" / "study.yaml").read_bytes())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert MAKE_EXPORTS.main(["--apply-changes", str(target)]) == 0
    assert "changed as in study_changes.yaml" in printed.getvalue()
    config = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert config["interviews"] == {"file": "data/interviews.qda", "format": "qualcoder"}
    with pytest.raises(SystemExit) as raised, contextlib.redirect_stderr(io.StringIO()):
        MAKE_EXPORTS.main([])
    assert raised.value.code == 2


# -- the reports -----------------------------------------------------------------------------


def _page_text(path: Path) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    return re.sub(r"\s+", " ", text.replace("\u2060", ""))


@pytest.mark.slow
def test_report_has_every_chapter_and_the_figures_the_tutorial_quotes(walk, monkeypatch):
    monkeypatch.chdir(walk.folder)
    step = STEPS[7]
    code, output = run_step(step)
    assert code == 0, output
    assert_quoted(step, output)
    assert (walk.folder / "beispielburg-bericht-de.manifest.json").is_file()
    text = _page_text(walk.folder / "beispielburg-bericht-de.html")
    headings = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", h))).strip()
                for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", (walk.folder / "beispielburg-bericht-de.html")
                                    .read_text(encoding="utf-8"), flags=re.S)]
    for chapter in CHAPTERS:
        assert any(h.endswith(chapter) for h in headings), (chapter, headings)
    for figure in ("T0: 116, T1: 95", "81 Personen nahmen an beiden Wellen teil",
                   "20 Veranstaltungen mit 567 Teilnahmen", "liegt um 1,53 Punkte höher als Verwaltung", "g = 1,68",
                   "p (Holm-korrigiert) = ,534", "d_z = 0,11",
                   "Veränderung T0 → T1 (d_z) 95 %-KI [−0,01; 0,44], n = 80 Paare",
                   "12 Interviews mit 11 Codes", "200 von 244 Segmenten", "κ = 0,86"):
        assert figure in text, figure
    assert "0,22 Gemeinschaftsgefühl am Wohnort: Veränderung T0 → T1 (d_z)" in text
    assert "Datenfehler" in text and "data/teilnehmende_T0.sav 1 SE03 7" in text


@pytest.mark.slow
def test_city_comparison_of_the_example_and_beispielburg(walk, monkeypatch):
    monkeypatch.chdir(walk.folder)
    step = STEPS[8]
    code, output = run_step(step)
    assert code == 0, output
    assert_quoted(step, output)
    built = sorted(p.name for p in (walk.folder / "vergleich").glob("*.html"))
    assert built == ["beispielburg-bericht-de.html", "musterstadt-bericht-de.html", "staedtevergleich-de.html"]
    text = _page_text(walk.folder / "vergleich" / "staedtevergleich-de.html")
    assert "Verglichen werden 2 Städte: Musterstadt, Beispielburg." in text
    assert "Allgemeine Selbstwirksamkeit Beispielburg 81 0,06" in text
    assert "Gemeinschaftsgefühl am Wohnort Alle Städte (gepoolt) 180 0,22" in text


# -- known problems (remove the mark with the fix) --------------------------------------------


def test_report_with_the_analysis_cache(walk, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["report", str(walk.folder / "beispielburg"), "--format", "html"])
    assert result.exit_code == 0, result.output


def test_quotes_come_from_the_interviews_with_consent(walk):
    corpus = kosieval.load_study(walk.folder / "beispielburg").interviews
    code = corpus.codes.loc[corpus.codes["name"] == "Augenhöhe", "id"].iloc[0]
    assert len(corpus.quotes(code)) > 0
