"""Reading cell values as people write them: German numbers, German dates, ticks, lists.

Every function works on a whole column (a pandas Series) at once and returns the parsed
values together with a mask of the cells it could not read, so that the caller can log each
of those with its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_LIST_SPLIT = re.compile(r"[,;\s]+")

DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
)
TICKED = frozenset({"1", "y", "yes", "ja", "j", "x", "true", "wahr", "checked", "ausgewählt"})
UNTICKED = frozenset({"0", "n", "no", "nein", "false", "falsch", "unchecked", "nicht ausgewählt"})


def cell_text(value: object) -> str:
    """One cell as stripped text; whole floats lose their ``.0`` (Excel and SPSS store 17 as 17.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_text(values: pd.Series) -> pd.Series:
    """The cells as stripped text (NA stays NA); whole floats lose their ``.0`` ("4.0" -> "4")."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.astype("Float64")
        whole = numbers.notna() & (numbers == numbers.round())
        text = numbers.astype("string")
        text[whole.fillna(False)] = numbers[whole.fillna(False)].astype("Int64").astype("string")
        return text
    return values.astype("string").str.strip().replace("", pd.NA)


def parse_numbers(values: pd.Series, *, decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """Read a column as numbers.

    Numeric columns pass through. Text cells may use a decimal comma (``4,5``), thousands
    dots (``1.234,5``) or, in files with a decimal point, thousands commas (``1,234.5``).

    Parameters
    ----------
    values
        One column.
    decimal
        The file's decimal mark; decides what ``1.234`` means (1234 with ``","``).

    Returns
    -------
    (float64 array, NaN for empty cells and cells that are not numbers; bool array marking
    the non-empty cells that are not finite numbers)
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        infinite = np.isinf(numbers)
        if infinite.any():
            numbers = np.where(infinite, np.nan, numbers)
        return numbers, infinite
    text = as_text(values)
    cleaned = text.copy()
    dots = text.str.match(_THOUSANDS_DOT.pattern).fillna(False).astype(bool)
    if decimal == ",":
        cleaned[dots] = text[dots].str.replace(".", "", regex=False)
    commas = text.str.match(_DECIMAL_COMMA.pattern).fillna(False).astype(bool) | (dots & (decimal == ","))
    cleaned[commas] = cleaned[commas].str.replace(",", ".", regex=False)
    if decimal == ".":
        thousands = text.str.match(_THOUSANDS_COMMA.pattern).fillna(False).astype(bool) & ~commas
        cleaned[thousands] = text[thousands].str.replace(",", "", regex=False)
    numbers = pd.to_numeric(cleaned.astype(object).where(cleaned.notna(), None), errors="coerce")
    numbers = np.array(numbers, dtype="float64")
    numbers[~np.isfinite(numbers)] = np.nan
    bad = text.notna().to_numpy(dtype=bool) & np.isnan(numbers)
    return numbers, bad


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read a column of dates: ISO 8601 (``2026-03-05 10:00:00``) or German (``05.03.2026 10:00``).

    US dates (``03/05/2026``) are read month first, as Qualtrics and Excel (en-US) write them.

    Returns
    -------
    (datetime64 values, mask of non-empty cells that are not dates)
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values, pd.Series(False, index=values.index)
    text = as_text(values)
    result = pd.to_datetime(text, format="ISO8601", errors="coerce")
    for fmt in DATE_FORMATS:
        todo = result.isna() & text.notna()
        if not todo.any():
            break
        result[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    bad = text.notna() & result.isna()
    return result, bad.astype(bool)


def split_list(cell: str) -> list[str]:
    """Split a single-cell list of chosen options ("1,2,7", "vegan vegetarian", "1; 3")."""
    return [token for token in _LIST_SPLIT.split(cell.strip()) if token]


def ticks(values: pd.Series, *, ticked: frozenset[str], unticked: frozenset[str]) -> tuple[pd.Series, pd.Series]:
    """Read one option column of a multiple-choice question.

    Parameters
    ----------
    values
        The column.
    ticked, unticked
        The texts meaning chosen / shown but not chosen (compared case-insensitively).

    Returns
    -------
    (Int64: 1 chosen, 0 not chosen, NA empty; mask of cells that are neither)
    """
    text = as_text(values).str.lower()
    low_ticked = {t.lower() for t in ticked}
    low_unticked = {t.lower() for t in unticked}
    result = pd.Series(pd.NA, index=values.index, dtype="Int64")
    result[text.isin(low_ticked).fillna(False).astype(bool)] = 1
    result[text.isin(low_unticked).fillna(False).astype(bool)] = 0
    bad = text.notna() & result.isna()
    return result, bad.astype(bool)


def label_codes(labels: Mapping[int, tuple[str, ...]]) -> dict[str, int]:
    """Label text (lower case, stripped) -> code, for answer texts in an export.

    Labels that two codes share are left out (they cannot be told apart).
    """
    seen: dict[str, set[int]] = {}
    for code, texts in labels.items():
        for text in texts:
            seen.setdefault(text.strip().lower(), set()).add(code)
    return {text: next(iter(codes)) for text, codes in seen.items() if len(codes) == 1 and text}
