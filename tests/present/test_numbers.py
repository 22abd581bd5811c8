"""German and English number formats (the one source for tables and sentences)."""

import math

import pytest

from kosieval.present import numbers as fmt


@pytest.mark.parametrize(("locale", "expected"), [("de", "0,82"), ("en", "0.82")])
def test_decimal_separator(locale, expected):
    assert fmt.number(0.8249, locale=locale) == expected


def test_thousands_and_minus_sign():
    assert fmt.number(-1234.5, locale="de", digits=1) == "−1.234,5"
    assert fmt.number(-1234.5, locale="en", digits=1) == "−1,234.5"
    assert fmt.integer(15342, locale="de") == "15.342"


def test_pvalues_apa_without_leading_zero():
    assert fmt.pvalue(0.0264, locale="de") == ",026"
    assert fmt.pvalue(0.0264, locale="en") == ".026"
    assert fmt.p_with_operator(0.0004, locale="de") == "p < ,001"
    assert fmt.p_with_operator(0.0004, locale="en") == "p < .001"
    assert fmt.pvalue(0.99996, locale="de") == "1"
    assert fmt.pvalue(math.nan, locale="de") == "–"
    with pytest.raises(ValueError, match="p must"):
        fmt.pvalue(1.2, locale="de")


def test_confidence_interval_and_label():
    assert fmt.ci(0.05, 0.67, locale="de") == "[0,05; 0,67]"
    assert fmt.ci(0.05, 0.67, locale="en") == "[0.05, 0.67]"
    assert fmt.ci_label(0.95, locale="de") == "95 %-KI"
    assert fmt.ci_label(0.95, locale="en") == "95% CI"


def test_missing_values_show_a_dash():
    assert fmt.number(None, locale="de") == "–"
    assert fmt.number(math.nan, locale="en") == "–"


def test_unknown_locale_is_named():
    with pytest.raises(ValueError, match="locale"):
        fmt.number(1.0, locale="fr")
