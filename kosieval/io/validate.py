"""From an export's raw columns to codebook items, checking every value on the way.

:func:`apply_codebook` is the same for every platform. It maps columns to item ids, turns
answer codes and answer texts into the codebook's codes, missing codes into NA (keeping
which code it was), ticks of multiple-choice options into 1/0, single-cell lists into one
column per option, and collects every problem at once as ImportLog entries: out-of-range
codes, values that are not numbers or dates, mapped columns the file lacks, unknown columns,
duplicate respondent ids, personal columns dropped. It works column by column on whole
arrays; only the problems are visited one by one.

Multiple-choice items (codebook type ``multi``) become one ``Int64`` column per option,
named ``<item>.<code>``: 1 = chosen, 0 = shown but not chosen, NA = not shown or no answer.
The mapping names them either per option (``"Q5[SQ001]": "diet.1"``) or, for platforms that
write the chosen options into one cell ("1,2,7", "vegan vegetarian"), per item
(``"Q5": "diet"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kosieval.errors import ConfigError, DataFormatError
from kosieval.io.personal import is_personal
from kosieval.io.raw import Checkbox, MissingRange, RawExport
from kosieval.io.values import TICKED, UNTICKED, as_text, label_codes, parse_dates, parse_numbers, split_list, ticks
from kosieval.model.codebook import Codebook, Item
from kosieval.model.importlog import LogEntry
from kosieval.model.survey import Survey

_MAX_LISTED = 300


@dataclass(frozen=True)
class SurveyRules:
    """How to read one export: the mapping and the study's privacy choices.

    Parameters
    ----------
    source_id
        The survey's id in study.yaml.
    wave
        The wave label.
    city
        The study's city.
    respondent_id
        The column holding the id that links waves (None: the platform's id column; when it
        has none, responses are numbered by line).
    mapping
        Export column -> item id (``item.code`` for one option of a multiple-choice item).
        None: columns named like an item id (any case) are used.
    answer_codes
        Item id -> {answer code or text in the export -> numeric code of the codebook}.
    allow_personal_columns
        Keep columns that look personal (default: drop and log).
    """

    source_id: str
    wave: str
    city: str
    respondent_id: str | None
    mapping: Mapping[str, str] | None
    answer_codes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    allow_personal_columns: bool = False


def split_target(target: str) -> tuple[str, int | None]:
    """``"diet.2"`` -> ("diet", 2); ``"diet"`` -> ("diet", None)."""
    item_id, dot, code = target.partition(".")
    if dot and code.lstrip("-").isdigit():
        return item_id, int(code)
    return target, None


def check_mapping(codebook: Codebook, mapping: Mapping[str, str], answer_codes: Mapping[str, Mapping[str, int]],
                  *, config_path: Path | str, key: str) -> None:
    """Raise ConfigError when the mapping names items or options the codebook does not have.

    Parameters
    ----------
    codebook
        The instrument.
    mapping
        Export column -> item id or ``item.code``.
    answer_codes
        Item id -> {export code -> code}.
    config_path
        study.yaml, for the message.
    key
        Where the survey stands in study.yaml (``surveys.0``).
    """
    known = {v.id: v for v in codebook.variables}
    problems: list[str] = []
    for column, target in mapping.items():
        item_id, code = split_target(target)
        item = known.get(item_id)
        if item is None:
            problems.append(f"{column!r} -> unknown item {item_id!r}")
        elif code is not None and (item.type != "multi" or code not in item.codes):
            problems.append(f"{column!r} -> {target!r}: {item_id!r} is a {item.type} item"
                            + (f" without option {code}" if item.type == "multi" else ", not multiple choice"))
    if problems:
        raise ConfigError(
            "mapping verweist auf Unbekanntes / mapping names unknown items or options: " + "; ".join(problems),
            path=config_path,
            key=f"{key}.mapping",
            hint=f"items of instrument {codebook.id!r}: {', '.join(sorted(known))}; options of a "
            "multiple-choice item are named item.code (diet.1)",
        )
    targets = list(mapping.values())
    doubles = sorted({t for t in targets if targets.count(t) > 1})
    if doubles:
        raise ConfigError(
            f"mehrere Spalten auf dasselbe Item / several columns map to the same item: {doubles}",
            path=config_path,
            key=f"{key}.mapping",
        )
    unknown_codes = sorted(i for i in answer_codes if i not in known)
    if unknown_codes:
        raise ConfigError(
            f"answer_codes nennt unbekannte Items / names unknown items: {unknown_codes}",
            path=config_path,
            key=f"{key}.answer_codes",
        )


def automatic_mapping(columns: tuple[str, ...], codebook: Codebook) -> dict[str, str]:
    """Columns named like a codebook item (any case; ``diet.1`` / ``diet_1`` for options)."""
    targets: dict[str, str] = {}
    for item in codebook.variables:
        targets[item.id] = item.id
        if item.type == "multi":
            for code in item.codes:
                targets[f"{item.id}.{code}"] = f"{item.id}.{code}"
                targets[f"{item.id}_{code}"] = f"{item.id}.{code}"
    result = {}
    for column in columns:
        target = targets.get(column.strip().lower())
        if target is not None and target not in result.values():
            result[column] = target
    return result


def _missing_mask(numbers: np.ndarray, values: pd.Series, codes: frozenset[int],
                  declared: tuple[float | str | MissingRange, ...]) -> np.ndarray:
    """Cells holding a missing code (platform/codebook codes or the file's own user-missing values)."""
    mask = np.isin(numbers, list(codes)) if codes else np.zeros(len(numbers), dtype=bool)
    text = as_text(values) if any(isinstance(v, str) for v in declared) else None
    for value in declared:
        if isinstance(value, MissingRange):
            with np.errstate(invalid="ignore"):
                mask |= (numbers >= value.low) & (numbers <= value.high)
        elif isinstance(value, str):
            mask |= (text == value).fillna(False).to_numpy(dtype=bool)  # type: ignore[union-attr]
        else:
            mask |= numbers == float(value)
    return mask


def _missing_code_values(numbers: np.ndarray, mask: np.ndarray, values: pd.Series) -> tuple[pd.Series, str]:
    """The missing codes given (Int64, NA elsewhere) and a summary of them ("-9 ×12, -1 ×3")."""
    whole = mask & (numbers == np.round(numbers))
    array = pd.arrays.IntegerArray(np.where(whole, numbers, 0).astype("int64"), ~whole)
    if not mask.any():
        return pd.Series(array, index=values.index), ""
    given = numbers[mask]
    numeric = given[~np.isnan(given)]
    codes, counts = np.unique(numeric, return_counts=True)
    parts = [f"{code:g} ×{n}" for code, n in zip(codes, counts)]
    if len(numeric) < len(given):  # text codes such as Stata's .a
        for code, n in as_text(values[mask & np.isnan(numbers)]).value_counts().items():
            parts.append(f"{code} ×{n}")
    return pd.Series(array, index=values.index), ", ".join(parts)


class _Collector:
    """Collects LogEntries for the problems of one column."""

    def __init__(self, file: str, log: list[LogEntry]) -> None:
        self.file = file
        self.log = log

    def missing(self, mask: np.ndarray, summary: str, column: str, *, text_codes: bool = False) -> None:
        """One log entry per column for the cells that held missing codes."""
        if mask.any():
            where = ("numeric codes are kept cell by cell in Survey.missing_codes, text codes (Stata's .a …) are "
                     "counted here") if text_codes else "the code given is kept in Survey.missing_codes"
            self.log.append(LogEntry(self.file, None, column, summary, "NA", "recoded to missing",
                                     f"missing codes in {int(mask.sum())} cells; {where}", "info"))

    def cells(self, mask: pd.Series | np.ndarray, raw: pd.Series, column: str, *, new_value: str, action: str,
              reason: str, severity: str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        text = as_text(raw[mask])
        for line, value in text.items():
            self.log.append(LogEntry(self.file, int(line), column, None if pd.isna(value) else str(value),
                                     new_value, action, reason, severity))  # type: ignore[arg-type]


def apply_codebook(raw: RawExport, *, codebook: Codebook, rules: SurveyRules,
                   file: str | None = None) -> tuple[Survey, list[LogEntry]]:
    """Check an export against its codebook and build the :class:`Survey`.

    Parameters
    ----------
    raw
        What the platform reader returned.
    codebook
        The instrument.
    rules
        Mapping, respondent id, wave, city, privacy choices.
    file
        The file as named in study.yaml, for log entries (default: the file's name).

    Returns
    -------
    (Survey, list[LogEntry]) — the log starts with the reader's own entries.
    """
    name = file or raw.path.name
    log: list[LogEntry] = list(raw.log)
    note = _Collector(name, log)
    data = raw.data
    columns = raw.columns
    mapping = dict(rules.mapping) if rules.mapping is not None else automatic_mapping(columns, codebook)
    id_column = rules.respondent_id or raw.id_column

    if id_column is not None and id_column not in columns:
        raise DataFormatError(
            f"die Spalte mit der Befragten-ID fehlt / the respondent id column {id_column!r} is not in the file",
            path=name,
            line=1,
            column=id_column,
            hint=f"set surveys.{rules.source_id}.respondent_id in study.yaml to one of: "
            + ", ".join(c for c in columns if c)[:_MAX_LISTED],
        )

    _log_columns(raw, mapping=mapping, id_column=id_column, rules=rules, log=log, file=name)

    # Assigned ids carry the survey id, so two unlinked responses on the same line of two
    # waves' files never become a pair.
    if id_column is None:
        ids = pd.Series([f"({rules.source_id}, Zeile {line})" for line in data.index], index=data.index,
                        dtype="string")
        log.append(LogEntry(name, None, None, None, None, "ids assigned",
                            "the export has no respondent id column; responses are numbered by line and "
                            "cannot be linked to another wave (set respondent_id to link them)", "warning"))
    else:
        ids = as_text(data[id_column])
        empty = ids.isna()
        if empty.any():
            for line in ids.index[empty]:
                log.append(LogEntry(name, int(line), id_column, "", f"({rules.source_id}, Zeile {line})",
                                    "id assigned",
                                    "the respondent id is empty; the response is kept but cannot be linked "
                                    "to another wave", "warning"))
            ids = ids.copy()
            ids[empty] = [f"({rules.source_id}, Zeile {line})" for line in ids.index[empty]]
    duplicated = ids.duplicated(keep="first")
    if duplicated.any():
        doubled = set(ids[duplicated])
        first_line = {value: line for line, value in ids[~duplicated & ids.isin(doubled)].items()}
        for line, value in ids[duplicated].items():
            log.append(LogEntry(name, int(line), id_column, str(value), "dropped", "row dropped",
                                f"duplicate respondent id: the same id stands in line {first_line[value]}, which "
                                "is kept; check which response is valid", "error"))
        data = data.loc[~duplicated.to_numpy()]
        ids = ids[~duplicated]

    frame = pd.DataFrame(
        {
            "respondent": ids.to_numpy(dtype=object),
            "wave": [rules.wave] * len(data),
            "city": [rules.city] * len(data),
        },
        index=pd.Index(data.index.to_numpy(), name="line"),
    ).astype("string")
    platform_missing = codebook.missing_code_values | raw.missing_codes
    by_item: dict[str, list[tuple[str, int | None]]] = {}
    for column, target in mapping.items():
        item_id, code = split_target(target)
        by_item.setdefault(item_id, []).append((column, code))

    item_columns: dict[str, pd.Series] = {}
    code_columns: dict[str, pd.Series] = {}
    for item in codebook.variables:
        sources = by_item.get(item.id)
        if not sources:
            continue
        present = [(c, code) for c, code in sources if c in columns]
        if item.type == "multi":
            values, codes = _multi(item, present, data, raw=raw, rules=rules, missing=platform_missing, note=note)
            for option, series in values.items():
                item_columns[f"{item.id}.{option}"] = series
                code_columns[f"{item.id}.{option}"] = codes[option]
            continue
        if not present:
            item_columns[item.id] = pd.Series(pd.array([pd.NA] * len(data), dtype=_dtype(item)), index=data.index)
            code_columns[item.id] = pd.Series(pd.array([pd.NA] * len(data), dtype="Int64"), index=data.index)
            continue
        column = present[0][0]
        item_columns[item.id], code_columns[item.id] = _single(item, column, data[column], raw=raw, rules=rules,
                                                               missing=platform_missing, note=note)
    # Extension arrays are not consolidated into blocks, so these frames share the arrays built above.
    frame = pd.concat([frame, pd.DataFrame(item_columns, index=data.index, copy=False).set_axis(frame.index)], axis=1)
    missing_frame = pd.DataFrame(code_columns, index=data.index, copy=False).set_axis(frame.index)
    del item_columns, code_columns

    survey = Survey(
        source_id=rules.source_id,
        instrument=codebook.id,
        wave=rules.wave,
        city=rules.city,
        codebook=codebook,
        responses=frame,
        missing_codes=missing_frame,
        file=name,
        detected=dict(raw.detected),
    )
    return survey, log


def _all_na_int(index: pd.Index) -> pd.Series:
    """An Int64 column of NA."""
    n = len(index)
    return pd.Series(pd.arrays.IntegerArray(np.zeros(n, dtype="int64"), np.ones(n, dtype=bool)), index=index)


def _dtype(item: Item) -> str:
    return {"text": "string", "numeric": "Float64", "date": "datetime64[us]"}.get(item.type, "Int64")


def _log_columns(raw: RawExport, *, mapping: Mapping[str, str], id_column: str | None, rules: SurveyRules,
                 log: list[LogEntry], file: str) -> None:
    """Log dropped personal columns, unused columns and mapped columns the file lacks."""
    for name in raw.columns:
        if name in mapping or name == id_column or not name:
            continue
        if is_personal(name, extra=raw.personal_columns) and not rules.allow_personal_columns:
            log.append(LogEntry(file, None, name, None, "dropped", "column dropped",
                                "personal data (name, e-mail, IP address, token, geo or referrer); set "
                                "privacy.allow_personal_columns to keep it", "info"))
        elif name not in raw.metadata_columns:
            log.append(LogEntry(file, None, name, None, None, "column not used",
                                "the column is not in the mapping of study.yaml", "info"))
    for column, target in mapping.items():
        if column not in raw.columns:
            log.append(LogEntry(file, None, column, None, "NA", "column missing",
                                f"study.yaml maps {column!r} to item {target!r}, but the file has no such column; "
                                "all its values are missing", "error"))


def _translate(item: Item, text: pd.Series, numbers: np.ndarray, bad: np.ndarray,
               answer_codes: Mapping[str, int] | None) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Answer codes or answer texts -> codebook codes, where the cell is not already a number."""
    numbers = numbers.copy()
    translated = np.zeros(len(numbers), dtype=bool)
    if answer_codes:
        mapped = text.map({str(k): float(v) for k, v in answer_codes.items()}).to_numpy(dtype="float64",
                                                                                           na_value=np.nan)
        hit = ~np.isnan(mapped)
        numbers[hit] = mapped[hit]
        translated |= hit
    if item.options:
        todo = bad & ~translated
        if todo.any():
            labels = label_codes({o.code: (o.label.de, o.label.en) for o in item.options})
            mapped = text.str.lower().map(labels).to_numpy(dtype="float64", na_value=np.nan)
            hit = todo & ~np.isnan(mapped)
            numbers[hit] = mapped[hit]
            translated |= hit
    how = None
    if answer_codes and translated.any():
        how = "answer_codes of study.yaml"
    elif translated.any():
        how = "the codebook's option labels"
    return numbers, bad & ~translated, how


def _single(item: Item, column: str, values: pd.Series, *, raw: RawExport, rules: SurveyRules,
            missing: frozenset[int], note: _Collector) -> tuple[pd.Series, pd.Series]:
    """Convert one column to one item (text, date, numeric, likert/single)."""
    no_codes = _all_na_int(values.index)
    if item.type == "text":
        text = values.astype("string")
        return text.where(text.str.strip() != "", pd.NA), no_codes
    if item.type == "date":
        dates, bad = parse_dates(values)
        note.cells(bad, values, column, new_value="NA", action="recoded to missing",
                   reason="not a date (expected 2026-03-05 or 05.03.2026, optionally with a time)",
                   severity="error")
        return dates.astype("datetime64[us]"), no_codes
    numbers, bad = parse_numbers(values, decimal=raw.decimal)
    answer_codes = rules.answer_codes.get(item.id)
    if bad.any() or answer_codes:
        numbers, bad, how = _translate(item, as_text(values), numbers, bad, answer_codes)
        if how:
            note.log.append(LogEntry(note.file, None, column, None, None, "answers translated",
                                     f"answer codes or texts turned into the codebook's codes by {how}", "info"))
    is_missing = _missing_mask(numbers, values, missing, raw.column_missing.get(column, ()))
    bad &= ~is_missing  # declared text codes (Stata's .a) are missing, not wrong
    codes, summary = _missing_code_values(numbers, is_missing, values)
    note.missing(is_missing, summary, column, text_codes=bool((is_missing & np.isnan(numbers)).any()))
    if answer_codes:
        hint = "answer code not in answer_codes of study.yaml (" + ", ".join(answer_codes)[:_MAX_LISTED] + ")"
    elif item.options:
        hint = "not a number, nor one of the codebook's answer labels"
    else:
        hint = "not a number"
    note.cells(bad, values, column, new_value="NA", action="recoded to missing", reason=hint, severity="error")
    numbers = np.where(is_missing | bad, np.nan, numbers)
    empty = np.isnan(numbers)
    if item.type == "numeric":
        low, high = item.min, item.max
        outside = np.zeros(len(numbers), dtype=bool)
        if low is not None:
            outside |= ~empty & (numbers < low)
        if high is not None:
            outside |= ~empty & (numbers > high)
        bounds = f"{'-∞' if low is None else f'{low:g}'}–{'∞' if high is None else f'{high:g}'}"
        note.cells(outside, values, column, new_value="NA", action="recoded to missing",
                   reason=f"value outside the allowed range {bounds}", severity="error")
        keep = ~empty & ~outside
        return pd.Series(pd.arrays.FloatingArray(np.where(keep, numbers, 0.0), ~keep), index=values.index), codes
    valid = np.isin(numbers, list(item.codes))
    outside = ~empty & ~valid
    allowed = ", ".join(str(c) for c in item.codes)
    note.cells(outside, values, column, new_value="NA", action="recoded to missing",
               reason=f"code outside the codebook's response options ({allowed})", severity="error")
    array = pd.arrays.IntegerArray(np.where(valid, numbers, 0).astype("int64"), ~valid)
    return pd.Series(array, index=values.index), codes


def _multi(item: Item, sources: list[tuple[str, int | None]], data: pd.DataFrame, *, raw: RawExport,
           rules: SurveyRules, missing: frozenset[int],
           note: _Collector) -> tuple[dict[int, pd.Series], dict[int, pd.Series]]:
    """One Int64 column per option of a multiple-choice item (1 chosen, 0 not chosen, NA not shown)."""
    index = data.index
    values = {code: pd.Series(pd.NA, index=index, dtype="Int64") for code in item.codes}
    codes = {code: pd.Series(pd.NA, index=index, dtype="Int64") for code in item.codes}
    per_option = [(c, code) for c, code in sources if code is not None]
    lists = [c for c, code in sources if code is None]
    for column in lists:
        _multi_list(item, column, data[column], values, codes, rules=rules, missing=missing, note=note)
    if not per_option:
        return values, codes
    empty_unticked: list[int] = []
    for column, code in per_option:
        box = raw.checkboxes.get(column) or raw.default_checkbox or Checkbox(TICKED, UNTICKED)
        cells = data[column]
        numbers, _ = parse_numbers(cells, decimal=raw.decimal)
        tick_codes = {int(t) for t in (box.ticked | box.unticked) if t.lstrip("-").isdigit()}
        is_missing = _missing_mask(numbers, cells, missing - tick_codes, raw.column_missing.get(column, ()))
        ticked, bad = ticks(cells.where(~is_missing, pd.NA), ticked=box.ticked, unticked=box.unticked)
        given, summary = _missing_code_values(numbers, is_missing, cells)
        note.missing(is_missing, summary, column)
        allowed = ", ".join(sorted(box.ticked | box.unticked))
        note.cells(bad, cells, column, new_value="NA", action="recoded to missing",
                   reason=f"not a tick of a multiple-choice option (expected one of: {allowed})", severity="error")
        values[code] = ticked  # type: ignore[index]
        codes[code] = given  # type: ignore[index]
        if box.empty_is_unticked:
            empty_unticked.append(code)  # type: ignore[arg-type]
    if empty_unticked:
        answered = pd.concat([values[c].notna() for c in values], axis=1).any(axis=1)
        for code in empty_unticked:
            fill = answered & values[code].isna() & codes[code].isna()
            values[code] = values[code].mask(fill, 0)
    return values, codes


def _multi_list(item: Item, column: str, cells: pd.Series, values: dict[int, pd.Series],
                codes: dict[int, pd.Series], *, rules: SurveyRules, missing: frozenset[int],
                note: _Collector) -> None:
    """Split a single-cell list of chosen options ("1,2,7", "vegan vegetarian") into the option columns."""
    answer_codes = {str(k): v for k, v in (rules.answer_codes.get(item.id) or {}).items()}
    labels = label_codes({o.code: (o.label.de, o.label.en) for o in item.options})
    text = as_text(cells)
    options = set(item.codes)
    for line, cell in text.dropna().items():
        tokens = split_list(str(cell))
        chosen: set[int] = set()
        unknown: list[str] = []
        given_missing: int | None = None
        for token in tokens:
            code = answer_codes.get(token)
            if code is None and token.lstrip("-").isdigit():
                code = int(token)
            if code is None:
                code = labels.get(token.lower())
            if code is None:
                unknown.append(token)
            elif code in missing and code not in options:
                given_missing = code
            elif code in options:
                chosen.add(code)
            else:
                unknown.append(token)
        if unknown:
            note.log.append(LogEntry(note.file, int(line), column, str(cell), "NA", "recoded to missing",
                                     f"options not in the codebook: {', '.join(unknown)} (allowed: "
                                     f"{', '.join(str(c) for c in item.codes)})", "error"))
            continue
        if given_missing is not None and not chosen:
            for code in item.codes:
                codes[code].loc[line] = given_missing
            note.log.append(LogEntry(note.file, int(line), column, str(cell), "NA", "recoded to missing",
                                     "missing code", "info"))
            continue
        for code in item.codes:
            values[code].loc[line] = int(code in chosen)
