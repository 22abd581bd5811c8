"""Scale scores and keyed items of a survey, as the reflection modules need them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kosieval.model.codebook import Codebook, Scale
from kosieval.model.study import Study
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


def scale_waves(study: Study, codebook: Codebook) -> list[str]:
    """The waves of ``codebook`` for which the study has a survey, in codebook order."""
    present_waves = {s.wave for s in study.surveys_of(codebook.id)}
    return [w for w in codebook.waves if w in present_waves]


def outcome_scales(study: Study, outcomes: Sequence[str] | None) -> tuple[str, ...]:
    """The outcome scales: ``outcomes``, else ``report.outcomes``, else every scale of a multi-wave instrument.

    Parameters
    ----------
    study
        The study (its config and instruments decide the default).
    outcomes
        Scale ids chosen by the caller (None or empty: the default).
    """
    if outcomes:
        return tuple(outcomes)
    if study.config.report.outcomes:
        return study.config.report.outcomes
    return tuple(s.id for c in study.codebooks.values() if len(c.waves) > 1 for s in c.scales)
