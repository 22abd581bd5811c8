"""LimeSurvey "Export responses" CSV.

What LimeSurvey writes: UTF-8 with BOM, comma-separated, every field quoted, LF line ends,
metadata columns ``id, submitdate, lastpage, startlanguage, seed`` (+ ``token``,
``startdate``, ``datestamp``, ``ipaddr``, ``refurl`` when the survey records them), array
sub-questions as ``CODE[SQ001]``, timing columns ending in ``Time``. Headings may be the
question codes, the full question texts (``"Response ID","Date submitted",...``) or code
and text; answers may be answer codes (``A1``) or answer texts: the codebook step
translates either. An incomplete response has an empty ``submitdate``; it is left out (and
logged) unless the study asks for it. Multiple-choice options hold ``Y`` when chosen and
nothing when not (``1``/``0`` in the R export).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from kosieval.io.delimited import read_table
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.limesurvey_structure import limesurvey_header
from kosieval.io.raw import Checkbox, RawExport
from kosieval.model.importlog import LogEntry

METADATA = frozenset(
    {
        "id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
        "datestamp", "ipaddr", "refurl", "interviewtime",
        "Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started",
        "Date last action", "IP address", "Referrer URL", "Access code", "Total time",
    }
)
PERSONAL = frozenset({"token", "ipaddr", "refurl", "email", "firstname", "lastname",
                      "IP address", "Referrer URL", "Access code", "Token"})
_TIMING = re.compile(r"(Time|^groupTime\d+|^Group time.*|^Question time.*)$")
_SUBMIT = ("submitdate", "Date submitted")
_ID = ("id", "Response ID")
_CODE_TEXT_ID = "id. Response ID"
_STYLES = {
    "codes": "question codes",
    "full_text": "full question texts",
    "code_and_text": "question code and text (columns renamed to the codes)",
}
CHECKBOX = Checkbox(ticked=frozenset({"Y", "1"}), unticked=frozenset({"N", "0"}), empty_is_unticked=True)


def read_limesurvey_csv(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    text_columns: Collection[str] = (),
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read a LimeSurvey response export.

    Parameters
    ----------
    path
        The CSV file (never written to).
    encoding
        Override the encoding (a BOM still wins).
    separator
        Read with this separator although LimeSurvey writes commas (a file re-saved in Excel).
    text_columns
        Columns to keep as text (the respondent id, text items).
    include_incomplete
        Keep responses without ``submitdate``.
    include_test_runs
        Accepted for a uniform signature; LimeSurvey marks no test runs in its exports.
    file
        The file's name for the log (default: its name).

    Returns
    -------
    RawExport
    """
    name = file or path.name
    decoded = decode_file(path, encoding=encoding)
    log: list[LogEntry] = []
    if decoded.fallback:
        log.append(guessed_encoding_entry(name, decoded))
    table = read_table(decoded.text, path=path, separator=separator, platform="LimeSurvey",
                       platform_separator=",", text_columns={*text_columns, *_ID, *_SUBMIT, _CODE_TEXT_ID})
    data = table.data
    style = limesurvey_header(table.header_rows[0])
    labels: dict[str, str] = {}
    if style.style == "code_and_text":
        # "G01Q01. How old are you?" -> G01Q01: the mapping in study.yaml uses the codes
        renames = {name: code for name, code in zip(data.columns, style.codes) if code and code not in data.columns}
        labels = {code: name for name, code in renames.items()}
        data = data.rename(columns=renames)
    header = tuple(str(c) for c in data.columns)
    code_of = {name: code for name, code in zip(table.header_rows[0], style.codes) if code}
    if style.style == "full_text":
        meta_columns = {code_of.get(name, name): name for name in table.header_rows[0]}
    else:
        meta_columns = {name: name for name in header}
    id_column = meta_columns.get("id")
    submit = meta_columns.get("submitdate")
    if submit is not None and not include_incomplete:
        last = meta_columns.get("lastpage")
        incomplete = data[submit].isna()
        for line in data.index[incomplete]:
            page = data.at[line, last] if last is not None else None
            page_text = "–" if page is None or page != page else str(page).removesuffix(".0")
            log.append(LogEntry(name, int(line), submit, "", "dropped", "row dropped",
                                f"incomplete response (not submitted, last page {page_text}); "
                                "set include_incomplete: true to keep it", "info"))
        data = data.loc[~incomplete.to_numpy()]
    timing = frozenset(h for h in header if _TIMING.search(h) or code_of.get(h, "").endswith("Time"))
    metadata = METADATA | timing | {column for code, column in meta_columns.items() if code in METADATA}
    return RawExport(
        data=data,
        path=path,
        format="limesurvey_csv",
        detected={"format": "LimeSurvey response CSV", "encoding": decoded.description,
                  "separator": "comma" if table.separator == "," else repr(table.separator),
                  "header": _STYLES[style.style]},
        metadata_columns=frozenset(metadata),
        personal_columns=PERSONAL,
        id_column=id_column,
        labels=labels,
        default_checkbox=CHECKBOX,
        decimal=table.decimal,
        log=tuple(log),
    )
