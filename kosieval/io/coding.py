"""``read_coding``: any interview-coding export -> CodedCorpus (DESIGN.md §2, §4).

One entry point for every tool; the format is detected when not given:

=====================  ==============================================================
``refi_qda``           ``.qdpx`` project (zip), bare ``.qde``, ``.qdc`` codebook
                       (MAXQDA, ATLAS.ti, NVivo, f4, QualCoder's REFI export, ...)
``qualcoder``          QualCoder project: the ``.qda`` folder or its ``data.qda``
``maxqda``             MAXQDA "Coded segments" table (CSV or Excel)
``atlasti``            ATLAS.ti quotation export (CSV or Excel)
``generic``            CSV/Excel with the columns document, code, coder, start, end, text
=====================  ==============================================================

Document attributes (actor group, city, wave, consent to quote) come from the tool's
variables, or from ``attributes``: a CSV/Excel table with one row per document joined on
the document name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from kosieval.errors import DataFormatError
from kosieval.io.delimited import sniff_separator
from kosieval.io.document_attributes import join_document_attributes
from kosieval.io.encoding import decode_file
from kosieval.io.qualcoder import read_qualcoder
from kosieval.io.refi_qda import read_refi_qda
from kosieval.io.segment_tables import detect_table_format, read_segment_table
from kosieval.io.spreadsheet import xlsx_header
from kosieval.model.coding import CONSENT, CodedCorpus, consent_unclear
from kosieval.model.importlog import LogEntry

__all__ = ["CODING_FORMATS", "detect_coding_format", "read_coding"]

CodingFormat = Literal["refi_qda", "qualcoder", "maxqda", "atlasti", "generic"]
CODING_FORMATS: tuple[str, ...] = ("refi_qda", "qualcoder", "maxqda", "atlasti", "generic")
_REFI_SUFFIXES = (".qdpx", ".qde", ".qdc")
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def detect_coding_format(path: Path, *, sheet: str | None = None) -> str:
    """The coding format of ``path`` (see the module docstring); DataFormatError when unknown."""
    if path.is_dir():
        if (path / "data.qda").is_file():
            return "qualcoder"
        raise DataFormatError("der Ordner ist kein QualCoder-Projekt / the folder is not a QualCoder project",
                              path=path, hint="give the .qdpx/.qda file or the QualCoder project folder")
    suffix = path.suffix.lower()
    if suffix in _REFI_SUFFIXES:
        return "refi_qda"
    if suffix == ".qda":
        return "qualcoder"
    if suffix in _TABLE_SUFFIXES:
        if not path.is_file():
            raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                                  hint="check the path in study.yaml")
        if suffix in (".xlsx", ".xlsm"):
            columns = [h for h in xlsx_header(path, sheet=sheet) if h]
        else:
            first = decode_file(path).text.split("\n", 1)[0]
            columns = next(csv.reader(io.StringIO(first), delimiter=sniff_separator(first)), [])
        found = detect_table_format(columns)
        if found is None:
            raise DataFormatError(
                "die Spalten passen zu keinem bekannten Export codierter Segmente / the columns match no known "
                f"coded-segment export: {', '.join(columns[:12])}", path=path, line=1,
                hint="export 'Coded segments' (MAXQDA) or quotations (ATLAS.ti), or use the columns document, "
                     "code, coder, start, end, text; or set interviews.format in study.yaml")
        return found
    raise DataFormatError(f"unbekanntes Format / unknown coding format {suffix or path.name!r}", path=path,
                          hint="kosieval reads .qdpx/.qde/.qdc (REFI-QDA), QualCoder .qda projects and "
                               "coded-segment tables (.csv/.xlsx); set interviews.format in study.yaml")


def read_coding(
    path: Path | str,
    *,
    format: CodingFormat | None = None,
    attributes: Path | str | None = None,
    documents: Mapping[str, str] | Path | str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    file: str | None = None,
) -> tuple[CodedCorpus, list[LogEntry]]:
    """Read an interview-coding export into a :class:`~kosieval.model.coding.CodedCorpus`.

    Parameters
    ----------
    path
        The export (never written to).
    format
        One of :data:`CODING_FORMATS`; detected from the file when None.
    attributes
        A CSV/Excel file with one row per document (column ``document`` = the document's
        name) whose other columns are joined onto the documents.
    documents
        The interview texts for table exports (MAXQDA, ATLAS.ti, generic): a mapping
        name -> text or a folder of ``<name>.txt`` files; offsets are then found in the texts.
    encoding, sheet
        For CSV/Excel tables: override the encoding; the Excel sheet to read.
    file
        The name used in messages and the log (default: the file name).

    Returns
    -------
    tuple[CodedCorpus, list[LogEntry]]
        The corpus and every segment, value or document that was left out or converted.

    Raises
    ------
    DataFormatError
        For a file that cannot be read at all (file, line/element, hint).
    """
    path = Path(path)
    if format is not None and format not in CODING_FORMATS:
        raise ValueError(f"format: must be one of {', '.join(CODING_FORMATS)}, got {format!r}")
    kind = format or detect_coding_format(path, sheet=sheet)
    if kind == "refi_qda":
        corpus, log = read_refi_qda(path, file=file)
    elif kind == "qualcoder":
        corpus, log = read_qualcoder(path, file=file)
    else:
        corpus, log = read_segment_table(path, format=kind, file=file, encoding=encoding, sheet=sheet,  # type: ignore[arg-type]
                                         documents=documents)
    if attributes is not None:
        corpus, more = join_document_attributes(corpus, attributes)
        log = [*log, *more]
    return corpus, [*log, *_unclear_consent(corpus, file=file or path.name)]


def _unclear_consent(corpus: CodedCorpus, *, file: str) -> list[LogEntry]:
    """A warning for each document whose consent_quote is neither yes nor no (it is never quoted)."""
    if CONSENT not in corpus.documents.columns:
        return []
    return [LogEntry(file, None, CONSENT, str(value), "no consent", "consent unclear",
                     f"document {name!r}: consent_quote {value!r} is neither yes (ja, yes, true, 1) nor no "
                     "(nein, no, false, 0); it is treated as no consent, so the interview is never quoted. "
                     "Write ja or nein in the attributes", "warning")
            for name, value in zip(corpus.documents["name"], corpus.documents[CONSENT]) if consent_unclear(value)]
