"""Check the built example report (PDF): length, chapter headings, German numbers, bookmarks.

Usage::

    python .ci/check_report.py out/kosieval-beispielbericht.pdf

Exit code 0 when every check passes, 1 with one line per failed check otherwise (2 for a
usage error). The headings are those of the German example report (``kosieval example``);
when the example study gets another chapter, add it to :data:`HEADINGS`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

#: The example report is 56 pages long; fewer than this means chapters went missing.
MIN_PAGES = 30

#: The PDF bookmarks of the German example report, in order (as built by `kosieval example`).
HEADINGS = (
    "Inhaltsverzeichnis",
    "Das Wichtigste in Kürze",
    "Methoden",
    "1 Beteiligung",
    "2 Zusammenarbeit auf Augenhöhe",
    "3 Veränderungen von T0 zu T1",
    "4 Themen der Interviews",
    "5 Gemeinsame Darstellung",
    "6 Transfer in andere Städte",
    "7 Empfehlungen",
    "Tabellenverzeichnis",
    "Abbildungsverzeichnis",
    "Anhang",
    "A Instrumente",
    "B Reliabilität der Skalen",
    "C Intercoder-Übereinstimmung",
    "D Datenqualität",
    "E Datenherkunft",
)

#: A figure with a decimal comma as the German report writes it ("α = 0,82", "3,73").
GERMAN_NUMBER = re.compile(r"(?<![\d.,])\d+,\d+(?![\d,])")
#: A statistic with a decimal point ("α = 0.82") would mean English number formatting leaked in.
ENGLISH_STATISTIC = re.compile(r"[αωκ] = \d+\.\d+")


def _titles(outline: list) -> list[str]:
    """The bookmark titles, depth first."""
    titles: list[str] = []
    for entry in outline:
        if isinstance(entry, list):
            titles += _titles(entry)
        else:
            titles.append(str(entry.title))
    return titles


def check_report(path: Path) -> list[str]:
    """Return one message per failed check of the PDF at ``path`` (empty when it passes).

    Parameters
    ----------
    path
        The German example report.
    """
    try:
        reader = PdfReader(path)
        pages = len(reader.pages)
    except (OSError, PdfReadError) as exc:
        return [f"{path}: kein lesbares PDF / not a readable PDF ({exc})"]
    problems = []
    if pages < MIN_PAGES:
        problems.append(f"{path}: {pages} Seiten / pages, erwartet / expected at least {MIN_PAGES}")
    titles = _titles(reader.outline)
    if not titles:
        problems.append(f"{path}: keine Lesezeichen / no bookmarks (PDF outline is empty)")
    missing = [h for h in HEADINGS if h not in titles]
    if missing:
        problems.append(f"{path}: Kapitel fehlen in den Lesezeichen / headings missing from the bookmarks: "
                        + "; ".join(missing) + f" (found: {'; '.join(titles) or 'none'})")
    elif [t for t in titles if t in HEADINGS] != list(HEADINGS):
        problems.append(f"{path}: Kapitel in falscher Reihenfolge / headings out of order: {'; '.join(titles)}")
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    if not GERMAN_NUMBER.search(text):
        problems.append(f"{path}: keine Zahl mit Dezimalkomma / no figure with a decimal comma (German numbers)")
    english = ENGLISH_STATISTIC.findall(text)
    if english:
        problems.append(f"{path}: Dezimalpunkt statt -komma / decimal point instead of comma: {english[:3]}")
    return problems


def main(argv: list[str]) -> int:
    """Check the PDF named in ``argv``; print the result; return the exit code."""
    if len(argv) != 1:
        print("usage: python .ci/check_report.py REPORT.pdf", file=sys.stderr)
        return 2
    path = Path(argv[0])
    problems = check_report(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{path}: ok ({len(PdfReader(path).pages)} Seiten/pages, {len(HEADINGS)} Kapitel/headings, "
          "Dezimalkomma/decimal comma, Lesezeichen/bookmarks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
