"""The registry: parameters by keyword are checked, with the accepted ones named."""

from __future__ import annotations

import pytest

import kosieval
from kosieval.errors import ConfigError
from kosieval.reflections.registry import REGISTRY, keyword_params, module_of, spec_of


@pytest.fixture(scope="module")
def study():
    return kosieval.example_study()


def test_unknown_keyword_is_a_config_error_naming_the_accepted_ones(study):
    with pytest.raises(ConfigError, match=r"unknown parameters: confidence") as info:
        kosieval.analyze(study, "change", confidence=0.9)
    assert info.value.hint == "accepted: level, outcomes, p_adjust"


def test_every_module_documents_its_parameters():
    # `kosieval reflections` prints SPEC.params: each keyword of analyze has a line there
    for name in REGISTRY:
        documented = set(spec_of(name).params or {})
        assert keyword_params(module_of(name)) == documented, name


def test_presenting_in_a_worker_gives_the_same_sections(study):
    # the command line draws the charts in a forked worker while the next module is analysed
    from kosieval.reflections.registry import run_reflections

    names = ("participation", "change", "themes")
    alone = run_reflections(study, locale="de", names=names)
    seen = []
    beside = run_reflections(study, locale="de", names=names, parallel=True,
                             progress=lambda stage, name: seen.append(name))
    assert [r.name for r in beside] == list(names) == seen
    assert [r.section for r in beside] == [r.section for r in alone]
    assert beside[1].section.figures and beside[1].section.figures[0].svg == alone[1].section.figures[0].svg
