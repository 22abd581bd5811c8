"""Activities: the events of the test phase and who attended them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ACTOR_GROUPS = ("Verwaltung", "Politik", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft")


@dataclass(frozen=True)
class Activities:
    """The activity log.

    Parameters
    ----------
    events
        One row per event: ``date`` (datetime64), ``format``, ``topic``, ``place``,
        ``duration_h`` (Float64), one Int64 column per actor group in
        :data:`ACTOR_GROUPS` and ``total``.
    file
        The log file, relative to the study folder.
    """

    events: pd.DataFrame
    file: str

    @property
    def n_events(self) -> int:
        """Number of events."""
        return len(self.events)
