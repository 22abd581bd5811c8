"""Reflection module ``collaboration``: scale scores by actor group and group comparisons."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import special, stats
from statsmodels.stats.multitest import multipletests

import kosieval
from kosieval.errors import SpecError
from kosieval.reflections import collaboration
from kosieval.reflections.registry import REGISTRY
from tests.reflections.tiny_study import instrument, load, write_study


def visible(text: str) -> str:
    return text.replace("\u2060", "").replace("\u00a0", " ")


def section_text(section) -> str:
    """Every string a reader sees: paragraphs, headings, tables (rows, captions), figures (caption, alt, svg)."""
    parts = [section.title, *section.summary, *section.key_figures.values()]
    for block in section.blocks:
        for attr in ("text", "caption", "alt", "svg"):
            parts.append(str(getattr(block, attr, "")))
        for row in getattr(block, "rows", ()):
            parts.extend(row)
    parts += [f"{h.label} {h.value} {h.context}" for h in section.highlights]
    return visible("\n".join(parts))


# -- the example study ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_result(example_study):
    return kosieval.analyze(example_study, "collaboration")


@pytest.fixture(scope="module")
def example_sections(example_result):
    return {loc: collaboration.present(example_result, loc) for loc in ("de", "en")}


def test_registered():
    assert REGISTRY["collaboration"] is collaboration
    assert collaboration.SPEC.placement == "chapter"


def test_example_default_scales_are_the_team_scales(example_result):
    assert [r.scale for r in example_result.rows] == [
        "partnership_synergy", "psychological_safety", "shared_decision_making", "satisfaction"]
    assert all(r.wave == "T1" and r.instrument == "team" for r in example_result.rows)
    assert example_result.p_adjust == "holm" and example_result.min_size == 5


def test_example_planted_partnership_synergy(example_result, planted):
    syn = planted["team"]["partnership_synergy"]
    row = next(r for r in example_result.rows if r.scale == "partnership_synergy")
    groups = {g.label.de: g.result for g in row.groups}
    assert groups["Verwaltung"].n == syn["n_verwaltung"] == 9
    assert groups["Zivilgesellschaft"].n == syn["n_zivilgesellschaft"] == 11
    assert groups["Verwaltung"].mean == pytest.approx(syn["mean_verwaltung"], abs=0.005)
    assert groups["Zivilgesellschaft"].mean == pytest.approx(syn["mean_zivilgesellschaft"], abs=0.005)
    pair = next(p for p in example_result.pairs if p.scale == "partnership_synergy"
                and p.group.de == "Zivilgesellschaft" and p.reference.de == "Verwaltung")
    g = pair.result
    assert g.mean_diff > 0 and g.effect_size > 0  # Zivilgesellschaft higher, as planted
    assert g.effect_ci_low < syn["realised_d"] < g.effect_ci_high  # realised Cohen's d 0.797
    assert g.effect_size == pytest.approx(syn["realised_d"], abs=0.06)  # g = J d, J ~ 0.96 for df 18


def test_example_politik_suppressed_everywhere(example_result):
    for row in example_result.rows:
        assert [t.de for t in row.suppressed] == ["Politik"]
        assert "Politik" not in [g.label.de for g in row.groups]
        assert row.omnibus.n_groups == 4 and row.omnibus.n == sum(g.result.n for g in row.groups)
    assert all("Politik" not in (p.group.de, p.reference.de) for p in example_result.pairs)
    assert len(example_result.pairs) == 4 * 6
    assert "Politik" not in set(example_result.to_frame()["group"])


def test_example_present_german(example_sections):
    de = example_sections["de"]
    assert de.id == "collaboration" and de.title == "Zusammenarbeit auf Augenhöhe"
    assert [t.id for t in de.tables] == ["tab-collaboration-means", "tab-collaboration-tests",
                                         "tab-collaboration-pairs"]
    ids = [f.id for f in de.figures]
    assert ids[0] == "fig-collaboration-means-1" and len(ids) == len(set(ids)) == 5
    assert "fig-collaboration-items-psychological-safety" in ids
    means = de.tables[0]
    row = next(r for r in means.rows if r[:2] == ("Partnerschaftssynergie", "Verwaltung"))
    assert row[2:4] == ("9", "3,02")
    pairs = de.tables[2]
    zv = next(r for r in pairs.rows if r[:2] == ("Partnerschaftssynergie", "Zivilgesellschaft − Verwaltung"))
    assert zv[2] == "0,56" and zv[3] == "0,76"
    assert all(n for t in de.tables for n in t.notes)
    for table in de.tables:
        assert any("Aus Datenschutzgründen nicht ausgewiesen (weniger als 5 Personen): Politik." in n
                   for n in table.notes)
        assert "Holm" in " ".join(table.notes) or table.id == "tab-collaboration-means"
    assert "über alle 24 paarweisen Tests" in " ".join(pairs.notes)
    for figure in de.figures:
        assert figure.alt.strip() and figure.svg.startswith("<?xml")
    assert "3,02" in de.figures[0].alt
    assert "(invers)" in visible(de.figures[2].alt) and "(invers)" in de.figures[2].svg
    assert "*" not in "".join(c for t in de.tables for r in t.rows for c in r)  # no significance stars


def test_example_politik_only_in_footnotes(example_sections):
    for locale, name in (("de", "Politik"), ("en", "Politics")):
        text = section_text(example_sections[locale])
        assert name not in text, locale
        notes = " ".join(n for t in example_sections[locale].tables for n in t.notes)
        assert name in notes


def test_example_no_free_text(example_study, example_sections):
    comments = example_study.surveys["team_t1"].responses["comment"].dropna()
    text = section_text(example_sections["de"]) + section_text(example_sections["en"])
    assert len(comments) > 0
    for comment in comments:
        assert str(comment) not in text


def test_example_present_english_and_key_figures(example_sections):
    en = example_sections["en"]
    assert en.title == "Collaboration on an equal footing"
    text = section_text(en)
    assert "Civil society − Administration" in text and "0.56" in text
    assert "(reversed)" in text
    de = example_sections["de"]
    assert set(de.key_figures) == set(en.key_figures)
    assert all(k.isidentifier() and k == k.lower() for k in de.key_figures)
    assert de.key_figures["mean_partnership_synergy_verwaltung"] == "3,02"
    assert de.key_figures["g_partnership_synergy_zivilgesellschaft_verwaltung"] == "0,76"
    # the largest of 24 pairwise g is a key figure, but not offered for the summary (it does not
    # survive the correction); the summary gets the highest and lowest scale mean instead
    assert [h.name for h in de.highlights] == ["mean_psychological_safety", "mean_shared_decision_making"]
    assert "g_largest" in de.key_figures
    assert de.highlights[0].value == de.key_figures["mean_psychological_safety"] == "3,73"
    assert 1 <= len(de.summary) <= 3


def test_spec_lists_everything_missing(example_study):
    with pytest.raises(SpecError) as info:
        kosieval.analyze(example_study, "collaboration", scales=("no_such_scale", "partnership_synergy",
                                                                    "other_missing"), group="no_attribute")
    message = str(info.value)
    assert "no_such_scale" in message and "other_missing" in message
    assert "no_attribute" in message and "'team'" in message
    assert len(info.value.missing) == 3


# -- a tiny study with exact numbers --------------------------------------------------------------

# Groups: 1 Verwaltung, 2 Politik (2 persons: suppressed at min_cell_size 3), 3 Wirtschaft, 5 Zivilgesellschaft,
# one person without a group. a3 is reverse-keyed (6 - x). -9 = missing.
ROWS = [
    # id, group, a1, a2, a3, b1, b2
    ("p01", 1, 2, 3, 4, 3, 2), ("p02", 1, 3, 3, 3, 2, 2), ("p03", 1, 2, 2, 5, 4, 3), ("p04", 1, 4, 3, 2, 3, 3),
    ("p05", 3, 4, 4, 2, 5, 4), ("p06", 3, 3, 5, 1, 4, 4), ("p07", 3, 5, 4, 2, 3, 5), ("p08", 3, 4, -9, 3, 4, 4),
    ("p09", 5, 5, 5, 1, 2, 3), ("p10", 5, 4, 5, 2, 3, 2), ("p11", 5, 5, 4, 1, 2, 2), ("p12", 5, 3, 4, 2, 4, 3),
    ("p13", 5, 4, 4, 3, 3, 1),
    ("p14", 2, 1, 1, 5, 1, 1), ("p15", 2, 2, 1, 4, 5, 5),
    ("p16", None, 3, 3, 3, 3, 3),
]
NAMES = {1: "Verwaltung", 3: "Wirtschaft", 5: "Zivilgesellschaft"}


def _frame() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["id", "actor_group", "a1", "a2", "a3", "b1", "b2"])
    frame["actor_group"] = frame["actor_group"].astype("Int64")
    return frame


def _hand_scores() -> dict[str, dict[int, np.ndarray]]:
    """Scale scores by hand: mean of the valid items, a3 turned as 6 - a3."""
    frame = _frame().replace(-9, np.nan)
    s1 = pd.concat([frame["a1"], frame["a2"], 6 - frame["a3"]], axis=1).mean(axis=1)
    s2 = frame[["b1", "b2"]].mean(axis=1)
    out = {}
    for name, scores in (("s1", s1), ("s2", s2)):
        out[name] = {g: scores[frame["actor_group"] == g].to_numpy(dtype=float) for g in NAMES}
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("collab")
    inst = instrument("team", waves=["T1"], scales={"s1": ["a1", "a2", "a3"], "s2": ["b1", "b2"]},
                      reverse={"s1": ["a3"]},
                      extra_items=[{"id": "comment", "type": "text", "text": {"de": "Kommentar", "en": "Comment"}}])
    frame = _frame()
    frame["comment"] = ["Geheimer Freitext Nummer " + str(i) for i in range(len(frame))]
    write_study(folder, instruments=[inst], surveys=[("team_t1", "team", "T1", frame)],
                privacy={"min_cell_size": 3})
    study = load(folder)
    return study, collaboration.analyze(study)


def test_tiny_groups_and_suppression(tiny):
    _, result = tiny
    row = result.rows[0]
    assert [g.label.de for g in row.groups] == ["Verwaltung", "Wirtschaft", "Zivilgesellschaft"]
    assert [t.de for t in row.suppressed] == ["Politik"]
    assert row.n_no_group == 1
    assert row.omnibus.n == 13 and row.total.n == 13


def test_tiny_means_and_ci_exact(tiny):
    _, result = tiny
    hand = _hand_scores()
    for row in result.rows:
        for g in row.groups:
            x = hand[row.scale][g.code]
            # scipy.stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
            low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
            assert g.result.n == len(x)
            assert g.result.mean == pytest.approx(x.mean(), abs=1e-12)
            assert g.result.sd == pytest.approx(x.std(ddof=1), abs=1e-12)
            assert (g.result.ci_low, g.result.ci_high) == pytest.approx((low, high), abs=1e-12)
    # by hand: Verwaltung s1 = mean(7/3, 9/3, 5/3, 11/3) = 32/12
    assert result.rows[0].groups[0].result.mean == pytest.approx(32 / 12, abs=1e-12)


def test_tiny_welch_anova_matches_pingouin(tiny):
    _, result = tiny
    hand = _hand_scores()
    for row in result.rows:
        data = pd.DataFrame([(g, v) for g, values in hand[row.scale].items() for v in values], columns=["g", "y"])
        reference = pg.welch_anova(data=data, dv="y", between="g")  # pingouin.welch_anova(data, dv, between)
        assert row.omnibus.test == "Welch one-way ANOVA"
        assert row.omnibus.statistic == pytest.approx(reference["F"].iloc[0], rel=1e-9)
        assert row.omnibus.df == pytest.approx(reference["ddof2"].iloc[0], rel=1e-9)
        assert row.omnibus.pvalue == pytest.approx(reference["p_unc"].iloc[0], rel=1e-7)


def test_tiny_pairs_match_scipy_pingouin_and_holm(tiny):
    _, result = tiny
    hand = _hand_scores()
    assert len(result.pairs) == 6
    raw = []
    for pair in result.pairs:
        codes = {v: k for k, v in NAMES.items()}
        x, y = hand[pair.scale][codes[pair.group.de]], hand[pair.scale][codes[pair.reference.de]]
        assert codes[pair.group.de] > codes[pair.reference.de]  # later group minus earlier group
        welch = stats.ttest_ind(x, y, equal_var=False)  # scipy.stats.ttest_ind(x, y, equal_var=False)
        assert pair.result.statistic == pytest.approx(welch.statistic, rel=1e-10)
        assert pair.result.pvalue == pytest.approx(welch.pvalue, rel=1e-9)
        assert pair.result.mean_diff == pytest.approx(x.mean() - y.mean(), abs=1e-12)
        # Hedges' g with the exact J: pingouin's Cohen's d (pooled SD) times J(df) = G(df/2)/(sqrt(df/2) G((df-1)/2))
        df = len(x) + len(y) - 2
        j = math.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / math.sqrt(df / 2)
        d = pg.compute_effsize(x, y, eftype="cohen")  # pingouin.compute_effsize(x, y, eftype="cohen")
        assert pair.result.effect_size == pytest.approx(j * d, rel=1e-10)
        # pingouin's own Hedges' g uses the approximation J ~ 1 - 3/(4 df - 1): close, not equal
        assert pair.result.effect_size == pytest.approx(pg.compute_effsize(x, y, eftype="hedges"), abs=0.02)
        raw.append(welch.pvalue)
    holm = multipletests(raw, method="holm")[1]  # statsmodels multipletests(p, method="holm")
    assert [p.p_adjusted for p in result.pairs] == pytest.approx(list(holm), rel=1e-9)
    omnibus_holm = multipletests([r.omnibus.pvalue for r in result.rows], method="holm")[1]
    assert [r.p_adjusted for r in result.rows] == pytest.approx(list(omnibus_holm), rel=1e-12)


def test_tiny_item_counts_missing_excluded(tiny):
    _, result = tiny
    counts = result.rows[0].item_counts
    assert list(counts.columns) == [1, 2, 3, 4, 5]
    assert counts.loc["a2"].sum() == 15  # 16 respondents, one -9
    frame = _frame()
    assert counts.loc["a1", 4] == int((frame["a1"] == 4).sum())
    assert counts.loc["a3", 1] == int((frame["a3"] == 1).sum())  # raw, not reverse-keyed


def test_tiny_p_adjust_none_and_level(tiny):
    study, _ = tiny
    result = collaboration.analyze(study, p_adjust="none", level=0.9, scales=("s2",))
    assert [r.scale for r in result.rows] == ["s2"]
    assert [p.p_adjusted for p in result.pairs] == [p.result.pvalue for p in result.pairs]
    x = _hand_scores()["s2"][1]
    assert result.rows[0].groups[0].result.ci_high == pytest.approx(
        stats.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=stats.sem(x))[1], abs=1e-12)


def test_tiny_present_privacy_and_format(tiny):
    _, result = tiny
    for locale in ("de", "en"):
        section = collaboration.present(result, locale)
        text = section_text(section)
        assert "Politik" not in text and "Geheimer Freitext" not in text
        assert "p14" not in text and "p15" not in text
        notes = " ".join(n for t in section.tables for n in t.notes)
        assert "Politik" in notes
        assert ("Ohne Angabe der Gruppe" if locale == "de" else "group is unknown") in notes
    de = collaboration.present(result, "de")
    assert de.tables[0].rows[0][:4] == ("Skala s1", "Verwaltung", "4", "2,67")
    assert "(invers)" in de.figures[-2].svg  # s1's items: a3 marked


def test_tiny_requirement_two_groups(tmp_path):
    inst = instrument("team", waves=["T1"], scales={"s1": ["a1"]})
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(7)], "actor_group": [1, 1, 1, 1, 1, 2, 2],
                          "a1": [1, 2, 3, 4, 5, 1, 2]})
    study = load(write_study(tmp_path, instruments=[inst], surveys=[("t", "team", "T1", frame)]))
    with pytest.raises(SpecError, match="at least two groups"):
        kosieval.analyze(study, "collaboration")
