"""Change pooled over several cities: city as a random effect, or as a fixed factor with few cities.

:func:`pooled_change` takes the personal changes (T1 − T0) of the respondents of several
cities and estimates the mean change over the cities. With enough cities (5 by default) the
city is a random effect, R's ``lme4::lmer(diff ~ 1 + (1 | city), REML = TRUE)``; with fewer,
a between-city variance cannot be estimated soundly and the cities are taken as they are
(a fixed factor): the mean change of all pairs together, and Welch's test whether the cities
differ. Every number is tested against R (lme4 1.1-31, lmerTest 3.1, stats).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.arguments import check_choice, check_level, label_order, label_vector, numeric_vector
from kosieval.stats.change import ChangeResult, paired_change
from kosieval.stats.groups import GroupComparisonResult, compare_groups
from kosieval.stats.mixed import SINGULAR_THETA, fit_random_intercept

__all__ = ["PooledChangeResult", "pooled_change"]

_METHODS = ("auto", "fixed", "random")


@dataclass(frozen=True, eq=False)
class PooledChangeResult:
    """Mean change over several cities, with the model used.

    Attributes
    ----------
    estimate
        The pooled mean change: the fixed intercept of the random-intercept model
        (``model == "random"``), or the mean of all differences (``"fixed"``).
    se
        Its standard error.
    statistic, df, pvalue
        t = estimate / se, its degrees of freedom (random: number of cities − 1; fixed:
        number of differences − 1) and the two-sided p-value of H0: no change.
    ci_low, ci_high
        t-based confidence interval ``estimate ∓ t(1 − γ/2; df) · se`` at ``level``.
    n, n_cities, n_dropped
        Differences used, cities with at least one difference, and values dropped because the
        difference or the city was missing.
    model
        ``"random"`` (city as random effect) or ``"fixed"`` (cities as they are).
    between_city_var, between_city_sd
        Random: REML variance (and SD) of the cities' true mean changes, τ². 0 when the fit is
        singular (``boundary``). Fixed: NaN.
    within_city_var
        Random: REML residual variance σ² (the spread of the personal changes within a city).
        Fixed: NaN.
    icc
        Random: τ² / (τ² + σ²), the share of the variance of personal changes that lies
        between cities. Fixed: NaN.
    boundary
        Random: the between-city variance is estimated as 0 (lme4's ``isSingular`` rule
        √(τ²/σ²) < 1e-4). Fixed: False.
    d_z, d_z_ci_low, d_z_ci_high
        Standardised mean change. Fixed: ``d_z`` of all differences (mean / SD) with its
        noncentral-t CI (as :func:`~kosieval.stats.paired_change`). Random: estimate /
        √(τ² + σ²), the change in SDs of a personal change in the population of cities; no CI
        (NaN), since it would have to include the uncertainty of both variances.
    change
        Fixed: :func:`~kosieval.stats.paired_change` of all differences (paired t, Wilcoxon,
        d_z, rank-biserial r; computed as ``paired_change(0, differences)``, so its
        ``mean_before`` is 0 and ``mean_after`` the mean difference). Random: None.
    city_test
        :func:`~kosieval.stats.compare_groups` of the differences with the city as the group:
        Welch's t-test (2 cities) or Welch's one-way ANOVA (more) and the rank test -- do the
        cities' mean changes differ? Computed for both models.
    cities
        One row per city in the order used: ``city``, ``n``, ``mean``, ``sd`` (``ddof=1``; NaN
        for a single value).
    level
        Confidence level.
    fit_warnings
        Random: every message statsmodels emitted while fitting, verbatim. Fixed: empty.
    method
        The model and the CI convention, in words.
    """

    estimate: float
    se: float
    statistic: float
    df: float
    pvalue: float
    ci_low: float
    ci_high: float
    n: int
    n_cities: int
    n_dropped: int
    model: Literal["random", "fixed"]
    between_city_var: float
    between_city_sd: float
    within_city_var: float
    icc: float
    boundary: bool
    d_z: float
    d_z_ci_low: float
    d_z_ci_high: float
    change: ChangeResult | None
    city_test: GroupComparisonResult | None
    cities: pd.DataFrame
    level: float
    fit_warnings: tuple[str, ...]
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the pooled estimate and the model numbers as a one-row DataFrame.

        The per-city descriptives are in :attr:`cities`, the paired change (fixed) in
        :attr:`change` and the city test in :attr:`city_test`; the test's p-value is given
        here as ``p_city``.
        """
        skip = {"change", "city_test", "cities", "fit_warnings"}
        row = {name: [getattr(self, name)] for name in self.__dataclass_fields__ if name not in skip}
        row["p_city"] = [self.city_test.pvalue if self.city_test is not None else np.nan]
        return pd.DataFrame(row)


def _city_frame(y: np.ndarray, codes: np.ndarray, order: list) -> pd.DataFrame:
    rows = []
    for index, city in enumerate(order):
        x = y[codes == index]
        rows.append({"city": city, "n": int(x.shape[0]), "mean": float(x.mean()),
                     "sd": float(x.std(ddof=1)) if x.shape[0] >= 2 else np.nan})
    return pd.DataFrame(rows, columns=["city", "n", "mean", "sd"])


def _t_interval(estimate: float, se: float, df: float, level: float) -> tuple[float, float, float, float]:
    """t, two-sided p and CI limits (NaN when the SE is 0 or undefined)."""
    if not np.isfinite(se) or se <= 0:
        return np.nan, np.nan, np.nan, np.nan
    t = estimate / se
    p = float(2.0 * stats.t.sf(abs(t), df))
    half = float(stats.t.ppf(0.5 + level / 2.0, df)) * se
    return float(t), p, estimate - half, estimate + half


def pooled_change(
    differences: object,
    cities: object,
    *,
    level: float = 0.95,
    method: Literal["auto", "fixed", "random"] = "auto",
    min_cities_random: int = 5,
) -> PooledChangeResult:
    r"""Mean change over several cities: random-intercept model, or pooled pairs with few cities.

    Parameters
    ----------
    differences
        One value per respondent: the personal change (T1 − T0) of a scale (1-D array-like
        or Series; NaN/NA = missing). Any per-person value works the same way (e.g. a scale
        score, for a mean over cities).
    cities
        The respondent's city, same length (list, array, Series, Categorical; NaN/None =
        missing). City order: categorical order, else sorted.
    level
        Confidence level, strictly between 0 and 1.
    method
        ``"auto"`` (default): ``"random"`` with at least ``min_cities_random`` cities, else
        ``"fixed"``. ``"random"`` or ``"fixed"`` force the model (random with fewer than
        ``min_cities_random`` cities warns).
    min_cities_random
        Fewest cities for which ``"auto"`` takes the city as a random effect (integer >= 2).

    Returns
    -------
    PooledChangeResult

    Raises
    ------
    ValueError
        Inputs of different length, non-numeric or infinite differences, fewer than 2
        cities with values (naming ``cities``), fewer than 3 differences, an invalid
        ``method``, ``level`` or ``min_cities_random``, or statsmodels failing to fit.

    Warns
    -----
    RuntimeWarning
        When the between-city variance is estimated as 0 (singular fit): it is reported as 0
        and the estimate equals the mean of all differences; when ``method="random"`` is
        forced with fewer than ``min_cities_random`` cities; when the fit did not converge;
        when all values are equal (SE 0: t, p and CI are NaN); and the warnings of
        :func:`~kosieval.stats.paired_change` and :func:`~kosieval.stats.compare_groups`
        (e.g. a city with a single value).

    Notes
    -----
    **Random (city as random effect).** For respondent :math:`i` in city :math:`j`,

    .. math::

        d_{ij} = \mu + u_j + \varepsilon_{ij},\qquad u_j \sim N(0, \tau^2),\;
        \varepsilon_{ij} \sim N(0, \sigma^2),

    i.e. ``lmer(diff ~ 1 + (1 | city), REML = TRUE)``, fitted with statsmodels ``MixedLM``
    (started at the profiled-likelihood optimum, BFGS, and Powell near the boundary, as
    :func:`~kosieval.stats.mixed_change`). ``estimate`` is
    :math:`\hat\mu`, a weighted mean of the city means with weights
    :math:`w_j = n_j / (\hat\sigma^2 + n_j \hat\tau^2)`; its SE is
    :math:`(\sum_j w_j)^{-1/2}` (lme4's ``vcov``). The population of interest is the cities:
    a city with 300 respondents does not count 30 times as much as one with 10 once
    :math:`\tau^2` dominates.

    **Confidence interval and test: t with df = number of cities − 1**, not the Wald z that
    statsmodels and :func:`~kosieval.stats.mixed_change` report. The information about
    :math:`\mu` comes from the :math:`J` city means, so with a handful of cities a z interval
    is far too narrow (with :math:`J = 5`, :math:`z_{.975} = 1.96` against
    :math:`t_{.975;4} = 2.78`). With equal city sizes and :math:`\hat\tau^2 > 0` the REML
    estimates equal the ANOVA estimates, :math:`\hat\tau^2 + \hat\sigma^2/n` is the variance
    of the city means, and the interval is *exactly* the one-sample t interval of the
    :math:`J` city means; lmerTest's Satterthwaite df are then :math:`J - 1` too. With unequal
    sizes :math:`J - 1` is the "m − l − 1" rule (clusters minus cluster-level predictors minus
    1) that Elff et al. (2021) found to give accurate coverage with few clusters under REML;
    Satterthwaite's df lie between :math:`J - 1` and :math:`N - 1` there. On a singular fit
    lmerTest gives :math:`N - 1`; kosieval keeps :math:`J - 1`, because a between-city
    variance estimated as 0 from few cities is not evidence that it is 0.

    **Singular fit.** When :math:`\sqrt{\hat\tau^2/\hat\sigma^2} < 10^{-4}` (lme4's
    ``isSingular``), :math:`\hat\tau^2` is set to 0 (lme4 reports exactly 0), so
    :math:`\hat\mu` is the mean of all differences and :math:`\hat\sigma^2` their variance
    (``ddof=1``), with a warning.

    **Fixed (few cities).** With fewer than ``min_cities_random`` cities, :math:`\tau^2`
    rests on too few cities to be estimated (Bolker et al., 2009, advise a random effect only
    from about 5 levels on; McNeish & Stapleton, 2016). The cities are then taken as they are and the
    results hold for these cities only: ``estimate`` is the mean of all differences
    (each person counts once), with the paired t-test's SE :math:`s_d/\sqrt N`, df
    :math:`N - 1` and t interval (``change`` holds the full
    :func:`~kosieval.stats.paired_change` result). Because :math:`s_d` also contains the
    differences between the city means, the interval is, if anything, a little wide for
    these cities.

    **Do the cities differ?** ``city_test`` is :func:`~kosieval.stats.compare_groups` of the
    differences by city (Welch's t-test or Welch's one-way ANOVA, as R's ``oneway.test``,
    and the rank test), for both models.

    References
    ----------
    Bates, D., Mächler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects
    models using lme4. Journal of Statistical Software, 67(1), 1-48.
    https://doi.org/10.18637/jss.v067.i01

    Bolker, B. M., Brooks, M. E., Clark, C. J., Geange, S. W., Poulsen, J. R., Stevens,
    M. H. H., & White, J.-S. S. (2009). Generalized linear mixed models: A practical guide for
    ecology and evolution. Trends in Ecology & Evolution, 24(3), 127-135.
    https://doi.org/10.1016/j.tree.2008.10.008

    Elff, M., Heisig, J. P., Schaeffer, M., & Shikano, S. (2021). Multilevel analysis with
    few clusters: Improving likelihood-based methods to provide unbiased estimates and
    accurate inference. British Journal of Political Science, 51(1), 412-426.
    https://doi.org/10.1017/S0007123419000097

    Kuznetsova, A., Brockhoff, P. B., & Christensen, R. H. B. (2017). lmerTest package:
    Tests in linear mixed effects models. Journal of Statistical Software, 82(13), 1-26.
    https://doi.org/10.18637/jss.v082.i13

    McNeish, D. M., & Stapleton, L. M. (2016). The effect of small sample size on two-level
    model estimates: A review and illustration. Educational Psychology Review, 28(2),
    295-314. https://doi.org/10.1007/s10648-014-9287-x

    Examples
    --------
    >>> d = [0.5, 0.2, 0.4, -0.1, 0.3, 0.6, 0.0, 0.2]
    >>> res = pooled_change(d, ["A"] * 4 + ["B"] * 4)
    >>> res.model, res.n_cities, round(res.estimate, 4)
    ('fixed', 2, 0.2625)
    """
    level = check_level(level)
    method = check_choice(method, "method", _METHODS)
    if isinstance(min_cities_random, bool) or not isinstance(min_cities_random, (int, np.integer)) \
            or min_cities_random < 2:
        raise ValueError(f"min_cities_random: must be an integer >= 2, got {min_cities_random!r}")
    values = numeric_vector(differences, "differences")
    labels = label_vector(cities, "cities")
    if labels.shape[0] != values.shape[0]:
        raise ValueError(f"cities: has {labels.shape[0]} labels for {values.shape[0]} differences")
    keep = ~np.isnan(values) & labels.notna().to_numpy()
    n_dropped = int((~keep).sum())
    y = values[keep]
    kept = labels[keep].reset_index(drop=True)
    order = label_order(kept, "cities")
    if len(order) < 2:
        raise ValueError(
            f"cities: need differences from at least 2 cities to pool and compare them, got {len(order)} "
            f"({order!r}); with one city use paired_change"
        )
    if y.shape[0] < 3:
        raise ValueError(f"differences: need at least 3 values, got {y.shape[0]}")
    codes = np.array([order.index(c) for c in kept], dtype=int)
    n, n_cities = int(y.shape[0]), len(order)
    model = ("random" if n_cities >= min_cities_random else "fixed") if method == "auto" else method
    city_frame = _city_frame(y, codes, order)
    city_labels = pd.Categorical([order[c] for c in codes], categories=order)
    city_test = compare_groups(y, city_labels, level=level)
    if model == "fixed":
        change = paired_change(np.zeros(n), y, level=level)
        se = change.sd_diff / np.sqrt(n)
        method_text = (
            f"city as a fixed factor ({n_cities} cities, fewer than {min_cities_random} needed for a "
            f"random effect)" if method == "auto" else f"city as a fixed factor ({n_cities} cities, requested)"
        ) + (
            f": pooled mean of all {n} differences, each person weighted equally; paired t-test with "
            f"SE = SD / sqrt(N), df = N - 1 = {n - 1} and t-based {level:g} CI; d_z with noncentral-t CI; "
            "the results hold for these cities only; cities compared by "
            f"{city_test.test} and {city_test.rank_test} of the differences"
        )
        return PooledChangeResult(
            estimate=change.mean_diff, se=float(se), statistic=change.t, df=float(change.df), pvalue=change.p_t,
            ci_low=change.ci_low, ci_high=change.ci_high, n=n, n_cities=n_cities, n_dropped=n_dropped,
            model="fixed", between_city_var=np.nan, between_city_sd=np.nan, within_city_var=np.nan, icc=np.nan,
            boundary=False, d_z=change.d_z, d_z_ci_low=change.d_z_ci_low, d_z_ci_high=change.d_z_ci_high,
            change=change, city_test=city_test, cities=city_frame, level=level, fit_warnings=(),
            method=method_text)

    if n_cities < min_cities_random:
        warnings.warn(
            f"pooled_change: the city is taken as a random effect with only {n_cities} cities (method='random'); "
            f"the between-city variance rests on {n_cities} city means and is very uncertain, and the t interval "
            f"has {n_cities - 1} df",
            RuntimeWarning, stacklevel=2)
    df = float(n_cities - 1)
    if float(np.var(y)) == 0.0:
        warnings.warn(
            "pooled_change: all values are equal, so there is no variance within or between cities; the "
            "estimate is that value and its SE, t, p and CI are undefined (NaN)",
            RuntimeWarning, stacklevel=2)
        return PooledChangeResult(
            estimate=float(y[0]), se=np.nan, statistic=np.nan, df=df, pvalue=np.nan, ci_low=np.nan, ci_high=np.nan,
            n=n, n_cities=n_cities, n_dropped=n_dropped, model="random", between_city_var=np.nan,
            between_city_sd=np.nan, within_city_var=0.0, icc=np.nan, boundary=False, d_z=np.nan, d_z_ci_low=np.nan,
            d_z_ci_high=np.nan, change=None, city_test=city_test, cities=city_frame, level=level, fit_warnings=(),
            method=f"city as a random effect ({n_cities} cities): not estimable, all differences equal")
    fit, optimizer, messages, notes = fit_random_intercept(y, np.ones((n, 1)), codes, reml=True)
    if fit is None:
        raise ValueError("differences: statsmodels MixedLM could not fit diff ~ 1 + (1 | city): "
                         + "; ".join(messages))
    var_u = max(float(np.asarray(fit.cov_re)[0, 0]), 0.0)
    var_e = float(fit.scale)
    boundary = bool(np.sqrt(var_u / var_e) < SINGULAR_THETA) if var_e > 0 else True
    if not fit.converged:
        warnings.warn(
            f"pooled_change: the model fit did not converge ({', '.join(notes)}); the estimates are not reliable. "
            f"statsmodels reported: {'; '.join(messages) or 'none'}",
            RuntimeWarning, stacklevel=2)
    if boundary:
        # lme4 reports theta = 0 exactly; then REML gives the mean and the ddof=1 variance of all values
        var_u, var_e = 0.0, float(np.var(y, ddof=1))
        estimate, se = float(y.mean()), float(np.sqrt(var_e / n))
        warnings.warn(
            f"pooled_change: the between-city variance is estimated as 0 (singular fit, lme4: 'boundary (singular) "
            f"fit'): the {n_cities} cities' means differ no more than expected from the spread within the "
            "cities. It is reported as 0 and the pooled estimate equals the mean of all values; the t "
            f"interval keeps df = {n_cities - 1} (number of cities - 1)",
            RuntimeWarning, stacklevel=2)
    else:
        sizes = np.bincount(codes, minlength=n_cities).astype(float)
        weights = sizes / (var_e + sizes * var_u)
        estimate = float(np.asarray(fit.fe_params, dtype=float)[0])
        se = float(1.0 / np.sqrt(weights.sum()))
    t, p, low, high = _t_interval(estimate, se, df, level)
    total = var_u + var_e
    fallback = f" ({', '.join(notes)})" if notes else ""
    method_text = (
        f"city as a random effect ({n_cities} cities"
        + (f", at least {min_cities_random} needed" if method == "auto" else ", requested")
        + f"): linear mixed model diff ~ 1 + (1 | city), REML fit by statsmodels MixedLM, optimiser "
        f"{optimizer}{fallback}; estimate = fixed intercept, SE as lme4 vcov; t test and t-based {level:g} CI "
        f"with df = number of cities - 1 = {n_cities - 1} (not Wald z)"
        + ("; singular fit: between-city variance 0" if boundary else "")
        + f"; d_z = estimate / sqrt(between + within variance), no CI; cities compared by {city_test.test} "
        f"and {city_test.rank_test} of the differences"
    )
    return PooledChangeResult(
        estimate=estimate, se=se, statistic=t, df=df, pvalue=p, ci_low=low, ci_high=high, n=n, n_cities=n_cities,
        n_dropped=n_dropped, model="random", between_city_var=var_u, between_city_sd=float(np.sqrt(var_u)),
        within_city_var=var_e, icc=var_u / total, boundary=boundary, d_z=estimate / float(np.sqrt(total)),
        d_z_ci_low=np.nan, d_z_ci_high=np.nan, change=None, city_test=city_test, cities=city_frame, level=level,
        fit_warnings=tuple(messages), method=method_text)
