"""Intercoder agreement: the shared result, the checks of ``ratings``, and percent agreement.

All agreement functions take ``ratings`` in one layout (DESIGN.md §5): rows = units (interview
passages, documents, ...), columns = coders, NaN/NA/None = unit not coded by that coder.
Values are category codes: numbers, or (for the nominal measures) any hashable such as
strings. Every function returns the same frozen :class:`AgreementResult`; the kappas are in
:mod:`kosieval.stats.kappa`, Krippendorff's alpha in :mod:`kosieval.stats.krippendorff`.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from kosieval.stats.arguments import numeric_frame

__all__ = ["AgreementResult", "CodedRatings", "coded_ratings", "complete_units", "is_number", "percent_agreement",
           "show_codes", "two_sided_p"]


@dataclass(frozen=True, eq=False)
class AgreementResult:
    """One agreement coefficient with its inference and the conventions used.

    Attributes
    ----------
    statistic
        The coefficient: share of agreement, kappa or alpha. NaN (with a warning) when it
        is undefined.
    measure
        ``"percent_agreement"``, ``"cohen_kappa"``, ``"weighted_kappa"``,
        ``"fleiss_kappa"`` or ``"krippendorff_alpha"``.
    n_units
        Units that entered the coefficient.
    n_units_dropped
        Units left out: with a missing rating (percent agreement, kappas) or with fewer
        than 2 ratings, i.e. not pairable (alpha).
    n_coders
        Coder columns given.
    se
        Standard error: large-sample SE of Fleiss, Cohen & Everitt (1969) for Cohen's kappa,
        the SE under H0 of Fleiss, Nee & Landis (1979) for Fleiss' kappa, the bootstrap SD
        for alpha; NaN where none is computed.
    ci_low, ci_high
        Confidence interval at ``level`` (NaN where none is computed).
    level
        Confidence level of ``[ci_low, ci_high]``; NaN when no interval is computed.
    pvalue, z
        Two-sided test of H0: kappa = 0 (NaN for percent agreement and alpha).
    observed, expected
        Observed and chance-expected agreement ``po``, ``pe`` (kappas) or disagreement
        ``Do``, ``De`` (alpha); NaN for percent agreement.
    mean_pairwise
        Percent agreement only: the agreement of each pair of coders, averaged over the
        pairs (NaN for the other measures).
    metric
        Weights of Cohen's kappa (``None``, ``"linear"``, ``"quadratic"``) or the level of
        measurement of alpha (``"nominal"``, ``"ordinal"``, ``"interval"``, ``"ratio"``);
        ``None`` for the other measures.
    per_category
        Fleiss' kappa only: one row per category (index ``category``) with ``proportion``,
        ``kappa``, ``se``, ``z``, ``pvalue``; ``None`` otherwise.
    n_boot
        Bootstrap resamples used for the interval of alpha (0: none).
    method
        The exact conventions, in words.
    """

    statistic: float
    measure: str
    n_units: int
    n_units_dropped: int
    n_coders: int
    se: float
    ci_low: float
    ci_high: float
    level: float
    pvalue: float
    z: float
    observed: float
    expected: float
    mean_pairwise: float
    metric: str | None
    per_category: pd.DataFrame | None
    n_boot: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the scalar fields as a tidy one-row DataFrame.

        The per-category results of Fleiss' kappa are in :attr:`per_category`.
        """
        return pd.DataFrame({f.name: [getattr(self, f.name)] for f in fields(self) if f.name != "per_category"})


class CodedRatings(NamedTuple):
    """``ratings`` checked and factorised once: integer codes into ``categories``."""

    codes: np.ndarray  # (units, coders) int64; -1 = not coded
    categories: np.ndarray  # distinct codes; ``codes`` index into it
    ordered: bool  # categories sorted: numbers numerically or strings lexicographically


def coded_ratings(ratings: object, *, numeric: bool = False) -> CodedRatings:
    """Validate ``ratings`` and factorise its codes; ValueError naming ``ratings``.

    Rejected: not two-dimensional, fewer than 2 coder columns, duplicated column names,
    infinite values, no unit coded by at least 2 coders, and (``numeric=True``)
    non-numeric columns.
    """
    if isinstance(ratings, pd.DataFrame):
        frame = ratings
    else:
        if isinstance(ratings, (pd.Series, str, bytes)):
            raise ValueError("ratings: must be two-dimensional (rows = units, columns = coders)")
        try:
            ndim = ratings.ndim if isinstance(ratings, np.ndarray) else np.asarray(ratings, dtype=object).ndim
            frame = pd.DataFrame(ratings) if ndim == 2 else None
        except (TypeError, ValueError) as exc:
            raise ValueError(f"ratings: cannot be read as a table of units x coders ({exc})") from exc
        if frame is None:
            raise ValueError(
                f"ratings: must be two-dimensional (rows = units, columns = coders), got {ndim} dimension(s)"
            )
    n_coders = frame.shape[1]
    if n_coders < 2:
        raise ValueError(f"ratings: agreement needs at least 2 coder columns, got {n_coders}")
    if frame.columns.has_duplicates:
        dup = list(frame.columns[frame.columns.duplicated()].unique())
        raise ValueError(f"ratings: duplicated column names {dup!r}")
    if numeric:
        frame = numeric_frame(frame, "ratings")

    is_numeric = all(
        pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        for dtype in frame.dtypes
    )
    if is_numeric:
        values = frame.to_numpy(dtype=float, na_value=np.nan)
        infinite = np.isinf(values)
        observed = ~np.isnan(values)
    else:
        values = frame.to_numpy(dtype=object)
        observed = ~pd.isna(values)
        infinite = np.zeros(values.shape, dtype=bool)
        infinite[observed] = (values[observed] == np.inf) | (values[observed] == -np.inf)
    if infinite.any():
        col = frame.columns[int(np.flatnonzero(infinite.any(axis=0))[0])]
        raise ValueError(f"ratings: column {col!r} contains infinite values")
    if not ((observed.sum(axis=1)) >= 2).any():
        raise ValueError(
            "ratings: no unit is coded by at least 2 coders, so there is no pair of codes to compare"
        )
    inverse, categories = pd.factorize(values[observed], sort=True)
    categories = np.asarray(categories)
    if is_numeric:
        ordered = True
        if np.array_equal(categories, np.round(categories)) and np.abs(categories).max() < 2.0**53:
            categories = categories.astype(np.int64)  # codes 1, 2, 3 shown as such, not 1.0, 2.0, 3.0
    else:
        # pandas sorts mixed numbers and strings (numbers first); that is no order of codes.
        ordered = all(isinstance(c, str) for c in categories) or all(is_number(c) for c in categories)
    codes = np.full(values.shape, -1, dtype=np.int64)
    codes[observed] = inverse
    return CodedRatings(codes=codes, categories=categories, ordered=ordered)


def is_number(value: object) -> bool:
    """Whether ``value`` is a real number (bool does not count)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def complete_units(coded: CodedRatings, who: str) -> tuple[np.ndarray, int]:
    """Codes of the units coded by every coder, and the number of units dropped."""
    complete = (coded.codes >= 0).all(axis=1)
    n = int(complete.sum())
    n_dropped = int(coded.codes.shape[0] - n)
    if n < 2:
        raise ValueError(
            f"ratings: {who} needs at least 2 units coded by all {coded.codes.shape[1]} coders, "
            f"got {n} ({n_dropped} dropped for missing ratings)"
        )
    return coded.codes[complete], n_dropped


def two_sided_p(z: float) -> float:
    """Two-sided p-value of a standard normal ``z``."""
    return float(2.0 * stats.norm.sf(abs(z)))


def show_codes(categories: Sequence[object]) -> str:
    """Codes as a reader sees them in a message: "1, 2, 'a'"."""
    return ", ".join(repr(c.item() if isinstance(c, np.generic) else c) for c in categories)


def percent_agreement(ratings: object) -> AgreementResult:
    r"""Share of units on which all coders agree, and the mean pairwise agreement.

    Parameters
    ----------
    ratings
        DataFrame or 2-D array-like: rows = units, columns = coders (at least 2); codes are
        any hashable values, NaN/NA/None = not coded. Units not coded by every coder are
        dropped (counted in ``n_units_dropped``).

    Returns
    -------
    AgreementResult
        ``statistic`` = share of units with identical codes from all coders;
        ``mean_pairwise`` = mean over the coder pairs of their share of agreeing units.
        ``se``, CI, ``z``, ``pvalue``, ``observed`` and ``expected`` are NaN: percent
        agreement has no chance correction and no inference here.

    Raises
    ------
    ValueError
        Invalid ``ratings`` (see :func:`cohen_kappa`) or fewer than 2 units coded by all
        coders.

    Notes
    -----
    With :math:`N` units coded by all :math:`m` coders and :math:`n_{uc}` the number of
    coders giving code :math:`c` to unit :math:`u`:

    .. math::

        \text{statistic} = \frac1N \sum_u \bigl[\max_c n_{uc} = m\bigr],\qquad
        \text{mean\_pairwise} = \frac1N \sum_u \frac{\sum_c n_{uc}(n_{uc}-1)}{m(m-1)},

    the second being the agreement of each of the :math:`m(m-1)/2` coder pairs averaged
    over the pairs (on the same units) -- Fleiss' (1971) observed agreement
    :math:`\bar P`. With 2 coders both equal Cohen's :math:`p_o`. Codes are compared for
    equality only (``1`` and ``1.0`` are the same code; ``"1"`` is another). Reference: a
    hand computation.

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    Bulletin, 76(5), 378-382. https://doi.org/10.1037/h0031619

    Examples
    --------
    >>> res = percent_agreement([[1, 1, 1], [1, 2, 1], [2, 2, 2], [3, 3, None]])
    >>> res.statistic, res.n_units, res.n_units_dropped
    (0.6666666666666666, 3, 1)
    """
    coded = coded_ratings(ratings)
    codes, n_dropped = complete_units(coded, "percent_agreement")
    n, m = codes.shape
    k = len(coded.categories)
    # Ordered pairs of coders agreeing on unit u: sum_c n_uc (n_uc - 1).
    keys = (np.arange(n, dtype=np.int64)[:, None] * k + codes).ravel()
    cells, counts = np.unique(keys, return_counts=True)
    agreeing = np.bincount(cells // k, weights=counts * (counts - 1.0), minlength=n)
    all_agree = float(np.mean(agreeing == m * (m - 1)))
    mean_pairwise = float(np.mean(agreeing / (m * (m - 1))))
    method = (
        f"percent agreement: share of the {n} units coded by all {m} coders ({n_dropped} units with "
        "a missing rating dropped) on which all coders gave the same code; mean_pairwise = agreement "
        f"of each of the {m * (m - 1) // 2} coder pairs on the same units, averaged over the pairs "
        "(Fleiss' observed agreement P-bar); no chance correction; reference: hand computation"
    )
    return AgreementResult(
        statistic=all_agree,
        measure="percent_agreement",
        n_units=n,
        n_units_dropped=n_dropped,
        n_coders=m,
        se=np.nan,
        ci_low=np.nan,
        ci_high=np.nan,
        level=np.nan,
        pvalue=np.nan,
        z=np.nan,
        observed=np.nan,
        expected=np.nan,
        mean_pairwise=mean_pairwise,
        metric=None,
        per_category=None,
        n_boot=0,
        method=method,
    )
