"""Unipark / Tivian EFS Survey: the data export as CSV or Excel workbook.

Sources for the layout: Tivian's EFS documentation (qbdocs.atlassian.net: "Disposition
codes", and the page on missing values in exported data) and the variable list, value
labels and missing-value declaration of a real EFS export (the XML export used as test
data by the R package Dectech/DectechR, ``tests/testthat/test_data.xml``, 2016). No real
EFS CSV was available; the reader follows that layout and accepts comma, semicolon or tab.

One header row of variable names. System variables first: ``lfdn`` (running number of the
interview), ``external_lfdn``, ``tester`` (1 = test run by the project team), ``dispcode``
(disposition code, below), ``lastpage``, ``quality``, ``duration`` (seconds); then the
questions ``v_1``, ``v_2`` … (and URL/panel variables ``c_…``, ``p_…``); then ``ext_host
ip_addr browser referer device_type participant_browser … participant_city
participant_latitude participant_longitude quota quota_assignment page_history hflip vflip
output_mode javascript flash session_id language cleaned ats datetime date_of_last_access
date_of_first_mail`` and ``rts<page id>`` (seconds until a page was sent). Personalised
projects add the participant list's variables ``u_…`` (e-mail address, names), all
treated as personal here. A multiple-choice question is one column per option (1 =
chosen, 0 = not chosen); the export does not say which ``v_`` columns belong together.

Disposition codes (``dispcode``; EFS documentation and the value labels of the export):
10 consent page seen, consent not given; 11 not yet invited; 12 invited, link not used;
13 inactive; 14 invitation e-mail could not be delivered; 15 cannot be reached; 16, 17
reserved; 20 not yet started; 21 currently responding; 22 suspended (broke off); 23
resumed after a break, not completed; **31 completed; 32 completed after a break**; 35
rejected at login (quota closed); 36 rejected (quota closed); 37 screened out; 41 quota
full. Only 31 and 32 are completed interviews; the others are left out unless
``include_incomplete``. ``tester`` = 1 marks test runs, left out unless
``include_test_runs``.

Missing values EFS writes (documentation; the XML export declares ``numeric="-77"
text="-66" text_empty="-99" datetime="0000-00-00 00:00:00"``):

- ``0``: a closed question was seen but not answered ("keine Antwort");
- ``-77``: a closed question was not seen (interview broken off, or filtered out);
- ``-66``: a text field was not seen (hidden by a filter);
- ``-99``: a text field was seen and left empty;
- ``0000-00-00 00:00:00`` / ``0``: no date / no timestamp (system variables).

Only -77, -66 and -99 are platform-wide missing codes here: ``0`` clashes with real answers
of 0 in numeric questions (age of children, number of events), so it must be declared as a
missing code per item in the codebook wherever it means "no answer" (closed questions whose
options start at 1).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.io.delimited import read_table, separator_name
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.raw import RawExport
from kosieval.io.spreadsheet import read_xlsx
from kosieval.io.values import cell_text
from kosieval.model.importlog import LogEntry

PLATFORM = "Unipark/EFS"
METADATA = frozenset(
    {
        "lfdn", "external_lfdn", "tester", "dispcode", "lastpage", "quality", "duration", "ext_host", "ip_addr",
        "browser", "referer", "device_type", "quota", "quota_assignment", "quota_rejected_id", "page_history",
        "hflip", "vflip", "output_mode", "javascript", "flash", "session_id", "language", "cleaned", "ats",
        "datetime", "date_of_last_access", "date_of_first_mail",
    }
)
"""EFS system variables; every ``participant_…``, ``rts…`` and ``u_…`` column is metadata too."""
PERSONAL = frozenset(
    {
        "external_lfdn", "ext_host", "ip_addr", "browser", "referer", "session_id", "participant_region",
        "participant_city", "participant_latitude", "participant_longitude",
    }
)
"""System variables with personal data (IP address, host, user agent, referring URL, location);
every ``u_…`` column (participant list of personalised projects) is personal too."""
DISPCODES = {
    10: "consent page seen, consent not given",
    11: "not yet invited",
    12: "invited, link not used yet",
    13: "inactive",
    14: "invitation e-mail could not be delivered",
    15: "cannot be reached",
    16: "reserved status 1",
    17: "reserved status 2",
    20: "not yet started",
    21: "currently responding (interview still open)",
    22: "suspended (broke off)",
    23: "resumed after a break, not completed",
    31: "completed",
    32: "completed after a break",
    35: "rejected at login (quota closed)",
    36: "rejected (quota closed)",
    37: "screened out",
    41: "quota full",
}
"""EFS disposition codes and their meaning."""
COMPLETED = frozenset({31, 32})
MISSING_CODES = frozenset({-77, -66, -99})
"""-77 closed question not seen, -66 text field not seen, -99 text field seen and left empty."""
_ID = "lfdn"
_TEXT_COLUMNS = ("lfdn", "external_lfdn", "session_id")
_SYSTEM_PREFIX = ("participant_", "rts", "u_")
_CODE = re.compile(r"^(?:.*\()?\s*(?P<code>-?\d+)(?:\.0+)?\s*\)?\s*$")


def read_unipark_csv(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    text_columns: Collection[str] = (),
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read an EFS Survey / Unipark data export in CSV format (``.xlsx`` goes to :func:`read_unipark_xlsx`).

    Parameters
    ----------
    path
        The export (never written to). A path ending in ``.xlsx`` is read as a workbook.
    encoding
        Override the encoding (a byte-order mark still wins); EFS writes UTF-8 or
        Windows-1252 depending on the export settings.
    separator
        Use this separator instead of detecting comma, semicolon or tab.
    text_columns
        Columns to keep as text (``lfdn``, ``external_lfdn``, ``session_id`` are anyway).
    include_incomplete
        Keep interviews whose ``dispcode`` is not 31 or 32.
    include_test_runs
        Keep test runs (``tester`` = 1).
    file
        The file's name for the log (default: the file name).

    Returns
    -------
    RawExport
        ``missing_codes`` = {-77, -66, -99}; 0 ("seen, not answered") is left to the
        codebook, see the module documentation.

    Raises
    ------
    DataFormatError
        Empty file, a separator given that the header does not use, column names used twice,
        a row with more fields than the header, or a header without ``lfdn``, ``dispcode``
        and ``v_…`` columns (not an EFS export).
    """
    path = Path(path)
    file = file or path.name
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_unipark_xlsx(path, include_incomplete=include_incomplete, include_test_runs=include_test_runs,
                                 file=file)
    decoded = decode_file(path, encoding=encoding)
    log = [guessed_encoding_entry(file, decoded)] if decoded.fallback else []
    table = read_table(decoded.text, path=path, separator=separator, header_rows=1,
                       text_columns=set(text_columns) | set(_TEXT_COLUMNS), platform=PLATFORM)
    detected = {
        "format": "Unipark/EFS Survey CSV export",
        "encoding": decoded.description,
        "separator": separator_name(table.separator),
        "decimal": table.decimal,
        "header": "one header row of variable names",
    }
    return _export(table.data, path, "unipark_csv", detected, log, file=file, include_incomplete=include_incomplete,
                   include_test_runs=include_test_runs)


def read_unipark_xlsx(
    path: Path,
    *,
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read an EFS Survey / Unipark data export saved as Excel workbook (first sheet).

    Parameters
    ----------
    path
        The ``.xlsx`` file (opened read-only; XML parsed with defusedxml).
    include_incomplete
        Keep interviews whose ``dispcode`` is not 31 or 32.
    include_test_runs
        Keep test runs (``tester`` = 1).
    file
        The file's name for the log (default: the file name).

    Returns
    -------
    RawExport
        Index = the Excel row number (header = row 1); values as the cells hold them,
        ``lfdn`` as text.

    Raises
    ------
    DataFormatError
        Not a readable workbook, XML with entity declarations, broken XML, an empty first
        sheet, column names used twice, or no ``lfdn``/``dispcode``/``v_…`` columns.
    """
    path = Path(path)
    file = file or path.name
    raw = read_xlsx(path, text_columns=_TEXT_COLUMNS, file=file)
    data, title = raw.data, raw.detected["sheet"]
    detected = {
        "format": "Unipark/EFS Survey Excel export",
        "sheet": title,
        "header": "one header row of variable names",
    }
    return _export(data, path, "unipark_xlsx", detected, list(raw.log), file=file,
                   include_incomplete=include_incomplete, include_test_runs=include_test_runs)


def detect_unipark(head: str) -> bool:
    """True when ``head`` (the first few KB of a file, decoded) starts with an EFS header.

    The first line must name ``lfdn`` and ``dispcode`` or ``tester`` (any of comma,
    semicolon, tab).
    """
    lines = head.lstrip("\ufeff").splitlines()
    if not lines:
        return False
    fields = {f.strip().strip('"') for f in re.split(r"[,;\t]", lines[0])}
    return "lfdn" in fields and bool(fields & {"dispcode", "tester"})


def _export(
    data: pd.DataFrame,
    path: Path,
    format: str,
    detected: dict[str, str],
    log: list[LogEntry],
    *,
    file: str,
    include_incomplete: bool,
    include_test_runs: bool,
) -> RawExport:
    """Check the columns, leave out test runs and unfinished interviews, and describe the result."""
    columns = [str(c) for c in data.columns]
    if not ({"lfdn", "dispcode"} & set(columns) or any(re.fullmatch(r"v_\d+", c) for c in columns)):
        raise DataFormatError(
            "keine EFS-Datei: weder lfdn noch dispcode noch v_-Spalten / not an EFS export: no lfdn, dispcode or "
            f"v_ columns (the header has {len(columns)} column(s): {', '.join(columns[:5])}"
            f"{' …' if len(columns) > 5 else ''})",
            path=path,
            line=1,
            hint="export the data from EFS (Export > data) with the system variables; if the header is one long "
            "name, pass the file's separator",
        )
    if "dispcode" not in columns:
        log.append(LogEntry(file, None, "dispcode", None, None, "not checked",
                            "the export has no dispcode column, so unfinished interviews cannot be told apart; all "
                            "rows were kept (export again with the system variables)", "warning"))
    keep = []
    dropped = 0
    for line, tester, dispcode in zip(
        data.index,
        data["tester"] if "tester" in data else [None] * len(data),
        data["dispcode"] if "dispcode" in data else [None] * len(data),
    ):
        entry = None
        if not include_test_runs and tester is not None and not pd.isna(tester) and _code(tester) == 1:
            entry = LogEntry(file, int(line), "tester", cell_text(tester), "dropped", "row dropped",
                             "EFS test run (tester = 1), not a respondent; set include_test_runs: true to keep it",
                             "info")
        elif not include_incomplete and "dispcode" in data and _code(dispcode) not in COMPLETED:
            code = _code(dispcode)
            meaning = DISPCODES.get(code, "a code kosieval does not know; see the EFS field statistics")
            what = f"disposition code {code} = {meaning}" if code is not None else "no disposition code"
            entry = LogEntry(file, int(line), "dispcode", None if dispcode is None or pd.isna(dispcode) else
                             cell_text(dispcode), "dropped", "row dropped",
                             f"{what}: not a completed interview (completed = 31 or 32); set include_incomplete: "
                             "true to keep it", "info")
        if entry:
            log.append(entry)
            dropped += 1
        keep.append(entry is None)
    data = data.loc[keep]
    detected = {
        **detected,
        "responses": f"{len(data)} kept, {dropped} left out (completed = disposition code 31 or 32; tester = 1 "
        "is a test run)",
        "missing_codes": "-77 closed question not seen, -66 text field not seen, -99 text field seen and left "
        "empty; 0 = closed question seen but not answered is NOT a platform-wide missing code (it clashes with "
        "real 0 answers): declare it in the codebook's missing codes of each item where it means no answer",
    }
    return RawExport(
        data=data,
        path=path,
        format=format,
        detected=detected,
        metadata_columns=frozenset(c for c in columns if c in METADATA or c.startswith(_SYSTEM_PREFIX)),
        personal_columns=frozenset(c for c in columns if c in PERSONAL or c.startswith("u_")),
        missing_codes=MISSING_CODES,
        id_column=_ID if _ID in columns else None,
        log=tuple(log),
    )


def _code(value: object) -> int | None:
    """The number in a dispcode/tester cell: ``31``, ``31.0``, ``"Completed (31)"``; None when there is none."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str) and value.strip().lower() == "tester":
        return 1
    match = _CODE.match(cell_text(value))
    return int(match.group("code")) if match else None
