"""Scale scores from item responses: reverse keying, minimum valid items, mean or sum."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from kosieval.stats.arguments import numeric_frame

__all__ = ["ScaleScores", "score_scale"]


@dataclass(frozen=True, eq=False)
class ScaleScores:
    """Scale scores of every case, with the conventions used.

    Attributes
    ----------
    scores
        One float per row of the items (same index); NaN where fewer than ``min_valid``
        items are valid.
    n_valid
        Number of valid (non-missing) items per row (int64).
    reverse
        The reverse-keyed items.
    response_range
        ``(low, high)`` of the response scale, or None.
    min_valid
        Minimum number of valid items for a score.
    n_items
        Number of items in the scale (k).
    scoring
        ``"mean"`` or ``"sum"``.
    method
        The exact conventions, in words.
    keyed
        The items after reverse keying (float, NaN = missing): what reliability analyses
        of the scale need.
    """

    scores: pd.Series
    n_valid: pd.Series
    reverse: tuple[Hashable, ...]
    response_range: tuple[float, float] | None
    min_valid: int
    n_items: int
    scoring: str
    method: str
    keyed: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Return one row per case with the columns ``score`` and ``n_valid``."""
        return pd.DataFrame({"score": self.scores, "n_valid": self.n_valid})


def _check_range(response_range: object) -> tuple[float, float] | None:
    if response_range is None:
        return None
    try:
        low, high = response_range  # type: ignore[misc]
    except (TypeError, ValueError):
        raise ValueError(
            f"response_range: must be a pair (low, high), got {response_range!r}"
        ) from None
    for value in (low, high):
        is_number = not isinstance(value, bool) and isinstance(value, (int, float, np.number))
        if not (is_number and np.isfinite(value)):
            raise ValueError(
                f"response_range: limits must be finite numbers, got {response_range!r}"
            )
    if not low < high:
        raise ValueError(f"response_range: low must be below high, got {response_range!r}")
    return float(low), float(high)


def score_scale(
    items: pd.DataFrame,
    *,
    reverse: Iterable[Hashable] = (),
    response_range: tuple[float, float] | None = None,
    min_valid: int = 1,
    method: Literal["mean", "sum"] = "mean",
) -> ScaleScores:
    r"""Score a scale: reverse-key items, then average (or prorate-sum) the valid items.

    Parameters
    ----------
    items
        One column per item of the scale, one row per case; numeric codes, NaN/NA = missing
        (missing codes such as -9 must already be turned into NA).
    reverse
        Column names of the reverse-keyed items (a single name may be given as a string).
    response_range
        ``(low, high)``: the lowest and highest response code, e.g. ``(1, 5)``. Required
        when ``reverse`` is not empty. When given, every value must lie in the range.
    min_valid
        Minimum number of valid items for a score (1 <= ``min_valid`` <= number of items);
        rows with fewer valid items get NaN.
    method
        ``"mean"`` (default): mean of the valid items. ``"sum"``: the *prorated* sum, i.e.
        the mean of the valid items times the number of items, so that scores of cases with
        and without missing items are on the same scale; with all items valid it is the
        plain sum.

    Returns
    -------
    ScaleScores

    Raises
    ------
    ValueError
        Non-numeric items, unknown or duplicated names in ``reverse``, ``reverse`` without
        ``response_range``, values outside ``response_range``, an invalid ``min_valid`` or
        ``method``.

    Notes
    -----
    A reverse-keyed response :math:`x` becomes :math:`\text{low} + \text{high} - x`. With
    :math:`V_i` the set of valid items of case :math:`i`, :math:`m_i = |V_i|` and :math:`k`
    items,

    .. math::

        \text{mean}_i = \frac{1}{m_i}\sum_{j \in V_i} x_{ij}, \qquad
        \text{sum}_i = \frac{k}{m_i}\sum_{j \in V_i} x_{ij} \quad (m_i \ge \text{min\_valid}),

    and NaN when :math:`m_i <` ``min_valid``. The mean equals
    ``psych::scoreItems(keys, items, min = low, max = high, impute = "none")$scores``
    (with ``min_valid = 1``). Prorating amounts to person-mean imputation of the missing
    items ("averaging the available items", discussed by Schafer & Graham, 2002).

    References
    ----------
    Schafer, J. L., & Graham, J. W. (2002). Missing data: Our view of the state of the art.
    Psychological Methods, 7(2), 147-177. https://doi.org/10.1037/1082-989X.7.2.147

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 5, None], "b": [2, 4, 3], "c": [5, 1, None]})
    >>> res = score_scale(items, reverse=["c"], response_range=(1, 5), min_valid=2)
    >>> res.scores.tolist()
    [1.3333333333333333, 4.666666666666667, nan]
    """
    if method not in ("mean", "sum"):
        raise ValueError(f"method: must be 'mean' or 'sum', got {method!r}")
    frame = numeric_frame(items, "items")
    k = frame.shape[1]
    if k < 1:
        raise ValueError("items: the scale has no items")
    is_int = not isinstance(min_valid, bool) and isinstance(min_valid, (int, np.integer))
    if not (is_int and 1 <= min_valid <= k):
        raise ValueError(
            f"min_valid: must be an integer between 1 and the number of items ({k}), "
            f"got {min_valid!r}"
        )
    min_valid = int(min_valid)

    if isinstance(reverse, (str, bytes)):
        reverse = (reverse,)
    try:
        reverse = tuple(reverse)
    except TypeError:
        raise ValueError(f"reverse: must be a list of item names, got {reverse!r}") from None
    unknown = [r for r in reverse if r not in frame.columns]
    if unknown:
        raise ValueError(
            f"reverse: {unknown!r} not among the items {list(frame.columns)!r}"
        )
    if len(set(reverse)) != len(reverse):
        raise ValueError(f"reverse: names listed twice in {reverse!r}")
    rng = _check_range(response_range)
    if reverse and rng is None:
        raise ValueError(
            "response_range: required to reverse-key items (low + high - x), e.g. (1, 5)"
        )

    values = frame.to_numpy(copy=True)
    if rng is not None:
        low, high = rng
        outside = ~np.isnan(values) & ((values < low) | (values > high))
        if outside.any():
            row, col = np.argwhere(outside)[0]
            raise ValueError(
                f"response_range: item {frame.columns[col]!r} has the value "
                f"{values[row, col]:g} at row {frame.index[row]!r}, outside {rng!r} "
                f"({int(outside.sum())} value(s) outside in total); are missing codes "
                "still in the data?"
            )
        for name in reverse:
            j = frame.columns.get_loc(name)
            values[:, j] = low + high - values[:, j]

    valid = ~np.isnan(values)
    n_valid = valid.sum(axis=1)
    total = np.where(valid, values, 0.0).sum(axis=1)
    enough = n_valid >= min_valid
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "mean":
            score = total / n_valid
        else:
            # Prorated: mean * k; kept as the plain sum when every item is valid.
            score = np.where(n_valid == k, total, total * k / n_valid)
    score = np.where(enough, score, np.nan)

    if reverse and rng is not None:
        rev_text = (
            f"reverse keyed as {rng[0]:g} + {rng[1]:g} - x: {', '.join(map(str, reverse))}"
        )
    else:
        rev_text = "no reverse-keyed items"
    agg = (
        "mean of the valid items"
        if method == "mean"
        else f"prorated sum of the valid items (mean of the valid items x {k})"
    )
    method_text = (
        f"{agg} of k = {k} items; {rev_text}; NaN when fewer than {min_valid} of {k} items "
        "are valid"
    )
    return ScaleScores(
        scores=pd.Series(score, index=frame.index, name="score", dtype=float),
        n_valid=pd.Series(n_valid.astype(np.int64), index=frame.index, name="n_valid"),
        reverse=reverse,
        response_range=rng,
        min_valid=min_valid,
        n_items=k,
        scoring=method,
        method=method_text,
        keyed=pd.DataFrame(values, index=frame.index, columns=frame.columns),
    )
