"""Ordinal outcomes: proportional-odds (cumulative link) regression.

:func:`ordinal_regression` fits statsmodels ``OrderedModel``. The conventions follow R's
``ordinal::clm`` and ``MASS::polr``, against which every number is tested; where kosieval
differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

from kosieval.stats.arguments import check_choice, check_column, check_columns, check_frame, check_level
from kosieval.stats.design import check_rank, encode_predictor, fit_messages, is_numeric_series, wald

__all__ = ["OrdinalResult", "ordinal_regression"]

_LINKS = ("logit", "probit")


@dataclass(frozen=True, eq=False)
class OrdinalResult:
    r"""Proportional-odds (cumulative link) model of an ordered outcome.

    The model is :math:`\operatorname{link} P(Y \le j \mid x) = \theta_j - x'\beta`, so a
    positive coefficient shifts answers towards the higher categories.

    Attributes
    ----------
    coef, se, z, pvalue, ci_low, ci_high
        Coefficients (index = the predictor terms: ``"<name>"`` for a numeric predictor,
        ``"<name>[<level>]"`` for a level of a categorical one), their standard errors (from
        the inverse of statsmodels' numerical Hessian), Wald statistics, two-sided normal
        p-values and Wald confidence intervals at ``level``.
    odds_ratio, or_ci_low, or_ci_high
        ``exp(coef)`` and ``exp`` of the CI limits: cumulative odds ratios of answering
        *higher* per unit of the predictor. ``None`` for ``link="probit"``.
    thresholds, threshold_se
        The cut points :math:`\theta_1 < \dots < \theta_{K-1}` (index ``"<c_j>|<c_{j+1}>"``
        from the category labels, as R's ``clm``) and their standard errors (delta method).
    loglik, aic
        Log-likelihood and :math:`AIC = -2\,loglik + 2\,(p + K - 1)`.
    n
        Observations used.
    n_dropped
        Rows dropped because the outcome or a predictor was missing.
    n_categories, categories
        Number and labels of the outcome categories used (ordered).
    link
        ``"logit"`` or ``"probit"``.
    level
        Confidence level of the intervals.
    converged
        False when the optimiser did not converge or the data are separated.
    separation
        Whether the data are (quasi-)completely separated, so that some estimates are
        infinite (checked by a linear program, see :func:`ordinal_regression`).
    fit_warnings
        Every message statsmodels emitted while fitting, verbatim.
    method
        The exact conventions, in words.
    """

    coef: pd.Series
    se: pd.Series
    z: pd.Series
    pvalue: pd.Series
    ci_low: pd.Series
    ci_high: pd.Series
    odds_ratio: pd.Series | None
    or_ci_low: pd.Series | None
    or_ci_high: pd.Series | None
    thresholds: pd.Series
    threshold_se: pd.Series
    loglik: float
    aic: float
    n: int
    n_dropped: int
    n_categories: int
    categories: tuple[Hashable, ...]
    link: str
    level: float
    converged: bool
    separation: bool
    fit_warnings: tuple[str, ...]
    method: str

    def to_frame(self) -> pd.DataFrame:
        r"""Return one row per parameter: the coefficients, then the thresholds.

        Columns ``term``, ``kind`` (``"coefficient"`` or ``"threshold"``), ``estimate``,
        ``se``, ``z``, ``ci_low``, ``ci_high`` (Wald, for thresholds too), ``pvalue``,
        ``odds_ratio``, ``or_ci_low``, ``or_ci_high``. The p-value and the odds ratios are
        only defined for coefficients (NaN for thresholds, where a test of
        :math:`\theta_j = 0` has no meaning), the odds ratios only for the logit link.
        """
        q = stats.norm.ppf(0.5 + self.level / 2.0)
        coef_part = pd.DataFrame(
            {
                "term": self.coef.index.to_numpy(dtype=object),
                "kind": "coefficient",
                "estimate": self.coef.to_numpy(),
                "se": self.se.to_numpy(),
                "z": self.z.to_numpy(),
                "ci_low": self.ci_low.to_numpy(),
                "ci_high": self.ci_high.to_numpy(),
                "pvalue": self.pvalue.to_numpy(),
            }
        )
        for name in ("odds_ratio", "or_ci_low", "or_ci_high"):
            values = getattr(self, name)
            coef_part[name] = np.nan if values is None else values.to_numpy()
        theta = self.thresholds.to_numpy()
        theta_se = self.threshold_se.to_numpy()
        threshold_part = pd.DataFrame(
            {
                "term": self.thresholds.index.to_numpy(dtype=object),
                "kind": "threshold",
                "estimate": theta,
                "se": theta_se,
                "z": theta / theta_se,
                "ci_low": theta - q * theta_se,
                "ci_high": theta + q * theta_se,
                "pvalue": np.nan,
                "odds_ratio": np.nan,
                "or_ci_low": np.nan,
                "or_ci_high": np.nan,
            }
        )
        return pd.concat([coef_part, threshold_part], ignore_index=True)


def _outcome_codes(values: pd.Series, outcome: Hashable) -> tuple[np.ndarray, list[Hashable]]:
    """Integer codes 0..K-1 of the categories present, in order, and their labels."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if not dtype.ordered:
            raise ValueError(
                f"outcome: column {outcome!r} is an unordered categorical, so the order of its "
                "categories is unknown; make it ordered (pd.Categorical(..., ordered=True)) or "
                "use numeric codes"
            )
        categories = list(dtype.categories)
        present = set(values.unique())
        used = [c for c in categories if c in present]
        empty = [c for c in categories if c not in present]
        if empty and len(used) >= 2:
            warnings.warn(
                f"ordinal_regression: outcome categories without any answer are left out: "
                f"{empty!r}; thresholds are estimated between the {len(used)} categories used",
                RuntimeWarning,
                stacklevel=3,
            )
        position = {c: i for i, c in enumerate(used)}
        return np.array([position[v] for v in values], dtype=int), used
    if not is_numeric_series(values):
        raise ValueError(
            f"outcome: column {outcome!r} must hold numeric codes or an ordered categorical, "
            f"got dtype {dtype}"
        )
    x = values.to_numpy(dtype=float)
    if np.isinf(x).any():
        raise ValueError(f"outcome: column {outcome!r} contains infinite values")
    used_values, codes = np.unique(x, return_inverse=True)
    if np.all(used_values == np.round(used_values)) and used_values.shape[0] >= 2:
        full = np.arange(used_values[0], used_values[-1] + 1)
        empty = [int(v) for v in full if v not in used_values]
        if empty:
            warnings.warn(
                f"ordinal_regression: outcome codes between the codes used have no answer and "
                f"are left out: {empty!r}; thresholds are estimated between the "
                f"{used_values.shape[0]} codes used",
                RuntimeWarning,
                stacklevel=3,
            )
    labels: list[Hashable] = [int(v) if v == round(v) else float(v) for v in used_values]
    return codes.astype(int), labels


def _separation(x: np.ndarray, codes: np.ndarray, n_categories: int) -> tuple[bool, np.ndarray]:
    r"""Linear program for (quasi-)complete separation; return (separated, direction of beta).

    A direction :math:`(\delta\beta, \delta\theta)` along which no observation's
    likelihood decreases, :math:`\delta\theta_{k} - x_i'\delta\beta \ge 0` (if :math:`k < K`)
    and :math:`x_i'\delta\beta - \delta\theta_{k-1} \ge 0` (if :math:`k > 1`) for an answer
    in category :math:`k`, with at least one inequality strict, means the likelihood keeps
    increasing towards infinite estimates (Albert & Anderson, 1984, for the binary case; the
    cumulative-link likelihood is concave, Pratt, 1981). The LP maximises the sum of these
    slacks in the box :math:`[-1, 1]`; a positive optimum means separation.
    """
    n, p = x.shape
    scale = x.std(axis=0)
    xs = (x - x.mean(axis=0)) / np.where(scale > 0, scale, 1.0)
    rows = []
    for k in range(n_categories):
        members = xs[codes == k]
        if k < n_categories - 1:  # theta_k - x'b >= 0
            block = np.zeros((members.shape[0], p + n_categories - 1))
            block[:, :p] = -members
            block[:, p + k] = 1.0
            rows.append(block)
        if k > 0:  # x'b - theta_{k-1} >= 0
            block = np.zeros((members.shape[0], p + n_categories - 1))
            block[:, :p] = members
            block[:, p + k - 1] = -1.0
            rows.append(block)
    slack = np.vstack(rows)
    res = optimize.linprog(
        c=-slack.sum(axis=0),
        A_ub=-slack,
        b_ub=np.zeros(slack.shape[0]),
        bounds=[(-1.0, 1.0)] * slack.shape[1],
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - the LP is bounded and feasible (0 is feasible)
        return False, np.zeros(p)
    separated = bool(-res.fun > 1e-7 * n)
    return separated, res.x[:p]


def ordinal_regression(
    data: pd.DataFrame,
    *,
    outcome: Hashable,
    predictors: Sequence[Hashable],
    level: float = 0.95,
    link: Literal["logit", "probit"] = "logit",
) -> OrdinalResult:
    r"""Proportional-odds (cumulative logit or probit) regression of an ordered outcome.

    Parameters
    ----------
    data
        One row per case.
    outcome
        Column of the ordered outcome: numeric codes (order = numeric order) or an ordered
        pandas Categorical (order = category order). At least 2 categories; with exactly 2
        the model is an ordinary binary logit (probit) model of the higher category
        (``threshold = -intercept``), and the method string says so.
    predictors
        Column names (a single string is one column). Numeric columns enter as they are;
        categorical ones (pandas Categorical, strings, bools) as treatment dummies with the
        first level (category order, else sorted) as reference, named ``"<name>[<level>]"``.
    level
        Confidence level of the Wald intervals, strictly between 0 and 1.
    link
        ``"logit"`` (default, proportional odds) or ``"probit"``.

    Returns
    -------
    OrdinalResult

    Raises
    ------
    ValueError
        ``data`` not a DataFrame, a column missing (naming ``outcome`` or ``predictors``),
        no predictors, an outcome that is neither numeric nor an ordered categorical or has
        fewer than 2 categories, a constant or redundant predictor, too few cases, or an
        invalid ``level``/``link``.

    Warns
    -----
    RuntimeWarning
        When outcome categories without any answer are left out (named): unused categories
        of an ordered categorical, and integer codes between the smallest and the largest
        code used that nobody chose (a scale designed as 1, 3, 5 gets this warning too; the
        result is the same). When the data are separated (some estimates are infinite:
        ``separation`` True, ``converged`` False; the predictors involved are named). When
        the optimiser did not converge (statsmodels' messages are quoted).

    Notes
    -----
    **Model** (McCullagh, 1980), with categories :math:`1..K`, cut points
    :math:`\theta_1 < \dots < \theta_{K-1}` and :math:`F` the logistic (``"logit"``) or
    standard normal (``"probit"``) distribution function:

    .. math::

        P(Y \le j \mid x) = F(\theta_j - x'\beta),\qquad j = 1, \dots, K-1.

    **Sign convention.** This is the parametrisation of statsmodels ``OrderedModel``, R's
    ``ordinal::clm`` and ``MASS::polr`` (checked: the three give the same signs, and the
    tests compare fitted probabilities with R's). A positive :math:`\beta` makes higher
    categories more likely; ``exp(beta)`` (logit) is the odds ratio of answering above any
    cut point per unit of the predictor. (Some software, e.g. SAS PROC LOGISTIC by default,
    uses :math:`\theta_j + x'\beta`, with the opposite sign.)

    **Fit.** ``OrderedModel.fit`` by BFGS, then Newton-Raphson from the BFGS solution (the
    BFGS solution alone is only about 1e-5 from the optimum); standard errors from the
    inverse of statsmodels' numerical Hessian. Tests and intervals are Wald with the
    standard normal distribution, as in ``summary(clm)``.

    **Thresholds.** statsmodels estimates :math:`\theta_1` and the log increments
    :math:`\log(\theta_j - \theta_{j-1})`; kosieval reports the cut points themselves,
    :math:`\theta_j = a_1 + \sum_{m=2}^{j} e^{a_m}`, with covariance :math:`J\Sigma J'` by
    the delta method (:math:`J_{jm} = 1` for :math:`m = 1`, :math:`e^{a_m}` for
    :math:`2 \le m \le j`, else 0). At the maximum this equals the inverse Hessian of the
    model refitted in the cut points directly (the observed information transforms exactly
    with :math:`J` where the score is zero), so no refit is needed.

    **Separation.** Before fitting, a linear program (see the private ``_separation``)
    checks whether some direction of the parameters increases the likelihood without
    bound, as for binary logistic regression (Albert & Anderson, 1984). Then the maximum
    likelihood estimates do not exist; the reported values are where the optimiser
    stopped and must not be interpreted. R's ``clm`` warns here that the Hessian is
    numerically singular; ``polr`` stops ("attempt to find suitable starting values
    failed") or returns large coefficients.

    **Missing values.** Rows with a missing outcome or predictor are dropped (counted in
    ``n_dropped`` and the method string).

    References
    ----------
    McCullagh, P. (1980). Regression models for ordinal data. Journal of the Royal
    Statistical Society: Series B (Methodological), 42(2), 109-142.
    https://doi.org/10.1111/j.2517-6161.1980.tb01109.x

    Agresti, A. (2010). Analysis of ordinal categorical data (2nd ed.). Wiley.
    https://doi.org/10.1002/9780470594001

    Albert, A., & Anderson, J. A. (1984). On the existence of maximum likelihood estimates
    in logistic regression models. Biometrika, 71(1), 1-10.
    https://doi.org/10.1093/biomet/71.1.1

    Pratt, J. W. (1981). Concavity of the log likelihood. Journal of the American
    Statistical Association, 76(373), 103-106. https://doi.org/10.1080/01621459.1981.10477613

    Venables, W. N., & Ripley, B. D. (2002). Modern applied statistics with S (4th ed.),
    function ``polr``. Springer. https://doi.org/10.1007/978-0-387-21706-2

    Christensen, R. H. B. (2022). ordinal: Regression models for ordinal data (R package
    version 2022.11-16), function ``clm``.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 2, 2, 3, 1, 3, 2, 3, 1, 2],
    ...                    "x": [0.1, 0.4, 0.2, 0.9, 0.5, 0.7, 0.6, 0.3, 0.0, 0.8]})
    >>> res = ordinal_regression(df, outcome="y", predictors=["x"])
    >>> list(res.thresholds.index), res.n_categories
    (['1|2', '2|3'], 3)
    """
    frame = check_frame(data)
    outcome = check_column(frame, outcome, "outcome")
    predictors = check_columns(frame, predictors, "predictors")
    if not predictors:
        raise ValueError("predictors: need at least one predictor column")
    if outcome in predictors:
        raise ValueError(f"predictors: {outcome!r} is the outcome")
    level = check_level(level)
    link = check_choice(link, "link", _LINKS)  # type: ignore[assignment]

    keep = frame[outcome].notna().to_numpy().copy()
    for column in predictors:
        keep = keep & frame[column].notna().to_numpy()
    n_dropped = int((~keep).sum())
    rows = frame.loc[keep]
    codes, categories = _outcome_codes(rows[outcome], outcome)
    n_categories = len(categories)
    if n_categories < 2:
        raise ValueError(
            f"outcome: need at least 2 categories among the rows used, got {n_categories} "
            f"({categories!r}; {n_dropped} rows dropped for missing values)"
        )
    x_frame = pd.concat([encode_predictor(rows[c], c, "predictors") for c in predictors], axis=1)
    if x_frame.columns.has_duplicates:
        raise ValueError(f"predictors: two terms have the same name {list(x_frame.columns)!r}")
    terms = list(x_frame.columns)
    x = x_frame.to_numpy(dtype=float)
    n, p = x.shape
    if n <= p + n_categories - 1:
        raise ValueError(
            f"outcome: {n} cases are too few for {p} coefficients and {n_categories - 1} "
            "thresholds"
        )
    check_rank(
        np.column_stack([np.ones(n), x]), "predictors", "with each other or with the thresholds"
    )

    separated, direction = _separation(x, codes, n_categories)
    model = OrderedModel(codes, x_frame, distr=link)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = model.fit(method="bfgs", maxiter=2000, disp=False, gtol=1e-8)
        fit = model.fit(method="newton", start_params=np.asarray(first.params), maxiter=200,
                        disp=False)
        params = np.asarray(fit.params, dtype=float)
        cov = np.asarray(fit.cov_params(), dtype=float)
    messages = fit_messages(caught)
    optimizer_converged = bool(fit.mle_retvals.get("converged", False)) and bool(
        np.all(np.isfinite(params))
    )

    beta = params[:p]
    raw = params[p:]
    jac = np.zeros((n_categories - 1, n_categories - 1))
    jac[:, 0] = 1.0
    for j in range(1, n_categories - 1):
        jac[j:, j] = np.exp(raw[j])
    theta = raw[0] + np.concatenate([[0.0], np.cumsum(np.exp(raw[1:]))])
    cov_theta = jac @ cov[p:, p:] @ jac.T
    se_beta = np.sqrt(np.diag(cov[:p, :p]))
    se_theta = np.sqrt(np.diag(cov_theta))
    z, pv, lo, hi = wald(beta, se_beta, level)
    loglik = float(fit.llf)
    aic = -2.0 * loglik + 2.0 * (p + n_categories - 1)

    if separated:
        involved = [t for t, v in zip(terms, direction) if abs(v) > 1e-6]
        warnings.warn(
            "ordinal_regression: the data are separated: some combination of the predictors "
            f"({', '.join(involved) if involved else 'see the data'}) sorts the answers into "
            "the categories (almost) perfectly, so some estimates are infinite. The reported "
            "values are where the optimiser stopped and must not be interpreted; converged is "
            "False. Merge sparse categories or leave out the predictor. statsmodels reported: "
            + ("; ".join(messages) if messages else "none"),
            RuntimeWarning,
            stacklevel=2,
        )
    elif not optimizer_converged:
        warnings.warn(
            "ordinal_regression: the model fit did not converge; the estimates are not "
            "reliable and converged is False. statsmodels reported: "
            + ("; ".join(messages) if messages else "none"),
            RuntimeWarning,
            stacklevel=2,
        )
    elif messages:
        warnings.warn(
            "ordinal_regression: statsmodels reported while fitting: " + "; ".join(messages),
            RuntimeWarning,
            stacklevel=2,
        )
    converged = optimizer_converged and not separated

    index = pd.Index(terms, dtype=object)
    labels = [f"{categories[j]}|{categories[j + 1]}" for j in range(n_categories - 1)]
    threshold_index = pd.Index(labels, dtype=object)
    if link == "logit":
        with np.errstate(over="ignore"):  # exp of a huge (separated) estimate is inf
            odds_ratio = pd.Series(np.exp(beta), index=index, name="odds_ratio")
            or_low = pd.Series(np.exp(lo), index=index, name="or_ci_low")
            or_high = pd.Series(np.exp(hi), index=index, name="or_ci_high")
    else:
        odds_ratio = or_low = or_high = None
    kind = (
        f"binary {link} model (2 categories: the proportional-odds model reduces to it, "
        "threshold = -intercept)"
        if n_categories == 2
        else f"proportional-odds cumulative {link} model"
    )
    method = (
        f"{kind}, {link} P(Y <= j) = theta_j - x'beta (as ordinal::clm, MASS::polr and "
        f"statsmodels OrderedModel); {n} cases, {n_categories} categories, {n_dropped} rows "
        "dropped for missing values; categorical predictors as treatment dummies (first "
        "level = reference); fit by statsmodels OrderedModel (BFGS, then Newton); SEs from "
        f"the numerical Hessian; Wald z tests and {level:g} CIs; cut points with delta-method "
        "SEs"
        + ("; odds ratios = exp(coef)" if link == "logit" else "")
        + ("; data separated: estimates infinite" if separated else "")
    )
    return OrdinalResult(
        coef=pd.Series(beta, index=index, name="coef"),
        se=pd.Series(se_beta, index=index, name="se"),
        z=pd.Series(z, index=index, name="z"),
        pvalue=pd.Series(pv, index=index, name="pvalue"),
        ci_low=pd.Series(lo, index=index, name="ci_low"),
        ci_high=pd.Series(hi, index=index, name="ci_high"),
        odds_ratio=odds_ratio,
        or_ci_low=or_low,
        or_ci_high=or_high,
        thresholds=pd.Series(theta, index=threshold_index, name="thresholds"),
        threshold_se=pd.Series(se_theta, index=threshold_index, name="threshold_se"),
        loglik=loglik,
        aic=float(aic),
        n=int(n),
        n_dropped=n_dropped,
        n_categories=n_categories,
        categories=tuple(categories),
        link=link,
        level=level,
        converged=converged,
        separation=separated,
        fit_warnings=tuple(messages),
        method=method,
    )
