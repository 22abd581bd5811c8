"""Comparison of independent groups: Welch tests, rank tests and their effect sizes.

:func:`compare_groups` reports a parametric test (Welch's t-test for two groups, Welch's
one-way ANOVA for three or more), the matching rank test (Wilcoxon-Mann-Whitney or
Kruskal-Wallis) and effect sizes with confidence intervals in one result. The conventions
follow R 4.2 (``stats::t.test``, ``stats::wilcox.test``, ``stats::oneway.test``,
``stats::kruskal.test``) and ``effectsize`` 0.8 (``hedges_g``, ``rank_biserial``,
``rank_epsilon_squared``); where kosieval differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special, stats

from kosieval.stats.arguments import check_exact, check_level, label_order, label_vector, numeric_vector
from kosieval.stats.intervals import noncentral_t_limits

__all__ = ["GroupComparisonResult", "compare_groups"]

_EXACT = "exact"
_NORMAL = "normal approximation"
_CHISQ = "chi-square approximation"


@dataclass(frozen=True, eq=False)
class GroupComparisonResult:
    """Comparison of a numeric variable between independent groups.

    With two groups all differences are *first group minus second group* (the group order
    is that of :attr:`groups`), as in R's ``t.test(x ~ g)`` and ``wilcox.test(x ~ g)``.

    Attributes
    ----------
    n
        Cases analysed (a value and a group label present).
    n_groups
        Groups with at least one value.
    n_dropped
        Cases dropped because the value or the group label was missing.
    groups
        One row per group in the order used: columns ``group``, ``n``, ``mean``, ``sd``
        (``ddof=1``; NaN for a group of one), ``median``, ``ci_low``, ``ci_high`` (t-based CI
        of the group mean at ``level``; NaN for a group of one).
    test
        ``"Welch two-sample t-test"`` or ``"Welch one-way ANOVA"``.
    statistic, df, pvalue
        Welch's t (two groups) or Welch's F (three or more), its (denominator) degrees of
        freedom and the two-sided p-value.
    df_num
        Numerator degrees of freedom of Welch's F (``n_groups - 1``); NaN for the t-test.
    mean_diff, ci_low, ci_high
        Two groups: mean of the first minus mean of the second group and its Welch CI at
        ``level``. NaN for three or more groups.
    effect_size, effect_size_name, effect_ci_low, effect_ci_high
        Two groups: Hedges' g (``"hedges_g"``) with its noncentral-t CI. Three or more
        groups: no parametric effect size is reported (``"none"``, NaN); the rank effect is
        in ``rank_effect``.
    rank_test
        ``"Wilcoxon-Mann-Whitney rank-sum test"`` or ``"Kruskal-Wallis rank-sum test"``.
    rank_statistic
        Two groups: R's ``W``, the Mann-Whitney U of the first group (the number of pairs
        in which the first group's value is larger, ties counted 1/2). Three or more:
        the tie-corrected Kruskal-Wallis H.
    rank_df
        Degrees of freedom of H (``n_groups - 1``); NaN for two groups.
    p_rank
        Two-sided p-value of the rank test.
    rank_method
        What the rank test's p-value used: ``"exact"``, ``"normal approximation"`` (two
        groups) or ``"chi-square approximation"`` (Kruskal-Wallis).
    correction
        Whether the normal approximation of the rank-sum test used the continuity
        correction.
    rank_effect, rank_effect_name, rank_effect_ci_low, rank_effect_ci_high
        Two groups: rank-biserial correlation (``"rank_biserial"``) with its Fisher-z CI.
        Three or more: rank epsilon squared (``"rank_epsilon_squared"``) with a percentile
        bootstrap CI if ``n_boot > 0``, else NaN limits.
    level
        Confidence level of all intervals.
    method
        The exact conventions, in words.
    """

    n: int
    n_groups: int
    n_dropped: int
    groups: pd.DataFrame
    test: str
    statistic: float
    df: float
    df_num: float
    pvalue: float
    mean_diff: float
    ci_low: float
    ci_high: float
    effect_size: float
    effect_size_name: str
    effect_ci_low: float
    effect_ci_high: float
    rank_test: str
    rank_statistic: float
    rank_df: float
    p_rank: float
    rank_method: str
    correction: bool
    rank_effect: float
    rank_effect_name: str
    rank_effect_ci_low: float
    rank_effect_ci_high: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the test results as a one-row DataFrame.

        The per-group descriptives are in :attr:`groups`.
        """
        row = {
            name: [getattr(self, name)]
            for name in self.__dataclass_fields__
            if name != "groups"
        }
        return pd.DataFrame(row)






def _ranksum_pvalue_exact(w: float, n1: int, n2: int) -> float:
    r"""Two-sided exact p-value of the rank-sum statistic without ties, as R's ``pwilcox``.

    The null distribution of U for sizes :math:`(i, j)` follows from the largest of the
    :math:`i + j` values: it belongs to the first sample with probability :math:`i/(i+j)`
    (and then beats all :math:`j` values of the second), so
    :math:`P_{i,j}(u) = \tfrac{i}{i+j} P_{i-1,j}(u-j) + \tfrac{j}{i+j} P_{i,j-1}(u)`.
    """
    previous = [np.ones(1) for _ in range(n2 + 1)]  # i = 0: U = 0
    for i in range(1, n1 + 1):
        current = [np.ones(1)]  # j = 0: U = 0
        for j in range(1, n2 + 1):
            pmf = np.zeros(i * j + 1)
            upper = previous[j]
            pmf[j : j + upper.size] += i / (i + j) * upper
            left = current[j - 1]
            pmf[: left.size] += j / (i + j) * left
            current.append(pmf)
        previous = current
    pmf = previous[n2]
    u = round(w)
    # R: p = pwilcox(W - 1, lower.tail = FALSE) if W > n1 n2 / 2 else pwilcox(W)
    tail = pmf[u:].sum() if w > n1 * n2 / 2.0 else pmf[: u + 1].sum()
    return float(min(1.0, 2.0 * tail))


def _kruskal_h(x: np.ndarray, codes: np.ndarray, k: int) -> float:
    """Tie-corrected Kruskal-Wallis H (NaN when all values are tied)."""
    n = x.shape[0]
    ranks = stats.rankdata(x)
    sums = np.bincount(codes, weights=ranks, minlength=k)
    sizes = np.bincount(codes, minlength=k)
    _, ties = np.unique(x, return_counts=True)
    ties = ties.astype(float)
    denominator = 1.0 - float(np.sum(ties**3 - ties)) / (n**3 - n)
    if denominator == 0.0:
        return np.nan
    return float((12.0 * np.sum(sums**2 / sizes) / (n * (n + 1)) - 3.0 * (n + 1)) / denominator)




def _group_frame(parts: list[np.ndarray], order: list[Hashable], level: float) -> pd.DataFrame:
    rows = []
    for label, x in zip(order, parts):
        size = x.shape[0]
        mean = float(x.mean())
        if size >= 2:
            sd = float(x.std(ddof=1))
            half = float(stats.t.ppf(0.5 + level / 2.0, size - 1)) * sd / np.sqrt(size)
            low, high = mean - half, mean + half
        else:
            sd = low = high = np.nan
        rows.append(
            {"group": label, "n": size, "mean": mean, "sd": sd, "median": float(np.median(x)),
             "ci_low": low, "ci_high": high}
        )
    return pd.DataFrame(rows, columns=["group", "n", "mean", "sd", "median", "ci_low", "ci_high"])


def compare_groups(
    values: object,
    groups: object,
    *,
    level: float = 0.95,
    correction: bool = True,
    exact: Literal["auto"] | bool = "auto",
    n_boot: int = 0,
    seed: int | None = None,
) -> GroupComparisonResult:
    r"""Welch test, rank test and effect sizes for a numeric variable across groups.

    Two groups: Welch's t-test with the CI of the mean difference, Hedges' g with its CI,
    the Wilcoxon-Mann-Whitney rank-sum test and the rank-biserial correlation with its CI.
    Three or more groups: Welch's one-way ANOVA, the Kruskal-Wallis test and rank epsilon
    squared (optionally with a bootstrap CI).

    Parameters
    ----------
    values
        Numeric values (1-D array-like or Series; NaN/NA = missing).
    groups
        Group labels of the same length (list, array, Series, Categorical; NaN/None/NA =
        missing). A case with a missing value or label is dropped and counted in
        ``n_dropped``. Groups are ordered by the category order of a pandas categorical
        (unused categories left out), otherwise sorted. Two Series must share their index.
    level
        Confidence level of all intervals, strictly between 0 and 1.
    correction
        Continuity correction of the rank-sum test's normal approximation (R's
        ``wilcox.test`` default ``correct = TRUE``). No effect on the exact test or on
        Kruskal-Wallis (R has none there either).
    exact
        Rank-sum test (two groups) only. ``"auto"`` (default): the exact null distribution
        when both groups have fewer than 50 values and there are no ties, otherwise the
        normal approximation -- R's ``wilcox.test(exact = NULL)`` rule. ``True``: exact;
        with ties it does not exist in closed form and kosieval falls back to the normal
        approximation with a warning, as R does. ``False``: always the normal approximation.
    n_boot
        Three or more groups only: bootstrap replications for the CI of rank epsilon
        squared (0, the default, = no CI, NaN limits; the reason is in ``method``).
    seed
        Seed of the bootstrap (``numpy.random.default_rng``); ``None`` = not reproducible.

    Returns
    -------
    GroupComparisonResult

    Raises
    ------
    ValueError
        Inputs of different length or index, non-numeric or infinite values, labels that
        are not 1-D or of unsortable mixed types, fewer than 2 groups with values, or an
        invalid option.

    Warns
    -----
    RuntimeWarning
        When a group has one value (its variance, hence Welch's test, is undefined: NaN;
        the rank test still runs). When the variances are zero where Welch's test needs
        them (both groups; any group for the ANOVA): NaN. When the pooled SD is zero or has
        fewer than 2 degrees of freedom: Hedges' g is NaN. When all values are tied: the
        rank tests and epsilon squared are NaN. When the exact test was requested but ties
        force the normal approximation. When :math:`|r_{rb}| = 1`, where the Fisher-z CI
        degenerates (NaN). When bootstrap replicates are undefined (all values tied).

    Notes
    -----
    Groups :math:`i = 1..k` with :math:`n_i` values, means :math:`\bar x_i`, variances
    :math:`s_i^2` (``ddof=1``), :math:`N = \sum n_i`, :math:`\gamma = 1 -` ``level``.

    **Welch's t-test** (Welch, 1947): :math:`t = (\bar x_1 - \bar x_2)/SE`,
    :math:`SE = \sqrt{s_1^2/n_1 + s_2^2/n_2}`,
    :math:`df = SE^4 / \big(\frac{(s_1^2/n_1)^2}{n_1-1} + \frac{(s_2^2/n_2)^2}{n_2-1}\big)`,
    CI :math:`\bar x_1 - \bar x_2 \pm t_{1-\gamma/2,\,df}\,SE`; identical to
    ``t.test(x ~ g)`` (first factor level minus second).

    **Hedges' g** (Hedges, 1981): :math:`g = J\,(\bar x_1 - \bar x_2)/s_p` with the pooled
    SD :math:`s_p^2 = \sum_i \sum_j (x_{ij} - \bar x_i)^2/(N-2)` and the exact small-sample
    correction :math:`J = \Gamma(\nu/2) / (\sqrt{\nu/2}\,\Gamma((\nu-1)/2))`,
    :math:`\nu = N - 2`. CI: the noncentral-t limits :math:`\lambda_{L,U}` of the pooled
    :math:`t = (\bar x_1 - \bar x_2)/(s_p\sqrt{1/n_1 + 1/n_2})` with :math:`\nu` df
    (Steiger & Fouladi, 1997), times :math:`\sqrt{1/n_1+1/n_2}\,J` -- as
    ``effectsize::hedges_g(x ~ g)``, which finds :math:`\lambda` with ``optim`` (limits
    off by up to about 1e-7 in the tests); kosieval solves with ``brentq``. :math:`J` needs :math:`\nu \ge 2`:
    for :math:`N = 3` effectsize reports g = 0 (:math:`J = 0`), kosieval NaN with a
    warning. A group of one contributes nothing to :math:`s_p` but its mean (as effectsize).

    **Wilcoxon-Mann-Whitney** (Wilcoxon, 1945; Mann & Whitney, 1947): all :math:`N` values
    ranked (mid-ranks for ties), :math:`W = R_1 - n_1(n_1+1)/2` with :math:`R_1` the rank
    sum of the first group (R's statistic ``W`` = U of the first group). Exact: two-sided p
    from the permutation distribution (R's ``pwilcox`` rule,
    :math:`\min(1, 2P)` with :math:`P = P(U \ge W)` if :math:`W > n_1 n_2/2`, else
    :math:`P(U \le W)`). Normal approximation with tie groups :math:`t_j`:
    :math:`\sigma^2 = \frac{n_1 n_2}{12}\big(N + 1 - \frac{\sum_j (t_j^3 - t_j)}{N(N-1)}\big)`,
    :math:`z = (W - n_1 n_2/2 - c)/\sigma`, :math:`c = \operatorname{sign}(W - n_1n_2/2)/2`
    if ``correction`` else 0, :math:`p = 2(1 - \Phi(|z|))`; as ``wilcox.test(x ~ g)``.

    **Rank-biserial correlation** (Glass, 1965; Kerby, 2014):
    :math:`r_{rb} = 2W/(n_1 n_2) - 1` (positive: the first group tends to be larger). CI
    :math:`\tanh(\operatorname{atanh} r_{rb} \pm z_{1-\gamma/2}\,SE)` with
    :math:`SE = \sqrt{(n_1 + n_2 + 1)/(3 n_1 n_2)}`, as ``effectsize::rank_biserial(x ~ g)``
    (an approximation: the null SE, used on the z scale). With :math:`|r_{rb}| = 1` the
    interval is undefined (NaN, warning), where effectsize reports [1, 1]. When all values
    are tied, :math:`r_{rb} = 0` (as effectsize) although the test is undefined.

    **Welch's one-way ANOVA** (Welch, 1951): weights :math:`w_i = n_i/s_i^2`,
    :math:`\tilde x = \sum w_i \bar x_i / \sum w_i`,
    :math:`A = \frac{1}{k^2-1}\sum_i (1 - w_i/\sum w)^2/(n_i - 1)`,
    :math:`F = \frac{\sum_i w_i(\bar x_i - \tilde x)^2}{(k-1)(1 + 2(k-2)A)}` on
    :math:`k-1` and :math:`1/(3A)` df; as ``oneway.test(x ~ g, var.equal = FALSE)``.

    **Kruskal-Wallis** (Kruskal & Wallis, 1952): with rank sums :math:`R_i`,
    :math:`H = \big(\frac{12}{N(N+1)}\sum_i R_i^2/n_i - 3(N+1)\big) /
    \big(1 - \frac{\sum_j (t_j^3 - t_j)}{N^3 - N}\big)`, :math:`p = P(\chi^2_{k-1} > H)`; as
    ``kruskal.test``.

    **Rank epsilon squared** (Tomczak & Tomczak, 2014):
    :math:`E^2_R = H / ((N^2-1)/(N+1)) = H/(N-1)`, as
    ``effectsize::rank_epsilon_squared``. effectsize's CI is a percentile bootstrap
    resampling within groups (``boot``, 200 replications, by default one-sided). kosieval:
    no CI unless ``n_boot > 0``; then the two-sided percentile interval of ``n_boot``
    replicates resampled with replacement within each group (``numpy.quantile``, linear
    interpolation), seeded by ``seed``. It cannot reproduce R's random numbers; it agrees
    with effectsize up to Monte-Carlo error.

    All tests are two-sided.

    References
    ----------
    Welch, B. L. (1947). The generalization of 'Student's' problem when several different
    population variances are involved. Biometrika, 34(1-2), 28-35.
    https://doi.org/10.1093/biomet/34.1-2.28

    Welch, B. L. (1951). On the comparison of several mean values: An alternative approach.
    Biometrika, 38(3-4), 330-336. https://doi.org/10.1093/biomet/38.3-4.330

    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and
    related estimators. Journal of Educational Statistics, 6(2), 107-128.
    https://doi.org/10.3102/10769986006002107

    Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation and the
    evaluation of statistical models. In L. L. Harlow, S. A. Mulaik, & J. H. Steiger (Eds.),
    What if there were no significance tests? (pp. 221-257). Erlbaum.

    Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin,
    1(6), 80-83. https://doi.org/10.2307/3001968

    Mann, H. B., & Whitney, D. R. (1947). On a test of whether one of two random variables
    is stochastically larger than the other. The Annals of Mathematical Statistics, 18(1),
    50-60. https://doi.org/10.1214/aoms/1177730491

    Glass, G. V. (1965). A ranking variable analogue of biserial correlation: Implications
    for short-cut item analysis. Journal of Educational Measurement, 2(1), 91-95.
    https://doi.org/10.1111/j.1745-3984.1965.tb00396.x

    Kerby, D. S. (2014). The simple difference formula: An approach to teaching
    nonparametric correlation. Comprehensive Psychology, 3, 11.IT.3.1.
    https://doi.org/10.2466/11.IT.3.1

    Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance
    analysis. Journal of the American Statistical Association, 47(260), 583-621.
    https://doi.org/10.1080/01621459.1952.10483441

    Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited.
    An overview of some recommended measures of effect size. Trends in Sport Sciences,
    1(21), 19-25.

    Ben-Shachar, M. S., Lüdecke, D., & Makowski, D. (2020). effectsize: Estimation of effect
    size indices and standardized parameters. Journal of Open Source Software, 5(56), 2815.
    https://doi.org/10.21105/joss.02815

    Examples
    --------
    >>> res = compare_groups([3, 4, 2, 5, 4, 3, 5, 5], ["a", "a", "a", "a", "b", "b", "b", "b"])
    >>> res.test, res.rank_statistic, res.rank_method
    ('Welch two-sample t-test', 5.0, 'normal approximation')
    """
    level = check_level(level)
    if not isinstance(correction, (bool, np.bool_)):
        raise ValueError(f"correction: must be True or False, got {correction!r}")
    correction = bool(correction)
    exact_choice = check_exact(exact)
    if isinstance(n_boot, (bool, np.bool_)) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot: must be a non-negative integer, got {n_boot!r}")
    n_boot = int(n_boot)
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer))):
        raise ValueError(f"seed: must be an integer or None, got {seed!r}")

    x_all = numeric_vector(values, "values")
    labels = label_vector(groups, "groups")
    if labels.shape[0] != x_all.shape[0]:
        raise ValueError(
            f"groups: has {labels.shape[0]} labels but values has {x_all.shape[0]}; "
            "they must align"
        )
    if (
        isinstance(values, pd.Series)
        and isinstance(groups, pd.Series)
        and not values.index.equals(groups.index)
    ):
        raise ValueError(
            "groups: its index differs from the index of values; cases are matched by "
            "position, so align both Series first"
        )
    keep = ~(np.isnan(x_all) | labels.isna().to_numpy())
    n_dropped = int((~keep).sum())
    labels = labels[keep]
    x = x_all[keep]
    order = label_order(labels, "groups")
    k = len(order)
    if k < 2:
        found = f" ({order[0]!r})" if order else ""
        raise ValueError(
            f"groups: need at least 2 groups with values, got {k}{found} "
            f"({n_dropped} cases dropped for missing values or labels)"
        )
    position = {label: i for i, label in enumerate(order)}
    codes = np.array([position[label] for label in labels.to_numpy()], dtype=np.intp)
    parts = [x[codes == i] for i in range(k)]
    sizes = np.array([p.shape[0] for p in parts])
    n = int(x.shape[0])
    frame = _group_frame(parts, order, level)
    means = frame["mean"].to_numpy()
    variances = frame["sd"].to_numpy() ** 2
    singles = [repr(order[i]) for i in range(k) if sizes[i] < 2]
    notes: list[str] = []  # warnings, issued once the result is complete

    if k == 2:
        parametric, parametric_text = _welch_t_and_hedges_g(parts, means, variances, singles,
                                                             level, notes)
        ranks, rank_text = _rank_sum_and_biserial(x, codes, sizes, exact_choice, correction,
                                                  level, notes)
    else:
        parametric, parametric_text = _welch_anova(sizes, means, variances, order, singles, notes)
        ranks, rank_text = _kruskal_and_epsilon(x, codes, parts, n_boot, seed, level, notes)
    for note in notes:
        warnings.warn(f"compare_groups: {note}", RuntimeWarning, stacklevel=2)
    method = (
        f"{n} cases in {k} groups ({n_dropped} dropped for a missing value or label); "
        f"groups ordered {_order_text(labels)}; {parametric_text}; {rank_text}; "
        "all tests two-sided"
    )
    return GroupComparisonResult(
        n=n,
        n_groups=k,
        n_dropped=n_dropped,
        groups=frame,
        **parametric,
        **ranks,
        correction=correction,
        level=level,
        method=method,
    )


def _groups_have(names: list[str]) -> str:
    """``"group 'a' has"`` or ``"groups 'a' and 'b' have"``."""
    if len(names) == 1:
        return f"group {names[0]} has"
    return f"groups {', '.join(names[:-1])} and {names[-1]} have"


def _order_text(labels: pd.Series) -> str:
    if isinstance(labels.dtype, pd.CategoricalDtype):
        return "as the categories of the categorical"
    return "by sorted label"


def _welch_t_and_hedges_g(
    parts: list[np.ndarray],
    means: np.ndarray,
    variances: np.ndarray,
    singles: list[str],
    level: float,
    notes: list[str],
) -> tuple[dict[str, object], str]:
    """Welch's t-test and Hedges' g for two groups: result fields and their description."""
    n1, n2 = parts[0].shape[0], parts[1].shape[0]
    mean_diff = float(means[0] - means[1])
    nan = np.nan
    if singles:
        notes.append(
            f"{_groups_have(singles)} a single value, so the variance and Welch's t-test (t, "
            "df, p-value, CI of the mean difference) are undefined and set to NaN"
        )
        t = df = p = low = high = nan
    elif variances[0] == 0.0 and variances[1] == 0.0:
        notes.append(
            "both groups have zero variance, so Welch's t-test (t, df, p-value, CI of the "
            "mean difference) is undefined and set to NaN"
        )
        t = df = p = low = high = nan
    else:
        a1, a2 = variances[0] / n1, variances[1] / n2
        se = np.sqrt(a1 + a2)
        t = mean_diff / se
        df = (a1 + a2) ** 2 / (a1**2 / (n1 - 1) + a2**2 / (n2 - 1))
        p = 2.0 * stats.t.sf(abs(t), df)
        half = stats.t.ppf(0.5 + level / 2.0, df) * se
        low, high = mean_diff - half, mean_diff + half

    nu = n1 + n2 - 2
    ss = float(sum(np.sum((part - part.mean()) ** 2) for part in parts))
    if nu < 2:
        notes.append(
            f"Hedges' g needs at least 4 values (the pooled SD has {nu} degree of freedom, "
            "and the correction J is undefined below 2): g and its CI are NaN"
        )
        g = g_low = g_high = nan
    elif ss == 0.0:
        notes.append("the pooled SD is zero, so Hedges' g and its CI are undefined and set to NaN")
        g = g_low = g_high = nan
    else:
        sp = np.sqrt(ss / nu)
        j = np.exp(special.gammaln(nu / 2.0) - np.log(np.sqrt(nu / 2.0))
                   - special.gammaln((nu - 1) / 2.0))
        h = np.sqrt(1.0 / n1 + 1.0 / n2)
        g = j * mean_diff / sp
        ncp_low, ncp_high = noncentral_t_limits(mean_diff / (sp * h), nu, level)
        g_low, g_high = ncp_low * h * j, ncp_high * h * j
    fields: dict[str, object] = {
        "test": "Welch two-sample t-test",
        "statistic": float(t),
        "df": float(df),
        "df_num": nan,
        "pvalue": float(p),
        "mean_diff": mean_diff,
        "ci_low": float(low),
        "ci_high": float(high),
        "effect_size": float(g),
        "effect_size_name": "hedges_g",
        "effect_ci_low": float(g_low),
        "effect_ci_high": float(g_high),
    }
    text = (
        "Welch two-sample t-test, mean difference = first group minus second (as R "
        f"t.test(x ~ g)), Welch-Satterthwaite df, {level:g} CI; Hedges' g = J (mean1 - mean2) "
        "/ pooled SD with exact J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)), df = n - 2, "
        f"noncentral-t {level:g} CI times J (as effectsize::hedges_g)"
    )
    return fields, text


def _rank_sum_and_biserial(
    x: np.ndarray,
    codes: np.ndarray,
    sizes: np.ndarray,
    exact_choice: bool | None,
    correction: bool,
    level: float,
    notes: list[str],
) -> tuple[dict[str, object], str]:
    """Wilcoxon-Mann-Whitney test and rank-biserial r for two groups: fields, description."""
    n1, n2 = int(sizes[0]), int(sizes[1])
    n = n1 + n2
    ranks = stats.rankdata(x)
    w = float(ranks[codes == 0].sum() - n1 * (n1 + 1) / 2.0)
    _, tie_sizes = np.unique(x, return_counts=True)
    ties = bool((tie_sizes > 1).any())
    if exact_choice is None:
        use_exact = n1 < 50 and n2 < 50 and not ties
        rule = "exact if both groups < 50 and no ties (R's rule)"
    else:
        use_exact = exact_choice and not ties
        rule = "exact requested" if exact_choice else "normal approximation requested"
        if exact_choice and ties:
            notes.append(
                "cannot compute the exact rank-sum p-value with ties; using the normal "
                "approximation with tie correction (as R's wilcox.test)"
            )
    if use_exact:
        p = _ranksum_pvalue_exact(w, n1, n2)
        test_text = "exact null distribution"
    else:
        tie_sizes = tie_sizes.astype(float)
        sigma2 = n1 * n2 / 12.0 * ((n + 1) - float(np.sum(tie_sizes**3 - tie_sizes)) / (n * (n - 1)))
        if sigma2 <= 0.0:
            notes.append(
                f"all {n} values are tied, so the rank-sum test is undefined: its p-value is NaN"
            )
            p = np.nan
        else:
            z = w - n1 * n2 / 2.0
            cc = 0.5 * np.sign(z) if correction else 0.0
            p = float(2.0 * stats.norm.sf(abs((z - cc) / np.sqrt(sigma2))))
        test_text = "normal approximation with tie correction, " + (
            "with continuity correction" if correction else "without continuity correction"
        )
    rb = 2.0 * w / (n1 * n2) - 1.0
    if abs(rb) == 1.0:
        notes.append(
            f"rank_biserial = {rb:g} (the groups do not overlap); its Fisher-z CI is "
            "undefined and set to NaN"
        )
        low = high = np.nan
    else:
        se = np.sqrt((n1 + n2 + 1) / (3.0 * n1 * n2))
        zq = stats.norm.ppf(0.5 + level / 2.0)
        low = float(np.tanh(np.arctanh(rb) - zq * se))
        high = float(np.tanh(np.arctanh(rb) + zq * se))
    fields: dict[str, object] = {
        "rank_test": "Wilcoxon-Mann-Whitney rank-sum test",
        "rank_statistic": w,
        "rank_df": np.nan,
        "p_rank": float(p),
        "rank_method": _EXACT if use_exact else _NORMAL,
        "rank_effect": float(rb),
        "rank_effect_name": "rank_biserial",
        "rank_effect_ci_low": low,
        "rank_effect_ci_high": high,
    }
    tied_note = " (all values tied: r = 0, as effectsize)" if x.max() == x.min() else ""
    text = (
        f"Wilcoxon-Mann-Whitney rank-sum test, W = U of the first group (as R wilcox.test(x ~ g)), "
        f"{rule}: {test_text}; rank-biserial r = 2W/(n1 n2) - 1{tied_note} with Fisher-z "
        f"{level:g} CI, SE = sqrt((n1 + n2 + 1)/(3 n1 n2)) (as effectsize::rank_biserial)"
    )
    return fields, text


def _welch_anova(
    sizes: np.ndarray,
    means: np.ndarray,
    variances: np.ndarray,
    order: list[Hashable],
    singles: list[str],
    notes: list[str],
) -> tuple[dict[str, object], str]:
    """Welch's one-way ANOVA (R ``oneway.test(var.equal = FALSE)``): fields, description."""
    k = sizes.shape[0]
    f = df = p = np.nan
    zero = [repr(order[i]) for i in range(k) if variances[i] == 0.0]
    if singles:
        notes.append(
            f"{_groups_have(singles)} a single value, so the variance and Welch's ANOVA (F, "
            "df, p-value) are undefined and set to NaN"
        )
    elif zero:
        notes.append(
            f"{_groups_have(zero)} zero variance, so the Welch weight n/s^2 is infinite and "
            "Welch's ANOVA (F, df, p-value) is undefined and set to NaN"
        )
    else:
        w = sizes / variances
        total = w.sum()
        centre = np.sum(w * means) / total
        a = np.sum((1.0 - w / total) ** 2 / (sizes - 1)) / (k**2 - 1)
        f = np.sum(w * (means - centre) ** 2) / ((k - 1) * (1.0 + 2.0 * (k - 2) * a))
        df = 1.0 / (3.0 * a)
        p = stats.f.sf(f, k - 1, df)
    nan = np.nan
    fields: dict[str, object] = {
        "test": "Welch one-way ANOVA",
        "statistic": float(f),
        "df": float(df),
        "df_num": float(k - 1),
        "pvalue": float(p),
        "mean_diff": nan,
        "ci_low": nan,
        "ci_high": nan,
        "effect_size": nan,
        "effect_size_name": "none",
        "effect_ci_low": nan,
        "effect_ci_high": nan,
    }
    text = (
        "Welch one-way ANOVA (as R oneway.test(var.equal = FALSE)): F on k - 1 and Welch "
        "denominator df; no parametric effect size for 3 or more groups (effect_size NaN; "
        "see the rank effect)"
    )
    return fields, text


def _kruskal_and_epsilon(
    x: np.ndarray,
    codes: np.ndarray,
    parts: list[np.ndarray],
    n_boot: int,
    seed: int | None,
    level: float,
    notes: list[str],
) -> tuple[dict[str, object], str]:
    """Kruskal-Wallis test and rank epsilon squared (bootstrap CI): fields, description."""
    k = len(parts)
    n = x.shape[0]
    h = _kruskal_h(x, codes, k)
    if np.isnan(h):
        notes.append(
            f"all {n} values are tied, so the Kruskal-Wallis H, its p-value and rank "
            "epsilon squared are undefined and set to NaN"
        )
        p = epsilon = low = high = np.nan
    else:
        p = float(stats.chi2.sf(h, k - 1))
        epsilon = h / (n - 1)
        low, high = _bootstrap_epsilon(parts, n_boot, seed, level, notes)
    fields: dict[str, object] = {
        "rank_test": "Kruskal-Wallis rank-sum test",
        "rank_statistic": h,
        "rank_df": float(k - 1),
        "p_rank": p,
        "rank_method": _CHISQ,
        "rank_effect": epsilon,
        "rank_effect_name": "rank_epsilon_squared",
        "rank_effect_ci_low": low,
        "rank_effect_ci_high": high,
    }
    if n_boot > 0:
        boot_text = (
            f"{level:g} percentile bootstrap CI ({n_boot} replications resampled within "
            f"groups, seed {seed})"
        )
    else:
        boot_text = "no CI (effectsize uses a bootstrap; set n_boot > 0 for a percentile bootstrap CI)"
    text = (
        "Kruskal-Wallis test with tie correction (chi-square approximation, as R "
        f"kruskal.test); rank epsilon squared H/(n - 1) (effectsize), {boot_text}"
    )
    return fields, text


def _bootstrap_epsilon(
    parts: list[np.ndarray], n_boot: int, seed: int | None, level: float, notes: list[str]
) -> tuple[float, float]:
    r"""Percentile bootstrap CI of rank epsilon squared, resampling within groups.

    Each replicate uses :math:`E^2_R = H/(N-1) = \sum_i n_i(\bar r_i - \bar r)^2 /
    \sum_{ij} (r_{ij} - \bar r)^2` with mid-ranks :math:`r_{ij}`, which equals the
    tie-corrected H over :math:`N - 1`, computed for blocks of replicates at once.
    """
    if n_boot == 0:
        return np.nan, np.nan
    rng = np.random.default_rng(seed)
    sizes = [p.shape[0] for p in parts]
    n = sum(sizes)
    bounds = np.cumsum([0, *sizes])
    replicates = np.empty(n_boot)
    block = max(1, min(n_boot, 2_000_000 // n))
    for start in range(0, n_boot, block):
        m = min(block, n_boot - start)
        sample = np.concatenate(
            [p[rng.integers(0, p.shape[0], size=(m, p.shape[0]))] for p in parts], axis=1
        )
        ranks = stats.rankdata(sample, axis=1)
        centred = ranks - (n + 1) / 2.0
        total = np.sum(centred**2, axis=1)
        between = sum(
            np.sum(centred[:, bounds[i] : bounds[i + 1]], axis=1) ** 2 / sizes[i]
            for i in range(len(parts))
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            replicates[start : start + m] = np.where(total > 0, between / total, np.nan)
    finite = replicates[~np.isnan(replicates)]
    if finite.shape[0] < n_boot:
        notes.append(
            f"{n_boot - finite.shape[0]} of {n_boot} bootstrap replicates had all values tied "
            "(epsilon squared undefined) and were left out of the bootstrap CI"
        )
    if finite.shape[0] == 0:
        return np.nan, np.nan
    low, high = np.quantile(finite, [(1.0 - level) / 2.0, 0.5 + level / 2.0])
    return float(low), float(high)
