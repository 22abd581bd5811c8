"""SoSci Survey's variables and values listings, drafted into a codebook.

SoSci Survey's CSV download gives three files, all UTF-16 LE with BOM, TAB-separated, CRLF:
``data_<project>_<date>.csv`` (the responses), ``values_<project>_<date>.csv`` (columns
``VAR RESPONSE MEANING``: one row per labelled code of a variable) and
``variables_<project>_<date>.csv`` (columns ``VAR LABEL TYPE INPUT``: one row per
variable). Newer versions add columns to the variables listing, at least ``QUESTION``
(the question wording; used by public evaluation scripts such as
tamslo/sosci-questionnaire-evaluation); columns are found by name, extra ones are allowed.

What the listings say (seen in the 2015 files and SoSci's generated R import scripts):

* ``TYPE``: METRIC, TEXT, TIME/DATETIME, NOMINAL, ORDINAL, BOOL; ``INPUT``: SYSTEM, OPEN,
  SELECTION, SCALE, CHECKBOX, ….
* System variables (``INPUT`` SYSTEM: CASE, SERIAL, REF, QUESTNNR, MODE, STARTED,
  TIME001…, FINISHED, …) are not items.
* A multiple-choice question ``AB01`` writes one BOOL variable per option, ``AB01_01``,
  ``AB01_02`` …, coded 1 = not chosen, 2 = chosen, plus ``AB01`` = number of chosen
  options (negative: the residual option). An option with a text field adds ``AB01_03a``.
* Scales often list labels only for their end points (``1 "not appropriate"``,
  ``7 "very appropriate"``).
* Negative codes are SoSci's missing codes: -1 (residual option such as "don't know"),
  -2, -3, -8, -9 ("not answered").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kosieval.errors import DataFormatError
from kosieval.io.draft import DraftInstrument, DraftItem, DraftOption, DraftType, item_id_from
from kosieval.io.encoding import decode_file

LANGUAGE = "und"
"""Language key of drafted texts: the listings do not say which language the questionnaire
is in (ISO 639-2 ``und`` = undetermined; the draft writes the text into both ``de`` and ``en``)."""

VARIABLE_COLUMNS = ("VAR", "LABEL", "TYPE", "INPUT")
VALUE_COLUMNS = ("VAR", "RESPONSE", "MEANING")
SYSTEM_VARIABLES = frozenset(
    {
        "CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "TIME_SUM", "MAILSENT",
        "LASTDATA", "FINISHED", "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL",
        "TIME_RSI", "DEG_MISS", "DEG_TIME", "DEGRADE",
    }
)
_TIMING = re.compile(r"^TIME\d{3}$")
_OPTION = re.compile(r"^(?P<question>.+)_(?P<number>\d+)$")
_OPTION_TEXT = re.compile(r"^(?P<question>.+)_(?P<number>\d+)a$")
_UNLABELLED_INPUT = re.compile(r"\s*:\s*\[\d+\]\s*$")
_PROJECT = re.compile(r"^variables_(?P<project>.+?)(?:_\d{4}-\d{2}-\d{2}(?:_\d{2}-\d{2})?)?$", re.IGNORECASE)
_CHECKBOX_INPUTS = frozenset({"CHECKBOX", "MULTIPLE"})
_DATE_TYPES = frozenset({"TIME", "DATETIME", "DATE"})
_MAX_FILLED = 21
_CHECKBOX_NOTE = "SoSci Survey codes each option 1 = not chosen, 2 = chosen"


@dataclass(frozen=True)
class _Variable:
    name: str
    label: str
    type: str
    input: str
    question: str
    line: int


@dataclass(frozen=True)
class _Value:
    code: int
    meaning: str
    line: int


def draft_from_sosci(variables: Path, values: Path | None = None, *, data: Path | None = None) -> DraftInstrument:
    """Draft a codebook from SoSci Survey's variables (and values) listing.

    Rules, by ``TYPE``/``INPUT`` of each variable, in file order:

    * ``INPUT`` SYSTEM and SoSci's system variables (CASE … STARTED, TIME001 …, FINISHED,
      …) are left out (named in one note);
    * ORDINAL + SCALE -> ``likert``, options from the values listing; when it lists only
      some codes (the end points 1 and 7), the codes in between are added with empty
      labels ``""`` and a note;
    * NOMINAL (SELECTION, dropdown …), and ORDINAL with another input -> ``single``;
    * BOOL or ``INPUT`` CHECKBOX -> the variables ``AB01_01``, ``AB01_02`` … of one question
      become one ``multi`` item ``ab01`` with one option per variable (code = the number
      after ``_``, label = the part of the variable label after "question: ", ``column`` =
      the variable) and a note that SoSci codes 1 = not chosen, 2 = chosen; the count
      variable ``AB01`` of such a question is left out;
    * METRIC -> ``numeric``; TEXT and OPEN inputs -> ``text``; TIME, DATETIME, DATE ->
      ``date``; other types -> ``text`` with a note. Item text = LABEL without the ``: [01]``
      SoSci appends for inputs that have no label of their own;
    * negative codes in the values listing (-1, -2, -3, -8, -9) -> the draft's
      ``missing_codes`` (first label wins; different labels for one code are noted), never
      options.

    A likert or single item without options in the values listing (no values file given,
    or the variable not in it) is drafted as ``numeric`` with a note, because the codebook
    needs options for those types.

    Parameters
    ----------
    variables
        ``variables_<project>_<date>.csv`` (never written to).
    values
        ``values_<project>_<date>.csv``; without it no options and no missing codes are known.
    data
        ``data_<project>_<date>.csv``; when given, its header is compared with the listing
        and differences are noted (item columns not in the data, data columns that are not
        in the listing and not system variables).

    Returns
    -------
    DraftInstrument

    Raises
    ------
    DataFormatError
        A file that is not a variables (or values) listing: names the expected columns; a
        row with too few fields or a RESPONSE that is not a whole number: names the line.
    """
    variables = Path(variables)
    listing = _read_variables(variables)
    codes = _read_values(Path(values)) if values is not None else {}
    notes: list[str] = []
    known = {v.name for v in listing}
    unknown = [name for name in codes if name not in known]
    if unknown:
        notes.append(f"the values file names variables that are not in the variables file: {', '.join(unknown)}")
    drafter = _Drafter(listing, codes, have_values=values is not None)
    items = drafter.items()
    notes += drafter.notes
    if data is not None:
        notes += _compare_with_data(Path(data), items, known)
    match = _PROJECT.match(variables.stem)
    project = match.group("project") if match else variables.stem
    source = f"SoSci Survey variables listing: {variables.name}"
    if values is not None:
        source += f" + {Path(values).name}"
    return DraftInstrument(
        id=item_id_from(project),
        title={LANGUAGE: project},
        source=source,
        languages=(LANGUAGE,),
        items=tuple(items),
        missing_codes=tuple(
            DraftOption(code=code, label={LANGUAGE: label}) for code, (label, _) in sorted(drafter.missing.items())
        ),
        notes=tuple(notes),
    )


# -- reading the listings ---------------------------------------------------------------------


def _rows(path: Path, expected: tuple[str, ...], what: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row by upper-case column name) of a TAB-separated listing."""
    text = decode_file(path).text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header: list[str] | None = None
    previous = 0
    for fields in reader:
        line = previous + 1
        previous = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = [f.strip().upper() for f in fields]
            missing = [c for c in expected if c not in header]
            if missing:
                shown = ", ".join(fields[:8]) + (" …" if len(fields) > 8 else "")
                hint = (
                    "SoSci Survey's CSV download has three files (data_…, values_…, variables_…); pass "
                    f"the {what} file as it was downloaded"
                )
                if len(fields) == 1 and any(sep in fields[0] for sep in ",;"):
                    hint = "the file is not TAB-separated (saved again by Excel?); " + hint
                raise DataFormatError(
                    f"das ist keine SoSci-Survey-{what}-Datei / this is not a SoSci Survey {what} listing: "
                    f"expected the columns {' '.join(expected)}, found {shown or 'nothing'}",
                    path=path,
                    line=line,
                    hint=hint,
                )
            continue
        if len(fields) < len(expected):
            raise DataFormatError(
                f"Zeile hat {len(fields)} statt {len(header)} Felder / the row has {len(fields)} fields "
                f"instead of {len(header)}",
                path=path,
                line=line,
                hint="the file was changed after download (a TAB lost?); download it again from SoSci Survey",
            )
        yield line, {name: (fields[i] if i < len(fields) else "").strip() for i, name in enumerate(header)}
    if header is None:
        raise DataFormatError("die Datei ist leer / the file is empty", path=path,
                              hint=f"download the {what} file again from SoSci Survey")


def _read_variables(path: Path) -> list[_Variable]:
    return [
        _Variable(
            name=row["VAR"],
            label=row["LABEL"],
            type=row["TYPE"].upper(),
            input=row["INPUT"].upper(),
            question=row.get("QUESTION", ""),
            line=line,
        )
        for line, row in _rows(path, VARIABLE_COLUMNS, "variables")
    ]


def _read_values(path: Path) -> dict[str, list[_Value]]:
    result: dict[str, list[_Value]] = {}
    for line, row in _rows(path, VALUE_COLUMNS, "values"):
        try:
            code = int(row["RESPONSE"])
        except ValueError:
            raise DataFormatError(
                f"RESPONSE ist keine ganze Zahl / RESPONSE is not a whole number: {row['RESPONSE']!r}",
                path=path,
                line=line,
                column="RESPONSE",
                hint="SoSci Survey writes whole-number codes; download the values file again",
            ) from None
        result.setdefault(row["VAR"], []).append(_Value(code, row["MEANING"], line))
    return result


def _compare_with_data(path: Path, items: list[DraftItem], listed: set[str]) -> list[str]:
    text = decode_file(path).text
    header = next(csv.reader(io.StringIO(text, newline=""), delimiter="\t"), [])
    columns = [c.strip() for c in header]
    in_data = set(columns)
    drafted: list[str] = []
    for item in items:
        drafted += [item.column] if item.column else [o.column for o in item.options if o.column]
    notes = []
    absent = [c for c in drafted if c not in in_data]
    if absent:
        notes.append(f"variables of the listing that are not columns of {path.name}: {', '.join(absent)}")
    extra = [c for c in columns if c and c not in listed and not _is_system(c, "")]
    if extra:
        notes.append(f"columns of {path.name} that are not in the variables listing: {', '.join(extra)}")
    return notes


def _is_system(name: str, input_: str) -> bool:
    return input_ == "SYSTEM" or name in SYSTEM_VARIABLES or bool(_TIMING.match(name))


# -- drafting ------------------------------------------------------------------------------------


class _Drafter:
    """Turns the listings into items (one instance per call)."""

    def __init__(self, listing: list[_Variable], codes: dict[str, list[_Value]], *, have_values: bool) -> None:
        self.listing = listing
        self.codes = codes
        self.have_values = have_values
        self.taken: set[str] = set()
        self.notes: list[str] = []
        self.missing: dict[int, tuple[str, str]] = {}

    def items(self) -> list[DraftItem]:
        groups: dict[str, list[_Variable]] = {}
        group_of: dict[str, str] = {}
        for variable in self.listing:
            if not _is_system(variable.name, variable.input) and self._is_checkbox(variable):
                match = _OPTION.match(variable.name)
                question = match.group("question") if match else variable.name
                groups.setdefault(question, []).append(variable)
                group_of[variable.name] = question
        skipped: list[str] = []
        items: list[DraftItem] = []
        for variable in self.listing:
            name = variable.name
            if name in groups and name not in group_of:
                continue  # the number of chosen options of a multiple-choice question
            if _is_system(name, variable.input):
                skipped.append(name)
                continue
            for value in self.codes.get(name, ()):
                if value.code < 0:
                    self._add_missing(value, name)
            question = group_of.get(name)
            if question is not None:
                if groups[question][0] is variable:
                    items.append(self._multi(question, groups[question]))
                continue
            items.append(self._item(variable))
        if skipped:
            self.notes.append(f"SoSci Survey system variables left out: {', '.join(skipped)}")
        return items

    @staticmethod
    def _is_checkbox(variable: _Variable) -> bool:
        return variable.type == "BOOL" or variable.input in _CHECKBOX_INPUTS

    def _id(self, name: str) -> str:
        return item_id_from(name, taken=self.taken)

    def _add_missing(self, value: _Value, variable: str) -> None:
        known = self.missing.get(value.code)
        if known is None:
            self.missing[value.code] = (value.meaning, variable)
        elif known[0] != value.meaning:
            self.notes.append(f"missing code {value.code} has different labels: {known[0]!r} ({known[1]}), "
                              f"{value.meaning!r} ({variable}); the draft uses the first")

    def _options(self, name: str) -> dict[int, str]:
        return {v.code: v.meaning for v in sorted(self.codes.get(name, ()), key=lambda v: v.code) if v.code >= 0}

    def _multi(self, question: str, variables: list[_Variable]) -> DraftItem:
        prefixes = {v.label.split(": ", 1)[0] for v in variables if ": " in v.label}
        common = next(iter(prefixes)) if len(prefixes) == 1 and all(": " in v.label for v in variables) else None
        options = []
        for position, variable in enumerate(variables, start=1):
            match = _OPTION.match(variable.name)
            code = int(match.group("number")) if match else position
            label = variable.label.split(": ", 1)[1] if common is not None else variable.label
            options.append(DraftOption(code=code, label={LANGUAGE: label or variable.name}, column=variable.name))
        question_text = next((v.question for v in variables if v.question), "") or common or question
        note = _CHECKBOX_NOTE
        if any(v.name == question for v in self.listing):
            note += f"; {question} (the number of chosen options) is not an item"
        return DraftItem(self._id(question), None, {LANGUAGE: question_text}, "multi", options=tuple(options),
                         note=note)

    def _item(self, variable: _Variable) -> DraftItem:
        name, type_, input_ = variable.name, variable.type, variable.input
        text = {LANGUAGE: _UNLABELLED_INPUT.sub("", variable.label) or name}
        notes: list[str] = []
        if variable.question and variable.question != variable.label:
            notes.append(f"question text in SoSci Survey: {variable.question}")
        item_type: DraftType
        options: dict[int, str] = {}
        if type_ == "METRIC":
            item_type = "numeric"
        elif type_ in _DATE_TYPES:
            item_type = "date"
        elif type_ == "TEXT" or (input_ == "OPEN" and type_ not in ("NOMINAL", "ORDINAL")):
            item_type = "text"
            match = _OPTION_TEXT.match(name)
            if match:
                notes.append(f"free text of option {match.group('number')} of {match.group('question')}")
        elif type_ == "ORDINAL" and input_ == "SCALE":
            item_type = "likert"
            options = self._options(name)
            if len(options) >= 2:
                low, high = min(options), max(options)
                gaps = [c for c in range(low, high + 1) if c not in options]
                if gaps and high - low + 1 <= _MAX_FILLED:
                    labelled = ", ".join(str(c) for c in sorted(options))
                    options.update({c: "" for c in gaps})
                    notes.append(f"the values file labels only {labelled}; "
                                 f"codes {_span(gaps)} were added with empty labels: fill them in")
                elif gaps:
                    notes.append(f"the values file labels only some codes between {low} and {high}; check the scale")
        elif type_ in ("NOMINAL", "ORDINAL"):
            item_type = "single"
            options = self._options(name)
            if type_ == "ORDINAL":
                notes.append(f"ordinal {input_.lower() or 'question'} in SoSci Survey: likert if it is a rating scale")
        else:
            item_type = "text"
            notes.append(f"SoSci Survey type {type_ or '(none)'} / input {input_ or '(none)'} is not known to "
                         "kosieval; check the item type")
        if item_type in ("likert", "single") and not options:
            where = "no values file was given" if not self.have_values else "the values file lists no codes for it"
            notes.append(f"drafted as numeric because {where}; add the options and set the type to {item_type}")
            item_type = "numeric"
        return DraftItem(
            self._id(name),
            name,
            text,
            item_type,
            options=tuple(DraftOption(code=c, label={LANGUAGE: options[c]}) for c in sorted(options)),
            note="; ".join(notes) or None,
        )


def _span(codes: list[int]) -> str:
    """``[2, 3, 4, 5, 6]`` -> ``"2–6"``; other lists comma-separated."""
    if len(codes) > 2 and codes == list(range(codes[0], codes[-1] + 1)):
        return f"{codes[0]}–{codes[-1]}"
    return ", ".join(str(c) for c in codes)
