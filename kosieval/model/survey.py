"""Survey: the responses of one instrument in one wave, with its codebook.

One row per response. Columns: ``respondent`` (the id that links waves), ``wave``,
``city``, then the attributes and items of the codebook by item id, as pandas nullable
numbers (``Int64`` for coded answers, ``Float64`` for numeric items) or strings for text
items. Missing codes are NA in ``responses``; which code it was is kept in
``missing_codes`` (same shape, the code where a missing code was given, else NA).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Codebook

ID_COLUMNS = ("respondent", "wave", "city")


@dataclass(frozen=True)
class Survey:
    """The validated responses of one survey export.

    Parameters
    ----------
    source_id
        The survey's id in study.yaml (``participants_t0``).
    instrument
        The codebook id.
    wave
        The wave label (``T0``).
    city
        The city the study is about.
    codebook
        The instrument codebook.
    responses
        One row per response (see module docstring).
    missing_codes
        The missing code given for each NA that came from one (same index and item
        columns as ``responses``).
    file
        The export file, relative to the study folder.
    detected
        What the reader detected (format, encoding, separator), for the log and report.
    """

    source_id: str
    instrument: str
    wave: str
    city: str
    codebook: Codebook
    responses: pd.DataFrame
    missing_codes: pd.DataFrame
    file: str
    detected: dict[str, str]

    @property
    def n(self) -> int:
        """Number of responses."""
        return len(self.responses)

    def items(self, item_ids: tuple[str, ...] | list[str]) -> pd.DataFrame:
        """The raw (unkeyed) answers to ``item_ids``, indexed by respondent.

        Raises
        ------
        KeyError
            Naming the items this survey lacks.
        """
        missing = [i for i in item_ids if i not in self.responses.columns]
        if missing:
            raise KeyError(f"survey {self.source_id!r} has no columns for items {missing}")
        frame = self.responses.set_index("respondent")[list(item_ids)]
        return frame

    def scale_items(self, scale_id: str) -> pd.DataFrame:
        """The raw answers to the items of ``scale_id`` (reverse keying not applied)."""
        return self.items(self.codebook.scale(scale_id).items)
