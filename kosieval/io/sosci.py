"""SoSci Survey CSV download (the data file of the data/values/variables triple).

What SoSci Survey writes: UTF-16 LE with BOM, tab-separated, CRLF, strings quoted and
numbers not, system columns ``CASE SERIAL REF QUESTNNR MODE STARTED`` before the items and
``TIME001… TIME_SUM MAILSENT LASTDATA FINISHED Q_VIEWER LASTPAGE MAXPAGE MISSING MISSREL
TIME_RSI DEG_TIME`` after them. Missing codes: -1 (residual option such as "weiß nicht"),
-2, -3, -8, -9 (not answered). Checkboxes (one column per option) hold 1 = not chosen,
2 = chosen. Test runs (``MODE`` orgtest, debug, pretest) and unfinished interviews
(``FINISHED`` 0) are left out with a log entry unless the study asks for them. The variables
and values files describe the questionnaire: :mod:`kosieval.io.sosci_structure` drafts a
codebook from them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from kosieval.io.delimited import read_table
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.raw import Checkbox, RawExport
from kosieval.model.importlog import LogEntry

METADATA = frozenset(
    {
        "CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "TIME_SUM", "MAILSENT",
        "LASTDATA", "FINISHED", "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL",
        "TIME_RSI", "DEG_MISS", "DEG_TIME", "DEGRADE",
    }
)
PERSONAL = frozenset({"SERIAL", "REF"})
MISSING_CODES = frozenset({-1, -2, -3, -8, -9})
TEST_MODES = frozenset({"orgtest", "debug", "pretest"})
CHECKBOX = Checkbox(ticked=frozenset({"2"}), unticked=frozenset({"1"}))
_TIMING = re.compile(r"^TIME\d{3}$")


def read_sosci_csv(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    text_columns: Collection[str] = (),
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read a SoSci Survey data file.

    Parameters
    ----------
    path
        The data file (``data_<project>_<date>.csv``; never written to).
    encoding
        Override the encoding (a BOM still wins).
    separator
        Read with this separator although SoSci Survey writes tabs.
    text_columns
        Columns to keep as text (the respondent id, text items).
    include_incomplete
        Keep interviews with ``FINISHED`` = 0.
    include_test_runs
        Keep test runs (``MODE`` orgtest, debug, pretest).
    file
        The file's name for the log (default: its name).

    Returns
    -------
    RawExport
    """
    name = file or path.name
    decoded = decode_file(path, encoding=encoding)
    log: list[LogEntry] = [guessed_encoding_entry(name, decoded)] if decoded.fallback else []
    table = read_table(decoded.text, path=path, separator=separator, platform="SoSci Survey",
                       platform_separator="\t", text_columns={*text_columns, "CASE", "MODE", "SERIAL", "REF"})
    data = table.data
    header = table.header_rows[0]
    if "MODE" in header and not include_test_runs:
        test = data["MODE"].astype("string").str.strip().isin(TEST_MODES).fillna(False).astype(bool)
        for line, mode in data.loc[test, "MODE"].items():
            log.append(LogEntry(name, int(line), "MODE", str(mode), "dropped", "row dropped",
                                "test run of the questionnaire, not a respondent; set include_test_runs: true "
                                "to keep it", "info"))
        data = data.loc[~test.to_numpy()]
    if "FINISHED" in header and not include_incomplete:
        unfinished = (data["FINISHED"].astype("string").str.strip() == "0").fillna(False).astype(bool)
        for line in data.index[unfinished]:
            log.append(LogEntry(name, int(line), "FINISHED", "0", "dropped", "row dropped",
                                "interview not finished; set include_incomplete: true to keep it", "info"))
        data = data.loc[~unfinished.to_numpy()]
    timing = frozenset(h for h in header if _TIMING.match(h))
    return RawExport(
        data=data,
        path=path,
        format="sosci_csv",
        detected={"format": "SoSci Survey CSV", "encoding": decoded.description,
                  "separator": "tab" if table.separator == "\t" else repr(table.separator)},
        metadata_columns=METADATA | timing,
        personal_columns=PERSONAL,
        missing_codes=MISSING_CODES,
        id_column="CASE" if "CASE" in header else None,
        default_checkbox=CHECKBOX,
        decimal=table.decimal,
        log=tuple(log),
    )
