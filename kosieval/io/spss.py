"""SPSS (.sav, .zsav) and Stata (.dta) files, read with pyreadstat.

What these files carry besides the data: variable labels, value labels, user-missing values
(SPSS: up to three discrete values, or one range plus one value, per variable; Stata: the
extended missing values ``.a`` … ``.z``), the measure level (SPSS: nominal, ordinal, scale)
and multiple-response sets (SPSS). :func:`read_spss` hands all of it over in a
:class:`~kosieval.io.raw.RawExport`; :func:`draft_from_spss` turns it into a draft codebook.

User-missing values are read as the code that was given (``user_missing=True``): a 9 that
SPSS declares missing stays 9 in ``data`` and is listed in ``column_missing``, so the
codebook step can turn it into NA *and* record which code it was.

Stata's extended missing values: pyreadstat returns them (with ``user_missing=True``) as
the bare letter (``"a"``) in an otherwise numeric column, and lists the letters it met in
``metadata.missing_user_values``. This reader writes them as Stata shows them, ``".a"`` …
``".z"``: text that cannot be mistaken for a number or for an answer, listed in
``column_missing`` and used as the key of their value labels (``{".a": "refused"}``).
Stata's system missing ``.`` is NaN.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat

from kosieval.errors import DataFormatError
from kosieval.io.draft import DraftInstrument, DraftItem, DraftOption, DraftType, item_id_from
from kosieval.io.raw import Checkbox, MissingRange, RawExport
from kosieval.model.importlog import LogEntry

SUFFIXES = {".sav": "spss", ".zsav": "spss", ".dta": "stata"}
"""File suffix (lower case) -> ``RawExport.format``."""

LANGUAGE = "und"
"""Language key of drafted texts: the files do not say which language their labels are in
(ISO 639-2 ``und`` = undetermined; the draft writes the text into both ``de`` and ``en``)."""

# The display formats pyreadstat converts to dates, datetimes and times (pyreadstat 1.3,
# _readstat_parser.pyx); other SPSS date-like formats (QYR, MOYR, WKYR, WKDAY, MONTH)
# arrive as plain numbers.
_SPSS_DATE = frozenset({"DATE", "ADATE", "EDATE", "JDATE", "SDATE", "DATETIME", "YMDHMS"})
_SPSS_TIME = frozenset({"TIME", "DTIME"})
_SPSS_UNCONVERTED_DATE = frozenset({"QYR", "MOYR", "WKYR", "WKDAY", "MONTH"})
_STATA_DATE = frozenset({"%td", "%d", "%tdD_m_Y", "%tdCCYY-NN-DD", "%tC", "%tc"})
_STATA_TIME = frozenset({"%tcHH:MM:SS", "%tcHH:MM"})
_FORMAT_NAME = re.compile(r"^([A-Z][A-Z0-9]*[A-Z])")
_STATA_RELEASES = {
    113: "Stata 8–9",
    114: "Stata 10–11",
    115: "Stata 12",
    117: "Stata 13",
    118: "Stata 14 or later",
    119: "Stata 15 or later, more than 32,767 variables",
    120: "Stata 18 or later, with aliases",
    121: "Stata 18 or later, with aliases, more than 32,767 variables",
}
_ENCODING_PROBLEMS = ("encoding", "character set", "iconv", "convert string")
# SPSS writes LO and HI of "missing values x (LO thru -1)" as (almost) the largest double.
_HUGE = 1.7e308


def read_spss(path: Path, *, file: str | None = None, encoding: str | None = None) -> RawExport:
    """Read an SPSS (.sav, .zsav) or Stata (.dta) file.

    Parameters
    ----------
    path
        The file (never written to). The suffix (any case) chooses the reader.
    file
        The file's name as given in study.yaml, for the log; default: the file name.
    encoding
        The encoding of texts in the file, when the file states a wrong one or none (old
        Stata files); passed to pyreadstat (``"cp1252"``, ``"latin1"``, ``"utf-8"``).

    Returns
    -------
    RawExport
        ``data`` indexed by the 1-based case number (``line``) as SPSS's data view shows
        it; numbers as float, texts as str, empty texts as NA, user-missing values as the
        code that was given. ``format`` is ``"spss"`` or ``"stata"``. ``detected`` holds
        ``format``, ``encoding``, ``cases``, ``variables`` and, where the file has them,
        ``written by``, ``file label``, ``measure levels``, ``categorical multiple-response
        sets`` and ``extended missing values``.

    Raises
    ------
    DataFormatError
        Unknown suffix, missing file, a file pyreadstat cannot read, or texts that are not
        valid in the file's encoding.
    """
    return _read(Path(path), file=file, encoding=encoding).export


def draft_from_spss(path: Path, *, encoding: str | None = None) -> DraftInstrument:
    """Draft a codebook from the variables of an SPSS or Stata file.

    One item per variable, in file order, id from the variable name
    (:func:`~kosieval.io.draft.item_id_from`), text = variable label (or the name):

    * string variable -> ``text`` (value labels, if any, are listed in the note: a string
      variable with labels may be a choice coded with letters);
    * date or datetime format -> ``date``; time formats -> ``text`` with a note;
    * numeric with value labels -> ``single``, or ``likert`` when the measure level is
      *ordinal* and the labelled codes are at least 4 consecutive integers (1–5, 0–10).
      An ordinal variable whose labelled codes are integers with gaps spanning 4 to 11
      codes (only the end points 1 and 7 labelled, as SoSci Survey's SPSS export does)
      also becomes ``likert``: the codes in between get empty labels and a note. The
      measure level decides because SPSS sets *scale* for every new numeric variable, so
      a labelled scale variable says nothing, while *ordinal* is set on purpose;
    * numeric without value labels -> ``numeric``;
    * an SPSS multiple-response *dichotomy* set -> one ``multi`` item (at the place of its
      first variable) with one option per variable (code 1, 2, … in set order, label =
      variable label, ``column`` = variable). *Categorical* sets are left as single items
      and named in the notes: each of their variables holds one chosen category, which
      the one-column-per-option convention cannot express.

    User-missing values (discrete, or inside a missing range) that carry a value label
    become the draft's ``missing_codes`` and are left out of the options; user-missing
    values without a label, Stata's ``.a`` … ``.z`` and codes that are missing in one
    variable but a valid option in another are named in notes.

    Parameters
    ----------
    path
        The .sav, .zsav or .dta file (never written to).
    encoding
        Passed to pyreadstat, see :func:`read_spss`.

    Returns
    -------
    DraftInstrument

    Raises
    ------
    DataFormatError
        As :func:`read_spss`.
    """
    path = Path(path)
    opened = _read(path, file=None, encoding=encoding)
    return _Drafter(opened).draft()


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opened:
    """A read file: the RawExport plus the pyreadstat metadata the draft needs."""

    export: RawExport
    meta: Any
    kind: str


def _read(path: Path, *, file: str | None, encoding: str | None) -> _Opened:
    suffix = path.suffix.lower()
    kind = SUFFIXES.get(suffix)
    if kind is None:
        raise DataFormatError(
            f"unbekannte Dateiendung / unknown file suffix {path.suffix!r}",
            path=path,
            hint=f"SPSS/Stata files end in {', '.join(sorted(SUFFIXES))}; rename the file if it is one of them",
        )
    if not path.is_file():
        raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                              hint="check the file name and folder given in study.yaml")
    if path.stat().st_size == 0:
        raise DataFormatError("die Datei ist leer / the file is empty", path=path,
                              hint="export the data again from SPSS or Stata")
    reader = pyreadstat.read_sav if kind == "spss" else pyreadstat.read_dta
    try:
        frame, meta = reader(str(path), user_missing=True, encoding=encoding)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeError) as exc:
        raise _read_error(path, kind, exc, encoding) from None
    name = file if file is not None else path.name
    description, extra = _describe(path, kind)
    numeric = {c for c, t in meta.readstat_variable_types.items() if t != "string"}
    data = _clean(frame, numeric=numeric, stata=kind == "stata")
    value_labels = _value_labels(meta, numeric=numeric, stata=kind == "stata")
    column_missing = _column_missing(meta, numeric=numeric, stata=kind == "stata", value_labels=value_labels)
    multi_sets, checkboxes, categorical = _mr_sets(meta, data, column_missing, value_labels)
    detected = {
        "format": description,
        "encoding": _encoding(meta, encoding, extra),
        "cases": str(len(data)),
        "variables": str(len(data.columns)),
    }
    if extra.get("written by"):
        detected["written by"] = extra["written by"]
    if meta.file_label:
        detected["file label"] = str(meta.file_label)
    measures = _measure_summary(meta)
    if measures:
        detected["measure levels"] = measures
    log: list[LogEntry] = []
    if categorical:
        detected["categorical multiple-response sets"] = "; ".join(
            f"{set_name}: {', '.join(variables)}" for set_name, variables in categorical.items()
        )
        for set_name, variables in categorical.items():
            log.append(LogEntry(
                name, None, None, set_name, None, "multiple-response set not used",
                f"categorical multiple-response set {set_name!r} ({', '.join(variables)}): each variable "
                "holds one chosen category, so its variables are read as separate columns", "info",
            ))
    if kind == "stata" and meta.missing_user_values:
        tags = sorted({f".{t}" for tags in meta.missing_user_values.values() for t in tags})
        detected["extended missing values"] = (
            f"{', '.join(tags)} (kept as text such as '.a'; they mean missing)"
        )
    labels = {
        column: str(label)
        for column, label in zip(meta.column_names, meta.column_labels)
        if label not in (None, "")
    }
    export = RawExport(
        data=data,
        path=path,
        format=kind,
        detected=detected,
        column_missing=column_missing,
        labels=labels,
        value_labels=value_labels,
        checkboxes=checkboxes,
        multi_sets=multi_sets,
        log=tuple(log),
    )
    return _Opened(export=export, meta=meta, kind=kind)


def _read_error(path: Path, kind: str, exc: Exception, encoding: str | None) -> DataFormatError:
    said = str(exc).strip() or type(exc).__name__
    program = "SPSS" if kind == "spss" else "Stata"
    if isinstance(exc, UnicodeError) or any(word in said.lower() for word in _ENCODING_PROBLEMS):
        tried = f" (encoding {encoding!r} was given)" if encoding else ""
        return DataFormatError(
            f"Texte in der Datei passen nicht zur Zeichenkodierung / texts in the file do not fit "
            f"its character encoding{tried}; pyreadstat: {said}",
            path=path,
            hint="pass the encoding the file was written in (encoding: cp1252 for files from "
            "Windows, latin1 for old Stata files, utf-8 for newer ones)",
        )
    return DataFormatError(
        f"pyreadstat kann die Datei nicht lesen / pyreadstat cannot read the file: {said}",
        path=path,
        hint=f"is this really an {program} file? Save it again from {program}"
        + (" (File > Save As > SPSS Statistics .sav)" if kind == "spss" else " (save or saveold)"),
    )


def _describe(path: Path, kind: str) -> tuple[str, dict[str, str]]:
    """The format in words, from the file header (pyreadstat does not report it)."""
    with path.open("rb") as handle:
        head = handle.read(176)
    if kind == "spss":
        product = head[4:64].decode("latin-1").replace("@(#)", "").strip()
        extra = {"written by": product} if product else {}
        if head[:4] == b"$FL3":
            return "SPSS .zsav", extra
        compression = None
        if len(head) >= 76:
            for order in ("<", ">"):
                if struct.unpack(order + "i", head[64:68])[0] in (2, 3):
                    compression = struct.unpack(order + "i", head[72:76])[0]
                    break
        state = {0: "uncompressed", 1: "compressed", 2: "zlib compressed"}.get(compression, "compression unknown")
        return f"SPSS .sav ({state})", extra
    match = re.match(rb"<stata_dta><header><release>(\d+)</release>", head)
    release = int(match.group(1)) if match else (head[0] if head else 0)
    stata = _STATA_RELEASES.get(release)
    text = f"Stata .dta (version {release}{', ' + stata if stata else ''})"
    return text, {"release": str(release)}


def _encoding(meta: Any, given: str | None, extra: dict[str, str]) -> str:
    if given:
        return given
    if meta.file_encoding:
        return str(meta.file_encoding)
    if extra.get("release", "").isdigit():
        if int(extra["release"]) >= 118:
            return "UTF-8"
        return "nicht angegeben / not stated in the file (Stata before version 14)"
    return "nicht angegeben / not stated in the file"


def _clean(frame: pd.DataFrame, *, numeric: set[str], stata: bool) -> pd.DataFrame:
    data = frame.copy()
    for column in data.columns:
        series = data[column]
        if column not in numeric:
            text = series.astype("string")
            data[column] = series.mask(text.str.strip().eq("").fillna(False))
        elif pd.api.types.is_float_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
            data[column] = series.astype("float64")
        elif not _is_temporal(series):
            # numbers mixed with Stata's missing letters (object), or only letters (str)
            data[column] = _mixed_numeric(series, stata=stata)
    data.index = pd.RangeIndex(1, len(data) + 1, name="line")
    return data


def _mixed_numeric(series: pd.Series, *, stata: bool) -> pd.Series:
    """Numbers as float; Stata's extended missing letters as ``.a`` … ``.z``."""

    def one(value: object) -> object:
        if isinstance(value, str):
            return f".{value}" if stata and len(value) == 1 else value
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return float("nan")
        return float(value)  # type: ignore[arg-type]

    values = series.map(one)
    if not any(isinstance(v, str) for v in values):
        return values.astype("float64")
    return values.astype(object)


def _is_temporal(series: pd.Series) -> bool:
    return any(isinstance(v, (dt.date, dt.time, pd.Timestamp)) for v in series.dropna().head(20))


def _number(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    if number <= -_HUGE:
        return -math.inf
    if number >= _HUGE:
        return math.inf
    return number


def _value_labels(meta: Any, *, numeric: set[str], stata: bool) -> dict[str, dict[object, str]]:
    result: dict[str, dict[object, str]] = {}
    for column, labels in meta.variable_value_labels.items():
        converted: dict[object, str] = {}
        for code, label in labels.items():
            if column in numeric and isinstance(code, str):
                key: object = f".{code}" if stata and len(code) == 1 else code
            elif column in numeric:
                key = float(code)
            else:
                key = str(code)
            converted[key] = str(label)
        result[column] = converted
    return result


def _column_missing(
    meta: Any, *, numeric: set[str], stata: bool, value_labels: dict[str, dict[object, str]]
) -> dict[str, tuple[float | str | MissingRange, ...]]:
    result: dict[str, tuple[float | str | MissingRange, ...]] = {}
    for column, ranges in meta.missing_ranges.items():
        values: list[float | str | MissingRange] = []
        for entry in ranges:
            low, high = entry["lo"], entry["hi"]
            if column not in numeric:
                values.append(str(low))
                if high != low:
                    values.append(str(high))
            elif low == high:
                values.append(_number(low))
            else:
                values.append(MissingRange(_number(low), _number(high)))
        result[column] = tuple(values)
    if stata:
        for column in meta.column_names:
            tags = {f".{t}" for t in meta.missing_user_values.get(column, ())}
            tags |= {k for k in value_labels.get(column, {}) if isinstance(k, str) and k.startswith(".")}
            if tags:
                result[column] = tuple(sorted(tags))
    return result


def _is_missing(value: object, declared: tuple[float | str | MissingRange, ...]) -> bool:
    for entry in declared:
        if isinstance(entry, MissingRange):
            if not isinstance(value, str) and value in entry:
                return True
        elif entry == value:
            return True
    return False


def _texts(value: object) -> set[str]:
    """How a code may look as text: ``1.0`` -> {"1", "1.0"}."""
    if isinstance(value, str):
        return {value.strip()}
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return {str(int(number)), str(number)}
    return {str(number)}


def _mr_sets(
    meta: Any,
    data: pd.DataFrame,
    column_missing: dict[str, tuple[float | str | MissingRange, ...]],
    value_labels: dict[str, dict[object, str]],
) -> tuple[dict[str, tuple[str, ...]], dict[str, Checkbox], dict[str, tuple[str, ...]]]:
    multi: dict[str, tuple[str, ...]] = {}
    checkboxes: dict[str, Checkbox] = {}
    categorical: dict[str, tuple[str, ...]] = {}
    for name, spec in (meta.mr_sets or {}).items():
        variables = tuple(v for v in spec.get("variable_list", ()) if v in data.columns)
        if not spec.get("is_dichotomy") or spec.get("counted_value") is None:
            categorical[name] = variables
            continue
        multi[name] = variables
        counted = spec["counted_value"]
        ticked = _texts(counted)
        for column in variables:
            declared = column_missing.get(column, ())
            others = set(value_labels.get(column, {})) | set(data[column].dropna().unique())
            unticked: set[str] = set()
            for value in others:
                if _is_missing(value, declared) or (isinstance(value, str) and value.startswith(".")):
                    continue
                unticked |= _texts(value)
            checkboxes[column] = Checkbox(ticked=frozenset(ticked), unticked=frozenset(unticked - ticked))
    return multi, checkboxes, categorical


def _measure_summary(meta: Any) -> str:
    by_level: dict[str, list[str]] = {}
    for column, level in (meta.variable_measure or {}).items():
        if level in ("nominal", "ordinal", "scale"):
            by_level.setdefault(level, []).append(column)
    return "; ".join(f"{level}: {', '.join(by_level[level])}" for level in ("nominal", "ordinal", "scale")
                     if level in by_level)


# -- drafting -------------------------------------------------------------------------------


def _temporal_format(kind: str, fmt: str) -> str | None:
    """``"date"``, ``"time"``, ``"unconverted"`` (an SPSS date format read as a number) or None."""
    if kind == "stata":
        if fmt in _STATA_TIME:
            return "time"
        return "date" if fmt in _STATA_DATE else None
    match = _FORMAT_NAME.match(fmt or "")
    name = match.group(1) if match else ""
    if name in _SPSS_DATE:
        return "date"
    if name in _SPSS_TIME:
        return "time"
    return "unconverted" if name in _SPSS_UNCONVERTED_DATE else None


def _code_text(value: object) -> str:
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _missing_text(entry: float | str | MissingRange) -> str:
    if isinstance(entry, MissingRange):
        low = "LO" if entry.low == -math.inf else _code_text(entry.low)
        high = "HI" if entry.high == math.inf else _code_text(entry.high)
        return f"{low} to {high}"
    return _code_text(entry)


class _Drafter:
    """Builds the draft from a read file (one instance per call)."""

    def __init__(self, opened: _Opened) -> None:
        self.export = opened.export
        self.meta = opened.meta
        self.kind = opened.kind
        self.taken: set[str] = set()
        self.notes: list[str] = []
        # code -> (label, variable) of labelled user-missing values, first seen wins
        self.missing: dict[int, tuple[str, str]] = {}
        self.valid_codes: dict[int, list[str]] = {}

    def draft(self) -> DraftInstrument:
        export = self.export
        in_sets = {column: name for name, columns in export.multi_sets.items() for column in columns}
        items: list[DraftItem] = []
        emitted: set[str] = set()
        for column in export.columns:
            set_name = in_sets.get(column)
            if set_name is not None:
                if set_name not in emitted:
                    emitted.add(set_name)
                    items.append(self._multi(set_name))
                continue
            items.append(self._item(column))
        for set_name, columns in self._categorical().items():
            self.notes.append(
                f"SPSS categorical multiple-response set {set_name} ({', '.join(columns)}): each variable holds "
                "one chosen category; drafted as separate items"
            )
        self._missing_notes()
        path = export.path
        title = str(self.meta.file_label) if self.meta.file_label else path.stem
        return DraftInstrument(
            id=item_id_from(path.stem),
            title={LANGUAGE: title},
            source=f"{export.detected['format']}: {path.name}",
            languages=(LANGUAGE,),
            items=tuple(items),
            missing_codes=tuple(
                DraftOption(code=code, label={LANGUAGE: label}) for code, (label, _) in sorted(self.missing.items())
            ),
            notes=tuple(self.notes),
        )

    def _categorical(self) -> dict[str, tuple[str, ...]]:
        sets = self.meta.mr_sets or {}
        return {
            name: tuple(spec.get("variable_list", ()))
            for name, spec in sets.items()
            if name not in self.export.multi_sets
        }

    def _text(self, column: str) -> dict[str, str]:
        return {LANGUAGE: self.export.labels.get(column) or column}

    def _multi(self, set_name: str) -> DraftItem:
        spec = self.meta.mr_sets[set_name]
        columns = self.export.multi_sets[set_name]
        options = tuple(
            DraftOption(code=i, label=self._text(column), column=column) for i, column in enumerate(columns, start=1)
        )
        counted = _code_text(spec["counted_value"])
        return DraftItem(
            id=item_id_from(set_name, taken=self.taken),
            column=None,
            text={LANGUAGE: spec.get("label") or set_name},
            type="multi",
            options=options,
            note=f"SPSS multiple-response set {set_name}: {counted} in a variable = option chosen",
        )

    def _item(self, column: str) -> DraftItem:
        item_id = item_id_from(column, taken=self.taken)
        kind = self.meta.readstat_variable_types.get(column)
        fmt = str(self.meta.original_variable_types.get(column) or "")
        measure = (self.meta.variable_measure or {}).get(column, "unknown")
        labels = self.export.value_labels.get(column, {})
        declared = self.export.column_missing.get(column, ())
        text = self._text(column)
        if kind == "string":
            notes = []
            if labels:
                listed = ", ".join(f"{code} = {label}" for code, label in labels.items())
                notes.append(f"string variable with value labels ({listed}): if it is a choice, make it single "
                             "and list the letters in answer_codes")
            if declared:
                notes.append(f"user-missing in the file: {', '.join(_missing_text(d) for d in declared)}")
            return DraftItem(item_id, column, text, "text", note="; ".join(notes) or None)
        temporal = _temporal_format(self.kind, fmt)
        if temporal == "date":
            return DraftItem(item_id, column, text, "date", note=f"format {fmt}")
        if temporal == "time":
            return DraftItem(item_id, column, text, "text",
                             note=f"time format {fmt}: read as a time of day or duration; kosieval has no time type")
        notes = []
        if temporal == "unconverted":
            notes.append(f"SPSS date format {fmt} is read as a number (seconds since 14 Oct 1582); check")
        valid: dict[object, str] = {}
        unlabelled_missing: list[str] = []
        for code, label in labels.items():
            if _is_missing(code, declared) or isinstance(code, str):
                self._add_missing(code, label, column)
            else:
                valid[code] = label
        for entry in declared:
            if isinstance(entry, MissingRange) or entry not in labels:
                unlabelled_missing.append(_missing_text(entry))
        if unlabelled_missing:
            notes.append(f"user-missing without label (read as missing): {', '.join(unlabelled_missing)}")
        if not valid:
            if measure in ("nominal", "ordinal"):
                notes.append(f"SPSS measure level {measure} but no value labels: if it is a choice, add its options")
            return DraftItem(item_id, column, text, "numeric", note="; ".join(notes) or None)
        codes = sorted(float(c) for c in valid)  # type: ignore[arg-type]
        if not all(c.is_integer() for c in codes):
            listed = ", ".join(f"{_code_text(c)} = {label}" for c, label in valid.items())
            notes.append(f"value labels on codes that are not whole numbers ({listed}); drafted as numeric")
            return DraftItem(item_id, column, text, "numeric", note="; ".join(notes))
        ints = [int(c) for c in codes]
        for code in ints:
            self.valid_codes.setdefault(code, []).append(column)
        by_int = {int(float(c)): label for c, label in valid.items()}  # type: ignore[arg-type]
        span = ints[-1] - ints[0] + 1
        consecutive = span == len(ints)
        item_type: DraftType = "single"
        filled: list[int] = []
        if measure == "ordinal" and consecutive and len(ints) >= 4:
            item_type = "likert"
        elif measure == "ordinal" and not consecutive and 4 <= span <= 11:
            item_type = "likert"
            filled = [c for c in range(ints[0], ints[-1] + 1) if c not in by_int]
            by_int.update({c: "" for c in filled})
            notes.append(f"only {', '.join(str(c) for c in ints)} have labels in the file; "
                         f"codes {', '.join(str(c) for c in filled)} were added with empty labels: fill them in")
        extra = self._unlabelled_values(column, set(by_int), declared)
        if extra:
            notes.append(f"the data hold values without a label ({', '.join(extra)}): "
                         "if the answer is a number, make the item numeric")
        options = tuple(DraftOption(code=c, label={LANGUAGE: by_int[c]}) for c in sorted(by_int))
        return DraftItem(item_id, column, text, item_type, options=options, note="; ".join(notes) or None)

    def _unlabelled_values(self, column: str, codes: set[int], declared: tuple[float | str | MissingRange, ...]
                           ) -> list[str]:
        seen = []
        for value in self.export.data[column].dropna().unique():
            if isinstance(value, str) or _is_missing(value, declared):
                continue
            number = float(value)
            if not (number.is_integer() and int(number) in codes):
                seen.append(number)
        return [_code_text(v) for v in sorted(seen)[:10]]

    def _add_missing(self, code: object, label: str, column: str) -> None:
        if isinstance(code, str):
            self.notes.append(f"{column}: Stata missing value {code} ({label}) is read as missing; "
                              "the codebook cannot list it (missing codes are numbers)")
            return
        number = float(code)  # type: ignore[arg-type]
        if not number.is_integer():
            self.notes.append(f"{column}: user-missing value {_code_text(number)} ({label}) is not a whole number; "
                              "the codebook cannot list it")
            return
        known = self.missing.get(int(number))
        if known is None:
            self.missing[int(number)] = (label, column)
        elif known[0] != label:
            self.notes.append(f"missing code {int(number)} has different labels: {known[0]!r} ({known[1]}), "
                              f"{label!r} ({column}); the draft uses the first")

    def _missing_notes(self) -> None:
        for code, (_, column) in sorted(self.missing.items()):
            valid = self.valid_codes.get(code)
            if valid:
                self.notes.append(f"code {code} is user-missing in {column} but a valid option of "
                                  f"{', '.join(valid)}; instrument missing codes apply to every item: check")
