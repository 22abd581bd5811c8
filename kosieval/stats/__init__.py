"""kosieval.stats: DataFrames/arrays in, frozen result objects out (DESIGN.md §5).

No I/O and no formatting happen here; every function documents its formula, conventions
and references, and every result has a ``method`` string and ``to_frame()``.
"""

from kosieval.stats.change import ChangeResult, paired_change
from kosieval.stats.descriptives import MeanResult, mean_ci
from kosieval.stats.multiplicity import AdjustedPValues, adjust_pvalues
from kosieval.stats.reliability import ReliabilityResult, cronbach_alpha
from kosieval.stats.scoring import ScaleScores, score_scale

__all__ = [
    "AdjustedPValues",
    "MeanResult",
    "adjust_pvalues",
    "mean_ci",
    "ChangeResult",
    "ReliabilityResult",
    "ScaleScores",
    "cronbach_alpha",
    "paired_change",
    "score_scale",
]
