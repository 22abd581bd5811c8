"""Heatmaps as SVG: a grid of shaded cells with the number printed in each cell.

Used for code × actor group shares and code co-occurrence. The colour ramp is matplotlib's
sequential single-hue "Blues" (light to dark blue): it is colour-blind safe and, because its
lightness falls monotonically, it reads as grey levels in black and white. The value is always
printed in the cell too (dark text on light cells, white text on dark cells), so nothing depends
on the colour alone. Cells are drawn as vector rectangles (``pcolormesh``), not as an embedded
bitmap, so the SVG is small, sharp and the same bytes for the same numbers.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Literal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from kosieval.present.charts import RC, to_svg  # noqa: E402
from kosieval.present.numbers import number, percent  # noqa: E402

__all__ = ["CMAP", "heatmap", "text_colour"]

#: The colour ramp: sequential single-hue blue, light (low) to dark (high).
CMAP = "Blues"
#: Colour of cells without a value (NaN): the page colour, with no text.
BLANK = "#ffffff"
_DARK_TEXT = "#1a1a1a"
_LIGHT_TEXT = "#ffffff"


def text_colour(rgba: Sequence[float]) -> str:
    """The text colour readable on a cell of colour ``rgba``: white on dark, near-black on light.

    Uses the relative luminance of sRGB (WCAG 2): white text when the luminance is below 0.4.
    """
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(float(c)) for c in rgba[:3])
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return _LIGHT_TEXT if luminance < 0.4 else _DARK_TEXT


def heatmap(
    values: Sequence[Sequence[float]] | np.ndarray,
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    locale: str,
    cell_text: Sequence[Sequence[str]] | np.ndarray | None = None,
    vmin: float = 0.0,
    vmax: float = 1.0,
    colorbar_label: str = "",
    colorbar_format: Literal["percent", "number"] = "percent",
    column_wrap: int = 22,
    rotate_columns: bool | None = None,
) -> str:
    """A heatmap with the value printed in each cell, as SVG text.

    Parameters
    ----------
    values
        Rows × columns numbers that choose the shade; NaN = blank cell (white, no text unless
        ``cell_text`` gives one).
    rows
        Row labels, top to bottom.
    columns
        Column labels, left to right (long labels are wrapped at ``column_wrap`` characters).
    locale
        "de" or "en", for the numbers in the cells and on the colour bar.
    cell_text
        Rows × columns strings printed in the cells (e.g. counts while the colour shows a
        coefficient); default: ``values`` as percent (``percent``, 0 decimals), "" for NaN.
    vmin, vmax
        The values of the lightest and the darkest shade (values outside are clipped).
    colorbar_label
        Label of the colour bar.
    colorbar_format
        Numbers on the colour bar: "percent" (0 %–100 %) or "number" (two decimals).
    column_wrap
        Wrap column labels longer than this.
    rotate_columns
        Slant the column labels by 45° (default: when there are more than 5 columns).

    Returns
    -------
    str
        SVG text (same numbers → same bytes).

    Raises
    ------
    ValueError
        When ``values``, ``rows``, ``columns`` and ``cell_text`` disagree in shape, or
        ``vmax <= vmin``.
    """
    data = np.asarray(values, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"values: must be 2-dimensional (rows × columns), got shape {data.shape}")
    if data.shape != (len(rows), len(columns)):
        raise ValueError(f"values: shape {data.shape} does not match {len(rows)} rows × {len(columns)} columns")
    if not vmax > vmin:
        raise ValueError(f"vmax must be greater than vmin, got vmin={vmin!r}, vmax={vmax!r}")
    if cell_text is None:
        texts = [["" if math.isnan(v) else percent(v, locale=locale) for v in row] for row in data]
    else:
        texts = [list(map(str, row)) for row in cell_text]
        if len(texts) != data.shape[0] or any(len(row) != data.shape[1] for row in texts):
            raise ValueError(f"cell_text: must have the shape of values {data.shape}")
    n_rows, n_cols = data.shape
    rotate = n_cols > 5 if rotate_columns is None else rotate_columns
    labels = [textwrap.fill(str(c), column_wrap) for c in columns]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    cmap = plt.get_cmap(CMAP)
    norm = Normalize(vmin=vmin, vmax=vmax, clip=True)
    with plt.rc_context({**RC, "axes.grid": False, "axes.spines.left": False, "axes.spines.bottom": False}):
        # the figure holds the grid; bbox_inches="tight" adds the room the labels need
        figure, axis = plt.subplots(figsize=(6.3, min(0.5 + 0.3 * n_rows + 0.05 * lines, 9.0)))
        masked = np.ma.masked_invalid(data)
        mesh = axis.pcolormesh(np.arange(n_cols + 1), np.arange(n_rows + 1), masked, cmap=cmap, norm=norm,
                               edgecolors="#ffffff", linewidth=1.0)
        axis.set_facecolor(BLANK)
        for i in range(n_rows):
            for j in range(n_cols):
                if not texts[i][j]:
                    continue
                value = data[i, j]
                colour = _DARK_TEXT if math.isnan(value) else text_colour(cmap(norm(value)))
                axis.text(j + 0.5, i + 0.5, texts[i][j], ha="center", va="center", color=colour,
                          fontsize=8 if n_cols <= 8 else 7)
        axis.set_xlim(0, n_cols)
        axis.set_ylim(n_rows, 0)
        axis.set_yticks(np.arange(n_rows) + 0.5, list(rows))
        axis.xaxis.tick_top()
        if rotate:
            axis.set_xticks(np.arange(n_cols) + 0.5, labels, rotation=45, ha="left", rotation_mode="anchor")
        else:
            axis.set_xticks(np.arange(n_cols) + 0.5, labels)
        axis.tick_params(length=0)
        bar = figure.colorbar(mesh, ax=axis, fraction=0.04, pad=0.02)
        if colorbar_format == "percent":
            bar.formatter = FuncFormatter(lambda v, _pos: percent(v, locale=locale))
        else:
            bar.formatter = FuncFormatter(lambda v, _pos: number(v, locale=locale))
        bar.update_ticks()
        bar.outline.set_visible(False)
        if bar.solids is not None:
            bar.solids.set_rasterized(False)  # vector, like the cells
        if colorbar_label:
            bar.set_label(colorbar_label)
        return to_svg(figure)
