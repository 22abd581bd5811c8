"""Chance-corrected agreement of coders on categories: Cohen's (weighted) kappa and Fleiss' kappa.

The conventions follow R's ``psych::cohen.kappa`` (Revelle, psych 2.2.9),
``statsmodels.stats.inter_rater`` and ``irr::kappam.fleiss`` (Gamer et al., irr 0.84.1);
where kosieval differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.agreement import (
    AgreementResult,
    CodedRatings,
    coded_ratings,
    complete_units,
    show_codes,
    two_sided_p,
)
from kosieval.stats.arguments import check_choice, check_level

__all__ = ["cohen_kappa", "fleiss_kappa"]

_WEIGHTS = ("linear", "quadratic")


def _category_positions(coded: CodedRatings, categories: object, weights: str | None) -> tuple[np.ndarray, list]:
    """Map the factorised codes to positions in the full ordered list of categories."""
    if categories is None:
        if weights is not None and not coded.ordered:
            raise ValueError(
                "categories: the codes mix numbers and text, so they have no order for weighted kappa; "
                "give the ordered list of categories"
            )
        return np.arange(len(coded.categories)), list(coded.categories)
    unordered = isinstance(categories, (set, frozenset, dict))
    if unordered or isinstance(categories, (str, bytes)) or not pd.api.types.is_list_like(categories):
        raise ValueError(f"categories: must be a list of the possible codes in order, got {categories!r}")
    given = list(categories)
    if not given:
        raise ValueError("categories: must not be empty")
    index = pd.Index(given)
    if any(pd.isna(c) for c in given):
        raise ValueError("categories: must not contain missing values")
    if index.has_duplicates:
        raise ValueError(f"categories: duplicated codes [{show_codes(index[index.duplicated()].unique())}]")
    positions = index.get_indexer(coded.categories)
    if (positions < 0).any():
        missing = coded.categories[positions < 0]
        raise ValueError(f"categories: observed code(s) [{show_codes(missing)}] are not in categories")
    return positions, given


def _kappa_inference(
    p: np.ndarray, w: np.ndarray, n: int
) -> tuple[float, float, float, float, float]:
    """Weighted kappa and its large-sample variances (Fleiss, Cohen & Everitt, 1969).

    ``p`` is the k x k table of proportions (rows = coder 1), ``w`` the agreement weights
    (the identity for unweighted kappa). Returns kappa, po, pe, Var(kappa), Var0(kappa).
    """
    rows = p.sum(axis=1)
    cols = p.sum(axis=0)
    po = float(np.sum(w * p))
    pe = float(np.sum(w * np.outer(rows, cols)))
    if np.isclose(pe, 1.0, rtol=0.0, atol=1e-12):
        return np.nan, po, pe, np.nan, np.nan
    kappa = (po - pe) / (1.0 - pe)
    w_row = w @ cols  # wbar_i. = sum_j p_.j w_ij
    w_col = rows @ w  # wbar_.j = sum_i p_i. w_ij
    # Both variances are variances of a cell score under a distribution on the cells; they are
    # computed centred so that rounding cannot make them negative.
    score = w * (1.0 - pe) - (w_row[:, None] + w_col[None, :]) * (1.0 - po)
    mean = np.sum(p * score)
    var = float(np.sum(p * (score - mean) ** 2)) / (n * (1.0 - pe) ** 4)
    null = np.outer(rows, cols)
    score0 = w - (w_row[:, None] + w_col[None, :])
    mean0 = np.sum(null * score0)
    var0 = float(np.sum(null * (score0 - mean0) ** 2)) / (n * (1.0 - pe) ** 2)
    return float(kappa), po, pe, var, var0


def cohen_kappa(
    ratings: object,
    *,
    weights: Literal["linear", "quadratic"] | None = None,
    categories: Sequence[Hashable] | None = None,
    level: float = 0.95,
) -> AgreementResult:
    r"""Cohen's kappa of two coders, unweighted or weighted, with SE, CI and a test of kappa = 0.

    Parameters
    ----------
    ratings
        DataFrame or 2-D array-like with exactly 2 coder columns; rows = units; codes are any
        hashable values (numbers or strings), NaN/NA/None = not coded. Units with a missing
        rating are dropped (counted in ``n_units_dropped``).
    weights
        ``None`` (default): unweighted kappa (Cohen, 1960). ``"linear"`` or
        ``"quadratic"``: weighted kappa (Cohen, 1968) with the agreement weights below.
    categories
        The full ordered list of possible codes. It matters for weighted kappa (the weights
        use the *positions* in this list) and for codes nobody used. Default: the sorted
        union of the codes observed in the units analysed (numbers in numeric order,
        strings in lexicographic order -- give ``categories`` for ordered text codes such
        as ``["low", "mid", "high"]``).
    level
        Confidence level of the Wald interval, strictly between 0 and 1.

    Returns
    -------
    AgreementResult
        ``measure`` = ``"cohen_kappa"`` or ``"weighted_kappa"``, ``metric`` = ``weights``,
        ``observed`` = :math:`p_o`, ``expected`` = :math:`p_e`.

    Raises
    ------
    ValueError
        ``ratings`` not two-dimensional, not exactly 2 coder columns, duplicated column
        names, infinite values, fewer than 2 units coded by both coders; ``weights``,
        ``categories`` (not a list, duplicates, missing an observed code) or ``level``
        invalid; weights for codes that mix numbers and text without ``categories``.

    Warns
    -----
    RuntimeWarning
        When both coders used one and the same single category: then :math:`p_e = 1` and
        kappa is 0/0, undefined; kappa and all its inference are NaN (``psych::cohen.kappa``
        reports NA as well). When the SE under H0 is 0 (each coder used a single category),
        ``z`` and ``pvalue`` are undefined and NaN.

    Notes
    -----
    With :math:`p_{ij}` the share of units coded :math:`i` by the first and :math:`j` by
    the second coder (:math:`i, j = 1..k` = positions in ``categories``), the marginals
    :math:`p_{i\cdot}, p_{\cdot j}` and agreement weights :math:`w_{ij}`:

    .. math::

        p_o = \sum_{ij} w_{ij} p_{ij},\quad p_e = \sum_{ij} w_{ij} p_{i\cdot} p_{\cdot j},\quad
        \kappa = \frac{p_o - p_e}{1 - p_e},

    with :math:`w_{ij} = [i = j]` (unweighted), :math:`w_{ij} = 1 - |i-j|/(k-1)` (linear) or
    :math:`w_{ij} = 1 - (i-j)^2/(k-1)^2` (quadratic). The weights depend on the positions
    :math:`i, j` of the codes in ``categories``, not on the code values: codes 1, 2, 5
    are one step apart each.

    **Standard errors** (Fleiss, Cohen & Everitt, 1969), with
    :math:`\bar w_{i\cdot} = \sum_j p_{\cdot j} w_{ij}` and
    :math:`\bar w_{\cdot j} = \sum_i p_{i\cdot} w_{ij}`:

    .. math::

        \widehat{\mathrm{Var}}(\kappa) = \frac{\sum_{ij} p_{ij}\bigl[w_{ij}(1-p_e) -
            (\bar w_{i\cdot} + \bar w_{\cdot j})(1-p_o)\bigr]^2 - (p_o p_e - 2p_e + p_o)^2}
            {N (1-p_e)^4},

        \widehat{\mathrm{Var}}_0(\kappa) = \frac{\sum_{ij} p_{i\cdot}p_{\cdot j}\bigl[w_{ij} -
            (\bar w_{i\cdot} + \bar w_{\cdot j})\bigr]^2 - p_e^2}{N (1-p_e)^2}.

    ``se`` is :math:`\sqrt{\widehat{\mathrm{Var}}}` (statsmodels' ``var_kappa``; for
    unweighted kappa also ``psych::cohen.kappa``'s ``var.kappa``), the CI the Wald interval
    :math:`\kappa \pm z_{1-\gamma/2}\,se` with :math:`\gamma = 1 -` ``level``. The test of
    H0 :math:`\kappa = 0` uses the null variance: :math:`z = \kappa / \sqrt{\widehat{
    \mathrm{Var}}_0}`, two-sided :math:`p = 2(1 - \Phi(|z|))` (statsmodels'
    ``var_kappa0``, ``pvalue_two_sided``).

    The Wald interval is not truncated: it can exceed 1 (or -1) when kappa is near the
    boundary or :math:`N` is small, a sign that the normal approximation fails there.
    ``psych::cohen.kappa`` instead clips the limits to [-1, 1] with a warning.

    **Where the references disagree.** For unweighted kappa ``se`` equals
    ``psych::cohen.kappa``'s ``sqrt(var.kappa)`` and statsmodels' ``std_kappa``. For
    weighted kappa it equals statsmodels' ``var_kappa`` (the formula above), but not
    ``psych::cohen.kappa``'s ``var.weighted`` (psych 2.2.9): psych computes
    :math:`\bar w_{\cdot j}` as ``rowSums(w * rs)``, which R evaluates as
    :math:`p_{j\cdot}\sum_k w_{jk}` instead of :math:`\sum_i p_{i\cdot} w_{ij}`. Its
    variance is then wrong: in the tests' example 0.0051 instead of 0.0090 (linear
    weights), and negative for quadratic weights, which psych sets to 0 (a zero-width
    interval). kosieval follows Fleiss, Cohen & Everitt (1969) as statsmodels
    does; a simulation confirms it (the tests compare with the Monte Carlo SD of weighted
    kappa).

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement, 20(1), 37-46. https://doi.org/10.1177/001316446002000104

    Cohen, J. (1968). Weighted kappa: Nominal scale agreement provision for scaled
    disagreement or partial credit. Psychological Bulletin, 70(4), 213-220.
    https://doi.org/10.1037/h0026256

    Fleiss, J. L., Cohen, J., & Everitt, B. S. (1969). Large sample standard errors of kappa
    and weighted kappa. Psychological Bulletin, 72(5), 323-327.
    https://doi.org/10.1037/h0028106

    Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
    Research (R package version 2.2.9), function ``cohen.kappa``.

    Examples
    --------
    >>> res = cohen_kappa([[1, 1], [2, 2], [3, 3], [1, 2], [2, 2], [3, 1]])
    >>> round(res.statistic, 4), res.n_units
    (0.5, 6)
    """
    if weights is not None:
        check_choice(weights, "weights", _WEIGHTS)
    level = check_level(level)
    coded = coded_ratings(ratings)
    if coded.codes.shape[1] != 2:
        raise ValueError(
            f"ratings: Cohen's kappa needs exactly 2 coder columns, got {coded.codes.shape[1]}; "
            "use fleiss_kappa or krippendorff_alpha for more coders"
        )
    codes, n_dropped = complete_units(coded, "cohen_kappa")
    n = codes.shape[0]
    if categories is None:
        # The sorted union of the codes in the units analysed (not in the dropped ones).
        used = np.unique(codes)
        coded = coded._replace(categories=coded.categories[used])
        codes = np.searchsorted(used, codes)
    positions, cats = _category_positions(coded, categories, weights)
    k = len(cats)
    table = np.bincount(positions[codes[:, 0]] * k + positions[codes[:, 1]], minlength=k * k)
    p = table.reshape(k, k) / n

    steps = np.subtract.outer(np.arange(k), np.arange(k))
    if weights is None:
        w = np.eye(k)
    elif k == 1:
        w = np.ones((1, 1))
    elif weights == "linear":
        w = 1.0 - np.abs(steps) / (k - 1)
    else:
        w = 1.0 - steps.astype(float) ** 2 / (k - 1) ** 2
    kappa, po, pe, var, var0 = _kappa_inference(p, w, n)

    se = ci_low = ci_high = z = pvalue = np.nan
    used_level = level
    if np.isnan(kappa):
        used_level = np.nan
        (single,) = np.unique(positions[codes])
        warnings.warn(
            f"cohen_kappa: both coders used the single category {show_codes([cats[single]])} on all "
            f"{n} units, so the chance agreement pe = 1 and kappa = (po - pe)/(1 - pe) is 0/0, undefined; "
            "kappa, its SE, CI, z and p-value are NaN",
            RuntimeWarning,
            stacklevel=2,
        )
    else:
        se = float(np.sqrt(var))
        half = stats.norm.ppf(0.5 + level / 2.0) * se
        ci_low, ci_high = kappa - half, kappa + half
        se0 = np.sqrt(var0)
        if se0 < 1e-12:  # exactly 0 up to rounding: each coder used a single category
            warnings.warn(
                "cohen_kappa: the SE of kappa under H0 (kappa = 0) is 0 because each coder used a single "
                "category, so z and the p-value are undefined and NaN",
                RuntimeWarning,
                stacklevel=2,
            )
        else:
            z = kappa / se0
            pvalue = two_sided_p(z)

    if weights is None:
        w_text = "unweighted (Cohen 1960)"
    else:
        formula = "1 - |i-j|/(k-1)" if weights == "linear" else "1 - (i-j)^2/(k-1)^2"
        w_text = (
            f"weighted (Cohen 1968), {weights} agreement weights w_ij = {formula} with i, j the positions "
            f"of the codes in the k = {k} ordered categories (not the code values)"
        )
    cat_text = "given" if categories is not None else "sorted union of the observed codes"
    method = (
        f"Cohen's kappa, {w_text}; {n} units coded by both coders ({n_dropped} with a missing rating "
        f"dropped); categories: {cat_text}; SE: large-sample SE of Fleiss, Cohen & Everitt (1969) "
        "(as statsmodels cohens_kappa; psych::cohen.kappa agrees for unweighted kappa only); "
        f"{level:g} Wald CI kappa +- z*SE, not truncated at +-1; "
        "z and two-sided p-value for H0 kappa = 0 from the null SE of Fleiss, Cohen & Everitt (1969)"
    )
    return AgreementResult(
        statistic=kappa,
        measure="cohen_kappa" if weights is None else "weighted_kappa",
        n_units=n,
        n_units_dropped=n_dropped,
        n_coders=2,
        se=se,
        ci_low=float(ci_low),
        ci_high=float(ci_high),
        level=used_level,
        pvalue=pvalue,
        z=float(z),
        observed=po,
        expected=pe,
        mean_pairwise=np.nan,
        metric=weights,
        per_category=None,
        n_boot=0,
        method=method,
    )


def fleiss_kappa(ratings: object, *, level: float = 0.95) -> AgreementResult:
    r"""Fleiss' kappa for two or more coders, with the SE under H0 and per-category kappas.

    Parameters
    ----------
    ratings
        DataFrame or 2-D array-like: rows = units, columns = coders (at least 2); codes are
        any hashable values, NaN/NA/None = not coded. Fleiss' kappa needs the same number of
        ratings per unit, so units with a missing rating are dropped (counted in
        ``n_units_dropped``); :func:`krippendorff_alpha` uses them.
    level
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    AgreementResult
        ``observed`` = :math:`\bar P`, ``expected`` = :math:`\bar P_e`, ``per_category`` =
        one row per category observed in the units analysed (sorted as in
        :func:`cohen_kappa`) with ``proportion`` :math:`p_j`, ``kappa``, ``se``, ``z`` and
        ``pvalue``.

    Raises
    ------
    ValueError
        Invalid ``ratings`` (see :func:`cohen_kappa`; any number of coders >= 2), fewer than
        2 units coded by all coders, or an invalid ``level``.

    Warns
    -----
    RuntimeWarning
        When all ratings are one single category: :math:`\bar P_e = 1` and kappa is 0/0,
        undefined; kappa, its SE, CI, z, p-value and the per-category kappa are NaN.

    Notes
    -----
    :math:`N` units, each coded by the same :math:`m` coders, :math:`n_{ij}` coders putting
    unit :math:`i` into category :math:`j`, :math:`p_j = \sum_i n_{ij}/(Nm)`,
    :math:`q_j = 1 - p_j` (Fleiss, 1971):

    .. math::

        \bar P = \frac1N\sum_i \frac{\sum_j n_{ij}^2 - m}{m(m-1)},\quad
        \bar P_e = \sum_j p_j^2,\quad \kappa = \frac{\bar P - \bar P_e}{1 - \bar P_e},\quad
        \kappa_j = 1 - \frac{\sum_i n_{ij}(m - n_{ij})}{N m (m-1) p_j q_j}.

    **SE under H0** (no agreement beyond chance; Fleiss, Nee & Landis, 1979):

    .. math::

        se_0 = \frac{\sqrt{2}}{\sum_j p_j q_j \sqrt{N m (m-1)}}
               \sqrt{\Bigl(\sum_j p_j q_j\Bigr)^2 - \sum_j p_j q_j (q_j - p_j)},\qquad
        se_0(\kappa_j) = \sqrt{\frac{2}{N m (m-1)}},

    :math:`z = \kappa / se_0`, two-sided :math:`p = 2(1-\Phi(|z|))`; the same for each
    :math:`\kappa_j`. This is what ``irr::kappam.fleiss(detail = TRUE)`` reports.

    **Interval.** :math:`\kappa \pm z_{1-\gamma/2}\, se_0` as ``DescTools::KappaM(method =
    "Fleiss", conf.level = )``. It uses the SE *under H0*, which is right only near
    kappa = 0; away from 0 the interval is a rough approximation (DescTools accepts it, too;
    kosieval has no non-null variance of Fleiss' kappa). For an interval that does not rest
    on H0, use :func:`krippendorff_alpha` (nominal) with ``n_boot``.

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    Bulletin, 76(5), 378-382. https://doi.org/10.1037/h0031619

    Fleiss, J. L., Nee, J. C. M., & Landis, J. R. (1979). Large sample variance of kappa in
    the case of different sets of raters. Psychological Bulletin, 86(5), 974-977.
    https://doi.org/10.1037/0033-2909.86.5.974

    Gamer, M., Lemon, J., Fellows, I., & Singh, P. (2019). irr: Various coefficients of
    interrater reliability and agreement (R package version 0.84.1), ``kappam.fleiss``.

    Examples
    --------
    >>> res = fleiss_kappa([[1, 1, 1], [1, 2, 1], [2, 2, 2], [3, 3, 3], [3, 3, 2]])
    >>> round(res.statistic, 4), res.n_coders
    (0.6, 3)
    """
    level = check_level(level)
    coded = coded_ratings(ratings)
    codes, n_dropped = complete_units(coded, "fleiss_kappa")
    n, m = codes.shape
    used, codes = np.unique(codes, return_inverse=True)
    codes = codes.reshape(n, m)
    cats = coded.categories[used]
    k = len(cats)
    table = np.bincount(
        (np.arange(n, dtype=np.int64)[:, None] * k + codes).ravel(), minlength=n * k
    ).reshape(n, k).astype(float)

    p_j = table.sum(axis=0) / (n * m)
    q_j = 1.0 - p_j
    p_bar = float(np.mean(((table**2).sum(axis=1) - m) / (m * (m - 1))))
    pe = float(np.sum(p_j**2))
    se_j = np.sqrt(2.0 / (n * m * (m - 1)))
    kappa = se = z = pvalue = ci_low = ci_high = np.nan
    kappa_j = np.full(k, np.nan)
    if k == 1:
        warnings.warn(
            f"fleiss_kappa: all {n * m} ratings of the {n} units are the single category {show_codes(cats)}, so "
            "the chance agreement P_e = 1 and kappa = (P - P_e)/(1 - P_e) is 0/0, undefined; kappa, its SE, "
            "CI, z, p-value and the per-category kappa are NaN",
            RuntimeWarning,
            stacklevel=2,
        )
    else:
        kappa = (p_bar - pe) / (1.0 - pe)
        pq = p_j * q_j
        var0 = 2.0 / (pq.sum() ** 2 * n * m * (m - 1)) * (pq.sum() ** 2 - np.sum(pq * (q_j - p_j)))
        se = float(np.sqrt(var0))
        z = kappa / se
        pvalue = two_sided_p(z)
        half = stats.norm.ppf(0.5 + level / 2.0) * se
        ci_low, ci_high = kappa - half, kappa + half
        kappa_j = 1.0 - (table * (m - table)).sum(axis=0) / (n * m * (m - 1) * pq)
    z_j = kappa_j / se_j
    per_category = pd.DataFrame(
        {
            "proportion": p_j,
            "kappa": kappa_j,
            "se": np.full(k, se_j),
            "z": z_j,
            "pvalue": 2.0 * stats.norm.sf(np.abs(z_j)),
        },
        index=pd.Index(list(cats), name="category"),
    )
    method = (
        f"Fleiss' kappa (Fleiss 1971) of {m} coders over the {n} units coded by all of them ({n_dropped} "
        "units with a missing rating dropped); SE under H0 of Fleiss, Nee & Landis (1979) "
        "(as irr::kappam.fleiss), z and two-sided p-value for H0 kappa = 0; "
        f"{level:g} Wald CI kappa +- z*SE0 with the SE under H0 (as DescTools::KappaM), an approximation "
        "away from kappa = 0; per-category kappas with SE0 = sqrt(2/(N m (m-1)))"
    )
    return AgreementResult(
        statistic=float(kappa),
        measure="fleiss_kappa",
        n_units=n,
        n_units_dropped=n_dropped,
        n_coders=m,
        se=se,
        ci_low=float(ci_low),
        ci_high=float(ci_high),
        level=level if k > 1 else np.nan,
        pvalue=pvalue,
        z=float(z),
        observed=p_bar,
        expected=pe,
        mean_pairwise=np.nan,
        metric=None,
        per_category=per_category,
        n_boot=0,
        method=method,
    )
