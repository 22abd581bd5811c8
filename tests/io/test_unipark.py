"""Unipark / Tivian EFS Survey exports (CSV and Excel).

No real EFS export is among the shared fixtures. Every file here is synthetic, written
after the layout documented in :mod:`kosieval.io.unipark`: the system variables and their
order as in a real EFS export (the XML test data of Dectech/DectechR: ``lfdn
external_lfdn tester dispcode lastpage quality duration``, questions ``v_…``, then
``ip_addr browser referer … participant_latitude … datetime date_of_last_access rts…``),
Tivian's disposition codes (31/32 completed) and missing values (-77, -66, -99, 0).
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from kosieval.errors import DataFormatError
from kosieval.io.unipark import detect_unipark, read_unipark_csv, read_unipark_xlsx

HEADER = ["lfdn", "external_lfdn", "tester", "dispcode", "lastpage", "quality", "duration", "v_1", "v_2", "v_3",
          "v_4", "u_email", "ip_addr", "browser", "referer", "participant_latitude", "participant_longitude",
          "datetime", "date_of_last_access", "rts4711"]
ROWS = [
    ["1", "0", "0", "31", "4712", "-77", "320", "3", "0", "Köln", "1", "a@example.org", "-99", "Firefox", "-99",
     "-66", "-66", "2024-05-01 10:00:00", "2024-05-01 10:05:20", "12"],
    ["2", "0", "1", "31", "4712", "-77", "60", "2", "1", "-99", "0", "b@example.org", "10.0.0.2", "Firefox", "-99",
     "-66", "-66", "2024-05-01 11:00:00", "2024-05-01 11:01:00", "5"],
    ["3", "0", "0", "22", "4711", "-77", "30", "-77", "-77", "-66", "-77", "c@example.org", "10.0.0.3", "Chrome",
     "-99", "-66", "-66", "2024-05-01 12:00:00", "2024-05-01 12:00:30", "0"],
    ["4", "0", "0", "32", "4712", "-77", "900", "1", "4", "Bonn", "1", "d@example.org", "10.0.0.4", "Safari", "-99",
     "-66", "-66", "2024-05-01 13:00:00", "2024-05-01 13:15:00", "30"],
    ["5", "0", "0", "37", "4711", "-77", "12", "-77", "-77", "-66", "-77", "e@example.org", "10.0.0.5", "Edge",
     "-99", "-66", "-66", "2024-05-01 14:00:00", "2024-05-01 14:00:12", "0"],
    ["6", "0", "0", "18", "4711", "-77", "12", "-77", "-77", "-66", "-77", "f@example.org", "10.0.0.6", "Edge",
     "-99", "-66", "-66", "2024-05-01 15:00:00", "2024-05-01 15:00:12", "0"],
]


def _csv(rows, separator=";", newline="\r\n"):
    return newline.join(separator.join(row) for row in rows) + newline


def _write(tmp_path, text, name="efs.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolon_cp1252_export_with_test_runs_and_unfinished(tmp_path):
    raw = read_unipark_csv(_write(tmp_path, _csv([HEADER, *ROWS]), encoding="cp1252"), file="efs/t0.csv")
    assert raw.format == "unipark_csv"
    assert list(raw.data.index) == [2, 5]
    assert list(raw.data["lfdn"]) == ["1", "4"]
    assert list(raw.data["v_3"]) == ["Köln", "Bonn"]
    assert raw.id_column == "lfdn"
    log = [e for e in raw.log if e.action == "row dropped"]
    assert [(e.row, e.column, e.value) for e in log] == [(3, "tester", "1"), (4, "dispcode", "22"),
                                                         (6, "dispcode", "37"), (7, "dispcode", "18")]
    assert all(e.file == "efs/t0.csv" and e.severity == "info" for e in log)
    assert "include_test_runs: true" in log[0].reason
    assert "disposition code 22 = suspended (broke off)" in log[1].reason
    assert "include_incomplete: true" in log[1].reason
    assert "37 = screened out" in log[2].reason
    assert "18 = a code kosieval does not know" in log[3].reason
    (warning,) = [e for e in raw.log if e.severity == "warning"]
    assert warning.action == "encoding guessed" and warning.row is None
    assert raw.detected["encoding"].startswith("Windows-1252")
    assert raw.detected["separator"] == "semicolon"
    assert raw.detected["responses"].startswith("2 kept, 4 left out")


def test_missing_codes_and_the_zero_caveat(tmp_path):
    raw = read_unipark_csv(_write(tmp_path, _csv([HEADER, *ROWS])))
    assert raw.missing_codes == {-77, -66, -99}
    assert "0 = closed question seen but not answered is NOT a platform-wide missing code" in (
        raw.detected["missing_codes"])
    assert list(raw.data["v_2"]) == [0, 4]  # 0 is left as it is


def test_metadata_and_personal_columns(tmp_path):
    raw = read_unipark_csv(_write(tmp_path, _csv([HEADER, *ROWS])))
    assert raw.metadata_columns == {"lfdn", "external_lfdn", "tester", "dispcode", "lastpage", "quality", "duration",
                                    "u_email", "ip_addr", "browser", "referer", "participant_latitude",
                                    "participant_longitude", "datetime", "date_of_last_access", "rts4711"}
    assert raw.personal_columns == {"external_lfdn", "u_email", "ip_addr", "browser", "referer",
                                    "participant_latitude", "participant_longitude"}


def test_switches_keep_test_runs_and_unfinished(tmp_path):
    path = _write(tmp_path, _csv([HEADER, *ROWS]))
    assert list(read_unipark_csv(path, include_test_runs=True).data.index) == [2, 3, 5]
    assert list(read_unipark_csv(path, include_incomplete=True).data.index) == [2, 4, 5, 6, 7]
    both = read_unipark_csv(path, include_test_runs=True, include_incomplete=True)
    assert list(both.data.index) == [2, 3, 4, 5, 6, 7] and both.log == ()


def test_comma_utf8_export_with_decimal_points(tmp_path):
    rows = [HEADER[:8], ["1", "0", "0", "31", "1", "0.5", "10", "2.5"], ["2", "0", "0", "32", "1", "0.7", "11", "3"]]
    raw = read_unipark_csv(_write(tmp_path, _csv(rows, separator=",", newline="\n")))
    assert raw.detected["separator"] == "comma" and raw.detected["encoding"] == "UTF-8"
    assert list(raw.data["v_1"]) == [2.5, 3.0]


def test_utf16_tab_export(tmp_path):
    raw = read_unipark_csv(_write(tmp_path, _csv([HEADER, *ROWS], separator="\t"), encoding="utf-16"))
    assert raw.detected["separator"] == "tab" and raw.detected["encoding"].startswith("UTF-16")
    assert list(raw.data.index) == [2, 5]


def test_separator_given_that_the_header_does_not_use(tmp_path):
    path = _write(tmp_path, _csv([HEADER, *ROWS]))
    with pytest.raises(DataFormatError, match="the header has no comma; it uses semicolon") as info:
        read_unipark_csv(path, separator=",")
    assert info.value.line == 1


def test_file_that_is_no_efs_export(tmp_path):
    path = _write(tmp_path, "id;name;score\n1;a;3\n")
    with pytest.raises(DataFormatError, match="not an EFS export: no lfdn, dispcode or v_ columns"):
        read_unipark_csv(path)


def test_without_dispcode_everything_is_kept_with_a_warning(tmp_path):
    rows = [["lfdn", "v_1"], ["1", "3"], ["2", "-77"]]
    raw = read_unipark_csv(_write(tmp_path, _csv(rows)))
    assert list(raw.data.index) == [2, 3]
    (warning,) = raw.log
    assert (warning.column, warning.severity) == ("dispcode", "warning")


def test_dispcodes_exported_as_labels(tmp_path):
    rows = [["lfdn", "tester", "dispcode", "v_1"], ["1", "no tester", "Completed (31)", "3"],
            ["2", "tester", "Completed (31)", "2"], ["3", "no tester", "Suspended (22)", "1"]]
    raw = read_unipark_csv(_write(tmp_path, _csv(rows)))
    assert list(raw.data.index) == [2]
    assert [(e.row, e.column, e.value) for e in raw.log] == [(3, "tester", "tester"),
                                                            (4, "dispcode", "Suspended (22)")]


def test_detect_unipark(tmp_path):
    assert detect_unipark(_csv([HEADER, *ROWS]))
    assert detect_unipark('\ufeff"lfdn","external_lfdn","tester","dispcode"\n')
    assert not detect_unipark("StartDate,EndDate,Status,ResponseId\n")
    assert not detect_unipark("")


# --- Excel ----------------------------------------------------------------------------------


def _workbook(tmp_path, rows, name="efs.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Export 1.1"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


XLSX_ROWS = [
    ["lfdn", "tester", "dispcode", "v_1", "v_2", "ip_addr"],
    [1, 0, 31, 3, "gut", "-99"],
    [None, None, None, None, None, None],
    [2, 0, 22, 2, "mittel", "10.0.0.2"],
    [3, 1, 31, 1, "-99", "10.0.0.3"],
    [4, 0, 32, -77, "-66", "10.0.0.4"],
]


def test_xlsx_rows_are_excel_row_numbers(tmp_path):
    raw = read_unipark_xlsx(_workbook(tmp_path, XLSX_ROWS), file="efs.xlsx")
    assert raw.format == "unipark_xlsx"
    assert list(raw.data.index) == [2, 6]  # row 3 is empty, 4 unfinished, 5 a test run
    assert list(raw.data["lfdn"]) == ["1", "4"]
    assert list(raw.data["v_1"]) == [3, -77]
    assert [(e.row, e.column) for e in raw.log] == [(4, "dispcode"), (5, "tester")]
    assert raw.detected["sheet"] == "Export 1.1"
    assert raw.personal_columns == {"ip_addr"} and raw.missing_codes == {-77, -66, -99}


def test_xlsx_switches_and_csv_entry_point(tmp_path):
    path = _workbook(tmp_path, XLSX_ROWS)
    assert list(read_unipark_csv(path).data.index) == [2, 6]  # .xlsx goes to the workbook reader
    kept = read_unipark_xlsx(path, include_incomplete=True, include_test_runs=True)
    assert list(kept.data.index) == [2, 4, 5, 6] and kept.log == ()


def test_xlsx_duplicate_and_empty_headers(tmp_path):
    with pytest.raises(DataFormatError, match="column names used twice: \\['v_1'\\]"):
        read_unipark_xlsx(_workbook(tmp_path, [["lfdn", "v_1", "v_1"], [1, 2, 3]]))
    with pytest.raises(DataFormatError, match="is empty"):
        read_unipark_xlsx(_workbook(tmp_path, [[None, None], [1, 2]], name="empty.xlsx"))


def test_xlsx_with_entity_declarations_is_refused(tmp_path):
    good = _workbook(tmp_path, XLSX_ROWS)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bomb, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
            new.writestr(info, data)
    with pytest.raises(DataFormatError, match="entity declarations"):
        read_unipark_xlsx(bomb)


def test_xlsx_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "efs.xlsx"
    path.write_text("lfdn;dispcode\n1;31\n")
    with pytest.raises(DataFormatError, match="not a readable Excel workbook"):
        read_unipark_xlsx(path)
