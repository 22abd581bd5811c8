"""Instrument codebooks: items, response options, missing codes and scales.

A codebook is one YAML file in ``surveys/instruments/`` (DESIGN.md §4). Its schema is the
pydantic model :class:`Codebook`; :func:`parse_codebook` turns an already-read mapping into
one and translates pydantic's messages into :class:`~kosieval.errors.ConfigError` naming
the key. Reading the file is :func:`kosieval.io.instruments.read_instrument`'s job.

Example (abridged)::

    id: participant
    version: 1
    title: {de: Teilnehmendenbefragung, en: Participant survey}
    respondent_group: participants
    waves: [T0, T1]
    missing_codes:
      - {code: -9, label: {de: keine Angabe, en: no answer}}
    response_sets:
      agree5:
        - {code: 1, label: {de: trifft gar nicht zu, en: not at all true}}
        ...

Attributes:
      - {id: actor_group, type: single, text: {...}, options: [...]}
    items:
      - {id: se1, type: likert, response_set: agree5, text: {de: ..., en: ...}}
    scales:
      - id: self_efficacy
        title: {de: ..., en: ...}
        items: [se1, se2, se3]
        reverse: [se3]
        scoring: mean
        min_valid: 2
        source: {name: ..., citation: ..., doi: 10.6102/zis35}
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ItemType = Literal["likert", "single", "multi", "numeric", "text", "date"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text in German and English."""

    de: str
    en: str

    def get(self, locale: str) -> str:
        """Return the text for ``locale`` ("de" or "en"; "de_DE" works too)."""
        return self.en if locale.lower().startswith("en") else self.de


class Option(_Frozen):
    """One response option: the numeric code stored in the data and its label."""

    code: int
    label: Text


class MissingCode(_Frozen):
    """A code that means "no valid answer" (for example -9 = keine Angabe)."""

    code: int
    label: Text


class Source(_Frozen):
    """The published scale an item set adapts."""

    name: str
    citation: str
    doi: str | None = None
    note: str | None = None


class Item(_Frozen):
    """One question (or one attribute such as the actor group).

    ``options`` holds the response options; in YAML they may be given inline or by naming
    a ``response_set`` of the codebook, which :class:`Codebook` resolves.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: Text
    type: ItemType
    response_set: str | None = None
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    personal: bool = False
    note: str | None = None

    @property
    def codes(self) -> tuple[int, ...]:
        """The valid codes of a likert/single/multi item, in order."""
        return tuple(o.code for o in self.options)

    @property
    def valid_range(self) -> tuple[float, float] | None:
        """The lowest and highest valid value (options or numeric min/max)."""
        if self.options:
            return float(min(self.codes)), float(max(self.codes))
        if self.min is not None and self.max is not None:
            return float(self.min), float(self.max)
        return None

    def label_for(self, code: int, locale: str = "de") -> str | None:
        """Return the label of ``code``, or None when the code is not an option."""
        for option in self.options:
            if option.code == code:
                return option.label.get(locale)
        return None


class Scale(_Frozen):
    """A multi-item scale: which items, which are reverse-keyed, how it is scored."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    items: tuple[str, ...] = Field(min_length=1)
    reverse: tuple[str, ...] = ()
    scoring: Literal["mean", "sum"] = "mean"
    min_valid: int = Field(default=1, ge=1)
    source: Source | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _check_items(self) -> Scale:
        unknown = [i for i in self.reverse if i not in self.items]
        if unknown:
            raise ValueError(f"reverse lists items that are not in the scale: {unknown}")
        if self.min_valid > len(self.items):
            raise ValueError(
                f"min_valid ({self.min_valid}) is larger than the number of items ({len(self.items)})"
            )
        if len(set(self.items)) != len(self.items):
            raise ValueError("items are listed twice")
        return self


class Codebook(_Frozen):
    """One instrument: its items, attributes, response sets, missing codes and scales."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = 1
    title: Text
    respondent_group: str
    waves: tuple[str, ...] = Field(min_length=1)
    description: Text | None = None
    missing_codes: tuple[MissingCode, ...] = ()
    response_sets: dict[str, tuple[Option, ...]] = {}
    attributes: tuple[Item, ...] = ()
    items: tuple[Item, ...] = ()
    scales: tuple[Scale, ...] = ()

    @field_validator("response_sets")
    @classmethod
    def _sets_not_empty(cls, value: dict[str, tuple[Option, ...]]) -> dict[str, tuple[Option, ...]]:
        empty = [name for name, options in value.items() if not options]
        if empty:
            raise ValueError(f"response sets without options: {empty}")
        return value

    @model_validator(mode="before")
    @classmethod
    def _resolve_response_sets(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        sets = data.get("response_sets") or {}
        for key in ("items", "attributes"):
            resolved = []
            for item in data.get(key) or []:
                if isinstance(item, dict) and item.get("response_set") and not item.get("options"):
                    name = item["response_set"]
                    if name not in sets:
                        raise ValueError(
                            f"{key}: item {item.get('id')!r} names response_set {name!r}, "
                            f"which is not defined (defined: {sorted(sets)})"
                        )
                    item = {**item, "options": sets[name]}
                resolved.append(item)
            if resolved:
                data = {**data, key: resolved}
        return data

    @model_validator(mode="after")
    def _check_references(self) -> Codebook:
        ids = [v.id for v in (*self.attributes, *self.items)]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"item/attribute ids used twice: {doubles}")
        known = set(ids)
        for scale in self.scales:
            unknown = [i for i in scale.items if i not in known]
            if unknown:
                raise ValueError(f"scale {scale.id!r} lists unknown items: {unknown}")
        for item in (*self.attributes, *self.items):
            if item.type in ("likert", "single", "multi") and not item.options:
                raise ValueError(f"item {item.id!r} of type {item.type} has no options")
        return self

    # -- look-ups -------------------------------------------------------------------------

    @property
    def variables(self) -> tuple[Item, ...]:
        """Attributes and items, in that order."""
        return (*self.attributes, *self.items)

    def item(self, item_id: str) -> Item:
        """Return the item or attribute ``item_id``; KeyError naming the instrument if unknown."""
        for item in self.variables:
            if item.id == item_id:
                return item
        raise KeyError(f"instrument {self.id!r} has no item {item_id!r}")

    def scale(self, scale_id: str) -> Scale:
        """Return the scale ``scale_id``; KeyError naming the instrument if unknown."""
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(f"instrument {self.id!r} has no scale {scale_id!r}")

    @property
    def missing_code_values(self) -> frozenset[int]:
        """The codes that mean "no valid answer"."""
        return frozenset(m.code for m in self.missing_codes)

    def scale_range(self, scale_id: str) -> tuple[float, float]:
        """The common response range of a scale's items (needed for reverse keying).

        Raises
        ------
        ValueError
            When the scale's items do not share one response range.
        """
        ranges = {self.item(i).valid_range for i in self.scale(scale_id).items}
        if len(ranges) != 1 or None in ranges:
            raise ValueError(
                f"scale {scale_id!r}: items do not share one response range ({ranges}); "
                "reverse keying and scoring need a common range"
            )
        low, high = next(iter(ranges)) or (float("nan"), float("nan"))
        return low, high
