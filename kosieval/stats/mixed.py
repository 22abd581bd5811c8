"""Change of a score over survey waves: linear mixed model with a random intercept per respondent.

:func:`mixed_change` fits statsmodels ``MixedLM`` so that respondents seen in only one wave
contribute too. The conventions follow R's ``lme4::lmer`` (lme4 1.1-31), against which every
number is tested; where kosieval differs, the docstring says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from statsmodels.regression.mixed_linear_model import MixedLM, MixedLMParams

from kosieval.stats.arguments import check_column, check_columns, check_frame, check_level, numeric_vector
from kosieval.stats.design import check_rank, column_levels, encode_predictor, fit_messages, wald

__all__ = ["SINGULAR_THETA", "MixedResult", "fit_random_intercept", "mixed_change"]

# lme4::isSingular(tol = 1e-4): a fit is singular when the relative SD of the random
# intercept, theta = sqrt(var_intercept / var_residual), is below 1e-4.
SINGULAR_THETA = 1e-4
# statsmodels' BFGS (with the analytic score) finds the optimum in a few iterations; near
# the boundary (variance of the random intercept close to 0) it often stops early, so
# there Powell (a line search over the one variance ratio statsmodels optimises, tight
# tolerances, lme4's optimum to about 1e-8) runs as well and the higher likelihood wins.
# Powell alone needs ~80 likelihood evaluations, each a Python loop over the respondents:
# ~8 s instead of ~2 s for 2,000 respondents in 3 waves.
_MIXED_OPTIMIZERS: tuple[tuple[str, dict[str, float]], ...] = (
    ("bfgs", {"gtol": 1e-7, "maxiter": 10_000}),
    ("powell", {"ftol": 1e-14, "maxiter": 10_000}),
)
# A converged fit whose relative SD theta is at least this far from the boundary is taken
# as it is; below it, the next optimiser is tried as well.
_INTERIOR_THETA = 1e-2


@dataclass(frozen=True, eq=False)
class MixedResult:
    """Linear mixed model of a score over waves with a random intercept per respondent.

    All Series of fixed effects share one index: ``"Intercept"`` (the mean score in the
    reference wave at covariates 0), one term ``"<wave>[<level>]"`` per later wave (the
    difference to the reference wave), then the covariate terms (``"<name>"`` for a numeric
    covariate, ``"<name>[<level>]"`` for a level of a categorical one).

    Attributes
    ----------
    fixef, se
        Fixed-effect estimates and their standard errors (as ``sqrt(diag(vcov))`` of lme4:
        conditional on the estimated variance components).
    z, pvalue
        Wald statistic ``fixef / se`` and its two-sided p-value from the standard normal
        distribution.
    ci_low, ci_high
        Wald confidence interval ``fixef -+ z_(1 - (1 - level)/2) * se``.
    effect_size
        Standardised wave effects ``d = fixef / sqrt(var_intercept + var_residual)``, one per
        later wave (index = the wave terms).
    var_intercept, var_residual
        Variance of the random intercept (between respondents) and residual variance
        (within respondents). NaN when the random intercept is not identified (fewer than 2
        respondents with repeated measures).
    icc
        Intraclass correlation ``var_intercept / (var_intercept + var_residual)``.
    loglik
        Log-likelihood at the estimates: restricted (REML) if ``reml``, else full (ML); the
        same constant as R's ``logLik``.
    reml
        Whether REML (True) or ML was used.
    n_obs, n_respondents
        Scores and respondents used.
    n_paired, n_single
        Respondents with scores in at least 2 waves / in exactly one wave.
    n_dropped
        Rows dropped because the score, wave, respondent or a covariate was missing.
    waves
        The waves used, in order; the first is the reference.
    level
        Confidence level of the intervals.
    converged
        False when the optimiser did not converge, when the random-intercept variance is on
        the boundary (0) or when it is not identified (see ``boundary`` and the warnings).
    boundary
        Whether the random-intercept variance is (numerically) 0: ``lme4::isSingular``'s rule
        ``sqrt(var_intercept / var_residual) < 1e-4``.
    optimizer
        The statsmodels optimiser whose fit is reported (``"bfgs"`` or ``"powell"``).
    fit_warnings
        Every message statsmodels emitted while fitting, in order, verbatim (all
        attempts), so that none is lost.
    method
        The exact conventions, in words.
    """

    fixef: pd.Series
    se: pd.Series
    z: pd.Series
    pvalue: pd.Series
    ci_low: pd.Series
    ci_high: pd.Series
    effect_size: pd.Series
    var_intercept: float
    var_residual: float
    icc: float
    loglik: float
    reml: bool
    n_obs: int
    n_respondents: int
    n_paired: int
    n_single: int
    n_dropped: int
    waves: tuple[Hashable, ...]
    level: float
    converged: bool
    boundary: bool
    optimizer: str
    fit_warnings: tuple[str, ...]
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return one row per fixed effect.

        Columns ``term``, ``estimate``, ``se``, ``z``, ``pvalue``, ``ci_low``, ``ci_high`` and
        ``effect_size`` (d; NaN for the intercept and the covariates, for which it is not
        defined). The model-level numbers are attributes of the result.
        """
        return pd.DataFrame(
            {
                "term": self.fixef.index.to_numpy(dtype=object),
                "estimate": self.fixef.to_numpy(),
                "se": self.se.to_numpy(),
                "z": self.z.to_numpy(),
                "pvalue": self.pvalue.to_numpy(),
                "ci_low": self.ci_low.to_numpy(),
                "ci_high": self.ci_high.to_numpy(),
                "effect_size": self.effect_size.reindex(self.fixef.index).to_numpy(),
            }
        )


def _theta(fit: object) -> float:
    """Relative SD of the random intercept, sqrt(var_u / var_e), of a statsmodels fit."""
    var_u = max(float(np.asarray(fit.cov_re)[0, 0]), 0.0)  # type: ignore[attr-defined]
    var_e = float(fit.scale)  # type: ignore[attr-defined]
    return float(np.sqrt(var_u / var_e)) if var_e > 0 else 0.0


def _start_ratio(y: np.ndarray, x: np.ndarray, groups: np.ndarray, *, reml: bool) -> float:
    r"""Variance ratio :math:`\gamma = \sigma_u^2 / \sigma_e^2` maximising the profiled (RE)ML likelihood.

    Only the start of statsmodels' fit: with :math:`V_i = \sigma_e^2 (I + \gamma 11')`,
    :math:`V_i^{-1} \propto I - c_i 11'` with :math:`c_i = \gamma / (1 + n_i \gamma)`, so
    :math:`X'V^{-1}X`, :math:`X'V^{-1}y` and :math:`y'V^{-1}y` need only group sums, and
    :math:`-2\ell(\gamma) = d \log(Q/d) + \sum_i \log(1 + n_i\gamma)` (+ :math:`\log|X'V^{-1}X|`
    for REML; :math:`d = N - p` for REML, :math:`N` for ML, :math:`Q` the weighted residual
    sum of squares) up to constants. Minimised over :math:`\log\gamma` by bounded Brent.
    statsmodels' own likelihood loops over respondents in Python (~20 ms per evaluation for
    150 respondents, ~0.1 s for 2,000), so a start at the optimum saves most of its iterations.
    """
    n, p = x.shape
    sizes = np.bincount(groups).astype(float)
    sx = np.zeros((sizes.size, p))
    np.add.at(sx, groups, x)
    sy = np.bincount(groups, weights=y)
    xtx, xty, yty = x.T @ x, x.T @ y, float(y @ y)
    dof = n - p if reml else n

    def criterion(log_gamma: float) -> float:
        gamma = np.exp(log_gamma)
        c = gamma / (1.0 + sizes * gamma)
        xwx = xtx - (sx * c[:, None]).T @ sx
        xwy = xty - (sx * c[:, None]).T @ sy
        q = yty - float((c * sy * sy).sum()) - float(xwy @ np.linalg.solve(xwx, xwy))
        value = dof * np.log(max(q, 1e-300) / dof) + float(np.log1p(sizes * gamma).sum())
        return value + (float(np.linalg.slogdet(xwx)[1]) if reml else 0.0)

    found = minimize_scalar(criterion, bounds=(-25.0, 12.0), method="bounded", options={"xatol": 1e-10})
    return float(np.exp(found.x))


def _fit_mixed(model: MixedLM, reml: bool, start: MixedLMParams | None = None,
               ) -> tuple[object | None, str, list[str], list[str]]:
    """Fit with the optimisers in turn; return (fit or None, optimiser, statsmodels messages, notes).

    The first converged fit away from the boundary is returned at once. Converged fits near
    the boundary are collected and the one with the highest likelihood is returned; when no
    fit converged, the non-converged fit with the highest likelihood.
    """
    messages: list[str] = []
    notes: list[str] = []
    best, best_name = None, ""
    fallback, fallback_name = None, ""
    for name, options in _MIXED_OPTIMIZERS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                fit = model.fit(reml=reml, method=[name], start_params=start, **options)
            except (np.linalg.LinAlgError, ValueError, OverflowError) as exc:
                fit = None
                messages.append(f"{name}: {type(exc).__name__}: {exc}")
        messages.extend(f"{name}: {text}" for text in fit_messages(caught))
        if fit is None:
            notes.append(f"{name} failed with an error")
            continue
        if fit.converged and np.isfinite(fit.llf):
            if _theta(fit) >= _INTERIOR_THETA:
                return fit, name, messages, notes
            if best is None or fit.llf > best.llf:
                best, best_name = fit, name
            continue
        notes.append(f"{name} did not converge")
        if fallback is None or fit.llf > fallback.llf:
            fallback, fallback_name = fit, name
    if best is not None:
        return best, best_name, messages, notes
    return fallback, fallback_name, messages, notes


def fit_random_intercept(y: np.ndarray, x: np.ndarray, groups: np.ndarray, *, reml: bool,
                         ) -> tuple[object | None, str, list[str], list[str]]:
    """Fit ``y ~ x + (1 | groups)`` with statsmodels MixedLM as :func:`mixed_change` does.

    Started at the profiled-likelihood optimum (``_start_ratio``), BFGS first and Powell
    near the boundary (``_MIXED_OPTIMIZERS``). Shared by :func:`mixed_change` and
    :func:`~kosieval.stats.pooled_change`.

    Parameters
    ----------
    y
        Outcome, 1-D float.
    x
        Fixed-effects design (intercept included), 2-D float.
    groups
        Integer group codes 0..g-1, one per row.
    reml
        REML (True) or ML.

    Returns
    -------
    tuple
        (statsmodels fit or None, optimiser name, statsmodels messages, notes on optimisers
        that failed or did not converge).
    """
    try:
        ratio = _start_ratio(y, x, groups, reml=reml)
        start = MixedLMParams.from_components(fe_params=np.zeros(x.shape[1]), cov_re=np.array([[ratio]]))
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        start = None  # statsmodels' own start
    return _fit_mixed(MixedLM(y, x, groups=groups), reml, start)


def mixed_change(
    data: pd.DataFrame,
    *,
    score: Hashable,
    wave: Hashable,
    respondent: Hashable,
    reml: bool = True,
    level: float = 0.95,
    covariates: Sequence[Hashable] = (),
) -> MixedResult:
    r"""Change of a score over waves: linear mixed model with a random intercept per respondent.

    Unlike a paired test (:func:`~kosieval.stats.change.paired_change`), the model uses
    **all** scores, including those of respondents seen in only one wave: they inform the
    wave means, and the random intercept accounts for the dependence of the repeated
    scores of the same respondent. This is the point of the model in panels with attrition
    and late joiners; it assumes the scores are missing at random given the model.

    Parameters
    ----------
    data
        Long table, one row per respondent and wave.
    score
        Column of the numeric score (the outcome). Rows with a missing score are dropped.
    wave
        Column of the wave (2 or more distinct values). Order: the category order of a
        pandas Categorical, else the sorted values; the first wave is the reference.
    respondent
        Column of the respondent id.
    reml
        Restricted maximum likelihood (default, as ``lme4::lmer``) or, if False, maximum
        likelihood (needed to compare models with different fixed effects by likelihood).
    level
        Confidence level of the Wald intervals, strictly between 0 and 1.
    covariates
        Further columns entering the fixed part: numeric ones as they are, categorical ones
        (pandas Categorical, strings, bools) as treatment dummies with the first level
        (category order, else sorted) as reference.

    Returns
    -------
    MixedResult

    Raises
    ------
    ValueError
        ``data`` not a DataFrame, a column missing (the message names the parameter), a
        non-numeric or infinite score, fewer than 2 waves (naming ``wave``), the same
        respondent twice in one wave (naming ``respondent``), a constant or redundant
        covariate, too few scores for the model, or statsmodels failing to fit at all.

    Warns
    -----
    RuntimeWarning
        When the fit did not converge (the statsmodels messages are quoted; ``converged``
        is False); when the random-intercept variance is on the boundary 0 (``boundary``,
        ``converged`` False): respondents differ no more than their scores vary within
        respondents, and the model reduces to ordinary least squares on all scores; when
        fewer than 2 respondents have repeated measures, so that the random intercept is
        not identified (see Notes); when a wave category has no scores and is left out;
        and, with the text, for any other message statsmodels emitted during the reported fit.

    Notes
    -----
    **Model.** For respondent :math:`i` in wave :math:`t`,

    .. math::

        y_{it} = \beta_0 + \sum_{w > 1} \beta_w [t = w] + x_{it}'\gamma + u_i
        + \varepsilon_{it},\qquad u_i \sim N(0, \sigma_u^2),\;
        \varepsilon_{it} \sim N(0, \sigma_e^2),

    i.e. R's ``lmer(score ~ wave + covariates + (1 | respondent), REML = reml)`` with
    treatment contrasts. ``fixef`` holds :math:`\beta_0, \beta_w, \gamma`;
    ``var_intercept`` :math:`= \hat\sigma_u^2`, ``var_residual`` :math:`= \hat\sigma_e^2`,
    ``icc`` :math:`= \hat\sigma_u^2 / (\hat\sigma_u^2 + \hat\sigma_e^2)`.

    **Fit.** statsmodels ``MixedLM`` profiles out the fixed effects and
    :math:`\sigma_e^2` and optimises the one remaining variance ratio; kosieval uses
    BFGS with tight tolerances, started at the variance ratio that maximises the profiled
    likelihood (computed from group sums, see ``_start_ratio``); when BFGS fails or ends
    near the boundary (relative SD of the random intercept below 0.01, where it often stops
    early), also Powell's method (it
    reaches lme4's optimum on the boundary too), and the higher likelihood is reported. All
    messages of statsmodels are kept in ``fit_warnings``.

    **Standard errors** are :math:`\sqrt{\operatorname{diag}\,(X'\hat V^{-1}X)^{-1}}` with
    :math:`\hat V` built from the estimated variance components, i.e. conditional on them,
    as ``sqrt(diag(vcov(m)))`` in lme4. statsmodels' own ``bse_fe`` inverts the full
    observed information including the variance parameters and differs slightly in
    unbalanced data (by up to 0.5 % in the tests); kosieval follows lme4.

    **Tests and intervals** are Wald tests with the standard normal distribution, as
    statsmodels reports them: :math:`z = \hat\beta / SE`, :math:`p = 2(1 - \Phi(|z|))`, CI
    :math:`\hat\beta \pm z_{1-\gamma/2} SE` with :math:`\gamma = 1 -` ``level``. R's lme4
    gives no p-values at all; the Satterthwaite (lmerTest) or Kenward-Roger (pbkrtest)
    degrees of freedom are **not** used, so with few respondents the p-values are too small
    and the intervals too narrow.

    **Standardised effect.** ``effect_size`` is
    :math:`d_w = \hat\beta_w / \sqrt{\hat\sigma_u^2 + \hat\sigma_e^2}`, the wave difference in
    units of the total SD of a single score (Westfall, Kenny & Judd, 2014). It is comparable
    to a between-groups d, not to :math:`d_z` of paired differences. No interval is given
    (its sampling error involves the variance components).

    **Boundary.** When :math:`\sqrt{\hat\sigma_u^2/\hat\sigma_e^2} < 10^{-4}`
    (``lme4::isSingular``) the variance of the random intercept is estimated as 0: lme4 reports
    a "boundary (singular) fit". The estimates are still the maximum, but they equal a model
    without respondent effect; kosieval warns and sets ``converged`` False.

    **Fewer than 2 respondents with repeated measures.** Then the between- and
    within-respondent variances cannot be told apart: with none, only their sum is
    identified, the likelihood is flat in the split, and the fixed effects and their SEs equal
    ordinary least squares on all scores (a between-respondent comparison); with one, the
    split rests on that one person's scores. kosieval still fits the model and reports
    ``fixef``, ``se`` and d (which uses the identified sum), but sets ``var_intercept``,
    ``var_residual`` and ``icc`` to NaN and ``converged`` to False, with a warning.
    lme4 refuses the first case ("number of levels of each grouping factor must be <
    number of observations").

    References
    ----------
    Laird, N. M., & Ware, J. H. (1982). Random-effects models for longitudinal data.
    Biometrics, 38(4), 963-974. https://doi.org/10.2307/2529876

    Bates, D., Mächler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects
    models using lme4. Journal of Statistical Software, 67(1), 1-48.
    https://doi.org/10.18637/jss.v067.i01

    Seabold, S., & Perktold, J. (2010). statsmodels: Econometric and statistical modeling
    with Python. Proceedings of the 9th Python in Science Conference, 92-96.
    https://doi.org/10.25080/Majora-92bf1922-011

    Kenward, M. G., & Roger, J. H. (1997). Small sample inference for fixed effects from
    restricted maximum likelihood. Biometrics, 53(3), 983-997.
    https://doi.org/10.2307/2533558

    Kuznetsova, A., Brockhoff, P. B., & Christensen, R. H. B. (2017). lmerTest package:
    Tests in linear mixed effects models. Journal of Statistical Software, 82(13), 1-26.
    https://doi.org/10.18637/jss.v082.i13

    Westfall, J., Kenny, D. A., & Judd, C. M. (2014). Statistical power and optimal design
    in experiments in which samples of participants respond to samples of stimuli. Journal
    of Experimental Psychology: General, 143(5), 2020-2045.
    https://doi.org/10.1037/xge0000014

    Examples
    --------
    >>> long = pd.DataFrame({
    ...     "id": ["a", "a", "b", "b", "c", "c", "d", "e"],
    ...     "wave": ["T0", "T1"] * 3 + ["T0", "T1"],
    ...     "score": [3.0, 3.5, 2.0, 2.8, 4.0, 4.1, 3.2, 3.9],
    ... })
    >>> res = mixed_change(long, score="score", wave="wave", respondent="id")
    >>> list(res.fixef.index), res.n_paired, res.n_single
    (['Intercept', 'wave[T1]'], 3, 2)
    """
    frame = check_frame(data)
    score = check_column(frame, score, "score")
    wave = check_column(frame, wave, "wave")
    respondent = check_column(frame, respondent, "respondent")
    covariates = check_columns(frame, covariates, "covariates")
    if len({score, wave, respondent}) < 3:
        raise ValueError(
            f"score/wave/respondent: must be three different columns, got {score!r}, "
            f"{wave!r}, {respondent!r}"
        )
    for column in covariates:
        if column in (score, wave, respondent):
            raise ValueError(f"covariates: {column!r} is already the score, wave or respondent column")
    if not isinstance(reml, (bool, np.bool_)):
        raise ValueError(f"reml: must be True or False, got {reml!r}")
    reml = bool(reml)
    level = check_level(level)

    y_all = numeric_vector(frame[score], "score")
    keep = ~np.isnan(y_all)
    for column in (wave, respondent, *covariates):
        keep = keep & frame[column].notna().to_numpy()
    n_dropped = int((~keep).sum())
    rows = frame.loc[keep]
    y = y_all[keep]

    waves = column_levels(rows[wave], wave, "wave")
    if isinstance(frame[wave].dtype, pd.CategoricalDtype):
        empty = [c for c in frame[wave].dtype.categories if c not in waves]
        if empty and len(waves) >= 2:
            warnings.warn(
                f"mixed_change: wave categories without any score are left out: {empty!r}",
                RuntimeWarning,
                stacklevel=2,
            )
    if len(waves) < 2:
        raise ValueError(
            f"wave: need scores in at least 2 waves to estimate change, got {len(waves)} "
            f"({waves!r}) after dropping {n_dropped} rows with missing values"
        )
    ids = rows[respondent]
    duplicated = pd.DataFrame({"r": ids.to_numpy(), "w": rows[wave].to_numpy()}).duplicated()
    if duplicated.any():
        first = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise ValueError(
            f"respondent: {ids.iloc[first]!r} has more than one row in wave "
            f"{rows[wave].iloc[first]!r}; the data must have one row per respondent and wave"
        )

    wave_values = rows[wave]
    design = {"Intercept": np.ones(len(rows))}
    wave_terms = [f"{wave}[{w}]" for w in waves[1:]]
    for term, w in zip(wave_terms, waves[1:]):
        design[term] = (wave_values == w).to_numpy(dtype=float)
    x_frame = pd.DataFrame(design, index=rows.index)
    for column in covariates:
        x_frame = pd.concat([x_frame, encode_predictor(rows[column], column, "covariates")], axis=1)
    if x_frame.columns.has_duplicates:
        raise ValueError(f"covariates: two terms have the same name {list(x_frame.columns)!r}")
    terms = list(x_frame.columns)
    x = x_frame.to_numpy(dtype=float)
    k = x.shape[1]
    if y.shape[0] <= k + 1:
        raise ValueError(
            f"score: {y.shape[0]} scores are too few for {k} fixed effects and 2 variances"
        )
    check_rank(x, "covariates", "with each other, the waves or the intercept")

    group_codes, _ = pd.factorize(ids, sort=False)
    n_obs = int(y.shape[0])
    sizes = np.bincount(group_codes)
    n_respondents = int(sizes.shape[0])
    n_paired = int((sizes >= 2).sum())
    n_single = int((sizes == 1).sum())

    fit, optimizer, messages, notes = fit_random_intercept(y, x, group_codes, reml=reml)
    if fit is None:
        raise ValueError(
            "data: statsmodels MixedLM could not fit the model with any optimiser: "
            + "; ".join(messages)
        )
    beta = np.asarray(fit.fe_params, dtype=float)
    var_u = float(np.asarray(fit.cov_re)[0, 0])
    var_e = float(fit.scale)
    loglik = float(fit.llf)
    optimizer_converged = bool(fit.converged)

    # Cov(beta) = (X' V^-1 X)^-1 with V_i = var_e I + var_u 11' (lme4's vcov):
    # V_i^-1 = (I - c_i 11') / var_e with c_i = var_u / (var_e + n_i var_u).
    c = var_u / (var_e + sizes * var_u)
    sums = np.zeros((n_respondents, k))
    np.add.at(sums, group_codes, x)
    xtvx = (x.T @ x - (sums * c[:, None]).T @ sums) / var_e
    cov_beta = np.linalg.inv(xtvx)
    se = np.sqrt(np.diag(cov_beta))
    z, p, lo, hi = wald(beta, se, level)
    total = var_u + var_e
    d = beta[1 : len(waves)] / np.sqrt(total)

    boundary = bool(np.sqrt(max(var_u, 0.0) / var_e) < SINGULAR_THETA) if var_e > 0 else True
    identified = n_paired >= 2
    converged = optimizer_converged and not boundary and identified
    quoted = "; ".join(m.rstrip(".") for m in messages) if messages else "none"

    if not optimizer_converged:
        warnings.warn(
            f"mixed_change: the model fit did not converge ({', '.join(notes)}); the estimates "
            f"are not reliable and converged is False. statsmodels reported: {quoted}",
            RuntimeWarning,
            stacklevel=2,
        )
    if not identified:
        warnings.warn(
            f"mixed_change: only {n_paired} respondent(s) have scores in more than one wave, so "
            "the random intercept is not identified: the variance between respondents cannot "
            "be told apart from the variance within respondents. The model was fitted anyway; "
            "var_intercept, var_residual and icc are NaN and converged is False. "
            + (
                "With no repeated respondent the fixed effects and their SEs are those of "
                "ordinary least squares on all scores (a comparison of different respondents)."
                if n_paired == 0
                else "The fixed effects and SEs depend on one respondent's scores and are not "
                "trustworthy; treat the waves as independent samples instead."
            ),
            RuntimeWarning,
            stacklevel=2,
        )
    elif boundary and optimizer_converged:
        warnings.warn(
            f"mixed_change: the variance of the random intercept is estimated as 0 "
            f"({var_u:.3g}; boundary of the parameter space, lme4: 'boundary (singular) "
            "fit'): respondents differ no more than their scores vary from wave to wave, so "
            "the model equals ordinary least squares on all scores; icc is 0 and converged "
            f"is False. statsmodels reported: {quoted}",
            RuntimeWarning,
            stacklevel=2,
        )
    elif optimizer_converged and messages and not notes:
        warnings.warn(
            f"mixed_change: statsmodels reported while fitting: {quoted}. kosieval's own checks "
            "passed (the optimiser converged; the random-intercept variance is not on the "
            "boundary by lme4's rule; statsmodels' boundary message fires whenever that variance "
            "is below 0.01 on the scale of the score, and its Hessian is not used here)",
            RuntimeWarning,
            stacklevel=2,
        )

    if identified:
        var_intercept, var_residual, icc = var_u, var_e, var_u / total
    else:
        var_intercept = var_residual = icc = np.nan

    index = pd.Index(terms, dtype=object)
    covariate_text = (
        " + " + " + ".join(str(c) for c in covariates) if covariates else ""
    )
    fallback_text = f" ({', '.join(notes)})" if notes else ""
    method = (
        f"linear mixed model {score} ~ {wave}{covariate_text} + (1 | {respondent}) with "
        f"treatment contrasts (reference wave {waves[0]!r}), random intercept per "
        f"respondent; {'REML' if reml else 'ML'} fit by statsmodels MixedLM, optimiser "
        f"{optimizer}{fallback_text}; {n_obs} scores of {n_respondents} respondents "
        f"({n_paired} in 2 or more waves, {n_single} in one wave only; {n_dropped} rows "
        f"dropped for missing values); SEs conditional on the variance components "
        f"(as lme4 vcov); Wald z tests and z-based {level:g} CIs without Satterthwaite or "
        "Kenward-Roger df (lme4 gives no p-values); "
        "d = fixef / sqrt(var_intercept + var_residual)"
    )
    return MixedResult(
        fixef=pd.Series(beta, index=index, name="fixef"),
        se=pd.Series(se, index=index, name="se"),
        z=pd.Series(z, index=index, name="z"),
        pvalue=pd.Series(p, index=index, name="pvalue"),
        ci_low=pd.Series(lo, index=index, name="ci_low"),
        ci_high=pd.Series(hi, index=index, name="ci_high"),
        effect_size=pd.Series(d, index=pd.Index(wave_terms, dtype=object), name="effect_size"),
        var_intercept=float(var_intercept),
        var_residual=float(var_residual),
        icc=float(icc),
        loglik=loglik,
        reml=reml,
        n_obs=n_obs,
        n_respondents=n_respondents,
        n_paired=n_paired,
        n_single=n_single,
        n_dropped=n_dropped,
        waves=tuple(waves),
        level=level,
        converged=converged,
        boundary=boundary,
        optimizer=optimizer,
        fit_warnings=tuple(messages),
        method=method,
    )
