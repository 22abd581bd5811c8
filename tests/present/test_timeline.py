"""The participation-over-time chart (stacked bars per event, hatched per group)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from kosieval.present.timeline import HATCHES, participation_timeline

DATES = [dt.date(2026, 3, 5), dt.date(2026, 4, 9), dt.date(2026, 4, 9), dt.date(2026, 6, 30)]
COUNTS = np.array([[4, 1, 10], [2, 0, 3], [1, 1, 1], [3, 2, 6]])
GROUPS = ["Verwaltung", "Politik", "Zivilgesellschaft"]


@pytest.fixture(scope="module")
def svg_de():
    return participation_timeline(DATES, COUNTS, groups=GROUPS, locale="de", ylabel="Teilnahmen")


def test_same_data_same_bytes(svg_de):
    assert participation_timeline(DATES, COUNTS, groups=GROUPS, locale="de", ylabel="Teilnahmen") == svg_de


def test_text_kept_and_labelled(svg_de):
    assert svg_de.lstrip().startswith("<?xml")
    for text in [*GROUPS, "Teilnahmen", "Mär", "Apr", "Jun", "2026"]:
        assert text in svg_de, text
    assert "Date" not in re.findall(r"<dc:(\w+)", svg_de)


def test_english_month_names():
    svg = participation_timeline(DATES, COUNTS, groups=GROUPS, locale="en", ylabel="Attendances")
    assert "Mar" in svg and "Attendances" in svg
    assert "Mär" not in svg


def test_hatches_tell_groups_apart(svg_de):
    # one pattern per hatched group (the first group is plain): readable in black and white
    assert len(set(re.findall(r'<pattern id="(\w+)"', svg_de))) == len(GROUPS) - 1
    assert len(set(HATCHES)) == len(HATCHES)
    assert len(svg_de) < 150_000  # line hatches only: dotted hatches write hundreds of kB


def test_bars_stack_to_totals():
    """The bar tops are the event totals: the y axis reaches the largest total (15) and no further than 5 % more."""
    import matplotlib.pyplot as plt

    from kosieval.present import timeline

    captured = {}
    original = timeline.to_svg

    def keep(figure):
        captured["ylim"] = figure.axes[0].get_ylim()
        captured["heights"] = sorted(p.get_height() for p in figure.axes[0].patches)
        plt.close(figure)
        return ""

    timeline.to_svg = keep
    try:
        participation_timeline(DATES, COUNTS, groups=GROUPS, locale="de", ylabel="n")
    finally:
        timeline.to_svg = original
    assert captured["ylim"] == pytest.approx((0, 15 * 1.05))
    assert captured["heights"] == sorted(COUNTS.ravel().astype(float).tolist())


@pytest.mark.parametrize(("counts", "message"), [
    (np.ones((3, 3)), "shape"),
    (-np.ones((4, 3)), "negative"),
])
def test_bad_counts(counts, message):
    with pytest.raises(ValueError, match=message):
        participation_timeline(DATES, counts, groups=GROUPS, locale="de", ylabel="n")


def test_bad_locale():
    with pytest.raises(ValueError, match="locale"):
        participation_timeline(DATES, COUNTS, groups=GROUPS, locale="fr", ylabel="n")
