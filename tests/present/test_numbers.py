"""German and English number formats (the one source for tables and sentences)."""

import math

import pytest

from kosieval.present import numbers as fmt

NB, WJ = "\u00a0", "\u2060"  # no-break space, word joiner (see kosieval.present.numbers)


def visible(text: str) -> str:
    """What a reader sees (and what PDF text extraction gives)."""
    return text.replace(WJ, "").replace(NB, " ")


@pytest.mark.parametrize(("locale", "expected"), [("de", "0,82"), ("en", "0.82")])
def test_decimal_separator(locale, expected):
    assert fmt.number(0.8249, locale=locale) == expected


def test_thousands_minus_sign_and_no_negative_zero():
    assert fmt.number(-1234.5, locale="de", digits=1) == "−1.234,5"
    assert fmt.number(-1234.5, locale="en", digits=1) == "−1,234.5"
    assert fmt.integer(15342, locale="de") == "15.342"
    assert fmt.number(-0.002, locale="de") == "0,00"
    assert fmt.number(-0.005001, locale="de") == "−0,01"


def test_pvalues_apa_without_leading_zero():
    assert visible(fmt.pvalue(0.0264, locale="de")) == ",026"
    assert visible(fmt.pvalue(0.0264, locale="en")) == ".026"
    assert visible(fmt.p_with_operator(0.0004, locale="de")) == "p < ,001"
    assert visible(fmt.p_with_operator(0.0004, locale="en")) == "p < .001"
    assert visible(fmt.p_with_operator(0.2, locale="de", symbol="p (Holm)")) == "p (Holm) = ,200"
    assert fmt.pvalue(0.99996, locale="de") == "1"
    assert fmt.pvalue(math.nan, locale="de") == "–"
    with pytest.raises(ValueError, match="p must"):
        fmt.pvalue(1.2, locale="de")


def test_figures_cannot_break_across_lines():
    assert fmt.pvalue(0.0264, locale="de") == "," + WJ + "026"
    assert fmt.p_with_operator(0.0004, locale="de") == f"p{NB}<{NB},{WJ}001"
    assert fmt.ci(0.05, 0.67, locale="de") == f"[0,05;{NB}0,67]"
    assert fmt.ci_label(0.95, locale="de") == f"95{NB}%-{WJ}KI"


def test_confidence_interval_and_label():
    assert visible(fmt.ci(0.05, 0.67, locale="de")) == "[0,05; 0,67]"
    assert visible(fmt.ci(0.05, 0.67, locale="en")) == "[0.05, 0.67]"
    assert visible(fmt.ci_label(0.95, locale="de")) == "95 %-KI"
    assert visible(fmt.ci_label(0.95, locale="en")) == "95% CI"


def test_missing_values_show_a_dash():
    assert fmt.number(None, locale="de") == "–"
    assert fmt.number(math.nan, locale="en") == "–"


def test_unknown_locale_is_named():
    with pytest.raises(ValueError, match="locale"):
        fmt.number(1.0, locale="fr")


def test_dates_in_both_languages():
    import datetime as dt

    from kosieval.present.numbers import date

    day = dt.date(2026, 11, 24)
    assert date(day, locale="de") == "24. November 2026"
    assert date(day, locale="en") == "24 November 2026"  # British order, as the cover
    assert date(day, locale="de", format="medium") == "24.11.2026"
