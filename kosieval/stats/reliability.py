"""Internal consistency of a multi-item scale: Cronbach's alpha with CIs and item analysis.

The conventions follow R's ``psych::alpha`` (Revelle, psych 2.2.9), so that every number can
be checked against it; where kosieval deliberately differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.arguments import check_level, numeric_frame

__all__ = ["ReliabilityResult", "cronbach_alpha"]

_MISSING = ("listwise", "pairwise")


@dataclass(frozen=True, eq=False)
class ReliabilityResult:
    """Cronbach's alpha of one scale, its confidence intervals and the item analysis.

    Attributes
    ----------
    alpha
        Raw Cronbach's alpha, from the covariance matrix of the items.
    alpha_standardized
        Standardized alpha, from the correlation matrix (``psych::alpha``'s ``std.alpha``).
    ci_low, ci_high
        Feldt (1965) F-based confidence interval of ``alpha`` at ``level``.
    duhachek_ci_low, duhachek_ci_high
        Wald interval ``alpha +- z * SE`` with the asymptotic SE of van Zyl, Neudecker and
        Nel (2000) as used by Duhachek and Iacobucci (2004). Not truncated: the upper limit
        can exceed 1 in small samples (as in ``psych::alpha``).
    n
        Number of cases used. Listwise: rows without any missing value. Pairwise: rows with
        at least one observed value (``psych::alpha`` counts all rows; the two agree unless
        a row is entirely empty). ``n`` enters both CIs.
    n_rows
        Number of rows given.
    n_pairwise_min
        Smallest number of cases observed on both items of any pair of items entering alpha
        (equals ``n`` under listwise deletion).
    k
        Number of items entering alpha (constant items are excluded, see ``excluded_items``).
    level
        Confidence level of both intervals.
    missing
        ``"listwise"`` or ``"pairwise"``.
    item_stats
        One row per item given (index = item), columns ``n`` (observed values used),
        ``mean``, ``sd``, ``r_corrected`` (item vs sum of the other items), ``r_uncorrected``
        (item vs total), ``alpha_if_deleted``.
    excluded_items
        Items without variance, left out of alpha (with a warning).
    method
        The exact conventions, in words.
    """

    alpha: float
    alpha_standardized: float
    ci_low: float
    ci_high: float
    duhachek_ci_low: float
    duhachek_ci_high: float
    n: int
    n_rows: int
    n_pairwise_min: int
    k: int
    level: float
    missing: str
    item_stats: pd.DataFrame
    excluded_items: tuple[Hashable, ...]
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the scale-level results as a one-row DataFrame.

        The per-item results are in :attr:`item_stats`.
        """
        return pd.DataFrame(
            {
                "alpha": [self.alpha],
                "alpha_standardized": [self.alpha_standardized],
                "ci_low": [self.ci_low],
                "ci_high": [self.ci_high],
                "duhachek_ci_low": [self.duhachek_ci_low],
                "duhachek_ci_high": [self.duhachek_ci_high],
                "n": [self.n],
                "n_rows": [self.n_rows],
                "n_pairwise_min": [self.n_pairwise_min],
                "k": [self.k],
                "level": [self.level],
                "missing": [self.missing],
                "excluded_items": [", ".join(str(i) for i in self.excluded_items)],
                "method": [self.method],
            }
        )






def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return k / (k - 1) * (1.0 - np.trace(cov) / cov.sum())


def _pairwise_cov(x: np.ndarray) -> np.ndarray:
    """Covariances from pairwise-complete observations, as R's ``cov(x, use="pairwise")``.

    Each covariance uses the means of the cases observed on both items; the diagonal holds
    each item's variance over all its observed values. Computed for all pairs at once from
    sums over the common cases, :math:`(S_{xy} - S_x S_y / N)/(N - 1)`, after centring every
    item at its own mean so that the products do not lose precision.
    """
    mask = ~np.isnan(x)
    m = mask.astype(float)
    centred = np.where(mask, x - np.nanmean(x, axis=0), 0.0)
    n = m.T @ m  # cases observed on both items
    s_x = centred.T @ m  # sum of item i over the cases where j is observed too
    s_xy = centred.T @ centred
    return (s_xy - s_x * s_x.T / n) / (n - 1.0)


def _pairwise_item_total(x: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Pearson r of every item with ``total`` over the cases where the item is observed."""
    mask = ~np.isnan(x)
    m = mask.astype(float)
    n = m.sum(axis=0)
    t = total - total.mean()
    xc = np.where(mask, x - np.nanmean(x, axis=0), 0.0)
    sum_t = m.T @ t
    sum_tt = m.T @ (t * t)
    sum_xt = xc.T @ t
    sum_xx = (xc * xc).sum(axis=0)  # xc sums to 0 over each item's observed cases
    return (sum_xt) / np.sqrt(sum_xx * (sum_tt - sum_t**2 / n))


def cronbach_alpha(
    items: pd.DataFrame,
    *,
    missing: Literal["listwise", "pairwise"] = "listwise",
    level: float = 0.95,
) -> ReliabilityResult:
    r"""Cronbach's alpha with Feldt and Duhachek confidence intervals and item statistics.

    Parameters
    ----------
    items
        One column per item, one row per case; numeric codes, NaN/NA = missing. The items
        must already be keyed in the same direction (reverse keying belongs to
        :func:`score_scale` / the codebook).
    missing
        ``"listwise"`` (default): rows with any missing value are dropped. ``"pairwise"``:
        each covariance uses the cases observed on both items (R ``cov(use="pairwise")``,
        the default of ``psych::alpha``).
    level
        Confidence level of both intervals, strictly between 0 and 1.

    Returns
    -------
    ReliabilityResult

    Raises
    ------
    ValueError
        Fewer than 2 items, fewer than 3 cases, non-numeric columns, an invalid ``missing`` or
        ``level``, a pair of items with fewer than 2 common cases (pairwise), or a total
        score without variance.

    Warns
    -----
    RuntimeWarning
        For an item without variance (it is excluded from alpha, as ``psych::alpha`` and
        SPSS RELIABILITY do; its item-total correlations are NaN because a correlation
        with a constant is undefined), when ``alpha_if_deleted`` is undefined because
        only two items enter alpha, and for items with a negative ``r_corrected`` (probably
        not reverse keyed; ``psych::alpha`` warns similarly, based on the first principal
        component).

    Notes
    -----
    With :math:`C` the :math:`k \times k` item covariance matrix, :math:`R` the matching
    correlation matrix (``cov2cor``) and :math:`\mathbf 1` a vector of ones,

    .. math::

        \alpha = \frac{k}{k-1}\Bigl(1 - \frac{\operatorname{tr} C}{\mathbf 1' C \mathbf 1}\Bigr),
        \qquad
        \alpha_{std} = \frac{k}{k-1}\Bigl(1 - \frac{k}{\mathbf 1' R \mathbf 1}\Bigr).

    **Feldt CI** (Feldt, 1965; Feldt, Woodruff & Salih, 1987), with :math:`\gamma = 1 -`
    ``level`` and :math:`F_p` the :math:`p` quantile of :math:`F(n-1, (n-1)(k-1))`:
    :math:`[1 - (1-\alpha) F_{1-\gamma/2},\; 1 - (1-\alpha) F_{\gamma/2}]`; identical to
    ``psych::alpha.ci`` and the "Feldt" line printed by ``psych::alpha``.

    **Duhachek CI** (van Zyl, Neudecker & Nel, 2000; Duhachek & Iacobucci, 2004):
    :math:`\alpha \pm z_{1-\gamma/2}\sqrt{Q/n}` with

    .. math::

        Q = \frac{2k^2}{(k-1)^2 (\mathbf 1'C\mathbf 1)^3}
            \Bigl[\mathbf 1'C\mathbf 1\,\bigl(\operatorname{tr}C^2 + (\operatorname{tr}C)^2\bigr)
            - 2 \operatorname{tr}C\;\mathbf 1'C^2\mathbf 1\Bigr],

    i.e. ``psych::alpha``'s ``ase``. ``psych`` prints this line with the rounded quantile
    1.96; kosieval uses the exact normal quantile (differences below :math:`10^{-4}\,ase`).

    **Item statistics.** ``r_corrected`` is the correlation of the item with the sum of the
    *other* items, :math:`(\mathbf 1'C_{\cdot i} - C_{ii}) / \sqrt{C_{ii}\,\mathbf 1'C_{-i,-i}
    \mathbf 1}` (``psych``'s ``r.drop``). ``r_uncorrected`` is the Pearson correlation of the
    item with the total, here the mean of each case's observed items (``psych``'s ``raw.r``;
    with complete data this is the correlation with the sum score). ``psych``'s ``r.cor`` is
    a different quantity (corrected for overlap *and* item unreliability) and is not
    reported. ``alpha_if_deleted`` is raw alpha of the other items' covariance matrix; it is
    undefined (NaN, with a warning) when only two items enter alpha. ``mean``, ``sd`` and
    ``n`` use each item's observed values among the rows used.

    **Missing values and n.** Listwise: rows with any missing value are dropped and
    :math:`n` is the number of complete rows. Pairwise: rows with no observed value are
    dropped, and :math:`n` (used in both CIs) is the number of remaining rows, as in
    ``psych::alpha`` (which counts all rows). This overstates the information when many
    values are missing; ``n_pairwise_min`` reports the smallest pairwise count.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334. https://doi.org/10.1007/BF02310555

    Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson
    reliability coefficient twenty. Psychometrika, 30(3), 357-370.
    https://doi.org/10.1007/BF02289499

    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for
    coefficient alpha. Applied Psychological Measurement, 11(1), 93-103.
    https://doi.org/10.1177/014662168701100107

    van Zyl, J. M., Neudecker, H., & Nel, D. G. (2000). On the distribution of the maximum
    likelihood estimator of Cronbach's alpha. Psychometrika, 65(3), 271-280.
    https://doi.org/10.1007/BF02296146

    Duhachek, A., & Iacobucci, D. (2004). Alpha's standard error (ASE): An accurate and
    precise confidence interval estimate. Journal of Applied Psychology, 89(5), 792-808.
    https://doi.org/10.1037/0021-9010.89.5.792

    Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
    Research (R package version 2.2.9), function ``alpha``.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 4], "c": [1, 3, 3, 4, 5]})
    >>> res = cronbach_alpha(items)
    >>> float(res.alpha)  # doctest: +ELLIPSIS
    0.945...
    """
    if missing not in _MISSING:
        raise ValueError(f"missing: must be 'listwise' or 'pairwise', got {missing!r}")
    level = check_level(level)
    frame = numeric_frame(items, "items")
    n_rows, k_given = frame.shape
    if k_given < 2:
        raise ValueError(f"items: alpha needs at least 2 items, got {k_given}")

    x_all = frame.to_numpy()
    if missing == "listwise":
        keep = ~np.isnan(x_all).any(axis=1)
    else:
        keep = ~np.isnan(x_all).all(axis=1)
    x_rows = x_all if keep.all() else x_all[keep]
    n = int(x_rows.shape[0])
    if n < 3:
        what = "complete rows" if missing == "listwise" else "rows with an observed value"
        raise ValueError(f"items: alpha needs at least 3 cases, got {n} {what}")

    names = list(frame.columns)
    if missing == "listwise":  # every remaining value is observed
        observed = None
        n_obs = np.full(k_given, n)
    else:
        observed = ~np.isnan(x_rows)
        n_obs = observed.sum(axis=0)
    complete = observed is None or bool(observed.all())
    full_cov = None
    if complete:  # one pass: means, then the covariance matrix, from which the SDs follow
        means = x_rows.mean(axis=0)
        centred = x_rows - means
        full_cov = centred.T @ centred / (n - 1)
        sds = np.sqrt(np.diag(full_cov))
        spread = np.where(np.diag(full_cov) > 0, 1.0, np.ptp(x_rows, axis=0))
    else:
        with warnings.catch_warnings():  # all-NaN columns give NaN here and are reported below
            warnings.simplefilter("ignore", RuntimeWarning)
            means = np.nanmean(x_rows, axis=0)
            sds = np.nanstd(x_rows, axis=0, ddof=1)
            spread = np.nanmax(x_rows, axis=0) - np.nanmin(x_rows, axis=0)
        sds[n_obs < 2] = np.nan

    # Items without variance cannot enter alpha (psych::alpha and SPSS drop them, too).
    excluded: list[int] = []
    for j in range(k_given):
        if n_obs[j] >= 2 and spread[j] > 0:
            continue
        values = x_rows[:, j] if observed is None else x_rows[observed[:, j], j]
        if values.size < 2:
            warnings.warn(
                f"cronbach_alpha: item {names[j]!r} has fewer than 2 observed values; it is "
                "excluded from alpha and its item-total correlations are NaN",
                RuntimeWarning,
                stacklevel=2,
            )
            excluded.append(j)
        elif values.max() == values.min():
            warnings.warn(
                f"cronbach_alpha: item {names[j]!r} has no variance (every answer is "
                f"{values[0]:g}); it is excluded from alpha (as psych::alpha and SPSS do) and "
                "its item-total correlations are NaN (a correlation with a constant is "
                "undefined)",
                RuntimeWarning,
                stacklevel=2,
            )
            excluded.append(j)
    used = [j for j in range(k_given) if j not in excluded]
    k = len(used)
    if k < 2:
        raise ValueError(
            f"items: alpha needs at least 2 items with variance, got {k} "
            f"(excluded without variance: {[names[j] for j in excluded]!r})"
        )

    x = x_rows if len(used) == k_given else x_rows[:, used]
    if missing == "pairwise":
        # Rows observed only on excluded items carry no information about alpha.
        x = x[~np.isnan(x).all(axis=1)]
        n = int(x.shape[0])
        if n < 3:
            raise ValueError(
                f"items: alpha needs at least 3 cases, got {n} rows with an observed value "
                "on the items that have variance"
            )
    if full_cov is not None:
        cov = full_cov[np.ix_(used, used)]
        n_pairwise_min = n
    elif missing == "listwise":
        cov = np.cov(x, rowvar=False, ddof=1)
        n_pairwise_min = n
    else:
        # Pairwise counts are needed before the covariances, to give a clear error.
        obs_used = ~np.isnan(x)
        counts = (obs_used.T.astype(float) @ obs_used.astype(float)).astype(np.int64)
        bad = np.argwhere(np.triu(counts < 2, 1))
        if bad.size:
            i, j = bad[0]
            raise ValueError(
                f"items: items {names[used[i]]!r} and {names[used[j]]!r} have "
                f"{counts[i, j]} case(s) in common; pairwise covariances need at least 2"
            )
        cov = _pairwise_cov(x)
        n_pairwise_min = int(counts[np.triu_indices(k, 1)].min())

    total_var = cov.sum()
    if not total_var > 0:
        raise ValueError(
            "items: the variance of the total score is not positive "
            f"(1'C1 = {total_var!r}); are the items keyed in the same direction?"
        )
    alpha = _alpha_from_cov(cov)
    sd_used = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd_used, sd_used)
    alpha_std = k / (k - 1) * (1.0 - k / corr.sum())

    gamma = 1.0 - level
    df1 = n - 1
    df2 = (n - 1) * (k - 1)
    ci_low = 1.0 - (1.0 - alpha) * stats.f.ppf(1.0 - gamma / 2.0, df1, df2)
    ci_high = 1.0 - (1.0 - alpha) * stats.f.ppf(gamma / 2.0, df1, df2)

    tr = np.trace(cov)
    q = (2.0 * k**2 / ((k - 1) ** 2 * total_var**3)) * (
        total_var * (np.trace(cov @ cov) + tr**2) - 2.0 * tr * (cov @ cov).sum()
    )
    ase = np.sqrt(q / n)
    z = stats.norm.ppf(1.0 - gamma / 2.0)
    duh_low = alpha - z * ase
    duh_high = alpha + z * ase

    # Item statistics.
    # psych's total: the mean of each case's observed items (every row has one, see above).
    if not complete:
        n_case = (~np.isnan(x)).sum(axis=1)
        total = np.nansum(x, axis=1) / n_case
        item_total = _pairwise_item_total(x, total)
    r_corr = np.full(k_given, np.nan)
    r_unc = np.full(k_given, np.nan)
    a_del = np.full(k_given, np.nan)
    if k == 2:
        warnings.warn(
            "cronbach_alpha: alpha_if_deleted is undefined with only 2 items (one item has no "
            "alpha); it is NaN",
            RuntimeWarning,
            stacklevel=2,
        )
    for pos, j in enumerate(used):
        others = [p for p in range(k) if p != pos]
        sub = cov[np.ix_(others, others)]
        if complete:  # the total is the sum / k: its correlation follows from C
            r_unc[j] = cov[:, pos].sum() / np.sqrt(cov[pos, pos] * total_var)
        else:
            r_unc[j] = item_total[pos]
        if not sub.sum() > 0:
            warnings.warn(
                f"cronbach_alpha: the sum of the items other than {names[j]!r} has no "
                "variance; r_corrected and alpha_if_deleted of this item are NaN",
                RuntimeWarning,
                stacklevel=2,
            )
            continue
        r_corr[j] = (cov[:, pos].sum() - cov[pos, pos]) / np.sqrt(cov[pos, pos] * sub.sum())
        if k > 2:
            a_del[j] = _alpha_from_cov(sub)
    for j in excluded:
        a_del[j] = alpha  # the item is not in alpha, so deleting it changes nothing

    negative = [names[j] for j in used if r_corr[j] < 0]
    if negative:
        warnings.warn(
            f"cronbach_alpha: item(s) {negative!r} correlate negatively with the sum of the "
            "other items; should they be reverse keyed (score_scale(reverse=...))?",
            RuntimeWarning,
            stacklevel=2,
        )

    item_stats = pd.DataFrame(
        {
            "n": n_obs.astype(int),
            "mean": means,
            "sd": sds,
            "r_corrected": r_corr,
            "r_uncorrected": r_unc,
            "alpha_if_deleted": a_del,
        },
        index=pd.Index(names, name="item"),
    )

    if missing == "listwise":
        miss_text = f"listwise deletion ({n} of {n_rows} rows complete)"
    else:
        miss_text = (
            f"pairwise-complete covariances (R cov(use='pairwise')); n = {n} rows with at "
            f"least one observed value of {n_rows}, smallest pairwise n = {n_pairwise_min}"
        )
    excl_text = (
        f"; items without variance excluded: {', '.join(str(names[j]) for j in excluded)}"
        if excluded
        else ""
    )
    method = (
        f"Cronbach's alpha from the covariance matrix of k = {k} items, {miss_text}"
        f"{excl_text}; standardized alpha from the correlation matrix; {level:g} CI: "
        "Feldt (1965) F-based with df = (n-1, (n-1)(k-1)); Duhachek & Iacobucci (2004) "
        "Wald CI with the asymptotic SE of van Zyl et al. (2000), exact normal quantile, "
        "not truncated at 1; r_corrected = item vs sum of the other items (psych r.drop); "
        "r_uncorrected = item vs mean of the observed items (psych raw.r)"
    )
    return ReliabilityResult(
        alpha=float(alpha),
        alpha_standardized=float(alpha_std),
        ci_low=float(ci_low),
        ci_high=float(ci_high),
        duhachek_ci_low=float(duh_low),
        duhachek_ci_high=float(duh_high),
        n=n,
        n_rows=int(n_rows),
        n_pairwise_min=int(n_pairwise_min),
        k=k,
        level=level,
        missing=missing,
        item_stats=item_stats,
        excluded_items=tuple(names[j] for j in excluded),
        method=method,
    )
