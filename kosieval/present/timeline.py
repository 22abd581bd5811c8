"""The "participation over time" chart: attendances per event, stacked by actor group.

One bar per event at its date; the bar is split into the actor groups. Each group has an
Okabe–Ito colour *and* its own hatch pattern, so the stacks can be told apart in black and
white too; the legend repeats colour and hatch. Dates on the x axis and counts on the y axis
are formatted for the locale (German month names, thousands separators).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import format_date
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kosieval.present.charts import PALETTE, RC, to_svg
from kosieval.present.numbers import babel_locale, integer

__all__ = ["HATCHES", "participation_timeline"]

#: One hatch per stacked group (the first plain), so the stacks differ without colour. Only line
#: hatches: dotted and circle hatches write hundreds of kilobytes of SVG paths.
HATCHES = ("", "///", "\\\\\\", "xxx", "---", "|||", "+++", "///---")
#: Colours per stacked group: Okabe–Ito blue, orange, bluish green, vermillion, reddish purple,
#: sky blue, yellow, then grey.
_COLOURS = (PALETTE[4], PALETTE[0], PALETTE[2], PALETTE[5], PALETTE[6], PALETTE[1], PALETTE[3], "#999999")


def _as_dates(dates: Sequence[object]) -> list[dt.date]:
    out = []
    for value in dates:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
        if pd.isna(stamp):
            raise ValueError("dates: every event needs a date (got a missing value)")
        out.append(stamp.date())
    return out


def _positions(days: list[float]) -> tuple[np.ndarray, float]:
    """Bar centres (events on the same day side by side) and the bar width in days."""
    distinct = sorted(set(days))
    gaps = np.diff(distinct)
    width = float(min(7.0, max(1.0, 0.8 * gaps.min()))) if len(gaps) else 5.0
    positions = np.array(days, dtype=float)
    for day in distinct:
        same = [i for i, d in enumerate(days) if d == day]
        if len(same) > 1:
            step = width / len(same)
            for k, i in enumerate(same):
                positions[i] = day + (k - (len(same) - 1) / 2) * step
    shared = max(sum(1 for d in days if d == day) for day in distinct)
    return positions, width / shared


def participation_timeline(dates: Sequence[object], counts: object, *, groups: Sequence[str], locale: str,
                           ylabel: str) -> str:
    """Stacked bars of attendances per event and actor group along the date axis.

    Parameters
    ----------
    dates
        The date of each event (``datetime.date``, ``Timestamp`` or ``datetime64``).
    counts
        Attendances, 2-D: one row per event (same order as ``dates``), one column per group
        (same order as ``groups``); missing values count as 0.
    groups
        Group names (legend labels, stacking order from the bottom).
    locale
        "de" or "en": month names on the x axis, numbers on the y axis.
    ylabel
        Label of the y axis (e.g. "Teilnahmen").

    Returns
    -------
    str
        SVG text (the same numbers give the same bytes).

    Raises
    ------
    ValueError
        When ``counts`` is not events × groups, holds negative values, or ``dates`` is empty.
    """
    babel = babel_locale(locale)
    events = _as_dates(dates)
    table = np.asarray(pd.DataFrame(counts).fillna(0).to_numpy(dtype=float), dtype=float)
    if not events:
        raise ValueError("dates: at least one event is needed")
    if table.shape != (len(events), len(groups)):
        raise ValueError(f"counts: expected shape ({len(events)}, {len(groups)}) = events × groups, "
                         f"got {table.shape}")
    if (table < 0).any():
        raise ValueError("counts: attendances cannot be negative")
    if len(groups) > len(HATCHES):
        raise ValueError(f"groups: at most {len(HATCHES)} groups can be told apart, got {len(groups)}")
    days = [float(mdates.date2num(d)) for d in events]
    positions, width = _positions(days)
    rc = {**RC, "hatch.linewidth": 0.6, "hatch.color": "#222222"}
    with plt.rc_context(rc):
        figure, axis = plt.subplots(figsize=(6.3, 3.2))
        bottom = np.zeros(len(events))
        for index, group in enumerate(groups):
            axis.bar(positions, table[:, index], width=width, bottom=bottom, label=group,
                     color=_COLOURS[index], hatch=HATCHES[index], edgecolor="#222222", linewidth=0.4)
            bottom += table[:, index]
        first, last = min(events), max(events)
        start = dt.date(first.year, first.month, 1)
        end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
        axis.set_xlim(mdates.date2num(start), mdates.date2num(end))
        axis.set_ylim(0, max(1.0, float(bottom.max())) * 1.05)
        months = (end.year - start.year) * 12 + end.month - start.month
        axis.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, -(-months // 12))))
        axis.xaxis.set_major_formatter(FuncFormatter(
            lambda value, _pos: format_date(mdates.num2date(value).date(), "LLL yyyy" if months > 12 else "LLL",
                                            locale=babel)))
        axis.yaxis.set_major_locator(MaxNLocator(integer=True))
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: integer(int(round(value)), locale=locale)))
        axis.set_ylabel(ylabel)
        axis.set_xlabel(str(first.year) if first.year == last.year else "")
        axis.grid(axis="x", visible=False)
        axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(groups), 3), frameon=False,
                    handlelength=2.2, handleheight=1.2)
        return to_svg(figure)
