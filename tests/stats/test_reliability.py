"""Tests of kosieval.stats.cronbach_alpha against R psych::alpha (and pingouin).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and psych 2.2.9, printed with ``sprintf("%.17g", ...)``; R does not run
in the test suite. Setup of the R session::

    library(psych)
    A <- data.frame(<DATA_A below, NaN -> NA>)
    d <- read.csv("tests/data/bfi_agreeableness_1-100.csv", row.names = 1); d$A1 <- 7 - d$A1
    a <- alpha(X)          # X = na.omit(A), A, d or na.omit(d); use = "pairwise" is the default
    a$total$raw_alpha; a$total$std.alpha; a$total$ase
    a$feldt$lower.ci; a$feldt$upper.ci                       # the printed "Feldt" line
    a$total$raw_alpha + c(-1, 1) * qnorm(0.975) * a$total$ase  # the "Duhachek" line (psych
                                                             # prints it with 1.96)
    alpha.ci(a$total$raw_alpha, n, k, p.val = 0.10)          # Feldt at level 0.90
    a$item.stats$r.drop; a$item.stats$raw.r; a$alpha.drop$raw_alpha
    a$item.stats$mean; a$item.stats$sd; a$item.stats$n
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from stats_reference_data import DATA_A, bfi_raw

from kosieval.stats import ReliabilityResult, cronbach_alpha

NAN = np.nan



def bfi_agreeableness() -> pd.DataFrame:
    """psych's bfi[1:100, 1:5] (see tests/data/README.md) with A1 reverse keyed (7 - A1)."""
    d = bfi_raw()
    d["A1"] = 7 - d["A1"]
    return d


def close(value: float) -> object:
    """Tolerance for closed-form results: relative 1e-9."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


# --- reference values from R ---------------------------------------------------------------

REFERENCES = {
    # alpha(na.omit(A))  -- listwise, n = 8 complete rows, k = 8
    "A_listwise": dict(
        data="A", missing="listwise", n=8, k=8,
        raw_alpha=0.8415010403960681,
        std_alpha=0.84401237486469949,
        feldt=(0.59445119125589896, 0.9629587034355267),
        duhachek=(0.67290162099888762, 1.0101004597932486),
        feldt90=(0.65079008586946385, 0.95226836141665072),
        duhachek90=(0.70000794731637872, 0.98299413347575748),
        r_drop=[0.93459741176104949, 0.68631586450984117, 0.53977128338745928,
                0.5960906930905866, 0.55754124321960663, 0.17643396214858006,
                0.56104576913171367, 0.62533378709044096],
        raw_r=[0.95477861829051835, 0.79717369508964353, 0.63519245801416557,
               0.71466476349394892, 0.65989360358792171, 0.34737300705023416,
               0.68354690143837127, 0.72836275671823292],
        alpha_drop=[0.77665947759405707, 0.80782312925170074, 0.82836117740652337,
                    0.81998676373262747, 0.8254649499284693, 0.86902785463936538,
                    0.82450473729543494, 0.81628664495114012],
        mean=[3.75, 2.875, 2.875, 3.25, 3.5, 3.5, 3.875, 2.5],
        sd=[1.0350983390135313, 1.3562026818605375, 0.83452296039628016, 1.1649647450214351,
            0.92582009977255142, 1.0690449676496976, 1.1259916264596033, 1.0690449676496976],
        item_n=[8, 8, 8, 8, 8, 8, 8, 8],
    ),
    # alpha(A)  -- use = "pairwise" (psych's default), nsub = 12 rows, k = 8
    "A_pairwise": dict(
        data="A", missing="pairwise", n=12, k=8,
        raw_alpha=0.85841533882333576,
        std_alpha=0.85728538382786701,
        feldt=(0.69345915161297733, 0.95244838659022801),
        duhachek=(0.73620111033435742, 0.9806295673123141),
        feldt90=(0.72882214259946343, 0.94271778235156478),
        duhachek90=(0.75584992508062021, 0.96098075256605131),
        r_drop=[0.82565528127039245, 0.69630295195991387, 0.44029736289373689,
                0.68008307523534206, 0.60992545664718534, 0.21539560549119061,
                0.65419205095093447, 0.74194642809081246],
        raw_r=[0.86143556010291267, 0.70351982518648959, 0.63271940064601739,
               0.7987126655551825, 0.7291930625698525, 0.40484882200187128,
               0.77882500879196026, 0.77515996093214967],
        alpha_drop=[0.81679283107881651, 0.82965067950279348, 0.85811731101148625,
                    0.8317992004685153, 0.84092775041050905, 0.8822660738891922,
                    0.83512780112044815, 0.82520164948969688],
        mean=[3.8181818181818183, 3, 2.5454545454545454, 3.4166666666666665, 3.75,
              3.6363636363636362, 3.75, 2.5454545454545454],
        sd=[0.98164981721404276, 1.1832159566199232, 0.9341987329938275, 1.164500152881315,
            0.96530729916342273, 1.0269106361049409, 1.1381803659589922, 1.0357254813546264],
        item_n=[11, 11, 11, 12, 12, 11, 12, 11],
    ),
    # alpha(d)  -- bfi A1..A5 (A1 reversed), pairwise, nsub = 100, k = 5
    "bfi_pairwise": dict(
        data="bfi", missing="pairwise", n=100, k=5,
        raw_alpha=0.62847530975648302,
        std_alpha=0.65069199285523682,
        feldt=(0.49947860134536048, 0.73229184469073461),
        duhachek=(0.51165765406175279, 0.74529296545121326),
        feldt90=(0.52273675674892739, 0.71761495171624534),
        duhachek90=(0.5304388426697999, 0.72651177684316615),
        r_drop=[0.19953969128162213, 0.46741155323664074, 0.54659381292353493,
                0.19657895423094379, 0.60603644147497826],
        raw_r=[0.5139396446698079, 0.65479721013097048, 0.74687750768239602,
               0.52636808038255778, 0.77917238043707693],
        alpha_drop=[0.66853073167226473, 0.54410139416983516, 0.48888748894261191,
                    0.67613630143139325, 0.46096776984547638],
        mean=[4.5899999999999999, 4.7272727272727275, 4.6399999999999997, 4.4299999999999997,
              4.4400000000000004],
        sd=[1.4501480244889806, 1.1048887820858806, 1.3372669248444113, 1.5192701597088709,
            1.2895853221211473],
        item_n=[100, 99, 100, 100, 100],
    ),
    # alpha(na.omit(d))  -- bfi listwise, n = 99, k = 5
    "bfi_listwise": dict(
        data="bfi", missing="listwise", n=99, k=5,
        raw_alpha=0.62958760576007189,
        std_alpha=0.65139899737909068,
        feldt=(0.50025075285286102, 0.73356246305397288),
        duhachek=(0.51257983265730811, 0.74659537886283567),
        feldt90=(0.52358319415994303, 0.71887346794605644),
        duhachek90=(0.53139158711498402, 0.72778362440515976),
        r_drop=[0.19870086738172282, 0.46518963829003757, 0.54967160041649299,
                0.19949249492322055, 0.60789807544803465],
        raw_r=[0.51364804822332732, 0.65479721013097048, 0.7489868740370238,
               0.52709361579156244, 0.78057441554497375],
        alpha_drop=[0.67062424455101954, 0.54692656131505046, 0.48904168967585254,
                    0.67570601265508423, 0.46172393007836049],
        mean=[4.5858585858585856, 4.7272727272727275, 4.6464646464646462, 4.4141414141414144,
              4.4444444444444446],
        sd=[1.4569334654180754, 1.1048887820858806, 1.342500950580223, 1.5186601305239029,
            1.2953781436890899],
        item_n=[99, 99, 99, 99, 99],
    ),
}


def _data(name: str) -> pd.DataFrame:
    return DATA_A if name == "A" else bfi_agreeableness()


@pytest.mark.parametrize("case", sorted(REFERENCES))
def test_matches_psych_alpha(case: str) -> None:
    ref = REFERENCES[case]
    res = cronbach_alpha(_data(ref["data"]), missing=ref["missing"])
    assert isinstance(res, ReliabilityResult)
    assert res.n == ref["n"]
    assert res.k == ref["k"]
    assert res.alpha == close(ref["raw_alpha"])
    assert res.alpha_standardized == close(ref["std_alpha"])
    assert (res.ci_low, res.ci_high) == (close(ref["feldt"][0]), close(ref["feldt"][1]))
    assert res.duhachek_ci_low == close(ref["duhachek"][0])
    assert res.duhachek_ci_high == close(ref["duhachek"][1])
    items = res.item_stats
    assert items["r_corrected"].tolist() == [close(v) for v in ref["r_drop"]]
    assert items["r_uncorrected"].tolist() == [close(v) for v in ref["raw_r"]]
    assert items["alpha_if_deleted"].tolist() == [close(v) for v in ref["alpha_drop"]]
    assert items["mean"].tolist() == [close(v) for v in ref["mean"]]
    assert items["sd"].tolist() == [close(v) for v in ref["sd"]]
    assert items["n"].tolist() == ref["item_n"]


@pytest.mark.parametrize("case", sorted(REFERENCES))
def test_level_090_matches_psych(case: str) -> None:
    ref = REFERENCES[case]
    res = cronbach_alpha(_data(ref["data"]), missing=ref["missing"], level=0.90)
    assert res.level == 0.90
    assert res.alpha == close(ref["raw_alpha"])
    assert (res.ci_low, res.ci_high) == (close(ref["feldt90"][0]), close(ref["feldt90"][1]))
    assert res.duhachek_ci_low == close(ref["duhachek90"][0])
    assert res.duhachek_ci_high == close(ref["duhachek90"][1])


def test_psych_printed_duhachek_line_uses_1_96() -> None:
    # psych's print uses raw_alpha +- 1.96 * ase; ase = 0.086021692606125064 for
    # alpha(na.omit(A)). kosieval uses qnorm(0.975): the two differ by < 1e-5 here.
    res = cronbach_alpha(DATA_A)
    ase = 0.086021692606125064
    assert res.duhachek_ci_low == pytest.approx(0.8415010403960681 - 1.96 * ase, abs=1e-5)
    assert (res.duhachek_ci_high - res.duhachek_ci_low) / 2 == close(
        1.959963984540054 * ase
    )


def test_n_conventions() -> None:
    listwise = cronbach_alpha(DATA_A)
    assert (listwise.n, listwise.n_rows, listwise.n_pairwise_min) == (8, 12, 8)
    pairwise = cronbach_alpha(DATA_A, missing="pairwise")
    # n = rows with at least one observed value; smallest pairwise count: i2 and i8 (rows 11
    # and 9 missing) have 10 cases in common.
    assert (pairwise.n, pairwise.n_rows, pairwise.n_pairwise_min) == (12, 12, 10)

    # An entirely empty row is not counted (psych::alpha would count it: nsub = nrow(x)),
    # and it changes nothing else.
    empty = pd.DataFrame({c: [NAN] for c in DATA_A.columns})
    with_empty = pd.concat([DATA_A, empty], ignore_index=True)
    res = cronbach_alpha(with_empty, missing="pairwise")
    assert (res.n, res.n_rows) == (12, 13)
    assert res.ci_low == close(REFERENCES["A_pairwise"]["feldt"][0])
    assert res.alpha == close(REFERENCES["A_pairwise"]["raw_alpha"])


def test_constant_item_is_excluded_with_warning() -> None:
    # R: Ac <- na.omit(A); Ac$i9 <- 3; alpha(Ac)
    #   Warning "Item = i9 had no variance and was deleted but still is counted in the score"
    #   raw_alpha = 0.8415010403960681, feldt lower = 0.59445119125589896, nvar = 8,
    #   r.drop identical to alpha(na.omit(A)); i9 has no row in item.stats.
    data = DATA_A.dropna().assign(i9=3.0)
    with pytest.warns(RuntimeWarning, match=r"item 'i9' has no variance"):
        res = cronbach_alpha(data)
    ref = REFERENCES["A_listwise"]
    assert res.alpha == close(0.8415010403960681)
    assert res.ci_low == close(0.59445119125589896)
    assert res.k == 8
    assert res.excluded_items == ("i9",)
    assert "i9" in res.method
    assert list(res.item_stats.index) == [*DATA_A.columns, "i9"]
    assert res.item_stats.loc["i1":"i8", "r_corrected"].tolist() == [
        close(v) for v in ref["r_drop"]
    ]
    row = res.item_stats.loc["i9"]
    assert np.isnan(row["r_corrected"])
    assert np.isnan(row["r_uncorrected"])
    assert row["alpha_if_deleted"] == res.alpha  # i9 is not in alpha
    assert (row["mean"], row["sd"], row["n"]) == (3.0, 0.0, 8)


def test_item_with_one_observed_value_pairwise() -> None:
    data = DATA_A.assign(i9=[NAN] * 11 + [2.0])
    with pytest.warns(RuntimeWarning, match="item 'i9' has fewer than 2 observed values"):
        res = cronbach_alpha(data, missing="pairwise")
    assert res.alpha == close(REFERENCES["A_pairwise"]["raw_alpha"])
    assert res.excluded_items == ("i9",)
    assert res.item_stats.loc["i9", "n"] == 1
    assert np.isnan(res.item_stats.loc["i9", "sd"])


def test_negatively_keyed_item_warns() -> None:
    # i3 reversed (6 - i3) correlates negatively with the other items.
    data = DATA_A.dropna().assign(i3=lambda d: 6 - d["i3"])
    with pytest.warns(RuntimeWarning, match=r"\['i3'\] correlate negatively"):
        res = cronbach_alpha(data)
    # r(6 - i3, others) = -r(i3, others) = -r.drop of i3 in alpha(na.omit(A))
    assert res.item_stats.loc["i3", "r_corrected"] == close(-0.53977128338745928)


def test_two_items() -> None:
    # R: a2 <- alpha(na.omit(A)[, c("i1", "i4")])
    data = DATA_A.dropna()[["i1", "i4"]]
    with pytest.warns(RuntimeWarning, match="alpha_if_deleted is undefined with only 2"):
        res = cronbach_alpha(data)
    assert res.alpha == close(0.78571428571428559)  # a2$total$raw_alpha
    assert res.alpha_standardized == close(0.78904113631067641)  # a2$total$std.alpha
    assert res.ci_low == close(-0.070337689799266467)  # a2$feldt$lower.ci
    assert res.ci_high == close(0.95709917740488948)  # a2$feldt$upper.ci
    half = (res.duhachek_ci_high - res.duhachek_ci_low) / 2
    assert half == close(1.959963984540054 * 0.1497081709298082)  # qnorm(.975) * a2$total$ase
    # a2$item.stats$r.drop (= r(i1, i4)) and raw.r
    assert res.item_stats["r_corrected"].tolist() == [
        close(0.65158376553500164),
        close(0.65158376553500141),
    ]
    assert res.item_stats["r_uncorrected"].tolist() == [
        close(0.89708522714506045),
        close(0.91970900922744869),
    ]
    assert res.item_stats["alpha_if_deleted"].isna().all()


def test_pingouin_cross_check() -> None:
    pingouin = pytest.importorskip("pingouin")
    # pingouin.cronbach_alpha uses pairwise covariances by default and n = all rows (as
    # psych); its CI is rounded to 3 decimals.
    alpha_pg, ci_pg = pingouin.cronbach_alpha(DATA_A)
    res = cronbach_alpha(DATA_A, missing="pairwise")
    assert res.alpha == close(float(alpha_pg))
    assert res.ci_low == pytest.approx(ci_pg[0], abs=5e-4)
    assert res.ci_high == pytest.approx(ci_pg[1], abs=5e-4)
    # Listwise: pingouin 0.7 counts n before dropping incomplete rows, so its CI is only
    # comparable on data that are already complete.
    complete = bfi_agreeableness().dropna()
    alpha_pg, ci_pg = pingouin.cronbach_alpha(complete, nan_policy="listwise")
    res = cronbach_alpha(complete)
    assert res.alpha == close(float(alpha_pg))
    assert res.ci_low == pytest.approx(ci_pg[0], abs=5e-4)
    assert res.ci_high == pytest.approx(ci_pg[1], abs=5e-4)
    alpha_pg, _ = pingouin.cronbach_alpha(DATA_A, nan_policy="listwise")
    assert cronbach_alpha(DATA_A).alpha == close(float(alpha_pg))


def test_item_total_identities_on_complete_data() -> None:
    # Independent of psych: r_uncorrected is the Pearson r of the item with the sum score,
    # r_corrected with the sum of the other items (numpy.corrcoef).
    data = DATA_A.dropna()
    res = cronbach_alpha(data)
    total = data.sum(axis=1)
    for item in data.columns:
        r_unc = np.corrcoef(data[item], total)[0, 1]
        r_cor = np.corrcoef(data[item], total - data[item])[0, 1]
        assert res.item_stats.loc[item, "r_uncorrected"] == close(r_unc)
        assert res.item_stats.loc[item, "r_corrected"] == close(r_cor)
    # alpha = k/(k-1) * (1 - sum of item variances / variance of the sum score)
    k = data.shape[1]
    expected = k / (k - 1) * (1 - data.var(ddof=1).sum() / total.var(ddof=1))
    assert res.alpha == close(expected)


def test_nullable_integer_input() -> None:
    nullable = DATA_A.astype("Int64")
    assert nullable.isna().sum().sum() == 5
    res = cronbach_alpha(nullable, missing="pairwise")
    assert res.alpha == close(REFERENCES["A_pairwise"]["raw_alpha"])


def test_simulation_recovers_known_alpha() -> None:
    # Parallel items x_j = 0.7 f + e_j with Var(f) = 1, Var(e_j) = 0.51: inter-item
    # correlation rho = 0.49, population alpha = k rho / (1 + (k - 1) rho) = 2.94 / 3.45.
    rng = np.random.default_rng(20240601)
    n, k = 5000, 6
    f = rng.standard_normal(n)
    x = 0.7 * f[:, None] + np.sqrt(0.51) * rng.standard_normal((n, k))
    true_alpha = 6 * 0.49 / (1 + 5 * 0.49)
    res = cronbach_alpha(pd.DataFrame(x))
    assert res.alpha == pytest.approx(true_alpha, abs=0.01)  # SE about 0.003
    assert res.ci_low < true_alpha < res.ci_high
    assert res.duhachek_ci_low < true_alpha < res.duhachek_ci_high
    assert res.alpha_standardized == pytest.approx(true_alpha, abs=0.01)


def test_result_is_frozen_and_tidy() -> None:
    res = cronbach_alpha(DATA_A)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.alpha = 0.5  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape[0] == 1
    assert frame.loc[0, "alpha"] == res.alpha
    assert frame.loc[0, "missing"] == "listwise"
    for word in ("Feldt", "Duhachek", "listwise", "r.drop", "raw.r"):
        assert word in res.method
    assert "pairwise" in cronbach_alpha(DATA_A, missing="pairwise").method
    assert list(res.item_stats.columns) == [
        "n", "mean", "sd", "r_corrected", "r_uncorrected", "alpha_if_deleted",
    ]
    assert res.item_stats.index.name == "item"


def test_no_warning_on_regular_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cronbach_alpha(DATA_A)
        cronbach_alpha(DATA_A, missing="pairwise")


# --- bad arguments and undefined cases --------------------------------------------------------


def test_fewer_than_two_items() -> None:
    with pytest.raises(ValueError, match="items: alpha needs at least 2 items, got 1"):
        cronbach_alpha(DATA_A[["i1"]])


def test_fewer_than_three_cases() -> None:
    with pytest.raises(ValueError, match="items: alpha needs at least 3 cases, got 2"):
        cronbach_alpha(DATA_A.iloc[[0, 2]])
    # listwise leaves 2 complete rows of these 4
    with pytest.raises(ValueError, match="at least 3 cases, got 2 complete rows"):
        cronbach_alpha(DATA_A.iloc[[0, 1, 2, 4]])


def test_only_one_item_with_variance() -> None:
    data = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 2, 2]})
    with (
        pytest.warns(RuntimeWarning, match="'b' has no variance"),
        pytest.raises(ValueError, match="items: alpha needs at least 2 items with variance"),
    ):
        cronbach_alpha(data)


@pytest.mark.parametrize("missing", ["complete", "Listwise", None])
def test_bad_missing(missing: object) -> None:
    with pytest.raises(ValueError, match="missing: must be 'listwise' or 'pairwise'"):
        cronbach_alpha(DATA_A, missing=missing)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, True, "0.95", NAN])
def test_bad_level(level: object) -> None:
    with pytest.raises(ValueError, match="level: must be a number strictly between 0 and 1"):
        cronbach_alpha(DATA_A, level=level)  # type: ignore[arg-type]


def test_non_numeric_column() -> None:
    data = DATA_A.dropna().assign(i2=lambda d: d["i2"].astype(str))
    with pytest.raises(ValueError, match="items: column 'i2' is not numeric"):
        cronbach_alpha(data)


def test_infinite_value() -> None:
    data = DATA_A.dropna().copy()
    data.iloc[0, 0] = np.inf
    with pytest.raises(ValueError, match="items: column 'i1' contains infinite values"):
        cronbach_alpha(data)


def test_pairwise_pair_without_overlap() -> None:
    data = pd.DataFrame(
        {
            "a": [1, 2, 3, NAN, NAN, NAN],
            "b": [NAN, NAN, NAN, 1, 2, 4],
            "c": [1, 3, 2, 2, 1, 4],
        }
    )
    with pytest.raises(ValueError, match="items: items 'a' and 'b' have 0 case"):
        cronbach_alpha(data, missing="pairwise")


def test_items_cancelling_out() -> None:
    # b = 6 - a: the total score a + b is constant.
    data = pd.DataFrame({"a": [1, 2, 3, 5], "b": [5, 4, 3, 1]})
    with pytest.raises(ValueError, match="items: the variance of the total score"):
        cronbach_alpha(data)


def test_other_items_cancelling_out() -> None:
    # b + c is constant, so r_corrected and alpha_if_deleted of a are undefined.
    data = pd.DataFrame({"a": [1, 2, 4, 3], "b": [1, 2, 3, 5], "c": [5, 4, 3, 1]})
    with pytest.warns(RuntimeWarning) as record:
        res = cronbach_alpha(data)
    messages = [str(w.message) for w in record]
    assert any("the sum of the items other than 'a' has no variance" in m for m in messages)
    assert any("['b', 'c'] correlate negatively" in m for m in messages)
    assert np.isnan(res.item_stats.loc["a", "r_corrected"])
    assert np.isnan(res.item_stats.loc["a", "alpha_if_deleted"])
    # alpha itself is defined: 1'C1 = var(a + b + c) = var(a + 6) > 0
    var = data.var(ddof=1)
    expected = 3 / 2 * (1 - var.sum() / data.sum(axis=1).var(ddof=1))
    assert res.alpha == close(expected)
