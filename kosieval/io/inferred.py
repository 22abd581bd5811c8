"""A codebook inferred from an export that comes without one.

When a notebook user reads a file without naming an instrument
(``read_survey("export.sav")``), every column that is not platform metadata, personal data
or the respondent id becomes an item: value labels make it a single-choice item, numbers a
numeric item, dates a date item, anything else text. Multiple-choice sets the file declares
become one ``multi`` item. The result is good for a first look; a report needs a real
instrument (``kosieval codebook draft`` writes one to complete).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kosieval.io.draft import DraftInstrument, DraftItem, DraftOption, item_id_from
from kosieval.io.personal import is_personal
from kosieval.io.raw import MissingRange, RawExport
from kosieval.io.values import as_text, parse_numbers
from kosieval.model.codebook import Codebook


def draft_from_export(raw: RawExport, *, respondent_id: str | None = None,
                      allow_personal_columns: bool = False) -> DraftInstrument:
    """Draft an instrument from the columns of ``raw``.

    Parameters
    ----------
    raw
        A platform reader's result.
    respondent_id
        The id column (not an item).
    allow_personal_columns
        Keep personal columns as text items.

    Returns
    -------
    DraftInstrument
    """
    taken: set[str] = set()
    id_column = respondent_id or raw.id_column
    in_sets = {column for columns in raw.multi_sets.values() for column in columns} | set(raw.multi_sets)
    items: list[DraftItem] = []
    for name, columns in raw.multi_sets.items():
        present = [c for c in columns if c in raw.data.columns]
        if not present:
            continue
        options = tuple(DraftOption(code=i, label={"de": raw.labels.get(c, c), "en": raw.labels.get(c, c)},
                                    column=c) for i, c in enumerate(present, start=1))
        items.append(DraftItem(id=item_id_from(name, taken=taken), column=None,
                               text={"de": name, "en": name}, type="multi", options=options))
    for column in raw.columns:
        if column in in_sets or column == id_column or column in raw.metadata_columns or not column:
            continue
        if is_personal(column, extra=raw.personal_columns) and not allow_personal_columns:
            continue
        label = raw.labels.get(column) or column
        values = raw.data[column]
        declared = raw.column_missing.get(column, ())
        item_id = item_id_from(column, taken=taken)
        labelled = raw.value_labels.get(column) or {}
        numeric_labels = {k: v for k, v in labelled.items() if _is_int(k) and not _declared_missing(k, declared)}
        numeric = _numeric(values, declared, decimal=raw.decimal)
        if numeric_labels and numeric:
            options = tuple(DraftOption(code=int(float(k)), label={"de": str(v), "en": str(v)})
                            for k, v in sorted(numeric_labels.items(), key=lambda kv: float(kv[0])))
            codes = {o.code for o in options}
            numbers = parse_numbers(values, decimal=raw.decimal)[0]
            observed = {int(v) for v in numbers[~np.isnan(numbers)] if float(v).is_integer()} - raw.missing_codes
            observed -= {int(float(d)) for d in declared if not isinstance(d, (str, MissingRange))}
            options += tuple(DraftOption(code=c, label={"de": str(c), "en": str(c)})
                             for c in sorted(observed - codes))
            items.append(DraftItem(id=item_id, column=column, text={"de": label, "en": label}, type="single",
                                   options=options))
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            items.append(DraftItem(id=item_id, column=column, text={"de": label, "en": label}, type="date"))
        elif numeric:
            items.append(DraftItem(id=item_id, column=column, text={"de": label, "en": label}, type="numeric"))
        else:
            items.append(DraftItem(id=item_id, column=column, text={"de": label, "en": label}, type="text"))
    stem = item_id_from(raw.path.stem)
    return DraftInstrument(id=stem, title={"de": raw.path.stem, "en": raw.path.stem},
                           source=f"{raw.detected.get('format', raw.format)}: {raw.path.name}",
                           languages=("de",), items=tuple(items))


def inferred_codebook(draft: DraftInstrument, *, wave: str) -> Codebook:
    """The draft as a :class:`Codebook` (respondent group "unknown", one wave)."""
    data = draft.to_dict()
    data["respondent_group"] = "unknown"
    data["waves"] = [wave]
    return Codebook.model_validate(data)


def _numeric(values: pd.Series, declared: tuple[object, ...], *, decimal: str) -> bool:
    """True when every non-empty cell that is not a declared text missing code (Stata's .a) is a number."""
    if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return False
    if pd.api.types.is_numeric_dtype(values.dtype):
        return True
    texts = [d for d in declared if isinstance(d, str)]
    candidate = values[~as_text(values).isin(texts).fillna(False).to_numpy(dtype=bool)] if texts else values
    return bool(candidate.notna().any()) and not parse_numbers(candidate, decimal=decimal)[1].any()


def _is_int(value: object) -> bool:
    try:
        return float(value).is_integer()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _declared_missing(value: object, declared: tuple[object, ...]) -> bool:
    for d in declared:
        if isinstance(d, MissingRange):
            if value in d:
                return True
        elif not isinstance(d, str) and _is_int(value) and float(d) == float(value):  # type: ignore[arg-type]
            return True
    return False
