"""Checks of the arguments every statistics function takes: tables of items, vectors, levels.

Each check raises ``ValueError`` naming the parameter (DESIGN.md §5: never ``assert``) and
returns the data as float NumPy/pandas objects with NaN for missing values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["check_choice", "check_level", "numeric_frame", "numeric_vector"]


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
