"""Tests of kosieval.stats.score_scale against R (psych::scoreItems and base R).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and psych 2.2.9, printed with ``sprintf("%.17g", ...)``; R does not run
in the test suite. Setup::

    library(psych)
    d <- read.csv("tests/data/bfi_agreeableness_1-100.csv", row.names = 1)   # A1 not reversed
    s <- scoreItems(list(agree = c("-A1", "A2", "A3", "A4", "A5")), d, totals = FALSE,
                    impute = "none", min = 1, max = 6)$scores[, 1]
    m <- rowMeans(cbind(7 - d$A1, d[, 2:5]), na.rm = TRUE)   # max(abs(m - s)) == 0
    A <- data.frame(<DATA_A of test_reliability.py>)
    Ar <- A; Ar$i3 <- 6 - Ar$i3; Ar$i6 <- 6 - Ar$i6
    nv <- rowSums(!is.na(Ar)); mm <- rowMeans(Ar, na.rm = TRUE)
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from stats_reference_data import DATA_A, bfi_raw

from kosieval.stats import ScaleScores, score_scale

NAN = np.nan



def close(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def closes(values: list[float]) -> list[object]:
    return [NAN_MARK if np.isnan(v) else close(v) for v in values]


class _NanMark:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, float) and np.isnan(other)

    def __repr__(self) -> str:
        return "nan"


NAN_MARK = _NanMark()


def bfi() -> pd.DataFrame:
    return bfi_raw()


def test_mean_matches_psych_score_items() -> None:
    res = score_scale(bfi(), reverse=["A1"], response_range=(1, 6))
    assert isinstance(res, ScaleScores)
    # s[1:5]
    assert res.scores.iloc[:5].tolist() == closes(
        [4, 4.2000000000000002, 3.7999999999999998, 4.5999999999999996, 4]
    )
    # s[66] (sapa_id 61759, A2 missing): mean of the 4 valid items, (7 - 2 + 4 + 6 + 4) / 4
    assert res.scores.loc[61759] == close(4.75)
    assert res.n_valid.loc[61759] == 4
    # mean(s); sd(s)
    assert res.scores.mean() == close(4.5655000000000001)
    assert res.scores.std() == close(0.85365213623405733)


def test_prorated_sum_matches_r() -> None:
    res = score_scale(bfi(), reverse="A1", response_range=(1, 6), method="sum")
    # ps <- 5 * m; ps[1:5]; ps[66]; mean(ps); sd(ps)
    assert res.scores.iloc[:5].tolist() == closes([20, 21, 19, 23, 20])
    assert res.scores.loc[61759] == close(23.75)
    # psych's scoreItems(..., totals = TRUE, impute = "none") gives 19 here (the sum of the
    # 4 valid items, not prorated) and warns that this "can lead to serious problems".
    assert res.scores.loc[61759] != 19
    assert res.scores.mean() == close(22.827500000000001)
    assert res.scores.std() == close(4.268260681170287)


def test_min_valid_and_reverse_keying_match_r() -> None:
    res = score_scale(DATA_A, reverse=["i3", "i6"], response_range=(1, 5), min_valid=7)
    # nv
    assert res.n_valid.tolist() == [8, 7, 8, 8, 6, 8, 8, 8, 7, 8, 7, 8]
    # ifelse(nv >= 7, rowMeans(Ar, na.rm = TRUE), NA)
    assert res.scores.tolist() == closes(
        [3.125, 4.2857142857142856, 3.375, 3.25, NAN, 2, 4, 3.625, 3.4285714285714284,
         2.625, 3.4285714285714284, 3.375]
    )
    total = score_scale(DATA_A, reverse=["i3", "i6"], response_range=(1, 5), min_valid=7,
                        method="sum")
    # ifelse(nv >= 7, 8 * rowMeans(Ar, na.rm = TRUE), NA)
    assert total.scores.tolist() == closes(
        [25, 34.285714285714285, 27, 26, NAN, 16, 32, 29, 27.428571428571427, 21,
         27.428571428571427, 27]
    )


def test_min_valid_one_matches_psych_score_items() -> None:
    # scoreItems(list(s = c("i1", "i2", "-i3", "i4", "i5", "-i6", "i7", "i8")), A,
    #            totals = FALSE, impute = "none", min = 1, max = 5)$scores[, 1]
    res = score_scale(DATA_A, reverse=("i3", "i6"), response_range=(1, 5))
    assert res.scores.tolist() == closes(
        [3.125, 4.2857142857142856, 3.375, 3.25, 2.8333333333333335, 2, 4, 3.625,
         3.4285714285714284, 2.625, 3.4285714285714284, 3.375]
    )


def test_complete_rows_sum_is_the_plain_sum() -> None:
    items = pd.DataFrame({"a": [0.1, 0.2, 0.7], "b": [0.2, 0.7, 0.1], "c": [0.7, 0.1, 0.2]})
    res = score_scale(items, method="sum")
    assert res.scores.tolist() == items.sum(axis=1).tolist()  # exactly, no mean * k detour


def test_result_shape_and_conventions() -> None:
    items = DATA_A.set_axis([f"r{i}" for i in range(12)])
    res = score_scale(items, reverse=["i3"], response_range=(1, 5), min_valid=8)
    assert res.scores.dtype == np.float64
    assert res.n_valid.dtype == np.int64
    assert list(res.scores.index) == list(items.index)
    assert res.scores.isna().sum() == 4  # the rows with a missing item
    assert (res.reverse, res.response_range, res.min_valid, res.n_items, res.scoring) == (
        ("i3",), (1.0, 5.0), 8, 8, "mean",
    )
    assert "reverse keyed as 1 + 5 - x: i3" in res.method
    assert "fewer than 8 of 8 items" in res.method
    assert "prorated" in score_scale(items, method="sum").method
    frame = res.to_frame()
    assert list(frame.columns) == ["score", "n_valid"]
    assert frame.shape == (12, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.min_valid = 1  # type: ignore[misc]


def test_nullable_integer_items() -> None:
    res = score_scale(DATA_A.astype("Int64"), reverse=["i3", "i6"], response_range=(1, 5))
    ref = score_scale(DATA_A, reverse=["i3", "i6"], response_range=(1, 5))
    pd.testing.assert_series_equal(res.scores, ref.scores)


def test_does_not_modify_input() -> None:
    items = DATA_A.copy()
    score_scale(items, reverse=["i3"], response_range=(1, 5))
    pd.testing.assert_frame_equal(items, DATA_A)


# --- bad arguments ------------------------------------------------------------------------------


def test_reverse_requires_response_range() -> None:
    with pytest.raises(ValueError, match=r"response_range: required to reverse-key items"):
        score_scale(DATA_A, reverse=["i3"])


def test_unknown_reverse_item() -> None:
    with pytest.raises(ValueError, match=r"reverse: \['i9'\] not among the items"):
        score_scale(DATA_A, reverse=["i9"], response_range=(1, 5))


def test_duplicated_reverse_item() -> None:
    with pytest.raises(ValueError, match="reverse: names listed twice"):
        score_scale(DATA_A, reverse=["i3", "i3"], response_range=(1, 5))


@pytest.mark.parametrize("response_range", [(5, 1), (1,), (1, 2, 3), ("1", "5"), 5, (1, NAN)])
def test_bad_response_range(response_range: object) -> None:
    with pytest.raises(ValueError, match="response_range: "):
        score_scale(DATA_A, response_range=response_range)  # type: ignore[arg-type]


def test_value_outside_response_range() -> None:
    items = DATA_A.copy()
    items.loc[3, "i5"] = -9  # a missing code that was not turned into NA
    with pytest.raises(
        ValueError,
        match=r"response_range: item 'i5' has the value -9 at row 3, outside \(1.0, 5.0\)",
    ):
        score_scale(items, response_range=(1, 5))


@pytest.mark.parametrize("min_valid", [0, 9, 2.0, True, None])
def test_bad_min_valid(min_valid: object) -> None:
    with pytest.raises(ValueError, match=r"min_valid: must be an integer between 1 and"):
        score_scale(DATA_A, min_valid=min_valid)  # type: ignore[arg-type]


def test_bad_method() -> None:
    with pytest.raises(ValueError, match="method: must be 'mean' or 'sum'"):
        score_scale(DATA_A, method="total")  # type: ignore[arg-type]


def test_non_numeric_items() -> None:
    with pytest.raises(ValueError, match="items: column 'i1' is not numeric"):
        score_scale(DATA_A.astype({"i1": str}))
