"""What every platform reader hands over: the export's columns before the codebook is applied.

A platform reader (LimeSurvey, SoSci Survey, Qualtrics, KoboToolbox, Unipark, SPSS/Stata,
plain CSV or Excel) knows its platform's file layout, metadata columns, test runs and
missing codes. It returns a :class:`RawExport`; :func:`kosieval.io.validate.apply_codebook`
then maps columns to codebook items and checks every value, the same way for every
platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kosieval.model.importlog import LogEntry


@dataclass(frozen=True)
class Checkbox:
    """How a platform writes one option of a multiple-choice question in its own column.

    Parameters
    ----------
    ticked
        The raw values meaning "chosen" (compared as stripped text: ``"Y"``, ``"1"``, ``"2"``).
    unticked
        The raw values meaning "shown, not chosen" (``"0"``, ``"1"`` for SoSci Survey).
    empty_is_unticked
        True when the platform writes nothing for an option that was shown but not chosen
        (LimeSurvey's code export). An empty cell then counts as "not chosen" when another
        option of the same question has a value in that row, and as "not shown" otherwise.
    """

    ticked: frozenset[str] = frozenset({"1"})
    unticked: frozenset[str] = frozenset({"0"})
    empty_is_unticked: bool = False


@dataclass(frozen=True)
class MissingRange:
    """A range of user-missing values (SPSS ``missing values x (lo thru hi)``), both ends included."""

    low: float
    high: float

    def __contains__(self, value: object) -> bool:  # noqa: D105
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return self.low <= number <= self.high


@dataclass(frozen=True)
class RawExport:
    """One export file, read by its platform reader, not yet checked against a codebook.

    Parameters
    ----------
    data
        One row per response that the platform's own rules keep. Index: the 1-based line
        of the response in the file (header lines counted; for Excel and SPSS the row
        number the researcher sees), named ``line``. Columns: the export's column names.
        Values as the file holds them: numbers where the file stores numbers, text
        otherwise, ``pd.NA``/NaN for empty cells. Nothing is recoded yet.
    path
        The file that was read (never written to).
    format
        The key of the format in :data:`kosieval.io.survey.FORMATS`.
    detected
        What the reader found, in words, for the researcher: ``format``, ``encoding``,
        ``separator``, ``decimal``, ``header`` ... (keys as needed).
    metadata_columns
        Columns of the platform that are not items (ids, dates, timings, status); they are
        not reported as unused.
    personal_columns
        Columns the platform is known to fill with personal data (besides the generic
        patterns of :mod:`kosieval.io.personal`).
    missing_codes
        Codes the platform writes for "no answer" in every column (SoSci Survey -1 … -9,
        Unipark 0/-77/-66/-99, Qualtrics -99).
    column_missing
        Per-column user-missing values declared in the file (SPSS/Stata): discrete values
        and :class:`MissingRange` objects.
    labels
        Column -> question text or variable label, where the file has them.
    value_labels
        Column -> {code as in ``data`` -> label}.
    checkboxes
        Column -> :class:`Checkbox`, for columns that hold one option of a multiple-choice
        question.
    multi_sets
        Name -> option columns of a multiple-choice question known from the file (SPSS
        multiple-response sets, KoboToolbox ``question/option`` columns).
    id_column
        The column the platform uses as response id, when it has one.
    default_checkbox
        How the platform writes options of multiple-choice questions that have a column
        each, for columns not in ``checkboxes`` (SoSci Survey: 1 = not chosen, 2 = chosen).
    decimal
        The decimal mark of numbers written as text (``","`` in German files).
    log
        What the reader already did: rows left out as test runs or incomplete responses,
        header rows skipped, each with file, line and reason.
    """

    data: pd.DataFrame
    path: Path
    format: str
    detected: Mapping[str, str]
    metadata_columns: frozenset[str] = frozenset()
    personal_columns: frozenset[str] = frozenset()
    missing_codes: frozenset[int] = frozenset()
    column_missing: Mapping[str, tuple[float | str | MissingRange, ...]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    value_labels: Mapping[str, Mapping[object, str]] = field(default_factory=dict)
    checkboxes: Mapping[str, Checkbox] = field(default_factory=dict)
    multi_sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    id_column: str | None = None
    default_checkbox: Checkbox | None = None
    decimal: str = "."
    log: tuple[LogEntry, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """The export's column names, in file order."""
        return tuple(str(c) for c in self.data.columns)
