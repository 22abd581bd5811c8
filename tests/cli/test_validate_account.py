"""`kosieval validate` gives the complete account: every config problem with key and line, every data problem.

Broken study folders are copies of the example study (surveys/example) with several
problems planted at once; the raw files of the example are never touched.
"""

from __future__ import annotations

import itertools
import json
import shutil

import pytest
from click.testing import CliRunner

from kosieval._resources import example_study_dir
from kosieval.cli.validate import validate
from kosieval.errors import ConfigError
from kosieval.io.study import FILE_NOT_READ, check_study, read_study, yaml_line
from tests.example_copies import edit_config

# A fourth survey source: wave T2 is not a wave of the participant instrument, and its file is missing.
EXTRA_SOURCE = """  - id: participants_t2
    instrument: participant
    wave: T2
    file: data/teilnehmende_T2.csv
    format: limesurvey_csv
    respondent_id: CODE

"""


@pytest.fixture()
def study(tmp_path):
    target = tmp_path / "musterstadt"
    shutil.copytree(example_study_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _line_of(study, needle, occurrence=1):
    """1-based line of the ``occurrence``-th line of study.yaml that starts (after indentation) with ``needle``."""
    lines = [i for i, line in enumerate((study / "study.yaml").read_text(encoding="utf-8").splitlines(), 1)
             if line.strip().startswith(needle)]
    return lines[occurrence - 1]


def _break_config(study):
    """Two unknown mapping targets in two surveys, and a fourth source with a wrong wave and a missing file."""
    edit_config(study, '"SE[SQ001]": se1', '"SE[SQ001]": se99')            # surveys.0 (participants T0)
    edit_config(study, "PS01_01: syn1", "PS01_01: synergy1")                 # surveys.2 (team T1)
    edit_config(study, "\n# Leitfadeninterviews", "\n" + EXTRA_SOURCE + "# Leitfadeninterviews")  # surveys.3


def run(*args):
    return CliRunner().invoke(validate, [str(a) for a in args])


def test_check_study_collects_every_config_problem_with_key_and_line(study):
    _break_config(study)
    check = check_study(study)
    found = {p.key: p for p in check.problems}
    assert list(found) == ["surveys.0.mapping", "surveys.2.mapping", "surveys.3.wave", "surveys.3.file"]
    assert found["surveys.0.mapping"].line == _line_of(study, "mapping:", 1)
    assert found["surveys.2.mapping"].line == _line_of(study, "mapping:", 3)
    assert found["surveys.3.wave"].line == _line_of(study, "wave: T2")
    assert found["surveys.3.file"].line == _line_of(study, "file: data/teilnehmende_T2.csv")
    assert {p.file for p in check.problems} == {"study.yaml"}
    assert "se99" in found["surveys.0.mapping"].message and "synergy1" in found["surveys.2.mapping"].message
    assert "T0, T1" in found["surveys.3.wave"].hint
    assert "teilnehmende_T1.csv" in found["surveys.3.file"].hint  # the files that are there
    # the one intact survey was read and its data checked; the broken ones were not
    assert list(check.surveys) == ["participants_t1"]
    errors = [e for e in check.log if e.severity == "error"]
    assert [(e.file, e.row, e.column, e.value) for e in errors] == [("data/teilnehmende_T1.csv", 6, "VE02", "500")]
    assert check.study is None and check.has_errors
    assert check.activities is not None and check.interviews is not None


def test_read_study_still_stops_at_the_first_problem(study):
    _break_config(study)
    with pytest.raises(ConfigError) as caught:
        read_study(study)
    assert caught.value.key == "surveys.0.mapping" and "se99" in caught.value.message


def test_validate_prints_all_problems_grouped_with_summary(study):
    _break_config(study)
    result = run(study)
    assert result.exit_code == 1, result.output
    out = result.output
    for key, line in (("surveys.0.mapping", _line_of(study, "mapping:", 1)),
                      ("surveys.2.mapping", _line_of(study, "mapping:", 3)),
                      ("surveys.3.wave", _line_of(study, "wave: T2")),
                      ("surveys.3.file", _line_of(study, "file: data/teilnehmende_T2.csv"))):
        assert f"(Zeile/line {line}, Schlüssel/key {key})" in out, (key, out)
    assert "study.yaml – 4 Fehler / 4 errors" in out
    assert "data/teilnehmende_T1.csv – 1 Fehler / 1 error" in out
    assert "Spalte/column 'VE02', Zeile/row 6 ('500')" in out
    assert "participants_t0  data/teilnehmende_T0.csv  nicht gelesen" in out
    assert "n = 115" in out  # participants_t1 was read
    assert "5 Fehler, 0 Hinweise in 2 Dateien / 5 errors, 0 warnings in 2 files" in out
    # study.yaml comes first, then the data files in the order study.yaml names them
    assert out.index("study.yaml – ") < out.index("data/teilnehmende_T1.csv – ")


def test_example_data_problems_grouped_by_file_and_kind(study):
    result = run(study)
    assert result.exit_code == 1
    out = result.output
    assert "data/teilnehmende_T0.csv – 2 Fehler / 2 errors" in out
    assert "Spalte/column 'CODE', Zeile/row 61 ('KI29E5')" in out and "duplicate respondent id" in out
    assert "Spalte/column 'SE[SQ003]', Zeile/row 112 ('7')" in out
    assert "data/team_T1.csv – 1 Fehler / 1 error" in out and "Spalte/column 'PS01_04', Zeile/row 30 ('6')" in out
    # 15 T1 respondents without T0: one group, ten rows listed, the rest counted
    assert "Hinweis/warning (15×): respondent of T1 has no T0 response" in out
    assert "Zeilen/rows 5 ('EG26I0'), 17 ('WE08P3')" in out and "(+5 weitere / more)" in out
    assert out.count("respondent of T1 has no T0 response") == 1
    assert "4 Fehler, 15 Hinweise in 3 Dateien / 4 errors, 15 warnings in 3 files" in out
    assert "48 Protokolleinträge" in out and "--all" in out
    assert "personal data" not in out  # routine notes only with --all


def test_all_shows_routine_notes_grouped_across_columns(study):
    result = run(study, "--all")
    assert result.exit_code == 1
    out = result.output
    assert "data/teilnehmende_T0.csv – 2 Fehler, 17 Protokolleinträge / 2 errors, 17 notes" in out
    assert "Protokoll/note (3×): personal data" in out and "Spalten/columns 'token', 'ipaddr', 'refurl'" in out
    assert "Protokoll/note (14×): missing codes in … cells" in out
    assert "Spalte/column 'SD01_01': -9 ×2, -1 ×3" in out
    assert "mit --all zeigen" not in out


def test_three_hundred_style_problems_stay_readable(study):
    # 25 out-of-range values in one column: one group of a few lines, not 25 lines
    path = study / "data" / "teilnehmende_T1.csv"
    lines = path.read_bytes().split(b"\n")
    header = lines[0].decode("utf-8-sig").split('","')
    column = header.index("VE02")
    for i in range(1, 26):
        cells = lines[i].decode("utf-8").split('","')
        cells[column] = "999"
        lines[i] = '","'.join(cells).encode("utf-8")
    path.write_bytes(b"\n".join(lines))
    wrong = [e for e in check_study(study).log if e.column == "VE02" and e.severity == "error"]
    assert len(wrong) >= 20  # the incomplete responses among the 25 are left out before checking
    out = run(study).output
    head = f"Fehler/error ({len(wrong)}×): value outside the allowed range 0–200 → recoded to missing"
    assert head in out
    lines = out[out.index(head):].splitlines()
    block = [lines[0], *itertools.takewhile(lambda s: s.startswith("      "), lines[1:])]
    assert len(block) <= 4, block
    assert f"(+{len(wrong) - 10} weitere / more)" in block[-1]
    assert f"{wrong[0].row} ('999')" in block[1]


def test_unreadable_file_is_reported_under_that_file_and_the_others_are_still_checked(study):
    edit_config(study, "respondent_id: CASE", "respondent_id: CASEX")
    result = run(study)
    assert result.exit_code == 1
    out = result.output
    section = " ".join(out[out.index("data/team_T1.csv – "):].split())  # undo the wrapping at 100 characters
    assert section.startswith("data/team_T1.csv – 1 Fehler / 1 error")
    assert "'CASEX' is not in the file" in section and FILE_NOT_READ in section and "CASE, SERIAL" in section
    assert "Spalte/column 'SE[SQ003]', Zeile/row 112 ('7')" in out  # T0 still checked


def test_warnings_only_exit_0(study):
    # a study of one survey whose data fit the codebook: T1 with the planted 500 replaced; no T0, so no links
    t1 = study / "data" / "teilnehmende_T1.csv"
    t1.write_bytes(t1.read_bytes().replace(b'"500"', b'"5"'))
    text = (study / "study.yaml").read_text(encoding="utf-8")
    surveys_start = text.index("surveys:\n") + len("surveys:\n")
    t1_start = text.index("  # Teilnehmendenbefragung T1")
    team_start = text.index("  # Befragung des Lab-Teams")
    text = text[:surveys_start] + text[t1_start:team_start] + text[text.index("\n# Leitfadeninterviews"):]
    text = text.replace("reflections: [participation, collaboration, change, themes, synthesis, transfer,\n"
                        "                reliability, agreement, data_quality]", "reflections: [themes]")
    (study / "study.yaml").write_text(text, encoding="utf-8")
    # one warning: an empty respondent id
    t1.write_bytes(t1.read_bytes().replace(b'"EG26I0"', b'""', 1))
    result = run(study)
    assert result.exit_code == 0, result.output
    assert "Hinweis/warning: the respondent id is empty" in result.output
    assert "0 Fehler, 1 Hinweis in 1 Datei / 0 errors, 1 warning in 1 file" in result.output
    assert result.output.rstrip().endswith("Keine Fehler / no errors.")


def test_json_records_for_ci(study):
    _break_config(study)
    result = run(study, "--format", "json")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["study"] == {"id": "musterstadt", "city": "Musterstadt"}
    assert record["summary"] == {"errors": 5, "warnings": 0, "accepted": 0, "notes": record["summary"]["notes"],
                                 "files": 2}
    assert record["summary"]["notes"] > 0
    config = [p for p in record["problems"] if p["file"] == "study.yaml"]
    assert [(p["key"], p["line"]) for p in config] == [
        ("surveys.0.mapping", _line_of(study, "mapping:", 1)),
        ("surveys.2.mapping", _line_of(study, "mapping:", 3)),
        ("surveys.3.wave", _line_of(study, "wave: T2")),
        ("surveys.3.file", _line_of(study, "file: data/teilnehmende_T2.csv"))]
    data = [p for p in record["problems"] if p["file"] != "study.yaml"]
    assert data == [{"file": "data/teilnehmende_T1.csv", "line": 6, "column": "VE02", "key": None, "severity": "error",
                     "action": "recoded to missing", "value": "500",
                     "message": "value outside the allowed range 0–200", "hint": None}]
    sources = {s["source"]: s["detected"] for s in record["sources"]}
    assert sources["participants_t1"].endswith("n = 115") and sources["participants_t0"].startswith("nicht gelesen")


def test_report_modules_that_cannot_run_are_config_problems(study):
    edit_config(study, "reflections: [participation,", "reflections: [wellbeing, participation,")
    edit_config(study, "    - self_efficacy\n", "    - self_efficacy\n    - happiness\n")
    edit_config(study, "  p_adjust: holm\n", "  p_adjust: holm\n  modules:\n    change: {colour: red}\n")
    result = run(study, "--format", "json")
    assert result.exit_code == 1
    config = [p for p in json.loads(result.stdout)["problems"] if p["file"] == "study.yaml"]
    reflections_line = _line_of(study, "reflections:")
    assert [(p["key"], p["line"]) for p in config] == [
        ("report.reflections", reflections_line),
        ("report.modules.change.colour", _line_of(study, "change: {colour: red}")),
        ("report.reflections", reflections_line)]
    assert "'wellbeing'" in config[0]["message"] and "participation" in config[0]["hint"]
    assert "'colour'" in config[1]["message"] and "outcomes" in config[1]["hint"]
    assert "'change'" in config[2]["message"] and "'happiness'" in config[2]["message"]


def test_broken_yaml_and_schema_errors(study):
    (study / "study.yaml").write_text("study:\n  id: [unclosed\n", encoding="utf-8")
    check = check_study(study)
    assert len(check.problems) == 1 and check.problems[0].line == 3 and check.config is None
    assert "Zeile/line 3" in run(study).output
    shutil.copy(example_study_dir() / "study.yaml", study / "study.yaml")
    edit_config(study, "format: limesurvey_csv", "format: excel")
    edit_config(study, "  city: Musterstadt", "  town: Musterstadt")
    check = check_study(study)
    assert len(check.problems) == 1  # one problem listing every schema error
    problem = check.problems[0]
    assert problem.key == "study.city" and problem.line == _line_of(study, "study:")  # missing: its parent
    assert "study.town" in problem.message and "surveys.0.format" in problem.message
    result = run(study)
    assert result.exit_code == 1
    assert "    study.town: ist kein erlaubter Schlüssel" in result.output  # the list keeps its own lines


def test_missing_study_yaml(tmp_path):
    result = run(tmp_path)
    assert result.exit_code == 1
    assert "kosieval init" in result.output
    assert "1 Fehler, 0 Hinweise in 1 Datei / 1 error, 0 warnings in 1 file" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run(tmp_path / "nowhere").exit_code == 2
    assert run(tmp_path, "--format", "xml").exit_code == 2


@pytest.mark.parametrize(
    ("key", "line"),
    [("study", 1), ("study.city", 3), ("surveys.1.file", 7), ("surveys.1.mapping.Q1", 9), ("surveys.0", 5),
     ("surveys.1.respondent_id", 6), ("surveys.7", 4), ("report", None), (None, None)],
)
def test_yaml_line(key, line):
    text = ("study:\n  id: x\n  city: Y\nsurveys:\n  - id: a\n  - id: b\n    file: f.csv\n    mapping:\n"
            "      Q1: q1\n")
    assert yaml_line(text, key) == line


def test_yaml_line_of_a_syntax_error():
    assert yaml_line("a: 1\nb: [2\n", "a") == 3
