"""Design matrices and Wald inference shared by the regression models (mixed and ordinal).

Predictors become float columns (numeric) or treatment dummies (categorical) with names a
reader recognises: ``"<column>"`` and ``"<column>[<level>]"``.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.arguments import label_order

__all__ = ["check_rank", "encode_predictor", "fit_messages", "column_levels", "is_numeric_series", "wald"]


def is_numeric_series(series: pd.Series) -> bool:
    """Whether ``series`` holds numbers (bool does not count)."""
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def column_levels(series: pd.Series, column: Hashable, name: str) -> list[Hashable]:
    """Levels present in ``series`` (no NaN): categorical order, else sorted; ValueError naming ``name``."""
    return label_order(series, f"{name} (column {column!r})")


def encode_predictor(series: pd.Series, column: Hashable, name: str) -> pd.DataFrame:
    """One float column for a numeric variable, treatment dummies for a categorical one.

    Categorical: pandas Categorical (category order), bool, string or object values (sorted);
    the first level present is the reference, the dummies are named ``"<column>[<level>]"``.
    """
    if is_numeric_series(series) and not isinstance(series.dtype, pd.CategoricalDtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        if np.isinf(values).any():
            raise ValueError(f"{name}: column {column!r} contains infinite values")
        if np.nanmax(values) == np.nanmin(values):
            raise ValueError(
                f"{name}: column {column!r} is constant ({values[0]:g}) among the rows used, so "
                "its effect cannot be estimated; leave it out"
            )
        return pd.DataFrame({str(column): values}, index=series.index)
    levels = column_levels(series, column, name)
    if len(levels) < 2:
        raise ValueError(
            f"{name}: column {column!r} has only one value ({levels[0]!r}) among the rows used, "
            "so its effect cannot be estimated; leave it out"
        )
    return pd.DataFrame(
        {f"{column}[{level}]": (series == level).to_numpy(dtype=float) for level in levels[1:]},
        index=series.index,
    )


def check_rank(design: np.ndarray, name: str, what: str) -> None:
    """ValueError naming ``name`` when the columns of ``design`` are linearly dependent."""
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise ValueError(
            f"{name}: the columns are linearly dependent ({what}), so their effects cannot be "
            "separated; leave out the redundant column"
        )


def wald(
    estimate: np.ndarray, se: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Wald z, two-sided normal p-value and CI limits."""
    z = estimate / se
    p = 2.0 * stats.norm.sf(np.abs(z))
    half = stats.norm.ppf(0.5 + level / 2.0) * se
    return z, p, estimate - half, estimate + half


def fit_messages(caught: list[warnings.WarningMessage]) -> list[str]:
    """The distinct warnings caught while fitting, as "Category: message" texts."""
    out: list[str] = []
    for item in caught:
        text = f"{item.category.__name__}: {item.message}"
        if text not in out:
            out.append(text)
    return out
