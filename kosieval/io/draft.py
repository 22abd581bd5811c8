"""Draft instruments: what a survey's structure file says, as a codebook to complete.

A LimeSurvey structure (.lss or the tab-separated structure export), a SoSci Survey
variables/values pair, an XLSForm or an SPSS file describes questions, answer options and
labels. The structure readers turn that into a :class:`DraftInstrument`; :meth:`to_yaml`
writes it as an instrument YAML (DESIGN.md §4) with comments marking what the researcher
must check or complete (the second language, scales, item ids), and the ``mapping`` and
``answer_codes`` for study.yaml that match the export.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import yaml

DraftType = Literal["likert", "single", "multi", "numeric", "text", "date"]


def item_id_from(name: str, *, taken: set[str] | None = None) -> str:
    """Turn an export column or question code into a valid item id.

    Lower case, ASCII (umlauts transliterated), ``_`` for anything else, a leading
    ``v`` when it would not start with a letter; ``_2``, ``_3`` ... when ``taken`` already
    holds the id (``taken`` is updated).

    Examples
    --------
    >>> item_id_from("G01Q01[SQ001]")
    'g01q01_sq001'
    >>> item_id_from("Größe")
    'groesse'
    """
    text = name.strip()
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")):
        text = text.replace(umlaut, ascii_)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "item"
    if not text[0].isalpha():
        text = "v" + text
    if taken is not None:
        base, n = text, 2
        while text in taken:
            text = f"{base}_{n}"
            n += 1
        taken.add(text)
    return text


@dataclass(frozen=True)
class DraftOption:
    """One answer option.

    Parameters
    ----------
    code
        The numeric code the codebook will use.
    label
        Language -> label (``{"de": "trifft zu"}``); any languages the file has.
    export_code
        The code as the export writes it, when it is not ``code`` (LimeSurvey ``A1``,
        KoboToolbox ``vegan``); becomes an ``answer_codes`` entry, or for a multiple-choice
        item the export column / list value of this option.
    column
        For a multiple-choice item whose options each have a column: that column.
    """

    code: int
    label: dict[str, str]
    export_code: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class DraftItem:
    """One question (or one sub-question of an array) of the structure file.

    Parameters
    ----------
    id
        Proposed item id (valid for the codebook; see :func:`item_id_from`).
    column
        The export column holding the answer (None for a multiple-choice item whose
        options have a column each; see :attr:`DraftOption.column`).
    text
        Language -> question text, as in the file (HTML removed).
    type
        Proposed item type.
    options
        Answer options (likert, single, multi).
    min, max
        Range of a numeric item, when the file states one.
    note
        What the reader noticed (question type in the platform, "check: ...").
    """

    id: str
    column: str | None
    text: dict[str, str]
    type: DraftType
    options: tuple[DraftOption, ...] = ()
    min: float | None = None
    max: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class DraftInstrument:
    """A codebook drafted from a structure file.

    Parameters
    ----------
    id
        Proposed instrument id.
    title
        Language -> survey title.
    source
        Where the draft came from ("LimeSurvey .lss (DBVersion 630): survey.lss").
    languages
        The languages the file has, first = base language.
    items
        The questions, in questionnaire order.
    missing_codes
        Codes the platform or file declares as missing (code, label).
    notes
        Things the researcher must check (unsupported question types skipped, ...).
    """

    id: str
    title: dict[str, str]
    source: str
    languages: tuple[str, ...]
    items: tuple[DraftItem, ...]
    missing_codes: tuple[DraftOption, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def mapping(self) -> dict[str, str]:
        """Export column -> item id (``item.code`` for options of multiple-choice items)."""
        result: dict[str, str] = {}
        for item in self.items:
            if item.column is not None:
                result[item.column] = item.id
            for option in item.options:
                if option.column is not None:
                    result[option.column] = f"{item.id}.{option.code}"
        return result

    def answer_codes(self) -> dict[str, dict[str, int]]:
        """Item id -> {export code -> codebook code}, for items whose export codes are not numbers."""
        result: dict[str, dict[str, int]] = {}
        for item in self.items:
            codes = {o.export_code: o.code for o in item.options if o.export_code is not None and o.column is None}
            if codes and any(k != str(v) for k, v in codes.items()):
                result[item.id] = codes
        return result

    def to_dict(self) -> dict[str, object]:
        """The draft as an instrument mapping (the shape of surveys/instruments/*.yaml)."""

        def text(values: dict[str, str]) -> dict[str, str]:
            de = values.get("de") or next(iter(values.values()), "")
            en = values.get("en") or next(iter(values.values()), "")
            return {"de": de, "en": en}

        items = []
        for item in self.items:
            entry: dict[str, object] = {"id": item.id, "type": item.type, "text": text(item.text)}
            if item.options:
                entry["options"] = [{"code": o.code, "label": text(o.label)} for o in item.options]
            if item.min is not None:
                entry["min"] = item.min
            if item.max is not None:
                entry["max"] = item.max
            if item.note:
                entry["note"] = item.note
            items.append(entry)
        return {
            "id": self.id,
            "version": 1,
            "title": text(self.title),
            "respondent_group": "TODO",
            "waves": ["T0"],
            "missing_codes": [{"code": m.code, "label": text(m.label)} for m in self.missing_codes],
            "items": items,
            "scales": [],
        }

    def to_yaml(self) -> str:
        """The draft instrument YAML, with a header saying what to complete and the study.yaml mapping."""
        header = [
            f"# Draft instrument, made by `kosieval codebook draft` from {self.source}.",
            "# Complete it before use:",
            "#  - texts: where the file had only one language, both de and en hold that text;",
            "#  - respondent_group and waves; scales (items, reverse-keyed items, min_valid);",
            "#  - item types (likert vs. single) and the notes the reader left.",
        ]
        header += [f"#  - {note}" for note in self.notes]
        body = yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)
        study = {"mapping": self.mapping()}
        codes = self.answer_codes()
        if codes:
            study["answer_codes"] = codes
        snippet = yaml.safe_dump(study, allow_unicode=True, sort_keys=False, width=100)
        footer = ["", "# For study.yaml (surveys: - ...): the export columns of these items", "#"]
        footer += ["# " + line for line in snippet.splitlines()]
        return "\n".join(header) + "\n\n" + body + "\n".join(footer) + "\n"
