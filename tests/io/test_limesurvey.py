"""LimeSurvey response CSV: what LimeSurvey writes, and what goes wrong with it."""

from __future__ import annotations

import codecs

import pytest

from kosieval.errors import DataFormatError
from kosieval.io.survey import detect_format, read_survey

HEADER = ('"id","submitdate","lastpage","startlanguage","seed","token","ipaddr","CODE","AG",'
          '"Q[SQ001]","Q[SQ002]","HRS","COMMENT","interviewtime","QTime"')
MAPPING = {"AG": "actor_group", "Q[SQ001]": "q1", "Q[SQ002]": "q2", "HRS": "hours", "COMMENT": "comment"}
CODES = {"actor_group": {"A1": 1, "A5": 5}}


def _write(tmp_path, lines, *, bom=True, encoding="utf-8"):
    path = tmp_path / "results-survey123.csv"
    text = "\n".join(lines) + "\n"
    data = text.encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


def _read(path, codebook, **kwargs):
    return read_survey(path, codebook=codebook, respondent_id="CODE", mapping=MAPPING,
                       answer_codes=CODES, wave="T0", city="Musterstadt", **kwargs)


ROWS = [
    HEADER,
    '"1","2026-03-05 10:00:00","3","de","1","tok1","192.0.2.1","AB12","A1","4","2","3.5","","100","5"',
    '"2","2026-03-05 10:05:00","3","de","2","tok2","192.0.2.2","CD34","A5","7","","","<b>Hallo</b>","90","4"',
    '"3","","1","de","3","tok3","192.0.2.3","EF56","A5","","","","","10","1"',
    '"4","2026-03-05 11:00:00","3","de","4","tok4","192.0.2.4","AB12","A5","1","1","","","80","2"',
    '"5","2026-03-05 12:00:00","3","de","5","tok5","192.0.2.5","GH78","A9","-9","x","500","","70","2"',
]


def test_reads_codes_and_records_every_problem(tmp_path, tiny_codebook):
    path = _write(tmp_path, ROWS)
    before = path.read_bytes()
    survey, log = _read(path, tiny_codebook)
    assert path.read_bytes() == before  # raw file untouched
    frame = survey.responses
    assert list(frame["respondent"]) == ["AB12", "CD34", "GH78"]
    assert list(frame.index) == [2, 3, 6]  # file lines
    assert frame.loc[2, "q1"] == 4 and frame.loc[2, "q2"] == 2 and frame.loc[2, "hours"] == 3.5
    assert frame.loc[2, "actor_group"] == 1 and frame.loc[3, "actor_group"] == 5
    assert str(frame["q1"].dtype) == "Int64" and str(frame["hours"].dtype) == "Float64"
    assert frame.loc[3, "comment"] == "<b>Hallo</b>"  # kept as data; escaped when rendered
    entries = {(e.row, e.column, e.action): e for e in log}
    # incomplete response left out, logged
    assert entries[(4, "submitdate", "row dropped")].severity == "info"
    # out-of-range code 7 on a 1-5 item -> NA, error naming line and column
    out_of_range = entries[(3, "Q[SQ001]", "recoded to missing")]
    assert out_of_range.severity == "error" and out_of_range.value == "7"
    assert "1, 2, 3, 4, 5" in out_of_range.reason
    assert frame.loc[3, "q1"] is pd_na()
    # duplicate respondent: the later row (line 5) dropped, error names line 2
    duplicate = entries[(5, "CODE", "row dropped")]
    assert duplicate.severity == "error" and "line 2" in duplicate.reason
    # unknown answer code, missing code, not a number, numeric out of range
    assert entries[(6, "AG", "recoded to missing")].severity == "error"
    summary = entries[(None, "Q[SQ001]", "recoded to missing")]  # one entry per column for missing codes
    assert summary.severity == "info" and summary.value == "-9 ×1" and "1 cells" in summary.reason
    assert survey.missing_codes.loc[6, "q1"] == -9
    assert entries[(6, "Q[SQ002]", "recoded to missing")].reason.startswith("not a number")
    assert "0–200" in entries[(6, "HRS", "recoded to missing")].reason
    # personal columns dropped and logged; timing columns known, not "unused"
    dropped = {e.column for e in log if e.action == "column dropped"}
    assert dropped == {"token", "ipaddr"}
    assert "token" not in frame.columns and "ipaddr" not in frame.columns
    assert not [e for e in log if e.action == "column not used"]
    assert survey.detected["encoding"].startswith("UTF-8 mit BOM")


def pd_na():
    import pandas as pd

    return pd.NA


def test_reading_twice_gives_identical_data(tmp_path, tiny_codebook):
    path = _write(tmp_path, ROWS)
    first, _ = _read(path, tiny_codebook)
    second, _ = _read(path, tiny_codebook)
    assert first.responses.equals(second.responses)


def test_incomplete_kept_when_asked(tmp_path, tiny_codebook):
    survey, _ = _read(_write(tmp_path, ROWS), tiny_codebook, include_incomplete=True)
    assert "EF56" in set(survey.responses["respondent"])


def test_personal_columns_kept_only_when_allowed(tmp_path, tiny_codebook):
    survey, log = _read(_write(tmp_path, ROWS), tiny_codebook, allow_personal_columns=True)
    assert not [e for e in log if e.action == "column dropped"]


def test_cp1252_file_is_detected_and_reported(tmp_path, tiny_codebook):
    rows = ROWS[:2] + ['"9","2026-03-05 10:00:00","3","de","1","t","x","Ä1","A1","4","2","","Grüße","1","1"']
    path = _write(tmp_path, rows, bom=False, encoding="cp1252")
    survey, log = _read(path, tiny_codebook)
    assert "Ä1" in set(survey.responses["respondent"])
    assert survey.detected["encoding"].startswith("Windows-1252")
    guessed = [e for e in log if e.action == "encoding guessed"]
    assert guessed and guessed[0].severity == "warning" and "encoding: cp1252" in guessed[0].reason
    survey, log = _read(path, tiny_codebook, encoding="cp1252")
    assert "Ä1" in set(survey.responses["respondent"]) and not [e for e in log if e.action == "encoding guessed"]


def test_cp1252_file_read_as_utf8_says_which_encoding_to_pass(tmp_path, tiny_codebook):
    rows = ROWS[:2] + ['"9","2026-03-05 10:00:00","3","de","1","t","x","Ä1","A1","4","2","","Grüße","1","1"']
    path = _write(tmp_path, rows, bom=False, encoding="cp1252")
    with pytest.raises(DataFormatError) as info:
        _read(path, tiny_codebook, encoding="utf-8")
    message = str(info.value)
    assert "results-survey123.csv" in message and "Zeile/row 3" in message
    assert "encoding: cp1252" in message


def test_semicolon_file_names_the_separator(tmp_path, tiny_codebook):
    path = _write(tmp_path, [r.replace('","', '";"') for r in ROWS])
    with pytest.raises(DataFormatError, match="semicolon") as info:
        _read(path, tiny_codebook)
    assert "separator: ';'" in info.value.hint
    survey, _ = _read(path, tiny_codebook, separator=";")
    assert survey.n == 3


def test_missing_mapped_column_is_an_error_not_a_crash(tmp_path, tiny_codebook):
    rows = [ROWS[0].replace('"HRS",', '"HOURS",')] + ROWS[1:2]
    survey, log = _read(_write(tmp_path, rows), tiny_codebook)
    missing = [e for e in log if e.action == "column missing"]
    assert missing and missing[0].column == "HRS" and missing[0].severity == "error"
    assert survey.responses["hours"].isna().all()
    unused = [e for e in log if e.action == "column not used"]
    assert [e.column for e in unused] == ["HOURS"]


def test_missing_respondent_id_column(tmp_path, tiny_codebook):
    path = _write(tmp_path, ROWS)
    with pytest.raises(DataFormatError, match="respondent_id"):
        read_survey(path, codebook=tiny_codebook, respondent_id="PCODE", mapping=MAPPING)


def test_detect_format(tmp_path):
    assert detect_format(_write(tmp_path, ROWS)) == "limesurvey_csv"
    semicolons = _write(tmp_path, [r.replace('","', '";"') for r in ROWS])
    assert detect_format(semicolons) == "limesurvey_csv"
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    assert detect_format(other) == "csv"
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(DataFormatError, match="limesurvey_csv"):
        detect_format(binary)


@pytest.mark.parametrize(
    ("heading", "style"),
    [
        (lambda code, text: f"{code}. {text}", "question code and text (columns renamed to the codes)"),
        (lambda code, text: text, "full question texts"),
    ],
)
def test_heading_styles_find_id_submitdate_and_items(tmp_path, tiny_codebook, heading, style):
    columns = [("id", "Response ID"), ("submitdate", "Date submitted"), ("lastpage", "Last page"),
               ("startlanguage", "Start language"), ("ipaddr", "IP address"), ("Q[SQ001]", "Aussage 1")]
    header = ",".join(f'"{heading(code, text)}"' for code, text in columns)
    rows = [header, '"1","2026-03-05 10:00:00","3","de","192.0.2.1","4"', '"2","","1","de","192.0.2.2","2"',
            '"3","2026-03-05 11:00:00","3","de","192.0.2.3","5"']
    path = tmp_path / "results-survey777.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(rows) + "\n").encode("utf-8"))
    assert detect_format(path) == "limesurvey_csv"
    item_column = "Q[SQ001]" if "code" in style else "Aussage 1"
    survey, log = read_survey(path, codebook=tiny_codebook, mapping={item_column: "q1"})
    assert survey.detected["header"] == style
    assert survey.responses["respondent"].tolist() == ["1", "3"]  # the platform id; line 3 not submitted
    assert survey.responses["q1"].tolist() == [4, 5]
    dropped = [e for e in log if e.action == "row dropped"]
    assert [(e.row, e.column) for e in dropped] == [(3, "submitdate" if "code" in style else "Date submitted")]
    assert [e.column for e in log if e.action == "column dropped"] == ["ipaddr" if "code" in style else "IP address"]
    assert not [e for e in log if e.action == "column not used"]
