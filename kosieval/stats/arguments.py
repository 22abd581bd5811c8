"""Checks of the arguments the statistics functions take: tables, vectors, labels, columns, levels.

Each check raises ``ValueError`` naming the parameter (DESIGN.md §5: never ``assert``) and
returns the data as float NumPy/pandas objects with NaN for missing values.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "category_order",
    "check_choice",
    "check_column",
    "check_columns",
    "check_exact",
    "check_frame",
    "check_level",
    "label_order",
    "label_vector",
    "numeric_frame",
    "numeric_vector",
]


def numeric_frame(items: object, name: str) -> pd.DataFrame:
    """Return ``items`` as a float DataFrame (NaN = missing); ValueError naming ``name``."""
    if isinstance(items, pd.DataFrame):
        frame = items
    else:
        try:
            frame = pd.DataFrame(items)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: cannot be read as a table of items ({exc})") from exc
        if frame.ndim != 2:  # pragma: no cover - pd.DataFrame is always 2-D
            raise ValueError(f"{name}: must be two-dimensional (rows = cases, columns = items)")
    if frame.columns.has_duplicates:
        dup = list(frame.columns[frame.columns.duplicated()].unique())
        raise ValueError(f"{name}: duplicated column names {dup!r}")
    for col, dtype in frame.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ValueError(
                f"{name}: column {col!r} is not numeric (dtype {dtype}); "
                "convert response codes to numbers first"
            )
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    infinite = np.isinf(values).any(axis=0)
    if infinite.any():
        col = frame.columns[int(np.argmax(infinite))]
        raise ValueError(f"{name}: column {col!r} contains infinite values")
    return pd.DataFrame(values, index=frame.index, columns=frame.columns, copy=False)


def check_level(level: object) -> float:
    """Return ``level`` as a float strictly between 0 and 1; ValueError naming ``level`` otherwise."""
    is_number = not isinstance(level, bool) and isinstance(level, (int, float, np.floating))
    if not (is_number and 0.0 < float(level) < 1.0):  # type: ignore[arg-type]
        raise ValueError(f"level: must be a number strictly between 0 and 1, got {level!r}")
    return float(level)  # type: ignore[arg-type]


def numeric_vector(values: object, name: str) -> np.ndarray:
    """Return 1-D numeric ``values`` (list, array, Series; NA allowed) as float with NaN; ValueError naming ``name``."""
    not_a_vector = isinstance(values, (pd.DataFrame, str, bytes))
    if not_a_vector:
        raise ValueError(f"{name}: must be one-dimensional (a Series, list or 1-D array)")
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ValueError(f"{name}: must be numeric, got dtype {dtype}")
        array = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        raw = np.asarray(values)
        if raw.ndim != 1:
            raise ValueError(f"{name}: must be one-dimensional, got {raw.ndim} dimensions")
        if raw.dtype.kind == "O":
            try:
                array = pd.array(list(raw), dtype="Float64").to_numpy(
                    dtype=float, na_value=np.nan
                )
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{name}: must be numeric ({exc})") from exc
        elif raw.dtype.kind in "iuf":
            array = raw.astype(float)
        else:
            raise ValueError(f"{name}: must be numeric, got dtype {raw.dtype}")
    if np.isinf(array).any():
        raise ValueError(f"{name}: contains infinite values")
    return array


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``; ValueError naming ``name`` otherwise."""
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name}: must be one of {options}, got {value!r}")
    return value


def label_vector(labels: object, name: str) -> pd.Series:
    """Return 1-D ``labels`` as a Series (categorical dtype kept); ValueError naming ``name``."""
    if isinstance(labels, (pd.DataFrame, str, bytes)) or labels is None:
        raise ValueError(f"{name}: must be one-dimensional labels (a Series, list or 1-D array)")
    if isinstance(labels, pd.Series):
        return labels
    if isinstance(labels, (pd.Categorical, pd.Index)):
        return pd.Series(labels)
    raw = np.asarray(labels, dtype=object)
    if raw.ndim != 1:
        raise ValueError(f"{name}: must be one-dimensional, got {raw.ndim} dimensions")
    return pd.Series(raw, dtype=object)


def label_order(labels: pd.Series, name: str) -> list[Hashable]:
    """Distinct non-missing ``labels`` in analysis order.

    The category order for a pandas categorical (categories without any value left out),
    otherwise sorted; ValueError naming ``name`` when labels of mixed types cannot be sorted.
    """
    present = labels[labels.notna()]
    if isinstance(labels.dtype, pd.CategoricalDtype):
        used = set(present.unique())
        return [c for c in labels.cat.categories if c in used]
    distinct = list(pd.unique(present.to_numpy()))
    try:
        return sorted(distinct)
    except TypeError as exc:
        raise ValueError(
            f"{name}: labels of mixed types cannot be sorted ({exc}); pass a pandas "
            "Categorical to fix the order"
        ) from exc


def category_order(
    observed: pd.Series, categories: Iterable[Hashable] | None, name: str
) -> tuple[list[Hashable], bool]:
    """Return the categories in order and whether they were given; ValueError for bad ``categories``.

    Given categories keep their order and must contain every observed value. Otherwise the
    order of :func:`label_order`.
    """
    if categories is None:
        return label_order(observed, name), False
    if isinstance(categories, (str, bytes)) or not isinstance(categories, Iterable):
        raise ValueError(f"categories: must be a list of categories, got {categories!r}")
    given = list(categories)
    if not given:
        raise ValueError("categories: must contain at least one category")
    try:
        distinct = set(given)
    except TypeError as exc:
        raise ValueError(f"categories: every category must be hashable ({exc})") from exc
    if any(not isinstance(c, tuple) and pd.isna(c) for c in given):
        raise ValueError("categories: must not contain missing values")
    if len(distinct) != len(given):
        duplicated = sorted({str(c) for c in given if given.count(c) > 1})
        raise ValueError(f"categories: duplicated categories {duplicated!r}")
    unknown = [c for c in pd.unique(observed) if c not in distinct]
    if unknown:
        raise ValueError(f"{name}: values not in categories: {unknown!r}")
    return given, True


def check_exact(exact: object) -> bool | None:
    """Return None for ``"auto"``, else the boolean ``exact``; ValueError naming ``exact``."""
    if isinstance(exact, str) and exact == "auto":
        return None
    if isinstance(exact, (bool, np.bool_)):
        return bool(exact)
    raise ValueError(f"exact: must be 'auto', True or False, got {exact!r}")


def check_frame(data: object) -> pd.DataFrame:
    """Return ``data`` if it is a DataFrame with unique column names; ValueError naming ``data``."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data: must be a pandas DataFrame, got {type(data).__name__}")
    if data.columns.has_duplicates:
        dup = list(data.columns[data.columns.duplicated()].unique())
        raise ValueError(f"data: duplicated column names {dup!r}")
    return data


def check_column(data: pd.DataFrame, column: object, name: str) -> Hashable:
    """Return ``column`` if it is a column of ``data``; ValueError naming ``name`` otherwise."""
    try:
        present = column in data.columns
    except TypeError:  # unhashable, e.g. a list
        present = False
    if not present:
        raise ValueError(f"{name}: {column!r} is not a column of data")
    return column  # type: ignore[return-value]


def check_columns(data: pd.DataFrame, columns: object, name: str) -> list[Hashable]:
    """Column names given as a list/tuple (a single string is one column)."""
    if isinstance(columns, str):
        columns = [columns]
    if not isinstance(columns, (Sequence, pd.Index)):
        raise ValueError(f"{name}: must be a list of column names, got {type(columns).__name__}")
    checked = [check_column(data, column, name) for column in columns]
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name}: a column is named twice in {list(columns)!r}")
    return checked
