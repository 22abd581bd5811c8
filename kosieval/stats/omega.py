"""McDonald's omega total of a multi-item scale from a one-factor model.

The factor extraction follows R's ``psych::fa`` (Revelle, psych 2.2.9): minimum residual
(``fm="minres"``, psych's default) or maximum likelihood (``fm="ml"``, as ``psych::fa(fm =
"ml")`` and ``stats::factanal``), both fitted to the Pearson correlation matrix by
optimising the uniquenesses. :func:`mcdonald_omega` reports omega total from the fitted model
and, for comparison, the value ``psych::omega(x, nfactors = 1)`` prints.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize

from kosieval.stats.arguments import check_choice, numeric_frame

__all__ = ["OmegaResult", "mcdonald_omega"]

_MISSING = ("listwise", "pairwise")
_FM = ("minres", "ml")
# Bounds of the uniquenesses during the fit, as psych::fa and stats::factanal (lower = 0.005;
# psych's upper bound is max(smc, 1) = 1 for a correlation matrix).
_PSI_LOWER = 0.005
_PSI_UPPER = 1.0
# Largest projected gradient accepted as convergence (the gradient of both criteria is a
# difference of correlations, divided by psi^2 for ML).
_GRADIENT_TOL = 1e-6


@dataclass(frozen=True, eq=False)
class OmegaResult:
    r"""McDonald's omega total of one scale from a one-factor model, with the loadings.

    Attributes
    ----------
    omega_total
        :math:`(\sum\lambda)^2 / ((\sum\lambda)^2 + \sum\psi)`: the share of the variance
        of the sum of the *standardised* items that the common factor explains, with the
        model-implied total variance in the denominator.
    omega_total_psych
        :math:`1 - \sum\psi / \mathbf 1'R\mathbf 1`: the ``omega.tot`` that
        ``psych::omega(x, nfactors = 1)`` reports (observed total variance in the
        denominator). Equal to ``omega_total`` when the model reproduces :math:`R` exactly.
    loadings
        Standardised loadings :math:`\lambda` (index = item; NaN for excluded items), signed
        so that their sum is not negative.
    uniquenesses
        :math:`\psi = 1 - \lambda^2` (index = item; NaN for excluded items). Negative in an
        (ultra-)Heywood case.
    n
        Cases used. Listwise: complete rows. Pairwise: the smallest number of cases observed
        on both items of any pair (the correlations rest on at least ``n`` cases).
    n_rows
        Rows given.
    k
        Items in the model (items without variance are excluded).
    fm
        ``"minres"`` or ``"ml"``.
    missing
        ``"listwise"`` or ``"pairwise"``.
    excluded_items
        Items without variance, left out of the model (with a warning).
    heywood_items
        Items whose communality :math:`\lambda^2` is 1 or more, or whose uniqueness stopped
        at the lower bound 0.005 of the fit (a Heywood case, with a warning).
    method
        The exact conventions, in words.
    """

    omega_total: float
    omega_total_psych: float
    loadings: pd.Series
    uniquenesses: pd.Series
    n: int
    n_rows: int
    k: int
    fm: str
    missing: str
    excluded_items: tuple[Hashable, ...]
    heywood_items: tuple[Hashable, ...]
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the scale-level results as a one-row DataFrame.

        The per-item results are in :attr:`loadings` and :attr:`uniquenesses`.
        """
        return pd.DataFrame(
            {
                "omega_total": [self.omega_total],
                "omega_total_psych": [self.omega_total_psych],
                "n": [self.n],
                "n_rows": [self.n_rows],
                "k": [self.k],
                "fm": [self.fm],
                "missing": [self.missing],
                "excluded_items": [", ".join(str(i) for i in self.excluded_items)],
                "heywood_items": [", ".join(str(i) for i in self.heywood_items)],
                "method": [self.method],
            }
        )


def _start_uniquenesses(corr: np.ndarray) -> np.ndarray:
    """Start values 1 - SMC, with the SMCs from the pseudo-inverse as ``psych::smc``."""
    inverse = np.linalg.pinv(corr, rcond=np.sqrt(np.finfo(float).eps))
    smc = np.clip(1.0 - 1.0 / np.diag(inverse), 0.0, 1.0)
    return np.clip(1.0 - smc, _PSI_LOWER, _PSI_UPPER)


def _minres_criterion(psi: np.ndarray, corr: np.ndarray) -> tuple[float, np.ndarray]:
    r"""Unweighted least squares criterion of the uniquenesses and its gradient.

    With :math:`M = R - \Psi` and :math:`\lambda = \sqrt{e_1} v_1` its first eigenpair,
    :math:`F = \tfrac12\lVert M - \lambda\lambda'\rVert^2 = \tfrac12\sum_{m\ge2} e_m^2`
    and :math:`\partial F/\partial\psi_i = (\lambda\lambda' + \Psi - R)_{ii}` (psych's
    ``FAgr.minres``).
    """
    values, vectors = np.linalg.eigh(corr - np.diag(psi))
    lam = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
    residual = corr - np.diag(psi) - np.outer(lam, lam)
    return 0.5 * float(np.sum(residual**2)), -np.diag(residual).copy()


def _minres_loadings(psi: np.ndarray, corr: np.ndarray) -> np.ndarray:
    r"""First eigenvector of :math:`R - \Psi` scaled by the root of its eigenvalue (``FAout.wls``)."""
    values, vectors = np.linalg.eigh(corr - np.diag(psi))
    return vectors[:, -1] * np.sqrt(max(values[-1], 0.0))


def _ml_criterion(psi: np.ndarray, corr: np.ndarray) -> tuple[float, np.ndarray]:
    r"""Concentrated ML discrepancy of the uniquenesses and its gradient (``psych`` FAfn/FAgr).

    With :math:`e_m` the eigenvalues of :math:`\Psi^{-1/2} R \Psi^{-1/2}` (descending),
    :math:`F = -\sum_{m\ge2}(\ln e_m - e_m) + 1 - k`; the gradient is
    :math:`(\lambda\lambda' + \Psi - R)_{ii} / \psi_i^2`.
    """
    scale = 1.0 / np.sqrt(psi)
    values, vectors = np.linalg.eigh(corr * np.outer(scale, scale))
    rest = values[:-1]
    if rest.min() <= 0.0:
        return np.inf, np.zeros_like(psi)
    value = -float(np.sum(np.log(rest) - rest)) + 1.0 - corr.shape[0]
    lam = np.sqrt(psi) * vectors[:, -1] * np.sqrt(max(values[-1] - 1.0, 0.0))
    gradient = np.diag(np.outer(lam, lam) + np.diag(psi) - corr) / psi**2
    return value, gradient


def _ml_loadings(psi: np.ndarray, corr: np.ndarray) -> np.ndarray:
    r""":math:`\Psi^{1/2} v_1 \sqrt{\max(e_1 - 1, 0)}` (psych ``FAout``, factanal)."""
    root = np.sqrt(psi)
    values, vectors = np.linalg.eigh(corr / np.outer(root, root))
    return root * vectors[:, -1] * np.sqrt(max(values[-1] - 1.0, 0.0))


def _fit_uniquenesses(
    criterion: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    corr: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Minimise ``criterion`` over psi in [0.005, 1] (L-BFGS-B); return psi and the projected gradient."""
    k = corr.shape[0]
    psi = _start_uniquenesses(corr)
    for _ in range(3):  # restart from the last point if L-BFGS-B stopped early
        fit = optimize.minimize(
            criterion,
            psi,
            args=(corr,),
            jac=True,
            method="L-BFGS-B",
            bounds=[(_PSI_LOWER, _PSI_UPPER)] * k,
            options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 2000},
        )
        psi = np.clip(fit.x, _PSI_LOWER, _PSI_UPPER)
        _, gradient = criterion(psi, corr)
        at_lower = (psi <= _PSI_LOWER) & (gradient > 0)
        at_upper = (psi >= _PSI_UPPER) & (gradient < 0)
        projected = float(np.max(np.abs(np.where(at_lower | at_upper, 0.0, gradient))))
        if projected <= _GRADIENT_TOL:
            break
    return psi, projected


def mcdonald_omega(
    items: pd.DataFrame,
    *,
    missing: Literal["listwise", "pairwise"] = "listwise",
    fm: Literal["minres", "ml"] = "minres",
) -> OmegaResult:
    r"""McDonald's omega total from a one-factor model of the standardised items.

    Parameters
    ----------
    items
        One column per item, one row per case; numeric codes, NaN/NA = missing. The items
        must already be keyed in the same direction (reverse keying belongs to
        :func:`score_scale`); items are not flipped here.
    missing
        ``"listwise"`` (default): rows with any missing value are dropped.
        ``"pairwise"``: each correlation uses the cases observed on both items
        (R ``cor(use = "pairwise")``, what ``psych::omega`` and ``psych::fa`` do with raw
        data); ``n`` is then the smallest pairwise count.
    fm
        Factor extraction: ``"minres"`` (default; minimum residual = unweighted least
        squares, ``psych::fa``'s default) or ``"ml"`` (maximum likelihood, as
        ``psych::fa(fm = "ml")`` and ``stats::factanal``).

    Returns
    -------
    OmegaResult

    Raises
    ------
    ValueError
        Fewer than 3 items (a one-factor model of 2 items is not identified), fewer than 3
        cases (listwise) or a pair of items with fewer than 3 common cases (pairwise), a
        correlation that cannot be computed, non-numeric or infinite values, an invalid
        ``missing`` or ``fm``, or ``fm="ml"`` with a correlation matrix that is not positive
        definite (e.g. no more complete cases than items).

    Warns
    -----
    RuntimeWarning
        For an item without variance among the cases used (it is excluded, its loading and
        uniqueness are NaN; a correlation with a constant is undefined); for a Heywood case
        (an item's communality :math:`\lambda^2 \ge 1`, i.e. a uniqueness :math:`\le 0`, or
        a uniqueness stopped at the lower bound 0.005 of the fit: the estimates, and omega,
        are then not trustworthy, as ``psych::fa``'s "ultra-Heywood" warning says); for
        negative loadings (probably an item that is not reverse keyed); when the fit did not
        converge.

    Notes
    -----
    **Model.** The :math:`k` items are standardised: the model is fitted to their Pearson
    correlation matrix :math:`R`, :math:`R \approx \lambda\lambda' + \Psi` with
    :math:`\Psi = \operatorname{diag}(\psi)`, :math:`\psi_i = 1 - h_i^2` and communality
    :math:`h_i^2 = \lambda_i^2`. Omega therefore refers to the sum of the *standardised*
    items (as ``psych::omega``), not to the raw sum score.

    **Omega total** (McDonald, 1999, ch. 6), the definition kosieval follows:

    .. math::

        \omega_t = \frac{(\sum_i \lambda_i)^2}{(\sum_i \lambda_i)^2 + \sum_i \psi_i},

    whose denominator is the variance of the sum implied by the model,
    :math:`\mathbf 1'(\lambda\lambda' + \Psi)\mathbf 1`.

    **psych.** ``psych::omega(x, nfactors = 1)`` (psych 2.2.9; it calls ``fa`` on
    ``cor(x, use = "pairwise")``, prints "Omega_h for 1 factor is not meaningful, just
    omega_t" and warns "Omega_h and Omega_asymptotic are not meaningful with one factor")
    reports ``omega.tot`` :math:`= (\mathbf 1'R\mathbf 1 - \sum_i\psi_i) / \mathbf 1'R\mathbf 1
    = 1 - \sum_i \psi_i/\mathbf 1'R\mathbf 1`, with the *observed* variance of the sum of
    the standardised items in the denominator; this is ``omega_total_psych``. Its
    ``omega_h`` for one factor is :math:`(\sum\lambda)^2 / \mathbf 1'R\mathbf 1`. The three
    coincide when the model fits :math:`R` exactly (e.g. 3 items) and otherwise differ in
    the third decimal or so; kosieval's ``omega_total`` does not mix the fitted numerator
    with the observed denominator. ``psych::omega`` also reverses items with negative
    loadings (``flip = TRUE``); kosieval does not (items are keyed beforehand) and warns.
    ``psych::omega(na.omit(x), 1)`` is the reference for ``missing="listwise"``,
    ``psych::omega(x, 1)`` for ``"pairwise"``.

    **Minres** (Harman & Jones, 1966): minimise the squared off-diagonal residuals
    :math:`\sum_{i<j}(r_{ij} - \lambda_i\lambda_j)^2`. As in ``psych::fa``, the free
    parameters are the uniquenesses: :math:`\lambda = \sqrt{e_1}\,v_1` from the largest
    eigenpair of :math:`R - \Psi`, and :math:`F(\psi) = \tfrac12\lVert R - \Psi -
    \lambda\lambda'\rVert^2` is minimised with its gradient
    :math:`(\lambda\lambda' + \Psi - R)_{ii}` (psych's ``FAgr.minres``) by
    ``scipy.optimize.minimize(method="L-BFGS-B")`` over :math:`0.005 \le \psi_i \le 1`
    (psych's bounds), started at :math:`1 - \mathrm{SMC}` (``psych::smc``, from the
    pseudo-inverse). Inside the bounds the minimum has zero diagonal residuals, so it is the
    minres solution. kosieval stops at a much tighter tolerance than psych's ``optim``
    defaults, so psych's loadings agree to about :math:`10^{-5}`.

    **ML** (Jöreskog, 1967; Lawley & Maxwell, 1971): minimise
    :math:`F(\psi) = -\sum_{m\ge2}(\ln e_m - e_m) + 1 - k` over the same bounds, with
    :math:`e_m` the eigenvalues of :math:`\Psi^{-1/2}R\Psi^{-1/2}` and loadings
    :math:`\Psi^{1/2} v_1 \sqrt{\max(e_1 - 1, 0)}` (``psych::fa(fm = "ml")``,
    ``stats::factanal``). Needs a positive definite :math:`R`.

    **Heywood cases.** With a uniqueness at the lower bound the loadings of minres come from
    the bounded fit, so :math:`\lambda_i^2` can exceed 1 and :math:`\psi_i = 1 - \lambda_i^2`
    is then negative -- exactly what psych reports. The result is returned with a warning.

    The sign of the factor is chosen so that :math:`\sum\lambda \ge 0` (as psych).

    References
    ----------
    McDonald, R. P. (1999). Test theory: A unified treatment. Erlbaum.
    https://doi.org/10.4324/9781410601087

    Harman, H. H., & Jones, W. H. (1966). Factor analysis by minimizing residuals (minres).
    Psychometrika, 31(3), 351-368. https://doi.org/10.1007/BF02289468

    Jöreskog, K. G. (1967). Some contributions to maximum likelihood factor analysis.
    Psychometrika, 32(4), 443-482. https://doi.org/10.1007/BF02289658

    Lawley, D. N., & Maxwell, A. E. (1971). Factor analysis as a statistical method (2nd
    ed.). Butterworths.

    Revelle, W., & Zinbarg, R. E. (2009). Coefficients alpha, beta, omega, and the glb:
    Comments on Sijtsma. Psychometrika, 74(1), 145-154.
    https://doi.org/10.1007/s11336-008-9102-z

    Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
    Research (R package version 2.2.9), functions ``fa`` and ``omega``.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [2, 5, 1, 1, 4, 4, 5, 3], "b": [2, 5, 2, 3, 4, 3, 4, 2],
    ...                       "c": [1, 4, 3, 3, 4, 4, 5, 1], "d": [1, 3, 1, 1, 3, 4, 5, 3]})
    >>> res = mcdonald_omega(items)
    >>> res.k, res.n, res.fm, round(res.omega_total, 3)
    (4, 8, 'minres', 0.902)
    """
    missing = check_choice(missing, "missing", _MISSING)  # type: ignore[assignment]
    fm = check_choice(fm, "fm", _FM)  # type: ignore[assignment]
    frame = numeric_frame(items, "items")
    n_rows, k_given = frame.shape
    if k_given < 3:
        raise ValueError(
            f"items: omega needs at least 3 items (a one-factor model of fewer is not "
            f"identified), got {k_given}"
        )
    names = list(frame.columns)
    x_all = frame.to_numpy()
    if missing == "listwise":
        x = x_all[~np.isnan(x_all).any(axis=1)]
        if x.shape[0] < 3:
            raise ValueError(f"items: omega needs at least 3 cases, got {x.shape[0]} complete rows")
    else:
        x = x_all

    # Items without variance among the cases used cannot be correlated.
    excluded: list[int] = []
    for j in range(k_given):
        values = x[~np.isnan(x[:, j]), j]
        if values.size >= 2 and values.max() > values.min():
            continue
        reason = (
            f"has fewer than 2 observed values ({values.size})"
            if values.size < 2
            else f"has no variance (every answer is {values[0]:g})"
        )
        warnings.warn(
            f"mcdonald_omega: item {names[j]!r} {reason}; its correlations are undefined, so "
            "it is excluded from the factor model (loading and uniqueness NaN)",
            RuntimeWarning,
            stacklevel=2,
        )
        excluded.append(j)
    used = [j for j in range(k_given) if j not in excluded]
    k = len(used)
    if k < 3:
        raise ValueError(
            f"items: omega needs at least 3 items with variance, got {k} "
            f"(excluded without variance: {[names[j] for j in excluded]!r})"
        )
    x = x[:, used]
    used_names = [names[j] for j in used]

    if missing == "listwise":
        n = int(x.shape[0])
        corr = np.corrcoef(x, rowvar=False)
        miss_text = f"listwise deletion ({n} of {n_rows} rows complete)"
    else:
        observed = (~np.isnan(x)).astype(int)
        counts = observed.T @ observed
        bad = np.argwhere(np.triu(counts < 3, 1))
        if bad.size:
            i, j = bad[0]
            raise ValueError(
                f"items: items {used_names[i]!r} and {used_names[j]!r} have {counts[i, j]} "
                "case(s) in common; pairwise correlations need at least 3"
            )
        n = int(counts[np.triu_indices(k, 1)].min())
        corr = pd.DataFrame(x).corr(method="pearson").to_numpy()
        undefined = np.argwhere(np.isnan(corr))
        if undefined.size:
            i, j = undefined[0]
            raise ValueError(
                f"items: the correlation of {used_names[i]!r} and {used_names[j]!r} is "
                "undefined (one of them is constant on the cases they share)"
            )
        miss_text = (
            f"pairwise-complete correlations (R cor(use='pairwise')), n = smallest pairwise "
            f"count = {n} of {n_rows} rows"
        )
    corr = (corr + corr.T) / 2.0
    np.fill_diagonal(corr, 1.0)

    if fm == "ml":
        smallest = float(np.linalg.eigvalsh(corr)[0])
        if smallest <= 1e-10:
            raise ValueError(
                "items: fm='ml' needs a positive definite correlation matrix, but its smallest "
                f"eigenvalue is {smallest:.3g} (fewer complete cases than items, or pairwise "
                "correlations that do not fit together); use fm='minres'"
            )
        psi, projected = _fit_uniquenesses(_ml_criterion, corr)
        lam = _ml_loadings(psi, corr)
        fit_text = (
            "maximum likelihood (psych::fa fm='ml', stats::factanal): concentrated ML "
            "discrepancy minimised over the uniquenesses"
        )
    else:
        psi, projected = _fit_uniquenesses(_minres_criterion, corr)
        lam = _minres_loadings(psi, corr)
        fit_text = (
            "minimum residual (minres/ULS, psych::fa's default): squared residuals minimised "
            "over the uniquenesses, loadings from the first eigenpair of R - Psi"
        )
    if projected > _GRADIENT_TOL:
        warnings.warn(
            f"mcdonald_omega: the {fm} fit did not converge (largest projected gradient "
            f"{projected:.3g}); the loadings and omega may be inaccurate",
            RuntimeWarning,
            stacklevel=2,
        )
    if lam.sum() < 0:
        lam = -lam
    uniq = 1.0 - lam**2

    heywood = [used_names[i] for i in range(k) if lam[i] ** 2 >= 1.0 or psi[i] <= _PSI_LOWER]
    if heywood:
        details = ", ".join(
            f"{used_names[i]!r}: communality {lam[i] ** 2:.4g}" for i in range(k)
            if used_names[i] in heywood
        )
        warnings.warn(
            f"mcdonald_omega: Heywood case ({details}): a communality of 1 or more (uniqueness "
            "<= 0) or a uniqueness at the lower bound 0.005 of the fit; the loadings and omega "
            "are not trustworthy (too few cases, or an item that duplicates another?)",
            RuntimeWarning,
            stacklevel=2,
        )
    negative = [used_names[i] for i in range(k) if lam[i] < 0]
    if negative:
        warnings.warn(
            f"mcdonald_omega: item(s) {negative!r} load negatively on the common factor; "
            "should they be reverse keyed (score_scale(reverse=...))?",
            RuntimeWarning,
            stacklevel=2,
        )

    sum_lam = float(lam.sum())
    sum_psi = float(uniq.sum())
    omega_total = sum_lam**2 / (sum_lam**2 + sum_psi)
    omega_psych = 1.0 - sum_psi / float(corr.sum())

    loadings = pd.Series(np.nan, index=pd.Index(names, name="item"), name="loading")
    uniquenesses = pd.Series(np.nan, index=pd.Index(names, name="item"), name="uniqueness")
    loadings.iloc[used] = lam
    uniquenesses.iloc[used] = uniq

    excl_text = (
        f"; items without variance excluded: {', '.join(str(names[j]) for j in excluded)}"
        if excluded
        else ""
    )
    method = (
        f"McDonald's omega total from a one-factor model of the Pearson correlation matrix "
        f"(standardised items) of k = {k} items, {miss_text}{excl_text}; extraction: "
        f"{fit_text}, L-BFGS-B with 0.005 <= psi <= 1, start 1 - SMC; "
        "omega_total = (sum lambda)^2 / ((sum lambda)^2 + sum psi) with psi = 1 - lambda^2 "
        "(model-implied total variance); omega_total_psych = 1 - sum psi / sum(R) "
        "(psych::omega omega.tot, observed total variance)"
    )
    return OmegaResult(
        omega_total=float(omega_total),
        omega_total_psych=float(omega_psych),
        loadings=loadings,
        uniquenesses=uniquenesses,
        n=n,
        n_rows=int(n_rows),
        k=k,
        fm=fm,
        missing=missing,
        excluded_items=tuple(names[j] for j in excluded),
        heywood_items=tuple(heywood),
        method=method,
    )
