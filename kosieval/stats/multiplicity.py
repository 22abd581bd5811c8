"""Corrections for multiple tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

_METHODS = {"holm": "Holm (1979) step-down", "bh": "Benjamini & Hochberg (1995) false discovery rate"}


@dataclass(frozen=True)
class AdjustedPValues:
    """Adjusted p-values in the order given.

    Attributes
    ----------
    pvalues
        The raw p-values.
    adjusted
        The adjusted p-values (NaN stays NaN and does not count as a test).
    method
        The correction, named.
    n_tests
        The number of non-missing p-values corrected for.
    """

    pvalues: tuple[float, ...]
    adjusted: tuple[float, ...]
    method: str
    n_tests: int

    def to_frame(self) -> pd.DataFrame:
        """One row per p-value: ``p``, ``p_adjusted``."""
        return pd.DataFrame({"p": self.pvalues, "p_adjusted": self.adjusted})


def adjust_pvalues(pvalues: Sequence[float], *, method: str = "holm") -> AdjustedPValues:
    r"""Adjust p-values for multiple testing.

    Holm: sort ascending, :math:`p_{(i)}^* = \max_{j \le i} \min(1, (m - j + 1) p_{(j)})`.
    Benjamini–Hochberg: sort ascending,
    :math:`p_{(i)}^* = \min_{j \ge i} \min(1, m p_{(j)} / j)`.
    Both as R's ``p.adjust`` (missing values are left out of ``m``, ``n = length(p)`` not set).

    Parameters
    ----------
    pvalues
        Raw p-values in [0, 1]; NaN for tests that could not be computed.
    method
        "holm" or "bh".

    Returns
    -------
    AdjustedPValues

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
    Journal of Statistics, 6, 65–70.
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B, 57,
    289–300.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {sorted(_METHODS)}, got {method!r}")
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1:
        raise ValueError("pvalues must be one-dimensional")
    valid = ~np.isnan(p)
    if np.any((p[valid] < 0) | (p[valid] > 1)):
        raise ValueError("pvalues must lie in [0, 1]")
    out = np.full_like(p, np.nan)
    values = p[valid]
    m = values.size
    if m:
        order = np.argsort(values, kind="mergesort")
        ranked = values[order]
        if method == "holm":
            adjusted = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * ranked))
        else:
            adjusted = np.minimum.accumulate((m * ranked / np.arange(1, m + 1))[::-1])[::-1]
            adjusted = np.minimum(1.0, adjusted)
        result = np.empty(m)
        result[order] = adjusted
        out[valid] = result
    return AdjustedPValues(tuple(float(v) for v in p), tuple(float(v) for v in out),
                           _METHODS[method], int(m))
