"""Tests of kosieval.stats.weighted against R survey::svymean / confint (and statsmodels).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and survey 4.1-1, printed with ``sprintf("%.17g", ...)``; R does not run
in the test suite. Setup::

    library(survey)
    y <- c(<Y below, NaN -> NA>); w <- c(<W below>); d <- data.frame(y = y, w = w)
    des <- svydesign(ids = ~1, weights = ~w, data = d)
    m <- svymean(~y, des, na.rm = TRUE); coef(m); SE(m); confint(m); confint(m, level = 0.9)
    ok <- !is.na(y); sum(w[ok])^2 / sum(w[ok]^2)                      # Kish n_eff
    d2 <- data.frame(g = factor(G, levels = c("a", "b", "c", "d")), w = w)
    pm <- svymean(~g, svydesign(ids = ~1, weights = ~w, data = d2), na.rm = TRUE)
    coef(pm); SE(pm); confint(pm); confint(pm, level = 0.9)
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.weightstats import DescrStatsW

from kosieval.stats.weighted import (
    WeightedMeanResult,
    WeightedProportions,
    weighted_mean,
    weighted_proportions,
)

NAN = np.nan
# 12 respondents: one without an answer (row 6), one with weight 0 (row 8).
Y = [3, 4, 2, 5, 4, NAN, 1, 3, 5, 2, 4, 3]
W = [1.2, 0.8, 2.0, 1.0, 0.5, 1.5, 1.1, 0, 0.9, 1.3, 0.7, 1.6]
G = ["a", "b", "a", "c", None, "b", "a", "c", "a", "b", "b", "a"]
LIKERT = [5, 4, 4, NAN, 2, 5, 3, 4, NAN, 1, 4, 5]


def close(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def closes(values: list[float]) -> list[object]:
    return [close(v) for v in values]


def test_weighted_mean_matches_svymean() -> None:
    res = weighted_mean(Y, W)
    assert res.mean == close(3.0270270270270272)  # coef(m)
    assert res.se == close(0.4136845079287646)  # SE(m)
    assert (res.ci_low, res.ci_high) == (close(2.2162202905244746), close(3.8378337635295798))
    assert res.n_eff == close(8.7444996451383954)  # Kish
    assert res.sum_weights == close(11.1)
    assert (res.n, res.n_missing, res.n_rows, res.n_zero_weight) == (11, 1, 12, 1)
    res90 = weighted_mean(Y, W, level=0.90)
    # confint(m, level = 0.9)
    assert (res90.ci_low, res90.ci_high) == (close(2.3465765637467637),
                                             close(3.7074774903072907))
    assert res90.level == 0.90


def test_missing_values_count_in_n_as_svymean_na_rm() -> None:
    # R: y <- c(3, 4, 2, 5, 4, NA, 1, 3, 5, 2); w <- W[1:10]; d <- data.frame(y = y, w = w)
    #   svymean(~y, svydesign(ids = ~1, weights = ~w, data = d), na.rm = TRUE)
    #     -> 2.9545454545454541, SE 0.51319169864162373 (the NA row stays in the design, n = 10)
    #   the same on d[!is.na(d$y), ] (n = 9, one weight 0)      -> SE 0.51638918564306568
    #   the same on d[!is.na(d$y) & d$w > 0, ] (n = 8)          -> SE 0.52047137711798763
    y = Y[:5] + [NAN, 1, 3, 5, 2]
    w = [1.2, 0.8, 2.0, 1.0, 0.5, 1.5, 1.1, 0, 0.9, 1.3]
    assert weighted_mean(y, w).se == close(0.51319169864162373)
    y9 = [v for v in y if not math.isnan(v)]
    w9 = [wi for v, wi in zip(y, w, strict=True) if not math.isnan(v)]
    assert weighted_mean(y9, w9).se == close(0.51638918564306568)
    y8 = [v for v, wi in zip(y9, w9, strict=True) if wi > 0]
    w8 = [wi for wi in w9 if wi > 0]
    res = weighted_mean(y8, w8)
    assert res.se == close(0.52047137711798763)
    assert res.mean == close(2.9545454545454541)  # all four: the same estimate


def test_unit_weights_give_the_t_test_se() -> None:
    # R: d1 <- d[!is.na(d$y), ]; d1$one <- 1; svymean(~y, svydesign(ids = ~1, weights = ~one,
    #    data = d1)) -> 3.2727272727272725, SE 0.38354587472234525
    #    sd(y, na.rm = TRUE) / sqrt(11) -> 0.38354587472234519
    y = [v for v in Y if not math.isnan(v)]
    res = weighted_mean(y, [1.0] * 11)
    assert res.mean == close(3.2727272727272725)
    assert res.se == close(0.38354587472234525)
    assert res.se == close(np.std(y, ddof=1) / math.sqrt(11))
    assert res.n_eff == close(11.0)


def test_statsmodels_descrstatsw_agrees_on_the_mean_not_on_the_se() -> None:
    # DescrStatsW treats weights as frequency weights: same mean, different SE.
    y = np.array([v for v in Y if not math.isnan(v)])
    w = np.array([wi for v, wi in zip(Y, W, strict=True) if not math.isnan(v)])
    ref = DescrStatsW(y, weights=w)
    res = weighted_mean(y, w)
    assert res.mean == close(ref.mean)
    assert abs(res.se - ref.std_mean) > 0.01  # 0.41368 (survey) vs 0.49150 (frequency weights)
    # With unit weights both are s / sqrt(n).
    unit = DescrStatsW(y, weights=np.ones_like(y))
    assert weighted_mean(y, np.ones_like(y)).se == close(unit.std_mean)


def test_scaling_the_weights_changes_nothing_but_the_sum() -> None:
    base = weighted_mean(Y, W)
    scaled = weighted_mean(Y, [3.5 * w for w in W])
    for field in ("mean", "se", "ci_low", "ci_high", "n_eff"):
        assert getattr(scaled, field) == close(getattr(base, field)), field
    assert scaled.sum_weights == close(3.5 * 11.1)


def test_constant_values_have_se_zero() -> None:
    # R: svymean(~y, svydesign(ids = ~1, weights = ~w, data = data.frame(y = rep(4, 12), w = W)))
    #    -> 4, SE 0
    res = weighted_mean([4.0] * 12, W)
    assert (res.mean, res.se, res.ci_low, res.ci_high) == (4.0, 0.0, 4.0, 4.0)


def test_two_cases() -> None:
    # R: svymean(~y, svydesign(ids = ~1, weights = ~w, data = data.frame(y = c(1, 3),
    #    w = c(1, 3)))) -> 2.5, SE 0.75000000000000011
    res = weighted_mean([1, 3], [1, 3])
    assert (res.mean, res.se) == (close(2.5), close(0.75000000000000011))


def test_series_input_and_nullable_values() -> None:
    idx = pd.Index([f"r{i}" for i in range(12)])
    values = pd.Series(Y, index=idx).astype("Float64")
    res = weighted_mean(values, pd.Series(W, index=idx))
    assert res.mean == close(3.0270270270270272)
    assert res.n_missing == 1


def test_weighted_mean_result_is_frozen_and_tidy() -> None:
    res = weighted_mean(Y, W)
    assert isinstance(res, WeightedMeanResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.mean = 1.0  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape == (1, 12)
    assert frame.loc[0, "se"] == res.se
    for words in ("Taylor linearisation", "n/(n-1)", "n = all 12 cases", "Kish", "Wald CI"):
        assert words in res.method


# --- proportions ---------------------------------------------------------------------------------


def test_weighted_proportions_match_svymean_on_a_factor() -> None:
    res = weighted_proportions(G, W, categories=["a", "b", "c", "d"])
    t = res.table
    assert t["category"].tolist() == ["a", "b", "c", "d"]
    assert t["count"].tolist() == [5, 4, 2, 0]
    assert t["weight"].tolist() == closes([6.8, 4.3, 1.0, 0.0])  # svytable(~g, des2)
    # coef(pm)
    assert t["share"].tolist() == closes(
        [0.56198347107438018, 0.35537190082644626, 0.082644628099173556, 0.0]
    )
    # SE(pm)
    assert t["se"].tolist() == closes(
        [0.16913957838019214, 0.16145489339605235, 0.083894720182558336, 0.0]
    )
    # confint(pm): the Wald interval, not truncated (c's lower limit is negative)
    assert t["ci_low"].tolist() == closes(
        [0.23047598908891409, 0.038926124642429893, -0.081786001951706322, 0.0]
    )
    assert t["ci_high"].tolist() == closes(
        [0.89349095305984627, 0.67181767701046269, 0.24707525815005343, 0.0]
    )
    assert res.n_eff == close(9.0994406463642008)
    assert (res.n, res.n_missing, res.n_rows, res.n_zero_weight, res.k) == (11, 1, 12, 1, 4)
    res90 = weighted_proportions(G, W, categories=["a", "b", "c", "d"], level=0.9)
    assert res90.table["ci_low"].tolist() == closes(
        [0.28377362211467827, 0.089802233834886169, -0.055349906675186439, 0.0]
    )
    assert res90.table["ci_high"].tolist() == closes(
        [0.84019332003408187, 0.62094156781800613, 0.22063916287353344, 0.0]
    )


def test_numeric_codes_with_given_scale() -> None:
    # R: d <- data.frame(x = factor(LIKERT, levels = 1:5), w = W)
    #    pm <- svymean(~x, svydesign(ids = ~1, weights = ~w, data = d), na.rm = TRUE)
    res = weighted_proportions(LIKERT, W, categories=[1, 2, 3, 4, 5])
    t = res.table
    assert t["share"].tolist() == closes(
        [0.12149532710280375, 0.046728971962616828, 0.10280373831775702, 0.32710280373831779,
         0.40186915887850472]
    )
    assert t["se"].tolist() == closes(
        [0.11930546386606905, 0.049616463952675806, 0.10306340126162164, 0.17809020984056625,
         0.18451852682798267]
    )
    assert t["ci_low"].tolist() == closes(
        [-0.11233908523353633, -0.050517510424857581, -0.099196816279221306,
         -0.021947593548372724, 0.040219491815271013]
    )
    assert t["ci_high"].tolist() == closes(
        [0.35532973943914381, 0.14397545435009124, 0.30480429291473532, 0.67615320102500831,
         0.76351882594173848]
    )
    assert res.n_eff == close(7.8795595320027507)
    assert res.n_missing == 2


def test_observed_categories_by_default_and_shares_sum_to_one() -> None:
    res = weighted_proportions(G, W)
    assert res.table["category"].tolist() == ["a", "b", "c"]
    assert res.k == 3
    assert res.table["share"].sum() == close(1.0)
    assert "3 categories observed" in res.method


def test_proportion_equals_weighted_mean_of_the_dummy() -> None:
    dummy = [NAN if g is None else float(g == "b") for g in G]
    mean = weighted_mean(dummy, W)
    row = weighted_proportions(G, W).table.set_index("category").loc["b"]
    assert row["share"] == close(mean.mean)
    assert row["se"] == close(mean.se)
    assert row["ci_low"] == close(mean.ci_low)


def test_weighted_proportions_result_is_frozen_and_tidy() -> None:
    res = weighted_proportions(G, W)
    assert isinstance(res, WeightedProportions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.k = 2  # type: ignore[misc]
    frame = res.to_frame()
    assert list(frame.columns) == ["category", "count", "weight", "share", "se", "ci_low",
                                   "ci_high"]
    frame.loc[0, "share"] = 9.0
    assert res.table.loc[0, "share"] != 9.0  # a copy
    assert "not truncated to [0, 1]" in res.method


# --- bad arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize("func", [weighted_mean, weighted_proportions])
def test_missing_weight(func: object) -> None:
    w = list(W)
    w[2] = NAN
    with pytest.raises(ValueError, match=r"weights: 1 missing value\(s\)"):
        func(Y if func is weighted_mean else G, w)  # type: ignore[operator]


@pytest.mark.parametrize("func", [weighted_mean, weighted_proportions])
def test_negative_weight(func: object) -> None:
    w = list(W)
    w[0] = -1.0
    with pytest.raises(ValueError, match=r"weights: 1 negative value\(s\)"):
        func(Y if func is weighted_mean else G, w)  # type: ignore[operator]


@pytest.mark.parametrize("func", [weighted_mean, weighted_proportions])
def test_length_mismatch(func: object) -> None:
    with pytest.raises(ValueError, match="weights: has 11 values but values has 12"):
        func(Y if func is weighted_mean else G, W[:11])  # type: ignore[operator]


def test_misaligned_series() -> None:
    with pytest.raises(ValueError, match="weights: its index differs"):
        weighted_mean(pd.Series(Y), pd.Series(W, index=range(1, 13)))


def test_too_few_cases() -> None:
    with pytest.raises(ValueError, match="values: need at least 2 cases, got 1"):
        weighted_mean([1.0], [1.0])
    with pytest.raises(ValueError, match="at least 2 cases with a value and a positive weight"):
        weighted_mean([1.0, 2.0, NAN], [1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="at least 2 cases with a value and a positive weight"):
        weighted_proportions(["a", None, None], [1.0, 1.0, 1.0])


@pytest.mark.parametrize("level", [0, 1, 95, True, "0.95"])
def test_bad_level(level: object) -> None:
    with pytest.raises(ValueError, match="level: must be a number strictly between 0 and 1"):
        weighted_mean(Y, W, level=level)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level: must be a number strictly between 0 and 1"):
        weighted_proportions(G, W, level=level)  # type: ignore[arg-type]


def test_non_numeric_values_or_weights() -> None:
    with pytest.raises(ValueError, match="values: must be numeric"):
        weighted_mean(["a", "b"], [1.0, 1.0])
    with pytest.raises(ValueError, match="weights: must be numeric"):
        weighted_proportions(["a", "b"], ["x", "y"])


def test_value_outside_categories() -> None:
    with pytest.raises(ValueError, match=r"values: values not in categories: \['c'\]"):
        weighted_proportions(G, W, categories=["a", "b"])
