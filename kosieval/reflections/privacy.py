"""Small-group suppression shared by the reflection modules (DESIGN.md §7, privacy).

Groups (actor groups, cities, cells of a cross table) with fewer members than
``privacy.min_cell_size`` are not shown: their rows are left out of group tables and charts,
their cells print :data:`SUPPRESSED`, and a footnote says which groups and why. Counts of a
suppressed group must not be recoverable from totals, so modules either leave the group out
of the totals too or say that the total includes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kosieval.model.study import Study

#: What a suppressed cell shows.
SUPPRESSED = "·"


@dataclass(frozen=True)
class Suppression:
    """Which groups a table or chart leaves out, and the rule applied.

    Attributes
    ----------
    shown
        Groups with at least ``min_size`` members, in the given order.
    suppressed
        Groups with 1 to ``min_size - 1`` members (empty groups are neither).
    min_size
        The minimum group size.
    """

    shown: tuple[str, ...]
    suppressed: tuple[str, ...]
    min_size: int

    def note(self, locale: str, *, unit: str | None = None) -> str:
        """The footnote naming the suppressed groups ("" when nothing was suppressed).

        Parameters
        ----------
        locale
            "de" or "en".
        unit
            What is counted, plural ("Antworten", "interviews"); defaults to persons.
        """
        if not self.suppressed:
            return ""
        names = ", ".join(self.suppressed)
        if locale.startswith("de"):
            unit = unit or "Personen"
            return (f"Aus Datenschutzgründen nicht ausgewiesen (weniger als {self.min_size} {unit}): "
                    f"{names}.")
        unit = unit or "persons"
        return f"Not shown for privacy (fewer than {self.min_size} {unit}): {names}."


def min_cell_size(study: Study) -> int:
    """The study's minimum cell size (``privacy.min_cell_size``, default 5)."""
    return study.config.privacy.min_cell_size


def split_groups(counts: Mapping[str, int], *, min_size: int) -> Suppression:
    """Split groups into those shown and those suppressed.

    Parameters
    ----------
    counts
        Members per group, in display order.
    min_size
        Groups with ``0 < n < min_size`` are suppressed; groups with 0 members are dropped.

    Returns
    -------
    Suppression
    """
    if min_size < 1:
        raise ValueError(f"min_size must be >= 1, got {min_size}")
    shown = tuple(g for g, n in counts.items() if n >= min_size)
    suppressed = tuple(g for g, n in counts.items() if 0 < n < min_size)
    return Suppression(shown, suppressed, min_size)


def cell(text: str, n: int, *, min_size: int) -> str:
    """``text`` when ``n`` reaches ``min_size`` (or is 0), else :data:`SUPPRESSED`."""
    return text if n == 0 or n >= min_size else SUPPRESSED
