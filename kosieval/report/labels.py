"""The fixed words of a report (headings, captions, footer) in German and English.

Dates and counts are formatted with Babel for the report's locale (``de`` → ``de_DE``,
``en`` → ``en_GB``: "24. November 2026" / "24 November 2026").
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

from babel.numbers import format_decimal

from kosieval.present import numbers as fmt

BABEL_LOCALES: Mapping[str, str] = MappingProxyType({"de": "de_DE", "en": "en_GB"})

_DE = {
    "contents": "Inhaltsverzeichnis",
    "list_of_tables": "Tabellenverzeichnis",
    "list_of_figures": "Abbildungsverzeichnis",
    "summary": "Das Wichtigste in Kürze",
    "key_findings": "Zentrale Ergebnisse",
    "key_figures": "Kennzahlen",
    "interpretation": "Einordnung",
    "recommendations": "Empfehlungen",
    "recommendations_more": "Ausführlich in Kapitel {number}",
    "instruments": "Instrumente",
    "about_study": "Über diese Studie",
    "transfer_missing": (
        "Das Transfermodul wurde für diesen Bericht nicht ausgeführt; er enthält deshalb nur die "
        "Zusammenfassung, die Empfehlungen und die Datenherkunft."
    ),
    "methods": "Methoden",
    "appendix": "Anhang",
    "provenance": "Datenherkunft",
    "page": "Seite",
    "of": "von",
    "table": "Tabelle",
    "figure": "Abbildung",
    "note": "Anmerkung",
    "kind_evaluation": "Evaluationsbericht der Testphase",
    "kind_transfer": "Transferbericht",
    "kind_comparison": "Städtevergleich",
    "about_comparison": "Über diesen Vergleich",
    "authors": "Autorinnen und Autoren",
    "date": "Stand",
    "inputs": "Eingabedateien",
    "file": "Datei",
    "size_bytes": "Größe (Bytes)",
    "sha256": "SHA-256",
    "versions": "Verwendete Software",
    "package": "Paket",
    "version": "Version",
    "configuration": "Studienkonfiguration (study.yaml)",
    "provenance_intro": (
        "Dieser Bericht wurde am {date} erstellt. Die Eingabedateien sind durch ihre "
        "SHA-256-Prüfsummen eindeutig bestimmt; mit denselben Dateien, derselben "
        "Konfiguration und denselben Softwareversionen entsteht derselbe Bericht."
    ),
    "no_inputs": "Keine Eingabedateien verzeichnet.",
}

_EN = {
    "contents": "Contents",
    "list_of_tables": "List of tables",
    "list_of_figures": "List of figures",
    "summary": "Summary",
    "key_findings": "Key findings",
    "key_figures": "Key figures",
    "interpretation": "Interpretation",
    "recommendations": "Recommendations",
    "recommendations_more": "In detail in chapter {number}",
    "instruments": "Instruments",
    "about_study": "About this study",
    "transfer_missing": (
        "The transfer module did not run for this report; it therefore holds only the summary, "
        "the recommendations and the data provenance."
    ),
    "methods": "Methods",
    "appendix": "Appendix",
    "provenance": "Data provenance",
    "page": "Page",
    "of": "of",
    "table": "Table",
    "figure": "Figure",
    "note": "Note",
    "kind_evaluation": "Evaluation report of the test phase",
    "kind_transfer": "Transfer report",
    "kind_comparison": "City comparison",
    "about_comparison": "About this comparison",
    "authors": "Authors",
    "date": "Date",
    "inputs": "Input files",
    "file": "File",
    "size_bytes": "Size (bytes)",
    "sha256": "SHA-256",
    "versions": "Software used",
    "package": "Package",
    "version": "Version",
    "configuration": "Study configuration (study.yaml)",
    "provenance_intro": (
        "This report was created on {date}. The input files are identified by their "
        "SHA-256 checksums; the same files, configuration and software versions produce "
        "the same report."
    ),
    "no_inputs": "No input files recorded.",
}

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"de": MappingProxyType(_DE), "en": MappingProxyType(_EN)}
)


def labels_for(locale: str) -> Mapping[str, str]:
    """Return the label table of one report locale.

    Parameters
    ----------
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    Mapping[str, str]
        Read-only mapping from label key (``"contents"``) to text.

    Raises
    ------
    ValueError
        If the locale is not supported.
    """
    try:
        return LABELS[locale]
    except KeyError:
        raise ValueError(f"locale must be one of {tuple(LABELS)}, got {locale!r}") from None


def format_long_date(date: _dt.date, *, locale: str) -> str:
    """Format a date the long way for the report locale.

    Parameters
    ----------
    date
        The date.
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    str
        ``"24. November 2026"`` (de) or ``"24 November 2026"`` (en).
    """
    labels_for(locale)
    return fmt.date(date, locale=locale)


def format_count(value: int, *, locale: str) -> str:
    """Format an integer with the locale's grouping (``12.345`` / ``12,345``).

    Parameters
    ----------
    value
        The integer.
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    str
        The formatted number.
    """
    labels_for(locale)
    return format_decimal(value, locale=BABEL_LOCALES[locale])


def numbered(kind: str, number: int, *, locale: str) -> str:
    """Return a caption label such as ``"Tabelle 3"`` or ``"Figure 2"``.

    Parameters
    ----------
    kind
        ``"table"`` or ``"figure"``.
    number
        The running number (1-based).
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    str
        The label.
    """
    if kind not in ("table", "figure"):
        raise ValueError(f"kind must be 'table' or 'figure', got {kind!r}")
    return f"{labels_for(locale)[kind]} {number}"
