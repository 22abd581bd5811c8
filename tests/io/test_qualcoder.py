"""QualCoder projects, built in tmp_path with QualCoder's own schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kosieval.errors import DataFormatError
from kosieval.io.qualcoder import read_qualcoder

# The CREATE TABLE statements QualCoder runs for a new project (database version v8), copied from
# ccbogel/QualCoder, src/qualcoder/__main__.py (MainWindow.new_project). Only the tables the reader
# uses plus `project`; newer versions add columns (the reader selects columns by name).
SCHEMA = (
    "CREATE TABLE project (databaseversion text, date text, memo text,about text, bookmarkfile integer, "
    "bookmarkpos integer, codername text)",
    "CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, memo text, "
    "owner text, date text, av_text_id integer, risid integer, unique(name))",
    "CREATE TABLE attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text, "
    "valuetype text)",
    "CREATE TABLE attribute (attrid integer primary key, name text, attr_type text, value text, id integer, "
    "date text, owner text, unique(name,attr_type,id))",
    "CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, "
    "owner text, date text, memo text)",
    "CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text,date text, "
    "constraint ucm unique(name))",
    "CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text, "
    "supercatid integer, unique(name))",
    "CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer,seltext text, pos0 integer, "
    "pos1 integer, owner text, date text, memo text, avid integer, important integer, "
    "unique(cid,fid,pos0,pos1, owner))",
    "CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text,"
    "date text, color text, unique(name))",
)

TEXT1 = "Interviewerin: Wie war das Labor?\nBürgerin: Das Reallabor hat uns zusammengebracht. 🙂 Wirklich."
TEXT2 = "B2: Die Verwaltung war skeptisch.\nB2: Später haben alle mitgemacht."
D = "2024-05-01 10:00:00"


def _project(folder: Path) -> Path:
    """A QualCoder project folder with two texts, an image, nested categories, cases and attributes."""
    folder.mkdir()
    con = sqlite3.connect(folder / "data.qda")
    for statement in SCHEMA:
        con.execute(statement)
    con.execute("INSERT INTO project VALUES ('v8', ?, '', 'QualCoder 3.5', 0, 0, 'anna')", (D,))
    con.executemany("INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date) VALUES (?,?,?,?,?,?,?)", [
        (1, "interview_01.txt", TEXT1, None, "", "anna", D),
        (2, "interview_02.docx", TEXT2, "docs:/home/a/interview_02.docx", "", "anna", D),
        (3, "foto_labor.jpg", None, "/images/foto_labor.jpg", "", "anna", D),
    ])
    con.executemany("INSERT INTO code_cat (catid, name, owner, date, memo, supercatid) VALUES (?,?,?,?,?,?)", [
        (1, "Wirkungen", "anna", D, "Was das Labor bewirkt", None),
        (2, "Zusammenarbeit", "anna", D, "", 1),   # nested: Wirkungen > Zusammenarbeit
    ])
    con.executemany("INSERT INTO code_name (cid, name, memo, catid, owner, date, color) VALUES (?,?,?,?,?,?,?)", [
        (1, "Vernetzung", "neue Kontakte", 2, "anna", D, "#F781F3"),
        (2, "Skepsis", "", None, "anna", D, "#81BEF7"),
        (3, "Beteiligung", "", 1, "ben", D, "#A9E2F3"),
    ])
    together = TEXT1.index("Das Reallabor")
    sceptic = TEXT2.index("skeptisch")
    later = TEXT2.index("Später")
    con.executemany(
        "INSERT INTO code_text (ctid, cid, fid, seltext, pos0, pos1, owner, date, memo, avid, important) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (1, 1, 1, "Das Reallabor hat uns zusammengebracht.", together, together + 39, "anna", D, "", None, None),
            (2, 3, 1, "Das Reallabor hat uns zusammengebracht.", together, together + 39, "ben", D, "", None, None),
            (3, 2, 2, "skeptisch", sceptic, sceptic + 9, "anna", D, "", None, None),
            # seltext does not match the text at the offsets (text edited after coding)
            (4, 3, 2, "Später haben alle mitgemacht!", later, later + 29, "ben", D, "", None, None),
            # outside the text
            (5, 2, 1, "Wirklich.", 400, 409, "anna", D, "", None, None),
            # unknown code
            (6, 99, 1, "Wirklich.", len(TEXT1) - 9, len(TEXT1), "anna", D, "", None, None),
        ])
    # after the emoji: "Wirklich." coded with UTF-16 offsets (the emoji counts twice)
    con.execute("INSERT INTO code_text (ctid, cid, fid, seltext, pos0, pos1, owner, date) VALUES (?,?,?,?,?,?,?,?)",
                (7, 3, 1, "Wirklich.", len(TEXT1) - 9 + 1, len(TEXT1) + 1, "ben", D))
    con.executemany("INSERT INTO attribute_type VALUES (?,?,?,?,?,?)", [
        ("Stadt", D, "anna", "", "file", "character"),
        ("Welle", D, "anna", "", "file", "numeric"),
        ("Akteursgruppe", D, "anna", "", "case", "character"),
    ])
    con.executemany("INSERT INTO attribute (attrid, name, attr_type, value, id, date, owner) VALUES (?,?,?,?,?,?,?)", [
        (1, "Stadt", "file", "Leipzig", 1, D, "anna"),
        (2, "Stadt", "file", "Halle", 2, D, "anna"),
        (3, "Welle", "file", "1", 1, D, "anna"),
        (4, "Welle", "file", "zwei", 2, D, "anna"),
        (5, "Akteursgruppe", "case", "Zivilgesellschaft", 1, D, "anna"),
        (6, "Akteursgruppe", "case", "Verwaltung", 2, D, "anna"),
    ])
    con.executemany("INSERT INTO cases (caseid, name, memo, owner, date) VALUES (?,?,?,?,?)", [
        (1, "Bürgerin A", "", "anna", D), (2, "Amt B", "", "anna", D)])
    con.executemany("INSERT INTO case_text (caseid, fid, pos0, pos1, owner, date, memo) VALUES (?,?,?,?,?,?,?)", [
        (1, 1, 0, len(TEXT1), "anna", D, ""), (2, 2, 0, len(TEXT2), "anna", D, "")])
    con.commit()
    con.close()
    return folder


def test_reads_codes_documents_segments_and_attributes(tmp_path):
    folder = _project(tmp_path / "labor.qda")
    before = (folder / "data.qda").read_bytes()
    corpus, log = read_qualcoder(folder)
    assert (folder / "data.qda").read_bytes() == before
    assert corpus.format == "qualcoder" and corpus.file == "labor.qda"
    assert corpus.detected["database_version"] == "v8"

    codes = corpus.codes.set_index("id")
    assert list(codes.index) == ["cat:1", "cat:2", "code:1", "code:2", "code:3"]
    assert codes.loc["code:1", "path"] == "Wirkungen > Zusammenarbeit > Vernetzung"
    assert codes.loc["code:1", "parent"] == "cat:2" and codes.loc["cat:2", "parent"] == "cat:1"
    assert codes.loc["code:2", "parent"] is None and codes.loc["code:2", "path"] == "Skepsis"
    assert codes["codable"].tolist() == [False, False, True, True, True]
    assert codes.loc["code:1", "color"] == "#F781F3"
    assert codes.loc["cat:1", "description"] == "Was das Labor bewirkt"

    docs = corpus.documents.set_index("id")
    assert list(docs.index) == ["fid:1", "fid:2"]  # the image is skipped
    assert docs.loc["fid:1", "text"] == TEXT1
    assert docs.loc["fid:1", "Stadt"] == "Leipzig" and docs.loc["fid:2", "Stadt"] == "Halle"
    assert docs.loc["fid:1", "Welle"] == 1 and docs.loc["fid:2", "Welle"] == "zwei"
    assert docs.loc["fid:1", "case"] == "Bürgerin A"
    assert docs.loc["fid:2", "Akteursgruppe"] == "Verwaltung"
    assert set(corpus.attributes) == {"Stadt", "Welle", "case", "Akteursgruppe"}

    seg = corpus.segments
    assert len(seg) == 4
    assert seg["text"].tolist() == ["Das Reallabor hat uns zusammengebracht."] * 2 + ["Wirklich.", "skeptisch"]
    assert seg["coder"].tolist() == ["anna", "ben", "ben", "anna"]
    for row in seg.itertuples():
        assert docs.loc[row.document, "text"][row.start:row.end] == row.text
    assert corpus.coders["id"].tolist() == ["anna", "ben"]

    errors = {e.row: e for e in log if e.severity == "error"}
    assert sorted(errors) == [4, 5, 6]
    assert "not the coded text" in errors[4].reason and errors[4].value == "Später haben alle mitgemacht!"
    assert "outside the text" in errors[5].reason
    assert "not in code_name" in errors[6].reason
    converted = [e for e in log if e.action == "offsets converted"]
    assert len(converted) == 1 and converted[0].row == 7
    skipped = [e for e in log if e.action == "source skipped"]
    assert skipped[0].value == "foto_labor.jpg" and skipped[0].severity == "info"
    assert any(e.action == "kept as text" and e.value == "zwei" for e in log)


def test_accepts_the_database_file_and_a_file_name(tmp_path):
    folder = _project(tmp_path / "labor.qda")
    corpus, _ = read_qualcoder(folder / "data.qda", file="interviews/labor.qda")
    assert corpus.file == "interviews/labor.qda"
    assert corpus.summary()["segments"] == 4


def test_category_loop_and_missing_parent_are_logged(tmp_path):
    folder = _project(tmp_path / "labor.qda")
    con = sqlite3.connect(folder / "data.qda")
    con.execute("UPDATE code_cat SET supercatid = 2 WHERE catid = 1")  # 1 -> 2 -> 1
    con.execute("UPDATE code_name SET catid = 42 WHERE cid = 2")
    con.commit()
    con.close()
    corpus, log = read_qualcoder(folder)
    codes = corpus.codes.set_index("id")
    assert codes.loc["code:2", "parent"] is None
    assert any(e.action == "parent removed" and e.value == "cat:42" for e in log)
    assert any("loop" in e.reason for e in log)


def test_not_sqlite_is_a_data_format_error(tmp_path, qda_fixture):
    text = tmp_path / "data.qda"
    text.write_text("Dies ist keine Datenbank.", encoding="utf-8")
    with pytest.raises(DataFormatError, match="not an SQLite database"):
        read_qualcoder(text)
    with pytest.raises(DataFormatError, match="REFI-QDA"):
        read_qualcoder(qda_fixture("nvivo15mac_codebook_only.qdpx"))


def test_folder_without_database_and_foreign_sqlite(tmp_path):
    (tmp_path / "leer.qda").mkdir()
    with pytest.raises(DataFormatError, match="no data.qda"):
        read_qualcoder(tmp_path / "leer.qda")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(DataFormatError, match="not a QualCoder database") as info:
        read_qualcoder(other)
    assert "code_text" in str(info.value)
