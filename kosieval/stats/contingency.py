"""Contingency tables (chi-square, Fisher's exact test, Cramér's V) and McNemar's test.

:func:`crosstab_test` tests the association of two categorical variables; :func:`mcnemar`
tests the change of a binary variable between two measurements of the same cases. The
conventions follow R 4.2 (``stats::chisq.test``, ``stats::fisher.test``,
``stats::mcnemar.test``, ``stats::binom.test``) and ``effectsize::cramers_v`` 0.8; where
kosieval differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

from kosieval.stats.arguments import check_exact, check_level, label_order, label_vector, numeric_frame, numeric_vector

__all__ = ["CrosstabResult", "McNemarResult", "crosstab_test", "mcnemar"]


@dataclass(frozen=True, eq=False)
class CrosstabResult:
    """Test of association in a two-way contingency table.

    Attributes
    ----------
    observed
        Counts, index = row categories, columns = column categories.
    expected
        Expected counts under independence, row total times column total over ``n``.
    n
        Total count (cases analysed).
    n_dropped
        Cases dropped because the row or the column label was missing (0 for a table).
    statistic, df, pvalue
        Pearson's chi-square without continuity correction, ``(r-1)(c-1)`` degrees of
        freedom, p-value.
    statistic_yates, p_yates
        Chi-square with Yates' continuity correction and its p-value (2x2 tables only;
        NaN otherwise).
    p_fisher
        Two-sided p-value of Fisher's exact test (2x2 tables only; NaN otherwise).
    odds_ratio, odds_ratio_ci_low, odds_ratio_ci_high
        2x2 tables: conditional maximum-likelihood odds ratio of the first column in the
        first row versus the second row, and its exact CI at ``level`` (R ``fisher.test``).
        0 or ``inf`` (and an open CI limit of 0 or ``inf``) when a cell makes the estimate
        lie on the boundary. NaN for larger tables.
    cramers_v
        Cramér's V from the uncorrected chi-square.
    cramers_v_adjusted
        Bias-corrected V of Bergsma (2013).
    share_expected_below_5, min_expected
        Share of cells with an expected count below 5, and the smallest expected count.
    level
        Confidence level of the odds-ratio interval.
    method
        The exact conventions, in words.
    """

    observed: pd.DataFrame
    expected: pd.DataFrame
    n: int
    n_dropped: int
    statistic: float
    df: int
    pvalue: float
    statistic_yates: float
    p_yates: float
    p_fisher: float
    odds_ratio: float
    odds_ratio_ci_low: float
    odds_ratio_ci_high: float
    cramers_v: float
    cramers_v_adjusted: float
    share_expected_below_5: float
    min_expected: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the test results as a one-row DataFrame.

        The tables are in :attr:`observed` and :attr:`expected`.
        """
        skip = ("observed", "expected")
        return pd.DataFrame(
            {name: [getattr(self, name)] for name in self.__dataclass_fields__ if name not in skip}
        )


@dataclass(frozen=True, eq=False)
class McNemarResult:
    """McNemar's test of a change in a binary variable between two paired measurements.

    Attributes
    ----------
    n
        Complete pairs analysed.
    n_dropped
        Pairs dropped because a value was missing on either side.
    b, c
        Discordant pairs: ``b`` = before 1 and after 0, ``c`` = before 0 and after 1.
    chi2, p_chi2
        McNemar's chi-square :math:`(b-c)^2/(b+c)` without continuity correction (1 df)
        and its p-value.
    chi2_corrected, p_chi2_corrected
        With Edwards' continuity correction :math:`(|b-c|-1)^2/(b+c)` (0 when b = c, as R).
    p_exact
        Two-sided exact binomial p-value of ``c`` successes in ``b + c`` trials with
        probability 1/2.
    statistic, df
        The chi-square matching ``correction`` (corrected or not) and its df (1); reported
        also when the exact p-value is used.
    pvalue
        The p-value of the test in ``test``.
    test
        ``"exact binomial"``, ``"chi-square with continuity correction"`` or
        ``"chi-square without continuity correction"``.
    p_before, p_after
        Proportions of 1 before and after.
    prop_diff, prop_diff_ci_low, prop_diff_ci_high
        ``p_after - p_before = (c - b)/n`` and its Wald CI at ``level`` (not truncated to
        [-1, 1]).
    odds_ratio
        Conditional (matched-pairs) odds ratio ``c / b``; ``inf`` when b = 0 < c.
    level
        Confidence level of the interval.
    method
        The exact conventions, in words.
    """

    n: int
    n_dropped: int
    b: int
    c: int
    chi2: float
    p_chi2: float
    chi2_corrected: float
    p_chi2_corrected: float
    p_exact: float
    statistic: float
    df: int
    pvalue: float
    test: str
    p_before: float
    p_after: float
    prop_diff: float
    prop_diff_ci_low: float
    prop_diff_ci_high: float
    odds_ratio: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return all fields as a tidy one-row DataFrame."""
        return pd.DataFrame({name: [getattr(self, name)] for name in self.__dataclass_fields__})


# --- crosstab_test -----------------------------------------------------------------------------


def _table_from_counts(table: object) -> pd.DataFrame:
    """A 2-D table of counts as a float DataFrame; ValueError naming ``rows``."""
    frame = numeric_frame(table, "rows")
    values = frame.to_numpy()
    if np.isnan(values).any():
        raise ValueError("rows: the table of counts contains missing values")
    if (values < 0).any():
        raise ValueError("rows: the table of counts contains negative values")
    if (values != np.round(values)).any():
        raise ValueError("rows: the table must hold whole-number counts")
    return frame


def _table_from_labels(rows: object, cols: object) -> tuple[pd.DataFrame, int, str]:
    """Cross-tabulate two label vectors (pairs with a missing label dropped); order in words."""
    r = label_vector(rows, "rows")
    c = label_vector(cols, "cols")
    if r.shape[0] != c.shape[0]:
        raise ValueError(f"cols: has {c.shape[0]} labels but rows has {r.shape[0]}; they must align")
    if isinstance(rows, pd.Series) and isinstance(cols, pd.Series) and not rows.index.equals(cols.index):
        raise ValueError(
            "cols: its index differs from the index of rows; cases are matched by position, "
            "so align both Series first"
        )
    keep = (r.notna() & c.notna()).to_numpy()
    n_dropped = int((~keep).sum())
    r, c = r[keep], c[keep]
    row_order = label_order(r, "rows")
    col_order = label_order(c, "cols")
    row_pos = {label: i for i, label in enumerate(row_order)}
    col_pos = {label: i for i, label in enumerate(col_order)}
    counts = np.zeros((len(row_order), len(col_order)))
    np.add.at(counts, ([row_pos[v] for v in r.to_numpy()], [col_pos[v] for v in c.to_numpy()]), 1.0)
    table = pd.DataFrame(counts, index=pd.Index(row_order), columns=pd.Index(col_order))
    order = "; ".join(
        f"{name} ordered " + ("as the categories of the categorical"
                              if isinstance(v.dtype, pd.CategoricalDtype) else "by sorted label")
        for name, v in (("rows", r), ("columns", c))
    )
    return table, n_dropped, order


def _nchg_density(log_psi: float, support: np.ndarray, logdc: np.ndarray) -> np.ndarray:
    """Noncentral hypergeometric probabilities over ``support`` (R's ``dnhyper``)."""
    d = logdc + log_psi * support
    d = np.exp(d - d.max())
    return d / d.sum()


def _solve_log_psi(f: Callable[[float], float]) -> float:
    """Root of a monotone function of log(odds ratio): bracket outwards from 0, then brentq."""
    lo, hi = -1.0, 1.0
    while np.sign(f(lo)) == np.sign(f(hi)):
        lo, hi = 2.0 * lo, 2.0 * hi
        if hi > 1e4:  # pragma: no cover - the functions used always change sign
            return np.nan
    return float(optimize.brentq(f, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=500))


def _fisher_2x2(counts: np.ndarray, level: float) -> tuple[float, float, float, float]:
    """Fisher's exact test of a 2x2 table: p-value, conditional MLE odds ratio, exact CI."""
    x = int(counts[0, 0])
    m = int(counts[:, 0].sum())
    n = int(counts[:, 1].sum())
    k = int(counts[0, :].sum())
    lo, hi = max(0, k - n), min(k, m)
    support = np.arange(lo, hi + 1)
    logdc = stats.hypergeom.logpmf(support, m + n, m, k)
    null = _nchg_density(0.0, support, logdc)
    p = float(min(1.0, null[null <= null[x - lo] * (1.0 + 1e-7)].sum()))
    if x == lo:
        mle = 0.0
    elif x == hi:
        mle = np.inf
    else:
        mle = float(np.exp(_solve_log_psi(
            lambda t: float(np.sum(support * _nchg_density(t, support, logdc))) - x)))
    alpha = (1.0 - level) / 2.0
    low = 0.0 if x == lo else float(np.exp(_solve_log_psi(
        lambda t: float(_nchg_density(t, support, logdc)[support >= x].sum()) - alpha)))
    high = np.inf if x == hi else float(np.exp(_solve_log_psi(
        lambda t: float(_nchg_density(t, support, logdc)[support <= x].sum()) - alpha)))
    return p, mle, low, high


def crosstab_test(
    rows: object,
    cols: object | None = None,
    *,
    level: float = 0.95,
) -> CrosstabResult:
    r"""Chi-square tests, Fisher's exact test (2x2) and Cramér's V for a contingency table.

    Parameters
    ----------
    rows
        Either the row labels of each case (1-D: list, array, Series, Categorical), with
        ``cols`` the column labels, or -- with ``cols=None`` -- a 2-D table of counts
        (DataFrame or array; whole numbers >= 0; index and columns name the categories).
        Labels: a case with a missing label on either side is dropped (``n_dropped``);
        categories are ordered as the categories of a pandas categorical (those without
        cases left out), otherwise sorted.
    cols
        The column labels of each case, or ``None`` when ``rows`` is a table.
    level
        Confidence level of the odds-ratio CI, strictly between 0 and 1.

    Returns
    -------
    CrosstabResult

    Raises
    ------
    ValueError
        ``rows`` neither 1-D labels nor a 2-D table, a table with fewer than 2 rows or 2
        columns (1xK), a row or a column with no counts,
        counts that are missing, negative or not whole, labels of different length or index,
        ``cols`` given with a table or missing with labels, or an invalid ``level``.

    Warns
    -----
    RuntimeWarning
        When more than 20 % of the expected counts are below 5 (Cochran, 1954): the
        chi-square p-values are then unreliable. When :math:`\min(\tilde r, \tilde c) \le 1`
        (tiny n, e.g. a 2x2 table with n = 2): the bias-corrected V is undefined (NaN;
        effectsize gives NaN from 0/0).

    Notes
    -----
    With observed counts :math:`O_{ij}` of an :math:`r\times c` table, total :math:`n` and
    expected counts :math:`E_{ij} = O_{i+}O_{+j}/n`:

    **Pearson's chi-square** :math:`X^2 = \sum_{ij} (O_{ij}-E_{ij})^2/E_{ij}` on
    :math:`(r-1)(c-1)` df; ``chisq.test(correct = FALSE)``. **Yates' correction** (2x2
    only): :math:`X^2_Y = \sum (|O_{ij}-E_{ij}| - \min(0.5, |O-E|))^2/E_{ij}`;
    ``chisq.test(correct = TRUE)`` (R applies it only to 2x2 tables, so does kosieval).

    **Fisher's exact test** (2x2): the two-sided p-value sums the hypergeometric
    probabilities of all tables with the margins fixed that are not more probable than the
    observed one (relative tolerance 1e-7), as ``fisher.test``. The **conditional
    maximum-likelihood odds ratio** :math:`\hat\psi` solves
    :math:`E_\psi(O_{11}) = O_{11}` under the noncentral hypergeometric distribution; the
    exact CI (Cornfield, 1956) solves :math:`P_{\psi_L}(O_{11} \ge o_{11}) = \gamma/2` and
    :math:`P_{\psi_U}(O_{11} \le o_{11}) = \gamma/2`, :math:`\gamma = 1 -` ``level``.
    R's ``fisher.test`` finds these roots with ``uniroot`` at its default tolerance
    (about 1e-4 on the odds-ratio scale, and on :math:`1/\psi` above 1), so its estimate and
    limits are accurate only to about 4 digits; kosieval solves on the log scale with
    ``brentq`` (``xtol=1e-13``), which agrees with ``uniroot(..., tol = 1e-14)`` on R's own
    functions and with ``scipy.stats.contingency.odds_ratio(kind="conditional")``.

    **Cramér's V** (Cramér, 1946): :math:`V = \sqrt{X^2/(n(\min(r,c)-1))}`, from the
    uncorrected :math:`X^2` also for 2x2 tables (as effectsize). **Bias-corrected V**
    (Bergsma, 2013): :math:`\tilde\varphi^2 = \max(0, X^2/n - (r-1)(c-1)/(n-1))`,
    :math:`\tilde r = r - (r-1)^2/(n-1)`, :math:`\tilde c = c - (c-1)^2/(n-1)`,
    :math:`\tilde V = \sqrt{\tilde\varphi^2/(\min(\tilde r,\tilde c)-1)}`; as
    ``effectsize::cramers_v(adjust = TRUE)`` (``adjust = FALSE`` gives V). The truncation
    at 0 belongs to Bergsma's estimator.

    **Empty rows or columns** raise ``ValueError``: their expected counts are 0, so
    :math:`X^2` is 0/0 (R's ``chisq.test`` returns NaN, ``effectsize::cramers_v`` stops),
    and silently dropping them would change the table and its df behind the user's back;
    drop the category explicitly instead. Built from labels, a table never has empty rows
    or columns (unused categories of a categorical are left out).

    References
    ----------
    Pearson, K. (1900). On the criterion that a given system of deviations from the
    probable in the case of a correlated system of variables is such that it can be
    reasonably supposed to have arisen from random sampling. The London, Edinburgh, and
    Dublin Philosophical Magazine and Journal of Science, 50(302), 157-175.
    https://doi.org/10.1080/14786440009463897

    Yates, F. (1934). Contingency tables involving small numbers and the chi-squared test.
    Supplement to the Journal of the Royal Statistical Society, 1(2), 217-235.
    https://doi.org/10.2307/2983604

    Fisher, R. A. (1935). The logic of inductive inference. Journal of the Royal
    Statistical Society, 98(1), 39-82. https://doi.org/10.2307/2342435

    Cornfield, J. (1956). A statistical problem arising from retrospective studies. In
    Proceedings of the Third Berkeley Symposium on Mathematical Statistics and Probability
    (Vol. 4, pp. 135-148). University of California Press.

    Cochran, W. G. (1954). Some methods for strengthening the common chi-squared tests.
    Biometrics, 10(4), 417-451. https://doi.org/10.2307/3001616

    Cramér, H. (1946). Mathematical methods of statistics. Princeton University Press.

    Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T. Journal of the
    Korean Statistical Society, 42(3), 323-328. https://doi.org/10.1016/j.jkss.2012.10.002

    Examples
    --------
    >>> res = crosstab_test([[12, 5], [3, 10]])
    >>> res.df, round(res.statistic, 4)
    (1, 6.6516)
    """
    level = check_level(level)
    try:
        dims = 1 if isinstance(rows, (pd.Series, pd.Categorical, pd.Index)) else np.ndim(rows)  # type: ignore[arg-type]
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"rows: cannot be read as labels or as a table of counts ({exc})") from exc
    if dims not in (1, 2) or isinstance(rows, (str, bytes)):
        raise ValueError(
            "rows: must be one-dimensional labels (with cols) or a two-dimensional table of "
            f"counts, got {type(rows).__name__}"
        )
    table_given = dims == 2
    if table_given:
        if cols is not None:
            raise ValueError("cols: must be None when rows is a table of counts")
        observed = _table_from_counts(rows)
        n_dropped = 0
    else:
        if cols is None:
            raise ValueError("cols: required when rows holds the row label of each case")
        observed, n_dropped, order_text = _table_from_labels(rows, cols)
    observed = observed.astype(np.int64)
    n_rows, n_cols = observed.shape
    if n_rows < 2 or n_cols < 2:
        raise ValueError(
            f"rows: need a table with at least 2 rows and 2 columns, got {n_rows}x{n_cols}"
        )
    counts = observed.to_numpy(dtype=float)
    row_sums = counts.sum(axis=1)
    col_sums = counts.sum(axis=0)
    empty = [f"row {label!r}" for label, s in zip(observed.index, row_sums) if s == 0]
    empty += [f"column {label!r}" for label, s in zip(observed.columns, col_sums) if s == 0]
    if empty:
        raise ValueError(
            f"rows: the table has no counts in {', '.join(empty)}; the expected counts there "
            "are 0 and the chi-square is undefined -- drop the empty categories first"
        )
    n = float(counts.sum())
    expected_counts = np.outer(row_sums, col_sums) / n
    expected = pd.DataFrame(expected_counts, index=observed.index, columns=observed.columns)
    df = (n_rows - 1) * (n_cols - 1)
    chi2 = float(np.sum((counts - expected_counts) ** 2 / expected_counts))
    p_chi2 = float(stats.chi2.sf(chi2, df))
    is_2x2 = n_rows == 2 and n_cols == 2
    if is_2x2:
        deviation = np.abs(counts - expected_counts)
        yates = min(0.5, float(deviation.min()))
        chi2_yates = float(np.sum((deviation - yates) ** 2 / expected_counts))
        p_yates = float(stats.chi2.sf(chi2_yates, df))
        p_fisher, odds, or_low, or_high = _fisher_2x2(counts, level)
        table_text = (
            "Yates-corrected chi-square (as R chisq.test(correct = TRUE)); Fisher's exact "
            "test (two-sided, as R fisher.test) with the conditional maximum-likelihood "
            f"odds ratio of the first column in row 1 vs row 2 and its exact {level:g} CI, "
            "roots found by brentq on the log odds ratio (R's uniroot is accurate to ~1e-4)"
        )
    else:
        chi2_yates = p_yates = p_fisher = odds = or_low = or_high = np.nan
        table_text = (
            f"Yates' correction, Fisher's exact test and the odds ratio only for 2x2 tables "
            f"(NaN for this {n_rows}x{n_cols} table)"
        )
    v = float(np.sqrt(chi2 / (n * (min(n_rows, n_cols) - 1))))
    phi2_adj = max(0.0, chi2 / n - df / (n - 1.0))
    r_adj = n_rows - (n_rows - 1) ** 2 / (n - 1.0)
    c_adj = n_cols - (n_cols - 1) ** 2 / (n - 1.0)
    if min(r_adj, c_adj) > 1.0:
        v_adj = float(np.sqrt(phi2_adj / (min(r_adj, c_adj) - 1.0)))
    else:
        warnings.warn(
            f"crosstab_test: with n = {int(n)} the bias-corrected table size "
            f"min(r~, c~) = {min(r_adj, c_adj):g} is not above 1, so Bergsma's adjusted "
            "Cramér's V is undefined and set to NaN",
            RuntimeWarning,
            stacklevel=2,
        )
        v_adj = np.nan
    below = int((expected_counts < 5).sum())
    share = below / expected_counts.size
    if share > 0.2:
        warnings.warn(
            f"crosstab_test: {below} of {expected_counts.size} expected counts "
            f"({share:.0%}) are below 5 (more than 20 %, Cochran 1954), so the chi-square "
            "p-values are unreliable" + ("; prefer Fisher's exact test" if is_2x2 else ""),
            RuntimeWarning,
            stacklevel=2,
        )
    source = (
        f"{int(n)} cases cross-tabulated ({n_dropped} dropped for a missing label), {order_text}"
        if not table_given
        else f"table of counts as given (n = {int(n)})"
    )
    method = (
        f"{source}; {n_rows}x{n_cols} table; Pearson chi-square without continuity correction "
        f"on {df} df (as R chisq.test(correct = FALSE)); {table_text}; Cramér's V from the "
        "uncorrected chi-square and the bias-corrected V of Bergsma 2013 (as "
        f"effectsize::cramers_v(adjust = FALSE/TRUE)); {below} of {expected_counts.size} "
        "expected counts below 5"
    )
    return CrosstabResult(
        observed=observed,
        expected=expected,
        n=int(n),
        n_dropped=n_dropped,
        statistic=chi2,
        df=df,
        pvalue=p_chi2,
        statistic_yates=float(chi2_yates),
        p_yates=float(p_yates),
        p_fisher=float(p_fisher),
        odds_ratio=float(odds),
        odds_ratio_ci_low=float(or_low),
        odds_ratio_ci_high=float(or_high),
        cramers_v=v,
        cramers_v_adjusted=v_adj,
        share_expected_below_5=float(share),
        min_expected=float(expected_counts.min()),
        level=level,
        method=method,
    )


# --- mcnemar ---------------------------------------------------------------------------------------


def _binary_vector(values: object, name: str) -> np.ndarray:
    """0/1 or boolean values (NA allowed) as float 0/1 with NaN; ValueError naming ``name``."""
    if isinstance(values, pd.Series) and pd.api.types.is_bool_dtype(values.dtype):
        values = values.astype("Float64")
    elif not isinstance(values, (pd.Series, pd.DataFrame, str, bytes)):
        raw = np.asarray(values)
        if raw.dtype.kind == "b":
            values = raw.astype(float)
        elif raw.dtype.kind == "O":
            values = np.array(
                [float(v) if isinstance(v, (bool, np.bool_)) else v for v in raw], dtype=object
            )
    x = numeric_vector(values, name)
    bad = ~np.isnan(x) & (x != 0.0) & (x != 1.0)
    if bad.any():
        found = ", ".join(f"{v:g}" for v in np.unique(x[bad])[:5])
        raise ValueError(f"{name}: must be binary (0/1 or True/False), found {found}")
    return x


def mcnemar(
    before: object,
    after: object,
    *,
    exact: Literal["auto"] | bool = "auto",
    correction: bool = True,
    level: float = 0.95,
) -> McNemarResult:
    r"""McNemar's test of change in a paired binary variable, with the exact binomial test.

    Parameters
    ----------
    before, after
        The binary variable at the two measurements of the same cases, paired by position
        (0/1 or True/False; 1-D array-like or Series of equal length; two Series must have
        the same index). NaN/NA = missing: a pair with a missing value on either side is
        dropped and counted in ``n_dropped``.
    exact
        ``"auto"`` (default): the exact binomial p-value when :math:`b + c < 25`, the
        chi-square p-value otherwise (a common rule, e.g. Fagerland et al., 2013 recommend
        the exact or mid-p test for small counts). ``True``: always exact. ``False``: always
        the chi-square.
    correction
        Whether the chi-square used for ``statistic``/``pvalue`` has Edwards' continuity
        correction (R's ``mcnemar.test`` default ``correct = TRUE``). Both versions are
        always reported.
    level
        Confidence level of the CI of the difference in proportions.

    Returns
    -------
    McNemarResult

    Raises
    ------
    ValueError
        Fewer than 2 complete pairs, a value other than 0/1 (or True/False), inputs of
        different length or index, or an invalid option.

    Warns
    -----
    RuntimeWarning
        When there are no discordant pairs (:math:`b + c = 0`): the test carries no
        information; the statistics, p-values, the odds ratio and the CI are NaN. When the
        Wald SE is 0 otherwise (all pairs discordant in one direction): the CI is NaN.

    Notes
    -----
    Of :math:`n` complete pairs, :math:`b` changed from 1 to 0 and :math:`c` from 0 to 1.

    **Chi-square** (McNemar, 1947): :math:`X^2 = (b-c)^2/(b+c)` on 1 df; with Edwards'
    (1948) continuity correction :math:`X^2_c = (|b-c|-1)^2/(b+c)`, where R's
    ``mcnemar.test(correct = TRUE)`` applies the correction only when :math:`b \ne c`
    (so :math:`X^2_c = 0` for :math:`b = c`). kosieval follows R;
    ``statsmodels.stats.contingency_tables.mcnemar(exact=False)`` gives
    :math:`1/(b+c)` there.

    **Exact test**: :math:`c \sim \mathrm{Bin}(b + c, 1/2)` under :math:`H_0`, two-sided
    :math:`p = \min(1, 2\,P(X \le \min(b, c)))`, as ``binom.test(c, b + c)``.

    **Difference in proportions** :math:`\hat\delta = \hat p_{after} - \hat p_{before} =
    (c-b)/n` with the Wald CI :math:`\hat\delta \pm z_{1-\gamma/2}\,SE`,
    :math:`SE = \sqrt{b + c - (c-b)^2/n}\,/\,n` (Agresti, 2013, ch. 11; Fleiss, Levin & Paik,
    2003, ch. 13), not truncated to [-1, 1]. The Wald interval is known to
    undercover for small :math:`b + c` (Fagerland et al., 2014).

    **Odds ratio** :math:`c/b`, the conditional maximum-likelihood estimate for matched
    pairs (Agresti, 2013, ch. 11): above 1 means more changes to 1 than to 0.

    All tests are two-sided.

    References
    ----------
    McNemar, Q. (1947). Note on the sampling error of the difference between correlated
    proportions or percentages. Psychometrika, 12(2), 153-157.
    https://doi.org/10.1007/BF02295996

    Edwards, A. L. (1948). Note on the "correction for continuity" in testing the
    significance of the difference between correlated proportions. Psychometrika, 13(3),
    185-187. https://doi.org/10.1007/BF02289261

    Agresti, A. (2013). Categorical data analysis (3rd ed.). Wiley.

    Fleiss, J. L., Levin, B., & Paik, M. C. (2003). Statistical methods for rates and
    proportions (3rd ed.). Wiley. https://doi.org/10.1002/0471445428

    Fagerland, M. W., Lydersen, S., & Laake, P. (2013). The McNemar test for binary
    matched-pairs data: mid-p and asymptotic are better than exact conditional. BMC Medical
    Research Methodology, 13, 91. https://doi.org/10.1186/1471-2288-13-91

    Fagerland, M. W., Lydersen, S., & Laake, P. (2014). Recommended tests and confidence
    intervals for paired binomial proportions. Statistics in Medicine, 33(16), 2850-2875.
    https://doi.org/10.1002/sim.6148

    Examples
    --------
    >>> res = mcnemar([1, 1, 0, 0, 1, 0, 1, 0], [1, 0, 1, 1, 1, 1, 1, 0])
    >>> res.b, res.c, res.test
    (1, 3, 'exact binomial')
    """
    level = check_level(level)
    exact_choice = check_exact(exact)
    if not isinstance(correction, (bool, np.bool_)):
        raise ValueError(f"correction: must be True or False, got {correction!r}")
    correction = bool(correction)
    x0 = _binary_vector(before, "before")
    x1 = _binary_vector(after, "after")
    if x1.shape[0] != x0.shape[0]:
        raise ValueError(
            f"after: has {x1.shape[0]} values but before has {x0.shape[0]}; pairs must align"
        )
    if isinstance(before, pd.Series) and isinstance(after, pd.Series) and not before.index.equals(after.index):
        raise ValueError(
            "after: its index differs from the index of before; pairs are matched by "
            "position, so align both Series first (e.g. via a merge on the respondent id)"
        )
    complete = ~(np.isnan(x0) | np.isnan(x1))
    n_dropped = int((~complete).sum())
    x0, x1 = x0[complete], x1[complete]
    n = int(x0.shape[0])
    if n < 2:
        raise ValueError(
            f"before/after: need at least 2 complete pairs, got {n} ({n_dropped} dropped for "
            "missing values)"
        )
    b = int(np.sum((x0 == 1.0) & (x1 == 0.0)))
    c = int(np.sum((x0 == 0.0) & (x1 == 1.0)))
    m = b + c
    use_exact = m < 25 if exact_choice is None else exact_choice
    if use_exact:
        test = "exact binomial"
    else:
        test = "chi-square " + ("with" if correction else "without") + " continuity correction"
    diff = (c - b) / n
    if m == 0:
        warnings.warn(
            f"mcnemar: no discordant pairs among {n} (b = c = 0), so the pairs carry no "
            "information on change: the chi-squares, p-values, the odds ratio and the CI of "
            "the difference are NaN",
            RuntimeWarning,
            stacklevel=2,
        )
        chi2 = p_chi2 = chi2_c = p_chi2_c = p_exact = odds = low = high = np.nan
    else:
        chi2 = (b - c) ** 2 / m
        chi2_c = (abs(b - c) - 1) ** 2 / m if b != c else 0.0
        p_chi2 = float(stats.chi2.sf(chi2, 1))
        p_chi2_c = float(stats.chi2.sf(chi2_c, 1))
        p_exact = float(min(1.0, 2.0 * stats.binom.cdf(min(b, c), m, 0.5)))
        odds = c / b if b > 0 else np.inf
        se = np.sqrt(m - (c - b) ** 2 / n) / n
        if se == 0.0:
            warnings.warn(
                f"mcnemar: all {n} pairs changed in the same direction, so the Wald SE of the "
                "difference in proportions is 0 and its CI is undefined (NaN)",
                RuntimeWarning,
                stacklevel=2,
            )
            low = high = np.nan
        else:
            half = float(stats.norm.ppf(0.5 + level / 2.0)) * se
            low, high = diff - half, diff + half
    statistic = chi2_c if correction else chi2
    if use_exact:
        pvalue = p_exact
    else:
        pvalue = p_chi2_c if correction else p_chi2
    rule = {
        None: "exact binomial p-value if b + c < 25, else chi-square (exact='auto')",
        True: "exact binomial p-value (exact=True)",
        False: "chi-square p-value (exact=False)",
    }[exact_choice]
    method = (
        f"{n} complete pairs ({n_dropped} dropped); b = before 1 & after 0 ({b}), c = before 0 "
        f"& after 1 ({c}); McNemar chi-square on 1 df "
        + ("with Edwards' continuity correction (|b - c| - 1)^2/(b + c), none if b = c, as R "
           "mcnemar.test(correct = TRUE)" if correction else
           "without continuity correction (as R mcnemar.test(correct = FALSE))")
        + f"; exact two-sided binomial p-value of c in b + c trials (as R binom.test); {rule}: "
        f"{test}; difference p_after - p_before = (c - b)/n with Wald {level:g} CI; odds ratio "
        "c/b"
    )
    return McNemarResult(
        n=n,
        n_dropped=n_dropped,
        b=b,
        c=c,
        chi2=float(chi2),
        p_chi2=float(p_chi2),
        chi2_corrected=float(chi2_c),
        p_chi2_corrected=float(p_chi2_c),
        p_exact=float(p_exact),
        statistic=float(statistic),
        df=1,
        pvalue=float(pvalue),
        test=test,
        p_before=float(x0.mean()),
        p_after=float(x1.mean()),
        prop_diff=float(diff),
        prop_diff_ci_low=float(low),
        prop_diff_ci_high=float(high),
        odds_ratio=float(odds),
        level=level,
        method=method,
    )
