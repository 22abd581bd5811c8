"""SoSci Survey CSV: UTF-16, tabs, missing codes, test runs and unfinished interviews."""

from __future__ import annotations

import pytest

from kosieval.errors import DataFormatError
from kosieval.io.survey import detect_format, read_survey

HEADER = ['"CASE"', '"SERIAL"', '"REF"', '"QUESTNNR"', '"MODE"', '"STARTED"', '"AG01"', '"QU01_01"',
          '"QU01_02"', '"TIME001"', '"TIME_SUM"', '"FINISHED"', '"LASTPAGE"']
ROWS = [
    ["10", "", "", '"base"', '"orgtest"', "2026-09-20 10:00:00", "1", "3", "3", "20", "20", "1", "4"],
    ["11", "", "", '"base"', '"interview"', "2026-09-20 10:10:00", "1", "4", "-9", "20", "20", "1", "4"],
    ["12", '"S-77"', "", '"base"', '"interview"', "2026-09-20 10:20:00", "5", "-1", "6", "20", "20", "1", "4"],
    ["13", "", "", '"base"', '"interview"', "2026-09-20 10:30:00", "5", "2", "", "20", "20", "0", "2"],
]
MAPPING = {"AG01": "actor_group", "QU01_01": "q1", "QU01_02": "q2"}


def _write(tmp_path):
    lines = ["\t".join(HEADER)] + ["\t".join(r) for r in ROWS]
    path = tmp_path / "data_kosi_2026-09-30.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))  # BOM + UTF-16 LE
    return path


def _read(path, codebook, **kwargs):
    return read_survey(path, codebook=codebook, respondent_id="CASE", mapping=MAPPING, wave="T1",
                       **kwargs)


def test_reads_sosci_with_missing_codes_and_filters(tmp_path, tiny_codebook):
    path = _write(tmp_path)
    assert detect_format(path) == "sosci_csv"
    survey, log = _read(path, tiny_codebook)
    frame = survey.responses
    assert list(frame["respondent"]) == ["11", "12"]
    assert frame.loc[3, "q1"] == 4 and frame["q2"].isna().all()
    assert survey.missing_codes.loc[3, "q2"] == -9
    assert survey.missing_codes.loc[4, "q1"] == -1
    actions = {(e.row, e.column): e for e in log}
    assert actions[(2, "MODE")].action == "row dropped"  # orgtest run
    assert actions[(5, "FINISHED")].action == "row dropped"
    assert actions[(4, "QU01_02")].severity == "error"  # 6 is not an option
    assert {e.column for e in log if e.action == "column dropped"} == {"SERIAL", "REF"}
    assert survey.detected["encoding"].startswith("UTF-16 LE")


def test_test_runs_and_unfinished_kept_when_asked(tmp_path, tiny_codebook):
    survey, _ = _read(_write(tmp_path), tiny_codebook, include_test_runs=True, include_incomplete=True)
    assert list(survey.responses["respondent"]) == ["10", "11", "12", "13"]


def test_comma_separated_file_named_as_wrong_separator(tmp_path, tiny_codebook):
    path = tmp_path / "data.csv"
    path.write_bytes("\r\n".join([",".join(HEADER)] + [",".join(r) for r in ROWS]).encode("utf-16"))
    with pytest.raises(DataFormatError, match="tab"):
        _read(path, tiny_codebook, format="sosci_csv")
