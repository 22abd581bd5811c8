"""The activity log as German Excel saves it: semicolon, decimal comma, dd.mm.yyyy dates.

Expected header (order free, case as written)::

    Datum;Format;Thema;Ort;Dauer (h);Verwaltung;Politik;Wirtschaft;Wissenschaft;
    Zivilgesellschaft;Teilnehmende gesamt
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.io.delimited import read_records
from kosieval.io.encoding import decode_file
from kosieval.model.activities import ACTOR_GROUPS, Activities
from kosieval.model.importlog import LogEntry

COLUMNS = {
    "Datum": "date",
    "Format": "format",
    "Thema": "topic",
    "Ort": "place",
    "Dauer (h)": "duration_h",
    **{group: group for group in ACTOR_GROUPS},
    "Teilnehmende gesamt": "total",
}


def _german_number(text: str) -> float:
    """Parse "1.234,5" / "2,5" / "3" as a number (German Excel format)."""
    return float(text.strip().replace(".", "").replace(",", "."))


def read_activities(path: Path, *, file: str, encoding: str | None = None) -> tuple[Activities, list[LogEntry]]:
    """Read the activity log.

    Parameters
    ----------
    path
        The CSV (never written to).
    file
        The name used in messages and the log.
    encoding
        The encoding (Excel on Windows: cp1252); a BOM wins.

    Returns
    -------
    (Activities, list of ImportLog entries)

    Raises
    ------
    DataFormatError
        When a required column is missing, or a date or number cannot be read (names the
        line and column).
    """
    decoded = decode_file(path, encoding=encoding)
    records = read_records(decoded.text, path=path, separator=";", platform="Excel (deutsch)")
    missing = [c for c in COLUMNS if c not in records.header]
    if missing:
        raise DataFormatError(
            f"Spalten fehlen / columns missing: {missing}", path=path, line=1,
            hint="the header must name: " + ";".join(COLUMNS),
        )
    log: list[LogEntry] = []
    rows = []
    for row, line in zip(records.rows, records.lines):
        cells = {COLUMNS[h]: row[i].strip() for i, h in enumerate(records.header) if h in COLUMNS}
        try:
            date = dt.datetime.strptime(cells["date"], "%d.%m.%Y").date()
        except ValueError:
            raise DataFormatError(
                f"kein Datum im Format TT.MM.JJJJ / not a date dd.mm.yyyy: {cells['date']!r}",
                path=path, line=line, column="Datum",
            ) from None
        record: dict[str, object] = {"date": pd.Timestamp(date), "format": cells["format"],
                                     "topic": cells["topic"], "place": cells["place"]}
        for key in ("duration_h", *ACTOR_GROUPS, "total"):
            header = next(h for h, k in COLUMNS.items() if k == key)
            if not cells[key]:
                record[key] = pd.NA
                continue
            try:
                record[key] = _german_number(cells[key])
            except ValueError:
                raise DataFormatError(
                    f"keine Zahl / not a number: {cells[key]!r}", path=path, line=line,
                    column=header, hint="write numbers as 2,5 (decimal comma)",
                ) from None
        counts = [record[g] for g in ACTOR_GROUPS]
        if record["total"] is not pd.NA and all(c is not pd.NA for c in counts):
            if sum(counts) > record["total"]:  # type: ignore[operator]
                log.append(LogEntry(file, line, "Teilnehmende gesamt", cells["total"], None,
                                    "checked", "the actor groups add up to more than the "
                                    "total number of participants", "warning"))
        rows.append(record)
    events = pd.DataFrame(rows, columns=list(COLUMNS.values()))
    events = events.astype({"duration_h": "Float64", **{g: "Int64" for g in ACTOR_GROUPS},
                            "total": "Int64", "format": "string", "topic": "string",
                            "place": "string"})
    events["date"] = pd.to_datetime(events["date"])
    return Activities(events=events, file=file), log
