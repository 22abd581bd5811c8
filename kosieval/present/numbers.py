"""Locale-aware number formatting: the one source for tables and sentences.

German conventions: decimal comma (``0,82``), thousands dot, ``p = ,026`` (APA: no leading
zero for p), ``95 %-KI [0,05; 0,67]``. English: ``0.82``, ``p = .026``,
``95% CI [0.05, 0.67]``. Babel does the digits; this module adds the APA rules.

Line breaks: a figure must not be split across lines in the PDF. Spaces inside a figure
are no-break spaces (U+00A0) and a WORD JOINER (U+2060, invisible, dropped by text
extraction) follows the leading separator of a p-value (``,\u2060026``) and the hyphen of
``%-KI``, where the line breaker would otherwise break.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

_LOCALES = {"de": "de_DE", "en": "en_GB"}  # en_GB: "24 November 2026", numbers as en_US
DASH = "–"
NBSP = "\u00a0"
WJ = "\u2060"


def babel_locale(locale: str) -> str:
    """Map "de"/"en" to the Babel locale; ValueError naming ``locale`` otherwise."""
    key = locale.split("_")[0].lower()
    if key not in _LOCALES:
        raise ValueError(f"locale must be 'de' or 'en', got {locale!r}")
    return _LOCALES[key]


def number(value: float | None, *, locale: str, digits: int = 2) -> str:
    """Format ``value`` with exactly ``digits`` decimals ("0,82"); NA/NaN gives "–".

    Parameters
    ----------
    value
        The number.
    locale
        "de" or "en".
    digits
        Decimals shown (rounded half to even, as Babel does).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    try:
        if math.isnan(float(value)):
            return DASH
    except TypeError:
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN) == 0:
        value = 0.0  # no "−0,00"
    text = format_decimal(value, format=pattern, locale=babel_locale(locale),
                          decimal_quantization=True)
    return text.replace("-", "−")


def integer(value: int | None, *, locale: str) -> str:
    """Format a count with the thousands separator of ``locale`` ("1.234")."""
    if value is None:
        return DASH
    return number(value, locale=locale, digits=0)


def pvalue(p: float | None, *, locale: str, digits: int = 3) -> str:
    """Format a p-value APA style without the leading zero: ",026", "< ,001".

    Parameters
    ----------
    p
        The p-value.
    locale
        "de" or "en".
    digits
        Decimals (3 as APA recommends).
    """
    if p is None or math.isnan(p):
        return DASH
    if not 0 <= p <= 1:
        raise ValueError(f"p must lie in [0, 1], got {p!r}")
    threshold = 10 ** -digits
    if p < threshold:
        return "<" + NBSP + _strip_zero(number(threshold, locale=locale, digits=digits))
    rounded = float(Decimal(repr(float(p))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN))
    if rounded >= 1:
        return number(1.0, locale=locale, digits=digits).replace("1" + _sep(locale) + "0" * digits, "1")
    return _strip_zero(number(p, locale=locale, digits=digits))


def p_with_operator(p: float | None, *, locale: str, symbol: str = "p") -> str:
    """``p = ,026`` or ``p < ,001`` (``symbol`` replaces the "p", e.g. "p (Holm)")."""
    text = pvalue(p, locale=locale)
    return f"{symbol}{NBSP}{text}" if text.startswith("<") else f"{symbol}{NBSP}={NBSP}{text}"


def _sep(locale: str) -> str:
    return "," if babel_locale(locale).startswith("de") else "."


def _strip_zero(text: str) -> str:
    for separator in (",", "."):
        if text.startswith("0" + separator):
            return separator + WJ + text[2:]
    return text


def coefficient(value: float | None, *, locale: str, digits: int = 2) -> str:
    """A value that cannot exceed 1 in absolute value, without the leading zero (APA): ",45", "−,12".

    For correlations, Cramér's V and shares of explained variance; reliability and agreement
    coefficients keep the zero (``number``), as DESIGN.md §1 writes "α = 0,82".
    """
    text = number(value, locale=locale, digits=digits)
    if text.startswith("−"):
        return "−" + _strip_zero(text[1:])
    return _strip_zero(text)


def ci(low: float | None, high: float | None, *, locale: str, digits: int = 2) -> str:
    """A confidence interval: "[0,05; 0,67]" (de) or "[0.05, 0.67]" (en)."""
    joiner = ";" + NBSP if babel_locale(locale).startswith("de") else "," + NBSP
    return f"[{number(low, locale=locale, digits=digits)}{joiner}{number(high, locale=locale, digits=digits)}]"


def ci_label(level: float, *, locale: str) -> str:
    """Label a CI: "95 %-KI" (de) or "95% CI" (en)."""
    percent = number(level * 100, locale=locale, digits=0 if (level * 100).is_integer() else 1)
    return f"{percent}{NBSP}%-{WJ}KI" if babel_locale(locale).startswith("de") else f"{percent}%{NBSP}CI"


def percent(value: float | None, *, locale: str, digits: int = 0) -> str:
    """A share as percent: "12 %" (de, with a narrow space) or "12%" (en)."""
    if value is None or math.isnan(value):
        return DASH
    text = number(value * 100, locale=locale, digits=digits)
    return f"{text}\u202f%" if babel_locale(locale).startswith("de") else f"{text}%"


def date(value: dt.date, *, locale: str, format: str = "long") -> str:
    """A date as the report writes it: ``"24. November 2026"`` (de) or ``"24 November 2026"`` (en).

    Parameters
    ----------
    value
        The date.
    locale
        "de" or "en".
    format
        Babel's date format: "long" (default), "medium" ("24.11.2026" / "24 Nov 2026"), "short".
    """
    return format_date(value, format=format, locale=babel_locale(locale))
