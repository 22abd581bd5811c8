"""Descriptive statistics with confidence intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as _st


@dataclass(frozen=True)
class MeanResult:
    """A mean with its t-based confidence interval.

    Attributes
    ----------
    n, mean, sd, se, ci_low, ci_high, level, method
        ``sd`` with denominator n - 1; ``se = sd / sqrt(n)``; the CI is
        ``mean ± t(1 - (1 - level)/2, n - 1) · se`` (as R's ``t.test(x)$conf.int``).
    n_missing
        Values left out because they were missing.
    """

    n: int
    n_missing: int
    mean: float
    sd: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """One row with all fields."""
        return pd.DataFrame([self.__dict__])


def mean_ci(values: object, *, level: float = 0.95) -> MeanResult:
    """Mean of ``values`` (missing values left out) with a t-based confidence interval.

    Parameters
    ----------
    values
        Numbers (list, array, Series; NA allowed).
    level
        Confidence level in (0, 1).

    Raises
    ------
    ValueError
        When ``level`` is outside (0, 1) or fewer than 2 values are present.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    series = pd.Series(values, dtype="Float64")
    present = series.dropna().to_numpy(dtype=float)
    n = present.size
    if n < 2:
        raise ValueError(f"values must hold at least 2 non-missing numbers, got {n}")
    mean = float(np.mean(present))
    sd = float(np.std(present, ddof=1))
    se = sd / math.sqrt(n)
    half = float(_st.t.ppf(1 - (1 - level) / 2, n - 1)) * se
    return MeanResult(n, int(series.isna().sum()), mean, sd, se, mean - half, mean + half, level,
                      f"t interval, df = n - 1, {level:.0%} level")
