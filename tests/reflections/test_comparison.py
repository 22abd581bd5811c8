"""The comparison of cities: change per city and pooled (fixed factor or random effect), team scales, privacy."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.regression.mixed_linear_model import MixedLM
from statsmodels.stats.multitest import multipletests

import kosieval
from kosieval._resources import example_study_dir
from kosieval.errors import SpecError
from kosieval.reflections import comparison
from kosieval.reflections.registry import REGISTRY, configured_params
from tests.reflections.tiny_study import instrument, load, write_study

# -- tiny cities -----------------------------------------------------------------------------------

# (s1 before, s1 after, s2 before, s2 after) per respondent: s1 planted up in Aheim, down in Bdorf
A = [(1, 3, 2, 2), (2, 3, 3, 4), (2, 4, 1, 2), (3, 3, 4, 4), (1, 2, 2, 3), (2, 5, 3, 3), (3, 4, 2, 4), (1, 1, 5, 4)]
B = [(4, 3, 2, 3), (3, 2, 4, 4), (5, 3, 1, 3), (3, 3, 3, 2), (4, 2, 2, 2), (2, 2, 3, 4)]
C = [(1, 5, 1, 5), (2, 5, 2, 5), (1, 4, 1, 4)]  # 3 pairs: below min_cell_size 5
# lab team: (c1, c2) per member; scale t1 = mean of c1, c2
TEAM_A = [(4, 5), (3, 4), (5, 5), (4, 4), (2, 3), (4, 3)]
TEAM_B = [(2, 2), (3, 2), (1, 2), (3, 3), (2, 4)]
TEAM_C = [(5, 5), (1, 1)]  # 2 members: suppressed


def _city(tmp, name, rows, team=None, *, privacy=None, scales=None):
    """A study with a two-wave participant instrument (s1, s2: one item each) and a one-wave team instrument."""
    participants = instrument("pp", waves=["T0", "T1"], scales={"s1": ["a1"], "s2": ["b1"]})
    lab = instrument("tt", waves=["T1"], scales={"t1": ["c1", "c2"]})
    lab["respondent_group"] = "team"
    ids = [f"{name[:2]}{i}" for i in range(len(rows))]
    t0 = pd.DataFrame({"id": ids, "a1": [r[0] for r in rows], "b1": [r[2] for r in rows]})
    t1 = pd.DataFrame({"id": ids, "a1": [r[1] for r in rows], "b1": [r[3] for r in rows]})
    surveys = [("p0", "pp", "T0", t0), ("p1", "pp", "T1", t1)]
    if team is not None:
        surveys.append(("team", "tt", "T1", pd.DataFrame({"id": [f"t{i}" for i in range(len(team))],
                                                          "c1": [t[0] for t in team], "c2": [t[1] for t in team]})))
    report = {"outcomes": ["s1", "s2"], "reflections": ["comparison"]}
    if scales is not None:
        report["modules"] = {"comparison": {"scales": scales}}
    folder = write_study(tmp / name, instruments=[participants, lab], surveys=surveys, report=report, city=name,
                         privacy=privacy)
    return load(folder)


@pytest.fixture(scope="module")
def cities(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cities")
    return (_city(tmp, "Aheim", A, TEAM_A), _city(tmp, "Bdorf", B, TEAM_B), _city(tmp, "Cstadt", C, TEAM_C))


@pytest.fixture(scope="module")
def tiny_result(cities):
    a, b, c = cities
    return kosieval.analyze(a, "comparison", others=(b, c))


def _diffs(rows, first):
    return np.array([r[first + 1] - r[first] for r in rows], dtype=float)


def _dz(d):
    return d.mean() / d.std(ddof=1)  # numpy: mean(d) / sd(d)


def _team_scores(rows):
    return np.array([(x + y) / 2 for x, y in rows], dtype=float)  # hand: mean of c1 and c2


def test_planted_direction_per_city_and_exact_numbers(tiny_result):
    result = tiny_result
    assert result.city == "Aheim" and result.others == ("Bdorf", "Cstadt") and result.min_size == 5
    s1 = result.outcomes[0]
    by_city = {c.city: c for c in s1.cities}
    # planted: s1 rises in Aheim, falls in Bdorf
    assert by_city["Aheim"].change.mean_diff > 0 > by_city["Bdorf"].change.mean_diff
    raw_city_p, raw_pooled_p = [], []
    for comp, first in zip(result.outcomes, (0, 2)):
        da, db = _diffs(A, first), _diffs(B, first)
        by_city = {c.city: c for c in comp.cities}
        assert by_city["Aheim"].change.d_z == pytest.approx(_dz(da), abs=1e-12)
        assert by_city["Bdorf"].change.mean_diff == pytest.approx(db.mean(), abs=1e-12)
        ci = st.ttest_rel(np.array([r[first + 1] for r in A]), np.array([r[first] for r in A])).confidence_interval()
        assert (by_city["Aheim"].change.ci_low, by_city["Aheim"].change.ci_high) == pytest.approx(tuple(ci))
        assert by_city["Cstadt"].change is None and by_city["Cstadt"].suppressed and by_city["Cstadt"].n_pairs == 3
        # pooled over the 2 shown cities: fixed factor, all pairs together (scipy one-sample t of the differences)
        both = np.concatenate([da, db])
        one = st.ttest_1samp(both, 0.0)
        p = comp.pooled
        assert p.model == "fixed" and p.n == 14 and p.n_cities == 2
        assert p.estimate == pytest.approx(both.mean(), abs=1e-12)
        assert (p.ci_low, p.ci_high) == pytest.approx(tuple(one.confidence_interval()), abs=1e-12)
        assert p.pvalue == pytest.approx(one.pvalue, abs=1e-12) and p.d_z == pytest.approx(_dz(both), abs=1e-12)
        # city test: scipy Welch t-test of the personal changes, Cstadt left out
        welch = st.ttest_ind(da, db, equal_var=False)
        assert comp.test.statistic == pytest.approx(welch.statistic, abs=1e-10)
        assert comp.test.pvalue == pytest.approx(welch.pvalue, abs=1e-10)
        raw_city_p.append(welch.pvalue)
        raw_pooled_p.append(one.pvalue)
    # statsmodels Holm over the 2 outcomes, each family separately
    assert [c.p_adjusted for c in result.outcomes] == pytest.approx(list(multipletests(raw_city_p, method="holm")[1]))
    assert [c.p_pooled_adjusted for c in result.outcomes] == pytest.approx(
        list(multipletests(raw_pooled_p, method="holm")[1]))
    frame = result.to_frame()
    assert set(frame["city"]) == {"Aheim", "Bdorf", "Cstadt", "pooled"}
    assert frame.loc[(frame["city"] == "Cstadt"), "mean_diff"].isna().all()


def test_team_scale_means_per_city_and_pooled(tiny_result):
    (t1,) = tiny_result.team
    assert t1.scale == "t1" and t1.wave == "T1"
    by_city = {c.city: c for c in t1.cities}
    sa, sb = _team_scores(TEAM_A), _team_scores(TEAM_B)
    assert by_city["Aheim"].mean.mean == pytest.approx(sa.mean()) and by_city["Bdorf"].n == 5
    assert by_city["Cstadt"].mean is None and by_city["Cstadt"].suppressed and by_city["Cstadt"].n == 2
    both = np.concatenate([sa, sb])
    assert t1.pooled.estimate == pytest.approx(both.mean()) and t1.pooled.n == 11
    assert (t1.pooled.ci_low, t1.pooled.ci_high) == pytest.approx(tuple(st.ttest_1samp(both, 0).confidence_interval()))
    welch = st.ttest_ind(sa, sb, equal_var=False)  # scipy Welch t-test, Cstadt left out
    assert t1.test.pvalue == pytest.approx(welch.pvalue, abs=1e-10) and t1.p_adjusted == t1.test.pvalue  # one test
    assert tiny_result.team_suppression.suppressed == ("Cstadt",)
    frame = tiny_result.team_frame()
    assert frame.loc[frame["city"] == "pooled", "n"].item() == 11
    # the pooled mean's signed-rank part (scores against 0) means nothing; its warnings are not passed on
    assert any(w.startswith("s1 (Aheim): paired_change") for w in tiny_result.warnings)
    assert not any(w.startswith("t1: paired_change") for w in tiny_result.warnings)


# -- random effect of the city: 5 cities (and one suppressed) -------------------------------------

RANDOM = {
    "R1": [(1, 2), (1, 2), (3, 5), (2, 3), (2, 4), (2, 2), (3, 5)],
    "R2": [(1, 1), (1, 2), (2, 3), (2, 2), (2, 2), (3, 4)],
    "R3": [(1, 1), (3, 3), (3, 3), (1, 1), (1, 1), (1, 2), (2, 4), (3, 4)],
    "R4": [(2, 1), (1, 1), (1, 2), (3, 3), (3, 2), (1, 1)],
    "R5": [(2, 2), (1, 1), (1, 1), (2, 3), (2, 3), (3, 3), (2, 4)],
    "R6": [(1, 5), (1, 5), (1, 5)],  # 3 pairs, +4 each: suppressed; would pull the pooled value up
}


@pytest.fixture(scope="module")
def random_result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("random")
    studies = [_city(tmp, name, [(b, a, b, a) for b, a in rows], scales=[]) for name, rows in RANDOM.items()]
    return kosieval.analyze(studies[0], "comparison", others=tuple(studies[1:]), outcomes=("s1",))


def test_five_cities_random_effect_matches_lme4_without_the_suppressed_city(random_result):
    (comp,) = random_result.outcomes
    assert random_result.team == ()  # scales: [] in study.yaml
    p = comp.pooled
    assert p.model == "random" and p.n_cities == 5 and p.n == 34 and p.df == 4
    assert random_result.suppression.suppressed == ("R6",) and comp.cities[5].change is None
    # lmer(d ~ 1 + (1|city), REML=TRUE) on the 34 differences of R1..R5 (R6 left out):
    # fixef 0.544906869840313, SE 0.227639718932618, VarCorr 0.179848803001967 / 0.534459625227757
    assert p.estimate == pytest.approx(0.544906869840313, rel=1e-7)
    assert p.se == pytest.approx(0.227639718932618, rel=1e-7)
    assert p.between_city_var == pytest.approx(0.179848803001967, rel=1e-5)
    assert p.within_city_var == pytest.approx(0.534459625227757, rel=1e-6)
    # est -/+ qt(.975, 4) * se; 2 * pt(-abs(est/se), 4)
    assert (p.ci_low, p.ci_high) == pytest.approx((-0.0871223135387561, 1.1769360532193827), rel=1e-6)
    assert p.pvalue == pytest.approx(0.0748643485374630, rel=1e-6)
    # statsmodels MixedLM directly (independent of kosieval's optimiser choice)
    d = np.concatenate([[a - b for b, a in RANDOM[c]] for c in ("R1", "R2", "R3", "R4", "R5")]).astype(float)
    groups = np.repeat(np.arange(5), [len(RANDOM[c]) for c in ("R1", "R2", "R3", "R4", "R5")])
    fit = MixedLM(d, np.ones((d.size, 1)), groups=groups).fit(reml=True)
    assert p.estimate == pytest.approx(float(fit.fe_params[0]), abs=1e-5)
    # oneway.test(d ~ city): p = 0.0755789356950479
    assert comp.test.pvalue == pytest.approx(0.0755789356950479, rel=1e-9)
    # the suppressed city is absent from the pooled value: with it the estimate would be larger
    with_r6 = np.concatenate([d, [4.0, 4.0, 4.0]])
    assert with_r6.mean() > d.mean() and p.n == d.size


def test_random_effect_present_names_the_model(random_result):
    section = comparison.present(random_result, "de")
    assert "Zufallseffekt" in section.blocks[0].text and "Zahl der Städte minus 1" in section.blocks[0].text
    table = next(t for t in section.tables if t.id == "tab-comparison-cities")
    assert any("df = Zahl der Städte − 1" in n for n in table.notes)
    assert table.rows[-1][1:4] == ("Alle Städte (gepoolt)", "34", "0,54")
    assert all("R6" not in cell for row in table.rows for cell in row)
    sentence = next(b.text for b in section.blocks if getattr(b, "text", "").startswith("Skala s1, gepoolt"))
    assert "Stadt als Zufallseffekt" in sentence and "t(4)\u00a0=\u00a02,39" in sentence
    assert "Streuung zwischen den Städten τ\u00a0=\u00a00,42" in sentence
    assert section.key_figures["between_city_sd_s1"] == "0,42"  # sqrt(0.179848803001967) = 0.424
    en = comparison.present(random_result, "en")
    assert "random effect" in en.blocks[0].text and en.key_figures["pooled_s1"] == "0.54"


# -- the example study and a copy under another name ----------------------------------------------


@pytest.fixture(scope="module")
def example_result(example_study, tmp_path_factory):
    folder = tmp_path_factory.mktemp("example") / "beispielstadt"
    shutil.copytree(example_study_dir(), folder)
    path = folder / "study.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  id: musterstadt\n", "  id: beispielstadt\n", 1).replace(
        "  city: Musterstadt\n", "  city: Beispielstadt\n", 1)
    path.write_text(text, encoding="utf-8")
    return kosieval.analyze(example_study, "comparison", others=(kosieval.load_study(folder),))


def test_example_planted_changes_in_every_city(example_result, planted):
    result = example_result
    assert result.cities == ("Musterstadt", "Beispielstadt")
    outcomes = {c.scale: c for c in result.outcomes}
    assert len(outcomes) == 6 and [c.scale for c in result.team] == [
        "partnership_synergy", "psychological_safety", "shared_decision_making", "satisfaction"]
    for scale in ("self_efficacy", "sense_of_community", "political_efficacy_internal"):
        value = planted["change"][scale]["planted_d_z"]
        for city in outcomes[scale].shown:
            assert city.n_pairs == 100 and city.change.mean_diff > 0
            assert city.change.d_z_ci_low < value < city.change.d_z_ci_high
        p = outcomes[scale].pooled
        assert p.model == "fixed" and p.n == 200 and p.d_z_ci_low < value < p.d_z_ci_high
    # identical data in both cities: Welch F = 0, p = 1; the team scales' means agree
    assert outcomes["self_efficacy"].test.pvalue == pytest.approx(1.0)
    syn = result.team[0]
    assert [c.n for c in syn.cities] == [41, 41] and syn.shown[0].mean.mean == syn.shown[1].mean.mean


def test_example_present_both_locales(example_result):
    de = comparison.present(example_result, "de")
    en = comparison.present(example_result, "en")
    assert de.id == "comparison" and de.title == "Vergleich der Städte" and en.title == "Comparison of cities"
    for section in (de, en):
        assert [t.id for t in section.tables] == ["tab-comparison-cities", "tab-comparison-team"]
        ids = [f.id for f in section.figures]
        assert ids == ["fig-comparison-cities-1", "fig-comparison-cities-2", "fig-comparison-cities-3"]
        for figure in section.figures:
            assert figure.alt and "Musterstadt" in figure.svg and "Beispielstadt" in figure.alt
        assert 1 <= len(section.summary) <= 3 and 1 <= len(section.highlights) <= 3
        assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", name) for name in section.key_figures)
    table = de.tables[0]
    assert table.columns == ("Skala", "Stadt", "n", "Diff.", "95\u00a0%-\u2060KI", "d_z")
    se = [r for r in table.rows if r[0] == "Allgemeine Selbstwirksamkeit"]
    assert [r[1] for r in se] == ["Musterstadt", "Beispielstadt", "Alle Städte (gepoolt)"]
    assert se[0][2] == "100" and se[0][5] == "0,40" and se[2][2] == "200"
    assert "fester Faktor" in " ".join(table.notes) and "Holm-korrigiert über 6 Skalen" in " ".join(table.notes)
    assert "fixed factor" in " ".join(en.tables[0].notes)
    assert de.highlights[0].name == "pooled_self_efficacy" and de.key_figures["n_cities"] == "2"
    assert en.figures[0].caption == "Mean change per city and pooled with 95%\u00a0CI, response scale 1–4"


# -- present: privacy, formats ----------------------------------------------------------------------


def test_present_suppresses_the_small_city_everywhere_but_the_footnote(tiny_result):
    for locale in ("de", "en"):
        section = comparison.present(tiny_result, locale)
        for table in section.tables:
            assert all("Cstadt" not in cell for row in table.rows for cell in row)
            assert any("Cstadt" in note for note in table.notes)
        (figure,) = section.figures
        assert figure.id == "fig-comparison-cities" and figure.alt
        assert "Cstadt" not in figure.svg + figure.alt + figure.caption
        assert "Aheim" in figure.svg and "Bdorf" in figure.alt
        assert all("Cstadt" not in s for s in section.summary)
        assert all("Cstadt" not in f.context + f.label for f in section.highlights)
    de = comparison.present(tiny_result, "de")
    changes, team = de.tables
    assert "weniger als 5 Paare): Cstadt" in " ".join(changes.notes)
    assert "weniger als 5 Personen): Cstadt" in " ".join(team.notes)
    assert "Welch-Tests Holm-korrigiert über 1 Skala." in " ".join(team.notes)
    assert "nicht enthalten" in " ".join(changes.notes)
    d = _diffs(A, 0)
    assert changes.rows[0] == ("Skala s1", "Aheim", "8", f"{d.mean():.2f}".replace(".", ","),
                               changes.rows[0][4], f"{_dz(d):.2f}".replace(".", ","))
    assert changes.rows[1][3].startswith("−")  # Bdorf falls: German minus sign
    assert team.rows[0] == ("Skala t1", "Aheim", "6", f"{_team_scores(TEAM_A).mean():.2f}".replace(".", ","),
                            team.rows[0][4])
    assert changes.rows[0][4].startswith("[") and ";\u00a0" in changes.rows[0][4]  # German CI "[0,38; 2,12]"
    assert comparison.present(tiny_result, "de").figures[0].svg == de.figures[0].svg  # same data, same bytes


def test_city_without_a_second_wave_counts_as_no_data(tmp_path, cities):
    a, b, _ = cities
    participants = instrument("pp", waves=["T0", "T1"], scales={"s1": ["a1"], "s2": ["b1"]})
    t0 = pd.DataFrame({"id": [f"n{i}" for i in range(6)], "a1": [1, 2, 3, 2, 1, 2], "b1": [2, 2, 3, 4, 1, 5]})
    new = load(write_study(tmp_path / "neu", instruments=[participants], surveys=[("p0", "pp", "T0", t0)],
                           report={"outcomes": ["s1", "s2"]}, city="Neustadt"))
    result = comparison.analyze(new, others=(a, b), scales=())
    assert result.cities == ("Neustadt", "Aheim", "Bdorf") and result.suppression.suppressed == ()
    s1 = result.outcomes[0]
    assert s1.cities[0].n_pairs == 0 and s1.cities[0].change is None and not s1.cities[0].suppressed
    assert s1.pooled.n_cities == 2 and s1.pooled.n == 14  # Aheim and Bdorf
    notes = " ".join(comparison.present(result, "de").tables[0].notes)
    assert "Ohne Daten (Skala fehlt oder zu wenige Wellen): Neustadt (Skala s1); Neustadt (Skala s2)." in notes
    assert comparison.city_names(a, (a, b)) == ["Aheim (aheim)", "Aheim (aheim) 2", "Bdorf"]


# -- requirements and registry ----------------------------------------------------------------------


def test_spec_error_lists_everything_missing(cities):
    a, _, _ = cities
    with pytest.raises(SpecError) as info:
        comparison.analyze(a, outcomes=("nope",), scales=("gone",))
    missing = info.value.missing
    assert len(missing) == 3
    assert "weitere Stadt" in missing[0] and "other city" in missing[0]
    assert "'nope'" in missing[1] and "'gone'" in missing[2]
    with pytest.raises(SpecError) as info:  # through the registry, without other cities
        kosieval.analyze(a, "comparison")
    assert info.value.module == "comparison" and len(info.value.missing) == 1


def test_registry_and_params(cities):
    a, b, _ = cities
    assert REGISTRY["comparison"] is comparison and comparison.SPEC.placement == "chapter"
    assert set(comparison.SPEC.params) == {"outcomes", "scales", "level", "p_adjust"}
    assert configured_params(a, "comparison") == {}
    result = kosieval.analyze(a, "comparison", others=(b,), p_adjust="none", level=0.9, scales=())
    assert result.team == () and result.level == 0.9
    assert [c.p_adjusted for c in result.outcomes] == [c.test.pvalue for c in result.outcomes]


def test_strictest_min_cell_size_of_the_studies_applies(tmp_path, cities):
    a, _, _ = cities
    strict = _city(tmp_path, "Bdorf", B, TEAM_B, privacy={"min_cell_size": 7})
    result = comparison.analyze(a, others=(strict,))
    assert result.min_size == 7 and result.suppression.suppressed == ("Bdorf",)
    assert all(c.pooled is None for c in result.outcomes)  # only Aheim left: nothing to pool
    de = comparison.present(result, "de")
    assert de.summary == ("Ein Städtevergleich (2 Städte) war mangels ausreichender Daten nicht möglich.",)
