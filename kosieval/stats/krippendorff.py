"""Krippendorff's alpha for nominal, ordinal, interval and ratio codes, with a unit bootstrap.

Computed from the coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's
Alpha-Reliability" (https://repository.upenn.edu/asc_papers/43), vectorised so that 200,000
units of 5 coders take well under a second.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Literal

import numpy as np
from scipy import sparse

from kosieval.stats.agreement import AgreementResult, coded_ratings, show_codes
from kosieval.stats.arguments import check_choice, check_level

__all__ = ["krippendorff_alpha"]

_METRICS = ("nominal", "ordinal", "interval", "ratio")
# Largest number of cells V * V for which the coincidence matrix is counted densely (one
# np.bincount over V * V bins); above it only the occupied cells are kept.
_DENSE_CELLS = 1 << 20
# Elements per intermediate array in the bootstrap (bounds its memory: 8 MiB per float array).
_BOOT_BUDGET = 1 << 20


def _unit_pairs(codes: np.ndarray, m_u: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Unordered pairs of values within units: (units, first codes, second codes), one triple per pair of columns.

    ``codes`` are pairable units (-1 = not coded). When every unit has fewer values than
    there are coders (many coders, each coding a few units), the codes are first moved to the
    left of each row, so the loop runs over pairs of positions up to the largest ``m_u``
    instead of all pairs of coders. No loop runs over units.
    """
    width = int(m_u.max())
    if width < codes.shape[1]:
        order = np.argsort(codes < 0, axis=1, kind="stable")
        codes = np.take_along_axis(codes, order, axis=1)[:, :width]
    observed = codes >= 0
    for a in range(codes.shape[1]):
        for b in range(a + 1, codes.shape[1]):
            idx = np.flatnonzero(observed[:, a] & observed[:, b])
            yield idx, codes[idx, a], codes[idx, b]


def _coincidences(codes: np.ndarray, m_u: np.ndarray, n_values: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coincidence matrix as (rows, cols, o) of its cells: ordered pairs weighted 1 / (m_u - 1)."""
    weight = 1.0 / (m_u - 1.0)
    if n_values * n_values <= _DENSE_CELLS:
        half = np.zeros(n_values * n_values)
        for idx, first, second in _unit_pairs(codes, m_u):
            half += np.bincount(first * n_values + second, weights=weight[idx], minlength=half.size)
        square = half.reshape(n_values, n_values)
        o = (square + square.T).ravel()  # each unordered pair is the ordered pairs (c, k) and (k, c)
        cells = np.arange(n_values * n_values)
    else:  # many distinct values: keep only the occupied cells
        keys, weights = [], []
        for idx, first, second in _unit_pairs(codes, m_u):
            keys += [first * n_values + second, second * n_values + first]
            weights += [weight[idx], weight[idx]]
        cells, inverse = np.unique(np.concatenate(keys), return_inverse=True)
        o = np.bincount(inverse, weights=np.concatenate(weights), minlength=cells.size)
    return cells // n_values, cells % n_values, o


def _unit_contributions(
    codes: np.ndarray, m_u: np.ndarray, n_values: int
) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix]:
    """Each unit's contribution to the occupied cells of the coincidence matrix (units x cells, sparse)."""
    weight = 1.0 / (m_u - 1.0)
    units, keys = [], []
    for idx, first, second in _unit_pairs(codes, m_u):
        units += [idx, idx]
        keys += [first * n_values + second, second * n_values + first]
    unit = np.concatenate(units)
    cells, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    contrib = sparse.csr_matrix((weight[unit], (unit, inverse)), shape=(codes.shape[0], cells.size))
    return cells // n_values, cells % n_values, contrib


def _pair_sums(n: np.ndarray, x: np.ndarray, metric: str) -> np.ndarray:
    r""":math:`\sum_c\sum_k n_c n_k \delta^2_{ck}` for each row of ``n`` (B x V).

    ``x`` are the values (V,) or, for ordinal, the mid-ranks of each row (B x V); nominal ignores it.
    """
    n_tot = n.sum(axis=1)
    if metric == "nominal":
        return n_tot**2 - (n**2).sum(axis=1)
    if metric in ("interval", "ordinal"):
        # sum_ck n_c n_k (x_c - x_k)^2 = 2 n.. sum_c n_c (x_c - mean)^2, centred for accuracy.
        mean = (n * x).sum(axis=1) / n_tot
        return 2.0 * n_tot * (n * (x - mean[:, None]) ** 2).sum(axis=1)
    out = np.zeros(n.shape[0])
    step = max(1, _BOOT_BUDGET // max(x.size, 1))
    for start in range(0, x.size, step):  # blocks of the V x V ratio distances
        block = x[start : start + step, None]
        total = block + x[None, :]
        dist = np.divide((block - x[None, :]) ** 2, total**2, out=np.zeros_like(total), where=total != 0)
        out += (n[:, start : start + step] * (n @ dist.T)).sum(axis=1)
    return out


def _cell_distances(x: np.ndarray, rows: np.ndarray, cols: np.ndarray, metric: str) -> np.ndarray:
    r""":math:`\delta^2_{ck}` of each cell; ``x`` is (V,) or, for ordinal, (B, V) mid-ranks."""
    if metric == "nominal":
        return (rows != cols).astype(float)
    a = x[..., rows]
    b = x[..., cols]
    if metric == "ratio":
        total = a + b
        return np.divide((a - b) ** 2, total**2, out=np.zeros_like(total), where=total != 0)
    return (a - b) ** 2


def _alphas(
    o: np.ndarray, n: np.ndarray, values: np.ndarray, rows: np.ndarray, cols: np.ndarray, metric: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alpha, Do and De for each row of coincidences ``o`` (B x K) and value counts ``n`` (B x V)."""
    n_tot = n.sum(axis=1)
    if metric == "ordinal":
        # Mid-rank of value c among the pairable values: sum_{g<c} n_g + n_c / 2 (per row). Then
        # (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 = (x_k - x_c)^2, the interval distance of mid-ranks.
        x = np.cumsum(n, axis=1) - n / 2.0
    else:
        x = values
    d_obs = (o * _cell_distances(x, rows, cols, metric)).sum(axis=-1) / n_tot
    d_exp = _pair_sums(n, x, metric) / (n_tot * (n_tot - 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(d_exp > 0, 1.0 - d_obs / d_exp, np.nan)
    return alpha, d_obs, d_exp


def _boot_alphas(
    codes: np.ndarray, m_u: np.ndarray, values: np.ndarray, metric: str, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Alphas of ``n_boot`` unit-bootstrap resamples, computed in chunks of resamples (no loop over single ones)."""
    n_units = codes.shape[0]
    n_values = values.size
    rows, cols, contrib = _unit_contributions(codes, m_u, n_values)
    observed = codes >= 0
    counts_uv = sparse.csr_matrix(
        (np.ones(int(observed.sum())), (np.nonzero(observed)[0], codes[observed])), shape=(n_units, n_values)
    )
    fixed = metric != "ordinal"  # the distances do not depend on the resample
    if fixed:
        unit_disagreement = contrib @ _cell_distances(values, rows, cols, metric)
    chunk = max(1, _BOOT_BUDGET // max(n_units, n_values, 1 if fixed else rows.size))
    uniform = np.full(n_units, 1.0 / n_units)
    out = np.empty(n_boot)
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = rng.multinomial(n_units, uniform, size=size).astype(float)  # (size, units): unit counts
        n = np.asarray((counts_uv.T @ draws.T).T)  # value counts n_c of each resample
        if fixed:
            n_tot = n.sum(axis=1)
            d_obs = (draws @ unit_disagreement) / n_tot
            d_exp = _pair_sums(n, values, metric) / (n_tot * (n_tot - 1.0))
            with np.errstate(divide="ignore", invalid="ignore"):
                out[start : start + size] = np.where(d_exp > 0, 1.0 - d_obs / d_exp, np.nan)
        else:
            o = np.asarray((contrib.T @ draws.T).T)  # coincidence matrices of the resamples
            out[start : start + size] = _alphas(o, n, values, rows, cols, metric)[0]
    return out


def krippendorff_alpha(
    ratings: object,
    *,
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "nominal",
    n_boot: int = 0,
    seed: int | np.random.Generator | None = None,
    ci_level: float = 0.95,
) -> AgreementResult:
    r"""Krippendorff's alpha for any number of coders, missing ratings and four metrics.

    Parameters
    ----------
    ratings
        DataFrame or 2-D array-like: rows = units, columns = coders (at least 2),
        NaN/NA/None = not coded. Nominal: codes are any hashable values (numbers, strings).
        Ordinal, interval, ratio: numeric codes (ratio: non-negative). Units with fewer
        than 2 ratings are not pairable and are left out (counted in ``n_units_dropped``).
    level
        Level of MEASUREMENT (the DESIGN name): ``"nominal"`` (default), ``"ordinal"``,
        ``"interval"`` or ``"ratio"``; it chooses the difference function below and goes to
        the result's ``metric``.
    n_boot
        Number of bootstrap resamples for a confidence interval (0 = none, the default;
        otherwise at least 2, e.g. 2000).
    seed
        Seed or ``numpy.random.Generator`` of the bootstrap, for reproducible intervals.
    ci_level
        Confidence level of the bootstrap interval, strictly between 0 and 1; it goes to the
        result's ``level``.

    Returns
    -------
    AgreementResult
        ``observed`` = :math:`D_o`, ``expected`` = :math:`D_e`, ``metric`` = the level of
        measurement. With ``n_boot > 0``: ``se`` = SD of the bootstrap alphas, ``ci_low``,
        ``ci_high`` = percentile interval; ``z`` and ``pvalue`` are NaN (no test).

    Raises
    ------
    ValueError
        Invalid ``ratings`` (see :func:`cohen_kappa`; any number of coders >= 2), no unit
        with 2 or more ratings, non-numeric codes for ordinal/interval/ratio, negative
        codes for ratio, unknown ``level``, ``n_boot`` not 0 or an integer >= 2, invalid
        ``seed`` or ``ci_level``.

    Warns
    -----
    RuntimeWarning
        When the pairable values are all the same value: :math:`D_e = 0` and alpha is
        undefined (NaN, no interval). When some bootstrap resamples have :math:`D_e = 0`:
        they are left out of the interval (the count is given).

    Notes
    -----
    Krippendorff (2011). Unit :math:`u` has :math:`m_u` values; only units with
    :math:`m_u \ge 2` are pairable. The coincidence matrix counts the ordered pairs of
    values within units, each weighted :math:`1/(m_u - 1)`:

    .. math::

        o_{ck} = \sum_u \frac{\#\{\text{ordered pairs } (c, k) \text{ in unit } u\}}{m_u - 1},
        \quad n_c = \sum_k o_{ck},\quad n = \sum_c n_c,

        \alpha = 1 - \frac{D_o}{D_e}
               = 1 - (n-1)\frac{\sum_{c,k} o_{ck}\,\delta^2_{ck}}{\sum_{c,k} n_c n_k\,\delta^2_{ck}},
        \quad D_o = \frac1n \sum_{c,k} o_{ck}\delta^2_{ck},\quad
        D_e = \frac{1}{n(n-1)}\sum_{c,k} n_c n_k\,\delta^2_{ck},

    with the difference functions :math:`\delta^2_{ck} = [c \ne k]` (nominal),
    :math:`\bigl(\sum_{g=c}^{k} n_g - \frac{n_c + n_k}{2}\bigr)^2` (ordinal, from the
    marginal frequencies :math:`n_g` of the coincidence matrix, values sorted),
    :math:`(c-k)^2` (interval) and :math:`\bigl(\frac{c-k}{c+k}\bigr)^2` (ratio; 0 for
    :math:`c = k = 0`). Codes are factorised once and the pairs counted with
    ``np.bincount``; no loop runs over units.

    **Bootstrap interval** (``n_boot > 0``): a unit bootstrap with a percentile interval.
    Units (pairable units, with all their values) are resampled with replacement: for each
    resample a multinomial vector of unit counts; each unit's contribution to the
    coincidence matrix is precomputed, so the counts times the contributions give all
    resampled coincidence matrices at once (in chunks of resamples, to bound memory), and
    from them :math:`D_o` and :math:`D_e` of every resample. The interval is the
    :math:`\gamma/2` and :math:`1-\gamma/2` quantiles (``numpy.quantile``, linear
    interpolation) of the resampled alphas, :math:`\gamma = 1 -` ``ci_level``. This
    differs from Krippendorff's own bootstrap (Hayes & Krippendorff, 2007; the KALPHA
    macro), which resamples pairs of values from the coincidence matrix and keeps
    :math:`D_e` fixed; the unit bootstrap respects that the values of one unit are not
    independent (Efron & Tibshirani, 1993) and recomputes :math:`D_e` in each resample.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
    for Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43

    Krippendorff, K. (2004). Content analysis: An introduction to its methodology (2nd ed.).
    Sage.

    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. Communication Methods and Measures, 1(1), 77-89.
    https://doi.org/10.1080/19312450709336664

    Efron, B., & Tibshirani, R. J. (1993). An introduction to the bootstrap. Chapman & Hall.
    https://doi.org/10.1007/978-1-4899-4541-9

    Examples
    --------
    >>> import numpy as np
    >>> data = [[1, 1, np.nan, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
    ...         [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [np.nan, 5, 5, 5],
    ...         [np.nan, np.nan, 1, 1], [np.nan, 3, np.nan, np.nan]]
    >>> round(krippendorff_alpha(data).statistic, 3)  # Krippendorff (2011): nominal .743
    0.743
    """
    level = check_choice(level, "level", _METRICS)
    is_int = isinstance(n_boot, (int, np.integer)) and not isinstance(n_boot, (bool, np.bool_))
    if not is_int or n_boot < 0 or n_boot == 1:
        raise ValueError(f"n_boot: must be 0 (no interval) or an integer >= 2, got {n_boot!r}")
    n_boot = int(n_boot)
    try:
        ci_level = check_level(ci_level)
    except ValueError as exc:
        raise ValueError("ci_level" + str(exc)[len("level") :]) from None
    try:
        rng = np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"seed: must be None, a non-negative integer or a numpy Generator ({exc})") from None

    coded = coded_ratings(ratings, numeric=level != "nominal")
    codes = coded.codes
    m_all = (codes >= 0).sum(axis=1)
    pairable = m_all >= 2
    n_units = int(pairable.sum())
    n_dropped = int(codes.shape[0] - n_units)
    codes = codes[pairable]
    m_u = m_all[pairable]
    n_values = len(coded.categories)
    values = coded.categories.astype(float) if level != "nominal" else np.zeros(n_values)
    if level == "ratio" and (values < 0).any():
        raise ValueError(
            f"ratings: the ratio metric needs non-negative values (a true zero), got {values[values < 0].min():g}"
        )

    rows, cols, o = _coincidences(codes, m_u, n_values)
    n_c = np.bincount(codes[codes >= 0], minlength=n_values).astype(float)
    alpha, d_obs, d_exp = (float(v[0]) for v in _alphas(o[None, :], n_c[None, :], values, rows, cols, level))

    se = ci_low = ci_high = np.nan
    used_level = np.nan
    boot_text = "no interval (n_boot = 0)"
    if np.isnan(alpha):
        only = coded.categories[np.flatnonzero(n_c)]
        warnings.warn(
            f"krippendorff_alpha: all {int(n_c.sum())} pairable values are {show_codes(only)}, so the expected "
            "disagreement De = 0 and alpha = 1 - Do/De is undefined; alpha (and any interval) is NaN",
            RuntimeWarning,
            stacklevel=2,
        )
    elif n_boot > 0:
        boots = _boot_alphas(codes, m_u, values, level, n_boot, rng)
        finite = boots[~np.isnan(boots)]
        if finite.size < n_boot:
            consequence = (
                "are left out of the interval"
                if finite.size >= 2
                else "are left out; fewer than 2 remain, so there is no interval (NaN)"
            )
            warnings.warn(
                f"krippendorff_alpha: {n_boot - finite.size} of {n_boot} bootstrap resamples contain a single "
                f"value (De = 0, alpha undefined) and {consequence}",
                RuntimeWarning,
                stacklevel=2,
            )
        if finite.size >= 2:
            gamma = 1.0 - ci_level
            ci_low, ci_high = (float(q) for q in np.quantile(finite, [gamma / 2.0, 1.0 - gamma / 2.0]))
            se = float(np.std(finite, ddof=1))
            used_level = ci_level
        boot_text = (
            f"{ci_level:g} CI: unit bootstrap, percentile ({n_boot} resamples of the {n_units} pairable units "
            "with replacement, numpy linear quantiles; se = SD of the resampled alphas); this differs from "
            "Krippendorff's own bootstrap (Hayes & Krippendorff 2007), which resamples pairs of values "
            "with De fixed"
        )
    delta = {
        "nominal": "delta = [c != k]",
        "ordinal": "ordinal delta from the marginal frequencies n_g of the coincidence matrix",
        "interval": "delta = (c - k)^2",
        "ratio": "delta = ((c - k)/(c + k))^2",
    }[level]
    method = (
        f"Krippendorff's alpha (Krippendorff 2011), {level} metric ({delta}), from the coincidence matrix "
        f"of {coded.codes.shape[1]} coders with missing ratings allowed; {n_units} pairable units "
        f"({n_dropped} units with fewer than 2 ratings left out); {boot_text}"
    )
    return AgreementResult(
        statistic=alpha,
        measure="krippendorff_alpha",
        n_units=n_units,
        n_units_dropped=n_dropped,
        n_coders=int(coded.codes.shape[1]),
        se=se,
        ci_low=ci_low,
        ci_high=ci_high,
        level=used_level,
        pvalue=np.nan,
        z=np.nan,
        observed=d_obs,
        expected=d_exp,
        mean_pairwise=np.nan,
        metric=level,
        per_category=None,
        n_boot=n_boot,
        method=method,
    )
