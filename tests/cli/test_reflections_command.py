"""`kosieval reflections [STUDY_DIR]`: the modules, what each needs, and which can run for a study."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kosieval._resources import example_study_dir
from kosieval.cli.reflections import module_readiness, reflections
from kosieval.io.study import read_study
from kosieval.reflections.registry import REGISTRY, spec_of
from tests.example_copies import edit_config


@pytest.fixture()
def study(tmp_path):
    target = tmp_path / "musterstadt"
    shutil.copytree(example_study_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run(*args):
    return CliRunner().invoke(reflections, [str(a) for a in args])


def _section(output, name):
    """The lines of one module's entry (from its title line to the blank line after it)."""
    start = output.index(f"\n{name} – ") + 1
    return output[start:output.index("\n\n", start)]


def test_lists_every_module_with_title_placement_needs_and_params_in_german():
    result = run()
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Reflexionsmodule ({len(REGISTRY)})" in out
    for name in REGISTRY:
        spec = spec_of(name)
        placement = {"chapter": "Kapitel", "appendix": "Anhang"}[spec.placement]
        assert f"{name} – {spec.title.de} ({placement})" in out
    participation = " ".join(_section(out, "participation").split())
    assert "Braucht: - Befragungen: Zahl der Antworten und Akteursgruppe (report.actor_group)" in participation
    assert "Parameter (report.modules.participation): invited Befragungs-ID -> Zahl" in participation
    assert "Parameter (report.modules.data_quality): keine" in out
    assert "Reliabilität der Skalen (Anhang)" in out


def test_english_listing():
    result = run("--lang", "en")
    assert result.exit_code == 0
    out = result.output
    assert "Reflection modules" in out
    assert "reliability – Reliability of the scales (appendix)" in out
    assert "participation – Participation (chapter)" in out
    assert "Needs:\n      - surveys: number of responses and actor group (report.actor_group)" in out
    assert "Braucht" not in out and "Kapitel" not in out


def test_params_of_change_with_their_descriptions():
    # every analyze keyword is documented in SPEC.params (tests/reflections/test_registry.py)
    section = _section(run().output, "change")
    assert "outcomes  Skalen, deren Veränderung berichtet wird" in section
    assert "p_adjust  Korrektur für mehrere Skalen" in section and "ohne Beschreibung" not in section


def test_example_study_every_chosen_module_can_run():
    result = run(example_study_dir())
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Studie: musterstadt (Musterstadt)")
    for name in ("participation", "change", "themes", "agreement", "reliability", "data_quality"):
        assert "→ kann laufen (in report.reflections gewählt)" in _section(out, name)
    study = read_study(example_study_dir())
    for name in study.config.report.reflections:
        assert module_readiness(study, name).ready, name


def test_study_missing_what_modules_need_lists_everything_missing(study):
    edit_config(study, "    - self_efficacy\n", "    - self_efficacy\n    - happiness\n    - wellbeing\n")
    edit_config(study, "  p_adjust: holm\n", "  p_adjust: holm\n  modules:\n    change: {colour: red}\n")
    readiness = module_readiness(read_study(study), "change")
    assert not readiness.ready
    assert len(readiness.missing) == 2
    assert "'happiness'" in readiness.missing[0] and "'wellbeing'" in readiness.missing[1]
    assert [e.key for e in readiness.config_errors] == ["report.modules.change.colour"]
    result = run(study, "--lang", "en")
    assert result.exit_code == 0
    change = " ".join(_section(result.output, "change").split())
    assert "→ cannot run, missing (chosen in report.reflections): - Skala / scale 'happiness'" in change
    assert "'wellbeing'" in change and "unknown parameter 'colour'" in change
    assert "report.modules.change.colour; accepted: level, outcomes, p_adjust" in change
    assert "chosen but cannot run: change" in result.output
    ready = result.output.count("→ can run (")
    assert ready < len(REGISTRY)
    assert f"{ready} of {len(REGISTRY)} modules can run for musterstadt" in result.output


def test_unknown_module_in_study_yaml_is_named(study):
    edit_config(study, "reflections: [participation,", "reflections: [wellbeing, participation,")
    result = run(study)
    assert result.exit_code == 0
    assert "unbekannte Module in report.reflections: wellbeing" in result.output


def test_unreadable_study_exits_1_and_points_to_validate(study):
    edit_config(study, "    wave: T0", "    wave: T9")
    result = run(study)
    assert result.exit_code == 1
    assert "kosieval validate" in result.output
    assert "surveys.0.wave" in result.output and "Zeile/line" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("--lang", "fr").exit_code == 2
    assert run(tmp_path / "nowhere").exit_code == 2
