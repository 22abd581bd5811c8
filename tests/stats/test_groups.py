"""Tests of kosieval.stats.groups.compare_groups against R (stats, effectsize) and scipy.

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and effectsize 0.8.3, printed with ``sprintf("%.17g", ...)``; R does not
run in the test suite. The R data frames hold the Python lists below (``NAN``/``None`` ->
``NA``; ``d$g <- factor(d$g)``, levels sorted, or with the levels given where a test says so;
``d <- d[complete.cases(d), ]``). Per data set::

    tt <- t.test(x ~ g, data = d, conf.level = L)                    # L = 0.95, 0.90
    tt$statistic; tt$parameter; tt$p.value; tt$conf.int; tt$estimate[1] - tt$estimate[2]
    hedges_g(x ~ g, data = d, ci = L)                                # Hedges_g, CI_low/high
    # the same g with the noncentral-t limits solved precisely (effectsize uses optim,
    # accurate to ~1e-7 here):
    ncp_ci <- function(t, df, level) {
      a <- (1 - level) / 2
      c(uniroot(function(ncp) pt(t, df, ncp) - (1 - a), c(t - 50, t + 50), tol = 1e-14)$root,
        uniroot(function(ncp) pt(t, df, ncp) - a, c(t - 50, t + 50), tol = 1e-14)$root)
    }
    x1 <- d$x[d$g == levels(d$g)[1]]; x2 <- d$x[d$g == levels(d$g)[2]]
    n1 <- length(x1); n2 <- length(x2); df <- n1 + n2 - 2
    sp <- sqrt(((n1 - 1) * var(x1) + (n2 - 1) * var(x2)) / df)
    tp <- (mean(x1) - mean(x2)) / (sp * sqrt(1/n1 + 1/n2))
    J <- exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df - 1)/2))
    ncp_ci(tp, df, L) * sqrt(1/n1 + 1/n2) * J
    rank_biserial(x ~ g, data = d, ci = L)                           # r, CI_low, CI_high
    wilcox.test(x ~ g, data = d, exact = E, correct = C)             # $statistic = W
    oneway.test(x ~ g, data = d, var.equal = FALSE)                  # F, num df, denom df
    kruskal.test(x ~ g, data = d)                                    # H, df, p
    rank_epsilon_squared(x ~ g, data = d)                            # H / (n - 1)
    y <- d$x[d$g == lv]; length(y); mean(y); sd(y); median(y); t.test(y)$conf.int
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kosieval.stats.groups import GroupComparisonResult, compare_groups

NAN = np.nan


def close(value: float) -> object:
    """Tolerance for closed-form results: relative 1e-9."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def iterative(value: float) -> object:
    """Tolerance for results of iterative fits (here: effectsize's optim): 1e-5."""
    return pytest.approx(value, rel=1e-5, abs=1e-5)


# --- data ------------------------------------------------------------------------------------

# W: 13 + 15 continuous values without ties, one missing value, one missing label.
A = [3.43, 4.49, 4.38, 2.99, 3.16, 2.98, 3.86, 3.36, 4.0, 1.92, 4.65, 3.32, 3.94]
B = [2.75, 2.48, 3.41, 3.81, 2.68, 2.73, 3.65, 1.94, 1.23, 3.33, 2.16, 0.79, 2.0, 2.39, 1.59]
W_VALUES = A + B + [NAN, 3.1]
W_GROUPS = ["control"] * 13 + ["program"] * 15 + ["program", None]
# X: 105 continuous values without ties; X[:50] vs X[50:] (R's exact rule: n < 50 fails)
# and X[:49] vs X[49:79] (both < 50: exact).
X = [41.98, 36.76, 47.52, 54.2, 61.36, 51.1, 44.47, 42.15, 57.49, 66.35, 52.73, 37.67, 40.42,
     66.0, 52.03, 32.68, 49.16, 38.37, 43.71, 45.12, 42.87, 55.53, 49.37, 44.11, 54.1, 58.3,
     33.57, 47.43, 40.19, 48.27, 37.11, 50.21, 49.62, 46.96, 39.52, 46.04, 39.09, 36.45, 52.25,
     38.91, 61.7, 57.17, 30.02, 52.72, 38.98, 50.33, 50.44, 30.12, 47.67, 47.44, 59.62, 38.19,
     57.38, 39.01, 46.69, 41.6, 64.49, 55.68, 74.32, 56.42, 58.45, 58.41, 43.93, 49.3, 63.5,
     46.03, 51.89, 49.79, 56.09, 46.35, 48.48, 52.42, 51.03, 41.35, 58.96, 37.02, 37.99, 37.18,
     59.67, 46.39, 40.29, 38.64, 54.21, 39.45, 37.28, 56.14, 38.03, 46.78, 49.93, 45.55, 49.46,
     63.39, 44.83, 37.41, 31.63, 47.95, 46.48, 52.65, 45.36, 45.21, 42.79, 44.8, 51.6, 46.2, 51.0]
# L: Likert answers (1..5) of 20 + 18 people, many ties.
L_F = [4, 2, 2, 5, 1, 2, 4, 4, 4, 5, 1, 2, 3, 3, 2, 2, 1, 1, 3, 3]
L_M = [5, 3, 5, 3, 2, 1, 3, 1, 5, 5, 5, 3, 1, 2, 3, 3, 4, 4]
# K3: Likert answers in three groups labelled by numbers (sorted: 1, 2, 3).
K3 = {2: [5, 1, 1, 2, 1, 5, 5, 3, 1, 1], 1: [3, 4, 5, 4, 3, 2, 5, 5, 2, 2, 4, 3],
      3: [5, 3, 3, 3, 4, 3, 1, 4, 4]}
# K4: continuous values in four groups.
K4 = {"g1": [8.7, 9.7, 13.3, 11.3, 6.7, 10.0, 8.8, 10.3],
      "g2": [5.6, 13.0, 12.9, 18.3, 13.3, 14.0, 6.0, 21.0, 4.3, 16.4, 10.7],
      "g3": [8.1, 8.3, 8.3, 9.4, 8.9, 10.5, 7.2, 9.0, 8.1],
      "g4": [13.3, 4.6, 10.0, 11.6, 6.5, 14.0, 11.5]}


def stack(parts: dict) -> tuple[list, list]:
    values: list = []
    labels: list = []
    for label, xs in parts.items():
        values += xs
        labels += [label] * len(xs)
    return values, labels


DATASETS = {
    "W": (W_VALUES, W_GROUPS),
    "X": stack({"a": X[:50], "b": X[50:]}),
    "X49": stack({"a": X[:49], "b": X[49:79]}),
    "L": stack({"f": L_F, "m": L_M}),
    "K3": stack(K3),
    "K4": stack(K4),
}

# --- reference values from R ------------------------------------------------------------------

TWO_GROUPS = {
    "W": dict(
        n=28, n_dropped=2,
        t=3.6182627407487242, df=25.999458123437712, p=0.001254574376895766,
        mean_diff=1.1127179487179486,
        ci={0.95: (0.48058397048882906, 1.7448519269470681),
            0.90: (0.58819187929453154, 1.6372440181413654)},
        g=1.316158020481857,
        g_ci={0.95: (0.50185844524627465, 2.1100667179667871),        # uniroot 1e-14
              0.90: (0.63017545771462646, 1.9798364704394551)},
        g_ci_effectsize={0.95: (0.50185833942877145, 2.1100668131401075),  # optim
                         0.90: (0.63017547181628952, 1.9798364906890049)},
        w=162, rb=0.66153846153846163,
        rb_ci={0.95: (0.34447396633869282, 0.84313786388006695),
               0.90: (0.40475211724503696, 0.82161576776400658)},
        wilcox={
            # (exact, correct): (p, method)  -- exact = NULL <-> "auto"
            ("auto", True): (0.0022007811515147627, "exact"),
            ("auto", False): (0.0022007811515147627, "exact"),
            (True, True): (0.0022007811515147627, "exact"),
            (True, False): (0.0022007811515147627, "exact"),
            (False, True): (0.0031964880119685866, "normal approximation"),
            (False, False): (0.0029662434611781858, "normal approximation"),
        },
        groups=[
            ("control", 13, 3.5753846153846154, 0.75142770094240596, 3.4300000000000002,
             3.1213014002818227, 4.0294678304874081),
            ("program", 15, 2.4626666666666668, 0.87583810202136159, 2.48,
             1.9776436923680287, 2.9476896409653044),
        ],
    ),
    "X": dict(
        n=105, n_dropped=0,
        t=-1.1053365239452406, df=101.86733564095344, p=0.27161758683111686,
        mean_diff=-1.8755272727272683,
        ci={0.95: (-5.2411607461346321, 1.4901062006800951),
            0.90: (-4.6921184523328821, 0.94106390687834518)},
        g=-0.21450215208246462,
        g_ci={0.95: (-0.5952927245735109, 0.16732258003229816),
              0.90: (-0.53398737551537845, 0.10601956317140204)},
        g_ci_effectsize={0.95: (-0.59529273081040202, 0.16732255784736452),
                         0.90: (-0.53398735454102464, 0.10601957307398814)},
        w=1235, rb=-0.10181818181818181,
        rb_ci={0.95: (-0.31342265604303293, 0.11941936468638474),
               0.90: (-0.28086259775511269, 0.0840748863769291)},
        wilcox={
            # n1 = 50 is not < 50: exact = NULL uses the normal approximation
            ("auto", True): (0.3707622836490968, "normal approximation"),
            ("auto", False): (0.36904990855733794, "normal approximation"),
            (True, True): (0.37228571760743373, "exact"),
            (True, False): (0.37228571760743373, "exact"),
            (False, True): (0.3707622836490968, "normal approximation"),
            (False, False): (0.36904990855733794, "normal approximation"),
        },
        groups=[
            ("a", 50, 46.755200000000002, 8.7214942644068536, 47.435000000000002,
             44.276578754831526, 49.233821245168471),
            ("b", 55, 48.63072727272727, 8.6417560489421135, 46.780000000000001,
             46.294533366072137, 50.966921179382403),
        ],
    ),
    "X49": dict(
        n=79, n_dropped=0,
        t=-1.9938213608673914, df=58.879526067212709, p=0.050810017803303881,
        mean_diff=-4.2147755102040847,
        ci={0.95: (-8.4448974042388123, 0.015346383830642447),
            0.90: (-7.7474449962286283, -0.6821060241795408)},
        g=-0.46376994132819965,
        g_ci={0.95: (-0.91812827807895214, -0.0064789692080882335),
              0.90: (-0.84482896533074092, -0.079748745174454669)},
        g_ci_effectsize={0.95: (-0.91812825447004542, -0.0064789690427564123),
                         0.90: (-0.84482896098054461, -0.079748679547041179)},
        w=557, rb=-0.24217687074829936,
        rb_ci={0.95: (-0.47077613752525588, 0.016894752781181938),
               0.90: (-0.43708826235861714, -0.02553935518037994)},
        wilcox={
            ("auto", True): (0.072839618812249901, "exact"),
            ("auto", False): (0.072839618812249901, "exact"),
            (True, True): (0.072839618812249901, "exact"),
            (True, False): (0.072839618812249901, "exact"),
            (False, True): (0.072969603588557155, "normal approximation"),
            (False, False): (0.0721656732903391, "normal approximation"),
        },
        groups=[
            ("a", 49, 46.741224489795918, 8.8113091707601026, 47.43,
             44.21032099280972, 49.272127986782117),
            ("b", 30, 50.956000000000003, 9.30189954645898, 50.409999999999997,
             47.482613625844834, 54.429386374155179),
        ],
    ),
    "L": dict(
        n=38, n_dropped=0,
        t=-1.1692482239151021, df=34.530496441192554, p=0.25031189234404111,
        mean_diff=-0.52222222222222214,
        ci={0.95: (-1.4293717752682769, 0.38492733082383257),
            0.90: (-1.2771162438387622, 0.23267179939431801)},
        g=-0.37389039546238456,
        g_ci={0.95: (-1.0006660362361439, 0.2579662666999627),
              0.90: (-0.89947000856665849, 0.1568075130846838)},
        g_ci_effectsize={0.95: (-1.0006660633120887, 0.25796624859630884),
                         0.90: (-0.89947005597716378, 0.15680753662974803)},
        w=141, rb=-0.21666666666666662,
        rb_ci={0.95: (-0.53176755507151485, 0.15112794273832184),
               0.90: (-0.48746225321727699, 0.09215217084829104)},
        wilcox={
            # ties: R uses the normal approximation also for exact = NULL / TRUE
            ("auto", True): (0.24982865089369682, "normal approximation"),
            ("auto", False): (0.24373144041088574, "normal approximation"),
            (True, True): (0.24982865089369682, "normal approximation"),
            (True, False): (0.24373144041088574, "normal approximation"),
            (False, True): (0.24982865089369682, "normal approximation"),
            (False, False): (0.24373144041088574, "normal approximation"),
        },
        groups=[
            ("f", 20, 2.7000000000000002, 1.3018205875255096, 2.5,
             2.0907292104640174, 3.3092707895359825),
            ("m", 18, 3.2222222222222223, 1.437135858965388, 3,
             2.5075513730236301, 3.936893071420815),
        ],
    ),
}

MANY_GROUPS = {
    "K3": dict(
        n=31, k=3,
        f=1.0794480661706505, df_num=2, df=17.389816161629671, p=0.36149080873445361,
        h=2.4218178621659541, p_h=0.2979263617951356, eps=0.080727262072198464,
        # set.seed(1); rank_epsilon_squared(x ~ g, data = d, ci = 0.95,
        #   alternative = "two.sided", iterations = 20000)  -> CI_low, CI_high
        # (seeds 3, 4, 5: upper 0.468326, 0.470582, 0.467442)
        boot95=(0.0041314717757446892, 0.46968234855857494),
        groups=[
            (1, 12, 3.5, 1.1677484162422844, 3.5, 2.7580480538912906, 4.2419519461087098),
            (2, 10, 2.5, 1.8408935028645435, 1.5, 1.1831041195693213, 3.8168958804306792),
            (3, 9, 3.3333333333333335, 1.1180339887498949, 3, 2.4739363328813115,
             4.192730333785355),
        ],
    ),
    "K4": dict(
        n=35, k=4,
        f=2.4079754010906669, df_num=3, df=14.114485227449251, p=0.11028943148144971,
        h=4.8575027223197154, p_h=0.18253385195739258, eps=0.14286772712705045,
        # set.seed(1); ... as for K3  (seeds 3, 4, 5: upper 0.54414, 0.555062, 0.546333)
        boot95=(0.03306459090610879, 0.55958591580603112),
        groups=[
            ("g1", 8, 9.8499999999999996, 1.9493588689617931, 9.8499999999999996,
             8.2202952017835091, 11.479704798216488),
            ("g2", 11, 12.318181818181818, 5.3326950375618107, 13, 8.7356285448847704,
             15.900735091478866),
            ("g3", 9, 8.6444444444444439, 0.94354532364787735, 8.3000000000000007,
             7.9191713050829247, 9.3697175838059632),
            ("g4", 7, 10.214285714285714, 3.4830200360360508, 11.5, 6.9930294426512232,
             13.435541985920205),
        ],
    ),
}


def run(name: str, **options: object) -> GroupComparisonResult:
    values, labels = DATASETS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reference data sets raise no warning
        return compare_groups(values, labels, **options)


# --- two groups ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TWO_GROUPS))
@pytest.mark.parametrize("level", [0.95, 0.90])
def test_two_groups_against_r(name: str, level: float) -> None:
    ref = TWO_GROUPS[name]
    res = run(name, level=level)
    assert (res.n, res.n_groups, res.n_dropped) == (ref["n"], 2, ref["n_dropped"])
    assert res.test == "Welch two-sample t-test"
    assert res.statistic == close(ref["t"])
    assert res.df == close(ref["df"])
    assert np.isnan(res.df_num)
    assert res.pvalue == close(ref["p"])
    assert res.mean_diff == close(ref["mean_diff"])
    assert (res.ci_low, res.ci_high) == (close(ref["ci"][level][0]), close(ref["ci"][level][1]))
    assert res.effect_size_name == "hedges_g"
    assert res.effect_size == close(ref["g"])
    # precise noncentral-t limits (R uniroot, tol 1e-14); brentq vs uniroot: 1e-9
    assert res.effect_ci_low == close(ref["g_ci"][level][0])
    assert res.effect_ci_high == close(ref["g_ci"][level][1])
    # effectsize::hedges_g itself (optim, abstol 1e-9 on the probabilities)
    assert res.effect_ci_low == iterative(ref["g_ci_effectsize"][level][0])
    assert res.effect_ci_high == iterative(ref["g_ci_effectsize"][level][1])
    assert res.rank_test == "Wilcoxon-Mann-Whitney rank-sum test"
    assert res.rank_statistic == ref["w"]
    assert np.isnan(res.rank_df)
    assert res.rank_effect_name == "rank_biserial"
    assert res.rank_effect == close(ref["rb"])
    assert res.rank_effect_ci_low == close(ref["rb_ci"][level][0])
    assert res.rank_effect_ci_high == close(ref["rb_ci"][level][1])
    assert res.level == level


@pytest.mark.parametrize("name", list(TWO_GROUPS))
@pytest.mark.parametrize(("exact", "correction"), list(TWO_GROUPS["W"]["wilcox"]))
def test_rank_sum_against_r(name: str, exact: object, correction: bool) -> None:
    p, used = TWO_GROUPS[name]["wilcox"][(exact, correction)]
    values, labels = DATASETS[name]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        res = compare_groups(values, labels, exact=exact, correction=correction)
    assert res.p_rank == close(p)
    assert res.rank_method == used
    assert res.correction is correction
    fallback = [w for w in record if "cannot compute the exact rank-sum p-value" in str(w.message)]
    # R warns "cannot compute exact p-value with ties" when exact = TRUE meets ties
    assert len(fallback) == (1 if exact is True and used != "exact" else 0)


@pytest.mark.parametrize("name", list(TWO_GROUPS))
def test_group_frame_against_r(name: str) -> None:
    frame = run(name).groups
    assert list(frame.columns) == ["group", "n", "mean", "sd", "median", "ci_low", "ci_high"]
    for row, ref in zip(frame.itertuples(index=False), TWO_GROUPS[name]["groups"]):
        assert (row.group, row.n) == ref[:2]
        for got, want in zip(row[2:], ref[2:]):
            assert got == close(want)


def test_scipy_and_pingouin_cross_check() -> None:
    pingouin = pytest.importorskip("pingouin")
    for name in ("W", "X", "L"):
        values, labels = DATASETS[name]
        frame = pd.DataFrame({"x": values, "g": labels}).dropna()
        first, second = (frame.x[frame.g == g].to_numpy() for g in sorted(frame.g.unique()))
        res = compare_groups(values, labels, exact=False, correction=False)
        welch = stats.ttest_ind(first, second, equal_var=False)
        assert res.statistic == close(welch.statistic)
        assert res.pvalue == close(welch.pvalue)
        mwu = stats.mannwhitneyu(first, second, method="asymptotic", use_continuity=False)
        assert res.rank_statistic == mwu.statistic  # scipy's U is U of the first sample
        assert res.p_rank == close(mwu.pvalue)
        # pingouin.mwu (0.7): RBC = 2U/(n1 n2) - 1 with U of the first sample
        ref = pingouin.mwu(first, second, use_continuity=False)
        assert res.rank_effect == close(float(ref["RBC"].iloc[0]))


def test_exact_rank_sum_by_enumeration() -> None:
    # The exact p-value equals the share of all C(13, 6) splits of the ranks 1..13 into
    # groups of 6 and 7 with a U of the first group at least as extreme (R's rule).
    first = [1.2, 3.4, 0.5, 2.8, 4.1, 3.9]
    second = [2.2, 0.9, 1.7, 0.3, 2.5, 1.1, 3.0]
    ranks = stats.rankdata(first + second)
    u_obs = ranks[:6].sum() - 21
    u_all = np.array([sum(c) - 21 for c in itertools.combinations(range(1, 14), 6)])
    tail = np.mean(u_all >= u_obs) if u_obs > 21 else np.mean(u_all <= u_obs)
    res = compare_groups(first + second, ["a"] * 6 + ["b"] * 7)
    assert res.rank_method == "exact"
    assert res.rank_statistic == u_obs == 31
    assert res.p_rank == close(min(1.0, 2 * tail))
    # scipy's exact distribution as a second reference
    assert res.p_rank == close(stats.mannwhitneyu(first, second, method="exact").pvalue)


def test_categorical_order_reverses_the_difference() -> None:
    # R: d$g <- factor(d$g, levels = c("program", "control"))
    #    t.test(x ~ g)  t = -3.6182627407487242, CI (-1.7448519269470681, -0.48058397048882906)
    #    wilcox.test(x ~ g)  W = 33, p = 0.0022007811515147627
    #    hedges_g(x ~ g)  -1.3161580204818573
    groups = pd.Categorical(W_GROUPS, categories=["program", "control", "unused"])
    res = compare_groups(W_VALUES, groups)
    assert list(res.groups["group"]) == ["program", "control"]
    assert res.n_groups == 2
    assert res.statistic == close(-3.6182627407487242)
    assert (res.ci_low, res.ci_high) == (close(-1.7448519269470681), close(-0.48058397048882906))
    assert res.rank_statistic == 33
    assert res.p_rank == close(0.0022007811515147627)
    assert res.effect_size == close(-1.316158020481857)
    assert res.rank_effect == close(-TWO_GROUPS["W"]["rb"])
    assert "as the categories of the categorical" in res.method


# --- three or more groups ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MANY_GROUPS))
def test_many_groups_against_r(name: str) -> None:
    ref = MANY_GROUPS[name]
    res = run(name)
    assert (res.n, res.n_groups, res.n_dropped) == (ref["n"], ref["k"], 0)
    assert res.test == "Welch one-way ANOVA"
    assert res.statistic == close(ref["f"])
    assert res.df_num == ref["df_num"]
    assert res.df == close(ref["df"])
    assert res.pvalue == close(ref["p"])
    assert res.rank_test == "Kruskal-Wallis rank-sum test"
    assert res.rank_statistic == close(ref["h"])
    assert res.rank_df == ref["k"] - 1
    assert res.p_rank == close(ref["p_h"])
    assert res.rank_method == "chi-square approximation"
    assert res.rank_effect_name == "rank_epsilon_squared"
    assert res.rank_effect == close(ref["eps"])
    # no bootstrap by default: NaN limits, the reason in method
    assert np.isnan(res.rank_effect_ci_low) and np.isnan(res.rank_effect_ci_high)
    assert "no CI (effectsize uses a bootstrap" in res.method
    # no parametric effect size for >= 3 groups
    assert res.effect_size_name == "none"
    for field in ("effect_size", "effect_ci_low", "effect_ci_high", "mean_diff", "ci_low",
                  "ci_high"):
        assert np.isnan(getattr(res, field)), field
    for row, want in zip(res.groups.itertuples(index=False), ref["groups"]):
        assert (row.group, row.n) == want[:2]
        for got, value in zip(row[2:], want[2:]):
            assert got == close(value)


@pytest.mark.parametrize("name", list(MANY_GROUPS))
def test_epsilon_squared_bootstrap_against_effectsize(name: str) -> None:
    # Different random numbers: agreement up to Monte-Carlo error. Over 20 seeds kosieval's
    # upper limit for K3 has SD 0.0033 (mean 0.4673); the lower limits vary by < 0.001.
    low, high = MANY_GROUPS[name]["boot95"]
    res = run(name, n_boot=20000, seed=1)
    assert res.rank_effect_ci_low == pytest.approx(low, abs=0.003)
    assert res.rank_effect_ci_high == pytest.approx(high, abs=0.015)
    assert res.rank_effect_ci_low < res.rank_effect < res.rank_effect_ci_high
    assert "percentile bootstrap CI (20000 replications resampled within groups, seed 1)" in res.method
    again = run(name, n_boot=20000, seed=1)
    assert (again.rank_effect_ci_low, again.rank_effect_ci_high) == (
        res.rank_effect_ci_low, res.rank_effect_ci_high)


def test_bootstrap_replicates_are_kruskal_wallis() -> None:
    # The vectorised replicate formula (rank SS between / SS total) equals scipy's
    # tie-corrected H / (n - 1) on the same resamples: re-draw them with the same generator.
    values, labels = DATASETS["K3"]
    parts = [np.array([v for v, g in zip(values, labels) if g == k], dtype=float) for k in (1, 2, 3)]
    res = compare_groups(values, labels, n_boot=50, seed=7, level=0.5)
    rng = np.random.default_rng(7)
    reps = []
    samples = [p[rng.integers(0, p.shape[0], size=(50, p.shape[0]))] for p in parts]
    for b in range(50):
        reps.append(stats.kruskal(*(s[b] for s in samples)).statistic / 30)
    low, high = np.quantile(reps, [0.25, 0.75])
    assert (res.rank_effect_ci_low, res.rank_effect_ci_high) == (close(low), close(high))


def test_scipy_pingouin_many_groups() -> None:
    pingouin = pytest.importorskip("pingouin")
    values, labels = DATASETS["K4"]
    frame = pd.DataFrame({"x": values, "g": labels})
    res = run("K4")
    ref = pingouin.welch_anova(data=frame, dv="x", between="g")
    assert res.statistic == close(float(ref["F"].iloc[0]))
    assert res.df == close(float(ref["ddof2"].iloc[0]))
    kw = stats.kruskal(*(frame.x[frame.g == g] for g in ("g1", "g2", "g3", "g4")))
    assert res.rank_statistic == close(kw.statistic)
    assert res.p_rank == close(kw.pvalue)


# --- edge cases --------------------------------------------------------------------------------------


def messages(record: list) -> str:
    return " | ".join(str(w.message) for w in record)


def test_group_of_one() -> None:
    # R: t.test(x ~ g) stops: "not enough 'x' observations"
    #    hedges_g(x ~ g)  (x = c(5, 1, 2, 3), g = a, b, b, b)  -> 1.6925687506432689,
    #      CI (-0.34822872593070758, 3.6355491327474625); precise (uniroot 1e-14):
    #      (-0.34822889629243531, 3.6355490589613022)
    #    wilcox.test(x ~ g)  W = 3, p = 0.5 (exact);  rank_biserial -> 1 [1, 1]
    with pytest.warns(RuntimeWarning) as record:
        res = compare_groups([5, 1, 2, 3], ["a", "b", "b", "b"])
    text = messages(record)
    assert "group 'a' has a single value" in text
    assert "rank_biserial = 1 (the groups do not overlap)" in text
    for field in ("statistic", "df", "pvalue", "ci_low", "ci_high", "rank_effect_ci_low",
                  "rank_effect_ci_high"):
        assert np.isnan(getattr(res, field)), field
    assert res.mean_diff == 3.0
    assert res.effect_size == close(1.6925687506432689)
    assert res.effect_ci_low == close(-0.34822889629243531)
    assert res.effect_ci_high == close(3.6355490589613022)
    assert (res.rank_statistic, res.p_rank, res.rank_method) == (3.0, 0.5, "exact")
    assert res.rank_effect == 1.0
    assert np.isnan(res.groups.loc[0, "sd"]) and np.isnan(res.groups.loc[0, "ci_low"])


def test_group_of_one_overlapping() -> None:
    # R (x = c(2.5, 1, 2, 3, 4), g = a, b, b, b, b): wilcox.test  W = 2, p = 1 (exact)
    #    rank_biserial -> 0, CI (-0.88226642571686198, 0.88226642571686198)
    #    hedges_g precise: 0, CI (-1.5856320250245359, 1.5856320250245366)
    with pytest.warns(RuntimeWarning, match="group 'a' has a single value"):
        res = compare_groups([2.5, 1, 2, 3, 4], ["a", "b", "b", "b", "b"])
    assert (res.rank_statistic, res.p_rank) == (2.0, 1.0)
    assert res.rank_effect == 0.0
    assert res.rank_effect_ci_low == close(-0.88226642571686198)
    assert res.rank_effect_ci_high == close(0.88226642571686198)
    assert res.effect_size == 0.0
    assert res.effect_ci_low == close(-1.5856320250245359)
    assert res.effect_ci_high == close(1.5856320250245366)


def test_zero_variance_in_both_groups() -> None:
    # R: t.test(x ~ g) stops: "data are essentially constant"; hedges_g fails in optim
    #    wilcox.test(c(1,1,1), c(2,2,2))  W = 0, p = 0.046854177603873753 (with continuity
    #      correction), correct = FALSE: p = 0.025347318677468287
    with pytest.warns(RuntimeWarning) as record:
        res = compare_groups([1, 1, 1, 2, 2, 2], ["a", "a", "a", "b", "b", "b"])
    text = messages(record)
    assert "both groups have zero variance" in text
    assert "the pooled SD is zero" in text
    assert "rank_biserial = -1" in text
    for field in ("statistic", "df", "pvalue", "ci_low", "ci_high", "effect_size",
                  "effect_ci_low", "effect_ci_high"):
        assert np.isnan(getattr(res, field)), field
    assert res.mean_diff == -1.0
    assert (res.rank_statistic, res.rank_method) == (0.0, "normal approximation")
    assert res.p_rank == close(0.046854177603873753)
    assert res.rank_effect == -1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        plain = compare_groups([1, 1, 1, 2, 2, 2], list("aaabbb"), correction=False)
    assert plain.p_rank == close(0.025347318677468287)


def test_zero_variance_in_one_group() -> None:
    # R: t.test(c(1, 1, 1, 2, 3, 4) ~ g)  t = -3.4641016151377548, df = 2,
    #    p = 0.074179900227448525, CI (-4.4841377117503294, 0.48413771175032977)
    with pytest.warns(RuntimeWarning, match="rank_biserial = -1"):
        res = compare_groups([1, 1, 1, 2, 3, 4], list("aaabbb"))
    assert res.statistic == close(-3.4641016151377548)
    assert res.df == close(2.0)
    assert res.pvalue == close(0.074179900227448525)
    assert (res.ci_low, res.ci_high) == (close(-4.4841377117503294), close(0.48413771175032977))


def test_all_values_tied_two_groups() -> None:
    # R: wilcox.test(c(3,3,3), c(3,3))  W = 3, p = NaN
    #    rank_biserial -> 0, CI (-0.81156127850925153, 0.81156127850925153)
    with pytest.warns(RuntimeWarning) as record:
        res = compare_groups([3, 3, 3, 3, 3], list("aaabb"))
    text = messages(record)
    assert "all 5 values are tied, so the rank-sum test is undefined" in text
    assert "both groups have zero variance" in text
    assert np.isnan(res.p_rank) and np.isnan(res.statistic) and np.isnan(res.effect_size)
    assert res.rank_statistic == 3.0
    assert res.rank_effect == 0.0
    assert res.rank_effect_ci_low == close(-0.81156127850925153)
    assert res.rank_effect_ci_high == close(0.81156127850925153)
    assert "all values tied: r = 0" in res.method


def test_all_values_tied_three_groups() -> None:
    # R: kruskal.test(rep(3, 6), factor(c(1,1,2,2,3,3)))  H = NaN, p = NaN
    with pytest.warns(RuntimeWarning) as record:
        res = compare_groups([3] * 6, [1, 1, 2, 2, 3, 3])
    text = messages(record)
    assert "groups 1, 2 and 3 have zero variance" in text
    assert "all 6 values are tied, so the Kruskal-Wallis H" in text
    for field in ("statistic", "pvalue", "rank_statistic", "p_rank", "rank_effect"):
        assert np.isnan(getattr(res, field)), field


def test_hedges_g_needs_two_degrees_of_freedom() -> None:
    # R: hedges_g(c(1, 2, 4) ~ factor(c("a", "b", "b"))) -> 0 [0, 0]: J = 0 for df = 1
    # (Gamma(0) is infinite); kosieval reports NaN instead of the made-up 0.
    with pytest.warns(RuntimeWarning) as record:
        res = compare_groups([1, 2, 4], ["a", "b", "b"])
    assert "Hedges' g needs at least 4 values" in messages(record)
    assert np.isnan(res.effect_size) and np.isnan(res.effect_ci_low)


def test_three_groups_with_a_group_of_one() -> None:
    # R: oneway.test stops: "not enough observations";
    #    kruskal.test(c(1,2,3,4,5,6,10), g = a,a,a,b,b,b,c)  H = 5.1428571428571423, df = 2,
    #    p = 0.076426286990768116
    with pytest.warns(RuntimeWarning, match="group 'c' has a single value"):
        res = compare_groups([1, 2, 3, 4, 5, 6, 10], list("aaabbbc"))
    assert np.isnan(res.statistic) and np.isnan(res.df) and np.isnan(res.pvalue)
    assert res.df_num == 2
    assert res.rank_statistic == close(5.1428571428571423)
    assert res.p_rank == close(0.076426286990768116)
    assert res.rank_effect == close(5.1428571428571423 / 6)


def test_three_groups_with_zero_variance() -> None:
    # R: oneway.test(x ~ g) with group c = 7, 7, 7 -> F = NaN, p = NaN
    #    kruskal.test  H = 7.448275862068968, p = 0.024133896544913293
    with pytest.warns(RuntimeWarning, match="group 'c' has zero variance"):
        res = compare_groups([1, 2, 3, 4, 5, 6, 7, 7, 7], list("aaabbbccc"))
    assert np.isnan(res.statistic) and np.isnan(res.pvalue)
    assert res.rank_statistic == close(7.448275862068968)
    assert res.p_rank == close(0.024133896544913293)


def test_bootstrap_with_undefined_replicates() -> None:
    # Resampling group b (1, 1, 2) gives all ones in (2/3)^3 = 30 % of the replicates;
    # with a and c constant at 1, those replicates are all tied and left out (warning).
    with pytest.warns(RuntimeWarning) as record:
        res = compare_groups([1, 1, 1, 1, 1, 2, 1, 1, 1], list("aaabbbccc"), n_boot=400, seed=3)
    text = messages(record)
    assert "bootstrap replicates had all values tied" in text
    dropped = int(re.search(r"(\d+) of 400 bootstrap replicates", text).group(1))
    assert 80 <= dropped <= 160  # binomial(400, 8/27): mean 119, SD 9
    assert res.rank_effect_ci_high == 1.0  # a replicate with b = 2, 2, 2 separates b fully


def test_missing_values_and_labels() -> None:
    values = pd.Series([1.0, 2.0, NAN, 4.0, 5.0, 6.0, 7.0], dtype="Float64")
    labels = pd.Series(["x", "y", "x", None, "y", "x", "y"])
    res = compare_groups(values, labels)
    assert (res.n, res.n_dropped) == (5, 2)
    plain = compare_groups([1.0, 2.0, 5.0, 6.0, 7.0], ["x", "y", "y", "x", "y"])
    assert (res.statistic, res.p_rank, res.effect_size) == (
        plain.statistic, plain.p_rank, plain.effect_size)
    assert "5 cases in 2 groups (2 dropped" in res.method


def test_only_one_group() -> None:
    # the only value of group b is missing
    with pytest.raises(ValueError, match=r"groups: need at least 2 groups with values, got 1 \('a'\)"):
        compare_groups([1, 2, 3, NAN], ["a", "a", "a", "b"])


def test_no_values() -> None:
    with pytest.raises(ValueError, match="groups: need at least 2 groups with values, got 0"):
        compare_groups([NAN, NAN], ["a", "b"])


def test_unequal_lengths() -> None:
    with pytest.raises(ValueError, match="groups: has 3 labels but values has 4"):
        compare_groups([1, 2, 3, 4], ["a", "b", "b"])


def test_series_with_different_index() -> None:
    values = pd.Series([1.0, 2.0, 3.0, 4.0], index=[1, 2, 3, 4])
    labels = pd.Series(["a", "a", "b", "b"], index=[4, 3, 2, 1])
    with pytest.raises(ValueError, match="groups: its index differs from the index of values"):
        compare_groups(values, labels)


def test_mixed_label_types() -> None:
    with pytest.raises(ValueError, match="groups: labels of mixed types cannot be sorted"):
        compare_groups([1, 2, 3, 4], ["a", 1, "a", 1])


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"level": 0.0}, "level: must be a number strictly between 0 and 1"),
        ({"level": "95%"}, "level: must be a number strictly between 0 and 1"),
        ({"exact": "yes"}, "exact: must be 'auto', True or False"),
        ({"exact": 1}, "exact: must be 'auto', True or False"),
        ({"correction": "no"}, "correction: must be True or False"),
        ({"n_boot": -1}, "n_boot: must be a non-negative integer"),
        ({"n_boot": 10.5}, "n_boot: must be a non-negative integer"),
        ({"seed": "x"}, "seed: must be an integer or None"),
    ],
)
def test_bad_options(options: dict, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        compare_groups(A + B, ["a"] * 13 + ["b"] * 15, **options)


def test_bad_values() -> None:
    with pytest.raises(ValueError, match="values: must be numeric"):
        compare_groups(["x", "y", "z", "w"], ["a", "a", "b", "b"])
    with pytest.raises(ValueError, match="values: contains infinite values"):
        compare_groups([1, 2, np.inf, 4], ["a", "a", "b", "b"])
    with pytest.raises(ValueError, match="groups: must be one-dimensional"):
        compare_groups([1, 2, 3, 4], pd.DataFrame({"g": ["a", "a", "b", "b"]}))
    with pytest.raises(ValueError, match="groups: must be one-dimensional"):
        compare_groups([1, 2, 3, 4], "aabb")
    with pytest.raises(ValueError, match="groups: must be one-dimensional, got 2 dimensions"):
        compare_groups([1, 2, 3, 4], [["a", "a"], ["b", "b"]])


def test_result_is_frozen_and_tidy() -> None:
    res = run("W")
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.statistic = 0.0  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape == (1, len(dataclasses.fields(GroupComparisonResult)) - 1)
    assert "groups" not in frame.columns
    assert frame.loc[0, "p_rank"] == res.p_rank
    assert frame.loc[0, "effect_size_name"] == "hedges_g"
    for words in ("first group minus second", "Hedges' g", "exact if both groups < 50 and no ties",
                  "exact null distribution", "Fisher-z", "2 dropped", "sorted label"):
        assert words in res.method
    assert "with continuity correction" in run("L").method
