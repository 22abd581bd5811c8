"""``notes.txt``: what an export holds, what it leaves out and why, in German and English.

The same lines go into the SPSS files' document notes (wrapped to SPSS's 80 bytes a line).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kosieval.export.tables import StudyTables

NOTES_NAME = "notes.txt"

_MISSING = {
    "csv": ("Fehlende Werte sind leere Zellen; welche Codes fehlend bedeuten, steht in codebook.csv "
            "(missing_codes). / Missing values are empty cells; codebook.csv lists the missing codes."),
    "sav": ("Fehlende Codes stehen wie im Rohexport in den Zellen (z. B. -9) und sind als benutzerdefiniert "
            "fehlend deklariert; leere oder ungültige Werte sind systemfehlend. / Missing codes are in the cells "
            "as in the raw export (e.g. -9) and declared user-missing; empty or invalid values are system-missing."),
    "parquet": ("Fehlende Werte sind NA; Variablen- und Wertelabels und die fehlenden Codes stehen als JSON in "
                "den Metadaten unter 'kosieval'. / Missing values are NA; variable and value labels and the missing "
                "codes are JSON in the file metadata under 'kosieval'."),
}
_DIALECT = {
    False: ("CSV: UTF-8 ohne BOM, Komma, Dezimalpunkt (für R, pandas, SPSS). Für Excel: --excel. / CSV: UTF-8 "
            "without BOM, comma, decimal point (for R, pandas, SPSS). For Excel: --excel."),
    True: ("CSV für deutsches Excel: UTF-8 mit BOM, Semikolon, Dezimalkomma. / CSV for German Excel: UTF-8 with "
           "BOM, semicolon, decimal comma."),
}


def notes_lines(tables: StudyTables, *, format: str, excel: bool = False, prefixed: int = 0) -> list[str]:
    """The lines of ``notes.txt``.

    Parameters
    ----------
    tables
        The exported tables (with what was left out).
    format
        ``csv``, ``sav`` or ``parquet``.
    excel
        The CSV dialect for German Excel was used.
    prefixed
        CSV cells that got a leading ``'`` against formula injection.

    Returns
    -------
    list[str]
        Bilingual lines ("deutsch / english").
    """
    lines = [f"kosieval-Datenexport / data export: {tables.study_id} ({tables.city}), Format / format: {format}",
             ""]
    lines.append("Tabellen / tables:")
    for table in tables.tables:
        origin = f", {table.instrument} {table.wave}" if table.instrument else ""
        lines.append(f"  {table.name}: {len(table.data)} Zeilen / rows{origin}")
    lines += ["", _MISSING[format]]
    lines.append("Skalenwerte wie im Bericht (Umpolung, Mindestzahl gültiger Items; siehe Variablenbeschreibung). / "
                 "Scale scores as in the report (reverse keying, minimum valid items; see the variable notes).")
    if format == "csv":
        lines.append(_DIALECT[excel])
        lines.append(f"Zellen, die mit = + - @ beginnen und keine Zahl sind, beginnen mit ' (gegen Excel-Formeln): "
                     f"{prefixed}. / Cells starting with = + - @ that are not numbers start with ' (against Excel "
                     f"formulas): {prefixed}.")
    absent = [f"{t.name}.{c}" for t in tables.tables for c in t.absent]
    if absent:
        lines.append("Leer, weil nicht im Export der Plattform / empty, not in the platform's export: "
                     + ", ".join(absent))
    lines += ["", "Nicht exportiert (Datenschutz) / not exported (privacy):"]
    for exclusion in tables.excluded:
        lines.append(f"  {exclusion.table}.{exclusion.column}: {exclusion.reason.de} / {exclusion.reason.en}")
    if tables.coding:
        withheld = tables.withheld_texts
        lines.append(f"  interview_segments.text: bei {withheld} Segmenten leer, weil das Interview keine "
                     f"Einwilligung zum Zitieren hat (consent_quote) / empty for {withheld} segments whose "
                     "interview has no consent to quote (consent_quote)")
    lines.append("  Personenbezogene Spalten des Rohexports (Token, IP, E-Mail, Namen) werden schon beim Import "
                 "entfernt, außer privacy.allow_personal_columns ist gesetzt. / Personal columns of the raw export "
                 "(token, IP, e-mail, names) are dropped on import unless privacy.allow_personal_columns is set.")
    return lines


def write_notes(lines: Sequence[str], path: Path) -> Path:
    """Write the notes (UTF-8, one line each, final newline); returns ``path``."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sav_notes(lines: Sequence[str], *, width: int = 80) -> list[str]:
    """The notes wrapped at spaces for SPSS document lines (at most ``width`` UTF-8 bytes each)."""
    wrapped: list[str] = []
    for line in lines:
        current = ""
        for word in line.split():
            candidate = f"{current} {word}" if current else word
            if len(candidate.encode("utf-8")) <= width:
                current = candidate
                continue
            if current:
                wrapped.append(current)
            current = word.encode("utf-8")[:width].decode("utf-8", errors="ignore")
        wrapped.append(current)
    return wrapped
