r"""Coded-segment tables: MAXQDA "Coded segments", ATLAS.ti quotation lists, generic CSV.

These exports list one coded segment (or quotation) per row, with the segment's text but —
unlike a project file — not the full text of the documents. What that allows:

MAXQDA (``format="maxqda"``)
    Headings in German or English: Dokumentgruppe/Document group, Dokumentname/Document
    name, Code (the code's path, parts joined with ``\`` or, in newer versions, `` > ``),
    Anfang/Begin, Ende/End, Segment, Erstellt von/Created by (Autor/Author), Farbe/Color,
    Gewicht/Weight score, Kommentar/Comment, Fläche/Area, Abdeckungsgrad %/Coverage %.
    Begin and End are **paragraph numbers** in text documents, not characters.
ATLAS.ti (``format="atlasti"``)
    The quotation list exported from the Quotation Manager: ID (``3:10`` = document 3, 10th
    quotation), Quotation Name, Document, Document Groups, Codes (several codes in one cell,
    one per line, or comma-separated), Start/End (paragraph numbers for text; ``page:character``
    for PDF documents), Reference (``¶ 3 – 5``), Quotation Content, Created by.
    Positions are **paragraphs** too: they place a quotation to the paragraph, never to the
    character.
generic (``format="generic"``)
    Columns ``document``, ``code``, ``coder``, ``start``, ``end``, ``text``; ``start``/``end``
    are code points, end exclusive (Python slicing). ``document`` and ``code`` are required.

Character offsets come from the document texts when they are given (``documents``: a mapping
name -> text, or a folder of ``.txt`` files named like the documents): each segment is located
by its text, within its paragraphs where the text occurs several times (whitespace may differ).
Without the document text, each document's text is **reconstructed** as its segments joined by
blank lines, in the order of their paragraphs (a passage coded with several codes appears once):
code frequencies and co-occurrence of codes on the same passage and in the same document still
work, distances between segments (proximity) do not. ``CodedCorpus.detected["offsets"]`` says
which applies. A generic table with ``start``/``end`` but no document text keeps those offsets
and leaves the document text empty (None).

Code paths become a code tree: every parent is a code as well; leaves and parents that carry
segments of their own are ``codable``. The document group becomes the attribute column
``document_group``. Every row that cannot be used is logged with file, line, column and value.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.io.delimited import read_table, separator_name, sniff_separator
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.spreadsheet import read_xlsx, workbook_sheets, xlsx_header
from kosieval.io.values import cell_text
from kosieval.model.coding import (
    CODE_COLUMNS,
    CODER_COLUMNS,
    DOCUMENT_COLUMNS,
    PATH_SEPARATOR,
    SEGMENT_COLUMNS,
    CodedCorpus,
)
from kosieval.model.importlog import LogEntry

TableFormat = Literal["maxqda", "atlasti", "generic"]
GROUP_ATTRIBUTE = "document_group"
RECONSTRUCTED = ("reconstructed: each document's text is its segments joined by blank lines; frequencies and "
                 "co-occurrence work, proximity does not")

# Column name -> accepted headings (compared case-insensitively).
_MAXQDA = {
    "document": ("Dokumentname", "Document name", "Document"),
    "group": ("Dokumentgruppe", "Document group"),
    "code": ("Code",),
    "begin": ("Anfang", "Begin", "Beginning", "Start"),
    "end": ("Ende", "End"),
    "text": ("Segment",),
    "coder": ("Erstellt von", "Created by", "Autor", "Author"),
    "color": ("Farbe", "Color", "Colour"),
}
_ATLASTI = {
    "document": ("Document", "Dokument", "Document name", "Dokumentname", "Primary Document"),
    "group": ("Document Groups", "Dokumentgruppen", "Document Group", "Dokumentgruppe"),
    "code": ("Codes", "Code", "Kodes"),
    "begin": ("Start", "Anfang", "Beginn"),
    "end": ("End", "Ende"),
    "reference": ("Reference", "Referenz"),
    "text": ("Quotation Content", "Content", "Zitatinhalt", "Inhalt", "Quotation", "Zitat", "Text"),
    "coder": ("Created by", "Erstellt von", "Author", "Autor"),
}
_GENERIC = {
    "document": ("document",),
    "code": ("code",),
    "coder": ("coder",),
    "begin": ("start",),
    "end": ("end",),
    "text": ("text",),
}
_LAYOUTS: dict[str, tuple[dict[str, tuple[str, ...]], tuple[str, ...], str]] = {
    "maxqda": (_MAXQDA, ("document", "code", "text"), "MAXQDA"),
    "atlasti": (_ATLASTI, ("document", "code", "text"), "ATLAS.ti"),
    "generic": (_GENERIC, ("document", "code"), "generic CSV"),
}
_HEX_COLOR = re.compile(r"^#?([0-9A-Fa-f]{6})$")
_PARAGRAPH_MARK = re.compile(r"¶\s*(\d+)(?:\s*[-–—]\s*(\d+))?")
_POSITION = re.compile(r"^\s*(\d+)(?:\s*:\s*\d+)?\s*$")
_ATLAS_DOC_PREFIX = re.compile(r"^D\s*\d+\s*:\s*")


def detect_table_format(columns: list[str]) -> TableFormat | None:
    """The layout a coded-segment table's headings belong to, or None.

    ``document``/``code`` in lower case is the generic layout; a ``Segment`` column with a
    document name is MAXQDA's "Coded segments" export; quotation content, ``Codes`` or a
    ``Reference`` column is ATLAS.ti's quotation export.
    """
    names = {str(c).strip() for c in columns}
    if {"document", "code"} <= names:
        return "generic"
    maxqda = _match_columns(pd.Index(list(names)), _MAXQDA)
    if {"document", "code", "text"} <= maxqda.keys() and maxqda["text"].casefold() == "segment":
        return "maxqda"
    atlas = _match_columns(pd.Index(list(names)), _ATLASTI)
    if {"document", "code", "text"} <= atlas.keys():
        return "atlasti"
    return None


@dataclass(frozen=True)
class _Row:
    """One usable row: a segment with one or more code paths."""

    line: int
    document: str
    codes: tuple[tuple[str, ...], ...]
    coder: str | None
    text: str | None
    first: int | None
    last: int | None
    group: str | None
    color: str | None


def read_segment_table(
    path: Path | str,
    *,
    format: TableFormat = "maxqda",
    file: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    documents: Mapping[str, str] | Path | str | None = None,
    code_separator: str | None = None,
) -> tuple[CodedCorpus, list[LogEntry]]:
    r"""Read a coded-segment table (CSV or Excel) into a :class:`~kosieval.model.coding.CodedCorpus`.

    Parameters
    ----------
    path
        The export (``.xlsx``/``.xlsm`` as Excel, anything else as CSV/TSV). Never written.
    format
        ``"maxqda"``, ``"atlasti"`` or ``"generic"`` (see the module docstring).
    file
        The name used in messages and the log (default: the path's name).
    encoding
        The CSV's encoding instead of detection (BOM, UTF-8, cp1252).
    sheet
        The workbook's sheet (default: the first).
    documents
        The documents' texts: a mapping document name -> text, or a folder of ``.txt`` files
        (UTF-8 or cp1252) named like the documents. Without them, texts are reconstructed from
        the segments (see the module docstring). Documents given here without segments are
        kept as documents without codings.
    code_separator
        ATLAS.ti and generic tables: split code names on this string into a code tree (e.g.
        ``"/"``, ``" > "``). MAXQDA paths are always split (``\`` and `` > ``).

    Returns
    -------
    tuple[CodedCorpus, list[LogEntry]]
        Document ids are the document names, code ids the code paths (`` > ``), coder ids the
        user names.

    Raises
    ------
    DataFormatError
        Unknown format, unreadable file, or required columns missing (naming the columns found
        and the ones expected).
    """
    if format not in _LAYOUTS:
        raise DataFormatError(f"unbekanntes Format / unknown format {format!r}", path=path,
                              hint="use format 'maxqda', 'atlasti' or 'generic'")
    path = Path(path)
    name = file or path.name
    layout, required, label = _LAYOUTS[format]
    frame, detected, log = _read_cells(path, name=name, encoding=encoding, sheet=sheet)
    columns = _match_columns(frame.columns, layout)
    missing = [key for key in required if key not in columns]
    if missing:
        expected = "; ".join(" / ".join(layout[key]) for key in missing)
        raise DataFormatError(
            f"Pflichtspalten fehlen / required columns are missing: {expected} (gefunden/found: "
            f"{', '.join(map(str, frame.columns)) or 'none'})",
            path=path,
            line=1,
            hint=f"is this a {label} coded-segment export? Check format= and that the first row holds the headings",
        )
    detected = {"format": f"{label} coded segments", **detected}
    if format == "maxqda":
        german = columns["document"] == "Dokumentname"
        detected["language"] = "German headings" if german else "English headings"
    texts = _document_texts(documents, path=path)
    if format == "generic" and "begin" in columns and "end" in columns:
        return _generic_with_offsets(frame, columns, texts, name=name, log=log, detected=detected,
                                     code_separator=code_separator)
    rows = _rows(frame, columns, format=format, name=name, log=log, code_separator=code_separator)
    return _assemble(rows, texts, name=name, format=format, log=log, detected=detected)


# -- reading the cells -----------------------------------------------------------------------------------------


def _read_cells(path: Path, *, name: str, encoding: str | None,
                sheet: str | None) -> tuple[pd.DataFrame, dict[str, str], list[LogEntry]]:
    """The table as text cells (None for empty), index = line/row in the file; duplicate headings numbered."""
    log: list[LogEntry] = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        named = [h for h in xlsx_header(path, sheet=sheet) if h]
        if len(set(named)) < len(named):
            data, sheet_name = _xlsx_with_repeated_headings(path, sheet=sheet, name=name, log=log)
            detected = {"sheet": sheet_name}
        else:
            raw = read_xlsx(path, sheet=sheet, file=name)
            data, detected = raw.data, dict(raw.detected)
            detected.pop("format", None)
            log.extend(raw.log)
    else:
        if not path.is_file():
            raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                                  hint="check the path in study.yaml")
        decoded = decode_file(path, encoding=encoding)
        if decoded.fallback:
            log.append(guessed_encoding_entry(name, decoded))
        text = _number_repeated_csv_headings(decoded.text, name=name, log=log)
        first = text.split("\n", 1)[0]
        names = next(csv.reader(io.StringIO(first), delimiter=sniff_separator(first)), [])
        table = read_table(text, path=path, text_columns=[n.strip() for n in names])
        data = table.data
        detected = {"encoding": decoded.description, "separator": separator_name(table.separator)}
    cells = pd.DataFrame({c: pd.Series([_cell(v) for v in data[c].tolist()], index=data.index, dtype=object)
                          for c in data.columns}, index=data.index, columns=data.columns)
    return cells, detected, log


def _cell(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = value if isinstance(value, str) else cell_text(value)
    return text if text.strip() else None


def _numbered(names: list[str], *, name: str, log: list[LogEntry], line: int) -> list[str]:
    """Number the second and later occurrences of a heading: ``Dokumentname (2)``."""
    seen: dict[str, int] = {}
    result = []
    for heading in names:
        key = heading.strip()
        if not key:
            result.append(heading)
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            new = f"{key} ({seen[key]})"
            log.append(LogEntry(name, line, key, key, new, "column renamed", "the heading occurs more than once "
                                "(MAXQDA repeats document name and group before the document variables); the "
                                "first column of that name is used", "info"))
            result.append(new)
        else:
            result.append(heading)
    return result


def _number_repeated_csv_headings(text: str, *, name: str, log: list[LogEntry]) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = text.partition("\n")
    separator = sniff_separator(first)
    names = next(csv.reader(io.StringIO(first), delimiter=separator), [])
    stripped = [n.strip() for n in names if n.strip()]
    if len(set(stripped)) == len(stripped):
        return text
    numbered = _numbered(list(names), name=name, log=log, line=1)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="").writerow(numbered)
    return buffer.getvalue() + "\n" + rest


def _xlsx_with_repeated_headings(path: Path, *, sheet: str | None, name: str,
                                 log: list[LogEntry]) -> tuple[pd.DataFrame, str]:
    sheets = workbook_sheets(path, only=sheet)
    sheet_name = sheet or next(iter(sheets))
    rows = sheets[sheet_name]
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    names = _numbered(header, name=name, log=log, line=1)
    names = [h or f"(Spalte/column {i + 1})" for i, h in enumerate(names)]
    records, lines = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row[: len(names)]) + [None] * (len(names) - len(row))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        records.append(cells)
        lines.append(number)
    return pd.DataFrame(records, columns=names, index=pd.Index(lines, name="line"), dtype=object), sheet_name


def _match_columns(columns: pd.Index, layout: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Our key -> the file's column, for the first heading (case-insensitive) that the file has."""
    by_folded = {}
    for column in columns:
        by_folded.setdefault(str(column).strip().casefold(), column)
    found: dict[str, str] = {}
    for key, headings in layout.items():
        for heading in headings:
            if heading.casefold() in by_folded and by_folded[heading.casefold()] not in found.values():
                found[key] = by_folded[heading.casefold()]
                break
    return found


# -- document texts --------------------------------------------------------------------------------------------


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def _document_texts(documents: Mapping[str, str] | Path | str | None, *, path: Path) -> dict[str, tuple[str, str]]:
    """Folded name -> (name, text) of the given documents."""
    if documents is None:
        return {}
    if isinstance(documents, Mapping):
        return {_key(str(k)): (str(k), str(v)) for k, v in documents.items()}
    folder = Path(documents)
    if not folder.is_dir():
        raise DataFormatError("der Ordner mit den Dokumenttexten fehlt / the folder of document texts does not exist",
                              path=folder, hint="pass a folder of .txt files named like the documents")
    texts: dict[str, tuple[str, str]] = {}
    for txt in sorted(folder.glob("*.txt")):
        text = decode_file(txt).text
        texts[_key(txt.stem)] = (unicodedata.normalize("NFC", txt.stem), text)
    if not texts:
        raise DataFormatError("der Ordner enthält keine .txt-Dateien / the folder holds no .txt files", path=folder,
                              hint="export the documents as plain text (.txt), one file per document")
    return texts


def _lookup(texts: dict[str, tuple[str, str]], document: str) -> str | None:
    """The key in ``texts`` of the document's text: its name, without ATLAS.ti's ``D 3:`` or a file extension."""
    candidates = [document, _ATLAS_DOC_PREFIX.sub("", document)]
    if document.lower().endswith((".txt", ".docx", ".doc", ".rtf", ".pdf", ".odt")):
        candidates.append(document.rsplit(".", 1)[0])
    return next((_key(c) for c in candidates if _key(c) in texts), None)


# -- rows --------------------------------------------------------------------------------------------------------


def _rows(frame: pd.DataFrame, columns: dict[str, str], *, format: str, name: str, log: list[LogEntry],
          code_separator: str | None) -> list[_Row]:
    """The usable rows; every unusable one logged."""
    rows: list[_Row] = []
    get = {key: frame[column] for key, column in columns.items()}
    for line in frame.index:
        def value(key: str, _line: object = line) -> str | None:
            return get[key][_line] if key in get else None

        document, code_cell, text = value("document"), value("code"), value("text")
        if document is None:
            log.append(_drop(name, line, columns["document"], None, "the row names no document"))
            continue
        if code_cell is None:
            if format == "atlasti":
                log.append(LogEntry(name, int(line), columns["code"], None, None, "row skipped",
                                    "a quotation without codes is not a coded segment", "info"))
            else:
                log.append(_drop(name, line, columns["code"], None, "the row names no code"))
            continue
        if text is None and format != "generic":
            log.append(_drop(name, line, columns["text"], None, "the segment has no text (an image, audio or "
                             "video segment?), so it cannot be placed in the document"))
            continue
        codes = _code_paths(code_cell, format=format, separator=code_separator)
        if not codes:
            log.append(_drop(name, line, columns["code"], code_cell, "the code cell holds no code name"))
            continue
        first, last = _positions(value, columns, line=line, name=name, log=log, format=format)
        group = value("group")
        if group is not None and format == "atlasti":
            group = "; ".join(g.strip() for g in re.split(r"[\n]+", group) if g.strip())
        rows.append(_Row(int(line), document.strip(), codes, _strip(value("coder")), text, first, last, group,
                         _color(value("color"))))
    return rows


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def _drop(name: str, line: object, column: str, value: str | None, reason: str) -> LogEntry:
    return LogEntry(name, int(line), column, value, "dropped", "row dropped", reason, "error")  # type: ignore[arg-type]


def _code_paths(cell: str, *, format: str, separator: str | None) -> tuple[tuple[str, ...], ...]:
    if format == "atlasti":
        parts = cell.splitlines() if "\n" in cell else cell.split(",")
        names = [p.strip() for p in parts if p.strip()]
    else:
        names = [cell.strip()]
    paths = []
    for code in names:
        if format == "maxqda":
            pieces = code.split(" > ") if " > " in code else code.split("\\")
        elif separator:
            pieces = code.split(separator)
        else:
            pieces = [code]
        path = tuple(p.strip() for p in pieces if p.strip())
        if path and path not in paths:
            paths.append(path)
    return tuple(paths)


def _positions(value: Callable[[str], str | None], columns: dict[str, str], *, line: object, name: str,
               log: list[LogEntry], format: str) -> tuple[int | None, int | None]:
    """The first and last paragraph of a MAXQDA/ATLAS.ti row (None where not given or not readable)."""
    if format == "generic":
        return None, None
    result: list[int | None] = []
    for key in ("begin", "end"):
        raw = value(key)
        if raw is None:
            result.append(None)
            continue
        match = _POSITION.match(raw)
        if match is None:
            log.append(LogEntry(name, int(line), columns[key], raw, None, "position ignored",  # type: ignore[arg-type]
                                "not a paragraph number; the segment is placed by its text alone", "warning"))
            result.append(None)
        else:
            result.append(int(match.group(1)))
    first, last = result
    if first is None and "reference" in columns and value("reference") is not None:
        mark = _PARAGRAPH_MARK.search(value("reference"))
        if mark:
            first = int(mark.group(1))
            last = int(mark.group(2)) if mark.group(2) else first
    if first is not None and last is not None and last < first:
        log.append(LogEntry(name, int(line), columns.get("end"), str(last), None, "position ignored",  # type: ignore[arg-type]
                            f"the segment ends (paragraph {last}) before it begins (paragraph {first})", "warning"))
        last = first
    return first, last if last is not None else first


def _color(value: str | None) -> str | None:
    match = _HEX_COLOR.match(value.strip()) if value else None
    return f"#{match.group(1).upper()}" if match else None


# -- placing segments ------------------------------------------------------------------------------------------


def _locate(text: str, segment: str, first: int | None, last: int | None) -> tuple[int, int, bool] | None:
    """Start, end and whether the choice was ambiguous, of ``segment`` in ``text`` (None: not found)."""
    needle = segment.strip()
    spans: list[tuple[int, int]] = []
    index = text.find(needle)
    while index != -1:
        spans.append((index, index + len(needle)))
        index = text.find(needle, index + 1)
    if not spans:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in needle.split()))
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        return None
    if len(spans) == 1:
        return spans[0][0], spans[0][1], False
    if first is not None:
        for start, end in spans:
            if _in_paragraphs(text, start, first, last if last is not None else first):
                return start, end, False
    return spans[0][0], spans[0][1], True


def _in_paragraphs(text: str, position: int, first: int, last: int) -> bool:
    """Whether ``position`` lies in paragraphs first..last, counting all lines or only non-empty ones."""
    before = text[:position]
    every = before.count("\n") + 1
    lines = before.split("\n")
    filled = sum(1 for line in lines[:-1] if line.strip()) + 1
    return first <= every <= last or first <= filled <= last


def _assemble(rows: list[_Row], texts: dict[str, tuple[str, str]], *, name: str, format: str,
              log: list[LogEntry], detected: dict[str, str]) -> tuple[CodedCorpus, list[LogEntry]]:
    """Documents, codes and placed segments from the usable rows."""
    by_document: dict[str, list[_Row]] = {}
    for row in rows:
        by_document.setdefault(row.document, []).append(row)
    documents: dict[str, str | None] = {}
    groups: dict[str, str] = {}
    placed: list[tuple[_Row, str, int, int]] = []
    reconstructed: list[str] = []
    matched: set[str] = set()
    for document, doc_rows in by_document.items():
        found = _lookup(texts, document)
        if found is None:
            if texts:
                log.append(LogEntry(name, None, None, document, None, "text reconstructed",
                                    f"no text was given for document {document!r}; its text is reconstructed from "
                                    "its segments (no proximity analysis for it)", "warning"))
            reconstructed.append(document)
            text, spans = _reconstruct(doc_rows)
            documents[document] = text
            placed.extend((row, document, start, end) for row, (start, end) in zip(doc_rows, spans))
        else:
            matched.add(found)
            text = texts[found][1]
            documents[document] = text
            for row in doc_rows:
                location = _locate(text, row.text or "", row.first, row.last)
                if location is None:
                    log.append(_drop(name, row.line, "text", _short(row.text),
                                     f"the segment text was not found in the text of document {document!r}; check "
                                     "that the document text is the version that was coded"))
                    continue
                start, end, ambiguous = location
                if ambiguous:
                    log.append(LogEntry(name, row.line, "text", _short(row.text), f"{start}-{end}",
                                        "first occurrence used", "the segment text occurs several times in the "
                                        "document and its paragraphs do not decide; the first occurrence is used",
                                        "warning"))
                placed.append((row, document, start, end))
        for row in doc_rows:
            if row.group is None:
                continue
            if document not in groups:
                groups[document] = row.group
            elif groups[document] != row.group:
                log.append(LogEntry(name, row.line, "document group", row.group, groups[document],
                                    "value ignored", f"document {document!r} was listed in group "
                                    f"{groups[document]!r} before; the first group is kept", "warning"))
    for key, (given_name, text) in texts.items():
        if key not in matched and given_name not in documents:
            documents[given_name] = text
    if texts and not reconstructed:
        detected["offsets"] = "located by segment text in the given document texts"
    elif texts:
        detected["offsets"] = f"located in the given texts; {len(reconstructed)} document(s) {RECONSTRUCTED}"
    else:
        detected["offsets"] = RECONSTRUCTED
    doc_frame = pd.DataFrame({"id": list(documents), "name": list(documents), "text": list(documents.values())},
                             columns=list(DOCUMENT_COLUMNS), dtype=object)
    if groups:
        doc_frame[GROUP_ATTRIBUTE] = doc_frame["name"].map(groups).astype(object)
    segments = []
    for row, document, start, end in placed:
        text = documents[document]
        for path in row.codes:
            segments.append({"document": document, "code": PATH_SEPARATOR.join(path), "coder": row.coder,
                             "start": start, "end": end, "text": text[start:end] if text is not None else row.text})
    return _corpus(rows, segments, doc_frame, name=name, format=format, detected=detected), log


def _reconstruct(rows: list[_Row]) -> tuple[str, list[tuple[int, int]]]:
    """A document text made of its segments (each passage once, in paragraph order), and each row's span."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].first if rows[i].first is not None else 1 << 30,
                                                    rows[i].line))
    spans: dict[int, tuple[int, int]] = {}
    seen: dict[tuple[int | None, int | None, str], tuple[int, int]] = {}
    parts: list[str] = []
    length = 0
    for i in order:
        row = rows[i]
        passage = (row.text or "").strip()
        key = (row.first, row.last, " ".join(passage.split()))
        if key not in seen:
            if parts:
                length += 2
            seen[key] = (length, length + len(passage))
            parts.append(passage)
            length += len(passage)
        spans[i] = seen[key]
    return "\n\n".join(parts), [spans[i] for i in range(len(rows))]


def _short(text: str | None, limit: int = 60) -> str | None:
    if text is None:
        return None
    value = text.replace("\n", " ").strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _corpus(rows: list[_Row], segments: list[dict[str, object]], documents: pd.DataFrame, *, name: str,
            format: str, detected: dict[str, str]) -> CodedCorpus:
    """Codes from the code paths of ``rows``, coders from ``segments``, and the corpus."""
    codes: dict[str, dict[str, object]] = {}
    used = {s["code"] for s in segments}
    for row in rows:
        for path in row.codes:
            for depth in range(1, len(path) + 1):
                code_id = PATH_SEPARATOR.join(path[:depth])
                if code_id not in codes:
                    codes[code_id] = {"id": code_id, "name": path[depth - 1],
                                      "parent": PATH_SEPARATOR.join(path[: depth - 1]) or None, "path": code_id,
                                      "color": None, "codable": False, "description": None, "_leaf": False}
                if depth == len(path):
                    codes[code_id]["_leaf"] = True
                    if codes[code_id]["color"] is None and row.color is not None:
                        codes[code_id]["color"] = row.color
    parents = {c["parent"] for c in codes.values() if c["parent"] is not None}
    for code in codes.values():
        code["codable"] = code["id"] not in parents or code["id"] in used
    code_frame = pd.DataFrame(list(codes.values()), columns=list(CODE_COLUMNS), dtype=object)
    code_frame["codable"] = code_frame["codable"].astype(bool)
    segment_frame = pd.DataFrame(segments, columns=list(SEGMENT_COLUMNS))
    segment_frame = segment_frame.astype({"document": object, "code": object, "coder": object, "start": "int64",
                                          "end": "int64", "text": object})
    coders = sorted({str(s["coder"]) for s in segments if s["coder"] is not None})
    coder_frame = pd.DataFrame({"id": coders, "name": coders}, columns=list(CODER_COLUMNS), dtype=object)
    return CodedCorpus(codes=code_frame, documents=documents, segments=segment_frame, coders=coder_frame, file=name,
                       format=format, detected=detected)


# -- generic tables with offsets -----------------------------------------------------------------------------------


def _generic_with_offsets(frame: pd.DataFrame, columns: dict[str, str], texts: dict[str, tuple[str, str]], *,
                          name: str, log: list[LogEntry], detected: dict[str, str],
                          code_separator: str | None) -> tuple[CodedCorpus, list[LogEntry]]:
    """A generic table with start/end: offsets taken as given, checked against the text where there is one."""
    rows: list[_Row] = []
    offsets: dict[int, tuple[int, int]] = {}
    for line in frame.index:
        cells = {key: frame.at[line, column] for key, column in columns.items()}
        document, code_cell = cells.get("document"), cells.get("code")
        if document is None:
            log.append(_drop(name, line, columns["document"], None, "the row names no document"))
            continue
        if code_cell is None:
            log.append(_drop(name, line, columns["code"], None, "the row names no code"))
            continue
        bounds = []
        for key in ("begin", "end"):
            raw = cells.get(key)
            try:
                bounds.append(int(str(raw).strip()))
            except ValueError:
                bounds.append(None)
                log.append(_drop(name, line, columns[key], raw, "start and end must be whole numbers (characters, "
                                 "counted from 0, end exclusive)"))
                break
        if len(bounds) < 2 or None in bounds:
            continue
        start, end = bounds
        if start < 0 or end <= start:
            log.append(_drop(name, line, columns["end"], f"{start}-{end}", "the segment must start at 0 or later "
                             "and end after it starts"))
            continue
        codes = _code_paths(code_cell, format="generic", separator=code_separator)
        rows.append(_Row(int(line), document.strip(), codes, _strip(cells.get("coder")), cells.get("text"), None,
                         None, None, None))
        offsets[int(line)] = (start, end)
    documents: dict[str, str | None] = {}
    segments: list[dict[str, object]] = []
    kept: list[_Row] = []
    matched: set[str] = set()
    for row in rows:
        if row.document not in documents:
            found = _lookup(texts, row.document)
            if found is not None:
                matched.add(found)
            elif texts:
                log.append(LogEntry(name, None, None, row.document, None, "no text",
                                    f"no text was given for document {row.document!r}; its segments keep their "
                                    "offsets unchecked", "warning"))
            documents[row.document] = texts[found][1] if found is not None else None
        text = documents[row.document]
        start, end = offsets[row.line]
        if text is not None:
            if end > len(text):
                log.append(_drop(name, row.line, columns["end"], str(end), f"the segment ends after the end of the "
                                 f"text of document {row.document!r} ({len(text)} characters)"))
                continue
            if row.text is not None and " ".join(text[start:end].split()) != " ".join(row.text.split()):
                log.append(_drop(name, row.line, columns.get("text", "text"), _short(row.text),
                                 f"the text at {start}-{end} of document {row.document!r} is "
                                 f"{_short(text[start:end])!r}, not the text of the row; are the offsets counted "
                                 "in characters from 0?"))
                continue
        kept.append(row)
        for path in row.codes:
            segments.append({"document": row.document, "code": PATH_SEPARATOR.join(path), "coder": row.coder,
                             "start": start, "end": end, "text": text[start:end] if text is not None else row.text})
    for key, (given_name, text) in texts.items():
        if key not in matched and given_name not in documents:
            documents[given_name] = text
    detected["offsets"] = ("code points as given, checked against the given texts" if texts else
                           "code points as given; no document text")
    doc_frame = pd.DataFrame({"id": list(documents), "name": list(documents), "text": list(documents.values())},
                             columns=list(DOCUMENT_COLUMNS), dtype=object)
    return _corpus(kept, segments, doc_frame, name=name, format="generic", detected=detected), log
