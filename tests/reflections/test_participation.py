"""The participation chapter: actor groups per survey with suppression, panel, response rates,
diversity and the activity log, on the example study and on a hand-made tiny study."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

import kosieval
from kosieval.errors import SpecError
from kosieval.model.activities import ACTOR_GROUPS
from kosieval.reflections import participation
from kosieval.reflections.privacy import SUPPRESSED
from tests.reflections.tiny_study import instrument, load, write_study

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def example_result(example_study):
    return kosieval.analyze(example_study, "participation")


def _table(section, table_id):
    return next(t for t in section.tables if t.id == table_id)


def _row(table, label):
    return next(r for r in table.rows if r[0] == label)


# -- example study ------------------------------------------------------------------------------


def test_example_actor_groups_match_planted(example_result, planted):
    by_survey = {s.survey: s for s in example_result.surveys}
    t0 = by_survey["participants_t0"]
    assert t0.n == planted["participants"]["t0_complete_unique"] == 151  # the T0 duplicate is dropped
    counts = {g.label.de: g.n for g in t0.groups}
    for group, n in planted["participants"]["actor_group_t0_complete"].items():
        assert counts[group] == n, group
    assert counts["ohne Angabe"] == planted["participants"]["actor_group_t0_missing"] == 1
    assert by_survey["participants_t1"].n == planted["participants"]["t1_complete_rows"] == 115
    team = {g.label.de: g.n for g in by_survey["team_t1"].groups}
    assert {k: team[k] for k in ACTOR_GROUPS} == planted["team"]["finished_by_group"]
    assert by_survey["team_t1"].n == planted["team"]["finished"] == 41


def test_example_panel_matches_planted(example_result, planted):
    (panel,) = example_result.panels
    p = planted["participants"]
    assert panel.waves == ("T0", "T1")
    assert panel.both == p["pairs"] == 100
    assert panel.only_first == p["t0_complete_unique"] - p["pairs"] == 51
    # new at T1, incomplete at T0, and the code typos cannot be linked
    assert panel.only_second == (p["t1_complete_new"] + p["t1_complete_t0_incomplete"]
                                 + len(p["t1_complete_code_typo"])) == 15


def test_example_activities_match_planted(example_result, planted):
    a = example_result.activities
    expected = planted["activities"]
    assert a.n_events == expected["events"] == 20
    assert a.attendances == expected["attendance_total"] == 585
    assert a.by_group()[list(ACTOR_GROUPS)].to_dict() == expected["attendance_by_group"]
    assert a.blank_cells == len(expected["blank_cells"]) == 2
    counts = np.array([expected["attendance_by_group"][g] for g in ACTOR_GROUPS])
    p = counts / counts.sum()
    # reference: Blau = 1 - sum p^2 (vegan::diversity(x, "simpson")), by hand with numpy
    assert a.diversity.blau == pytest.approx(1 - np.sum(p ** 2), abs=1e-12)
    assert a.diversity.evenness == pytest.approx(-np.sum(p * np.log(p)) / np.log(5), abs=1e-12)
    assert a.by_format["events"].sum() == 20


def test_example_team_politik_suppressed_with_secondary(example_result):
    section = participation.present(example_result, "de")
    team = _table(section, "tab-participation-groups-team")
    assert _row(team, "Politik")[1:] == (SUPPRESSED, SUPPRESSED)
    # exactly one cell hidden and the total printed: the next-smallest group (Wirtschaft, 8) is hidden too
    assert _row(team, "Wirtschaft")[1:] == (SUPPRESSED, SUPPRESSED)
    assert _row(team, "Gesamt")[1] == "41"
    assert "4" not in [cell for row in team.rows for cell in row]
    assert any("Politik" in note and "weniger als 5" in note for note in team.notes)
    participants = _table(section, "tab-participation-groups-participant")
    assert _row(participants, "Zivilgesellschaft")[1] == "70"
    assert _row(participants, "Politik")[1:3] == ("16", f"11{NNBSP}%")  # 16 / 151 = 10.6 %
    assert _row(participants, "ohne Angabe")[1] == "1"
    english = _table(participation.present(example_result, "en"), "tab-participation-groups-team")
    assert _row(english, "Politics")[1:] == (SUPPRESSED, SUPPRESSED)
    assert _row(english, "Business")[1:] == (SUPPRESSED, SUPPRESSED)


def test_example_highlights_and_key_figures(example_result):
    section = participation.present(example_result, "de")
    assert [h.name for h in section.highlights] == ["n_panel_participant", "n_attendances", "blau_attendances"]
    assert section.key_figures["n_participants_t0"] == "151"
    assert section.key_figures["n_events"] == "20"
    assert section.key_figures["n_attendances"] == "585"
    assert section.key_figures["blau_attendances"] == "0,69"  # 1 - sum p^2 = 0.6876
    assert all(name.isidentifier() and name == name.lower() for name in section.key_figures)


def test_example_no_invited_says_how(example_result):
    text = " ".join(b.text for b in participation.present(example_result, "de").blocks if hasattr(b, "text"))
    assert "report.modules.participation.invited" in text
    assert "Rücklaufquote kann nicht berechnet werden" in text


# -- tiny study ---------------------------------------------------------------------------------


def _responses(groups, ids):
    return pd.DataFrame({"id": ids, "actor_group": groups, "q1": [3] * len(ids), "q2": [4] * len(ids)})


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("participation")
    inst = instrument("part", waves=["T0", "T1"], scales={"s": ["q1", "q2"]})
    # T0: Verwaltung 6, Politik 2, Zivilgesellschaft 3, one without group (n = 12)
    t0 = _responses([1] * 6 + [2] * 2 + [5] * 3 + [None], [f"p{i:02d}" for i in range(12)])
    # T1: Verwaltung 5, Politik 1, Wirtschaft 6 (n = 12); 8 ids shared with T0, 4 new
    t1 = _responses([1] * 5 + [2] + [3] * 6, [f"p{i:02d}" for i in range(8)] + [f"n{i}" for i in range(4)])
    events = pd.DataFrame({
        "date": [dt.date(2026, 3, 5), dt.date(2026, 4, 9), dt.date(2026, 4, 30)],
        "format": ["Workshop", "Lab-Sitzung", "Workshop"], "topic": ["A", "B", "C"], "place": ["X", "Y", "Z"],
        "duration_h": [2.5, 2.0, 3.0],
        "Verwaltung": [4, 2, 3], "Politik": [1, 0, 2], "Wirtschaft": [0, 1, 0], "Wissenschaft": [2, 0, 1],
        "Zivilgesellschaft": [10, 3, 6],
    })
    write_study(folder, instruments=[inst], surveys=[("t0", "part", "T0", t0), ("t1", "part", "T1", t1)],
                activities=events, report={"reflections": ["participation"],
                                           "modules": {"participation": {"invited": {"t0": 20, "t1": 40}}}})
    study = load(folder)
    return study, kosieval.analyze(study, "participation")


def test_tiny_counts_and_panel(tiny):
    _, result = tiny
    t0, t1 = result.surveys
    assert [(g.label.de, g.n) for g in t0.groups] == [("Verwaltung", 6), ("Politik", 2), ("Wirtschaft", 0),
                                                      ("Wissenschaft", 0), ("Zivilgesellschaft", 3),
                                                      ("ohne Angabe", 1)]
    assert t1.n == 12
    (panel,) = result.panels
    assert (panel.both, panel.only_first, panel.only_second) == (8, 4, 4)


def test_tiny_response_rate_wilson(tiny):
    _, result = tiny
    t0, t1 = result.surveys
    assert t0.response_rate == pytest.approx(12 / 20)
    # R: prop.test(12, 20, correct = FALSE)$conf.int -> 0.386581500762253 0.781193467627183
    assert (t0.rate_ci_low, t0.rate_ci_high) == pytest.approx((0.386581500762253, 0.781193467627183), abs=1e-9)
    # Wilson score interval by hand (Wilson 1927)
    n, p, z = 40, 12 / 40, norm.ppf(0.975)
    centre, half = (p + z**2 / (2 * n)) / (1 + z**2 / n), z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (
        1 + z**2 / n)
    assert (t1.rate_ci_low, t1.rate_ci_high) == pytest.approx((centre - half, centre + half), abs=1e-12)
    # R: prop.test(12, 40, correct = FALSE)$conf.int -> 0.180748452297465 0.454300188181449
    assert t1.rate_ci_low == pytest.approx(0.180748452297465, abs=1e-9)


def test_tiny_diversity_by_hand(tiny):
    _, result = tiny
    d = result.surveys[0].diversity
    # 11 respondents with a group: 6, 2, 3 of K = 5 possible groups
    assert d.n == 11 and d.n_missing == 1 and d.k == 5
    assert d.blau == pytest.approx(1 - (36 + 4 + 9) / 121, abs=1e-12)  # 72/121 = 0.595
    assert d.blau_normalized == pytest.approx((72 / 121) / 0.8, abs=1e-12)
    p = np.array([6, 2, 3]) / 11
    assert d.evenness == pytest.approx(-np.sum(p * np.log(p)) / np.log(5), abs=1e-12)


def test_tiny_activities(tiny):
    _, result = tiny
    a = result.activities
    assert (a.n_events, a.attendances, a.hours) == (3, 17 + 6 + 12, 7.5)
    formats = a.by_format.set_index("format")
    assert formats.loc["Workshop", "events"] == 2
    assert formats.loc["Workshop", "attendances"] == 29
    assert formats.loc["Workshop", "hours"] == pytest.approx(5.5)
    totals = np.array([9, 3, 1, 3, 19])
    p = totals / totals.sum()
    assert a.diversity.blau == pytest.approx(1 - np.sum(p**2), abs=1e-12)


def test_hidden_cells_rules():
    # one small cell -> the next-smallest non-zero cell goes too
    assert participation.hidden_cells([5, 1, 6, 0], min_size=5) == ({1}, {0})
    # two small cells protect each other
    assert participation.hidden_cells([6, 2, 0, 3, 1], min_size=5, exempt=(4,)) == ({1, 3}, set())
    # nothing small -> nothing hidden
    assert participation.hidden_cells([5, 9, 0], min_size=5) == (set(), set())
    # an exempt small cell may be the secondary one
    assert participation.hidden_cells([9, 2, 7, 1], min_size=5, exempt=(3,)) == ({1}, {3})


def test_tiny_present_de(tiny):
    _, result = tiny
    section = participation.present(result, "de")
    assert section.id == "participation" and section.title == "Beteiligung"
    ids = [t.id for t in section.tables] + [f.id for f in section.figures]
    assert len(ids) == len(set(ids))
    assert {"tab-participation-surveys", "tab-participation-groups-part", "tab-participation-panel-part",
            "tab-participation-diversity", "tab-participation-formats", "fig-participation-timeline"} <= set(ids)
    groups = _table(section, "tab-participation-groups-part")
    assert groups.columns == ("Akteursgruppe", "T0 n", "T0 %", "T1 n", "T1 %")
    # T0: Politik 2 and Zivilgesellschaft 3 are both small (no secondary); T1: Politik 1 -> Verwaltung 5 too
    assert _row(groups, "Politik")[1:] == (SUPPRESSED,) * 4
    assert _row(groups, "Zivilgesellschaft")[1:3] == (SUPPRESSED, SUPPRESSED)
    assert _row(groups, "Verwaltung")[1:] == ("6", f"50{NNBSP}%", SUPPRESSED, SUPPRESSED)
    assert _row(groups, "Wirtschaft")[3:] == ("6", f"50{NNBSP}%")
    assert "Wissenschaft" not in [r[0] for r in groups.rows]  # empty in both waves
    assert any("Politik, Zivilgesellschaft" in n for n in groups.notes)
    assert any("nächstkleinere" in n for n in groups.notes)
    surveys = _table(section, "tab-participation-surveys")
    assert surveys.rows[0][3:] == ("20", f"60,0{NNBSP}%", f"[38,7{NNBSP}%;{NBSP}78,1{NNBSP}%]")
    assert any("Wilson" in n for n in surveys.notes)
    diversity = _table(section, "tab-participation-diversity")
    # both surveys have a suppressed group, so only the events row is shown (a Blau index with n
    # would reveal the hidden group sizes); events: 9, 3, 1, 3, 19 of 35 -> 1 - 461/1225 = 0.6237
    assert [r[0] for r in diversity.rows] == ["Veranstaltungen (alle Teilnahmen)"]
    assert diversity.rows[0][3] == "0,62"
    assert "blau_t0" not in section.key_figures and "blau_t1" not in section.key_figures
    assert any("zwei zufällig gewählte" in n for n in diversity.notes)
    figure = section.figures[0]
    assert figure.alt and "35" in figure.alt and figure.svg.lstrip().startswith("<?xml")
    texts = [b.text for b in section.blocks if hasattr(b, "text")]
    assert any("nicht Personen" in t for t in texts)


def test_tiny_present_en(tiny):
    _, result = tiny
    section = participation.present(result, "en")
    assert section.title == "Participation"
    surveys = _table(section, "tab-participation-surveys")
    assert surveys.rows[0][4] == "60.0%"
    labels = [r[0] for r in _table(section, "tab-participation-groups-part").rows]
    assert labels[-2:] == ["not stated", "Total"]  # group labels come from the codebook (here German in both)
    assert section.key_figures["response_rate_t0"] == "60.0%"
    assert "Mar" in section.figures[0].svg


def test_without_activities(tmp_path):
    inst = instrument("part", waves=["T0"], scales={"s": ["q1", "q2"]})
    write_study(tmp_path / "s", instruments=[inst],
                surveys=[("t0", "part", "T0", _responses([1] * 5 + [5] * 5, [f"p{i}" for i in range(10)]))])
    result = kosieval.analyze(load(tmp_path / "s"), "participation")
    assert result.activities is None and result.panels == ()
    section = participation.present(result, "de")
    assert not section.figures
    assert any("kein Veranstaltungsprotokoll" in b.text for b in section.blocks if hasattr(b, "text"))
    assert not any(n.startswith("Aus Datenschutz") for t in section.tables for n in t.notes)


def test_spec_error_lists_everything(tmp_path):
    inst = instrument("part", waves=["T0"], scales={"s": ["q1", "q2"]})
    write_study(tmp_path / "s", instruments=[inst],
                surveys=[("t0", "part", "T0", _responses([1] * 5 + [5] * 5, [f"p{i}" for i in range(10)]))],
                report={"actor_group": "sector"})
    study = load(tmp_path / "s")
    with pytest.raises(SpecError) as info:
        kosieval.analyze(study, "participation", invited={"nope": 10, "t0": 3})
    message = str(info.value)
    assert "'sector'" in message and "'nope'" in message and "'t0'" in message
