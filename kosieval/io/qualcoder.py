"""QualCoder projects: the SQLite database ``data.qda`` inside a ``<name>.qda`` project folder.

The database is opened read-only (``mode=ro``) and never written. Tables used (schema as
QualCoder creates it, ``ccbogel/QualCoder`` ``src/qualcoder/__main__.py``):

``code_cat`` (catid, name, memo, supercatid)
    Categories. They group codes and cannot be coded themselves: they become codes with
    ``codable`` False; ``supercatid`` nests categories.
``code_name`` (cid, name, memo, catid, color)
    Codes, hanging under their category (``catid``).
``source`` (id, name, fulltext, mediapath)
    Documents. Only sources with a text (``fulltext``) are read; images, audio and video
    without a transcript are skipped with an info entry.
``code_text`` (ctid, cid, fid, seltext, pos0, pos1, owner)
    Coded text segments. QualCoder counts ``pos0``/``pos1`` in Python code points of
    ``fulltext``, end exclusive. Each segment is checked: ``fulltext[pos0:pos1]`` must equal
    ``seltext``. A segment whose offsets only fit when read as UTF-16 code units (texts with
    emoji coded by older versions) is converted and logged as a warning; any other mismatch,
    and offsets outside the text, are logged as errors and the segment is left out.
``attribute_type`` / ``attribute`` (name, attr_type "file"/"case", value, id)
    File attributes become document columns; case attributes reach a document through the
    cases it belongs to (``cases``/``case_text``), and the case names form the column ``case``.

The ``row`` of a log entry about a database row is that row's id (``ctid``, ``cid``, ...).
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.model.coding import (
    CODE_COLUMNS,
    CODER_COLUMNS,
    DOCUMENT_COLUMNS,
    PATH_SEPARATOR,
    SEGMENT_COLUMNS,
    CodedCorpus,
)
from kosieval.model.importlog import LogEntry

_SQLITE_MAGIC = b"SQLite format 3\x00"
_REQUIRED_TABLES = ("code_name", "source", "code_text")


def read_qualcoder(path: Path | str, *, file: str | None = None) -> tuple[CodedCorpus, list[LogEntry]]:
    """Read a QualCoder project into a :class:`~kosieval.model.coding.CodedCorpus`.

    Parameters
    ----------
    path
        The project's database (``data.qda``) or the project folder (``<name>.qda``) that holds
        it. Opened read-only; never written.
    file
        The name used in messages and the log (default: the path's name).

    Returns
    -------
    tuple[CodedCorpus, list[LogEntry]]
        The corpus (ids: ``cat:<catid>`` for categories, ``code:<cid>`` for codes, ``fid:<id>``
        for documents, the coder's name for coders) and the log of everything left out or
        converted.

    Raises
    ------
    DataFormatError
        The path is missing, is not an SQLite database, or lacks QualCoder's tables.
    """
    path = Path(path)
    database = _database_path(path)
    name = file or path.name
    connection = _connect(database)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in _REQUIRED_TABLES if t not in tables]
        if missing:
            raise DataFormatError(
                f"keine QualCoder-Datenbank, es fehlen die Tabellen {missing} / not a QualCoder database: tables "
                f"{missing} are missing (found: {sorted(tables)})",
                path=database,
                hint="pass the data.qda file (or the .qda folder) of a QualCoder project",
            )
        log: list[LogEntry] = []
        codes = _codes(connection, tables, name, log)
        documents, texts = _documents(connection, name, log)
        segments, owners = _segments(connection, texts, set(codes["id"]), name, log)
        attributes = _attributes(connection, tables, documents, name, log)
        documents = pd.concat([documents, attributes], axis=1) if len(attributes.columns) else documents
        coder_names = set(owners)
        if "coder_names" in tables:
            coder_names |= {r[0] for r in connection.execute("SELECT name FROM coder_names") if r[0]}
        detected = {"origin": "QualCoder", "offsets": "code points (QualCoder's own unit)"}
        if "project" in tables:
            row = connection.execute("SELECT databaseversion FROM project").fetchone()
            if row and row[0]:
                detected["database_version"] = str(row[0])
    except sqlite3.DatabaseError as exc:
        raise DataFormatError(f"die QualCoder-Datenbank ist nicht lesbar / the QualCoder database cannot be read: "
                              f"{exc}", path=database, hint="open the project in QualCoder once, close it, and try "
                              "again; if that fails, use one of QualCoder's backups") from None
    finally:
        connection.close()
    coders = pd.DataFrame({"id": sorted(coder_names), "name": sorted(coder_names)}, columns=list(CODER_COLUMNS),
                          dtype=object)
    corpus = CodedCorpus(codes=codes, documents=documents.reset_index(drop=True), segments=segments, coders=coders,
                         file=name, format="qualcoder", detected=detected)
    return corpus, log


def _database_path(path: Path) -> Path:
    if path.is_dir():
        database = path / "data.qda"
        if not database.is_file():
            raise DataFormatError("der Ordner enthält keine data.qda / the folder holds no data.qda", path=path,
                                  hint="pass a QualCoder project folder (<name>.qda) or its data.qda file")
        return database
    if not path.is_file():
        raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                              hint="check the path in study.yaml")
    return path


def _connect(database: Path) -> sqlite3.Connection:
    with database.open("rb") as handle:
        head = handle.read(len(_SQLITE_MAGIC))
    if head != _SQLITE_MAGIC:
        raise DataFormatError(
            "keine SQLite-Datenbank, also kein QualCoder-Projekt / not an SQLite database, so not a QualCoder project",
            path=database,
            hint="QualCoder keeps its project in <name>.qda/data.qda; for a REFI-QDA export (.qdpx) use the "
            "REFI-QDA reader",
        )
    uri = f"file:{urllib.parse.quote(str(database.resolve()))}?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise DataFormatError(f"die Datenbank lässt sich nicht öffnen / the database cannot be opened: {exc}",
                              path=database, hint="check that the file is readable") from None


def _codes(connection: sqlite3.Connection, tables: set[str], file: str, log: list[LogEntry]) -> pd.DataFrame:
    """Categories (not codable) and codes, with parents and paths."""
    rows: list[dict[str, object]] = []
    if "code_cat" in tables:
        for catid, cname, memo, supercatid in connection.execute(
                "SELECT catid, name, memo, supercatid FROM code_cat ORDER BY catid"):
            rows.append({"id": f"cat:{catid}", "name": str(cname), "parent": _ref("cat", supercatid), "color": None,
                         "codable": False, "description": memo or None, "_row": catid, "_table": "code_cat"})
    for cid, cname, memo, catid, color in connection.execute(
            "SELECT cid, name, memo, catid, color FROM code_name ORDER BY cid"):
        rows.append({"id": f"code:{cid}", "name": str(cname), "parent": _ref("cat", catid), "color": color or None,
                     "codable": True, "description": memo or None, "_row": cid, "_table": "code_name"})
    ids = {r["id"] for r in rows}
    for row in rows:
        if row["parent"] is not None and row["parent"] not in ids:
            log.append(LogEntry(file, int(row["_row"]), f"{row['_table']}.catid", str(row["parent"]), "top level",
                                "parent removed", f"{row['name']!r} names category {row['parent']} that does not "
                                "exist; it is placed at the top level of the code tree", "warning"))
            row["parent"] = None
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        names, seen, current = [], set(), row
        while current is not None:
            if current["id"] in seen:
                log.append(LogEntry(file, int(row["_row"]), f"{row['_table']}", str(row["name"]), "top level",
                                    "parent removed", "the categories above this entry form a loop; it is placed "
                                    "at the top level of the code tree", "error"))
                row["parent"] = None
                names = [str(row["name"])]
                break
            seen.add(current["id"])
            names.append(str(current["name"]))
            current = by_id.get(current["parent"]) if current["parent"] is not None else None
        row["path"] = PATH_SEPARATOR.join(reversed(names))
    frame = pd.DataFrame(rows, columns=[*CODE_COLUMNS, "_row", "_table"], dtype=object)
    frame["codable"] = frame["codable"].astype(bool)
    return frame[list(CODE_COLUMNS)]


def _ref(prefix: str, value: object) -> str | None:
    return None if value is None or value == "" else f"{prefix}:{value}"


def _documents(connection: sqlite3.Connection, file: str,
               log: list[LogEntry]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Text sources as documents (index = source id); the texts by document id."""
    rows: list[dict[str, object]] = []
    texts: dict[str, str] = {}
    for fid, sname, fulltext, mediapath in connection.execute(
            "SELECT id, name, fulltext, mediapath FROM source ORDER BY id"):
        if fulltext is None:
            log.append(LogEntry(file, int(fid), "source", str(sname), None, "source skipped",
                                f"{sname!r} has no text ({mediapath or 'no media path'}): images, audio and video "
                                "are not read; codings on their transcripts are", "info"))
            continue
        doc_id = f"fid:{fid}"
        texts[doc_id] = str(fulltext)
        rows.append({"id": doc_id, "name": str(sname), "text": str(fulltext), "_fid": fid})
    frame = pd.DataFrame(rows, columns=[*DOCUMENT_COLUMNS, "_fid"], dtype=object)
    frame.index = pd.Index(frame["_fid"].tolist(), name="fid")
    return frame[list(DOCUMENT_COLUMNS)], texts


def _segments(connection: sqlite3.Connection, texts: dict[str, str], code_ids: set[str], file: str,
              log: list[LogEntry]) -> tuple[pd.DataFrame, list[str]]:
    """The placeable coded text segments, checked against the document text."""
    columns = {r[1] for r in connection.execute("PRAGMA table_info(code_text)")}
    key = "ctid" if "ctid" in columns else "rowid"
    rows: list[dict[str, object]] = []
    owners: list[str] = []
    query = f"SELECT {key}, cid, fid, seltext, pos0, pos1, owner FROM code_text ORDER BY fid, pos0, {key}"
    for ctid, cid, fid, seltext, pos0, pos1, owner in connection.execute(query):
        where = f"code_text (ctid {ctid})"
        shown = _short(seltext)
        doc_id, code_id = f"fid:{fid}", f"code:{cid}"
        if code_id not in code_ids:
            log.append(_dropped(file, ctid, "cid", str(cid), f"{where} names code {cid}, which is not in code_name"))
            continue
        if doc_id not in texts:
            log.append(_dropped(file, ctid, "fid", str(fid), f"{where} names source {fid}, which is not a text "
                                "source of the project"))
            continue
        text = texts[doc_id]
        if not isinstance(pos0, int) or not isinstance(pos1, int):
            log.append(_dropped(file, ctid, "pos0/pos1", f"{pos0}/{pos1}", f"{where}: the offsets are not whole "
                                "numbers"))
            continue
        inside = 0 <= pos0 < pos1 <= len(text)
        start, end = pos0, pos1
        if not inside or (seltext is not None and text[pos0:pos1] != seltext):
            converted = _utf16_offsets(text, pos0, pos1)
            if seltext is not None and converted is not None and text[converted[0]:converted[1]] == seltext:
                start, end = converted
                log.append(LogEntry(file, int(ctid), "code_text.pos0/pos1", f"{pos0}-{pos1}", f"{start}-{end}",
                                    "offsets converted", f"{where}: the offsets count UTF-16 units (emoji count "
                                    "twice); converted to characters, the text matches", "warning"))
            elif not inside:
                log.append(_dropped(file, ctid, "pos0/pos1", f"{pos0}-{pos1}: {shown}", f"{where}: characters "
                                    f"{pos0}-{pos1} lie outside the text of the document ({len(text)} characters) "
                                    "or enclose nothing; the document was probably edited after coding. Re-code "
                                    "it in QualCoder"))
                continue
            else:
                log.append(_dropped(file, ctid, "seltext", shown, f"{where}: the text at {pos0}-{pos1} "
                                    f"({_short(text[pos0:pos1])}) is not the coded text QualCoder stored; the "
                                    "document was probably edited after coding. Check the coding in QualCoder"))
                continue
        coder = str(owner) if owner not in (None, "") else None
        if coder is not None:
            owners.append(coder)
        rows.append({"document": doc_id, "code": code_id, "coder": coder, "start": start, "end": end,
                     "text": text[start:end]})
    frame = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))
    frame = frame.astype({"document": object, "code": object, "coder": object, "start": "int64", "end": "int64",
                          "text": object})
    return frame, owners


def _dropped(file: str, row: int, column: str, value: str, reason: str) -> LogEntry:
    return LogEntry(file, int(row), f"code_text.{column}", value, "dropped", "segment dropped", reason, "error")


def _short(text: object, limit: int = 60) -> str:
    value = "" if text is None else str(text).replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _utf16_offsets(text: str, pos0: int, pos1: int) -> tuple[int, int] | None:
    """``pos0``/``pos1`` read as UTF-16 code units, converted to code points (None when not applicable)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    units = 0
    found: dict[int, int] = {}
    for index, char in enumerate(text):
        if units in (pos0, pos1):
            found[units] = index
        units += 2 if ord(char) >= 0x10000 else 1
    if units in (pos0, pos1):
        found[units] = len(text)
    if pos0 in found and pos1 in found and found[pos1] > found[pos0]:
        return found[pos0], found[pos1]
    return None


def _attributes(connection: sqlite3.Connection, tables: set[str], documents: pd.DataFrame, file: str,
                log: list[LogEntry]) -> pd.DataFrame:
    """File and case attributes as columns, indexed like ``documents`` (by source id)."""
    result = pd.DataFrame(index=documents.index)
    if "attribute" not in tables:
        return result
    types: dict[str, str] = {}
    if "attribute_type" in tables:
        types = {str(n): str(v or "") for n, v in connection.execute("SELECT name, valuetype FROM attribute_type")}
    fids = set(documents.index)
    values: dict[str, dict[int, object]] = defaultdict(dict)
    for attrid, aname, value, target in connection.execute(
            "SELECT attrid, name, value, id FROM attribute WHERE attr_type = 'file' ORDER BY attrid"):
        if target in fids and value not in (None, ""):
            values[str(aname)][target] = _value(value, types.get(str(aname), ""), file, attrid, str(aname), log)
    if {"cases", "case_text"} <= tables:
        case_names = {cid: str(n) for cid, n in connection.execute("SELECT caseid, name FROM cases")}
        members: dict[int, list[int]] = defaultdict(list)
        for caseid, fid in connection.execute("SELECT DISTINCT caseid, fid FROM case_text ORDER BY caseid"):
            if fid in fids and caseid in case_names and caseid not in members[fid]:
                members[fid].append(caseid)
        case_values: dict[str, dict[int, object]] = defaultdict(dict)
        for attrid, aname, value, target in connection.execute(
                "SELECT attrid, name, value, id FROM attribute WHERE attr_type = 'case' ORDER BY attrid"):
            if value not in (None, ""):
                case_values[str(aname)][target] = _value(value, types.get(str(aname), ""), file, attrid,
                                                         str(aname), log)
        if members:
            values["case"] = {fid: "; ".join(case_names[c] for c in cases) for fid, cases in members.items()}
        for aname, by_case in case_values.items():
            if aname in values:
                log.append(LogEntry(file, None, f"attribute.{aname}", aname, None, "attribute skipped",
                                    f"the case attribute {aname!r} has the name of a file attribute or of the "
                                    "column 'case'; the file attribute is kept", "warning"))
                continue
            for fid, cases in members.items():
                found = [by_case[c] for c in cases if c in by_case]
                distinct = list(dict.fromkeys(found))
                if len(distinct) == 1:
                    values[aname][fid] = distinct[0]
                elif len(distinct) > 1:
                    joined = "; ".join(str(v) for v in distinct)
                    values[aname][fid] = joined
                    log.append(LogEntry(file, int(fid), f"attribute.{aname}", joined, joined, "values joined",
                                        f"document {documents.loc[fid, 'name']!r} belongs to several cases with "
                                        f"different values of {aname!r}; they are kept together as text",
                                        "warning"))
    for aname, by_fid in values.items():
        if aname in DOCUMENT_COLUMNS:
            log.append(LogEntry(file, None, f"attribute.{aname}", aname, f"attribute {aname}", "attribute renamed",
                                f"the attribute {aname!r} has the name of a document column", "warning"))
            aname = f"attribute {aname}"
        result[aname] = pd.Series(by_fid, dtype=object).reindex(result.index)
    return result


def _value(value: object, valuetype: str, file: str, attrid: int, name: str, log: list[LogEntry]) -> object:
    """An attribute value: a number for numeric attributes where it reads as one, else the text."""
    if valuetype != "numeric" or isinstance(value, (int, float)):
        return value
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        log.append(LogEntry(file, int(attrid), f"attribute.{name}", str(value), str(value), "kept as text",
                            f"the numeric attribute {name!r} holds {value!r}, which is not a number", "warning"))
        return str(value)
    return int(number) if number.is_integer() else number
