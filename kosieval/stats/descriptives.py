"""Descriptive statistics: a mean with its confidence interval, and item descriptions.

:func:`describe_items` reports per item what ``psych::describe`` (n, mean, SD, median, min,
max) and ``table()`` report in R; weighted estimates are in :mod:`kosieval.stats.weighted`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as _st

from kosieval.stats.arguments import numeric_frame

__all__ = ["ItemDescription", "MeanResult", "describe_items", "mean_ci"]


@dataclass(frozen=True)
class MeanResult:
    """A mean with its t-based confidence interval.

    Attributes
    ----------
    n, mean, sd, se, ci_low, ci_high, level, method
        ``sd`` with denominator n - 1; ``se = sd / sqrt(n)``; the CI is
        ``mean ± t(1 - (1 - level)/2, n - 1) · se`` (as R's ``t.test(x)$conf.int``).
    n_missing
        Values left out because they were missing.
    """

    n: int
    n_missing: int
    mean: float
    sd: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    method: str

    def to_frame(self) -> pd.DataFrame:
        """One row with all fields."""
        return pd.DataFrame([self.__dict__])


def mean_ci(values: object, *, level: float = 0.95) -> MeanResult:
    """Mean of ``values`` (missing values left out) with a t-based confidence interval.

    Parameters
    ----------
    values
        Numbers (list, array, Series; NA allowed).
    level
        Confidence level in (0, 1).

    Raises
    ------
    ValueError
        When ``level`` is outside (0, 1) or fewer than 2 values are present.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    series = pd.Series(values, dtype="Float64")
    present = series.dropna().to_numpy(dtype=float)
    n = present.size
    if n < 2:
        raise ValueError(f"values must hold at least 2 non-missing numbers, got {n}")
    mean = float(np.mean(present))
    sd = float(np.std(present, ddof=1))
    se = sd / math.sqrt(n)
    half = float(_st.t.ppf(1 - (1 - level) / 2, n - 1)) * se
    return MeanResult(n, int(series.isna().sum()), mean, sd, se, mean - half, mean + half, level,
                      f"t interval, df = n - 1, {level:.0%} level")


@dataclass(frozen=True, eq=False)
class ItemDescription:
    """Per-item description of a set of items: missing values, location, spread, distribution.

    Attributes
    ----------
    summary
        One row per item (index = item): ``n`` (valid answers), ``n_missing``,
        ``share_missing`` (of all rows), ``mean``, ``sd`` (denominator n - 1), ``median``,
        ``min``, ``max``.
    distribution
        Tidy long table, one row per item and code: ``item``, ``code``, ``label`` (from
        ``labels``; NaN without one), ``count``, ``share`` (of the item's valid answers).
        Every item lists the same codes: those observed in any item plus those in
        ``labels``, ascending; codes nobody chose have count 0.
    n_rows
        Rows (cases) given.
    method
        The exact conventions, in words.
    """

    summary: pd.DataFrame
    distribution: pd.DataFrame
    n_rows: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return :attr:`summary` with the item as a column (one row per item)."""
        return self.summary.reset_index()


def _check_labels(labels: object) -> dict[float, str]:
    """Return ``labels`` as {float code: label}; ValueError naming ``labels`` otherwise."""
    if not isinstance(labels, Mapping):
        raise ValueError(f"labels: must be a dict code -> label, got {type(labels).__name__}")
    checked: dict[float, str] = {}
    for code, label in labels.items():
        is_number = not isinstance(code, (bool, np.bool_)) and isinstance(
            code, (int, float, np.integer, np.floating)
        )
        if not (is_number and np.isfinite(code)):
            raise ValueError(f"labels: codes must be finite numbers, got {code!r}")
        if not isinstance(label, str):
            raise ValueError(f"labels: the label of code {code!r} must be a string, got {label!r}")
        checked[float(code)] = label
    return checked


def describe_items(
    items: pd.DataFrame, *, labels: Mapping[float, str] | None = None
) -> ItemDescription:
    r"""Describe each item: n, missing values, mean, SD, median, range and the distribution of codes.

    Parameters
    ----------
    items
        One column per item, one row per case; numeric response codes, NaN/NA = missing.
    labels
        Optional value labels of the response codes, ``{code: label}`` (e.g.
        ``{1: "disagree", ..., 5: "agree"}``), the same for all items. Codes in ``labels``
        that nobody chose appear in :attr:`ItemDescription.distribution` with count 0.

    Returns
    -------
    ItemDescription

    Raises
    ------
    ValueError
        No items, no rows, duplicated or non-numeric columns, infinite values, or
        ``labels`` that are not a dict of finite numeric codes to strings.

    Warns
    -----
    RuntimeWarning
        For an item without any valid answer (mean, median, min, max and the shares are
        undefined: NaN) or with one valid answer (the SD is undefined: NaN), and when the data
        contain codes that ``labels`` does not name (an undeclared missing-value code such
        as -9 or 99?).

    Notes
    -----
    For item :math:`j` with valid answers :math:`x_1..x_{n_j}` (missing values left out, as
    ``na.rm = TRUE`` in R): mean :math:`ar x`, SD
    :math:`s = \sqrt{\sum (x_i - ar x)^2 / (n_j - 1)}`, the median (the mean of the two
    middle values for even :math:`n_j`, R's ``median``), min and max -- as
    ``psych::describe`` (``n``, ``mean``, ``sd``, ``median``, ``min``, ``max``).
    ``share_missing`` :math:`= (N - n_j)/N` with :math:`N` rows. The distribution counts
    each code (``table()`` in R); ``share`` :math:`= 	ext{count}/n_j` is the share among
    the valid answers (``prop.table(table(x))``), so the shares of an item sum to 1.
    Codes are compared as numbers (1 and 1.0 are the same code).

    References
    ----------
    Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality
    Research (R package version 2.2.9), function ``describe``.

    Examples
    --------
    >>> import pandas as pd
    >>> res = describe_items(pd.DataFrame({"q1": [1, 2, 2, None]}), labels={1: "no", 2: "yes", 3: "?"})
    >>> row = res.summary.loc["q1"]
    >>> int(row["n"]), int(row["n_missing"]), round(float(row["mean"]), 3)
    (3, 1, 1.667)
    >>> res.distribution["count"].tolist()
    [1, 2, 0]
    """
    frame = numeric_frame(items, "items")
    n_rows, k = frame.shape
    if k == 0:
        raise ValueError("items: has no columns (no items to describe)")
    if n_rows == 0:
        raise ValueError("items: has no rows (no cases to describe)")
    label_map = _check_labels(labels) if labels is not None else {}

    values = frame.to_numpy()
    observed = ~np.isnan(values)
    codes = np.unique(np.concatenate([values[observed], np.array(list(label_map), dtype=float)]))
    if label_map:
        unlabelled = [c for c in np.unique(values[observed]) if float(c) not in label_map]
        if unlabelled:
            warnings.warn(
                f"describe_items: codes {[float(c) for c in unlabelled]!r} occur in the data but "
                "have no label (undeclared missing-value codes?); their label is NaN",
                RuntimeWarning,
                stacklevel=2,
            )

    rows = []
    distribution = []
    for j, item in enumerate(frame.columns):
        x = values[observed[:, j], j]
        n = int(x.size)
        if n == 0:
            warnings.warn(
                f"describe_items: item {item!r} has no valid answer; its mean, SD, median, "
                "min, max and shares are undefined (NaN)",
                RuntimeWarning,
                stacklevel=2,
            )
            mean = sd = median = low = high = np.nan
        else:
            mean = float(x.mean())
            median = float(np.median(x))
            low = float(x.min())
            high = float(x.max())
            if n == 1:
                warnings.warn(
                    f"describe_items: item {item!r} has only one valid answer; its SD is "
                    "undefined (NaN)",
                    RuntimeWarning,
                    stacklevel=2,
                )
                sd = np.nan
            else:
                sd = float(x.std(ddof=1))
        rows.append(
            {
                "n": n,
                "n_missing": n_rows - n,
                "share_missing": (n_rows - n) / n_rows,
                "mean": mean,
                "sd": sd,
                "median": median,
                "min": low,
                "max": high,
            }
        )
        counts = np.searchsorted(codes, x)
        count = np.bincount(counts, minlength=codes.size).astype(np.int64)
        distribution.append(
            pd.DataFrame(
                {
                    "item": pd.Series([item] * codes.size, dtype=object),
                    "code": codes,
                    "label": pd.Series([label_map.get(float(c), np.nan) for c in codes], dtype=object),
                    "count": count,
                    "share": count / n if n else np.full(codes.size, np.nan),
                }
            )
        )

    summary = pd.DataFrame(rows, index=pd.Index(list(frame.columns), name="item"))
    summary = summary.astype({"n": np.int64, "n_missing": np.int64})
    dist = (
        pd.concat(distribution, ignore_index=True)
        if codes.size
        else pd.DataFrame(
            {
                "item": pd.Series(dtype=object),
                "code": pd.Series(dtype=float),
                "label": pd.Series(dtype=object),
                "count": pd.Series(dtype=np.int64),
                "share": pd.Series(dtype=float),
            }
        )
    )
    hashable_items: list[Hashable] = list(frame.columns)
    method = (
        f"{len(hashable_items)} items, {n_rows} rows; per item: missing values left out (n = valid "
        "answers, share_missing of all rows), mean, SD with denominator n - 1, median (mean of "
        "the two middle values for even n), min, max (as psych::describe); distribution: count "
        "and share of the valid answers per code (as table()/prop.table()), the same codes for "
        "every item (observed in any item or in labels; unchosen codes with count 0)"
    )
    return ItemDescription(summary=summary, distribution=dist, n_rows=int(n_rows), method=method)
