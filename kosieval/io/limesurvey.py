"""LimeSurvey "Export responses" CSV (question-code headers, answer codes).

What LimeSurvey writes: UTF-8 with BOM, comma-separated, every field quoted, LF line ends,
metadata columns ``id, submitdate, lastpage, startlanguage, seed`` (+ ``token``,
``startdate``, ``datestamp``, ``ipaddr``, ``refurl`` when the survey records them), array
sub-questions as ``CODE[SQ001]``, timing columns ending in ``Time``. An incomplete response
has an empty ``submitdate``; it is left out (and logged) unless the study asks for it.
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
        "id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
        "datestamp", "ipaddr", "refurl", "interviewtime",
    }
)
PERSONAL = frozenset({"token", "ipaddr", "refurl", "email", "firstname", "lastname"})
_TIMING = re.compile(r"(Time|^groupTime\d+)$")


def read_limesurvey_csv(
    path: Path,
    *,
    codebook: Codebook,
    rules: SurveyRules,
    file: str,
    encoding: str | None = None,
    include_incomplete: bool = False,
) -> tuple[Survey, list[LogEntry]]:
    """Read a LimeSurvey response export.

    Parameters
    ----------
    path
        The CSV file (never written to).
    codebook
        The instrument the survey uses.
    rules
        Mapping, respondent id column, wave, city, privacy choices.
    file
        The file's name as given in study.yaml, for the log.
    encoding
        Override the encoding (a BOM still wins).
    include_incomplete
        Keep responses without ``submitdate``.

    Returns
    -------
    (Survey, list[LogEntry])
    """
    decoded = decode_file(path, encoding=encoding)
    records = read_records(decoded.text, path=path, separator=",", platform="LimeSurvey")
    log: list[LogEntry] = []
    if "submitdate" in records.header and not include_incomplete:
        submit = records.header.index("submitdate")
        last = records.header.index("lastpage") if "lastpage" in records.header else None

        def submitted(row: tuple[str, ...], line: int) -> bool:
            if row[submit].strip():
                return True
            page = row[last].strip() if last is not None else ""
            log.append(LogEntry(file, line, "submitdate", "", "dropped", "row dropped",
                                f"incomplete response (not submitted, last page {page or '–'}); "
                                "set include_incomplete: true to keep it", "info"))
            return False

        records = records.where(submitted)
    timing = frozenset(h for h in records.header if _TIMING.search(h))
    survey, entries = records_to_survey(
        records,
        codebook=codebook,
        rules=rules,
        file=file,
        platform_columns=METADATA | timing,
        platform_personal=PERSONAL,
        detected={"format": "LimeSurvey response CSV", "encoding": decoded.description,
                  "separator": "comma"},
    )
    return survey, log + entries
