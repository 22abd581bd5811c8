"""Tests of kosieval.stats.contingency (crosstab_test, mcnemar) against R, scipy, statsmodels.

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and effectsize 0.8.3, printed with ``sprintf("%.17g", ...)``; R does not
run in the test suite. Per table ``tab`` (R's ``matrix`` is filled by column)::

    chisq.test(tab, correct = FALSE); chisq.test(tab, correct = TRUE)   # X^2, df, p, expected
    cramers_v(tab, adjust = FALSE)$Cramers_v; cramers_v(tab, adjust = TRUE)$Cramers_v_adjusted
    ft <- fisher.test(tab, conf.level = L); ft$p.value; ft$estimate; ft$conf.int  # L = .95, .9
    fisher_precise(tab, L)

``fisher_precise`` is the 2x2 branch of R's ``fisher.test`` copied verbatim (``dnhyper``,
``mnhyper``, ``pnhyper``, ``mle``, ``ncp.U``, ``ncp.L``) with ``tol = 1e-14`` added to every
``uniroot`` call. ``fisher.test`` itself uses uniroot's default ``tol`` (about 1.2e-4) on
:math:`\\psi` when the root is below 1 and on :math:`1/\\psi` above 1, so its estimate and
limits are only that accurate: :func:`r_fisher_close` allows 2.5e-4 on that scale.

McNemar per 2x2 table (a = before 1 & after 1, b = 1 -> 0, c = 0 -> 1, d = 0 & 0)::

    tab <- matrix(c(a, c, b, d), 2)        # rows: before 1/0, columns: after 1/0
    mcnemar.test(tab, correct = TRUE); mcnemar.test(tab, correct = FALSE)
    binom.test(c, b + c, 0.5)$p.value
    n <- a + b + c + d; diff <- (c - b) / n; se <- sqrt(b + c - (c - b)^2 / n) / n
    diff + c(-1, 1) * qnorm(1 - (1 - L) / 2) * se                        # Wald CI by hand
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import odds_ratio

from kosieval.stats.contingency import CrosstabResult, McNemarResult, crosstab_test, mcnemar

NAN = np.nan
INF = np.inf


def close(value: float) -> object:
    """Tolerance for closed-form results: relative 1e-9."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def iterative(value: float) -> object:
    """Tolerance for roots solved precisely on both sides (brentq vs uniroot tol 1e-14)."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def r_fisher_close(ours: float, r_value: float) -> bool:
    """Agreement with R's fisher.test within its uniroot tolerance (on psi or on 1/psi)."""
    if r_value in (0.0, INF):
        return ours == r_value
    if r_value <= 1.0:
        return abs(ours - r_value) <= 2.5e-4
    return abs(1.0 / ours - 1.0 / r_value) <= 2.5e-4


# --- tables and reference values ---------------------------------------------------------------

TABLES = {
    # R: matrix(c(12, 3, 5, 10), 2)
    "T1": dict(
        table=[[12, 5], [3, 10]],
        chi2=6.6515837104072393, df=1, p=0.0099067730113637717,
        yates=4.886877828054299, p_yates=0.027061581911647186,
        expected=[[8.5, 8.5], [6.5, 6.5]],
        v=0.47087095579741872, v_adj=0.44036771377507689,
        p_fisher=0.025327687033676136,
        fisher_r={0.95: (7.3752276899095639, 1.2196289431562621, 60.990172243971394),
                  0.90: (7.3752276899095639, 1.5310743159096751, 44.46286243189428)},
        fisher_precise={0.95: (7.3752691323342683, 1.2196296274076257, 60.951754176049434),
                        0.90: (7.3752691323342683, 1.5310733814906901, 44.447870300755028)},
    ),
    # R: matrix(c(3, 1, 1, 3), 2)
    "T2": dict(
        table=[[3, 1], [1, 3]],
        chi2=2.0, df=1, p=0.15729920705028447,
        yates=0.5, p_yates=0.47950012218695348,
        expected=[[2, 2], [2, 2]],
        v=0.5, v_adj=0.35355339059327379,
        p_fisher=0.48571428571428582,
        fisher_r={0.95: (6.4083088670057879, 0.21173291530550292, 621.9337505454173),
                  0.90: (6.4083088670057879, 0.31356926411021774, 306.24686252085604)},
        fisher_precise={0.95: (6.4083196581996713, 0.21173559544657847, 626.24353058881354),
                        0.90: (6.4083196581996713, 0.31357376750498506, 306.23680785862183)},
    ),
    # R: matrix(c(0, 6, 5, 4), 2)  -- a zero cell: estimate and lower limit 0
    "T3": dict(
        table=[[0, 5], [6, 4]],
        chi2=5.0, df=1, p=0.025347318677468304,
        yates=2.8125, p_yates=0.093532512689093072,
        expected=[[2, 3], [4, 6]],
        v=0.57735026918962573, v_adj=0.53108500454379437,
        p_fisher=0.043956043956043932,
        fisher_r={0.95: (0.0, 0.0, 1.2787513089389517),
                  0.90: (0.0, 0.0, 0.91449597652451353)},
        fisher_precise={0.95: (0.0, 0.0, 1.2787375244879902),
                        0.90: (0.0, 0.0, 0.91449401466044433)},
    ),
    # R: matrix(c(20, 3, 2, 25), 2)  -- strong association: R's upper limit is 1 % off
    "T4": dict(
        table=[[20, 2], [3, 25]],
        chi2=31.897128636259076, df=1, p=1.6255727471423488e-08,
        yates=28.750365978626849, p_yates=8.2334360066300376e-08,
        expected=[[10.119999999999999, 11.880000000000001],
                  [12.880000000000001, 15.119999999999999]],
        v=0.79871307283979109, v_adj=0.79397714681025666,
        p_fisher=7.9910588871150316e-09,
        fisher_r={0.95: (69.720601652544701, 10.376844550607514, 901.01281504106055),
                  0.90: (69.720601652544701, 12.940571968607889, 611.15544627033114)},
        fisher_precise={0.95: (69.73575429997517, 10.378290095171328, 912.37851503784566),
                        0.90: (69.73575429997517, 12.941775840433323, 607.88222965694138)},
    ),
    # R: matrix(c(8, 2, 7, 9, 1, 6), 2)  -- 2x3: no Yates, no Fisher
    "T5": dict(
        table=[[8, 7, 1], [2, 9, 6]],
        chi2=7.3979188550420174, df=2, p=0.024749266481419022,
        expected=[[4.8484848484848486, 7.7575757575757578, 3.393939393939394],
                  [5.1515151515151514, 8.2424242424242422, 3.606060606060606]],
        v=0.47347582751783379, v_adj=0.40852762751753657,
    ),
}

# 60 cases, 3 with a missing label ("."): rows ordered low < mid < high (L, M, H),
# columns A..D.  R: d$r <- factor(d$r, levels = c("L", "M", "H")); tab <- table(d$r, d$c)
RC_ROWS = "HMH.MHMLHMLMHLHMLLHMMMMLLMHMMLHLHMMMLLMLLLHHMMHLMLMHHLMMHLLL"
RC_COLS = "BBCDCCACCA..ABDCDDBCBBCABBCBADBDBDDADDCADADCBBCDBCBCCCADCDBA"
RC_REF = dict(
    observed=[[4, 3, 3, 9], [5, 9, 5, 3], [1, 4, 9, 2]],
    chi2=15.413244843391901, df=6, p=0.017274976102903222,
    expected=[[3.3333333333333335, 3.8596491228070176, 2.807017543859649, 5.333333333333333],
              [6.1754385964912277, 4.4912280701754383, 5.666666666666667, 6.5614035087719298],
              [4.7719298245614032, 4.666666666666667, 5.4035087719298245, 3.9298245614035086]],
    v=0.36770083238281726, v_adj=0.29095686709611734,
)


def labels(text: str) -> list:
    return [None if ch == "." else ch for ch in text]


def quiet_crosstab(*args: object, **kwargs: object) -> CrosstabResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # small expected counts
        return crosstab_test(*args, **kwargs)


# --- crosstab_test ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_chi_square_and_cramers_v_against_r(name: str) -> None:
    ref = TABLES[name]
    res = quiet_crosstab(ref["table"])
    assert res.statistic == close(ref["chi2"])
    assert res.df == ref["df"]
    assert res.pvalue == close(ref["p"])
    np.testing.assert_allclose(res.expected.to_numpy(), ref["expected"], rtol=1e-12)
    np.testing.assert_array_equal(res.observed.to_numpy(), ref["table"])
    assert res.cramers_v == close(ref["v"])
    assert res.cramers_v_adjusted == close(ref["v_adj"])
    if "yates" in ref:
        assert res.statistic_yates == close(ref["yates"])
        assert res.p_yates == close(ref["p_yates"])
        assert res.p_fisher == close(ref["p_fisher"])
    else:
        for field in ("statistic_yates", "p_yates", "p_fisher", "odds_ratio",
                      "odds_ratio_ci_low", "odds_ratio_ci_high"):
            assert np.isnan(getattr(res, field)), field
        assert "only for 2x2 tables (NaN for this 2x3 table)" in res.method


@pytest.mark.parametrize("name", ["T1", "T2", "T3", "T4"])
@pytest.mark.parametrize("level", [0.95, 0.90])
def test_fisher_odds_ratio_against_r(name: str, level: float) -> None:
    ref = TABLES[name]
    res = quiet_crosstab(ref["table"], level=level)
    got = (res.odds_ratio, res.odds_ratio_ci_low, res.odds_ratio_ci_high)
    # R's fisher.test code with uniroot(tol = 1e-14): precise
    for value, want in zip(got, ref["fisher_precise"][level]):
        assert value == iterative(want)
    # R's fisher.test as shipped: within uniroot's default tolerance
    for value, want in zip(got, ref["fisher_r"][level]):
        assert r_fisher_close(value, want), (value, want)
    # scipy's conditional odds ratio and exact CI as a third reference
    sp = odds_ratio(ref["table"], kind="conditional")
    ci = sp.confidence_interval(confidence_level=level)
    assert res.odds_ratio == pytest.approx(sp.statistic, rel=1e-9, abs=1e-12)
    assert res.odds_ratio_ci_low == pytest.approx(ci.low, rel=1e-9, abs=1e-12)
    assert res.odds_ratio_ci_high == pytest.approx(ci.high, rel=1e-9, abs=1e-12)


def test_odds_ratio_limits_are_roots() -> None:
    # The CI limits solve P(X >= 20; psi_L) = P(X <= 20; psi_U) = 0.025 for T4 (X = count
    # of cell [0, 0], margins 23/27 columns, 22 in row 1), checked with scipy's Fisher
    # noncentral hypergeometric distribution. R's shipped fisher.test limits (10.3768,
    # 901.01) miss the target by 1e-5 and 6e-4 -- the reason to solve precisely.
    res = crosstab_test(TABLES["T4"]["table"])
    dist = stats.nchypergeom_fisher
    assert dist(50, 23, 22, res.odds_ratio_ci_low).sf(19) == pytest.approx(0.025, abs=1e-12)
    assert dist(50, 23, 22, res.odds_ratio_ci_high).cdf(20) == pytest.approx(0.025, abs=1e-12)
    assert dist(50, 23, 22, res.odds_ratio).mean() == pytest.approx(20, abs=1e-9)
    assert abs(dist(50, 23, 22, 10.376844550607514).sf(19) - 0.025) > 1e-5
    assert abs(dist(50, 23, 22, 901.01281504106055).cdf(20) - 0.025) > 5e-4


def test_zero_cell_gives_boundary_estimate() -> None:
    res = quiet_crosstab(TABLES["T3"]["table"])
    assert (res.odds_ratio, res.odds_ratio_ci_low) == (0.0, 0.0)
    flipped = quiet_crosstab([[5, 0], [4, 6]])  # columns swapped: estimate inf, upper inf
    assert (flipped.odds_ratio, flipped.odds_ratio_ci_high) == (INF, INF)
    assert flipped.odds_ratio_ci_low == iterative(1.0 / 1.2787375244879902)


def test_scipy_cross_check() -> None:
    for name in ("T1", "T2", "T3", "T4", "T5"):
        table = np.array(TABLES[name]["table"])
        res = quiet_crosstab(table)
        chi2, p, df, expected = stats.chi2_contingency(table, correction=False)
        assert (res.statistic, res.pvalue, res.df) == (close(chi2), close(p), df)
        np.testing.assert_allclose(res.expected.to_numpy(), expected, rtol=1e-12)
        assert res.cramers_v == close(stats.contingency.association(table, method="cramer"))
        if table.shape == (2, 2):
            yates = stats.chi2_contingency(table, correction=True)
            assert (res.statistic_yates, res.p_yates) == (close(yates[0]), close(yates[1]))
            assert res.p_fisher == close(stats.fisher_exact(table).pvalue)


def test_labels_with_categorical_order_against_r() -> None:
    rows = pd.Categorical(labels(RC_ROWS), categories=["L", "M", "H"])
    with pytest.warns(RuntimeWarning, match=r"7 of 12 expected counts \(58%\) are below 5"):
        res = crosstab_test(rows, labels(RC_COLS))
    assert list(res.observed.index) == ["L", "M", "H"]
    assert list(res.observed.columns) == ["A", "B", "C", "D"]
    assert res.observed.to_numpy().tolist() == RC_REF["observed"]
    # R's table is filled by column: expected printed column-wise above, compare transposed
    np.testing.assert_allclose(res.expected.to_numpy().T.ravel(),
                               np.array(RC_REF["expected"]).ravel(), rtol=1e-12)
    assert (res.n, res.n_dropped) == (57, 3)
    assert res.statistic == close(RC_REF["chi2"])
    assert res.df == RC_REF["df"]
    assert res.pvalue == close(RC_REF["p"])
    assert res.cramers_v == close(RC_REF["v"])
    assert res.cramers_v_adjusted == close(RC_REF["v_adj"])
    assert res.share_expected_below_5 == close(7 / 12)
    assert res.min_expected == close(2.807017543859649)
    assert ("57 cases cross-tabulated (3 dropped for a missing label), rows ordered as the "
            "categories of the categorical; columns ordered by sorted label") in res.method


def test_labels_sorted_and_table_input_agree() -> None:
    # Sorted labels (H < L < M) give the same statistics as the table in that order.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = crosstab_test(pd.Series(labels(RC_ROWS)), pd.Series(labels(RC_COLS)))
        obs = [RC_REF["observed"][i] for i in (2, 0, 1)]
        table = crosstab_test(pd.DataFrame(obs, index=["H", "L", "M"], columns=list("ABCD")))
    assert list(res.observed.index) == ["H", "L", "M"]
    pd.testing.assert_frame_equal(res.observed, table.observed)
    assert res.statistic == table.statistic
    assert (table.n, table.n_dropped) == (57, 0)
    assert "table of counts as given (n = 57)" in table.method


def test_small_expected_counts_warning_threshold() -> None:
    # T2: all four expected counts are 2 -> 100 % below 5 -> warning
    with pytest.warns(RuntimeWarning, match=r"4 of 4 expected counts \(100%\) are below 5.*Fisher"):
        res = crosstab_test(TABLES["T2"]["table"])
    assert res.share_expected_below_5 == 1.0
    # T5: 3 of 6 below 5 (50 %) -> warning; T1: none -> no warning
    with pytest.warns(RuntimeWarning, match=r"3 of 6 expected counts \(50%\)"):
        crosstab_test(TABLES["T5"]["table"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = crosstab_test(TABLES["T1"]["table"])
    assert res.share_expected_below_5 == 0.0
    # exactly 20 % (2 of the 10 cells of a 5x2 table) is not more than 20 % -> no warning
    table = [[30, 30], [30, 30], [30, 30], [30, 30], [4, 4]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = crosstab_test(table)
    assert res.share_expected_below_5 == 0.2


def test_bergsma_truncation_at_zero() -> None:
    # Independent table: X^2 = 0 -> V = 0; phi^2 - df/(n-1) < 0 -> adjusted V = 0
    # R: cramers_v(matrix(c(10, 10, 10, 10), 2), adjust = TRUE / FALSE) -> 0 / 0
    #    fisher.test(matrix(c(10, 10, 10, 10), 2))  p = 0.99999999999999989, estimate 1
    res = crosstab_test([[10, 10], [10, 10]])
    assert (res.statistic, res.cramers_v, res.cramers_v_adjusted) == (0.0, 0.0, 0.0)
    assert res.p_fisher == close(1.0)
    assert res.odds_ratio == close(1.0)


def test_bergsma_undefined_for_tiny_n() -> None:
    # n = 2: r~ = c~ = 2 - 1/1 = 1, so min(r~, c~) - 1 = 0.
    # R: cramers_v(matrix(c(1, 0, 0, 1), 2), adjust = FALSE) -> 1; adjust = TRUE -> NaN
    with pytest.warns(RuntimeWarning) as record:
        res = crosstab_test(["a", "b"], ["x", "y"])
    assert "Bergsma's adjusted Cramér's V is undefined" in " | ".join(str(w.message) for w in record)
    assert res.cramers_v == close(1.0)
    assert np.isnan(res.cramers_v_adjusted)


def test_empty_row_or_column_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"rows: the table has no counts in row 1"):
        crosstab_test([[3, 4], [0, 0], [2, 5]])
    with pytest.raises(ValueError, match=r"no counts in column 'b'"):
        crosstab_test(pd.DataFrame({"a": [3, 4], "b": [0, 0]}))


def test_one_by_k_table_is_an_error() -> None:
    with pytest.raises(ValueError, match="rows: need a table with at least 2 rows and 2 columns, got 1x3"):
        crosstab_test([[3, 4, 5]])
    with pytest.raises(ValueError, match="got 2x1"):
        crosstab_test(["a", "b", "a"], ["x", "x", "x"])


@pytest.mark.parametrize(
    ("args", "kwargs", "pattern"),
    [
        (([[1, 2], [3, NAN]],), {}, "rows: the table of counts contains missing values"),
        (([[1, 2], [3, -1]],), {}, "rows: the table of counts contains negative values"),
        (([[1, 2], [3, 1.5]],), {}, "rows: the table must hold whole-number counts"),
        ((pd.DataFrame({"a": ["x", "y"], "b": ["z", "w"]}),), {}, "rows: column 'a' is not numeric"),
        (([[1, 2], [3, 4]], ["a", "b"]), {}, "cols: must be None when rows is a table"),
        ((["a", "b"],), {}, "cols: required when rows holds the row label"),
        ((["a", "b", "a"], ["x", "y"]), {}, "cols: has 2 labels but rows has 3"),
        ((["a", 1, "a"], ["x", "y", "x"]), {}, "rows: labels of mixed types cannot be sorted"),
        (([[1, 2], [3, 4]],), {"level": 1.5}, "level: must be a number strictly between 0 and 1"),
        (([[1, 2], [3]],), {}, "rows: cannot be read as labels or as a table of counts"),
        ((None, ["x"]), {}, "rows: must be one-dimensional labels .* got NoneType"),
        (("ab", "xy"), {}, "rows: must be one-dimensional labels .* got str"),
        (([[[1]]],), {}, "rows: must be one-dimensional labels .* got list"),
    ],
)
def test_bad_arguments(args: tuple, kwargs: dict, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        crosstab_test(*args, **kwargs)


def test_label_series_with_different_index() -> None:
    rows = pd.Series(["a", "b", "a"], index=[0, 1, 2])
    cols = pd.Series(["x", "y", "y"], index=[2, 1, 0])
    with pytest.raises(ValueError, match="cols: its index differs from the index of rows"):
        crosstab_test(rows, cols)


def test_crosstab_result_is_frozen_and_tidy() -> None:
    res = crosstab_test(TABLES["T1"]["table"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.statistic = 0.0  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape == (1, len(dataclasses.fields(CrosstabResult)) - 2)
    assert frame.loc[0, "p_fisher"] == res.p_fisher
    for words in ("without continuity correction", "Yates", "conditional maximum-likelihood",
                  "Bergsma", "brentq"):
        assert words in res.method


# --- mcnemar ------------------------------------------------------------------------------------------

MCNEMAR = {
    # Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Table 8.1:
    # Prime Minister approval of 1600 people in two surveys, z^2 = 17.36, difference
    # -0.04 with 95 % CI (-0.06, -0.02).
    "AGRESTI": dict(
        cells=(794, 150, 86, 570),
        corrected=(16.817796610169491, 4.1145622813459436e-05),
        uncorrected=(17.35593220338983, 3.0992934410452182e-05),
        binom=3.71593613957143e-05,
        diff=-0.040000000000000001,
        wald={0.95: (-0.058716116750331664, -0.021283883249668338),
              0.90: (-0.055707060314404006, -0.024292939685595993)},
    ),
    "M2": dict(
        cells=(5, 2, 7, 6),
        corrected=(1.7777777777777777, 0.18242243945173581),
        uncorrected=(2.7777777777777777, 0.095580704545628808),
        binom=0.17968750000000006, diff=0.25,
        wald={0.95: (-0.022815440638811024, 0.52281544063881102),
              0.90: (0.021046064844697288, 0.47895393515530271)},
    ),
    # b == c: R applies no correction (statistic 0)
    "M3": dict(
        cells=(4, 6, 6, 3),
        corrected=(0.0, 1.0), uncorrected=(0.0, 1.0), binom=1.0, diff=0.0,
        wald={0.95: (-0.35734286339247517, 0.35734286339247517),
              0.90: (-0.29989158451514664, 0.29989158451514664)},
    ),
    # b + c = 25: "auto" uses the chi-square
    "M4": dict(
        cells=(10, 10, 15, 5),
        corrected=(0.64000000000000001, 0.42371079716679338),
        uncorrected=(1.0, 0.31731050786291415),
        binom=0.42435622215271029, diff=0.125,
        wald={0.95: (-0.11691367100995353, 0.36691367100995353),
              0.90: (-0.078020352572062995, 0.32802035257206297)},
    ),
    # b + c = 24: "auto" uses the exact test
    "M5": dict(
        cells=(10, 9, 15, 5),
        corrected=(1.0416666666666667, 0.30743416592739531),
        uncorrected=(1.5, 0.22067136191984676),
        binom=0.30745625495910672, diff=0.15384615384615385,
        wald={0.95: (-0.087573395668354703, 0.39526570336066241),
              0.90: (-0.048759518894877424, 0.35645182658718511)},
    ),
    # b = 0: odds ratio inf
    "M6": dict(
        cells=(3, 0, 4, 2),
        corrected=(2.25, 0.13361440253771517),
        uncorrected=(4.0, 0.045500263896358473),
        binom=0.125, diff=0.44444444444444442,
        wald={0.95: (0.11980646645311799, 0.76908242243577085),
              0.90: (0.17199966497032809, 0.71688922391856069)},
    ),
}


def pairs(a: int, b: int, c: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Paired 0/1 vectors with a (1, 1), b (1, 0), c (0, 1) and d (0, 0) pairs."""
    before = np.repeat([1, 1, 0, 0], [a, b, c, d])
    after = np.repeat([1, 0, 1, 0], [a, b, c, d])
    return before, after


@pytest.mark.parametrize("name", list(MCNEMAR))
@pytest.mark.parametrize("level", [0.95, 0.90])
def test_mcnemar_against_r(name: str, level: float) -> None:
    ref = MCNEMAR[name]
    a, b, c, d = ref["cells"]
    res = mcnemar(*pairs(a, b, c, d), level=level)
    assert (res.n, res.n_dropped, res.b, res.c) == (a + b + c + d, 0, b, c)
    assert (res.chi2_corrected, res.p_chi2_corrected) == tuple(close(v) for v in ref["corrected"])
    assert (res.chi2, res.p_chi2) == tuple(close(v) for v in ref["uncorrected"])
    assert res.p_exact == close(ref["binom"])
    assert res.df == 1
    assert res.prop_diff == close(ref["diff"])
    assert res.p_after - res.p_before == close(ref["diff"])
    assert res.prop_diff_ci_low == close(ref["wald"][level][0])
    assert res.prop_diff_ci_high == close(ref["wald"][level][1])
    assert res.odds_ratio == (c / b if b else INF)
    # "auto": exact binomial when b + c < 25, corrected chi-square otherwise
    assert res.statistic == res.chi2_corrected
    if b + c < 25:
        assert (res.test, res.pvalue) == ("exact binomial", res.p_exact)
    else:
        assert (res.test, res.pvalue) == ("chi-square with continuity correction",
                                          res.p_chi2_corrected)


def test_mcnemar_published_agresti_example() -> None:
    res = mcnemar(*pairs(794, 150, 86, 570))
    # Agresti (2007) sec. 8.1: z = (86 - 150)/sqrt(86 + 150) = -4.17; SE 0.0095
    assert np.sqrt(res.chi2) == pytest.approx(4.17, abs=0.005)
    assert (res.prop_diff_ci_high - res.prop_diff) / stats.norm.ppf(0.975) == pytest.approx(
        0.0095, abs=0.00005)
    assert (round(res.prop_diff_ci_low, 2), round(res.prop_diff_ci_high, 2)) == (-0.06, -0.02)
    assert res.p_before == 944 / 1600 and res.p_after == 880 / 1600


@pytest.mark.parametrize(
    ("exact", "correction", "test", "field"),
    [
        (True, True, "exact binomial", "p_exact"),
        (False, True, "chi-square with continuity correction", "p_chi2_corrected"),
        (False, False, "chi-square without continuity correction", "p_chi2"),
        ("auto", False, "exact binomial", "p_exact"),
    ],
)
def test_mcnemar_options(exact: object, correction: bool, test: str, field: str) -> None:
    res = mcnemar(*pairs(5, 2, 7, 6), exact=exact, correction=correction)
    assert res.test == test
    assert res.pvalue == getattr(res, field)
    assert res.statistic == (res.chi2_corrected if correction else res.chi2)
    exact_text = {True: "(exact=True)", False: "(exact=False)", "auto": "b + c < 25"}[exact]
    assert exact_text in res.method


def test_mcnemar_statsmodels_cross_check() -> None:
    from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar

    for name in ("AGRESTI", "M2", "M4", "M6"):
        a, b, c, d = MCNEMAR[name]["cells"]
        res = mcnemar(*pairs(a, b, c, d))
        table = [[a, b], [c, d]]
        assert res.chi2 == close(sm_mcnemar(table, exact=False, correction=False).statistic)
        assert res.chi2_corrected == close(sm_mcnemar(table, exact=False, correction=True).statistic)
        assert res.p_exact == close(sm_mcnemar(table, exact=True).pvalue)
    # b == c: statsmodels gives (|b - c| - 1)^2 / (b + c) = 1/12, R (followed here) 0
    res = mcnemar(*pairs(4, 6, 6, 3))
    assert sm_mcnemar([[4, 6], [6, 3]], exact=False, correction=True).statistic == close(1 / 12)
    assert res.chi2_corrected == 0.0


def test_mcnemar_no_discordant_pairs() -> None:
    with pytest.warns(RuntimeWarning, match=r"no discordant pairs among 6 \(b = c = 0\)"):
        res = mcnemar([1, 1, 0, 0, 1, 0], [1, 1, 0, 0, 1, 0])
    for field in ("chi2", "p_chi2", "chi2_corrected", "p_chi2_corrected", "p_exact", "statistic",
                  "pvalue", "odds_ratio", "prop_diff_ci_low", "prop_diff_ci_high"):
        assert np.isnan(getattr(res, field)), field
    assert (res.b, res.c, res.prop_diff) == (0, 0, 0.0)


def test_mcnemar_all_pairs_change_one_way() -> None:
    # b = 0, c = n: Wald SE = sqrt(n - n^2/n)/n = 0 -> CI undefined
    with pytest.warns(RuntimeWarning, match="Wald SE of the difference in proportions is 0"):
        res = mcnemar([0, 0, 0, 0], [1, 1, 1, 1])
    assert (res.prop_diff, res.odds_ratio) == (1.0, INF)
    assert np.isnan(res.prop_diff_ci_low) and np.isnan(res.prop_diff_ci_high)
    # R: binom.test(4, 4)$p.value -> 0.125
    assert res.p_exact == close(0.125)


def test_mcnemar_bool_and_missing_input() -> None:
    before = pd.Series([True, True, False, None, False, True, False], dtype="boolean")
    after = pd.Series([True, False, True, True, pd.NA, False, True], dtype="boolean")
    res = mcnemar(before, after)
    assert (res.n, res.n_dropped, res.b, res.c) == (5, 2, 2, 2)
    same = mcnemar(np.array([True, True, False, True, False]), [1, 0, 1, 0, 1])
    assert (same.b, same.c, same.pvalue) == (2, 2, res.pvalue)
    objects = mcnemar([True, None, False, 1, 0], [False, 1, None, 1.0, 1])
    assert (objects.n, objects.n_dropped, objects.b, objects.c) == (3, 2, 1, 1)
    assert "3 complete pairs (2 dropped)" in objects.method


@pytest.mark.parametrize(
    ("args", "kwargs", "pattern"),
    [
        (([0, 1, 2], [0, 1, 1]), {}, "before: must be binary \\(0/1 or True/False\\), found 2"),
        (([0, 1, 1], [0.5, 1, 1]), {}, "after: must be binary .*found 0.5"),
        ((["a", "b"], [0, 1]), {}, "before: must be numeric"),
        (([0, 1, 1], [0, 1]), {}, "after: has 2 values but before has 3"),
        (([1, NAN, 0], [0, 1, NAN]), {}, "before/after: need at least 2 complete pairs, got 1"),
        (([0, 1], [1, 0]), {"exact": "yes"}, "exact: must be 'auto', True or False"),
        (([0, 1], [1, 0]), {"correction": None}, "correction: must be True or False"),
        (([0, 1], [1, 0]), {"level": 95}, "level: must be a number strictly between 0 and 1"),
    ],
)
def test_mcnemar_bad_arguments(args: tuple, kwargs: dict, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        mcnemar(*args, **kwargs)


def test_mcnemar_series_with_different_index() -> None:
    before = pd.Series([0, 1, 1], index=["a", "b", "c"])
    after = pd.Series([1, 1, 0], index=["c", "b", "a"])
    with pytest.raises(ValueError, match="after: its index differs from the index of before"):
        mcnemar(before, after)


def test_mcnemar_result_is_frozen_and_tidy() -> None:
    res = mcnemar(*pairs(5, 2, 7, 6))
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.b = 0  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape == (1, len(dataclasses.fields(McNemarResult)))
    assert frame.loc[0, "c"] == 7
    for words in ("b = before 1 & after 0 (2)", "c = before 0 & after 1 (7)", "Edwards",
                  "binom.test", "Wald 0.95 CI", "odds ratio c/b"):
        assert words in res.method
