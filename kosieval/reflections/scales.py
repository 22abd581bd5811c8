"""Scale scores and keyed items of a survey, as the reflection modules need them."""

from __future__ import annotations

import pandas as pd

from kosieval.model.codebook import Scale
from kosieval.model.survey import Survey
from kosieval.stats import ScaleScores, score_scale


def scale_scores(survey: Survey, scale: Scale) -> ScaleScores:
    """Score ``scale`` for every respondent of ``survey`` (reverse keying, minimum items).

    Parameters
    ----------
    survey
        A survey of the instrument that holds the scale.
    scale
        The scale.
    """
    low, high = survey.codebook.scale_range(scale.id)
    return score_scale(
        survey.scale_items(scale.id).astype("Float64"),
        reverse=scale.reverse,
        response_range=(low, high),
        min_valid=scale.min_valid,
        method=scale.scoring,
    )


def keyed_items(survey: Survey, scale: Scale) -> pd.DataFrame:
    """The scale's items with reverse-keyed items turned (``low + high - x``)."""
    return scale_scores(survey, scale).keyed
