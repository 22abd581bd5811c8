"""Diverging stacked Likert bars (kosieval.present.likert)."""

from __future__ import annotations

import numpy as np
import pytest

from kosieval.present.likert import diverging_likert, likert_colours, likert_hatches, likert_offsets

COUNTS = np.array([[1, 2, 3, 10, 4], [5, 6, 2, 1, 6], [0, 0, 0, 0, 0]])
LABELS = ["Erste Aussage", "Zweite Aussage (invers)", "Leere Aussage"]
CATEGORIES = ["gar nicht", "eher nicht", "teils/teils", "eher", "voll"]


@pytest.fixture(scope="module")
def svg_de():
    return diverging_likert(COUNTS, labels=LABELS, categories=CATEGORIES, locale="de", title="Titel")


def test_offsets_centre_the_middle_category():
    percent = np.array([[10.0, 20.0, 30.0, 25.0, 15.0], [25.0, 25.0, 25.0, 25.0, 0.0]])
    # left edge = -(share below the middle + half the middle): -(10 + 20 + 15), -(25 + 25 + 12.5)
    assert likert_offsets(percent) == pytest.approx([-45.0, -62.5])
    even = np.array([[10.0, 40.0, 30.0, 20.0]])
    assert likert_offsets(even) == pytest.approx([-50.0])  # split between the two middle categories


def test_colours_and_hatches_readable_without_colour():
    colours = likert_colours(5)
    assert colours == ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"]  # Okabe–Ito + grey middle
    assert len(set(likert_colours(7))) == 7 and len(likert_colours(4)) == 4
    hatches = likert_hatches(5)
    assert hatches[0] and hatches[-1] and hatches[0] != hatches[-1] and not any(hatches[1:-1])


def test_svg_content(svg_de):
    assert svg_de.startswith("<?xml") and "<svg" in svg_de
    for text in ["Erste Aussage", "Zweite Aussage (invers)", "(keine Antworten)", "teils/teils", "Titel",
                 "Anteil der Antworten in %"]:
        assert text in svg_de, text
    # percentages of the first item: 10/20 = 50 % "eher", 4/20 = 20 % "voll", 3/20 = 15 %
    assert ">50</text>" in svg_de and ">15</text>" in svg_de  # text kept as text (svg.fonttype none)
    assert "<pattern" in svg_de  # hatched extremes


def test_german_and_english_axis_numbers():
    counts = np.array([[1, 1, 1, 1, 6]])  # 60 % "voll": axis reaches 75
    de = diverging_likert(counts, labels=["a"], categories=CATEGORIES, locale="de")
    en = diverging_likert(counts, labels=["a"], categories=CATEGORIES, locale="en")
    assert "Share of answers (%)" in en and "Anteil der Antworten" in de
    assert "75" in de and "−" not in de.split("</defs>")[-1]  # axis shows absolute percentages


def test_same_data_same_bytes(svg_de):
    again = diverging_likert(COUNTS, labels=LABELS, categories=CATEGORIES, locale="de", title="Titel")
    assert again == svg_de
    other = diverging_likert(COUNTS + 1, labels=LABELS, categories=CATEGORIES, locale="de", title="Titel")
    assert other != svg_de


@pytest.mark.parametrize(("counts", "labels", "categories", "match"), [
    (np.array([1, 2, 3]), ["a"], ["x", "y", "z"], "counts: must be 2-D"),
    (np.array([[1, -2, 3]]), ["a"], ["x", "y", "z"], "non-negative"),
    (np.array([[1, np.nan, 3]]), ["a"], ["x", "y", "z"], "finite"),
    (np.array([[1, 2, 3]]), ["a", "b"], ["x", "y", "z"], "labels"),
    (np.array([[1, 2, 3]]), ["a"], ["x", "y"], "categories"),
    (np.array([[1]]), ["a"], ["x"], "at least 2 categories"),
])
def test_invalid_input(counts, labels, categories, match):
    with pytest.raises(ValueError, match=match):
        diverging_likert(counts, labels=labels, categories=categories, locale="de")
