"""Delimited text (CSV/TSV) as records that remember the line they started on.

Python's :mod:`csv` module does the parsing (quoted fields, embedded newlines); this module
adds the line numbers that every ImportLog entry needs and a check that the separator is the
one the platform writes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kosieval.errors import DataFormatError

_NAMES = {",": "Komma/comma", ";": "Semikolon/semicolon", "\t": "Tabulator/tab"}


@dataclass(frozen=True)
class Records:
    """A header and rows of strings, each row with the 1-based line it starts on."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    separator: str

    def where(self, keep: Callable[[tuple[str, ...], int], bool]) -> Records:
        """The records for which ``keep(row, line)`` is true (header and lines kept)."""
        pairs = [(row, line) for row, line in zip(self.rows, self.lines) if keep(row, line)]
        return Records(self.header, tuple(r for r, _ in pairs), tuple(n for _, n in pairs), self.separator)


def read_records(text: str, *, path: Path, separator: str, platform: str) -> Records:
    """Split ``text`` into header and rows.

    Parameters
    ----------
    text
        The decoded file.
    path
        The file, for messages.
    separator
        The separator the platform writes.
    platform
        The platform's name, for messages ("LimeSurvey").

    Raises
    ------
    DataFormatError
        When the file is empty, the header does not use ``separator`` (naming the one it
        seems to use), or a row has more fields than the header.
    """
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise DataFormatError("die Datei ist leer / the file is empty", path=path, line=1)
    if separator not in first_line:
        found = max(_NAMES, key=first_line.count)
        raise DataFormatError(
            f"{platform} schreibt {_NAMES[separator]} als Trennzeichen, die Kopfzeile nutzt "
            f"aber {_NAMES[found]} / {platform} separates fields with "
            f"{_NAMES[separator].split('/')[1]}, but the header uses {_NAMES[found].split('/')[1]}",
            path=path,
            line=1,
            hint=f"export the file again from {platform} without re-saving it in Excel, "
            "or choose the format that matches the file",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    start = 1
    for record in reader:
        if header is None:
            header = tuple(h.strip() for h in record)
        elif any(field.strip() for field in record):
            if len(record) > len(header):
                if any(f.strip() for f in record[len(header) :]):
                    raise DataFormatError(
                        f"die Zeile hat {len(record)} Felder, die Kopfzeile {len(header)} / the row "
                        f"has {len(record)} fields but the header {len(header)}",
                        path=path,
                        line=start,
                        hint="a separator inside an unquoted value? Export the file again",
                    )
                record = record[: len(header)]
            record += [""] * (len(header) - len(record))
            rows.append(tuple(record))
            lines.append(start)
        start = reader.line_num + 1
    if header is None:
        raise DataFormatError("die Datei ist leer / the file is empty", path=path, line=1)
    duplicates = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicates:
        raise DataFormatError(
            f"Spaltennamen doppelt / column names used twice: {duplicates}",
            path=path,
            line=1,
            hint="every column needs its own name; rename one of them in the export",
        )
    return Records(header, tuple(rows), tuple(lines), separator)
