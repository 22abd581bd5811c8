"""mean_ci against R's t.test (R 4.2, stats); describe_items against psych::describe and table()."""

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from stats_reference_data import DATA_A

from kosieval.stats.descriptives import ItemDescription, describe_items, mean_ci


def test_mean_ci_matches_r_t_test():
    # R: x <- c(2.5, 3, 3.5, 4, 1.5, 2, NA, 3.25); t.test(x)$conf.int; mean(x, na.rm=TRUE); sd(x, na.rm=TRUE)
    result = mean_ci([2.5, 3, 3.5, 4, 1.5, 2, None, 3.25])
    assert result.n == 7 and result.n_missing == 1
    assert result.mean == pytest.approx(2.8214285714285716, abs=1e-12)
    assert result.sd == pytest.approx(0.8745747265848427, abs=1e-12)
    assert result.ci_low == pytest.approx(2.0125818539601670, abs=1e-9)
    assert result.ci_high == pytest.approx(3.6302752888969763, abs=1e-9)


def test_mean_ci_needs_two_values():
    with pytest.raises(ValueError, match="values"):
        mean_ci([1.0, None])
    with pytest.raises(ValueError, match="level"):
        mean_ci([1.0, 2.0], level=95)


# --- describe_items --------------------------------------------------------------------------
#
# Reference values from R 4.2.2 Patched (2022-11-10 r83330) with psych 2.2.9, printed with
# sprintf("%.17g", ...), for A <- data.frame(<DATA_A of stats_reference_data.py, NaN -> NA>):
#     ds <- psych::describe(A); ds$n; ds$mean; ds$sd; ds$median; ds$min; ds$max
#     colSums(is.na(A))
#     for (v in names(A)) { t <- table(factor(A[[v]], levels = 1:5)); t; prop.table(t) }

NAN = np.nan
AGREE = {1: "stimme gar nicht zu", 2: "eher nicht", 3: "teils", 4: "eher", 5: "voll"}

PSYCH_DESCRIBE = dict(
    n=[11, 11, 11, 12, 12, 11, 12, 11],
    mean=[3.8181818181818183, 3, 2.5454545454545454, 3.4166666666666665, 3.75,
          3.6363636363636362, 3.75, 2.5454545454545454],
    sd=[0.98164981721404276, 1.1832159566199232, 0.9341987329938275, 1.164500152881315,
        0.96530729916342273, 1.0269106361049409, 1.1381803659589922, 1.0357254813546264],
    median=[4, 3, 2, 4, 4, 4, 4, 3],
    min=[2, 1, 1, 2, 2, 1, 2, 1],
    max=[5, 4, 4, 5, 5, 5, 5, 4],
)
# table(factor(A$i, levels = 1:5))
R_TABLES = {
    "i1": [0, 1, 3, 4, 3], "i2": [2, 1, 3, 5, 0], "i3": [1, 5, 3, 2, 0], "i4": [0, 4, 1, 5, 2],
    "i5": [0, 1, 4, 4, 3], "i6": [1, 0, 2, 7, 1], "i7": [0, 2, 3, 3, 4], "i8": [2, 3, 4, 2, 0],
}


def close(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def test_describe_items_matches_psych_describe():
    res = describe_items(DATA_A)
    s = res.summary
    assert list(s.index) == list(DATA_A.columns)
    assert s.index.name == "item"
    assert s["n"].tolist() == PSYCH_DESCRIBE["n"]
    assert s["n_missing"].tolist() == [1, 1, 1, 0, 0, 1, 0, 1]  # colSums(is.na(A))
    assert s["share_missing"].tolist() == [close(v / 12) for v in [1, 1, 1, 0, 0, 1, 0, 1]]
    for column in ("mean", "sd", "median", "min", "max"):
        assert s[column].tolist() == [close(v) for v in PSYCH_DESCRIBE[column]], column
    assert res.n_rows == 12


def test_describe_items_matches_pandas_describe():
    s = describe_items(DATA_A).summary
    ref = DATA_A.describe().T
    assert s["n"].tolist() == ref["count"].astype(int).tolist()
    for ours, theirs in (("mean", "mean"), ("sd", "std"), ("median", "50%"), ("min", "min"),
                         ("max", "max")):
        assert s[ours].tolist() == [close(v) for v in ref[theirs]], ours


def test_distribution_matches_r_table():
    res = describe_items(DATA_A, labels=AGREE)
    d = res.distribution
    assert list(d.columns) == ["item", "code", "label", "count", "share"]
    assert d.shape[0] == 8 * 5
    for item, counts in R_TABLES.items():
        rows = d[d["item"] == item]
        assert rows["code"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
        assert rows["count"].tolist() == counts
        n = sum(counts)
        # prop.table(t), e.g. i1 -> 0, 0.090909090909090912, 0.27272727272727271, ...
        assert rows["share"].tolist() == [close(c / n) for c in counts]
        assert rows["label"].tolist() == list(AGREE.values())
    i1 = d[d["item"] == "i1"]["share"].tolist()
    assert i1 == [0.0, close(0.090909090909090912), close(0.27272727272727271),
                  close(0.36363636363636365), close(0.27272727272727271)]


def test_unchosen_labelled_codes_appear_with_zero():
    items = pd.DataFrame({"q1": [1, 2, 2, NAN], "q2": [2, 2, 1, 1]})
    res = describe_items(items, labels={0: "keine Angabe", 1: "nein", 2: "ja", 3: "weiß nicht"})
    d = res.distribution
    assert d["code"].tolist() == [0.0, 1.0, 2.0, 3.0] * 2
    assert d["count"].tolist() == [0, 1, 2, 0, 0, 2, 2, 0]
    assert d["share"].tolist() == [0.0, close(1 / 3), close(2 / 3), 0.0, 0.0, 0.5, 0.5, 0.0]
    assert d["label"].tolist() == ["keine Angabe", "nein", "ja", "weiß nicht"] * 2


def test_without_labels_codes_are_the_union_of_observed_codes():
    items = pd.DataFrame({"q1": [1, 1, 2], "q2": [3, 3, 3]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = describe_items(items).distribution
    assert d["code"].tolist() == [1.0, 2.0, 3.0] * 2
    assert d["count"].tolist() == [2, 1, 0, 0, 0, 3]
    assert d["label"].isna().all()


def test_unlabelled_code_warns():
    items = pd.DataFrame({"q1": [1, 2, -9, 2]})
    with pytest.warns(RuntimeWarning, match=r"codes \[-9\.0\] occur in the data but have no label"):
        res = describe_items(items, labels={1: "nein", 2: "ja"})
    d = res.distribution
    assert d["code"].tolist() == [-9.0, 1.0, 2.0]
    assert np.isnan(d.loc[0, "label"])
    # -9 is counted as an answer: declare missing codes as NaN before describing.
    assert res.summary.loc["q1", "mean"] == close(-1.0)


def test_item_without_answers_and_item_with_one_answer():
    items = pd.DataFrame({"a": [NAN, NAN, NAN], "b": [NAN, 4, NAN], "c": [1, 2, 3]})
    with pytest.warns(RuntimeWarning) as record:
        res = describe_items(items)
    messages = [str(w.message) for w in record]
    assert any("item 'a' has no valid answer" in m for m in messages)
    assert any("item 'b' has only one valid answer; its SD is undefined" in m for m in messages)
    s = res.summary
    assert s.loc["a", ["mean", "sd", "median", "min", "max"]].isna().all()
    assert (s.loc["a", "n"], s.loc["a", "n_missing"], s.loc["a", "share_missing"]) == (0, 3, 1.0)
    assert (s.loc["b", "mean"], s.loc["b", "median"], s.loc["b", "min"]) == (4.0, 4.0, 4.0)
    assert np.isnan(s.loc["b", "sd"])
    d = res.distribution
    assert d[d["item"] == "a"]["count"].tolist() == [0, 0, 0, 0]
    assert d[d["item"] == "a"]["share"].isna().all()
    assert d[d["item"] == "b"]["share"].tolist() == [0.0, 0.0, 0.0, 1.0]


def test_all_values_missing():
    with pytest.warns(RuntimeWarning, match="no valid answer"):
        res = describe_items(pd.DataFrame({"a": [NAN, NAN]}))
    assert res.distribution.shape == (0, 5)
    assert list(res.distribution.columns) == ["item", "code", "label", "count", "share"]


def test_constant_item_and_even_n_median():
    items = pd.DataFrame({"const": [3, 3, 3, 3], "even": [1, 2, 4, 5]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = describe_items(items).summary
    assert (s.loc["const", "sd"], s.loc["const", "mean"]) == (0.0, 3.0)
    # R: median(c(1, 2, 4, 5)) -> 3; sd(c(1, 2, 4, 5)) -> 1.8257418583505538
    assert s.loc["even", "median"] == 3.0
    assert s.loc["even", "sd"] == close(1.8257418583505538)


def test_nullable_integers_and_float_label_keys():
    items = DATA_A.astype("Int64")
    res = describe_items(items, labels={1.0: "a", 2: "b", 3: "c", 4: "d", 5: "e"})
    assert res.summary["mean"].tolist() == [close(v) for v in PSYCH_DESCRIBE["mean"]]
    assert res.distribution["label"].tolist()[:5] == ["a", "b", "c", "d", "e"]


def test_item_description_is_frozen_and_tidy():
    res = describe_items(DATA_A)
    assert isinstance(res, ItemDescription)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.n_rows = 3  # type: ignore[misc]
    frame = res.to_frame()
    assert list(frame.columns) == ["item", "n", "n_missing", "share_missing", "mean", "sd",
                                   "median", "min", "max"]
    assert frame["item"].tolist() == list(DATA_A.columns)
    assert "n - 1" in res.method and "psych::describe" in res.method


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([1, 2], "must be a dict code -> label"),
        ({"1": "a"}, "codes must be finite numbers"),
        ({True: "a"}, "codes must be finite numbers"),
        ({np.nan: "a"}, "codes must be finite numbers"),
        ({1: 2}, "the label of code 1 must be a string"),
    ],
)
def test_bad_labels(labels, message):
    with pytest.raises(ValueError, match=f"labels: {message}"):
        describe_items(DATA_A, labels=labels)


def test_bad_items():
    with pytest.raises(ValueError, match="items: has no columns"):
        describe_items(pd.DataFrame(index=range(3)))
    with pytest.raises(ValueError, match="items: has no rows"):
        describe_items(pd.DataFrame({"a": pd.Series([], dtype=float)}))
    with pytest.raises(ValueError, match="items: column 'a' is not numeric"):
        describe_items(pd.DataFrame({"a": ["x", "y"]}))
