"""Qualtrics response exports (CSV or TSV), in the current layout and in the legacy one.

Current layout (since 2017; Qualtrics' page "Understanding your dataset"; fixture
``qualtrics/sample.csv`` from the qualtRics R package): comma-separated (TSV: tabs),
UTF-8, possibly with a byte-order mark, three header rows: the export tags
(``StartDate, …, Q1, Q2_1``), the question texts (in the language of the researcher's
Qualtrics interface), and ``{"ImportId":"QID1"}`` JSON. System columns ``StartDate EndDate
Status IPAddress Progress Duration (in seconds) Finished RecordedDate ResponseId
RecipientLastName RecipientFirstName RecipientEmail ExternalReference LocationLatitude
LocationLongitude DistributionChannel UserLanguage`` and, with fraud detection,
``Q_RecaptchaScore``, ``Q_RelevantID…`` …

Legacy layout (before 2017; fixture ``qualtrics/sample_legacy.csv``): two header rows, the
first ``V1 … V10, Q1, Q2 …``, the second the labels (``ResponseID, ResponseSet, Name,
ExternalDataReference, EmailAddress, IPAddress, Status, StartDate, EndDate, Finished``,
then the question texts), a comma at the end of every line, UTF-8 with BOM. The reader
renames ``V1`` … ``V10`` to those labels (each rename is logged), so that metadata,
personal columns, test runs and unfinished responses are found the same way in both
layouts; the question columns keep their export tags.

``Status`` ("response type"; value labels as Qualtrics writes them into its SPSS export):
0 IP Address, 1 Survey Preview, 2 Survey Test, 4 Imported, 8 Spam, 9 Survey Preview Spam,
12 Imported Spam, 16 Offline, 17 Offline Survey Preview, 32 EX, 40 EX Spam, 48 EX
Offline; exports with choice texts write the names instead of the numbers. Previews, test
responses and spam are left out unless ``include_test_runs``; ``Finished`` 0 (``False``)
marks unfinished responses, left out unless ``include_incomplete``.

Answers are either numeric recode values or choice texts, whichever the researcher chose
when exporting; :attr:`RawExport.detected` says which the file seems to hold. -99 means
"seen but not answered" (numeric exports). A multiple-choice question ("multiple answer")
is one cell with the chosen codes separated by commas (``1,2,7``): the cell is kept as text
and split by the codebook step.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from kosieval.io.delimited import read_table, separator_name, sniff_separator
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.raw import RawExport
from kosieval.io.values import cell_text
from kosieval.model.importlog import LogEntry

PLATFORM = "Qualtrics"
METADATA = frozenset(
    {
        "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
        "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
        "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
        # legacy layout (after renaming V1 … V10)
        "ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "LocationAccuracy",
    }
)
"""Qualtrics system columns; every ``Q_…`` column (fraud and bot detection, ``Q_TotalDuration``)
and every timing column (``…_First Click``, ``…_Page Submit`` …) is metadata too."""
PERSONAL = frozenset(
    {
        "IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
        "LocationLatitude", "LocationLongitude", "Name", "EmailAddress", "ExternalDataReference", "LocationAccuracy",
    }
)
MISSING_CODES = frozenset({-99})
"""-99: the respondent saw the question and did not answer (exports with numeric values)."""
STATUS = {
    0: "IP Address", 1: "Survey Preview", 2: "Survey Test", 4: "Imported", 8: "Spam", 9: "Survey Preview Spam",
    12: "Imported Spam", 16: "Offline", 17: "Offline Survey Preview", 32: "EX", 40: "EX Spam", 48: "EX Offline",
}
"""Response types (``Status``) with the names Qualtrics gives them."""
TEST_STATUS = frozenset({1, 2, 9, 17})
SPAM_STATUS = frozenset({8, 9, 12, 40})
LEGACY_SYSTEM = ("ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
                 "StartDate", "EndDate", "Finished")
_ID_COLUMNS = ("ResponseId", "ResponseID")
_TEXT_COLUMNS = ("ResponseId", "ResponseID", "V1", "ExternalReference", "ExternalDataReference", "V4",
                 "RecipientEmail", "EmailAddress", "V5")
_TIMING = re.compile(r"_(?:First Click|Last Click|Page Submit|Click Count)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_CODE_LIST = re.compile(r"^-?\d+(?:,-?\d+)+$")
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
_FALSE = frozenset({"0", "false", "falsch"})


def read_qualtrics_csv(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    text_columns: Collection[str] = (),
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read a Qualtrics response export (CSV or TSV; current or legacy layout).

    Parameters
    ----------
    path
        The export (never written to).
    encoding
        Override the encoding (a byte-order mark still wins).
    separator
        Read the file with this separator (for a file re-saved by Excel with semicolons).
    text_columns
        Columns to keep as text; ``ResponseId``, ``ExternalReference`` and, in the current
        layout, every text-entry column (ImportId ``…_TEXT``) are kept as text anyway.
    include_incomplete
        Keep responses with ``Finished`` 0 / False.
    include_test_runs
        Keep previews, test responses and spam (``Status`` 1, 2, 8, 9, 12, 17, 40).
    file
        The file's name for the log (default: the file name).

    Returns
    -------
    RawExport
        ``labels`` = the question texts of the second header row; ``detected`` names the
        layout and whether the answers are numeric recode values or choice texts.

    Raises
    ------
    DataFormatError
        Empty file, a separator other than comma or tab (naming the one found), column
        names used twice, a row with more fields than the header.
    """
    path = Path(path)
    file = file or path.name
    decoded = decode_file(path, encoding=encoding)
    log = [guessed_encoding_entry(file, decoded)] if decoded.fallback else []
    first_line = decoded.text.split("\n", 1)[0]
    if separator is None and sniff_separator(first_line) == "\t":
        separator = "\t"  # Qualtrics' TSV export
    rows = _first_records(decoded.text, separator or ",", 3)
    layout, header_rows = _layout(rows)
    import_ids = _import_ids(rows) if layout == "current" else {}
    free_text = {c for c, qid in import_ids.items() if "_TEXT" in qid}
    table = read_table(
        decoded.text,
        path=path,
        separator=separator,
        header_rows=header_rows,
        text_columns=set(text_columns) | set(_TEXT_COLUMNS) | free_text,
        platform=PLATFORM,
        platform_separator=",",
    )
    data = table.data
    labels: dict[str, str] = {}
    if header_rows >= 2:
        labels = {n: t for n, t in zip(table.header_rows[0], table.header_rows[1]) if n and t and t != n}
    if layout == "legacy":
        renames = {n: t for n, t in labels.items() if re.fullmatch(r"V\d+", n) and t in LEGACY_SYSTEM}
        data = data.rename(columns=renames)
        labels = {n: t for n, t in labels.items() if n not in renames}
        log += [LogEntry(file, 2, old, old, new, "column renamed",
                         f"legacy Qualtrics layout: {old} is {new} (second header row)", "info")
                for old, new in renames.items()]
    columns = [str(c) for c in data.columns]
    metadata = frozenset(c for c in columns if c in METADATA or c.startswith("Q_") or _TIMING.search(c))
    data, dropped = _keep_respondents(data, file, include_incomplete=include_incomplete,
                                      include_test_runs=include_test_runs)
    log += dropped
    items = [c for c in columns if c not in metadata and c not in free_text and not c.endswith("_TEXT")]
    detected = {
        "format": "Qualtrics TSV export" if table.separator == "\t" else "Qualtrics CSV export",
        "encoding": decoded.description,
        "separator": separator_name(table.separator),
        "decimal": table.decimal,
        "header": _LAYOUTS[layout],
        "values": _values(data, items),
        "missing_codes": "-99 = seen but not answered (exports with numeric values)",
        "responses": f"{len(data)} kept, {sum(e.action == 'row dropped' for e in dropped)} left out",
    }
    lists = [c for c in items if data[c].dropna().astype(str).str.match(_CODE_LIST).any()]
    if lists:
        detected["multiple_choice"] = (
            f"{', '.join(lists)}: chosen options in one cell, separated by commas ('1,2,7'); kept as text, "
            "the codebook step splits them"
        )
    return RawExport(
        data=data,
        path=path,
        format="qualtrics_csv",
        detected=detected,
        metadata_columns=metadata,
        personal_columns=frozenset(c for c in columns if c in PERSONAL),
        missing_codes=MISSING_CODES,
        labels=labels,
        id_column=next((c for c in _ID_COLUMNS if c in columns), None),
        log=tuple(log),
    )


def detect_qualtrics(head: str) -> bool:
    """True when ``head`` (the first few KB of a file, decoded) looks like a Qualtrics export.

    Recognises the ImportId JSON header row, a header with ``ResponseId`` and ``StartDate``
    or ``Finished``, and the legacy ``V1,V2,…`` header followed by a ``ResponseID`` row.
    """
    text = head.lstrip("\ufeff")
    if '{"ImportId":' in text or '{""ImportId"":' in text:
        return True
    lines = text.splitlines()
    if not lines:
        return False
    fields = {f.strip().strip('"') for f in re.split(r"[,\t;]", lines[0])}
    if "ResponseId" in fields and fields & {"StartDate", "Finished"}:
        return True
    legacy = {"V1", "V2", "V3"} <= fields
    return legacy and len(lines) > 1 and "ResponseID" in lines[1]


_LAYOUTS = {
    "current": "three header rows: export tags, question texts, ImportId JSON",
    "legacy": "legacy layout (before 2017): two header rows, V1 … V10 and question tags, then labels; "
    "V1 … V10 renamed to their labels (ResponseID, ResponseSet, …)",
    "two rows": "two header rows: export tags and question texts (no ImportId row)",
    "one row": "one header row (export tags only; the question-text rows were removed)",
}


def _layout(rows: list[list[str]]) -> tuple[str, int]:
    """Which header layout the first three records show, and how many header rows it has."""
    names = [c.strip() for c in rows[0]] if rows else []
    second = [c.strip() for c in rows[1]] if len(rows) > 1 else []
    third = [c.strip() for c in rows[2]] if len(rows) > 2 else []
    if any(_IMPORT_ID.match(c) for c in third):
        return "current", 3
    if names[:1] == ["V1"] and "ResponseID" in second:
        return "legacy", 2
    if "ResponseId" in names and len(second) > names.index("ResponseId"):
        if second[names.index("ResponseId")].startswith("R_"):
            return "one row", 1
    return "two rows", 2


def _import_ids(rows: list[list[str]]) -> dict[str, str]:
    """Column -> ImportId (``QID2_TEXT``) from the third header row."""
    ids = {}
    for name, cell in zip(rows[0], rows[2]):
        match = re.search(r'"ImportId"\s*:\s*"([^"]*)"', cell)
        if match and name.strip():
            ids[name.strip()] = match.group(1)
    return ids


def _keep_respondents(
    data: pd.DataFrame, file: str, *, include_incomplete: bool, include_test_runs: bool
) -> tuple[pd.DataFrame, list[LogEntry]]:
    """Leave out previews, tests, spam and unfinished responses, one log entry per row."""
    log: list[LogEntry] = []
    keep = []
    unknown: dict[str, int] = {}
    for line, status, finished in zip(
        data.index,
        data["Status"] if "Status" in data else [None] * len(data),
        data["Finished"] if "Finished" in data else [None] * len(data),
    ):
        reason = None
        column = value = None
        if not include_test_runs and status is not None and not pd.isna(status):
            value, column = cell_text(status), "Status"
            kind, name = _status_kind(value)
            if kind == "unknown":
                unknown.setdefault(value, int(line))
            elif kind != "respondent":
                reason = (
                    f"Qualtrics response type {name} ({kind}), not a respondent; set include_test_runs: true "
                    "to keep it"
                )
        if reason is None and not include_incomplete and finished is not None and not pd.isna(finished):
            if cell_text(finished).lower() in _FALSE:
                value, column = cell_text(finished), "Finished"
                reason = "response not finished; set include_incomplete: true to keep it"
        if reason:
            log.append(LogEntry(file, int(line), column, value, "dropped", "row dropped", reason, "info"))
        keep.append(reason is None)
    for value, line in unknown.items():
        log.append(LogEntry(file, line, "Status", value, None, "row kept",
                            f"response type {value!r} is not one kosieval knows; rows with it were kept (first on "
                            "this line): check whether they are previews or tests", "warning"))
    return data.loc[keep], log


def _status_kind(value: str) -> tuple[str, str]:
    """What a Status value (code or name) means: (kind, the value in words).

    kind is ``"respondent"``, ``"unknown"`` or the reason to leave the row out (a preview or
    test, spam). Numbers and Qualtrics' English names are looked up in :data:`STATUS`; other
    names (an interface in another language) count as spam or previews when they say so
    ("spam", "preview", "Vorschau", "test").
    """
    names = {name.lower(): code for code, name in STATUS.items()}
    code = int(float(value)) if _NUMBER.match(value) else names.get(value.lower())
    if code is None or code not in STATUS:
        lower = value.lower()
        if code is None and "spam" in lower:
            return _SPAM, repr(value)
        if code is None and any(word in lower for word in ("preview", "vorschau", "test")):
            return _TEST, repr(value)
        return "unknown", repr(value)
    name = f"{code} = {STATUS[code]}" if _NUMBER.match(value) else STATUS[code]
    if code in SPAM_STATUS:
        return _SPAM, name
    if code in TEST_STATUS:
        return _TEST, name
    return "respondent", name


_SPAM = "marked as spam by Qualtrics"
_TEST = "a preview or test of the questionnaire"


def _values(data: pd.DataFrame, items: list[str]) -> str:
    """Whether the answer columns hold numeric recode values or choice texts."""
    numeric = texts = 0
    for column in items:
        values = data[column].dropna().astype(str).str.strip()
        if values.empty:
            continue
        if values.str.match(_NUMBER).all() or values.str.match(r"^-?\d+(?:,-?\d+)*$").all():
            numeric += 1
        else:
            texts += 1
    if not numeric and not texts:
        return "no answers to judge from"
    if not texts:
        return "numeric recode values (export option 'use numeric values')"
    if not numeric:
        return "choice texts (export option 'use choice text'): give answer_codes for the items, or export again"
    return (
        f"numeric recode values in {numeric} of {numeric + texts} answer columns; the others hold text "
        "(free-text answers, or choice texts)"
    )


def _first_records(text: str, separator: str, n: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    for record in reader:
        rows.append(record)
        if len(rows) == n:
            break
    return rows
