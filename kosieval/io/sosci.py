"""SoSci Survey CSV download (the data file of the data/values/variables triple).

What SoSci Survey writes: UTF-16 LE with BOM, tab-separated, CRLF, strings quoted and
numbers not, system columns ``CASE SERIAL REF QUESTNNR MODE STARTED`` before the items and
``TIME001… TIME_SUM MAILSENT LASTDATA FINISHED Q_VIEWER LASTPAGE MAXPAGE MISSING MISSREL
TIME_RSI DEG_TIME`` after them. Missing codes: -1 (residual option such as "weiß nicht"),
-2, -3, -8, -9 (not answered). Test runs (``MODE`` orgtest, debug, pretest) and unfinished
interviews (``FINISHED`` 0) are left out with a log entry unless the study asks for them.
"""

from __future__ import annotations

import re
from pathlib import Path

from kosieval.io.delimited import read_records
from kosieval.io.encoding import decode_file
from kosieval.io.items import SurveyRules, records_to_survey
from kosieval.model.codebook import Codebook
from kosieval.model.importlog import LogEntry
from kosieval.model.survey import Survey

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
_TIMING = re.compile(r"^TIME\d{3}$")


def read_sosci_csv(
    path: Path,
    *,
    codebook: Codebook,
    rules: SurveyRules,
    file: str,
    encoding: str | None = None,
    include_incomplete: bool = False,
    include_test_runs: bool = False,
) -> tuple[Survey, list[LogEntry]]:
    """Read a SoSci Survey data file.

    Parameters
    ----------
    path
        The data file (``data_<project>_<date>.csv``; never written to).
    codebook
        The instrument.
    rules
        Mapping, respondent id column, wave, city, privacy choices.
    file
        The file's name as given in study.yaml, for the log.
    encoding
        Override the encoding (a BOM still wins).
    include_incomplete
        Keep interviews with ``FINISHED`` = 0.
    include_test_runs
        Keep test runs (``MODE`` orgtest, debug, pretest).

    Returns
    -------
    (Survey, list[LogEntry])
    """
    decoded = decode_file(path, encoding=encoding)
    records = read_records(decoded.text, path=path, separator="\t", platform="SoSci Survey")
    log: list[LogEntry] = []
    header = records.header
    mode = header.index("MODE") if "MODE" in header else None
    finished = header.index("FINISHED") if "FINISHED" in header else None

    def respondent(row: tuple[str, ...], line: int) -> bool:
        if mode is not None and row[mode].strip() in TEST_MODES and not include_test_runs:
            log.append(LogEntry(file, line, "MODE", row[mode], "dropped", "row dropped",
                                "test run of the questionnaire, not a respondent; set "
                                "include_test_runs: true to keep it", "info"))
            return False
        if finished is not None and row[finished].strip() == "0" and not include_incomplete:
            log.append(LogEntry(file, line, "FINISHED", "0", "dropped", "row dropped",
                                "interview not finished; set include_incomplete: true to keep it",
                                "info"))
            return False
        return True

    records = records.where(respondent)
    timing = frozenset(h for h in header if _TIMING.match(h))
    survey, entries = records_to_survey(
        records,
        codebook=codebook,
        rules=rules,
        file=file,
        platform_missing=MISSING_CODES,
        platform_columns=METADATA | timing,
        platform_personal=PERSONAL,
        detected={"format": "SoSci Survey CSV", "encoding": decoded.description,
                  "separator": "tab"},
    )
    return survey, log + entries
