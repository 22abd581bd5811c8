"""The command line: exit codes and messages on good and bad input (click's CliRunner)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kosieval.cli import cli
from tests.example_copies import edit_config


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_validate_example_lists_planted_errors_and_exits_1(study_copy):
    result = run("validate", str(study_copy))
    assert result.exit_code == 1
    out = result.output
    assert "4 Fehler, 15 Hinweise in 3 Dateien / 4 errors, 15 warnings in 3 files" in out
    assert "data/teilnehmende_T0.csv" in out and "SE[SQ003]" in out and "duplicate respondent id" in out
    assert "data/team_T1.csv" in out and "PS01_04" in out
    assert "Hinweis/warning (15×)" in out  # T1 respondents without T0


def test_validate_clean_study_exits_0(tmp_path, study_copy):
    # remove the planted errors from copies of the raw files; the originals stay untouched
    t0 = study_copy / "data" / "teilnehmende_T0.csv"
    lines = t0.read_bytes().split(b"\n")
    header = lines[0].decode("utf-8-sig").split('","')
    se3 = header.index("SE[SQ003]")
    code = header.index("CODE")
    fixed, seen = [lines[0]], set()
    for raw in lines[1:]:
        if not raw:
            fixed.append(raw)
            continue
        cells = raw.decode("utf-8").split('","')
        if cells[se3] == "7":
            cells[se3] = "3"
        if cells[code] in seen:
            continue
        seen.add(cells[code])
        fixed.append('","'.join(cells).encode("utf-8"))
    t0.write_bytes(b"\n".join(fixed))
    t1 = study_copy / "data" / "teilnehmende_T1.csv"
    t1.write_bytes(t1.read_bytes().replace(b'"500"', b'"5"'))
    team = study_copy / "data" / "team_T1.csv"
    text = team.read_bytes().decode("utf-16")
    rows = text.split("\r\n")
    column = rows[0].split("\t").index('"PS01_04"')
    for i, row in enumerate(rows[1:], 1):
        cells = row.split("\t")
        if len(cells) > column and cells[column] == "6":
            cells[column] = "4"
            rows[i] = "\t".join(cells)
    team.write_bytes("\r\n".join(rows).encode("utf-16"))
    result = run("validate", str(study_copy))
    assert result.exit_code == 0, result.output
    assert "Keine Fehler / no errors." in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("format: limesurvey_csv", "format: excel", ["surveys.0.format", "'excel'", "limesurvey_csv", "sosci_csv"]),
        ("  city: Musterstadt", "  city: Musterstadt\n  town: Musterstadt", ["study.town", "allowed keys", "city"]),
        ("file: data/teilnehmende_T0.csv", "file: data/fehlt.csv",
         ["surveys.0.file", "fehlt.csv", "teilnehmende_T0.csv"]),
        ("file: data/teilnehmende_T0.csv", "file: ../../etc/passwd", ["surveys.0.file", "leaves the study folder"]),
        ("instrument: participant", "instrument: teilnehmer",
         ["surveys.0.instrument", "teilnehmer", "participant, team"]),
        ("    wave: T0", "    wave: T9", ["surveys.0.wave", "T9", "T0, T1"]),
        ('"SE[SQ001]": se1', '"SE[SQ001]": se99', ["surveys.0.mapping", "se99"]),
        ("reflections:", "reflections: [reliability, wellbeing]\n  unused_reflections:", ["report.unused_reflections"]),
    ],
)
def test_study_yaml_mistakes_name_file_key_and_what_is_allowed(study_copy, old, new, expected):
    edit_config(study_copy, old, new)
    result = run("validate", str(study_copy))
    assert result.exit_code == 1, result.output
    assert "study.yaml" in result.output
    for piece in expected:
        assert piece in result.output, (piece, result.output)


def test_unknown_reflection_module_is_named(study_copy, tmp_path):
    text = (study_copy / "study.yaml").read_text(encoding="utf-8")
    start = text.index("reflections:")
    end = text.index("\n", text.index("]", start)) if "[" in text[start:start + 40] else None
    assert end is not None, "example study.yaml lists reflections inline"
    (study_copy / "study.yaml").write_text(
        text[:start] + "reflections: [reliability, wellbeing]" + text[end:], encoding="utf-8")
    result = run("report", str(study_copy), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1
    assert "wellbeing" in result.output and "reliability, change" in result.output


def test_broken_yaml_names_line(study_copy):
    (study_copy / "study.yaml").write_text("study:\n  id: [unclosed\n", encoding="utf-8")
    result = run("validate", str(study_copy))
    assert result.exit_code == 1
    assert "study.yaml" in result.output and "Zeile/line" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("report").exit_code == 2
    assert run("report", str(tmp_path / "nowhere")).exit_code == 2
    assert run("report", str(tmp_path), "--lang", "fr").exit_code == 2


def test_folder_without_study_yaml_exits_1(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1 and "kosieval init" in result.output


@pytest.mark.slow
def test_report_and_example_commands_write_pdf_and_manifest(study_copy, tmp_path):
    result = run("report", str(study_copy), "-o", str(tmp_path / "bericht.pdf"), "--lang", "de")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bericht.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "bericht.manifest.json").is_file()
    html = run("example", "-o", str(tmp_path / "example.html"), "--format", "html", "--lang", "en")
    assert html.exit_code == 0, html.output
    page = (tmp_path / "example.html").read_text(encoding="utf-8")
    assert "<html lang=\"en\"" in page
    assert '<link rel="stylesheet" href="example.css">' in page and (tmp_path / "example.css").is_file()


def test_raw_files_are_not_modified(study_copy, tmp_path):
    before = {p: p.read_bytes() for p in (study_copy / "data").iterdir()}
    run("validate", str(study_copy))
    run("report", str(study_copy), "-o", str(tmp_path / "x.html"), "--format", "html")
    assert {p: p.read_bytes() for p in (study_copy / "data").iterdir()} == before
