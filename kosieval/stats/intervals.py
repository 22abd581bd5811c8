"""Confidence intervals by inverting a noncentral distribution (shared by d_z and Hedges' g)."""

from __future__ import annotations

import numpy as np
from scipy import optimize, stats

__all__ = ["noncentral_t_limits"]


def noncentral_t_limits(t_obs: float, df: int, level: float) -> tuple[float, float]:
    """Limits of the noncentrality parameter: cdf_nct(t_obs; ncp) = 1 - a/2 and = a/2."""
    a = (1.0 - level) / 2.0

    def solve(target: float) -> float:
        def f(ncp: float) -> float:
            return float(stats.nct.cdf(t_obs, df, ncp)) - target

        # cdf is decreasing in ncp: f(lo) > 0 > f(hi).
        step = 1.0 + abs(t_obs) / 2.0
        lo, hi = t_obs - step, t_obs + step
        while f(lo) <= 0:
            lo -= step
            step *= 2.0
        step = 1.0 + abs(t_obs) / 2.0
        while f(hi) >= 0:
            hi += step
            step *= 2.0
        return float(optimize.brentq(f, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps,
                                     maxiter=500))

    return solve(1.0 - a), solve(a)
