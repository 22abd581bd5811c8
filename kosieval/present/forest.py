"""Forest plot: one estimate with its confidence interval per line, grouped in panels, pooled lines as diamonds.

Used for the comparison of cities: per outcome scale one line per city and one pooled line.
Each panel starts with its heading on a line of its own, from the left edge. Unlike
:func:`~kosieval.present.charts.interval_plot`, which puts a few groups side by side on
one line per label, a forest plot gives every estimate its own line, so it stays readable
with many cities. Readable without colour: the lines are labelled directly (left), the
pooled estimate is a filled diamond and the cities are squares, and every estimate with its
interval is also written out on the right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from kosieval.present.charts import MARKERS, PALETTE, RC, to_svg  # noqa: E402
from kosieval.present.numbers import ci, number  # noqa: E402

__all__ = ["ForestRow", "forest_plot"]

#: Height of one line of the plot, inches.
LINE_HEIGHT = 0.24


@dataclass(frozen=True)
class ForestRow:
    """One line of a forest plot.

    Attributes
    ----------
    panel
        The heading the line belongs to (e.g. the scale); lines of one panel must be adjacent.
    label
        The line's label (e.g. the city, or "Alle Städte (gepoolt)").
    estimate, low, high
        Point estimate and confidence limits (NaN limits: no interval drawn, "–" in the text).
    pooled
        Whether this is a pooled estimate (diamond, bold label).
    """

    panel: str
    label: str
    estimate: float
    low: float
    high: float
    pooled: bool = False


def forest_plot(
    rows: Sequence[ForestRow],
    *,
    locale: str,
    xlabel: str,
    reference: float | None = 0.0,
    xlim: tuple[float, float] | None = None,
    digits: int = 2,
    axis_digits: int = 1,
) -> str:
    """Draw a forest plot and return it as SVG text.

    Parameters
    ----------
    rows
        The lines, in reading order; a panel heading is drawn before the first line of each panel.
    locale
        For all numbers ("de": 0,25 [0,10; 0,40]).
    xlabel
        Axis label.
    reference
        Dashed vertical line (0 = no change); None for none.
    xlim
        Axis limits; default from the data.
    digits
        Decimals of the numbers written on the right.
    axis_digits
        Decimals on the axis.

    Returns
    -------
    str
        SVG text.

    Raises
    ------
    ValueError
        When ``rows`` is empty.
    """
    if not rows:
        raise ValueError("rows: a forest plot needs at least one line")
    lines: list[tuple[str, ForestRow | None]] = []  # (tick label, row or None for a panel heading)
    panel = None
    for row in rows:
        if row.panel != panel:
            panel = row.panel
            lines.append((row.panel, None))
        lines.append((row.label, row))
    with plt.rc_context(RC):
        figure, axis = plt.subplots(figsize=(6.3, 0.75 + LINE_HEIGHT * len(lines)))
        figure.subplots_adjust(left=0.34, right=0.74)  # labels left, the numbers right, within 6.3 in
        for y, (_, row) in enumerate(lines):
            if row is None:
                continue
            has_ci = not (math.isnan(row.low) or math.isnan(row.high))
            if has_ci:
                axis.hlines(y, row.low, row.high, color="#444444", linewidth=1.4 if row.pooled else 1.0)
            if row.pooled:
                axis.plot([row.estimate], [y], marker=MARKERS[2], markersize=7.5, color=PALETTE[5],
                          markeredgecolor="#000000", markeredgewidth=0.8, linestyle="none")
            else:
                axis.plot([row.estimate], [y], marker=MARKERS[1], markersize=5.0, color=PALETTE[4],
                          markeredgecolor=PALETTE[4], linestyle="none")
        if reference is not None:
            axis.axvline(reference, color="#555555", linestyle="--", linewidth=0.9)
        axis.set_yticks(range(len(lines)), ["" if row is None else label for label, row in lines])
        for tick, (_, row) in zip(axis.get_yticklabels(), lines):
            if row is not None and row.pooled:
                tick.set_fontweight("bold")
        heading_position = blended_transform_factory(figure.transFigure, axis.transData)
        for y, (label, row) in enumerate(lines):
            if row is None:  # the panel heading runs from the left edge over its empty line
                axis.text(0.01, y, label, transform=heading_position, va="center", ha="left", fontweight="bold",
                          bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5}, zorder=5)
        axis.tick_params(axis="y", length=0)
        axis.spines["left"].set_visible(False)  # it would run through the panel headings
        axis.set_ylim(len(lines) - 0.5, -0.5)
        if xlim is not None:
            axis.set_xlim(*xlim)
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value, locale=locale,
                                                                                   digits=axis_digits)))
        axis.set_xlabel(xlabel)
        axis.grid(axis="y", visible=False)
        text_position = blended_transform_factory(axis.transAxes, axis.transData)
        for y, (_, row) in enumerate(lines):
            if row is None:
                continue
            text = f"{number(row.estimate, locale=locale, digits=digits)} " \
                   f"{ci(row.low, row.high, locale=locale, digits=digits)}"
            axis.text(1.02, y, text, transform=text_position, va="center", ha="left",
                      fontweight="bold" if row.pooled else "normal")
        return to_svg(figure)
