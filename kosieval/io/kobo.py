"""KoboToolbox: the CSV data export, and the form (XLSForm workbook or asset JSON) as a draft codebook.

What the CSV export holds (KoboToolbox ``kpi``/``formpack``; checked against the expected
output in kpi's own export test, ``kpi/tests/test_mock_data_exports.py``):

- semicolon-separated, every field in double quotes, UTF-8;
- header row: the questions' XML names (``age``) or their labels (``How old are you?``),
  depending on "value and header format"; with "include groups in headers" the group path
  comes first, joined by the group separator (default ``/``): ``father/age`` or
  ``External Characteristics/How many segments does your body have?``;
- optionally a second row of HXL hashtags (``#symmetry``) when the form defines them;
- a select_multiple question ("select many") as a summary column with the chosen options
  separated by spaces (``vegan vegetarian``, or their labels) plus, by default, one 0/1
  column per option named ``question/option``;
- metadata: ``start end today deviceid username phonenumber …`` (when the form collects
  them), ``meta/instanceID``, and the server's ``_id _uuid _submission_time
  _validation_status _notes _status _submitted_by __version__ _tags _index``; a geopoint
  ``location`` comes with ``_location_latitude _location_longitude _location_altitude
  _location_precision``.

KoboToolbox has neither test runs nor unfinished interviews in its exports (form previews
are not stored and only finalised submissions are sent), so ``include_incomplete`` and
``include_test_runs`` change nothing; they are accepted so that every reader has the same
signature. Submissions a researcher marked "not approved" (``_validation_status``) are
kept: that judgement belongs in the study's own rules.

The form itself, as XLSForm workbook (:func:`draft_from_xlsform`) or as the asset JSON of
the KoboToolbox API (:func:`draft_from_kobo_json`), becomes a
:class:`~kosieval.io.draft.DraftInstrument` whose mapping matches an export with "XML
values and headers" and without group names in the headers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kosieval.errors import DataFormatError
from kosieval.io.delimited import read_table, separator_name
from kosieval.io.draft import DraftInstrument, DraftItem, DraftOption, DraftType, item_id_from
from kosieval.io.encoding import decode_file, guessed_encoding_entry
from kosieval.io.raw import Checkbox, RawExport
from kosieval.io.spreadsheet import workbook_sheets
from kosieval.io.values import cell_text

PLATFORM = "KoboToolbox"
METADATA = frozenset(
    {
        "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid",
        "email", "audit", "audit_URL", "instanceID", "instanceName", "deprecatedID", "rootUuid",
    }
)
"""KoboToolbox/XLSForm metadata columns; besides these every column starting with ``_`` and
every ``meta/…`` and ``formhub/…`` column is metadata."""
PERSONAL = frozenset(
    {"deviceid", "username", "phonenumber", "simserial", "subscriberid", "email", "_submitted_by", "_geolocation"}
)
"""Metadata columns with personal data (device and SIM ids, the enumerator's account, location)."""
ID_COLUMNS = ("_id", "_uuid", "meta/instanceID", "instanceID")
_TEXT_COLUMNS = ID_COLUMNS + ("deviceid", "phonenumber", "simserial", "subscriberid", "username", "_submitted_by")
_GEO_PART = re.compile(r"^_(?P<point>.+)_(?:latitude|longitude|altitude|precision)$")
_XML_NAME = re.compile(r"^[^\W\d][\w.\-]*$")


def read_kobo_csv(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    text_columns: Collection[str] = (),
    include_incomplete: bool = False,
    include_test_runs: bool = False,
    file: str | None = None,
) -> RawExport:
    """Read a KoboToolbox CSV data export.

    Parameters
    ----------
    path
        The export (never written to).
    encoding
        Override the encoding (a byte-order mark still wins).
    separator
        Read the file with this separator (for a file re-saved by Excel with commas).
    text_columns
        Columns to keep as text (ids, phone numbers and device ids are kept as text anyway).
    include_incomplete, include_test_runs
        Accepted for the common reader signature; KoboToolbox exports have neither.
    file
        The file's name for the log (default: the file name).

    Returns
    -------
    RawExport
        ``multi_sets`` maps each select_multiple summary column to its 0/1 option columns;
        ``checkboxes`` says how those option columns mark a choice.

    Raises
    ------
    DataFormatError
        Empty file, a separator other than the semicolon (naming the one found), column
        names used twice, a row with more fields than the header.
    """
    path = Path(path)
    file = file or path.name
    decoded = decode_file(path, encoding=encoding)
    log = [guessed_encoding_entry(file, decoded)] if decoded.fallback else []
    second = _second_record(decoded.text, separator or ";")
    hxl = bool(second) and all(not c.strip() or c.strip().startswith("#") for c in second) and any(
        c.strip().startswith("#") for c in second
    )
    table = read_table(
        decoded.text,
        path=path,
        separator=separator,
        header_rows=2 if hxl else 1,
        text_columns=set(text_columns) | set(_TEXT_COLUMNS),
        platform=PLATFORM,
        platform_separator=";",
    )
    data = table.data
    columns = [str(c) for c in data.columns]
    metadata = frozenset(c for c in columns if _is_metadata(c))
    multi_sets, checkboxes = _select_multiple(data, columns, metadata)
    option_columns = {c for options in multi_sets.values() for c in options}
    items = [c for c in columns if c not in metadata and c not in option_columns]
    xml_names = all(all(_XML_NAME.match(part) for part in c.split("/")) for c in items)
    grouped = any("/" in c for c in items)
    layout = "XML names" if xml_names else "labels"
    layout += ", with group paths (group/question)" if grouped else ""
    detected = {
        "format": "KoboToolbox CSV export",
        "encoding": decoded.description,
        "separator": separator_name(table.separator),
        "decimal": table.decimal,
        "header": layout + ("; second row: HXL hashtags" if hxl else ""),
        "responses": f"{len(data)} submissions (KoboToolbox exports no test runs or unfinished interviews)",
    }
    if hxl:
        tags = table.header_rows[1]
        detected["hxl"] = "; ".join(f"{c} = {t.strip()}" for c, t in zip(table.header_rows[0], tags) if t.strip())
    if multi_sets:
        detected["select_multiple"] = (
            f"{len(multi_sets)} question(s) as a summary column (chosen options separated by spaces) "
            "plus one 0/1 column per option"
        )
    labels = {} if xml_names else {c: c for c in columns if c not in metadata}
    geo = {m.group("point") for c in columns if (m := _GEO_PART.match(c))}
    personal = frozenset(
        c for c in columns if c in PERSONAL or c.rsplit("/", 1)[-1] in PERSONAL or _GEO_PART.match(c) or c in geo
    )
    return RawExport(
        data=data,
        path=path,
        format="kobo_csv",
        detected=detected,
        metadata_columns=metadata,
        personal_columns=personal,
        labels=labels,
        checkboxes=checkboxes,
        multi_sets=multi_sets,
        id_column=next((c for c in ID_COLUMNS if c in columns), None),
        log=tuple(log),
    )


def _is_metadata(column: str) -> bool:
    last = column.rsplit("/", 1)[-1]
    return column.startswith(("_", "meta/", "formhub/")) or column in METADATA or last in METADATA


def _select_multiple(
    data: pd.DataFrame, columns: list[str], metadata: frozenset[str]
) -> tuple[dict[str, tuple[str, ...]], dict[str, Checkbox]]:
    """Summary column -> its ``summary/option`` columns, for option columns holding only 0/1."""
    multi: dict[str, tuple[str, ...]] = {}
    checkboxes: dict[str, Checkbox] = {}
    for column in columns:
        if column in metadata:
            continue
        options = tuple(c for c in columns if c.startswith(column + "/") and c not in metadata)
        values = {cell_text(v) for c in options for v in data[c].dropna()}
        if not options or not values <= {"0", "1", "True", "False"}:
            continue
        multi[column] = options
        booleans = bool(values & {"True", "False"})
        box = Checkbox(frozenset({"True"} if booleans else {"1"}), frozenset({"False"} if booleans else {"0"}))
        checkboxes.update(dict.fromkeys(options, box))
    return multi, checkboxes


def _second_record(text: str, separator: str) -> list[str]:
    """The record after the header (the HXL hashtag row, when there is one)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    next(reader, [])
    return next(reader, [])


# --- the form: XLSForm workbook or KoboToolbox asset JSON -------------------------------------

_SELECT = re.compile(
    r"^(?P<kind>select_one|select one|select_multiple|select multiple|select all that apply)"
    r"(?:\s+from)?\s+(?P<list>\S+)(?P<other>\s+or[_ ](?:specify[_ ])?other)?$"
)
_SKIPPED_META = frozenset(
    {
        "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
        "audit", "calculate", "note", "hidden", "start-geopoint", "background-audio", "xml-external",
        "csv-external",
    }
)
_SELECT_TYPES = frozenset({"select_one", "select one", "select_multiple", "select multiple"})
"""Select types whose list is named separately (``select_from_list_name`` in KoboToolbox JSON)."""
_NOT_ITEMS = frozenset(
    {"geopoint", "geotrace", "geoshape", "image", "audio", "video", "file", "barcode", "acknowledge", "rank",
     "select_one_from_file", "select_multiple_from_file", "select_one_external"}
)
_BOUND = re.compile(r"^\.\s*(?P<op>>=|<=|>|<)\s*(?P<value>-?\d+(?:\.\d+)?)$")
_LANGUAGE = re.compile(r"\((?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")
DEFAULT_LANGUAGE = "default"
"""Language key for a plain ``label`` column (a form without translations)."""


@dataclass(frozen=True)
class _Row:
    """One survey row of an XLSForm, whatever the source (workbook or JSON)."""

    number: int
    type: str
    name: str
    labels: dict[str, str]
    list_name: str | None = None
    or_other: bool = False
    relevant: str = ""
    constraint: str = ""
    parameters: str = ""
    appearance: str = ""


@dataclass(frozen=True)
class _Form:
    """Survey rows and choice lists gathered from a form file."""

    rows: list[_Row]
    choices: dict[str, list[tuple[str, dict[str, str]]]]
    languages: list[str]
    title: str = ""
    form_id: str = ""


def draft_from_xlsform(path: Path) -> DraftInstrument:
    """Draft a codebook from an XLSForm workbook (KoboToolbox, ODK, pyxform).

    The ``survey`` sheet (``type, name, label`` or ``label::English (en)`` /
    ``label:English``, ``relevant``, ``constraint`` …) gives the items, the ``choices`` sheet
    (``list name``/``list_name, name, label…``) their options, ``settings`` the title.

    Parameters
    ----------
    path
        The ``.xlsx`` workbook (opened read-only; XML parsed with defusedxml).

    Returns
    -------
    DraftInstrument
        select_one -> ``single`` (``likert`` with appearance likert), select_multiple ->
        ``multi`` with one option column ``name/choice`` each, integer/decimal/range ->
        ``numeric`` (with min/max from a simple constraint or range parameters), text ->
        ``text``, date/datetime -> ``date``; "or specify other" adds the ``name_other``
        text item. Choice names that are whole numbers keep their number as code; other
        names get codes in order, with the name as ``export_code``. Notes, calculations,
        metadata, groups and repeats are not items (groups and skipped questions are named
        in the notes). Language keys: the code in ``label::English (en)`` (``en``), else
        the name in lower case (``english``), ``default`` for a plain ``label``.

    Raises
    ------
    DataFormatError
        Not a readable workbook, XML with entity declarations, broken XML (naming line and
        column), no ``survey`` sheet (naming the sheets there are), no ``type`` or ``name``
        column.
    """
    path = Path(path)
    sheets = workbook_sheets(path)
    by_name = {name.strip().lower(): name for name in sheets}
    if "survey" not in by_name:
        raise DataFormatError(
            f"keine Tabelle 'survey' / no sheet named 'survey' (the workbook has: {', '.join(sheets) or 'none'})",
            path=path,
            hint="an XLSForm needs the sheets survey and choices; export the form from KoboToolbox as XLS "
            "(Form > Download XLS) and pass that file",
        )
    settings = _records(sheets[by_name["settings"]]) if "settings" in by_name else []
    setting = {str(k).strip().lower(): str(v).strip() for k, v in (settings[0][1].items() if settings else [])}
    survey = _records(sheets[by_name["survey"]])
    header = _header_keys(sheets[by_name["survey"]])
    if not {"type", "name"} <= header:
        raise DataFormatError(
            "die Tabelle 'survey' braucht die Spalten type und name / the survey sheet needs the columns type "
            f"and name (found: {', '.join(sorted(header)) or 'none'})",
            path=path,
            line=1,
            hint="the first row of the survey sheet names the columns: type, name, label ...",
        )
    default = _language(setting["default_language"]) if setting.get("default_language") else DEFAULT_LANGUAGE
    languages: list[str] = []
    rows = []
    for number, record in survey:
        kind = _lower(record.get("type"))
        if not kind:
            continue
        labels = _labels(record, "label", default, languages)
        match = _SELECT.match(kind)
        rows.append(
            _Row(
                number=number,
                type=kind,
                name=_str(record.get("name")),
                labels=labels,
                list_name=match.group("list") if match else None,
                or_other=bool(match and match.group("other")),
                relevant=_str(record.get("relevant")),
                constraint=_str(record.get("constraint")),
                parameters=_str(record.get("parameters")),
                appearance=_lower(record.get("appearance")),
            )
        )
    choices: dict[str, list[tuple[str, dict[str, str]]]] = {}
    if "choices" in by_name:
        for _, record in _records(sheets[by_name["choices"]]):
            lower = {k.lower(): v for k, v in record.items()}
            list_name = _str(lower.get("list name", lower.get("list_name")))
            name = _str(record.get("name"))
            if list_name and name:
                choices.setdefault(list_name, []).append((name, _labels(record, "label", default, languages)))
    form = _Form(rows, choices, _ordered(languages, default), setting.get("form_title", ""), setting.get("form_id", ""))
    return _draft(form, path, source=f"XLSForm workbook: {path.name}")


def draft_from_kobo_json(path: Path) -> DraftInstrument:
    """Draft a codebook from a KoboToolbox asset as JSON (``content`` with ``survey``/``choices``).

    Accepts the asset as the KoboToolbox API returns it (``{"name": …, "content": {…}}``),
    formpack's test files (``{"version": …, "content": {…}, "submissions": […]}``; the
    submissions are ignored) and a bare ``content`` object. Labels are lists parallel to
    ``content["translations"]`` (``["English (en)", "Deutsch (de)"]``; ``null`` is the
    unnamed default language) or plain strings. Rows without ``name`` use ``$autoname``.

    Parameters
    ----------
    path
        The JSON file (read-only).

    Returns
    -------
    DraftInstrument
        As :func:`draft_from_xlsform`.

    Raises
    ------
    DataFormatError
        Invalid JSON (naming line and column) or no ``content.survey`` list.
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DataFormatError(f"kein gültiges JSON / not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                              column=f"character {exc.colno}", hint="export the asset again from KoboToolbox") from None
    except UnicodeDecodeError:
        raise DataFormatError("die Datei ist nicht UTF-8 / the file is not UTF-8 text", path=path,
                              hint="a KoboToolbox asset JSON is UTF-8; export it again") from None
    content = document.get("content", document) if isinstance(document, dict) else None
    if not isinstance(content, dict) or not isinstance(content.get("survey"), list):
        keys = ", ".join(sorted(document)) if isinstance(document, dict) else type(document).__name__
        raise DataFormatError(
            f"kein KoboToolbox-Formular: 'content.survey' fehlt / not a KoboToolbox form: no 'content.survey' "
            f"list (found: {keys})",
            path=path,
            hint="pass the asset JSON from the KoboToolbox API (/api/v2/assets/<uid>/?format=json) or an XLSForm",
        )
    translations = content.get("translations") or [None]
    keys = [_language(t) if t else DEFAULT_LANGUAGE for t in translations]
    settings = content.get("settings") if isinstance(content.get("settings"), dict) else {}
    rows = []
    for number, row in enumerate(content["survey"], start=1):
        if not isinstance(row, dict) or not row.get("type"):
            continue
        kind = _lower(row["type"])
        list_name = row.get("select_from_list_name")
        match = _SELECT.match(kind)
        if match:
            list_name = match.group("list")
        rows.append(
            _Row(
                number=number,
                type=kind,
                name=_str(row.get("name") or row.get("$autoname")),
                labels=_json_labels(row.get("label"), keys),
                list_name=_str(list_name) or None,
                or_other=bool(row.get("_or_other") or row.get("or_other") or (match and match.group("other"))),
                relevant=_str(row.get("relevant")),
                constraint=_str(row.get("constraint")),
                parameters=_str(row.get("parameters")),
                appearance=_lower(row.get("appearance")),
            )
        )
    choices: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for choice in content.get("choices") or []:
        if isinstance(choice, dict):
            name = _str(choice.get("name") or choice.get("$autovalue"))
            list_name = _str(choice.get("list_name"))
            if name and list_name:
                choices.setdefault(list_name, []).append((name, _json_labels(choice.get("label"), keys)))
    title = _str(document.get("name")) if isinstance(document, dict) else ""
    form = _Form(rows, choices, list(dict.fromkeys(keys)), title or _str(settings.get("form_title")),
                 _str(settings.get("id_string") or settings.get("form_id")))
    return _draft(form, path, source=f"KoboToolbox asset JSON: {path.name}")


def _draft(form: _Form, path: Path, *, source: str) -> DraftInstrument:
    """Turn the gathered rows into draft items (shared by the workbook and the JSON reader)."""
    taken: set[str] = set()
    items: list[DraftItem] = []
    notes: list[str] = []
    groups: list[str] = []
    skipped: dict[str, list[str]] = {}
    in_repeat = 0
    for row in form.rows:
        kind = row.type
        if kind in {"begin group", "begin_group"}:
            groups.append(row.name or f"row {row.number}")
            continue
        if kind in {"end group", "end_group"}:
            if groups:
                groups.pop()
            continue
        if kind in {"begin repeat", "begin_repeat"}:
            in_repeat += 1
            notes.append(f"repeat group {row.name!r}: its questions are exported one row per repetition, "
                         "not as columns of the response; they were not drafted")
            continue
        if kind in {"end repeat", "end_repeat"}:
            in_repeat = max(0, in_repeat - 1)
            continue
        base = kind.split()[0]
        if in_repeat or base in _SKIPPED_META or kind in _SKIPPED_META:
            continue
        if base in _NOT_ITEMS or kind.startswith(("select_one_from_file", "select_multiple_from_file")):
            skipped.setdefault(base, []).append(row.name)
            continue
        if not row.name:
            notes.append(f"survey row {row.number} ({kind}) has no name and was skipped")
            continue
        text = row.labels or {DEFAULT_LANGUAGE: row.name}
        where = [f"in group {'/'.join(groups)!r}: the export column is "
                 f"{'/'.join([*groups, row.name])!r} when groups are included in the headers"] if groups else []
        if row.relevant:
            where.append(f"shown only if {row.relevant}")
        item_id = item_id_from(row.name, taken=taken)
        if _SELECT.match(kind) or (row.list_name and kind in _SELECT_TYPES):
            multi = "multiple" in kind or "all that apply" in kind
            options, option_notes = _options(form.choices.get(row.list_name or "", []), row, multi=multi)
            if not options:
                notes.append(f"{row.name}: choice list {row.list_name!r} not found in the choices; item skipped")
                taken.discard(item_id)
                continue
            described = f"{'select_multiple' if multi else 'select_one'} {row.list_name}"
            described += " or specify other" if row.or_other else ""
            if multi:
                example = " ".join(str(o.export_code or o.code) for o in options[:2])
                option_notes.insert(0, f"one 0/1 column per option ({row.name}/<choice>); KoboToolbox also writes a "
                                       f"column {row.name!r} with the chosen choice names separated by spaces "
                                       f"({example!r}): if the export has only that column, map the item to it and "
                                       "split the values")
            draft_type: DraftType = "multi" if multi else ("likert" if "likert" in row.appearance else "single")
            items.append(DraftItem(item_id, None if multi else row.name, text, draft_type, tuple(options),
                                   note=_note([described, *option_notes, *where])))
            if row.or_other:
                other = f"{row.name}_other"
                items.append(DraftItem(item_id_from(other, taken=taken), other,
                                       {k: f"{v} (other, please specify)" for k, v in text.items()}, "text",
                                       note=_note([f"free text of 'other' in {row.name} ('or specify other')",
                                                   *where])))
            continue
        if base in {"integer", "int", "decimal", "range"}:
            low, high, bound_note = _range(row, integer=base in {"integer", "int"})
            items.append(DraftItem(item_id, row.name, text, "numeric", min=low, max=high,
                                   note=_note([kind, *bound_note, *where])))
        elif base in {"text", "string", "phone"} or kind in {"phone number", "email address"}:
            items.append(DraftItem(item_id, row.name, text, "text", note=_note([kind, *where])))
        elif base in {"date", "datetime"}:
            items.append(DraftItem(item_id, row.name, text, "date", note=_note([kind, *where])))
        elif base == "time":
            items.append(DraftItem(item_id, row.name, text, "text", note=_note(["time of day", *where])))
        else:
            taken.discard(item_id)
            skipped.setdefault(kind, []).append(row.name)
    for kind, names in skipped.items():
        notes.append(f"{kind} questions are not survey items and were skipped: {', '.join(n for n in names if n)}")
    title = form.title or path.stem
    languages = tuple(form.languages) or (DEFAULT_LANGUAGE,)
    return DraftInstrument(
        id=item_id_from(form.form_id or path.stem),
        title=dict.fromkeys(languages[:1], title),
        source=source,
        languages=languages,
        items=tuple(items),
        notes=tuple(notes),
    )


def _options(
    choices: list[tuple[str, dict[str, str]]], row: _Row, *, multi: bool
) -> tuple[list[DraftOption], list[str]]:
    """Codes for the choices: whole-number names keep their number, others get the next free codes.

    In a list with any non-numeric name every option carries its name as ``export_code``, so
    that the study's ``answer_codes`` cover the whole list.
    """
    listed = list(choices)
    if row.or_other and all(name != "other" for name, _ in listed):
        listed.append(("other", {k: "Other" for k in (listed[0][1] if listed else {DEFAULT_LANGUAGE: ""})}))
    numbers = {name: int(name) for name, _ in listed if re.fullmatch(r"-?\d+", name)}
    used = set(numbers.values())
    options = []
    notes = []
    next_code = 1
    for name, labels in listed:
        if name in numbers:
            code = numbers[name]
        else:
            while next_code in used:
                next_code += 1
            code = next_code
            used.add(code)
        export = None if len(numbers) == len(listed) and str(code) == name else name
        column = f"{row.name}/{name}" if multi else None
        options.append(DraftOption(code, labels or {DEFAULT_LANGUAGE: name}, export_code=export, column=column))
    if any(name not in numbers for name, _ in listed):
        notes.append("choice names are not numbers: codes given in list order, the names are the export codes")
    return options, notes


def _range(row: _Row, *, integer: bool) -> tuple[float | None, float | None, list[str]]:
    """Bounds from ``range`` parameters or a constraint like ``. >= 0 and . <= 120``."""
    low = high = None
    notes: list[str] = []
    if row.parameters:
        values = dict(re.findall(r"(start|end|step)\s*=\s*(-?\d+(?:\.\d+)?)", row.parameters))
        if "start" in values:
            low = float(values["start"])
        if "end" in values:
            high = float(values["end"])
    if row.constraint and " or " not in f" {row.constraint.lower()} ":
        for part in re.split(r"\s+and\s+", row.constraint.strip(), flags=re.IGNORECASE):
            bound = _BOUND.match(part.strip())
            if not bound:
                notes.append(f"constraint {row.constraint!r} not turned into min/max")
                return low, high, notes
            value = float(bound.group("value"))
            op = bound.group("op")
            step = 1.0 if integer else 0.0
            if op in {">=", ">"}:
                low = value + (step if op == ">" else 0.0)
            else:
                high = value - (step if op == "<" else 0.0)
            if op in {">", "<"} and not integer:
                notes.append(f"check: the constraint {row.constraint!r} excludes the bound itself")
    elif row.constraint:
        notes.append(f"constraint {row.constraint!r} not turned into min/max")
    return low, high, notes


def _note(parts: Iterable[str]) -> str | None:
    text = "; ".join(p for p in parts if p)
    return text or None


def _language(name: str) -> str:
    """``English (en)`` -> ``en``; ``English`` -> ``english``."""
    code = _LANGUAGE.search(name)
    return code.group("code").lower() if code else name.strip().lower()


def _labels(record: Mapping[str, object], prefix: str, default: str, languages: list[str]) -> dict[str, str]:
    """Language -> text from the ``label``, ``label::English (en)`` or ``label:English`` columns."""
    labels: dict[str, str] = {}
    for key, value in record.items():
        head, _, language = key.partition(":")
        if head.strip().lower() != prefix or value is None or not str(value).strip():
            continue
        language = language.lstrip(":").strip()
        code = _language(language) if language else default
        labels[code] = _strip_markup(str(value))
        if code not in languages:
            languages.append(code)
    return labels


def _json_labels(value: object, keys: list[str]) -> dict[str, str]:
    if isinstance(value, list):
        return {k: _strip_markup(str(v)) for k, v in zip(keys, value) if v is not None and str(v).strip()}
    if isinstance(value, str) and value.strip():
        return {keys[0]: _strip_markup(value)}
    return {}


def _strip_markup(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_]{2}(.+?)[*_]{2}", r"\1", text).strip()


def _ordered(languages: list[str], default: str) -> list[str]:
    return sorted(languages, key=lambda code: code != default) if default in languages else languages


def _str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _lower(value: object) -> str:
    return re.sub(r"\s+", " ", _str(value)).lower()


def _header_keys(rows: list[tuple[object, ...]]) -> set[str]:
    return {_str(c).lower() for c in (rows[0] if rows else ()) if _str(c)}


def _records(rows: list[tuple[object, ...]]) -> list[tuple[int, dict[str, object]]]:
    """Sheet rows as (Excel row number, {column name: value}); empty rows left out."""
    if not rows:
        return []
    names = [_str(c) for c in rows[0]]
    records = []
    for number, values in enumerate(rows[1:], start=2):
        record = {name: value for name, value in zip(names, values) if name and value is not None}
        if any(_str(v) for v in record.values()):
            records.append((number, record))
    return records


def detect_kobo(head: str) -> bool:
    """True when ``head`` (the first few KB of a file, decoded) looks like a KoboToolbox CSV export.

    The header must name one of the server's own columns (``_uuid``, ``_submission_time``,
    ``_index``, ``_validation_status``) or ``meta/instanceID``.
    """
    lines = head.lstrip("\ufeff").splitlines()
    if not lines:
        return False
    fields = {f.strip().strip('"') for f in re.split(r"[;,\t]", lines[0])}
    return bool(fields & {"_uuid", "_submission_time", "_index", "_validation_status", "meta/instanceID"})
