"""Writing export tables as SPSS ``.sav`` files (pyreadstat), missing codes kept.

Each file carries what SPSS users expect from a raw platform export:

- variable labels (the German item texts; scale titles for scale scores),
- value labels (the response options and the missing codes, German),
- the **missing codes as in the raw export**: where an answer was a missing code (-9 keine
  Angabe, -1 weiß nicht, …) the cell holds that code again and the code is declared
  user-missing, so SPSS shows and treats it exactly as in the platform's own .sav. Cells
  that were empty, or held a value outside the codebook (see the import log), are
  system-missing.
- measurement levels (ordinal for Likert items, nominal for categories and texts, scale for
  numbers and scale scores) and formats (codes without decimals, scores with two).

SPSS allows at most three single missing codes per variable, or one range and one code:
with more codes, a range is declared that holds no valid answer (e.g. -9 to -1).
Column names that SPSS does not accept (spaces, umlauts, reserved words such as ``TO``)
are changed, and the original name is kept in the variable label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from kosieval.errors import ConfigError
from kosieval.export.tables import ExportTable, Variable, value_labels

#: SPSS's reserved words, which cannot be variable names.
RESERVED = frozenset({"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"})
_MAX_NAME_BYTES = 64
_MAX_VARIABLE_LABEL_BYTES = 256
_MAX_VALUE_LABEL_BYTES = 120
_MAX_FILE_LABEL_BYTES = 64
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})

_MEASURE = {"likert": "ordinal", "single": "nominal", "multi": "nominal", "flag": "nominal", "id": "nominal",
            "text": "nominal", "numeric": "scale", "score": "scale", "line": "scale", "count": "scale",
            "date": "scale"}
_FORMAT = {"likert": "F8.0", "single": "F8.0", "multi": "F8.0", "flag": "F1.0", "line": "F8.0", "count": "F8.0",
           "score": "F8.2"}


def clip(text: str, limit: int) -> str:
    """Shorten ``text`` to at most ``limit`` UTF-8 bytes (ending in "…" when shortened)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[: limit - len("…".encode())].decode("utf-8", errors="ignore")
    return cut.rstrip() + "…"


def spss_names(names: Sequence[str]) -> dict[str, str]:
    """Valid, unique SPSS variable names for ``names`` (unchanged where already valid).

    Parameters
    ----------
    names
        Column names.

    Returns
    -------
    dict
        Column name -> SPSS name: umlauts transliterated, other characters that are not
        letters, digits, ``_`` or ``.`` replaced by ``_``, a leading ``v`` where the name does
        not start with a letter, ``_v`` after a reserved word, at most 64 bytes, and ``_2``,
        ``_3`` … where two names would be equal (SPSS ignores case).
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in names:
        base = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode()
        base = re.sub(r"[^A-Za-z0-9_.]", "_", base).rstrip("._") or "v"
        if not base[0].isalpha():
            base = "v" + base
        if base.upper() in RESERVED:
            base += "_v"
        base = base[:_MAX_NAME_BYTES]
        candidate, number = base, 1
        while candidate.upper() in taken:
            number += 1
            suffix = f"_{number}"
            candidate = base[: _MAX_NAME_BYTES - len(suffix)] + suffix
        taken.add(candidate.upper())
        result[name] = candidate
    return result


def missing_declaration(variable: Variable, used: Iterable[int] = ()) -> list[float | dict[str, float]]:
    """The user-missing declaration of a variable for pyreadstat's ``missing_ranges``.

    Parameters
    ----------
    variable
        The column, with its missing codes and its valid codes or range.
    used
        The missing codes that occur in the column (declared alone when nothing else fits).

    Returns
    -------
    list
        Up to three codes; or one ``{"lo": …, "hi": …}`` range plus at most one code, the range
        holding none of the valid codes; empty when the variable has no missing codes.

    Raises
    ------
    ConfigError
        When more than three codes occur in the column and no range fits between the valid
        answers.
    """
    codes = sorted({float(code) for code, _ in variable.missing})
    if len(codes) <= 3:
        return list(codes)
    for rest, single in ((codes, None), (codes[:-1], codes[-1]), (codes[1:], codes[0])):
        low, high = rest[0], rest[-1]
        if _range_is_free(variable, low, high):
            declaration: list[float | dict[str, float]] = [{"lo": low, "hi": high}]
            return declaration + ([single] if single is not None else [])
    occurring = sorted({float(c) for c in used})
    if len(occurring) <= 3:
        return list(occurring)
    raise ConfigError(
        f"Variable {variable.name!r}: {len(occurring)} verschiedene fehlende Codes, SPSS erlaubt höchstens drei / "
        f"{len(occurring)} different missing codes, SPSS allows at most three",
        key=variable.name,
        hint="export as csv or parquet, or recode rare missing codes before the export")


def _range_is_free(variable: Variable, low: float, high: float) -> bool:
    """True when no valid answer of the variable lies in [low, high]."""
    if variable.values:
        return not any(low <= code <= high for code, _ in variable.values)
    if variable.valid_range is not None:
        valid_low, valid_high = variable.valid_range
        return high < valid_low or low > valid_high
    return False


def sav_frame(table: ExportTable, names: dict[str, str]) -> pd.DataFrame:
    """The table as pyreadstat writes it: numbers as float with the missing codes put back.

    Parameters
    ----------
    table
        The export table.
    names
        Column -> SPSS name (:func:`spss_names`).

    Returns
    -------
    pandas.DataFrame
        Codes, numbers and flags as float64 (NaN = system-missing; a cell that held a missing
        code holds it again), texts as object (None where empty), dates as datetime64.
    """
    columns: dict[str, object] = {}
    for variable in table.variables:
        series = table.data[variable.name]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            columns[names[variable.name]] = series
        elif pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            columns[names[variable.name]] = series.astype(object).where(series.notna(), None)
        else:
            values = series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            if variable.name in table.missing_codes.columns:
                codes = table.missing_codes[variable.name].to_numpy(dtype=float, na_value=np.nan)
                values = np.where(np.isnan(values) & ~np.isnan(codes), codes, values)
            columns[names[variable.name]] = values
    return pd.DataFrame(columns, index=table.data.index)


def write_sav(table: ExportTable, path: Path, *, file_label: str = "", notes: Sequence[str] = ()) -> Path:
    """Write one export table as ``.sav``.

    Parameters
    ----------
    table
        The export table.
    path
        The file.
    file_label
        SPSS's file label (shortened to 64 bytes).
    notes
        Lines for SPSS's document notes (what was left out, how scores were made).

    Returns
    -------
    Path
        ``path``.
    """
    names = spss_names([v.name for v in table.variables])
    labels: dict[str, str] = {}
    value_label_sets: dict[str, dict[int, str]] = {}
    missing: dict[str, list[float | dict[str, float]]] = {}
    measure: dict[str, str] = {}
    formats: dict[str, str] = {}
    frame = sav_frame(table, names)
    for variable in table.variables:
        name = names[variable.name]
        label = variable.label.de if name == variable.name else f"{variable.label.de} [{variable.name}]"
        labels[name] = clip(label, _MAX_VARIABLE_LABEL_BYTES)
        measure[name] = _MEASURE.get(variable.type, "unknown")
        if variable.type in _FORMAT:
            formats[name] = _FORMAT[variable.type]
        if frame[name].dtype != float:  # texts and dates: no numeric labels or missing codes
            continue
        codes = {code: clip(text, _MAX_VALUE_LABEL_BYTES) for code, text in value_labels(variable).items()}
        if codes:
            value_label_sets[name] = codes
        if variable.missing:
            used = (table.missing_codes[variable.name].dropna().astype(int).tolist()
                    if variable.name in table.missing_codes.columns else [])
            declaration = missing_declaration(variable, used)
            if declaration:
                missing[name] = declaration
    pyreadstat.write_sav(frame, str(path), file_label=clip(file_label, _MAX_FILE_LABEL_BYTES),
                         column_labels=labels, note=list(notes) or None, variable_value_labels=value_label_sets,
                         missing_ranges=missing, variable_measure=measure, variable_format=formats)
    return path
