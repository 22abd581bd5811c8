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


@pytest.fixture(scope="session")
def planted():
    """What surveys/example/generate.py plants into the example study (effects and errors)."""
    import importlib.util

    from kosieval._resources import example_study_dir

    spec = importlib.util.spec_from_file_location("kosieval_example_generate", example_study_dir() / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PLANTED


@pytest.fixture()
def study_copy(tmp_path):
    """A copy of the example study that a test may change."""
    from tests.example_copies import copy_example

    return copy_example(tmp_path / "musterstadt")
