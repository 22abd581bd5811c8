"""Document attributes from a table of their own: one row per interview, joined by document name.

Coding exports rarely carry everything a report needs about an interview (actor group, city,
wave, consent to quote). Researchers keep that in a CSV or Excel file with one row per document:
a key column with the document's name as the coding tool shows it, and one column per attribute.
:func:`join_document_attributes` adds those columns to ``CodedCorpus.documents``.

Values are kept as the file holds them (numbers stay numbers, text stays text); Excel formulas
without a stored value stay text (see :mod:`kosieval.io.spreadsheet`). Names are compared after
Unicode normalisation (NFC) and with surrounding spaces removed; case counts.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.io.spreadsheet import read_csv_file, read_xlsx
from kosieval.io.values import cell_text
from kosieval.model.coding import DOCUMENT_COLUMNS, CodedCorpus
from kosieval.model.importlog import LogEntry


def join_document_attributes(
    corpus: CodedCorpus,
    path: Path | str,
    *,
    key: str = "document",
    file: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> tuple[CodedCorpus, list[LogEntry]]:
    """Join a table of document attributes onto ``corpus.documents`` by document name.

    Parameters
    ----------
    corpus
        The coded corpus (not changed; a new one is returned).
    path
        The attribute table: ``.xlsx``/``.xlsm`` as Excel, anything else as CSV/TSV. Never written.
    key
        The column holding the document names.
    file
        The name used in messages and the log (default: the path's name).
    sheet
        The workbook's sheet (default: the first).
    encoding
        The CSV's encoding instead of detection.

    Returns
    -------
    tuple[CodedCorpus, list[LogEntry]]
        The corpus with one more column per attribute (NA for documents without a row), and the
        log: names in the file that are not in the corpus and documents without a row (warnings),
        replaced attribute values, formulas kept as text.

    Raises
    ------
    DataFormatError
        The key column is missing (naming the columns found), or a document name occurs in more
        than one row (naming the lines).
    """
    path = Path(path)
    name = file or path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raw = read_xlsx(path, sheet=sheet, text_columns=[key], file=name)
    else:
        raw = read_csv_file(path, encoding=encoding, text_columns=[key], file=name)
    log: list[LogEntry] = list(raw.log)
    data = raw.data
    if key not in data.columns:
        raise DataFormatError(
            f"die Schlüsselspalte {key!r} fehlt / the key column {key!r} is missing (gefunden/found: "
            f"{', '.join(map(str, data.columns))})",
            path=path,
            line=1,
            column=key,
            hint="name the column with the document names 'document', or pass key= with its name",
        )
    names = data[key].map(lambda v: None if v is None or pd.isna(v) else _norm(cell_text(v)))
    for line in names.index[names.isna()]:
        log.append(LogEntry(name, int(line), key, None, "dropped", "row dropped", "the row names no document",
                            "warning"))
    names = names.dropna()
    repeated = names[names.duplicated(keep=False)]
    if len(repeated):
        listing = "; ".join(f"{n!r}: {', '.join(str(int(i)) for i in repeated.index[repeated == n])}"
                            for n in dict.fromkeys(repeated))
        raise DataFormatError(
            f"Dokumentnamen mehrfach / document names in more than one row: {listing} (Zeilen/lines)",
            path=path,
            column=key,
            hint="each document needs exactly one row; merge or delete the repeated rows",
        )
    documents = corpus.documents.copy()
    corpus_names = documents["name"].map(lambda v: _norm(str(v)))
    known = set(corpus_names)
    for line, document in names.items():
        if document not in known:
            log.append(LogEntry(name, int(line), key, document, None, "row not used",
                                f"no document named {document!r} in {corpus.file}; check the spelling", "warning"))
    listed = set(names)
    for document in corpus_names:
        if document not in listed:
            log.append(LogEntry(name, None, key, document, "NA", "attributes missing",
                                f"document {document!r} has no row in the attribute table; its attributes are "
                                "empty", "warning"))
    line_of = pd.Series(names.index, index=names.to_numpy())
    for column in data.columns:
        if column == key:
            continue
        target = str(column)
        if target in DOCUMENT_COLUMNS:
            target = f"{column} (attribute)"
            log.append(LogEntry(name, 1, str(column), str(column), target, "column renamed",
                                f"{column!r} is a column of every document table; the attribute was renamed",
                                "warning"))
        by_name = pd.Series(data.loc[names.index, column].to_numpy(), index=names.to_numpy(), dtype=object)
        new = corpus_names.map(lambda n, s=by_name: s.get(n, pd.NA))
        new = new.map(lambda v: pd.NA if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
        new = new.astype(object)  # pandas 3 infers a string dtype; the export's own values may be booleans
        if target in documents.columns:
            old = documents[target]
            for i in documents.index:
                before, after = old[i], new[i]
                if pd.isna(after):
                    new[i] = before
                elif not pd.isna(before) and str(before) != str(after):
                    log.append(LogEntry(name, int(line_of[corpus_names[i]]), str(column), str(before), str(after),
                                        "value replaced", f"document {corpus_names[i]!r} had {target}={before!r} "
                                        "from the coding export; the attribute table wins", "warning"))
        documents[target] = new.astype(object)
    return dataclasses.replace(corpus, documents=documents), log


def _norm(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip()
