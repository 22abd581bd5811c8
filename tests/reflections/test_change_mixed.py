"""Reflection module ``change``: the linear mixed model over all waves and all respondents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import kosieval
from kosieval.reflections import change
from tests.reflections.tiny_study import instrument, load, write_study


def visible(text: str) -> str:
    return text.replace("\u2060", "").replace("\u00a0", " ")


# -- the example study -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_result(example_study):
    return kosieval.analyze(example_study, "change")


def test_example_self_efficacy_mixed_contains_paired_difference(example_result):
    row = next(r for r in example_result.rows if r.scale == "self_efficacy")
    m = row.mixed
    assert m is not None and m.converged
    term = "wave[T1]"
    assert list(m.effect_size.index) == [term]
    assert m.fixef[term] > 0 and m.ci_low[term] > 0
    assert row.change.mean_diff == pytest.approx(0.22, abs=0.005)  # README: 2.96 -> 3.18
    assert m.ci_low[term] < row.change.mean_diff < m.ci_high[term]
    # all respondents with a valid score: 151 at T0 + 115 at T1, 100 of them in both waves
    assert m.n_respondents == row.n_first + row.n_second - row.change.n_pairs
    assert m.n_obs == row.n_first + row.n_second
    assert m.n_paired == row.change.n_pairs == 100 and m.n_single > 0
    assert 0 < m.icc < 1


def test_example_existing_fields_unchanged_and_adjusted(example_result):
    for row in example_result.rows:
        assert row.mixed is not None
        assert 0 <= row.mixed_p_adjusted <= 1
        assert row.mixed_p_adjusted >= row.mixed.pvalue["wave[T1]"] - 1e-15  # Holm never lowers p
    frame = example_result.mixed_frame()
    assert set(frame["scale"]) == {r.scale for r in example_result.rows}
    assert {"estimate", "se", "ci_low", "ci_high", "n_obs", "n_respondents", "icc"} <= set(frame.columns)


def test_example_present_mixed_table(example_result):
    for locale in ("de", "en"):
        section = change.present(example_result, locale)
        ids = [t.id for t in section.tables]
        assert ids == ["tab-change", "tab-change-mixed"]
        table = section.tables[1]
        assert len(table.rows) == len(example_result.rows)
        note = visible(" ".join(table.notes))
        assert ("Personen, die nur an einer Befragung" if locale == "de" else "answered only one survey") in note
        assert "REML" in note and "lme4" in note
        assert table.columns[-1] == "ICC"
    de = change.present(example_result, "de")
    row = next(r for r in de.tables[1].rows if r[0] == "Allgemeine Selbstwirksamkeit")
    assert row[1] == "T1 − T0" and row[2] == "0,21" and row[7:9] == ("266", "166")
    assert de.key_figures["mixed_b_self_efficacy"] == "0,21"
    assert any("gemischtes Modell (266 Werte von 166 Personen" in visible(getattr(b, "text", ""))
               for b in de.blocks)


# -- a tiny study with exact numbers -----------------------------------------------------------

# (q1, q2) per respondent; q2 is reverse-keyed (6 - x); score = mean of q1 and 6 - q2.
T0 = {"r1": (2, 3), "r2": (3, 3), "r3": (4, 5), "r4": (1, 2), "r5": (3, 2), "r6": (5, 4), "r7": (2, 2)}
T1 = {"r1": (3, 4), "r2": (3, 4), "r3": (5, 5), "r4": (2, 2), "r5": (4, 3), "r8": (4, 4)}


def _survey(answers: dict[str, tuple[int, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"id": r, "actor_group": 1, "q1": a, "q2": b} for r, (a, b) in answers.items()])


def _long() -> pd.DataFrame:
    rows = [(r, wave, (a + 6 - b) / 2) for wave, answers in (("T0", T0), ("T1", T1)) for r, (a, b) in answers.items()]
    return pd.DataFrame(rows, columns=["respondent", "wave", "score"])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    inst = instrument("part", waves=["T0", "T1"], scales={"s": ["q1", "q2"]}, reverse={"s": ["q2"]})
    write_study(folder, instruments=[inst],
                surveys=[("part_t0", "part", "T0", _survey(T0)), ("part_t1", "part", "T1", _survey(T1))])
    return change.analyze(load(folder))


def test_tiny_mixed_equals_statsmodels(tiny):
    row = tiny.rows[0]
    m = row.mixed
    data = _long()
    # statsmodels 0.14: smf.mixedlm("score ~ C(wave)", data, groups=data["respondent"]).fit(reml=True)
    # -> fe_params Intercept 2.930675, C(wave)[T.T1] 0.040649; cov_re 0.088439; scale 0.083789
    reference = smf.mixedlm("score ~ C(wave)", data, groups=data["respondent"]).fit(reml=True)
    assert m.fixef["wave[T1]"] == pytest.approx(0.040649, abs=1e-6)
    assert m.fixef["Intercept"] == pytest.approx(2.930675, abs=1e-6)
    assert m.fixef["wave[T1]"] == pytest.approx(reference.fe_params["C(wave)[T.T1]"], abs=1e-5)
    assert m.var_intercept == pytest.approx(float(reference.cov_re.iloc[0, 0]), rel=1e-4)
    assert m.var_residual == pytest.approx(reference.scale, rel=1e-4)
    assert m.icc == pytest.approx(0.088439 / (0.088439 + 0.083789), abs=1e-5)
    # SE as lme4's vcov: sqrt(diag((X' V^-1 X)^-1)) with V from the estimated variance components, by hand
    x = np.column_stack([np.ones(len(data)), (data["wave"] == "T1").to_numpy(float)])
    v = np.diag(np.full(len(data), reference.scale))
    same = data["respondent"].to_numpy()[:, None] == data["respondent"].to_numpy()[None, :]
    v = v + same * float(reference.cov_re.iloc[0, 0])
    se = np.sqrt(np.diag(np.linalg.inv(x.T @ np.linalg.solve(v, x))))
    assert m.se["wave[T1]"] == pytest.approx(se[1], rel=1e-4)
    assert (m.n_obs, m.n_respondents, m.n_paired, m.n_single) == (13, 8, 5, 3)
    # the paired test uses the 5 pairs only: mean difference by hand
    pairs = [r for r in T0 if r in T1]
    diff = np.mean([(T1[r][0] + 6 - T1[r][1]) / 2 - (T0[r][0] + 6 - T0[r][1]) / 2 for r in pairs])
    assert row.change.mean_diff == pytest.approx(diff, abs=1e-12)
    assert row.change.n_pairs == 5


def test_tiny_single_outcome_not_adjusted_away(tiny):
    row = tiny.rows[0]
    assert row.mixed_p_adjusted == pytest.approx(row.mixed.pvalue["wave[T1]"], abs=1e-15)  # one test


def test_tiny_fit_warning_reaches_the_chapter(tmp_path):
    # the two pairs move in opposite directions: the random-intercept variance is 0 (singular fit) -> a warning
    inst = instrument("part", waves=["T0", "T1"], scales={"s": ["q1", "q2"]})
    t0 = {"a1": (1, 2), "a2": (3, 3), "a3": (2, 4), "a4": (4, 4)}
    t1 = {"b1": (3, 2), "b2": (5, 4), "b3": (4, 4), "b4": (2, 3), "a1": (4, 5), "a2": (1, 1)}
    study = load(write_study(tmp_path, instruments=[inst],
                             surveys=[("t0", "part", "T0", _survey(t0)), ("t1", "part", "T1", _survey(t1))]))
    result = change.analyze(study)
    assert result.rows[0].mixed is not None and result.rows[0].mixed.boundary
    assert any("mixed model" in w and "boundary (singular) fit" in w for w in result.warnings)
    section = change.present(result, "en")
    assert any(visible(getattr(b, "text", "")).startswith("Note: s (gemischtes Modell / mixed model)")
               for b in section.blocks)
