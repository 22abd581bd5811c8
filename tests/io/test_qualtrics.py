"""Qualtrics response exports: the two real samples (current and legacy layout) and synthetic files.

The synthetic files follow the current layout of ``qualtrics/sample.csv`` (export tags,
question texts, ImportId JSON) and add what the samples lack: previews, test responses,
spam, unfinished responses, choice-text exports, comma-separated multiple-choice codes.
"""

from __future__ import annotations

import csv
import io

import pytest

from kosieval.errors import DataFormatError
from kosieval.io.qualtrics import detect_qualtrics, read_qualtrics_csv

SYSTEM = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
          "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
          "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
PERSONAL = {"IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
            "LocationLatitude", "LocationLongitude"}


def _export(rows, *, items=("Q1", "Q2", "Q3_TEXT"), texts=("Wie alt?", "Themen\n(Mehrfachauswahl)", "Gründe?"),
            separator=","):
    """A current-layout export: ``rows`` = (Status, Finished, Q1, Q2, Q3_TEXT, ExternalReference)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(SYSTEM + list(items))
    writer.writerow(SYSTEM + list(texts))
    ids = [f'{{"ImportId":"{c[0].lower() + c[1:]}"}}' for c in SYSTEM]
    writer.writerow(ids + ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3_TEXT"}'])
    for n, (status, finished, q1, q2, q3, ref) in enumerate(rows, start=1):
        writer.writerow(["2024-05-01 10:00:00", "2024-05-01 10:09:00", status, f"10.0.0.{n}", "100", "540", finished,
                         "2024-05-01 10:09:00", f"R_{n:03d}abc", "", "", "", ref, "50.9", "6.9", "anonymous", "DE",
                         q1, q2, q3])
    return out.getvalue()


ROWS = [
    ("0", "1", "34", "1,2,7", "weil", "007"),
    ("1", "1", "50", "2", "", "008"),  # Survey Preview
    ("2", "1", "51", "3", "", "009"),  # Survey Test
    ("8", "1", "52", "3", "", "010"),  # Spam
    ("0", "0", "61", "", "", "011"),  # unfinished
    ("16", "1", "-99", "4", "", "012"),  # Offline: a respondent
]


def _write(tmp_path, text, name="qualtrics.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- the real samples -----------------------------------------------------------------------


def test_current_layout_sample(survey_fixture):
    raw = read_qualtrics_csv(survey_fixture("qualtrics/sample.csv"))
    assert raw.format == "qualtrics_csv"
    assert raw.data.shape == (1, 20)
    assert list(raw.data.index) == [4]  # three header rows
    assert list(raw.data.columns) == SYSTEM + ["Q1", "Q2", "Q2 - Topics"]
    assert raw.data.loc[4, "Q1"] == 2 and raw.data.loc[4, "Q2"] == "Hello World!"
    assert raw.data.loc[4, "ResponseId"] == "R_2YPOQ602ER1jkf1"
    assert raw.id_column == "ResponseId"
    assert raw.labels["Q1"] == "This is a multiple choice question."
    assert raw.labels["StartDate"] == "Anfangsdatum"  # German interface
    assert raw.labels["LocationLongitude"] == "Längengrad des Standorts"
    assert "Q2 - Topics" not in raw.labels  # its "text" is the tag itself
    assert raw.metadata_columns == set(SYSTEM)
    assert raw.personal_columns == PERSONAL
    assert raw.missing_codes == {-99}
    assert raw.detected["header"] == "three header rows: export tags, question texts, ImportId JSON"
    assert raw.detected["values"].startswith("numeric recode values")  # Q2 is text entry (QID2_TEXT)
    assert raw.detected["encoding"] == "UTF-8"
    assert raw.log == ()
    assert "multiple_choice" not in raw.detected


def test_legacy_layout_sample(survey_fixture):
    raw = read_qualtrics_csv(survey_fixture("qualtrics/sample_legacy.csv"))
    assert raw.data.shape == (1, 15)  # the empty column after the trailing comma is gone
    assert list(raw.data.index) == [3]
    assert list(raw.data.columns)[:10] == ["ResponseID", "ResponseSet", "Name", "ExternalDataReference",
                                           "EmailAddress", "IPAddress", "Status", "StartDate", "EndDate", "Finished"]
    assert list(raw.data.columns)[10:] == ["Q1", "Q2", "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    assert raw.data.loc[3, "ResponseSet"] == "Standard-Antwortsatz"
    assert raw.id_column == "ResponseID"
    assert raw.labels == {"Q1": "This is a multiple choice question.", "Q2": "This is a free text question."}
    assert raw.personal_columns == {"Name", "ExternalDataReference", "EmailAddress", "IPAddress", "LocationLatitude",
                                    "LocationLongitude", "LocationAccuracy"}
    assert {"ResponseID", "ResponseSet", "Status", "Finished", "LocationAccuracy"} <= raw.metadata_columns
    assert raw.detected["header"].startswith("legacy layout (before 2017)")
    assert raw.detected["encoding"] == "UTF-8 mit BOM / with BOM"
    renames = [(e.column, e.new_value) for e in raw.log]
    assert renames[0] == ("V1", "ResponseID") and renames[-1] == ("V10", "Finished") and len(renames) == 10
    assert {e.action for e in raw.log} == {"column renamed"}


def test_detect_qualtrics(survey_fixture):
    for name in ("qualtrics/sample.csv", "qualtrics/sample_legacy.csv"):
        head = survey_fixture(name).read_bytes()[:4096].decode("utf-8-sig")
        assert detect_qualtrics(head)
    assert not detect_qualtrics('"id","submitdate","lastpage"\n"1","",""\n')
    assert not detect_qualtrics("lfdn;external_lfdn;tester;dispcode\n")
    assert not detect_qualtrics("")


# --- test runs, spam and unfinished responses ------------------------------------------------


def test_previews_tests_spam_and_unfinished_are_left_out(tmp_path):
    raw = read_qualtrics_csv(_write(tmp_path, _export(ROWS)), file="surveys/q.csv")
    assert list(raw.data.index) == [5, 10]  # header rows 1–4 (a question text spans two lines)
    dropped = {(e.row, e.column, e.value) for e in raw.log}
    assert dropped == {(6, "Status", "1"), (7, "Status", "2"), (8, "Status", "8"), (9, "Finished", "0")}
    by_row = {e.row: e for e in raw.log}
    assert all(e.file == "surveys/q.csv" and e.action == "row dropped" and e.severity == "info" for e in raw.log)
    assert "1 = Survey Preview" in by_row[6].reason and "include_test_runs: true" in by_row[6].reason
    assert "8 = Spam" in by_row[8].reason and "spam" in by_row[8].reason
    assert "include_incomplete: true" in by_row[9].reason
    assert raw.detected["responses"] == "2 kept, 4 left out"


def test_switches_keep_test_runs_and_unfinished(tmp_path):
    path = _write(tmp_path, _export(ROWS))
    assert list(read_qualtrics_csv(path, include_test_runs=True).data.index) == [5, 6, 7, 8, 10]
    assert list(read_qualtrics_csv(path, include_incomplete=True).data.index) == [5, 9, 10]
    both = read_qualtrics_csv(path, include_test_runs=True, include_incomplete=True)
    assert list(both.data.index) == [5, 6, 7, 8, 9, 10] and both.log == ()


def test_multiple_choice_cells_stay_text_and_ids_keep_zeros(tmp_path):
    raw = read_qualtrics_csv(_write(tmp_path, _export(ROWS)))
    assert raw.data.loc[5, "Q2"] == "1,2,7"
    assert raw.detected["multiple_choice"].startswith("Q2: chosen options in one cell")
    assert list(raw.data["ExternalReference"]) == ["007", "012"]
    assert raw.data.loc[10, "Q1"] == -99
    assert raw.labels["Q2"] == "Themen\n(Mehrfachauswahl)"
    assert raw.detected["values"].startswith("numeric recode values")  # Q3_TEXT is free text


def test_choice_text_export(tmp_path):
    rows = [("IP Address", "True", "18-29", "Mobilität,Wohnen", "", "1"),
            ("Survey Preview", "True", "30-49", "Wohnen", "", "2"),
            ("Spam", "True", "30-49", "Wohnen", "", "3"),
            ("IP Address", "False", "50+", "", "", "4")]
    raw = read_qualtrics_csv(_write(tmp_path, _export(rows)))
    assert list(raw.data.index) == [5]
    assert {(e.row, e.value) for e in raw.log} == {(6, "Survey Preview"), (7, "Spam"), (8, "False")}
    assert raw.detected["values"].startswith("choice texts")


def test_unknown_status_text_is_kept_with_a_warning(tmp_path):
    rows = [("Anonym", "1", "1", "1", "", "1"), ("Umfragevorschau", "1", "2", "2", "", "2"),
            ("Anonym", "1", "3", "3", "", "3")]
    raw = read_qualtrics_csv(_write(tmp_path, _export(rows)))
    assert list(raw.data.index) == [5, 7]
    (dropped, warning) = raw.log
    assert (dropped.row, dropped.value, dropped.action) == (6, "Umfragevorschau", "row dropped")
    assert (warning.row, warning.value, warning.severity, warning.action) == (5, "Anonym", "warning", "row kept")


# --- encodings and separators ----------------------------------------------------------------


def test_cp1252_file_is_read_with_a_warning(tmp_path):
    raw = read_qualtrics_csv(_write(tmp_path, _export(ROWS[:1]), encoding="cp1252"))
    assert raw.labels["Q3_TEXT"] == "Gründe?"
    assert raw.data.loc[5, "Q3_TEXT"] == "weil"
    (warning,) = raw.log
    assert (warning.severity, warning.action) == ("warning", "encoding guessed")


def test_utf16_tab_separated_export(tmp_path):
    raw = read_qualtrics_csv(_write(tmp_path, _export(ROWS, separator="\t"), encoding="utf-16"))
    assert raw.detected["format"] == "Qualtrics TSV export" and raw.detected["separator"] == "tab"
    assert raw.detected["encoding"].startswith("UTF-16")
    assert list(raw.data.index) == [5, 10]


def test_semicolon_file_is_named_as_wrong_separator(tmp_path):
    path = _write(tmp_path, _export(ROWS, separator=";"))
    with pytest.raises(DataFormatError, match="comma, but the header uses semicolon") as info:
        read_qualtrics_csv(path)
    assert info.value.line == 1
    raw = read_qualtrics_csv(path, separator=";")
    assert list(raw.data.index) == [5, 10] and raw.detected["separator"] == "semicolon"


def test_separator_given_that_the_header_does_not_use(tmp_path):
    with pytest.raises(DataFormatError, match="the header has no semicolon; it uses comma"):
        read_qualtrics_csv(_write(tmp_path, _export(ROWS)), separator=";")


def test_header_rows_removed_leaves_one_header_row(tmp_path):
    lines = _export(ROWS[:2]).split("\r\n")
    text = "\r\n".join([lines[0], *lines[3:]])  # tags only: question texts and ImportIds removed
    raw = read_qualtrics_csv(_write(tmp_path, text))
    assert raw.detected["header"].startswith("one header row")
    assert list(raw.data.index) == [2] and raw.labels == {}
