"""Plain CSV/TSV files and Excel workbooks, as researchers save them by hand.

No platform rules apply: the first row names the columns, every other non-empty row is a
response. What was detected (encoding, separator, decimal mark, sheet) is reported in
``RawExport.detected``.

Excel cells keep their types (numbers, text, dates). Formulas are never evaluated: the value
Excel stored with the workbook is read (openpyxl ``data_only=True``); a formula without a
stored value (a workbook written by another program) is kept as its text, e.g.
``=HYPERLINK("…")``, and logged, so nothing is lost and nothing runs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.io.delimited import check_column_names, read_table, separator_name
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.raw import RawExport
from kosieval.io.values import cell_text
from kosieval.model.importlog import LogEntry


def read_csv_file(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    decimal: str | None = None,
    text_columns: Collection[str] = (),
    file: str | None = None,
) -> RawExport:
    """Read a CSV or TSV file of any common dialect.

    Detection order: encoding (BOM, UTF-16, UTF-8, cp1252), separator (comma, semicolon or
    tab, whichever the header uses most), decimal mark (comma when the numbers of a semicolon
    or tab file use one). Each can be overridden.

    Parameters
    ----------
    path
        The file (never written to).
    encoding, separator, decimal
        Overrides of the detection.
    text_columns
        Columns to keep as text (ids with leading zeros, text items).
    file
        The file's name for the log (default: its name).

    Returns
    -------
    RawExport
    """
    name = file or path.name
    decoded = decode_file(path, encoding=encoding)
    log = [guessed_encoding_entry(name, decoded)] if decoded.fallback else []
    table = read_table(decoded.text, path=path, separator=separator, decimal=decimal, text_columns=text_columns)
    return RawExport(
        data=table.data,
        path=path,
        format="csv",
        detected={"format": "CSV", "encoding": decoded.description,
                  "separator": separator_name(table.separator),
                  "decimal": "comma" if table.decimal == "," else "point"},
        decimal=table.decimal,
        log=tuple(log),
    )


def read_xlsx(
    path: Path,
    *,
    sheet: str | None = None,
    text_columns: Collection[str] = (),
    file: str | None = None,
    header_row: int = 1,
) -> RawExport:
    """Read one sheet of an Excel workbook (.xlsx/.xlsm).

    Parameters
    ----------
    path
        The workbook (opened read-only; never written to).
    sheet
        The sheet's name (default: the first sheet).
    text_columns
        Columns whose numbers are turned back into text (ids).
    file
        The file's name for the log (default: its name).
    header_row
        The row holding the column names (1-based, as Excel numbers rows).

    Returns
    -------
    RawExport
        ``data`` is indexed by the Excel row number.
    """
    name = file or path.name
    rows, sheet_name = _sheet_rows(path, sheet=sheet)
    log: list[LogEntry] = []
    if any(v is None for row in rows for v in row):
        formulas, _ = _sheet_rows(path, sheet=sheet_name, data_only=False)
        rows = [list(row) for row in rows]
        for r, (row, raw_row) in enumerate(zip(rows, formulas)):
            for c, (value, raw_value) in enumerate(zip(row, raw_row)):
                if value is None and isinstance(raw_value, str) and raw_value.startswith("="):
                    row[c] = raw_value
                    log.append(LogEntry(name, r + 1, _column_name(rows[header_row - 1], c), raw_value, raw_value,
                                        "formula kept as text", "a formula without a value stored by Excel; it "
                                        "was not evaluated and is kept as text", "warning"))
    if len(rows) < header_row:
        raise DataFormatError("das Tabellenblatt ist leer / the sheet is empty", path=path, line=header_row,
                              hint=f"sheet {sheet_name!r} has no header row")
    header = [("" if v is None else str(v).strip()) for v in rows[header_row - 1]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise DataFormatError(f"die Kopfzeile des Tabellenblatts {sheet_name!r} ist leer / the header row of sheet "
                              f"{sheet_name!r} is empty", path=path, line=header_row,
                              hint=f"row {header_row} must hold the column names")
    check_column_names(header, path=path, line=header_row)
    names = [h or f"(Spalte/column {i + 1})" for i, h in enumerate(header)]
    records: list[list[object]] = []
    lines: list[int] = []
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        cells = list(row[: len(names)]) + [None] * (len(names) - len(row))
        extra = [v for v in row[len(names):] if v not in (None, "")]
        if extra:
            raise DataFormatError(f"die Zeile hat Werte rechts der letzten benannten Spalte / the row has values "
                                  f"right of the last named column: {extra[:3]}", path=path, line=number,
                                  hint="give that column a name in the header row")
        cells = [None if (isinstance(v, str) and not v.strip()) else v for v in cells]
        if all(v is None for v in cells):
            continue
        records.append(cells)
        lines.append(number)
    data = pd.DataFrame(records, columns=names, index=pd.Index(lines, name="line"))
    data = data.infer_objects()
    for column in text_columns:
        if column in data.columns:
            data[column] = data[column].map(cell_text, na_action="ignore").astype("string")
    for i, h in enumerate(header):
        if not h and data[names[i]].isna().all():
            data = data.drop(columns=names[i])
    return RawExport(
        data=data,
        path=path,
        format="xlsx",
        detected={"format": "Excel workbook", "sheet": sheet_name},
        log=tuple(log),
    )


def _column_name(header: list[object] | tuple[object, ...], index: int) -> str:
    value = header[index] if index < len(header) else None
    return f"(Spalte/column {index + 1})" if value is None or not str(value).strip() else str(value).strip()


def xlsx_header(path: Path, *, sheet: str | None = None) -> tuple[str, ...]:
    """The first row of a sheet as text (for format detection); empty when it cannot be read."""
    try:
        rows, _ = _sheet_rows(path, sheet=sheet, max_row=1)
    except DataFormatError:
        return ()
    return tuple("" if v is None else str(v).strip() for v in (rows[0] if rows else ()))


def _sheet_rows(path: Path, *, sheet: str | None, max_row: int | None = None,
                data_only: bool = True) -> tuple[list[tuple[object, ...]], str]:
    """All rows (or the first ``max_row``) of one sheet (default: the first) as tuples of cell values."""
    sheets = workbook_sheets(path, data_only=data_only, max_row=max_row, only=sheet)
    return sheets[sheet or next(iter(sheets))], sheet or next(iter(sheets))


def workbook_sheets(path: Path, *, data_only: bool = True, max_row: int | None = None,
                    only: str | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's rows (or just sheet ``only``) as value tuples.

    The workbook is opened read-only; openpyxl parses its XML with defusedxml when that is
    installed (a kosieval dependency), so entity declarations are refused.

    Raises
    ------
    DataFormatError
        Not a readable workbook, XML with entity declarations (a possible entity bomb),
        broken XML (naming line and column), or no sheet ``only`` (naming the sheets).
    """
    import openpyxl
    from defusedxml.common import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        try:
            names = workbook.sheetnames
            if only is not None and only not in names:
                raise DataFormatError(f"das Tabellenblatt fehlt / the sheet {only!r} does not exist", path=path,
                                      hint="sheets in this workbook: " + ", ".join(names))
            chosen = [only] if only is not None else names
            return {name: [tuple(row) for row in workbook[name].iter_rows(values_only=True, max_row=max_row)]
                    for name in chosen}
        finally:
            workbook.close()
    except DataFormatError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, DefusedXmlException, ElementTree.ParseError, KeyError,
            OSError, ValueError, IndexError) as exc:
        cause = _root_cause(exc)
        if isinstance(cause, DefusedXmlException):
            raise DataFormatError(
                "die Arbeitsmappe enthält XML-Entity-Deklarationen und wird nicht gelesen / the workbook contains XML "
                "entity declarations (a possible entity bomb) and was refused",
                path=path,
                hint="open the file in Excel or LibreOffice, save it again as .xlsx and pass the new file",
            ) from None
        if isinstance(cause, ElementTree.ParseError):
            line, column = cause.position
            raise DataFormatError(
                f"die Arbeitsmappe enthält fehlerhaftes XML / the workbook contains broken XML ({cause})",
                path=path,
                line=line,
                column=f"XML character {column}",
                hint="the file is damaged: download or export it again",
            ) from None
        raise DataFormatError(
            f"keine lesbare Excel-Datei / not a readable Excel workbook (.xlsx): {cause}",
            path=path,
            hint="save it again from Excel as .xlsx (an old .xls must be converted)",
        ) from None


def _root_cause(exc: BaseException) -> BaseException:
    """The XML error behind openpyxl's "could not read worksheets", else ``exc`` itself."""
    from defusedxml.common import DefusedXmlException

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (DefusedXmlException, ElementTree.ParseError)):
            return seen
        seen = seen.__cause__ or seen.__context__
    return exc
