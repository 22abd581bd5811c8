"""The agreement module: segment, character and code-presence agreement against brute force."""

from __future__ import annotations

import dataclasses
import re

import krippendorff
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

import kosieval
from kosieval.errors import SpecError
from kosieval.reflections import agreement
from tests.reflections.tiny_study import instrument, load, write_study

LENGTHS = {"E1": 40, "E2": 30, "E3": 20}
TEXTS = {name: ("abcd " * 10)[:n] for name, n in LENGTHS.items()}
# (document, code, coder, start, end)
SEGMENTS = [
    ("E1", "P", "X", 0, 10), ("E1", "P", "Y", 2, 10),    # overlap 8 / union 10 = 0.8: matched
    ("E1", "Q", "X", 20, 30), ("E1", "Q", "Y", 25, 40),  # overlap 5 / union 20 = 0.25: not matched at 0.5
    ("E2", "P", "X", 0, 5),                              # only X
    ("E2", "Q", "Y", 10, 20),                            # only Y
    ("E3", "P", "X", 0, 20), ("E3", "P", "Y", 0, 20),    # identical
    ("E1", "R", "X", 30, 40), ("E1", "R", "Y", 30, 40),  # R: both coders, every interview
    ("E2", "R", "X", 20, 30), ("E2", "R", "Y", 20, 30),
    ("E3", "R", "X", 0, 5), ("E3", "R", "Y", 0, 5),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agreement")
    seg = pd.DataFrame(SEGMENTS, columns=["document", "code", "coder", "start", "end"]).assign(text=None)
    inst = instrument("p", waves=["T0"], scales={"s": ["a1", "a2"]})
    survey = pd.DataFrame({"id": [1, 2, 3], "actor_group": [1, 2, 5], "a1": [1, 2, 3], "a2": [2, 3, 4]})
    attrs = pd.DataFrame({"document": list(LENGTHS), "actor_group": ["Verwaltung"] * 3})
    write_study(folder, instruments=[inst], surveys=[("p0", "p", "T0", survey)], interviews=seg,
                documents=TEXTS, document_attributes=attrs)
    return load(folder)


@pytest.fixture(scope="module")
def tiny_result(tiny):
    return agreement.analyze(tiny, n_boot=200, seed=7)


def _characters(code: str, coder: str) -> np.ndarray:
    """0/1 per character of all interviews (concatenated) for one code and coder."""
    parts = []
    for doc, n in LENGTHS.items():
        marks = np.zeros(n, dtype=int)
        for d, c, who, s, e in SEGMENTS:
            if (d, c, who) == (doc, code, coder):
                marks[s:e] = 1
        parts.append(marks)
    return np.concatenate(parts)


def _presence(code: str) -> np.ndarray:
    """coders x interviews: 1 when the coder used the code in the interview."""
    return np.array([[int(any((d, c, w) == (doc, code, who) for d, c, w, _s, _e in SEGMENTS)) for doc in LENGTHS]
                     for who in ("X", "Y")], dtype=float)


def test_character_level_against_brute_force(tiny_result):
    rows = tiny_result.segments.per_code.set_index("code")
    for code in ("P", "Q", "R"):
        x, y = _characters(code, "X"), _characters(code, "Y")
        table = np.array([[np.sum((x == 1) & (y == 1)), np.sum((x == 1) & (y == 0))],
                          [np.sum((x == 0) & (y == 1)), np.sum((x == 0) & (y == 0))]])
        row = rows.loc[code]
        assert [row.both_coded, row.only_1, row.only_2, row.neither] == table.ravel().tolist()
        assert row.percent_agreement_characters == pytest.approx(np.mean(x == y))
        # statsmodels.stats.inter_rater.cohens_kappa(table).kappa
        assert row.kappa_characters == pytest.approx(cohens_kappa(table).kappa)
    # P by hand: X covers 10 + 5 + 20 = 35 characters, Y 8 + 20 = 28, both 28, total 90
    p = rows.loc["P"]
    assert (p.both_coded, p.only_1, p.only_2, p.neither) == (28, 7, 0, 55)
    # kappa = 2(ad - bc) / ((a+b)(b+d) + (a+c)(c+d)) = 2 * 28 * 55 / (35 * 62 + 28 * 55) = 0.8302...
    assert p.kappa_characters == pytest.approx(2 * 28 * 55 / (35 * 62 + 28 * 55))


def test_segment_level_matching_by_hand(tiny_result, tiny):
    rows = tiny_result.segments.per_code.set_index("code")
    # P: X's E1 and E3 segments matched, E2 not; Y's two matched -> (2 + 2) / (3 + 2)
    assert (rows.loc["P", "matched_1"], rows.loc["P", "unmatched_1"], rows.loc["P", "matched_2"]) == (2, 1, 2)
    assert rows.loc["P", "percent_agreement_segments"] == pytest.approx(4 / 5)
    # Q: the E1 pair overlaps 5 / 20 = 0.25 < 0.5: nothing matched
    assert rows.loc["Q", "percent_agreement_segments"] == 0
    loose = agreement.analyze(tiny, min_overlap=0.0, n_boot=0)
    assert loose.segments.per_code.set_index("code").loc["Q", "percent_agreement_segments"] == pytest.approx(2 / 3)
    pair = tiny_result.segments.pairs.iloc[0]
    assert (pair.matched, pair.unmatched) == (2 + 2 + 0 + 3 + 3, 1 + 1 + 2)  # P, Q, R


def test_alpha_against_krippendorff_package(tiny_result):
    per_code = tiny_result.segments.alpha.set_index("code")["alpha"]
    for code in ("P", "Q"):
        # krippendorff.alpha(reliability_data=coders x units, level_of_measurement="nominal")
        expected = krippendorff.alpha(reliability_data=_presence(code), level_of_measurement="nominal")
        assert per_code[code] == pytest.approx(expected)
    assert np.isnan(per_code["R"])  # R in every interview for both coders: undefined
    overall = np.concatenate([_presence(c) for c in ("P", "Q", "R")], axis=1)
    expected = krippendorff.alpha(reliability_data=overall, level_of_measurement="nominal")
    assert tiny_result.alpha.statistic == pytest.approx(expected)
    assert tiny_result.alpha.n_units == 9
    assert tiny_result.alpha.ci_low <= tiny_result.alpha.statistic <= tiny_result.alpha.ci_high


def test_bootstrap_is_seeded(tiny, tiny_result):
    again = agreement.analyze(tiny, n_boot=200, seed=7)
    assert (again.alpha.ci_low, again.alpha.ci_high) == (tiny_result.alpha.ci_low, tiny_result.alpha.ci_high)
    other = agreement.analyze(tiny, n_boot=200, seed=8)
    assert other.alpha.statistic == tiny_result.alpha.statistic


def test_present_tiny_both_locales(tiny_result):
    de = agreement.present(tiny_result, "de")
    en = agreement.present(tiny_result, "en")
    for section in (de, en):
        assert section.id == "agreement"
        assert [t.id for t in section.tables] == ["tab-agreement-codes"]
        assert [f.id for f in section.figures] == ["fig-agreement-kappa"]
        assert section.figures[0].alt
        assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", k) for k in section.key_figures)
        assert section.highlights
    rows = {r[0]: r for r in de.tables[0].rows}
    assert rows["P"] == ("P", "3", "2", "4", "80\u202f%", "92,2\u202f%", "0,83", rows["P"][-1])
    assert rows["R"][-1] == "–"
    assert "0,83" in de.figures[0].alt
    notes = " ".join(de.tables[0].notes)
    assert "α ist nicht definiert (–) für R" in notes
    assert "R: every coder used" not in notes
    assert "α is undefined (–) for R" in " ".join(en.tables[0].notes)
    assert "X / Y" not in " ".join(de.tables[0].columns)  # one pair: no pair column
    text = " ".join(b.text for b in de.blocks if hasattr(b, "text"))
    assert "10 von 14 Segmenten (71\u202f%)" in text  # matched (2 + 2) + (3 + 3) of 14


# --- the example study ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def agreement_plan(planted):
    return planted["interviews"]["agreement"]


@pytest.fixture(scope="module")
def example_agreement(example_study):
    return kosieval.analyze(example_study, "agreement")


def test_example_matches_planted_units(example_agreement, agreement_plan):
    pair = example_agreement.segments.pairs.iloc[0]
    rows = example_agreement.segments.per_code
    matched_a, unmatched_a = int(rows["matched_1"].sum()), int(rows["unmatched_1"].sum())
    matched_b, unmatched_b = int(rows["matched_2"].sum()), int(rows["unmatched_2"].sum())
    assert example_agreement.coder_names[pair.coder_1] == "Coder A"
    # each agreeing unit is one matched segment of A and one of B
    assert matched_a == matched_b == agreement_plan["agree"] == 119
    # A's unmatched segments: coded only by A, or by B with a different code
    assert unmatched_a == agreement_plan["a_only"] + agreement_plan["different_code"] == 26
    assert unmatched_b == agreement_plan["b_only"] + agreement_plan["different_code"] == 26
    assert matched_a + unmatched_a == agreement_plan["a_codings"] == 145
    # units = agree + only A + only B + different code (a different-code unit is unmatched on both sides)
    assert matched_a + unmatched_a + unmatched_b - agreement_plan["different_code"] == agreement_plan["units"] == 158
    assert pair.percent_agreement_segments == pytest.approx(238 / 290)
    assert example_agreement.n_documents == 14


def test_example_alpha_and_present(example_agreement):
    alpha = example_agreement.alpha
    assert alpha.n_units == 14 * 11
    assert alpha.ci_low < alpha.statistic < alpha.ci_high
    assert alpha.n_boot == 1000
    section = agreement.present(example_agreement, "de")
    text = " ".join(b.text for b in section.blocks if hasattr(b, "text"))
    assert "238 von 290 Segmenten (82\u202f%)" in text
    notes = " ".join(section.tables[0].notes)
    assert "α ist nicht definiert (–) für Augenhöhe" in notes
    assert "8197c020" not in text  # warnings name codes, not ids


def test_spec_error_lists_everything_missing(example_study):
    corpus = example_study.interviews
    first = corpus.segments["coder"] == corpus.coders["id"][0]
    one_coder = dataclasses.replace(corpus, segments=corpus.segments[first])
    study = dataclasses.replace(example_study, interviews=one_coder)
    with pytest.raises(SpecError) as info:
        kosieval.analyze(study, "agreement", min_overlap=2.0, n_boot=1)
    message = str(info.value)
    assert "two coders" in message and "min_overlap" in message and "n_boot" in message
