"""The transfer chapter: checklist evidence, phases and resources, city comparison, checklist errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.stats.multitest import multipletests

import kosieval
from kosieval.errors import ConfigError
from kosieval.model.activities import ACTOR_GROUPS
from kosieval.reflections import transfer
from kosieval.reflections.checklist import default_checklist_path, load_checklist
from kosieval.stats import code_frequencies, diversity
from tests.reflections.tiny_study import instrument, load, write_study


@pytest.fixture(scope="module")
def example_result(example_study):
    return kosieval.analyze(example_study, "transfer")


def _evidence(result, kind, target):
    return next(e for i in result.items for e in i.evidence if e.kind == kind and e.target == target)


# -- the example study ------------------------------------------------------------------------------


def test_example_activities_and_phases(example_study, example_result):
    a = example_result.activities
    events = example_study.activities.events
    assert a.events == 20 and a.attendances == 585
    # all 20 events lie in the test phase 2026-03-01 .. 2026-09-30
    assert example_result.test_phase == (dt.date(2026, 3, 1), dt.date(2026, 9, 30))
    assert a.by_period[["before", "test_phase", "after"]].sum().tolist() == [0, 20, 0]
    formats = dict(zip(a.by_format["format"], a.by_format["events"]))
    assert formats == {"Lab-Sitzung": 9, "Workshop": 6, "Stadtteilspaziergang": 3,
                       "Auftaktveranstaltung": 1, "Ergebnispräsentation": 1}
    hours = events["duration_h"].to_numpy(dtype=float)
    total = events["total"].to_numpy(dtype=float)
    assert a.hours == pytest.approx(hours.sum())                   # numpy: sum(duration)
    assert a.person_hours == pytest.approx((hours * total).sum())  # numpy: sum(duration * attendances)
    # events per month: 20 / (214 days / 30.4375)
    assert a.events_per_month == pytest.approx(20 / (214 / (365.25 / 12)))


def test_example_evidence_equals_the_stats(example_study, example_result, planted):
    # scale with two waves: the change module's d_z; the planted value lies inside its CI
    change = {r.scale: r.change for r in kosieval.analyze(example_study, "change").rows}
    se = _evidence(example_result, "scale", "self_efficacy")
    assert se.measure == "change" and se.n == change["self_efficacy"].n_pairs == 100
    assert se.value == pytest.approx(change["self_efficacy"].d_z, abs=1e-12)
    assert se.ci_low < planted["change"]["self_efficacy"]["planted_d_z"] < se.ci_high
    # one-wave scale: the mean with CI of the team survey
    syn = _evidence(example_result, "scale", "partnership_synergy")
    assert syn.measure == "mean" and syn.n == 41
    # code: documents with the code among all 14 interviews (stats.code_frequencies)
    corpus = example_study.interviews
    freq = code_frequencies(corpus.segments, documents=corpus.documents).table.set_index("code")
    code_id = corpus.codes.loc[corpus.codes["name"] == "Personal", "id"].iloc[0]
    personal = _evidence(example_result, "code", "Personal")
    assert (personal.count, personal.n) == (int(freq.loc[code_id, "documents"]), 14)
    # activities: Blau index and shares of the attendances by actor group
    events = example_study.activities.events
    sums = {g: int(events[g].fillna(0).sum()) for g in ACTOR_GROUPS}
    blau = diversity(np.repeat(list(sums), list(sums.values())), categories=ACTOR_GROUPS).blau
    p = np.array(list(sums.values())) / 585
    assert _evidence(example_result, "activity", "diversity").value == pytest.approx(blau)
    assert blau == pytest.approx(1 - (p ** 2).sum())  # hand: 1 - sum p^2
    share = _evidence(example_result, "group_share", "Zivilgesellschaft")
    assert (share.count, share.n) == (sums["Zivilgesellschaft"], 585)
    assert share.value == pytest.approx(sums["Zivilgesellschaft"] / 585)
    assert _evidence(example_result, "activity", "person_hours").value == pytest.approx(
        example_result.activities.person_hours)


def test_example_present(example_result):
    de = transfer.present(example_result, "de")
    en = transfer.present(example_result, "en")
    ids = [t.id for t in de.tables]
    assert ids == ["tab-transfer-phases", "tab-transfer-activities", "tab-transfer-organisation",
                   "tab-transfer-resources", "tab-transfer-team", "tab-transfer-checklist"]
    assert [h.text for h in de.blocks if type(h).__name__ == "Heading"] == [
        "Phasenmodell", "Organisationsformen", "Ressourcenbedarf", "Checkliste für den Transfer", "Städtevergleich"]
    checklist = next(t for t in de.tables if t.id == "tab-transfer-checklist")
    assert checklist.columns == ("Phase", "Punkt", "Evidenz")
    assert len(checklist.rows) == len(load_checklist().items)
    wirkung = next(r for r in checklist.rows if "Selbstwirksamkeit" in r[2])
    assert "d_z\u00a0=\u00a00,40 [0,20;\u00a00,60]" in wirkung[2]
    resources = next(t for t in de.tables if t.id == "tab-transfer-resources")
    assert resources.rows[-1] == ("Gesamt", "20", "46,0", "585", "1.447,5")
    assert de.key_figures["events"] == "20" and en.key_figures["person_hours"] == "1,447.5"
    # the team's coordination role (3 persons) is suppressed: only in the footnote
    team = next(t for t in de.tables if t.id == "tab-transfer-team")
    assert [r[0] for r in team.rows] == ["Teammitglied", "beratend"]
    assert "Koordination" in team.notes[0] and "weniger als 5" in team.notes[0]
    assert all("Koordination" not in cell for row in team.rows for cell in row)
    assert any("keine Vergleichsstädte" in getattr(b, "text", "") for b in de.blocks)
    assert any("No comparison cities" in getattr(b, "text", "") for b in en.blocks)
    assert not de.figures
    assert 1 <= len(de.summary) <= 3 and de.highlights


# -- city comparison on tiny studies ---------------------------------------------------------------


def _city(tmp, name, before_after, *, outcomes=("s1", "s2")):
    """A study whose respondents' items equal the given scores (one item per scale)."""
    inst = instrument("pp", waves=["T0", "T1"], scales={"s1": ["a1"], "s2": ["b1"]})
    t0 = pd.DataFrame({"id": [f"{name[:2]}{i}" for i in range(len(before_after))],
                       "a1": [b for b, _, _, _ in before_after], "b1": [b for _, _, b, _ in before_after]})
    t1 = pd.DataFrame({"id": t0["id"], "a1": [a for _, a, _, _ in before_after],
                       "b1": [a for _, _, _, a in before_after]})
    folder = write_study(tmp / name, instruments=[inst], surveys=[("p0", "pp", "T0", t0), ("p1", "pp", "T1", t1)],
                         report={"outcomes": list(outcomes), "reflections": ["transfer"]}, city=name)
    return load(folder)


A = [(1, 3, 2, 2), (2, 3, 3, 4), (2, 4, 1, 2), (3, 3, 4, 4), (1, 2, 2, 3), (2, 5, 3, 3), (3, 4, 2, 4), (1, 1, 5, 4)]
B = [(3, 3, 2, 3), (2, 2, 4, 4), (4, 3, 1, 3), (3, 4, 3, 2), (2, 3, 2, 2), (5, 4, 3, 4)]
C = [(1, 5, 1, 5), (2, 5, 2, 5), (1, 4, 1, 4)]  # 3 pairs: below min_cell_size 5


@pytest.fixture(scope="module")
def cities(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cities")
    return _city(tmp, "Aheim", A), _city(tmp, "Bdorf", B), _city(tmp, "Cstadt", C)


def _diffs(rows, first):
    return np.array([r[first + 1] - r[first] for r in rows], dtype=float)


def _dz(d):
    return d.mean() / d.std(ddof=1)  # numpy: mean(d) / sd(d)


def test_city_comparison_exact(cities):
    a, b, c = cities
    result = kosieval.analyze(a, "transfer", others=(b, c))
    assert result.city == "Aheim" and result.others == ("Bdorf", "Cstadt")
    raw_p = []
    for comp, first in zip(result.comparisons, (0, 2)):
        da, db = _diffs(A, first), _diffs(B, first)
        by_city = {x.city: x for x in comp.cities}
        assert by_city["Aheim"].change.d_z == pytest.approx(_dz(da), abs=1e-12)
        assert by_city["Bdorf"].change.d_z == pytest.approx(_dz(db), abs=1e-12)
        assert by_city["Cstadt"].change is None and by_city["Cstadt"].suppressed
        assert comp.pooled.d_z == pytest.approx(_dz(np.concatenate([da, db])), abs=1e-12)
        welch = st.ttest_ind(da, db, equal_var=False)  # scipy Welch t-test of the personal changes
        assert comp.test.statistic == pytest.approx(welch.statistic, abs=1e-10)
        assert comp.test.pvalue == pytest.approx(welch.pvalue, abs=1e-10)
        mwu = st.mannwhitneyu(da, db, alternative="two-sided", method="asymptotic", use_continuity=True)
        assert comp.test.p_rank == pytest.approx(mwu.pvalue, abs=1e-10)
        raw_p.append(welch.pvalue)
    holm = multipletests(raw_p, method="holm")[1]  # statsmodels Holm over the 2 outcomes
    assert [c.p_adjusted for c in result.comparisons] == pytest.approx(list(holm), abs=1e-12)
    frame = result.comparison_frame()
    assert set(frame["city"]) == {"Aheim", "Bdorf", "Cstadt", "pooled"}


def test_city_comparison_present_suppresses_small_city(cities):
    a, b, c = cities
    result = kosieval.analyze(a, "transfer", others=(b, c))
    for locale in ("de", "en"):
        section = transfer.present(result, locale)
        table = next(t for t in section.tables if t.id == "tab-transfer-cities")
        assert all("Cstadt" not in cell for row in table.rows for cell in row)
        assert any("Cstadt" in note for note in table.notes)
        assert any("fester Faktor" in n or "fixed factor" in n for n in table.notes)
        (figure,) = section.figures
        assert figure.id == "fig-transfer-cities" and figure.alt and "Cstadt" not in figure.svg + figure.alt
        assert "Aheim" in figure.svg and "Bdorf" in figure.svg
        assert all("Cstadt" not in s for s in section.summary)
    de = transfer.present(result, "de")
    table = next(t for t in de.tables if t.id == "tab-transfer-cities")
    d_z = _dz(_diffs(A, 0))
    assert table.rows[0][:3] == ("Skala s1", "Aheim", "8")
    assert table.rows[0][5] == f"{d_z:.2f}".replace(".", ",").replace("-", "−")  # d_z after Diff. and its CI
    assert table.rows[2][1] == "Alle Städte (gepoolt)"


def test_evidence_without_data_never_fails(cities):
    a, _, _ = cities
    result = kosieval.analyze(a, "transfer")
    assert result.activities is None and result.team_roles is None and not result.comparisons
    frame = result.to_frame()
    assert (frame["measure"] == "none").all()  # no interviews, no activity log, no shipped scales
    de = transfer.present(result, "de")
    checklist = next(t for t in de.tables if t.id == "tab-transfer-checklist")
    assert "Personal: keine Daten" in checklist.rows[0][2]
    assert "no data" in next(t for t in transfer.present(result, "en").tables
                             if t.id == "tab-transfer-checklist").rows[0][2]


# -- the checklist file -----------------------------------------------------------------------------


def test_shipped_checklist_is_valid_and_refers_to_the_instruments(example_study):
    checklist = load_checklist(default_checklist_path())
    assert {p.when for p in checklist.phases} == {"before", "test_phase", "after"}
    assert len(checklist.organisation_options) >= 4 and 8 <= len(checklist.items) <= 14
    scales = {s.id for c in example_study.codebooks.values() for s in c.scales}
    codes = set(example_study.interviews.codes["name"])
    for item in checklist.items:
        for e in item.evidence:
            if e.kind == "scale":
                assert e.target in scales, e.target
            if e.kind == "code":
                assert e.target in codes, e.target


def test_broken_checklist_names_file_and_key(tmp_path, cities):
    a, _, _ = cities
    bad = tmp_path / "checkliste.yaml"
    text = default_checklist_path().read_text(encoding="utf-8").replace("activity: hours", "activity: coffee", 1)
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_checklist(bad)
    assert info.value.path == bad and info.value.key == "items.5.evidence.1.activity"
    assert "erlaubt / allowed" in str(info.value)
    # through the study: report.checklist names the file (relative to the study folder)
    folder = a.folder
    inst = instrument("pp", waves=["T0"], scales={"s1": ["a1"]})
    study_dir = write_study(tmp_path / "s", instruments=[inst],
                            surveys=[("p0", "pp", "T0", pd.DataFrame({"id": ["x", "y"], "a1": [1, 2]}))],
                            report={"checklist": "checkliste.yaml"})
    (study_dir / "checkliste.yaml").write_text("phases: []\nitems: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        kosieval.analyze(load(study_dir), "transfer")
    assert info.value.path == study_dir / "checkliste.yaml" and info.value.key == "phases"
    (study_dir / "checkliste.yaml").unlink()
    with pytest.raises(ConfigError) as info:
        kosieval.analyze(load(study_dir), "transfer")
    assert info.value.key == "report.checklist" and "study.yaml" in str(info.value.path)
    assert folder.exists()
