"""``accepted:`` in study.yaml: checked data errors are listed as accepted, and validate passes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kosieval.cli import cli
from kosieval.errors import ConfigError
from kosieval.io.study import read_study
from tests.example_copies import edit_config

#: The four errors planted in the example study (surveys/example/README.md).
PLANTED = [("data/teilnehmende_T0.csv", 61, "CODE"), ("data/teilnehmende_T0.csv", 112, "SE[SQ003]"),
           ("data/teilnehmende_T1.csv", 6, "VE02"), ("data/team_T1.csv", 30, "PS01_04")]


def _accept(study, entries):
    lines = ["accepted:"]
    for file, row, column, reason in entries:
        lines += [f"  - file: {file}"] + ([f"    row: {row}"] if row else []) + \
                 ([f'    column: "{column}"'] if column else []) + [f'    reason: "{reason}"']
    edit_config(study, "\nprivacy:", "\n" + "\n".join(lines) + "\nprivacy:")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_all_planted_errors_accepted_pass(study_copy):
    _accept(study_copy, [(f, r, c, "Papierbogen geprüft") for f, r, c in PLANTED])
    result = run("validate", study_copy)
    assert result.exit_code == 0, result.output
    assert "0 Fehler, 15 Hinweise, 4 akzeptiert in 3 Dateien" in result.output
    assert "Akzeptiert/accepted: code outside the codebook's response options" in result.output
    assert "(akzeptiert / accepted: Papierbogen geprüft)" in result.output
    summary = json.loads(run("validate", study_copy, "--format", "json").output)["summary"]
    assert (summary["errors"], summary["accepted"]) == (0, 4)


def test_only_the_matching_error_is_accepted(study_copy):
    # a whole file's errors (no row, no column) for T1; one cell for T0; the rest stay errors
    _accept(study_copy, [("data/teilnehmende_T1.csv", None, None, "Stunden-Angabe geprüft"),
                         ("data/teilnehmende_T0.csv", 61, "CODE", "doppelte Antwort geklärt")])
    result = run("validate", study_copy)
    assert result.exit_code == 1
    assert "2 Fehler, 15 Hinweise, 2 akzeptiert in 3 Dateien" in result.output


def test_an_entry_that_matches_nothing_is_a_warning_with_its_line(study_copy):
    _accept(study_copy, [(f, r, c, "geprüft") for f, r, c in PLANTED]
            + [("data/teilnehmende_T0.csv", 999, "CODE", "alter Eintrag")])
    result = run("validate", study_copy)
    assert result.exit_code == 0, result.output
    text = (study_copy / "study.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if "row: 999" in t) - 1  # the entry's "- file:" line
    assert f"Hinweis/warning (Zeile/line {line}, Schlüssel/key accepted.4)" in result.output
    flat = " ".join(result.output.split())
    assert "kein solcher Fehler mehr / no such error any more: data/teilnehmende_T0.csv, Zeile/row 999" in flat


def test_a_reason_is_required(study_copy):
    _accept(study_copy, [("data/team_T1.csv", 30, "PS01_04", "")])
    with pytest.raises(ConfigError, match="accepted"):
        read_study(study_copy)


def test_the_data_quality_appendix_names_the_check(study_copy):
    from kosieval import analyze, section

    _accept(study_copy, [("data/team_T1.csv", 30, "PS01_04", "Papierbogen geprüft, Antwort unleserlich")])
    study = read_study(study_copy)
    table = next(t for t in section(analyze(study, "data_quality"), locale="de").tables
                 if t.id == "tab-data_quality-errors")
    row = next(r for r in table.rows if r[0] == "data/team_T1.csv")
    assert row[4].endswith("; geprüft: Papierbogen geprüft, Antwort unleserlich")
    assert not any("geprüft:" in r[4] for r in table.rows if r[0] != "data/team_T1.csv")
