"""Change between two measurements of the same respondents (pre/post, T0/T1).

:func:`paired_change` reports the paired t-test, the Wilcoxon signed-rank test and two
effect sizes with confidence intervals in one result. The conventions follow R's
``stats::t.test(paired = TRUE)`` and ``stats::wilcox.test(paired = TRUE)`` (R 4.2) and
``effectsize::rank_biserial``; where kosieval differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.arguments import check_level, numeric_vector
from kosieval.stats.intervals import noncentral_t_limits

__all__ = ["ChangeResult", "paired_change"]

_WILCOXON_METHODS = ("auto", "exact", "approx")
_ZERO_METHODS = ("wilcox", "pratt")
_EXACT = "exact"
_NORMAL = "normal approximation"


@dataclass(frozen=True)
class ChangeResult:
    """Paired change from ``before`` to ``after``: t-test, Wilcoxon test, effect sizes.

    All differences are ``after - before``; positive values mean an increase.

    Attributes
    ----------
    n_pairs
        Pairs with a value on both sides (the pairs analysed).
    n_dropped
        Pairs dropped because a value was missing on either side.
    mean_before, mean_after
        Means over the analysed pairs.
    mean_diff, sd_diff
        Mean and SD (``ddof=1``) of the differences.
    ci_low, ci_high
        t-based CI of ``mean_diff`` at ``level``.
    t, df, p_t
        Paired t statistic, degrees of freedom ``n_pairs - 1``, two-sided p-value.
    w_plus, w_minus
        Sums of the ranks of the positive and of the negative differences.
    wilcoxon_z
        Standardized statistic of the normal approximation (with the continuity correction
        if ``correction``); NaN when the exact distribution was used.
    p_wilcoxon
        Two-sided p-value of the Wilcoxon signed-rank test.
    n_zero
        Pairs with a difference of exactly zero.
    wilcoxon_method
        ``"exact"`` or ``"normal approximation"``: what was actually used.
    zero_method
        ``"wilcox"`` (zero differences dropped before ranking) or ``"pratt"`` (ranked, then
        dropped).
    correction
        Whether the normal approximation used the continuity correction.
    d_z, d_z_ci_low, d_z_ci_high
        Standardized mean difference ``mean_diff / sd_diff`` and its noncentral-t CI.
    rank_biserial, rank_biserial_ci_low, rank_biserial_ci_high
        Matched-pairs rank-biserial correlation ``(W+ - W-) / (W+ + W-)`` and its Fisher-z
        CI.
    level
        Confidence level of all intervals.
    method
        The exact conventions, in words.
    """

    n_pairs: int
    n_dropped: int
    mean_before: float
    mean_after: float
    mean_diff: float
    sd_diff: float
    ci_low: float
    ci_high: float
    t: float
    df: int
    p_t: float
    w_plus: float
    w_minus: float
    wilcoxon_z: float
    p_wilcoxon: float
    n_zero: int
    wilcoxon_method: str
    zero_method: str
    correction: bool
    d_z: float
    d_z_ci_low: float
    d_z_ci_high: float
    rank_biserial: float
    rank_biserial_ci_low: float
    rank_biserial_ci_high: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return all fields as a tidy one-row DataFrame."""
        return pd.DataFrame({key: [value] for key, value in asdict(self).items()})




def _signrank_pvalue_exact(w_plus: float, n: int) -> float:
    """Two-sided exact p-value of the signed-rank statistic without ties, as R's psignrank.

    The null distribution of :math:`W^+` (each rank's sign + or - with probability 1/2) is
    built by the recursion :math:`P_m(s) = (P_{m-1}(s) + P_{m-1}(s - m)) / 2`, only up to the
    tail needed (the distribution is symmetric about :math:`n(n+1)/4`).
    """
    top = n * (n + 1) // 2
    v = round(w_plus)
    # R: p = psignrank(v - 1, n, lower.tail = FALSE) if v > n(n+1)/4 else psignrank(v, n);
    # P(W+ >= v) = P(W+ <= top - v) by symmetry.
    u = top - v if w_plus > n * (n + 1) / 4.0 else v
    prob = np.zeros(u + 1)
    prob[0] = 1.0
    for m in range(1, n + 1):
        if m <= u:
            prob[m:] = (prob[m:] + prob[: u + 1 - m]) / 2.0
            prob[:m] /= 2.0
        else:
            prob /= 2.0
    return float(min(1.0, 2.0 * prob.sum()))




def paired_change(
    before: object,
    after: object,
    *,
    level: float = 0.95,
    wilcoxon_method: Literal["auto", "exact", "approx"] = "auto",
    zero_method: Literal["wilcox", "pratt"] = "wilcox",
    correction: bool = False,
) -> ChangeResult:
    r"""Paired t-test, Wilcoxon signed-rank test, d_z and rank-biserial r, with CIs.

    Parameters
    ----------
    before, after
        The two measurements of the same cases, paired by position (1-D array-like or
        pandas Series of equal length; two Series must have the same index). NaN/NA =
        missing: a pair with a missing value on either side is dropped and counted in
        ``n_dropped``.
    level
        Confidence level of all intervals, strictly between 0 and 1.
    wilcoxon_method
        ``"auto"`` (default): the exact null distribution when fewer than 50 non-zero
        differences remain and there are neither ties nor zero differences, otherwise the
        normal approximation -- R's ``wilcox.test(exact = NULL)`` rule (R uses ``n < 50``).
        ``"exact"``: the exact distribution; with ties or zeros it does not exist in closed
        form, and kosieval falls back to the normal approximation with a warning, as R does.
        ``"approx"``: always the normal approximation.
    zero_method
        ``"wilcox"`` (default, as R's ``wilcox.test``): zero differences are dropped before
        ranking. ``"pratt"`` (Pratt, 1959): zeros are ranked with the others and their ranks
        then dropped; the normal approximation is adjusted as in Cureton (1967) (as
        ``scipy.stats.wilcoxon``). Pratt with zeros always uses the normal approximation.
    correction
        Continuity correction of the normal approximation (subtract
        :math:`\operatorname{sign}(W^+ - \mu)\cdot 0.5`). Default ``False``; R's
        ``wilcox.test`` default is ``correct = TRUE``. Has no effect on the exact test.

    Returns
    -------
    ChangeResult

    Raises
    ------
    ValueError
        Fewer than 2 complete pairs, inputs of different length or index, non-numeric or
        infinite values, or an invalid option.

    Warns
    -----
    RuntimeWarning
        When all differences are equal (``sd_diff = 0``): the t statistic, its p-value,
        the CI of the mean difference and d_z are undefined and NaN (R's ``t.test`` stops
        with "data are essentially constant"). When all differences are zero: the Wilcoxon
        p-value and the rank-biserial r are undefined and NaN. When the exact Wilcoxon test
        was requested but ties or zeros force the normal approximation. When
        :math:`|r_{rb}| = 1`, where the Fisher-z CI degenerates.

    Notes
    -----
    With differences :math:`d_i = \text{after}_i - \text{before}_i`, :math:`i = 1..n`:

    **t-test.** :math:`t = \bar d / (s_d/\sqrt n)`, :math:`df = n-1`, two-sided
    :math:`p = 2\,P(T_{df} > |t|)`, CI :math:`\bar d \pm t_{1-\gamma/2,\,df}\, s_d/\sqrt n`
    with :math:`\gamma = 1 -` ``level``. Identical to ``t.test(after, before, paired = TRUE)``.

    **Wilcoxon signed-rank test.** The :math:`|d_i|` are ranked (mid-ranks for ties) after
    the zero handling; :math:`W^+` and :math:`W^-` are the rank sums of the positive and
    negative differences (R's statistic ``V`` is :math:`W^+`). Exact: two-sided p from the
    permutation distribution of :math:`W^+` (R's ``psignrank`` rule). Normal approximation
    with :math:`n_r` ranked values of which :math:`n_0` are zeros (:math:`n_0 = 0` for
    ``"wilcox"``) and tie groups of sizes :math:`t_j` among the non-zero values:

    .. math::

        \mu = \frac{n_r(n_r+1) - n_0(n_0+1)}{4},\qquad
        \sigma^2 = \frac{n_r(n_r+1)(2n_r+1) - n_0(n_0+1)(2n_0+1)}{24}
                   - \frac{\sum_j (t_j^3 - t_j)}{48},

    :math:`z = (W^+ - \mu - c)/\sigma` with :math:`c = \operatorname{sign}(W^+-\mu)/2` if
    ``correction`` else 0, :math:`p = 2\,(1-\Phi(|z|))`. For ``"wilcox"`` this is
    ``wilcox.test(after, before, paired = TRUE, exact = FALSE, correct = correction)``.

    **d_z** :math:`= \bar d / s_d` (Cohen, 1988), without small-sample correction. Its CI
    inverts the noncentral t distribution (Steiger & Fouladi, 1997; Cumming & Finch, 2001;
    Algina & Keselman, 2003): find :math:`\lambda_L, \lambda_U` with
    :math:`F_{t}(t_{obs};\,df,\lambda_L) = 1-\gamma/2` and
    :math:`F_{t}(t_{obs};\,df,\lambda_U) = \gamma/2` by root finding on
    ``scipy.stats.nct.cdf``; the limits are :math:`\lambda/\sqrt n` (as
    ``effectsize::cohens_d(paired = TRUE)`` / ``MBESS::ci.sm``). d_z is the effect size the
    paired t-test tests (:math:`t = d_z\sqrt n`). ``pingouin.compute_effsize(paired=True)``
    reports a different quantity, :math:`d_{av} = \bar d / \sqrt{(s_1^2 + s_2^2)/2}` (the
    mean difference in units of the average SD of the two waves, Cumming, 2012), which is
    comparable to a between-groups d but not to the test; kosieval follows effectsize and
    reports d_z.

    **Matched-pairs rank-biserial correlation** (Kerby, 2014):
    :math:`r_{rb} = (W^+ - W^-)/(W^+ + W^-)`. CI on the Fisher-z scale,
    :math:`\tanh(\operatorname{atanh} r_{rb} \pm z_{1-\gamma/2}\,SE)` with the null SE of
    ``effectsize::rank_biserial`` (Ben-Shachar, Lüdecke & Makowski, 2020),
    :math:`SE = \sqrt{\sum_{j\in P} j^2}/\sum_{j\in P} j`, where :math:`P` are the rank
    positions of the non-zero differences ignoring ties: :math:`1..n_d` for ``"wilcox"``
    (:math:`SE = \sqrt{n_d(n_d+1)(2n_d+1)/6} / (n_d(n_d+1)/2)`, effectsize's formula) and
    :math:`n_0+1..n` for ``"pratt"`` (the same idea; effectsize has no Pratt option). This
    is an approximation (the SE of :math:`r_{rb}` under :math:`H_0`, used as SE of z), not an
    exact interval. With :math:`|r_{rb}| = 1` the interval is undefined (NaN, warning),
    where effectsize reports [1, 1].

    All tests are two-sided.

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin,
    1(6), 80-83. https://doi.org/10.2307/3001968

    Pratt, J. W. (1959). Remarks on zeros and ties in the Wilcoxon signed rank procedures.
    Journal of the American Statistical Association, 54(287), 655-667.
    https://doi.org/10.1080/01621459.1959.10501526

    Cureton, E. E. (1967). The normal approximation to the signed-rank sampling
    distribution when zero differences are present. Journal of the American Statistical
    Association, 62(319), 1068-1069. https://doi.org/10.1080/01621459.1967.10500917

    Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation and the
    evaluation of statistical models. In L. L. Harlow, S. A. Mulaik, & J. H. Steiger (Eds.),
    What if there were no significance tests? (pp. 221-257). Erlbaum.

    Cumming, G., & Finch, S. (2001). A primer on the understanding, use, and calculation of
    confidence intervals that are based on central and noncentral distributions.
    Educational and Psychological Measurement, 61(4), 532-574.
    https://doi.org/10.1177/0013164401614002

    Algina, J., & Keselman, H. J. (2003). Approximate confidence intervals for effect sizes.
    Educational and Psychological Measurement, 63(4), 537-553.
    https://doi.org/10.1177/0013164403256358

    Kerby, D. S. (2014). The simple difference formula: An approach to teaching
    nonparametric correlation. Comprehensive Psychology, 3, 11.IT.3.1.
    https://doi.org/10.2466/11.IT.3.1

    Ben-Shachar, M. S., Lüdecke, D., & Makowski, D. (2020). effectsize: Estimation of effect
    size indices and standardized parameters. Journal of Open Source Software, 5(56), 2815.
    https://doi.org/10.21105/joss.02815

    Examples
    --------
    >>> res = paired_change([3, 4, 2, 5, 3, 4], [4, 4, 3, 4, 4, 5])
    >>> res.n_pairs, res.w_plus, res.wilcoxon_method
    (6, 12.0, 'normal approximation')
    """
    level = check_level(level)
    if wilcoxon_method not in _WILCOXON_METHODS:
        raise ValueError(
            f"wilcoxon_method: must be 'auto', 'exact' or 'approx', got {wilcoxon_method!r}"
        )
    if zero_method not in _ZERO_METHODS:
        raise ValueError(f"zero_method: must be 'wilcox' or 'pratt', got {zero_method!r}")
    is_bool = isinstance(correction, (bool, np.bool_))
    if not is_bool:
        raise ValueError(f"correction: must be True or False, got {correction!r}")
    correction = bool(correction)

    b = numeric_vector(before, "before")
    a = numeric_vector(after, "after")
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"after: has {a.shape[0]} values but before has {b.shape[0]}; pairs must align"
        )
    if (
        isinstance(before, pd.Series)
        and isinstance(after, pd.Series)
        and not before.index.equals(after.index)
    ):
        raise ValueError(
            "after: its index differs from the index of before; pairs are matched by "
            "position, so align both Series first (e.g. via a merge on the respondent id)"
        )

    complete = ~(np.isnan(a) | np.isnan(b))
    n_dropped = int((~complete).sum())
    b = b[complete]
    a = a[complete]
    n = int(a.shape[0])
    if n < 2:
        raise ValueError(
            f"before/after: need at least 2 complete pairs, got {n} "
            f"({n_dropped} dropped for missing values)"
        )
    d = a - b
    gamma = 1.0 - level
    df = n - 1

    mean_diff = float(d.mean())
    constant = bool(d.max() == d.min())
    sd_diff = 0.0 if constant else float(d.std(ddof=1))

    # --- paired t-test and d_z ---------------------------------------------------------
    if constant:
        warnings.warn(
            f"paired_change: all {n} differences are equal ({d[0]:g}), so sd_diff = 0: the "
            "t statistic, p_t, the CI of the mean difference and d_z (with its CI) are "
            "undefined and set to NaN",
            RuntimeWarning,
            stacklevel=2,
        )
        t_stat = p_t = ci_low = ci_high = np.nan
        d_z = d_z_low = d_z_high = np.nan
    else:
        se = sd_diff / np.sqrt(n)
        t_stat = mean_diff / se
        p_t = float(2.0 * stats.t.sf(abs(t_stat), df))
        half = stats.t.ppf(1.0 - gamma / 2.0, df) * se
        ci_low = mean_diff - half
        ci_high = mean_diff + half
        d_z = mean_diff / sd_diff
        ncp_low, ncp_high = noncentral_t_limits(t_stat, df, level)
        d_z_low = ncp_low / np.sqrt(n)
        d_z_high = ncp_high / np.sqrt(n)

    # --- Wilcoxon signed-rank test -------------------------------------------------------
    nonzero = d != 0
    n_zero = int((~nonzero).sum())
    if zero_method == "wilcox":
        ranks = stats.rankdata(np.abs(d[nonzero]))
        n_ranked = int(nonzero.sum())
        n0 = 0
    else:
        ranks = stats.rankdata(np.abs(d))[nonzero]
        n_ranked = n
        n0 = n_zero
    dn = d[nonzero]
    nd = int(dn.shape[0])
    w_plus = float(ranks[dn > 0].sum())
    w_minus = float(ranks[dn < 0].sum())
    _, tie_sizes = np.unique(np.abs(dn), return_counts=True)
    ties = bool((tie_sizes > 1).any())

    if wilcoxon_method == "approx":
        use_exact = False
    elif wilcoxon_method == "auto":
        use_exact = nd < 50 and not ties and n_zero == 0
    else:
        use_exact = not ties and n_zero == 0
        if not use_exact and nd > 0:
            why = " and ".join(
                w for w, flag in (("ties", ties), ("zero differences", n_zero > 0)) if flag
            )
            warnings.warn(
                f"paired_change: cannot compute the exact Wilcoxon p-value with {why}; "
                "using the normal approximation with tie correction (as R's wilcox.test)",
                RuntimeWarning,
                stacklevel=2,
            )
    wilcoxon_used = _EXACT if use_exact else _NORMAL

    z_w = np.nan
    if nd == 0:
        warnings.warn(
            f"paired_change: all {n} differences are zero, so the Wilcoxon test and the "
            "rank-biserial correlation are undefined: p_wilcoxon and rank_biserial are NaN",
            RuntimeWarning,
            stacklevel=2,
        )
        p_w = np.nan
    elif use_exact:
        p_w = _signrank_pvalue_exact(w_plus, nd)
    else:
        mu = (n_ranked * (n_ranked + 1) - n0 * (n0 + 1)) / 4.0
        var = (
            n_ranked * (n_ranked + 1) * (2 * n_ranked + 1) - n0 * (n0 + 1) * (2 * n0 + 1)
        ) / 24.0 - float(np.sum(tie_sizes.astype(float) ** 3 - tie_sizes)) / 48.0
        diff = w_plus - mu
        cc = 0.5 * np.sign(diff) if correction else 0.0
        z_w = float((diff - cc) / np.sqrt(var))
        p_w = float(2.0 * stats.norm.sf(abs(z_w)))

    # --- rank-biserial correlation -------------------------------------------------------
    rb_low = rb_high = np.nan
    if nd == 0:
        rb = np.nan
    else:
        rb = (w_plus - w_minus) / (w_plus + w_minus)
        positions = np.arange(n_ranked - nd + 1, n_ranked + 1, dtype=float)
        se_rb = np.sqrt(np.sum(positions**2)) / np.sum(positions)
        if abs(rb) == 1.0:
            warnings.warn(
                f"paired_change: rank_biserial = {rb:g} (all non-zero differences have the "
                "same sign); its Fisher-z CI is undefined and set to NaN",
                RuntimeWarning,
                stacklevel=2,
            )
        else:
            zq = stats.norm.ppf(1.0 - gamma / 2.0)
            rb_low = float(np.tanh(np.arctanh(rb) - zq * se_rb))
            rb_high = float(np.tanh(np.arctanh(rb) + zq * se_rb))

    # --- method ------------------------------------------------------------------------
    zero_text = (
        "zero differences dropped before ranking (zero_method='wilcox', as R wilcox.test)"
        if zero_method == "wilcox"
        else "zero differences ranked, then dropped (zero_method='pratt', Pratt 1959; "
        "normal approximation adjusted as Cureton 1967)"
    )
    if use_exact:
        w_text = "exact null distribution"
    else:
        w_text = "normal approximation with tie correction, " + (
            "with continuity correction" if correction else "without continuity correction"
        )
    method = (
        f"differences after - before over {n} complete pairs ({n_dropped} dropped); "
        f"two-sided paired t-test with t-based {level:g} CI of the mean difference; "
        f"Wilcoxon signed-rank test (two-sided), {zero_text}, {w_text}; "
        f"d_z = mean/sd of the differences with noncentral-t {level:g} CI; "
        "matched-pairs rank-biserial r (Kerby 2014) with Fisher-z CI, SE as "
        "R effectsize::rank_biserial"
    )
    return ChangeResult(
        n_pairs=n,
        n_dropped=n_dropped,
        mean_before=float(b.mean()),
        mean_after=float(a.mean()),
        mean_diff=mean_diff,
        sd_diff=sd_diff,
        ci_low=float(ci_low),
        ci_high=float(ci_high),
        t=float(t_stat),
        df=df,
        p_t=float(p_t),
        w_plus=w_plus,
        w_minus=w_minus,
        wilcoxon_z=float(z_w),
        p_wilcoxon=float(p_w),
        n_zero=n_zero,
        wilcoxon_method=wilcoxon_used,
        zero_method=zero_method,
        correction=correction,
        d_z=float(d_z),
        d_z_ci_low=float(d_z_low),
        d_z_ci_high=float(d_z_high),
        rank_biserial=float(rb),
        rank_biserial_ci_low=float(rb_low),
        rank_biserial_ci_high=float(rb_high),
        level=level,
        method=method,
    )
