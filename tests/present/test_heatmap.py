"""The heatmap chart: numbers in the cells, locale, readable text colours, same bytes."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from kosieval.present.heatmap import CMAP, heatmap, text_colour

VALUES = np.array([[0.1, 0.5, np.nan], [1.0, 0.0, 0.75]])
ROWS = ["Augenhöhe", "Hierarchie"]
COLUMNS = ["Zivilgesellschaft", "Weitere Gruppen", "Stadt"]


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_cells_show_percent_in_locale_and_nan_is_blank():
    de = heatmap(VALUES, rows=ROWS, columns=COLUMNS, locale="de", colorbar_label="Anteil")
    en = heatmap(VALUES, rows=ROWS, columns=COLUMNS, locale="en", colorbar_label="Share")
    de_texts, en_texts = _texts(de), _texts(en)
    for value in ("10\u202f%", "50\u202f%", "100\u202f%", "0\u202f%", "75\u202f%"):
        assert value in de_texts
    assert "75%" in en_texts and "75\u202f%" not in en_texts
    cells = [t for t in de_texts if t.endswith("%")]
    assert len([c for c in cells if c in {"10\u202f%", "50\u202f%", "100\u202f%", "75\u202f%"}]) >= 4
    assert "Anteil" in de_texts and "Share" in en_texts
    assert "<image" not in de  # vector cells, no embedded bitmap


def test_custom_cell_text_and_number_colorbar():
    texts = [["3", "", "x"], ["1", "2", "4"]]
    svg = heatmap(VALUES, rows=ROWS, columns=COLUMNS, locale="de", cell_text=texts, colorbar_format="number")
    found = _texts(svg)
    for t in ("3", "x", "1", "2", "4"):
        assert t in found
    assert "0,50" in found  # colour bar tick in German format


def test_same_numbers_same_bytes():
    a = heatmap(VALUES, rows=ROWS, columns=COLUMNS, locale="de")
    b = heatmap(VALUES, rows=ROWS, columns=COLUMNS, locale="de")
    assert a == b
    assert a != heatmap(VALUES * 0.9, rows=ROWS, columns=COLUMNS, locale="de")


def test_text_colour_white_on_dark_dark_on_light():
    cmap = plt.get_cmap(CMAP)
    assert text_colour(cmap(1.0)) == "#ffffff"
    assert text_colour(cmap(0.0)) != "#ffffff"
    # the ramp darkens monotonically (reads as grey levels in black and white)
    lum = [np.dot(cmap(x)[:3], [0.2126, 0.7152, 0.0722]) for x in np.linspace(0, 1, 11)]
    assert all(a > b for a, b in zip(lum, lum[1:]))


def test_white_text_is_used_in_the_svg_for_dark_cells():
    svg = heatmap(np.array([[1.0, 0.0]]), rows=["a"], columns=["b", "c"], locale="en")
    # the text of the dark cell (100%) is white, of the light one (0%) dark
    assert re.search(r'fill: #ffffff"[^>]*>100%</text>', svg)
    assert re.search(r'fill: #1a1a1a"[^>]*>0%</text>', svg)


@pytest.mark.parametrize("kwargs", [
    {"values": np.zeros((2, 2))},
    {"values": np.zeros(6)},
    {"cell_text": [["a"]]},
    {"vmin": 1.0, "vmax": 1.0},
])
def test_shape_and_range_errors(kwargs):
    args = {"values": VALUES, "rows": ROWS, "columns": COLUMNS, "locale": "de", **kwargs}
    values = args.pop("values")
    with pytest.raises(ValueError):
        heatmap(values, **args)
