"""Diverging stacked bars of Likert items (one bar per item, percentages of the answers).

The disagreeing categories extend to the left of 0, the agreeing ones to the right; with an
odd number of categories the middle category is centred on 0 (half on each side), with an
even number the split lies between the two middle categories (Robbins & Heiberger, 2011).
Colours are the Okabe–Ito vermillion/orange (disagreement) and sky blue/blue (agreement)
with a grey middle; for black-and-white print the extreme categories are hatched, every
segment has a dark edge and segments of 8 % or more carry their percentage.

Reference: Robbins, N. B., & Heiberger, R. M. (2011). Plotting Likert and other rating
scales. Proceedings of the 2011 Joint Statistical Meeting, 1058–1066.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import pyplot as plt
from matplotlib.ticker import FixedLocator, FuncFormatter

from kosieval.present.charts import PALETTE, RC, to_svg
from kosieval.present.numbers import number

__all__ = ["diverging_likert", "likert_colours", "likert_hatches", "likert_offsets"]

#: Okabe–Ito colours of the two sides (extreme first) and the grey of the middle category.
NEGATIVE = (PALETTE[5], PALETTE[0])  # vermillion, orange
POSITIVE = (PALETTE[4], PALETTE[1])  # blue, sky blue
MIDDLE = "#BBBBBB"
#: Segments with at least this share (percent) are labelled with their percentage.
LABEL_MIN = 8.0
_WRAP = 48


def _side_colours(extreme: str, mild: str, n: int) -> list[str]:
    """``n`` colours from the extreme to the mildest category of one side."""
    if n == 1:
        return [mild]
    if n == 2:
        return [extreme, mild]
    a, b = np.array(mcolors.to_rgb(extreme)), np.array(mcolors.to_rgb(mild))
    light = b + (1.0 - b) * 0.45
    out = []
    for i in range(n):  # extreme -> mild -> lighter mild
        t = i / (n - 1)
        rgb = (1 - 2 * t) * a + 2 * t * b if t <= 0.5 else (2 - 2 * t) * b + (2 * t - 1) * light
        out.append(mcolors.to_hex(np.clip(rgb, 0, 1)))
    return out


def likert_colours(k: int) -> list[str]:
    """Fill colours of ``k`` ordered categories (lowest first).

    Parameters
    ----------
    k
        Number of categories (at least 2).
    """
    if k < 2:
        raise ValueError(f"k: need at least 2 categories, got {k}")
    half = k // 2
    left = _side_colours(*NEGATIVE, half)
    right = list(reversed(_side_colours(*POSITIVE, half)))
    return left + ([MIDDLE] if k % 2 else []) + right


def likert_hatches(k: int) -> list[str]:
    """Hatch patterns of ``k`` ordered categories: the extremes hatched, the rest plain."""
    if k < 2:
        raise ValueError(f"k: need at least 2 categories, got {k}")
    hatches = [""] * k
    if k >= 4:
        hatches[0], hatches[-1] = "////", "\\\\\\\\"
    return hatches


def likert_offsets(percent: np.ndarray) -> np.ndarray:
    """Left edge of the first segment of each bar (percent), centring as described above.

    Parameters
    ----------
    percent
        Items × categories, each row summing to 100 (or 0 for an item without answers).

    Returns
    -------
    numpy.ndarray
        One value per item: minus the share below the middle (plus half the middle category
        for an odd number of categories).
    """
    k = percent.shape[1]
    half = k // 2
    left = percent[:, :half].sum(axis=1)
    if k % 2:
        left = left + percent[:, half] / 2.0
    return -left


def _check(counts: object, labels: Sequence[str], categories: Sequence[str]) -> np.ndarray:
    array = np.asarray(counts, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"counts: must be 2-D (items × categories), got {array.ndim} dimensions")
    if array.shape[0] == 0:
        raise ValueError("counts: need at least one item (row)")
    if array.shape[1] < 2:
        raise ValueError(f"counts: need at least 2 categories (columns), got {array.shape[1]}")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError("counts: must be finite and non-negative")
    if len(labels) != array.shape[0]:
        raise ValueError(f"labels: {len(labels)} labels for {array.shape[0]} items")
    if len(categories) != array.shape[1]:
        raise ValueError(f"categories: {len(categories)} labels for {array.shape[1]} categories")
    return array


def diverging_likert(counts: object, *, labels: Sequence[str], categories: Sequence[str], locale: str,
                     title: str | None = None) -> str:
    """Diverging stacked bar chart of Likert items, as SVG text.

    Parameters
    ----------
    counts
        Items × ordered categories (lowest first): how many respondents chose each
        category; missing answers excluded. An item without answers is drawn empty and
        labelled as such.
    labels
        One label per item (e.g. the item text; wrapped at about 48 characters).
    categories
        Category labels in order (the legend).
    locale
        "de" or "en": axis numbers, percentages and the axis label.
    title
        Optional title above the chart.

    Returns
    -------
    str
        SVG text (same data, same bytes).

    Raises
    ------
    ValueError
        When ``counts`` is not a 2-D array of finite non-negative numbers with at least one
        row and two columns, or ``labels``/``categories`` do not match its shape.
    """
    array = _check(counts, labels, categories)
    de = locale.startswith("de")
    totals = array.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        percent = np.where(totals[:, None] > 0, array / np.where(totals > 0, totals, 1)[:, None] * 100.0, 0.0)
    k = array.shape[1]
    fills = likert_colours(k)
    hatches = likert_hatches(k)
    starts = likert_offsets(percent)
    wrapped = []
    for label, total in zip(labels, totals):
        text = "\n".join(textwrap.wrap(str(label), _WRAP)) or str(label)
        if total == 0:
            text += "\n(keine Antworten)" if de else "\n(no answers)"
        wrapped.append(text)
    lines = [w.count("\n") + 1 for w in wrapped]
    heights = [max(0.32, 0.15 * n + 0.12) for n in lines]
    centres = np.cumsum(heights) - np.array(heights) / 2.0
    reach = max(50.0, float(np.max(-starts)), float(np.max(starts + percent.sum(axis=1))))
    step = 25.0 if reach > 60 else 10.0
    limit = min(100.0, step * np.ceil(reach / step))
    with plt.rc_context({**RC, "hatch.linewidth": 0.6, "hatch.color": "#333333"}):
        height = 1.1 + sum(heights) + (0.25 if title else 0.0) + 0.18 * int(np.ceil(k / 3))
        figure, axis = plt.subplots(figsize=(6.3, height))
        for j in range(k):
            left = starts + percent[:, :j].sum(axis=1)
            bar_height = [h * 0.72 for h in heights]
            axis.barh(centres, percent[:, j], left=left, height=bar_height, color=fills[j],
                      edgecolor="#333333", linewidth=0.5, hatch=hatches[j], label=categories[j])
            rgb = np.array(mcolors.to_rgb(fills[j]))
            dark = float(rgb @ np.array([0.299, 0.587, 0.114])) < 0.5
            for row in range(array.shape[0]):
                if percent[row, j] >= LABEL_MIN:
                    axis.text(left[row] + percent[row, j] / 2.0, centres[row],
                              number(percent[row, j], locale=locale, digits=0),
                              ha="center", va="center", fontsize=7,
                              color="white" if dark else "black",
                              bbox={"boxstyle": "square,pad=0.1", "facecolor": fills[j], "edgecolor": "none"}
                              if hatches[j] else None)
        axis.axvline(0, color="#333333", linewidth=0.8)
        axis.set_yticks(centres, wrapped, fontsize=8)
        axis.set_ylim(float(np.sum(heights)), 0.0)
        axis.set_xlim(-limit, limit)
        ticks = np.arange(-limit, limit + 1e-9, step)
        axis.xaxis.set_major_locator(FixedLocator(ticks))
        axis.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(abs(v), locale=locale, digits=0)))
        axis.set_xlabel("Anteil der Antworten in %" if de else "Share of answers (%)")
        axis.grid(axis="y", visible=False)
        axis.tick_params(axis="y", length=0)
        axis_inches = axis.get_position().height * height
        axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.42 / axis_inches), ncol=min(k, 3),
                    frameon=False, fontsize=8, handlelength=2.2, handleheight=1.1)
        if title:
            axis.set_title(title, fontsize=9, loc="left")
        return to_svg(figure)
