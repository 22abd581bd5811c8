"""The one entry point for survey exports: :func:`read_survey`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kosieval.errors import DataFormatError
from kosieval.io.items import SurveyRules
from kosieval.io.limesurvey import read_limesurvey_csv
from kosieval.io.sosci import read_sosci_csv
from kosieval.model.codebook import Codebook
from kosieval.model.importlog import LogEntry
from kosieval.model.survey import Survey

FORMATS = {
    "limesurvey_csv": "LimeSurvey response CSV (question-code headers, answer codes)",
    "sosci_csv": "SoSci Survey data CSV (UTF-16, tab-separated)",
}


def detect_format(path: Path) -> str:
    """Guess the export format from the first bytes of ``path``.

    Raises
    ------
    DataFormatError
        Listing the known formats when none fits.
    """
    head = Path(path).read_bytes()[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
        if "CASE" in text and "QUESTNNR" in text:
            return "sosci_csv"
    else:
        text = head.decode("utf-8-sig", errors="ignore")
        if text.startswith('"id","submitdate"') or text.startswith("id,submitdate"):
            return "limesurvey_csv"
    raise DataFormatError(
        "unbekanntes Exportformat / unknown export format",
        path=path,
        line=1,
        hint="pass format= one of: " + "; ".join(f"{k} ({v})" for k, v in FORMATS.items()),
    )


def read_survey(
    path: Path | str,
    *,
    codebook: Codebook,
    respondent_id: str,
    mapping: Mapping[str, str],
    format: str | None = None,
    wave: str = "T0",
    city: str = "",
    answer_codes: Mapping[str, Mapping[str, int]] | None = None,
    encoding: str | None = None,
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    allow_personal_columns: bool = False,
    source_id: str | None = None,
    file: str | None = None,
) -> tuple[Survey, list[LogEntry]]:
    """Read a survey export into a validated :class:`~kosieval.model.survey.Survey`.

    Parameters
    ----------
    path
        The export file (never written to).
    codebook
        The instrument the survey uses.
    respondent_id
        The column with the id that links waves.
    mapping
        Export column -> item id.
    format
        One of :data:`FORMATS`; detected from the file when None (``survey.detected`` says
        what was found).
    wave, city
        Stored with every response.
    answer_codes
        Item id -> {export answer code -> codebook code} (LimeSurvey ``A1`` -> 1).
    encoding
        Override the detected encoding.
    include_incomplete, include_test_runs
        Keep responses the platform marks incomplete or as test runs.
    allow_personal_columns
        Keep columns that look personal (default: dropped and logged).
    source_id
        An id for the survey (default: the file's stem).
    file
        The name used in log entries (default: the file name).

    Returns
    -------
    (Survey, list of ImportLog entries)
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                              hint="check the file name in study.yaml (relative to the study folder)")
    chosen = format or detect_format(path)
    if chosen not in FORMATS:
        raise DataFormatError(f"unbekanntes Format / unknown format {chosen!r}", path=path,
                              hint="known formats: " + ", ".join(FORMATS))
    rules = SurveyRules(
        source_id=source_id or path.stem,
        wave=wave,
        city=city,
        respondent_id=respondent_id,
        mapping=dict(mapping),
        answer_codes={k: dict(v) for k, v in (answer_codes or {}).items()},
        allow_personal_columns=allow_personal_columns,
    )
    name = file or path.name
    if chosen == "limesurvey_csv":
        return read_limesurvey_csv(path, codebook=codebook, rules=rules, file=name,
                                   encoding=encoding, include_incomplete=include_incomplete)
    return read_sosci_csv(path, codebook=codebook, rules=rules, file=name, encoding=encoding,
                          include_incomplete=include_incomplete,
                          include_test_runs=include_test_runs)
