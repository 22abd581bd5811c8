"""Writing export tables as CSV, for R, SPSS, Stata and Excel, and the CSV codebook.

Two dialects:

- default: UTF-8 without BOM, comma, decimal point, LF — what ``read.csv``/``readr``,
  pandas and SPSS's "Read Text Data" read without options;
- ``excel=True``: what German Excel opens correctly by double-click — UTF-8 *with* BOM
  (else umlauts break), semicolon, decimal comma, CRLF.

Missing values are empty cells (the missing codes are listed in ``codebook.csv``). Because
researchers open CSV files in Excel, a text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return and is not a number is written with a leading ``'`` so that Excel
shows it as text instead of running it as a formula (CSV injection); the notes file says how
many cells were changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kosieval.export.tables import ExportTable, Variable
from kosieval.model.codebook import Text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?\s*")


def neutralise(value: str) -> str:
    """Prefix ``'`` to a text that Excel would run as a formula.

    Parameters
    ----------
    value
        A cell's text.

    Returns
    -------
    str
        ``"'" + value`` when ``value`` starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
        return and is not a number (``-3`` and ``+1.5`` stay as they are), else ``value``.
    """
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Apply :func:`neutralise` to every text column; returns (new frame, cells changed)."""
    changed = 0
    out = frame.copy()
    for column in frame.columns:
        series = frame[column]
        if not (pd.api.types.is_string_dtype(series.dtype) or series.dtype == object):
            continue
        text = series.map(lambda v: neutralise(v) if isinstance(v, str) else v)
        changed += int((text.fillna("") != series.fillna("")).sum())
        out[column] = text.astype(series.dtype) if series.dtype != object else text
    return out, changed


def _options(excel: bool) -> dict[str, str]:
    if excel:
        return {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "lineterminator": "\r\n"}
    return {"sep": ",", "decimal": ".", "encoding": "utf-8", "lineterminator": "\n"}


def write_csv(frame: pd.DataFrame, path: Path, *, excel: bool = False) -> int:
    """Write a frame as CSV (no index, missing = empty, dates ISO); returns the cells neutralised.

    Parameters
    ----------
    frame
        The table.
    path
        The file.
    excel
        The German Excel dialect (BOM, ``;``, decimal comma, CRLF) instead of plain CSV.
    """
    safe, changed = neutralise_frame(frame)
    safe.to_csv(path, index=False, na_rep="", date_format="%Y-%m-%d", **_options(excel))
    return changed


def write_table(table: ExportTable, folder: Path, *, excel: bool = False) -> tuple[Path, int]:
    """Write ``<folder>/<table.name>.csv``; returns (path, cells neutralised)."""
    path = folder / f"{table.name}.csv"
    return path, write_csv(table.data, path, excel=excel)


def _labels(pairs: Sequence[tuple[int, Text]], locale: str) -> str:
    # "[code] label": a list starting with "-9 = ..." would look like a formula to Excel
    return "; ".join(f"[{code}] {label.get(locale)}" for code, label in pairs)


def codebook_frame(tables: Sequence[ExportTable]) -> pd.DataFrame:
    """One row per column of every table: table, variable, labels, type, values, missing codes, note.

    Parameters
    ----------
    tables
        The export tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``table, variable, label_de, label_en, type, values_de, values_en,
        missing_codes, note``; value lists as ``[1] label; [2] label``.
    """
    rows = []
    for table in tables:
        for variable in table.variables:
            rows.append(_row(table, variable))
    return pd.DataFrame(rows, columns=["table", "variable", "label_de", "label_en", "type", "values_de",
                                       "values_en", "missing_codes", "note"])


def _row(table: ExportTable, variable: Variable) -> dict[str, str]:
    note = variable.note
    if variable.name in table.absent:
        note = (note + "; " if note else "") + "not in this export: empty / nicht im Export: leer"
    return {
        "table": table.name, "variable": variable.name, "label_de": variable.label.de,
        "label_en": variable.label.en, "type": variable.type,
        "values_de": _labels(variable.values, "de"), "values_en": _labels(variable.values, "en"),
        "missing_codes": _labels(variable.missing, "de"), "note": note,
    }


def write_codebook(tables: Sequence[ExportTable], folder: Path, *, excel: bool = False) -> tuple[Path, int]:
    """Write ``<folder>/codebook.csv`` (see :func:`codebook_frame`); returns (path, cells neutralised)."""
    path = folder / "codebook.csv"
    return path, write_csv(codebook_frame(tables), path, excel=excel)
