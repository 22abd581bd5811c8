"""The one entry point for survey exports: :func:`read_survey`, with format detection.

Each format has a platform reader that returns a :class:`~kosieval.io.raw.RawExport`;
:func:`~kosieval.io.validate.apply_codebook` then checks it against the codebook the same
way for every platform. What was detected (format, encoding, separator, decimal mark,
header layout) is reported in ``Survey.detected``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from kosieval.errors import DataFormatError, ValidationError
from kosieval.io.encoding import head_text
from kosieval.io.inferred import draft_from_export, inferred_codebook
from kosieval.io.raw import RawExport
from kosieval.io.validate import SurveyRules, apply_codebook, check_mapping
from kosieval.model.codebook import Codebook
from kosieval.model.importlog import ImportLog, LogEntry
from kosieval.model.survey import Survey

FORMATS = {
    "limesurvey_csv": "LimeSurvey response CSV (question codes or texts as headings, answer codes or texts)",
    "sosci_csv": "SoSci Survey data CSV (UTF-16, tab-separated)",
    "qualtrics_csv": "Qualtrics CSV (three header rows, or the legacy two-row layout)",
    "kobo_csv": "KoboToolbox CSV export (semicolon, group paths, optional HXL row)",
    "unipark_csv": "Unipark/Tivian EFS CSV export (lfdn, dispcode)",
    "unipark_xlsx": "Unipark/Tivian EFS Excel export (lfdn, dispcode)",
    "spss": "SPSS .sav/.zsav (value labels, user-missing values)",
    "stata": "Stata .dta (value labels, extended missing values)",
    "csv": "plain CSV/TSV (comma, semicolon or tab; decimal comma; any common encoding)",
    "xlsx": "plain Excel workbook (.xlsx, first sheet or the one named)",
}


def _known_formats() -> str:
    return "; ".join(f"{key} ({text})" for key, text in FORMATS.items())


def detect_format(path: Path) -> str:
    """Guess the export format from the file's name and first bytes.

    Returns
    -------
    str
        A key of :data:`FORMATS`. CSV files that match no platform are ``"csv"``.

    Raises
    ------
    DataFormatError
        Listing the known formats when the file is none of them.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".sav", ".zsav"):
        return "spss"
    if suffix == ".dta":
        return "stata"
    head = path.read_bytes()[:8192]
    if suffix in (".xlsx", ".xlsm") or head.startswith(b"PK\x03\x04"):
        from kosieval.io.spreadsheet import xlsx_header

        return "unipark_xlsx" if {"lfdn", "dispcode"} <= set(xlsx_header(path)) else "xlsx"
    if head.startswith(b"$FL2") or head.startswith(b"$FL3"):
        return "spss"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and head[1::2].count(0) < len(head) // 4:
        raise DataFormatError("unbekanntes Exportformat / unknown export format (binary file)", path=path, line=1,
                              hint="known formats: " + _known_formats())
    text = head_text(head)
    first = text.split("\n", 1)[0].replace('"', "").strip()
    fields = set(first.replace(";", "\t").replace(",", "\t").split("\t"))
    code_and_text = {f.split(". ", 1)[0] for f in fields if ". " in f}
    if {"id", "submitdate"} <= fields | code_and_text or {"Response ID", "Date submitted"} <= fields:
        return "limesurvey_csv"
    if {"CASE", "QUESTNNR"} <= fields:
        return "sosci_csv"
    if "lfdn" in fields:
        from kosieval.io.unipark import detect_unipark

        if detect_unipark(text):
            return "unipark_csv"
    if fields & {"ResponseId", "ResponseID", "StartDate", "V1"}:
        from kosieval.io.qualtrics import detect_qualtrics

        if detect_qualtrics(text):
            return "qualtrics_csv"
    if fields & {"_uuid", "_id", "_submission_time", "_index", "start", "end"}:
        from kosieval.io.kobo import detect_kobo

        if detect_kobo(text):
            return "kobo_csv"
    if not first or "\ufffd" in first[:200] and len(first) < 3:
        raise DataFormatError("unbekanntes Exportformat / unknown export format", path=path, line=1,
                              hint="known formats: " + _known_formats())
    return "csv"


def read_raw(
    path: Path | str,
    *,
    format: str | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
    text_columns: frozenset[str] = frozenset(),
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read an export with its platform reader, without a codebook.

    Parameters are those of :func:`read_survey`.

    Returns
    -------
    RawExport
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                              hint="check the file name (in study.yaml: relative to the study folder)")
    chosen = format or detect_format(path)
    readers = _readers()
    if chosen not in readers:
        raise DataFormatError(f"unbekanntes Format / unknown format {chosen!r}", path=path,
                              hint="known formats: " + _known_formats())
    options = {"encoding": encoding, "separator": separator, "sheet": sheet, "text_columns": text_columns,
               "include_incomplete": include_incomplete, "include_test_runs": include_test_runs,
               "file": file or path.name}
    return readers[chosen](path, options)


def _readers() -> dict[str, Callable[[Path, dict], RawExport]]:
    """Format key -> function(path, options) calling the platform reader with the options it takes."""

    def csv_like(module: str, function: str) -> Callable[[Path, dict], RawExport]:
        def read(path: Path, o: dict) -> RawExport:
            reader = getattr(__import__(f"kosieval.io.{module}", fromlist=[function]), function)
            return reader(path, encoding=o["encoding"], separator=o["separator"], text_columns=o["text_columns"],
                          include_incomplete=o["include_incomplete"], include_test_runs=o["include_test_runs"],
                          file=o["file"])

        return read

    def spss(path: Path, o: dict) -> RawExport:
        from kosieval.io.spss import read_spss

        return read_spss(path, file=o["file"], encoding=o["encoding"])

    def unipark_xlsx(path: Path, o: dict) -> RawExport:
        from kosieval.io.unipark import read_unipark_xlsx

        return read_unipark_xlsx(path, include_incomplete=o["include_incomplete"],
                                 include_test_runs=o["include_test_runs"], file=o["file"])

    def csv(path: Path, o: dict) -> RawExport:
        from kosieval.io.spreadsheet import read_csv_file

        return read_csv_file(path, encoding=o["encoding"], separator=o["separator"], text_columns=o["text_columns"],
                             file=o["file"])

    def xlsx(path: Path, o: dict) -> RawExport:
        from kosieval.io.spreadsheet import read_xlsx

        return read_xlsx(path, sheet=o["sheet"], text_columns=o["text_columns"], file=o["file"])

    return {
        "limesurvey_csv": csv_like("limesurvey", "read_limesurvey_csv"),
        "sosci_csv": csv_like("sosci", "read_sosci_csv"),
        "qualtrics_csv": csv_like("qualtrics", "read_qualtrics_csv"),
        "kobo_csv": csv_like("kobo", "read_kobo_csv"),
        "unipark_csv": csv_like("unipark", "read_unipark_csv"),
        "unipark_xlsx": unipark_xlsx,
        "spss": spss,
        "stata": spss,
        "csv": csv,
        "xlsx": xlsx,
    }


def read_survey(
    path: Path | str,
    *,
    format: str | None = None,
    codebook: Codebook | None = None,
    mapping: Mapping[str, str] | None = None,
    respondent_id: str | None = None,
    wave: str = "T0",
    city: str = "",
    answer_codes: Mapping[str, Mapping[str, int]] | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    allow_personal_columns: bool = False,
    strict: bool = False,
    source_id: str | None = None,
    file: str | None = None,
) -> tuple[Survey, list[LogEntry]]:
    """Read a survey export into a validated :class:`~kosieval.model.survey.Survey`.

    Parameters
    ----------
    path
        The export file (never written to).
    format
        One of :data:`FORMATS`; detected from the file when None (``survey.detected`` says
        what was found, with encoding, separator and decimal mark).
    codebook
        The instrument the survey uses. None: one is inferred from the file (value labels,
        column types) for a first look; see :mod:`kosieval.io.inferred`.
    mapping
        Export column -> item id (``item.code`` for one option of a multiple-choice item).
        None: columns named like an item are used.
    respondent_id
        The column with the id that links waves (default: the platform's id column).
    wave, city
        Stored with every response.
    answer_codes
        Item id -> {export answer code or text -> codebook code} (LimeSurvey ``A1`` -> 1).
        Answer texts that equal an option label of the codebook are translated without it.
    encoding, separator
        Override the detected encoding / separator (a BOM still wins).
    sheet
        The sheet of an Excel workbook (default: the first).
    include_incomplete, include_test_runs
        Keep responses the platform marks incomplete or as test runs.
    allow_personal_columns
        Keep columns that look personal (default: dropped and logged).
    strict
        Raise :class:`~kosieval.errors.ValidationError` when the data has problems, instead
        of recording them as recodes to missing.
    source_id
        An id for the survey (default: the file's stem).
    file
        The name used in log entries (default: the file name).

    Returns
    -------
    (Survey, list of ImportLog entries)

    Raises
    ------
    DataFormatError
        The file cannot be read (naming file, line and what to do).
    ValidationError
        ``strict=True`` and the data has problems (the problems are attached).
    """
    path = Path(path)
    text_columns = {respondent_id} if respondent_id else set()
    if codebook is not None and mapping is not None:
        text_columns |= {c for c, t in mapping.items() if t in {i.id for i in codebook.variables if i.type == "text"}}
    raw = read_raw(path, format=format, encoding=encoding, separator=separator, sheet=sheet,
                   text_columns=frozenset(text_columns), include_incomplete=include_incomplete,
                   include_test_runs=include_test_runs, file=file)
    if codebook is None:
        draft = draft_from_export(raw, respondent_id=respondent_id, allow_personal_columns=allow_personal_columns)
        codebook = inferred_codebook(draft, wave=wave)
        mapping = draft.mapping() if mapping is None else mapping
    rules = SurveyRules(
        source_id=source_id or path.stem,
        wave=wave,
        city=city,
        respondent_id=respondent_id,
        mapping=dict(mapping) if mapping is not None else None,
        answer_codes={k: dict(v) for k, v in (answer_codes or {}).items()},
        allow_personal_columns=allow_personal_columns,
    )
    if rules.mapping is not None:
        check_mapping(codebook, rules.mapping, rules.answer_codes, config_path="read_survey()", key="mapping")
    survey, log = apply_codebook(raw, codebook=codebook, rules=rules, file=file)
    errors = [e for e in log if e.severity == "error"]
    if strict and errors:
        raise ValidationError(
            f"{len(errors)} Datenprobleme in / data problems in {file or path.name} (strict); the first: "
            f"line {errors[0].row}, column {errors[0].column}: {errors[0].reason}",
            problems=ImportLog(log).to_frame(),
        )
    return survey, log
