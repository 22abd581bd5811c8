"""kosieval.stats: DataFrames/arrays in, frozen result objects out (DESIGN.md §5).

No I/O and no formatting happen here; every function documents its formula, conventions
and references, and every result has a ``method`` string and ``to_frame()``.

Modules, by area: reliability (:mod:`~kosieval.stats.reliability`,
:mod:`~kosieval.stats.omega`, :mod:`~kosieval.stats.scoring`), agreement
(:mod:`~kosieval.stats.agreement`, :mod:`~kosieval.stats.kappa`,
:mod:`~kosieval.stats.krippendorff`), change (:mod:`~kosieval.stats.change`,
:mod:`~kosieval.stats.mixed`, :mod:`~kosieval.stats.pooled`, :func:`mcnemar` in :mod:`~kosieval.stats.contingency`),
groups (:mod:`~kosieval.stats.groups`, :mod:`~kosieval.stats.contingency`), models
(:mod:`~kosieval.stats.ordinal`), qualitative (:mod:`~kosieval.stats.qualitative`,
:mod:`~kosieval.stats.segments`), multiplicity, descriptives (:mod:`~kosieval.stats.descriptives`,
:mod:`~kosieval.stats.diversity`, :mod:`~kosieval.stats.weighted`).
"""

from kosieval.stats.agreement import AgreementResult, percent_agreement
from kosieval.stats.change import ChangeResult, paired_change
from kosieval.stats.contingency import CrosstabResult, McNemarResult, crosstab_test, mcnemar
from kosieval.stats.descriptives import ItemDescription, MeanResult, describe_items, mean_ci
from kosieval.stats.diversity import DiversityResult, diversity
from kosieval.stats.groups import GroupComparisonResult, compare_groups
from kosieval.stats.kappa import cohen_kappa, fleiss_kappa
from kosieval.stats.krippendorff import krippendorff_alpha
from kosieval.stats.mixed import MixedResult, mixed_change
from kosieval.stats.multiplicity import AdjustedPValues, adjust_pvalues
from kosieval.stats.omega import OmegaResult, mcdonald_omega
from kosieval.stats.ordinal import OrdinalResult, ordinal_regression
from kosieval.stats.pooled import PooledChangeResult, pooled_change
from kosieval.stats.qualitative import (
    CodeFrequencies,
    CodeMatrix,
    Cooccurrence,
    code_by_attribute,
    code_cooccurrence,
    code_frequencies,
)
from kosieval.stats.reliability import ReliabilityResult, cronbach_alpha
from kosieval.stats.scoring import ScaleScores, score_scale
from kosieval.stats.segments import SegmentAgreement, segment_agreement
from kosieval.stats.weighted import WeightedMeanResult, WeightedProportions, weighted_mean, weighted_proportions

__all__ = [
    "AdjustedPValues",
    "AgreementResult",
    "ChangeResult",
    "CodeFrequencies",
    "CodeMatrix",
    "Cooccurrence",
    "CrosstabResult",
    "DiversityResult",
    "GroupComparisonResult",
    "ItemDescription",
    "McNemarResult",
    "MeanResult",
    "MixedResult",
    "OmegaResult",
    "OrdinalResult",
    "PooledChangeResult",
    "ReliabilityResult",
    "ScaleScores",
    "SegmentAgreement",
    "WeightedMeanResult",
    "WeightedProportions",
    "adjust_pvalues",
    "code_by_attribute",
    "code_cooccurrence",
    "code_frequencies",
    "cohen_kappa",
    "compare_groups",
    "cronbach_alpha",
    "crosstab_test",
    "describe_items",
    "diversity",
    "fleiss_kappa",
    "krippendorff_alpha",
    "mcdonald_omega",
    "mcnemar",
    "mean_ci",
    "mixed_change",
    "ordinal_regression",
    "paired_change",
    "pooled_change",
    "percent_agreement",
    "score_scale",
    "segment_agreement",
    "weighted_mean",
    "weighted_proportions",
]
