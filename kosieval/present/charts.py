"""Charts as SVG text, rendered with matplotlib in a deterministic way.

Every chart: colour-blind-safe palette (Okabe & Ito 2008) that stays readable in black and
white (markers and line styles differ, not only colours), text kept as text
(``svg.fonttype = "none"``), fixed ``svg.hashsalt`` and no date in the metadata, so the same
numbers give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from kosieval.present.numbers import number  # noqa: E402

#: Okabe–Ito palette: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
MARKERS = ("o", "s", "D", "^", "v", "P", "X")
#: matplotlib settings every chart uses (import this; do not repeat it).
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kosieval",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
}


def to_svg(figure: plt.Figure) -> str:
    """Serialise ``figure`` as SVG text without a date, then close it."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _axis_formatter(locale: str, digits: int) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: number(value, locale=locale, digits=digits))


@dataclass(frozen=True)
class Interval:
    """One point estimate with its confidence interval, for interval plots."""

    label: str
    group: str
    estimate: float
    low: float
    high: float


def interval_plot(
    rows: Sequence[Interval],
    *,
    groups: Sequence[str],
    locale: str,
    xlabel: str,
    xlim: tuple[float, float] | None = None,
    reference: float | None = None,
    digits: int = 1,
) -> str:
    """Dot-and-CI plot: one line per label, one marker (and colour) per group.

    Parameters
    ----------
    rows
        The estimates; ``group`` must be one of ``groups``.
    groups
        Group names in legend order (e.g. ["T0", "T1"]).
    locale
        For the axis numbers.
    xlabel
        Axis label.
    xlim
        Axis limits (e.g. the response range of the scales).
    reference
        Draw a dashed vertical reference line here (e.g. α = 0,70).
    digits
        Decimals on the axis.

    Returns
    -------
    str
        SVG text.
    """
    labels = list(dict.fromkeys(r.label for r in rows))
    offsets = {g: (i - (len(groups) - 1) / 2) * 0.22 for i, g in enumerate(groups)}
    with plt.rc_context(RC):
        height = 0.9 + 0.42 * len(labels)
        figure, axis = plt.subplots(figsize=(6.3, height))
        for index, group in enumerate(groups):
            selected = [r for r in rows if r.group == group]
            ys = [labels.index(r.label) + offsets[group] for r in selected]
            xs = [r.estimate for r in selected]
            errors = [[r.estimate - r.low for r in selected], [r.high - r.estimate for r in selected]]
            axis.errorbar(xs, ys, xerr=errors, fmt=MARKERS[index % len(MARKERS)],
                          color=PALETTE[[4, 0, 2, 5, 6, 1][index % 6]], ecolor="#444444",
                          elinewidth=1, capsize=2.5, markersize=5.5, label=group,
                          linestyle="none")
        if reference is not None:
            axis.axvline(reference, color="#555555", linestyle="--", linewidth=0.9)
        axis.set_yticks(range(len(labels)), labels)
        axis.invert_yaxis()
        axis.set_ylim(len(labels) - 0.5, -0.5)
        if xlim is not None:
            axis.set_xlim(*xlim)
        axis.xaxis.set_major_formatter(_axis_formatter(locale, digits))
        axis.set_xlabel(xlabel)
        axis.grid(axis="y", visible=False)
        if len(groups) > 1:
            axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(groups),
                        frameon=False)
        return to_svg(figure)
