"""present.text.shorten: one rule for quotes, joint displays and running headers."""

from __future__ import annotations

import pytest

from kosieval.present.text import collapse_whitespace, shorten


def test_short_text_only_collapsed():
    assert shorten("  kurz\n und \t gut ", 20) == "kurz und gut" == collapse_whitespace("  kurz\n und \t gut ")


def test_cut_at_a_word_boundary_with_ellipsis():
    # "Eins zwei drei vier" is 19 characters; the 20th is a space, so "vier" is whole.
    assert shorten("  Eins zwei\n drei   vier fünf sechs sieben acht  ", 20) == "Eins zwei drei vier…"
    # a limit inside "fünf": the partial word is dropped, not shown as "fü…"
    assert shorten("Eins zwei drei vier fünf sechs", 23) == "Eins zwei drei vier…"
    text = "Wort " * 50
    short = shorten(text, 160)
    assert len(short) <= 160 and short.endswith("Wort…")


def test_trailing_punctuation_dropped_before_the_ellipsis():
    assert shorten("Erster Satz. Zweiter Satz folgt hier", 14) == "Erster Satz…"
    assert shorten("Stadt, Land, Fluss und mehr", 13) == "Stadt, Land…"


def test_one_long_word_is_cut_inside():
    assert shorten("Donaudampfschifffahrtsgesellschaft", 10) == "Donaudamp…"


def test_limit_checked():
    with pytest.raises(ValueError, match="limit"):
        shorten("abc", 1)
