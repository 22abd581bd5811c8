"""The ImportLog: every value that was dropped, recoded or found wrong while reading.

Nothing in the data changes silently: each recode or drop is a :class:`LogEntry` with file,
row, column, old value, new value, the action taken and the reason, in words a researcher
understands. ``severity`` separates problems (``"error"``: the data contradicts the
codebook; ``"warning"``: worth a look) from routine notes (``"info"``: a missing code
turned into NA, a personal column dropped as configured).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]
COLUMNS = ("file", "row", "column", "value", "new_value", "action", "reason", "severity")


@dataclass(frozen=True)
class LogEntry:
    """One recorded event.

    Parameters
    ----------
    file
        The file as given in study.yaml (relative to the study folder).
    row
        The 1-based line in the file (header = line 1), or None for whole-file events.
    column
        The column in the file (the platform's name, e.g. ``SE[SQ003]``), or None.
    value
        The raw value as it stood in the file (text).
    new_value
        What it became ("NA", "dropped", a recoded value).
    action
        Short verb: "recoded to missing", "row dropped", "column dropped", ...
    reason
        Why, in words.
    severity
        "error", "warning" or "info".
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    new_value: str | None
    action: str
    reason: str
    severity: Severity = "warning"


class ImportLog:
    """An append-only list of :class:`LogEntry` with a DataFrame view."""

    def __init__(self, entries: Iterable[LogEntry] = ()) -> None:
        self._entries: list[LogEntry] = list(entries)

    def add(self, entry: LogEntry) -> None:
        """Append one entry."""
        self._entries.append(entry)

    def extend(self, entries: Iterable[LogEntry]) -> None:
        """Append several entries."""
        self._entries.extend(entries)

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def of_severity(self, severity: Severity) -> list[LogEntry]:
        """The entries of one severity."""
        return [e for e in self._entries if e.severity == severity]

    @property
    def has_errors(self) -> bool:
        """True when any entry is an error."""
        return any(e.severity == "error" for e in self._entries)

    def to_frame(self) -> pd.DataFrame:
        """All entries as a DataFrame with the columns of :data:`COLUMNS`."""
        frame = pd.DataFrame([asdict(e) for e in self._entries], columns=list(COLUMNS))
        return frame.astype({"row": "Int64"})
