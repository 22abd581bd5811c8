"""Shared fixtures: a tiny codebook for reader tests, and the example study (read once)."""

from __future__ import annotations

import pytest

from kosieval.model.codebook import Codebook

AGREE = [{"code": c, "label": {"de": str(c), "en": str(c)}} for c in range(1, 6)]


@pytest.fixture()
def tiny_codebook() -> Codebook:
    return Codebook.model_validate({
        "id": "tiny",
        "title": {"de": "Mini", "en": "Tiny"},
        "respondent_group": "participants",
        "waves": ["T0", "T1"],
        "missing_codes": [{"code": -9, "label": {"de": "keine Angabe", "en": "no answer"}},
                          {"code": -1, "label": {"de": "weiß nicht", "en": "don't know"}}],
        "response_sets": {"agree5": AGREE},
        "attributes": [{"id": "actor_group", "type": "single", "text": {"de": "Gruppe", "en": "Group"},
                        "options": [{"code": 1, "label": {"de": "Verwaltung", "en": "Administration"}},
                                    {"code": 5, "label": {"de": "Zivilgesellschaft", "en": "Civil society"}}]}],
        "items": [
            {"id": "q1", "type": "likert", "response_set": "agree5", "text": {"de": "F1", "en": "Q1"}},
            {"id": "q2", "type": "likert", "response_set": "agree5", "text": {"de": "F2", "en": "Q2"}},
            {"id": "hours", "type": "numeric", "min": 0, "max": 200, "text": {"de": "Std", "en": "Hrs"}},
            {"id": "comment", "type": "text", "text": {"de": "Kommentar", "en": "Comment"}},
        ],
        "scales": [{"id": "both", "title": {"de": "Beide", "en": "Both"}, "items": ["q1", "q2"],
                    "reverse": ["q2"], "min_valid": 1}],
    })


@pytest.fixture(scope="session")
def example_study():
    import kosieval

    return kosieval.example_study()
