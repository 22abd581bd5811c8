"""Weighted means and weighted proportions with design-based standard errors.

The estimates, their standard errors (Taylor linearisation) and confidence intervals follow
R's ``survey`` package (Lumley, survey 4.1-1) for a one-stage design with replacement and
sampling weights, ``svydesign(ids = ~1, weights = ~w, data = d)``: ``svymean`` and
``confint``. Kish's effective sample size is reported beside them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.arguments import category_order, check_level, label_vector, numeric_vector

__all__ = [
    "WeightedMeanResult",
    "WeightedProportions",
    "weighted_mean",
    "weighted_proportions",
]


@dataclass(frozen=True, eq=False)
class WeightedMeanResult:
    r"""Weighted mean with its linearised standard error and Wald confidence interval.

    Attributes
    ----------
    mean
        :math:`\bar y_w = \sum w_i y_i / \sum w_i` over the cases with a value.
    se
        Taylor-linearisation standard error (``survey::svymean``), with-replacement
        approximation and the factor :math:`n/(n-1)`, :math:`n` = ``n_rows``.
    ci_low, ci_high
        ``mean -+ z * se`` with the normal quantile (``confint`` of ``svymean``).
    level
        Confidence level of the interval.
    n
        Cases with a value (including cases with weight 0).
    n_missing
        Cases without a value: outside the estimate, but counted in ``n_rows``.
    n_rows
        All cases given: the :math:`n` of the factor :math:`n/(n-1)` (as survey's
        ``svymean(na.rm = TRUE)``, which treats the cases with a value as a domain).
    n_zero_weight
        Cases with a value and weight 0 (they add nothing to the estimate).
    sum_weights
        :math:`\sum w_i` over the cases with a value.
    n_eff
        Kish's effective sample size :math:`(\sum w_i)^2 / \sum w_i^2` over the cases with a
        value.
    method
        The exact conventions, in words.
    """

    mean: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    n: int
    n_missing: int
    n_rows: int
    n_zero_weight: int
    sum_weights: float
    n_eff: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return all fields as a one-row DataFrame."""
        return pd.DataFrame({key: [value] for key, value in self.__dict__.items()})


@dataclass(frozen=True, eq=False)
class WeightedProportions:
    """Weighted shares of the categories of one variable, with linearised SEs and Wald CIs.

    Attributes
    ----------
    table
        One row per category: ``category``, ``count`` (unweighted cases), ``weight`` (sum of
        their weights), ``share`` (weighted share), ``se``, ``ci_low``, ``ci_high``.
        Categories given but not observed have share 0 and se 0.
    level
        Confidence level of the intervals.
    n, n_missing, n_rows, n_zero_weight, sum_weights, n_eff
        As in :class:`WeightedMeanResult`.
    k
        Number of categories in ``table``.
    method
        The exact conventions, in words.
    """

    table: pd.DataFrame
    level: float
    n: int
    n_missing: int
    n_rows: int
    n_zero_weight: int
    sum_weights: float
    n_eff: float
    k: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return :attr:`table` (one row per category)."""
        return self.table.copy()


def _checked_weights(values: object, weights: object, n_values: int) -> np.ndarray:
    """Weights as float; ValueError for missing, negative, misaligned or too few weights."""
    w = numeric_vector(weights, "weights")
    if w.shape[0] != n_values:
        raise ValueError(
            f"weights: has {w.shape[0]} values but values has {n_values}; one weight per case"
        )
    if isinstance(values, pd.Series) and isinstance(weights, pd.Series) and not (
        values.index.equals(weights.index)
    ):
        raise ValueError(
            "weights: its index differs from the index of values; cases are matched by "
            "position, so align both Series first"
        )
    missing = int(np.isnan(w).sum())
    if missing:
        raise ValueError(
            f"weights: {missing} missing value(s); every case needs a weight (give 0 to "
            "leave a case out of the estimate)"
        )
    negative = int((w < 0).sum())
    if negative:
        raise ValueError(
            f"weights: {negative} negative value(s) (smallest {w.min():g}); weights must be "
            ">= 0"
        )
    if n_values < 2:
        raise ValueError(f"values: need at least 2 cases, got {n_values}")
    return w


def _linearised_se(scores: np.ndarray, n_rows: int) -> np.ndarray:
    r""":math:`\sqrt{n/(n-1) \sum_i (z_i - \bar z)^2}` per column of the influence scores."""
    centred = scores - scores.sum(axis=0) / n_rows
    return np.sqrt(n_rows / (n_rows - 1) * np.sum(centred**2, axis=0))


_CONVENTIONS = (
    "one-stage design with replacement, sampling weights (R survey: svydesign(ids = ~1, "
    "weights = ~w)); SE by Taylor linearisation of the ratio sum(w y)/sum(w) with the factor "
    "n/(n-1), n = all {n_rows} cases (cases without a value count as outside the domain, as "
    "svymean(na.rm = TRUE); weight-0 cases count, too); {level:g} Wald CI{ci_note} estimate -+ "
    "z * SE with the normal quantile (survey's confint); Kish n_eff = (sum w)^2 / sum w^2"
)


def weighted_mean(values: object, weights: object, *, level: float = 0.95) -> WeightedMeanResult:
    r"""Weighted mean with a design-based (linearised) standard error, as ``survey::svymean``.

    Parameters
    ----------
    values
        One number per case (list, 1-D array, Series); NaN/NA = no value.
    weights
        One non-negative weight per case, same length (and index, for two Series). Zero is
        allowed: the case adds nothing to the estimate but still counts in :math:`n`.
    level
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    WeightedMeanResult

    Raises
    ------
    ValueError
        Missing or negative weights, different lengths or indexes, non-numeric values, fewer
        than 2 cases, fewer than 2 cases with a value and a positive weight, or an invalid
        ``level``.

    Notes
    -----
    Over the cases :math:`i \in D` with a value, :math:`W = \sum_{D} w_i` and

    .. math::

        \bar y_w = \frac{\sum_{D} w_i y_i}{W}, \qquad
        z_i = \frac{w_i (y_i - \bar y_w)}{W}\ (i \in D), \quad z_i = 0\ (i \notin D),

    .. math::

        \widehat{SE}(\bar y_w) = \sqrt{\frac{n}{n-1} \sum_{i=1}^{n} (z_i - \bar z)^2}

    with :math:`n` all cases (:math:`\bar z = 0`). This is the Taylor linearisation of the
    ratio estimator under the with-replacement approximation, exactly what
    ``svymean(~y, svydesign(ids = ~1, weights = ~w, data = d), na.rm = TRUE)`` reports
    (Lumley, 2010, ch. 2). Cases without a value are treated as survey treats them with
    ``na.rm = TRUE``: as cases outside a domain, which count in :math:`n` (the same holds for
    cases with weight 0). With all weights equal and no missing values the SE is
    :math:`s/\sqrt n` (the SE of ``t.test``). The interval is
    :math:`\bar y_w \pm z_{1-\gamma/2}\,\widehat{SE}`, :math:`\gamma = 1 -` ``level``
    (``confint`` of a ``svystat``: normal quantile, no t).

    ``statsmodels``' ``DescrStatsW`` gives the same mean but treats the weights as frequency
    weights (its SE uses :math:`\sum w_i - 1` as degrees of freedom), which is wrong for
    survey weights; kosieval follows survey.

    Kish's (1965) effective sample size :math:`n_{eff} = W^2 / \sum_D w_i^2` says how many
    unweighted cases the weighted sample is worth for a mean (approximately; it ignores the
    correlation of weights and values).

    References
    ----------
    Kish, L. (1965). Survey sampling. Wiley.

    Binder, D. A. (1983). On the variances of asymptotically normal estimators from complex
    surveys. International Statistical Review, 51(3), 279-292.
    https://doi.org/10.2307/1402588

    Lumley, T. (2004). Analysis of complex survey samples. Journal of Statistical Software,
    9(8), 1-19. https://doi.org/10.18637/jss.v009.i08

    Lumley, T. (2010). Complex surveys: A guide to analysis using R. Wiley.
    https://doi.org/10.1002/9780470580066

    Examples
    --------
    >>> res = weighted_mean([3, 4, 2, 5], [1.0, 0.5, 2.0, 1.5])
    >>> round(res.mean, 4), res.n
    (3.3, 4)
    """
    level = check_level(level)
    y = numeric_vector(values, "values")
    w = _checked_weights(values, weights, y.shape[0])
    n_rows = int(y.shape[0])
    has_value = ~np.isnan(y)
    n = int(has_value.sum())
    positive = int((has_value & (w > 0)).sum())
    if positive < 2:
        raise ValueError(
            f"values: need at least 2 cases with a value and a positive weight, got {positive}"
        )
    yd = y[has_value]
    wd = w[has_value]
    total = float(wd.sum())
    mean = float(np.sum(wd * yd) / total)
    scores = np.zeros(n_rows)
    scores[has_value] = wd * (yd - mean) / total
    se = float(_linearised_se(scores[:, None], n_rows)[0])
    half = float(stats.norm.ppf(0.5 + level / 2.0)) * se
    n_eff = total**2 / float(np.sum(wd**2))
    method = "weighted mean; " + _CONVENTIONS.format(n_rows=n_rows, level=level, ci_note="")
    return WeightedMeanResult(
        mean=mean,
        se=se,
        ci_low=mean - half,
        ci_high=mean + half,
        level=level,
        n=n,
        n_missing=n_rows - n,
        n_rows=n_rows,
        n_zero_weight=int((wd == 0).sum()),
        sum_weights=total,
        n_eff=n_eff,
        method=method,
    )


def weighted_proportions(
    values: object,
    weights: object,
    *,
    level: float = 0.95,
    categories: Iterable[Hashable] | None = None,
) -> WeightedProportions:
    r"""Weighted share of each category with linearised SE and Wald CI, as ``survey::svymean``.

    Parameters
    ----------
    values
        One category label per case (list, 1-D array, Series); None/NaN/NA = no value.
    weights
        One non-negative weight per case, same length (and index, for two Series). Zero is
        allowed: the case adds nothing to the shares but still counts in :math:`n`.
    level
        Confidence level of the intervals, strictly between 0 and 1.
    categories
        All possible categories, in table order; categories nobody chose get share 0 (and
        SE 0). Every observed value must be one of them. Default: the observed categories,
        sorted.

    Returns
    -------
    WeightedProportions

    Raises
    ------
    ValueError
        Missing or negative weights, different lengths or indexes, fewer than 2 cases, fewer
        than 2 cases with a value and a positive weight, bad ``categories`` or an invalid
        ``level``.

    Notes
    -----
    The share of category :math:`c` is the weighted mean of the dummy
    :math:`y_{ic} = [\,g_i = c\,]` over the cases with a value, and its SE the linearised SE
    of :func:`weighted_mean` (``svymean(~g, design, na.rm = TRUE)`` with ``g`` a factor,
    whose levels are ``categories``). The interval is the **Wald** interval
    :math:`\hat p \pm z_{1-\gamma/2}\,\widehat{SE}` (``confint`` of ``svymean``): it is
    symmetric, is not truncated to [0, 1] (a small share can have a negative lower limit)
    and has width 0 for shares of 0 or 1. For small shares, ``survey::svyciprop`` offers
    better intervals (logit, Korn-Graubard); they are not computed here.

    Kish's :math:`n_{eff}` is as in :func:`weighted_mean`.

    References
    ----------
    Kish, L. (1965). Survey sampling. Wiley.

    Lumley, T. (2004). Analysis of complex survey samples. Journal of Statistical Software,
    9(8), 1-19. https://doi.org/10.18637/jss.v009.i08

    Lumley, T. (2010). Complex surveys: A guide to analysis using R. Wiley.
    https://doi.org/10.1002/9780470580066

    Examples
    --------
    >>> res = weighted_proportions(["a", "b", "a", None], [1.0, 2.0, 1.0, 1.0])
    >>> res.table["share"].tolist()
    [0.5, 0.5]
    """
    level = check_level(level)
    labels = label_vector(values, "values")
    w = _checked_weights(values, weights, int(labels.shape[0]))
    n_rows = int(labels.shape[0])
    has_value = labels.notna().to_numpy()
    n = int(has_value.sum())
    positive = int((has_value & (w > 0)).sum())
    if positive < 2:
        raise ValueError(
            f"values: need at least 2 cases with a value and a positive weight, got {positive}"
        )
    observed = labels[has_value]
    order, given = category_order(observed, categories, "values")
    wd = w[has_value]
    total = float(wd.sum())
    position = {category: j for j, category in enumerate(order)}
    codes = np.array([position[value] for value in observed], dtype=np.intp)
    k = len(order)
    dummies = np.zeros((n, k))
    dummies[np.arange(n), codes] = 1.0
    share = (wd @ dummies) / total
    scores = np.zeros((n_rows, k))
    scores[has_value] = wd[:, None] * (dummies - share) / total
    se = _linearised_se(scores, n_rows)
    half = float(stats.norm.ppf(0.5 + level / 2.0)) * se
    table = pd.DataFrame(
        {
            "category": pd.Series(order, dtype=object),
            "count": dummies.sum(axis=0).astype(np.int64),
            "weight": wd @ dummies,
            "share": share,
            "se": se,
            "ci_low": share - half,
            "ci_high": share + half,
        }
    )
    cat_text = f"{k} categories given" if given else f"{k} categories observed"
    method = (
        f"weighted shares ({cat_text}) = weighted means of the category dummies; "
        + _CONVENTIONS.format(n_rows=n_rows, level=level, ci_note=" (not truncated to [0, 1])")
    )
    return WeightedProportions(
        table=table,
        level=level,
        n=n,
        n_missing=n_rows - n,
        n_rows=n_rows,
        n_zero_weight=int((wd == 0).sum()),
        sum_weights=total,
        n_eff=total**2 / float(np.sum(wd**2)),
        k=k,
        method=method,
    )
