"""Tests of kosieval.stats.diversity.diversity against R vegan::diversity.

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and vegan 2.6-4, printed with ``sprintf("%.17g", ...)``; R does not run
in the test suite::

    library(vegan)
    g <- c(<GROUPS below, None -> NA>); x <- table(g)   # NA not counted by table()
    diversity(x, "simpson"); diversity(x, "shannon")
    diversity(x) / log(specnumber(x))                    # evenness, K observed
    diversity(x, "simpson") / (1 - 1/specnumber(x))      # normalised Blau, K observed
    diversity(x) / log(5); diversity(x, "simpson") / (1 - 1/5)    # K = 5 categories given
    prop.table(x)
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kosieval.stats.diversity import DiversityResult, diversity

GROUPS = [
    "Verwaltung", "Zivilgesellschaft", "Verwaltung", "Wissenschaft", None, "Wirtschaft",
    "Verwaltung", "Zivilgesellschaft", "Zivilgesellschaft", "Verwaltung", "Wissenschaft",
    "Verwaltung", None, "Zivilgesellschaft", "Wirtschaft", "Verwaltung", "Zivilgesellschaft",
    "Verwaltung", "Wissenschaft", "Verwaltung",
]
FIVE = ["Verwaltung", "Politik", "Zivilgesellschaft", "Wissenschaft", "Wirtschaft"]


def close(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def test_observed_categories_match_vegan() -> None:
    res = diversity(GROUPS)
    assert res.blau == close(0.68518518518518512)  # diversity(x, "simpson")
    assert res.shannon == close(1.2589910288554198)  # diversity(x, "shannon")
    assert res.evenness == close(0.90817005692670405)  # diversity(x) / log(specnumber(x))
    assert res.blau_normalized == close(0.9135802469135802)  # simpson / (1 - 1/specnumber(x))
    assert res.blau_max == close(0.75)
    assert (res.n, res.n_missing, res.k, res.k_observed) == (18, 2, 4, 4)
    assert res.categories_given is False
    # table(g); prop.table(table(g)) -- sorted like R's table()
    assert res.counts["category"].tolist() == [
        "Verwaltung", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft",
    ]
    assert res.counts["count"].tolist() == [8, 2, 3, 5]
    assert res.counts["share"].tolist() == [
        close(0.44444444444444442), close(0.1111111111111111), close(0.16666666666666666),
        close(0.27777777777777779),
    ]


def test_given_categories_set_k() -> None:
    res = diversity(GROUPS, categories=FIVE)
    # vegan: diversity(c(x, Politik = 0)) is unchanged (0 log 0 = 0), specnumber = 4
    assert res.blau == close(0.68518518518518512)
    assert res.shannon == close(1.2589910288554198)
    assert res.evenness == close(0.78225510852502067)  # diversity(x) / log(5)
    assert res.blau_normalized == close(0.8564814814814814)  # simpson / (1 - 1/5)
    assert (res.k, res.k_observed, res.categories_given) == (5, 4, True)
    assert res.counts["category"].tolist() == FIVE  # the given order
    assert res.counts["count"].tolist() == [8, 0, 5, 3, 2]
    assert res.counts.loc[1, "share"] == 0.0
    assert "K = 5 categories given (4 observed)" in res.method


def test_scipy_entropy_cross_check() -> None:
    counts = [8, 2, 3, 5]
    assert diversity(GROUPS).shannon == close(stats.entropy(counts))  # natural log
    assert diversity(GROUPS).shannon != pytest.approx(stats.entropy(counts, base=2))


def test_equal_shares_reach_the_maximum() -> None:
    # vegan: diversity(c(4, 4, 4), "simpson") -> 0.66666666666666674,
    #        diversity(c(4, 4, 4)) -> 1.0986122886681096 = log(3)
    res = diversity(["a"] * 4 + ["b"] * 4 + ["c"] * 4)
    assert res.blau == close(0.66666666666666674)
    assert res.shannon == close(1.0986122886681096)
    assert res.blau_normalized == close(1.0)
    assert res.evenness == close(1.0)


def test_two_equal_groups_closed_form() -> None:
    res = diversity(pd.Series([1, 2, 1, 2]))
    assert res.blau == close(0.5)
    assert res.shannon == close(math.log(2))
    assert res.evenness == close(1.0)


def test_one_category_gives_zero_indices_and_nan_normalisations() -> None:
    # vegan: diversity(7, "simpson") -> 0, diversity(7, "shannon") -> 0
    with pytest.warns(RuntimeWarning, match=r"only one category \('Verwaltung'\).*undefined"):
        res = diversity(["Verwaltung"] * 7 + [None])
    assert res.blau == 0.0
    assert res.shannon == 0.0
    assert math.copysign(1.0, res.shannon) == 1.0  # not -0.0
    assert np.isnan(res.blau_normalized)
    assert np.isnan(res.evenness)
    assert (res.n, res.n_missing, res.k) == (7, 1, 1)


def test_one_observed_of_several_given_categories_is_defined() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = diversity(["a", "a", "a"], categories=["a", "b"])
    assert (res.blau, res.shannon, res.blau_normalized, res.evenness) == (0.0, 0.0, 0.0, 0.0)
    assert (res.k, res.k_observed) == (2, 1)


def test_single_participant() -> None:
    with pytest.warns(RuntimeWarning, match="only one category"):
        res = diversity(["a"])
    assert (res.blau, res.shannon, res.n) == (0.0, 0.0, 1)


def test_missing_values_of_every_kind_are_dropped() -> None:
    res = diversity(pd.Series(["a", np.nan, "b", pd.NA, None, "a"], dtype=object))
    assert (res.n, res.n_missing) == (3, 3)
    # shares 2/3, 1/3: 1 - 5/9
    assert res.blau == close(4 / 9)


def test_numeric_and_categorical_labels() -> None:
    res = diversity(np.array([1.0, 2.0, np.nan, 2.0, 3.0]))
    assert res.counts["category"].tolist() == [1.0, 2.0, 3.0]
    assert res.n_missing == 1
    cat = pd.Series(pd.Categorical(["x", "y", "x", None], categories=["x", "y", "z"]))
    res = diversity(cat)
    assert (res.n, res.n_missing, res.k) == (3, 1, 2)  # K observed; categories= to use z
    assert diversity(cat, categories=["x", "y", "z"]).k == 3


def test_mixed_labels_need_an_order() -> None:
    # numbers mixed with text have no order: the message says how to give one
    with pytest.raises(ValueError, match="groups: labels of mixed types cannot be sorted"):
        diversity(["b", 1, "b", "a"])
    res = diversity(["b", 1, "b", "a"], categories=["b", 1, "a"])
    assert res.counts["category"].tolist() == ["b", 1, "a"]
    assert res.counts["count"].tolist() == [2, 1, 1]


def test_result_is_frozen_and_tidy() -> None:
    res = diversity(GROUPS)
    assert isinstance(res, DiversityResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.blau = 0.5  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape[0] == 1
    assert frame.loc[0, "blau"] == res.blau
    assert frame.loc[0, "evenness"] == res.evenness
    assert list(res.counts.columns) == ["category", "count", "share"]
    for words in ("natural logarithm", "K = 4 categories observed", "2 missing"):
        assert words in res.method


# --- bad arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize("groups", [[], [None, np.nan], pd.Series([], dtype=object)])
def test_empty_raises(groups: object) -> None:
    with pytest.raises(ValueError, match="groups: no participant with a group"):
        diversity(groups)


@pytest.mark.parametrize("groups", ["abc", pd.DataFrame({"a": [1, 2]}), 3, np.array([[1, 2]])])
def test_not_one_dimensional(groups: object) -> None:
    with pytest.raises(ValueError, match="groups: must be one-dimensional"):
        diversity(groups)


def test_value_outside_categories() -> None:
    with pytest.raises(ValueError, match=r"groups: values not in categories: \['Wirtschaft'\]"):
        diversity(GROUPS, categories=["Verwaltung", "Zivilgesellschaft", "Wissenschaft"])


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ([], "must contain at least one category"),
        (["a", "a", "b"], r"duplicated categories \['a'\]"),
        (["a", None], "must not contain missing values"),
        ("ab", "must be a list of categories"),
        ([["a"], "b"], "every category must be hashable"),
    ],
)
def test_bad_categories(categories: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"categories: {message}"):
        diversity(["a", "b"], categories=categories)  # type: ignore[arg-type]
