"""Delimited text (CSV/TSV) as tables that remember the line each response started on.

:func:`read_table` is the reader every CSV-based platform uses: it detects the separator
(comma, semicolon, tab) and the decimal mark, lets pandas' C parser do the bulk work, and
adds the 1-based line numbers that every ImportLog entry needs (a quoted field may span
lines, so the n-th response is not always on line n + 1). :func:`read_records` is the
simpler record reader for small files (activity logs).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kosieval.errors import DataFormatError

_NAMES = {",": "Komma/comma", ";": "Semikolon/semicolon", "\t": "Tabulator/tab"}


@dataclass(frozen=True)
class Records:
    """A header and rows of strings, each row with the 1-based line it starts on."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    separator: str


def check_column_names(names: Sequence[str], *, path: Path, line: int) -> None:
    """Raise a DataFormatError naming the column names that the header row uses twice.

    Parameters
    ----------
    names
        The header row (empty names are allowed; they are numbered later).
    path
        The file, for the message.
    line
        The header's line (row) in the file.
    """
    duplicates = sorted({h for h in names if h and names.count(h) > 1})
    if duplicates:
        raise DataFormatError(
            f"Spaltennamen doppelt / column names used twice: {duplicates}",
            path=path,
            line=line,
            hint="every column needs its own name; rename one of them in the export",
        )


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
    check_column_names(header, path=path, line=1)
    return Records(header, tuple(rows), tuple(lines), separator)


_SEPARATORS = (",", ";", "\t")
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")


@dataclass(frozen=True)
class Table:
    """A delimited file read into a DataFrame.

    Parameters
    ----------
    data
        One row per record; index ``line`` = the 1-based line the record starts on; columns
        named by the first header row; numbers where a column holds only numbers (pandas'
        inference), text otherwise; empty cells NA. Rows whose cells are all empty are left out.
    header_rows
        Every header row as text (Qualtrics writes three), the first names the columns.
    separator
        The separator used.
    decimal
        The decimal mark used for numbers (``","`` only for semicolon/tab files).
    """

    data: pd.DataFrame
    header_rows: tuple[tuple[str, ...], ...]
    separator: str
    decimal: str


def separator_name(separator: str, language: str = "en") -> str:
    """The separator in words ("semicolon"; "Semikolon" with ``language="de"``)."""
    de, en = _NAMES.get(separator, f"{separator!r}/{separator!r}").split("/")
    return de if language == "de" else en


def sniff_separator(first_line: str) -> str:
    """The separator among comma, semicolon and tab that the header line uses most (outside quotes)."""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {sep: unquoted.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def sniff_decimal(sample_rows: list[list[str]]) -> str:
    """``","`` when the sample's numbers use decimal commas and none use decimal points."""
    commas = dots = 0
    for row in sample_rows:
        for field in row:
            value = field.strip()
            commas += bool(_COMMA_DECIMAL.match(value))
            dots += bool(_DOT_DECIMAL.match(value))
    return "," if commas and not dots else "."


def read_table(
    text: str,
    *,
    path: Path,
    separator: str | None = None,
    decimal: str | None = None,
    header_rows: int = 1,
    text_columns: Collection[str] = (),
    platform: str = "CSV",
    platform_separator: str | None = None,
) -> Table:
    """Read delimited text into a :class:`Table`.

    Parameters
    ----------
    text
        The decoded file.
    path
        The file, for messages.
    separator
        Use this separator instead of detecting one.
    decimal
        Use this decimal mark instead of detecting one.
    header_rows
        How many rows at the top are headers (1; Qualtrics 3; KoboToolbox with HXL tags 2).
    text_columns
        Columns to keep as text even when they look like numbers (ids with leading zeros,
        text items).
    platform
        The platform's name, for messages.
    platform_separator
        The separator the platform writes. When no ``separator`` is given and the header does
        not use this one, the file was re-saved by another program: a DataFormatError names
        both separators and says how to override.

    Raises
    ------
    DataFormatError
        Empty file, separator other than the platform's, column names used twice, or a row
        with more fields than the header (naming its line).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise DataFormatError("die Datei ist leer / the file is empty", path=path, line=1,
                              hint="the first line must hold the column names")
    found = sniff_separator(first_line)
    if separator is not None and separator not in first_line:
        raise DataFormatError(
            f"die Kopfzeile enthält kein {separator_name(separator, 'de')}, sie nutzt {separator_name(found, 'de')} / "
            f"the header has no {separator_name(separator)}; it uses {separator_name(found)}",
            path=path,
            line=1,
            hint=f"pass separator: {found!r}, or leave the separator out to detect it",
        )
    if separator is None:
        if platform_separator is not None and platform_separator not in first_line:
            raise DataFormatError(
                f"{platform} schreibt {separator_name(platform_separator, 'de')} als Trennzeichen, die "
                f"Kopfzeile nutzt aber {separator_name(found, 'de')} / {platform} separates fields with "
                f"{separator_name(platform_separator)}, but the header uses {separator_name(found)}",
                path=path,
                line=1,
                hint=f"the file was probably re-saved in Excel: export it again from {platform}, or pass "
                f"separator: {found!r} to read it as it is (check dates and ids: Excel changes them)",
            )
        separator = platform_separator or found
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    headers: list[tuple[str, ...]] = []
    sample: list[list[str]] = []
    header_end = 0
    for record in reader:
        if len(headers) < header_rows:
            headers.append(tuple(h.strip() for h in record))
            header_end = reader.line_num
            continue
        sample.append(record)
        if len(sample) >= 200:
            break
    if not headers:
        raise DataFormatError("die Datei ist leer / the file is empty", path=path, line=1)
    names = list(headers[0])
    check_column_names(names, path=path, line=1)
    unnamed = [i for i, name in enumerate(names) if not name]
    for i in unnamed:
        names[i] = f"(Spalte/column {i + 1})"
    if decimal is None:
        decimal = sniff_decimal(sample) if separator != "," else "."
    start = _line_offset(text, header_end)
    present = set(names)
    dtype = {c: str for c in text_columns if c in present}
    encoded = io.BytesIO(text.encode("utf-8"))  # bytes, not io.StringIO: StringIO keeps 4 bytes per character
    encoded.seek(len(text[:start].encode("utf-8")))
    try:
        data = _parse(encoded, separator=separator, names=names, dtype=dtype, decimal=decimal)
    except pd.errors.ParserError as exc:
        _raise_long_row(text[start:], path=path, separator=separator, width=len(names), offset=header_end)
        raise DataFormatError(f"die Datei ist kein lesbares CSV / the file is not readable CSV: {exc}",
                              path=path, hint="export the file again") from None
    except pd.errors.EmptyDataError:
        data = pd.DataFrame(columns=names)
    del encoded
    data.index = pd.Index(_record_lines(text, start, separator, len(data), offset=header_end, path=path), name="line")
    for i in unnamed:
        if data[names[i]].isna().all():
            data = data.drop(columns=names[i])
    empty_rows = data.isna().all(axis=1)
    if empty_rows.any():
        data = data.loc[~empty_rows]
    return Table(data, tuple(headers), separator, decimal)


def _parse(handle: io.BytesIO, *, separator: str, names: list[str], dtype: dict[str, type],
           decimal: str) -> pd.DataFrame:
    """Run the pandas C parser with kosieval's settings: only empty cells are NA, nothing else ("NA" is text)."""
    with warnings.catch_warnings():
        # Chunked parsing (pandas' low_memory, twice as fast here) may see a column as numbers in one
        # chunk and as text in another; the codebook step reads such mixed columns cell by cell.
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        return pd.read_csv(handle, encoding="utf-8", sep=separator, header=None, names=names, index_col=False,
                           dtype=dtype or None, keep_default_na=False, na_values=[""], decimal=decimal,
                           skip_blank_lines=True, engine="c")


def _line_offset(text: str, lines: int) -> int:
    """The index in ``text`` where line ``lines + 1`` starts."""
    position = 0
    for _ in range(lines):
        found = text.find("\n", position)
        if found == -1:
            return len(text)
        position = found + 1
    return position


def _record_lines(text: str, start: int, separator: str, n: int, *, offset: int, path: Path) -> np.ndarray:
    """The 1-based line each of the ``n`` non-blank records of ``text[start:]`` starts on."""
    physical = text.count("\n", start) + (0 if text.endswith("\n") or start >= len(text) else 1)
    if physical == n and text.find("\n\n", start) == -1:
        return np.arange(offset + 1, offset + n + 1)
    reader = csv.reader(io.StringIO(text[start:], newline=""), delimiter=separator)
    starts: list[int] = []
    line = 1
    for record in reader:
        if record:
            starts.append(offset + line)
        line = reader.line_num + 1
    if len(starts) != n:
        raise DataFormatError(
            "die Datei ließ sich nicht eindeutig in Zeilen zerlegen / the file could not be split into "
            f"records consistently ({len(starts)} vs {n})",
            path=path,
            hint="an unbalanced quote character? Export the file again",
        )
    return np.asarray(starts)


def _raise_long_row(body: str, *, path: Path, separator: str, width: int, offset: int) -> None:
    """Find the first record with more fields than the header and raise a DataFormatError naming it."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    start = 1
    for record in reader:
        if len(record) > width and any(f.strip() for f in record[width:]):
            raise DataFormatError(
                f"die Zeile hat {len(record)} Felder, die Kopfzeile {width} / the row has {len(record)} "
                f"fields but the header {width}",
                path=path,
                line=offset + start,
                hint="a separator inside an unquoted value? Export the file again",
            )
        start = reader.line_num + 1
