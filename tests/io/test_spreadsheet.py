"""Plain Excel workbooks (written by the tests with openpyxl)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from kosieval.errors import DataFormatError
from kosieval.io.survey import detect_format, read_survey
from kosieval.model.codebook import Codebook


@pytest.fixture()
def codebook() -> Codebook:
    return Codebook.model_validate({
        "id": "xl", "title": {"de": "X", "en": "X"}, "respondent_group": "p", "waves": ["T0"],
        "missing_codes": [{"code": -9, "label": {"de": "k. A.", "en": "n/a"}}],
        "items": [
            {"id": "q1", "type": "likert", "text": {"de": "F", "en": "Q"},
             "options": [{"code": c, "label": {"de": str(c), "en": str(c)}} for c in range(1, 6)]},
            {"id": "hours", "type": "numeric", "min": 0, "text": {"de": "h", "en": "h"}},
            {"id": "when", "type": "date", "text": {"de": "Datum", "en": "Date"}},
            {"id": "note", "type": "text", "text": {"de": "Notiz", "en": "Note"}},
        ],
    })


def _workbook(tmp_path, rows, *, sheet="Daten", extra_sheet=True):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if extra_sheet:
        book.create_sheet("Notizen").append(["nothing here"])
    path = tmp_path / "umfrage.xlsx"
    book.save(path)
    return path


MAPPING = {"Q1": "q1", "Stunden": "hours", "Datum": "when", "Notiz": "note"}


def test_typed_cells_dates_and_row_numbers(tmp_path, codebook):
    path = _workbook(tmp_path, [
        ["ID", "Q1", "Stunden", "Datum", "Notiz"],
        [7, 4, 12.5, dt.datetime(2026, 3, 5), "=HYPERLINK(\"http://x\")"],
        [None, None, None, None, None],
        ["008", "-9", "3,5", "06.03.2026", "ok"],
        [9, 6, -1, "gestern", None],
    ])
    assert detect_format(path) == "xlsx"
    survey, log = read_survey(path, codebook=codebook, respondent_id="ID", mapping=MAPPING)
    frame = survey.responses
    assert list(frame.index) == [2, 4, 5]  # Excel row numbers; the empty row 3 is skipped
    assert frame["respondent"].tolist() == ["7", "008", "9"]
    assert frame.loc[2, "q1"] == 4 and frame.loc[2, "hours"] == 12.5
    assert frame.loc[2, "when"] == pd.Timestamp("2026-03-05") and frame.loc[4, "when"] == pd.Timestamp("2026-03-06")
    assert frame.loc[2, "note"] == "=HYPERLINK(\"http://x\")"  # kept as text, never evaluated
    formula = [e for e in log if e.action == "formula kept as text"]
    assert [(e.row, e.column) for e in formula] == [(2, "Notiz")]
    assert frame.loc[4, "hours"] == 3.5 and survey.missing_codes.loc[4, "q1"] == -9
    errors = {(e.row, e.column) for e in log if e.severity == "error"}
    assert errors == {(5, "Q1"), (5, "Stunden"), (5, "Datum")}
    assert survey.detected == {"format": "Excel workbook", "sheet": "Daten"}


def test_named_sheet_and_missing_sheet(tmp_path, codebook):
    path = _workbook(tmp_path, [["ID", "Q1"], [1, 2]])
    with pytest.raises(DataFormatError) as info:
        read_survey(path, codebook=codebook, respondent_id="ID", mapping={"Q1": "q1"}, sheet="Tabelle1")
    assert "Daten, Notizen" in info.value.hint
    survey, _ = read_survey(path, codebook=codebook, respondent_id="ID", mapping={"Q1": "q1"}, sheet="Daten")
    assert survey.responses["q1"].tolist() == [2]


def test_values_right_of_the_header_name_the_row(tmp_path, codebook):
    path = _workbook(tmp_path, [["ID", "Q1"], [1, 2], [2, 3, "stray"]])
    with pytest.raises(DataFormatError) as info:
        read_survey(path, codebook=codebook, respondent_id="ID", mapping={"Q1": "q1"})
    assert info.value.line == 3


def test_not_a_workbook(tmp_path, codebook):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(DataFormatError, match="not a readable Excel workbook"):
        read_survey(path, codebook=codebook, respondent_id="ID", mapping={"Q1": "q1"}, format="xlsx")
