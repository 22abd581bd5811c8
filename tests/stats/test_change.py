"""Tests of kosieval.stats.paired_change against R (stats::t.test, stats::wilcox.test).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330), printed with ``sprintf("%.17g", ...)``; R does not run in the test
suite. The R vectors are the Python lists below (``NAN`` -> ``NA``). Per data set::

    tt <- t.test(after, before, paired = TRUE, conf.level = L)       # L = 0.95, 0.90
    ok <- complete.cases(after, before); d <- after[ok] - before[ok]; n <- length(d)
    mean(before[ok]); mean(after[ok]); mean(d); sd(d)
    dz <- mean(d) / sd(d)
    ncp_ci <- function(t, df, level) {                              # noncentral-t CI of d_z
      a <- (1 - level) / 2
      c(uniroot(function(ncp) pt(t, df, ncp) - (1 - a), c(t - 50, t + 50), tol = 1e-14)$root,
        uniroot(function(ncp) pt(t, df, ncp) - a, c(t - 50, t + 50), tol = 1e-14)$root)
    }
    ncp_ci(tt$statistic, n - 1, L) / sqrt(n)
    dn <- d[d != 0]; r <- rank(abs(dn)); wp <- sum(r[dn > 0]); wm <- sum(r[dn < 0])
    nd <- length(dn); rb <- (wp - wm) / (wp + wm)
    # rank-biserial CI: R effectsize::rank_biserial(paired = TRUE) could not be installed
    # (no CRAN access), so its formula (effectsize R/rank_diff.R) was evaluated by hand:
    se <- sqrt((2 * nd^3 + 3 * nd^2 + nd) / 6) / (nd * (nd + 1) / 2)
    tanh(atanh(rb) + c(-1, 1) * qnorm(1 - (1 - L) / 2) * se)
    wilcox.test(after, before, paired = TRUE, exact = E, correct = C)   # $statistic = V = W+

uniroot's search evaluates pt() far from the roots, where R warns "full precision may not
have been achieved in 'pnt{final}'"; at the roots pt() is accurate (checked: 0.975 and
0.025 to 1e-16), and the roots agree with scipy.stats.nct to < 1e-12.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kosieval.stats import ChangeResult, paired_change

NAN = np.nan

# S: 15 pairs, continuous, no ties, no zeros (R: set.seed(7); b <- round(runif(15, 2, 5), 2);
# a <- round(b + rnorm(15, 0.4, 0.6), 2)).
S_BEFORE = [4.97, 3.19, 2.35, 2.21, 2.73, 4.38, 3.02, 4.92, 2.50, 3.38, 2.52, 2.69, 4.32,
            2.29, 3.36]
S_AFTER = [4.55, 2.16, 2.46, 2.29, 3.92, 3.87, 3.41, 5.11, 2.52, 3.24, 3.53, 3.58, 4.66,
           2.51, 3.66]
# L: Likert answers of 20 people, 2 pairs incomplete, 5 zero differences, many ties.
L_BEFORE = [3, 4, 2, 5, 3, 3, 4, 2, 3, 4, 1, 3, NAN, 4, 2, 3, 5, 4, 3, 2]
L_AFTER = [4, 4, 3, 5, 2, 4, 5, 4, 3, 5, 2, NAN, 4, 4, 3, 5, 5, 3, 4, 3]
# B: 55 pairs, no ties, no zeros (R: set.seed(2); b <- round(rnorm(55, 50, 10), 2);
# a <- round(b + rnorm(55, 2, 6), 2)); B[:49] and B[:50] probe R's n < 50 exact rule.
B_BEFORE = [41.03, 51.85, 65.88, 38.70, 49.20, 51.32, 57.08, 47.60, 69.84, 48.61, 54.18,
            59.82, 46.07, 39.60, 67.82, 26.89, 58.79, 50.36, 60.13, 54.32, 70.91, 38.00,
            65.90, 69.55, 50.05, 25.48, 54.77, 44.03, 57.92, 52.90, 57.39, 53.19, 60.76,
            47.16, 42.23, 44.04, 32.74, 40.97, 44.41, 47.53, 46.16, 30.41, 41.58, 69.04,
            56.22, 69.91, 46.95, 49.09, 48.16, 38.01, 41.62, 70.66, 44.38, 62.76, 39.52]
B_AFTER = [31.23, 51.91, 73.50, 47.54, 61.23, 42.59, 71.27, 45.38, 72.79, 53.65, 51.26,
           49.83, 45.19, 42.11, 64.45, 23.36, 62.77, 51.51, 64.74, 56.00, 67.47, 47.82,
           72.53, 77.87, 43.59, 33.46, 46.60, 42.83, 51.69, 41.65, 70.32, 51.27, 61.05,
           46.84, 46.55, 55.64, 44.83, 35.87, 38.26, 40.45, 40.64, 44.17, 43.63, 65.98,
           54.61, 78.36, 50.51, 49.20, 45.66, 34.84, 55.91, 78.30, 58.43, 62.23, 39.41]

DATASETS = {
    "S": (S_BEFORE, S_AFTER),
    "L": (L_BEFORE, L_AFTER),
    "B49": (B_BEFORE[:49], B_AFTER[:49]),
    "B50": (B_BEFORE[:50], B_AFTER[:50]),
    "B55": (B_BEFORE, B_AFTER),
}

# Keys of "wilcox": (wilcoxon_method, correction) -> (R call, p-value, kosieval's method).
# exact=NULL <-> "auto", exact=FALSE <-> "approx".
REFERENCES = {
    "S": dict(
        n_pairs=15, n_dropped=0, n_zero=0,
        mean_before=3.2553333333333332, mean_after=3.4313333333333333,
        mean_diff=0.17600000000000007, sd_diff=0.58197692639583465,
        t=1.1712578935971101, df=14, p_t=0.2610444410197954,
        ci95=(-0.14628807945466893, 0.49828807945466913),
        ci90=(-0.088664670002225582, 0.4406646700022257),
        d_z=0.30241748773437238,
        d_z_ci95=(-0.2207733343816532, 0.81539841029989379),
        d_z_ci90=(-0.13757581411302641, 0.73200676665871223),
        w_plus=81, w_minus=39,
        rb=0.34999999999999998,
        rb_ci95=(-0.20668095464319358, 0.73549284400408355),
        rb_ci90=(-0.11669938411454846, 0.69008657784783056),
        wilcox={
            # wilcox.test(S_AFTER, S_BEFORE, paired=TRUE, exact=NULL, correct=TRUE/FALSE)
            ("auto", True): (0.25238037109375006, "exact"),
            ("auto", False): (0.25238037109375006, "exact"),
            # exact=TRUE, correct=TRUE/FALSE
            ("exact", True): (0.25238037109375006, "exact"),
            ("exact", False): (0.25238037109375006, "exact"),
            # exact=FALSE, correct=TRUE / correct=FALSE
            ("approx", True): (0.2442936413317767, "normal approximation"),
            ("approx", False): (0.23297910818121473, "normal approximation"),
        },
    ),
    "L": dict(
        n_pairs=18, n_dropped=2, n_zero=5,
        mean_before=3.1666666666666665, mean_after=3.7777777777777777,
        mean_diff=0.61111111111111116, sd_diff=0.84983658559879749,
        t=3.0508510792387606, df=17, p_t=0.0072260542470731397,
        ci95=(0.18849731957496074, 1.0337249026472617),
        ci90=(0.26265326388857169, 0.95956895833365075),
        d_z=0.71909249550667487,
        d_z_ci95=(0.19026985592053489, 1.231316287617475),
        d_z_ci90=(0.27307614678299047, 1.1467613422255469),
        w_plus=79, w_minus=12,
        rb=0.73626373626373631,
        rb_ci95=(0.3148233385635712, 0.91520160182363686),
        rb_ci90=(0.40112427169765685, 0.89756577351435662),
        wilcox={
            # R falls back to the normal approximation ("cannot compute exact p-value with
            # ties" / "... with zeroes") for exact=NULL and exact=TRUE.
            ("auto", True): (0.013154588835878155, "normal approximation"),
            ("auto", False): (0.011831666473446552, "normal approximation"),
            ("exact", True): (0.013154588835878155, "normal approximation"),
            ("exact", False): (0.011831666473446552, "normal approximation"),
            ("approx", True): (0.013154588835878155, "normal approximation"),
            ("approx", False): (0.011831666473446552, "normal approximation"),
        },
    ),
    "B49": dict(
        n_pairs=49, n_dropped=0, n_zero=0,
        mean_before=50.94979591836735, mean_after=52.07469387755102,
        mean_diff=1.1248979591836734, sd_diff=6.8968003216615408,
        t=1.1417302730302452, df=48, p_t=0.25922997243081913,
        ci95=(-0.85609438983442321, 3.1058903082017699),
        ci90=(-0.52759923729187785, 2.7773951556592249),
        d_z=0.16310432471860645,
        d_z_ci95=(-0.11961155528955304, 0.44414740932094465),
        d_z_ci90=(-0.074297122430455872, 0.39882431441437072),
        w_plus=707, w_minus=518,
        rb=0.15428571428571428,
        rb_ci95=(-0.16464935659866961, 0.44401228067939208),
        rb_ci90=(-0.11394568815181029, 0.40155217958421274),
        wilcox={
            ("auto", True): (0.35292252231677784, "exact"),
            ("auto", False): (0.35292252231677784, "exact"),
            ("exact", True): (0.35292252231677784, "exact"),
            ("exact", False): (0.35292252231677784, "exact"),
            ("approx", True): (0.34976475096856313, "normal approximation"),
            ("approx", False): (0.3472076393494245, "normal approximation"),
        },
    ),
    "B50": dict(
        n_pairs=50, n_dropped=0, n_zero=0,
        mean_before=50.691000000000003, mean_after=51.729999999999997,
        mean_diff=1.0390000000000001, sd_diff=6.8530318778163677,
        t=1.0720568045670915, df=49, p_t=0.2889463475869149,
        ci95=(-0.9086101102874089, 2.9866101102874092),
        ci90=(-0.5858545506246049, 2.6638545506246052),
        d_z=0.15161172726531436,
        d_z_ci95=(-0.12794427723772422, 0.4296417905638158),
        d_z_ci90=(-0.083125144619012561, 0.38481583402479941),
        w_plus=725, w_minus=550,
        rb=0.13725490196078433,
        rb_ci95=(-0.17843068810369264, 0.42732106729459618),
        rb_ci90=(-0.12844344094428836, 0.38456862703368644),
        wilcox={
            # n = 50 is not < 50: exact=NULL uses the normal approximation
            ("auto", True): (0.40100076918166916, "normal approximation"),
            ("auto", False): (0.39829964654140504, "normal approximation"),
            ("exact", True): (0.40425775758130017, "exact"),
            ("exact", False): (0.40425775758130017, "exact"),
            ("approx", True): (0.40100076918166916, "normal approximation"),
            ("approx", False): (0.39829964654140504, "normal approximation"),
        },
    ),
    "B55": dict(
        n_pairs=55, n_dropped=0, n_zero=0,
        mean_before=50.790727272727274, mean_after=52.377818181818185,
        mean_diff=1.5870909090909091, sd_diff=7.0408153128284985,
        t=1.6717071355980306, df=54, p_t=0.10036783428098224,
        ci95=(-0.31630809205627863, 3.4904899102380966),
        ci90=(-0.0017637366092839802, 3.175945554791102),
        d_z=0.22541294417980251,
        d_z_ci95=(-0.043266263274582668, 0.49206003312540247),
        d_z_ci90=(-0.00024312287329517022, 0.44901686790821932),
        w_plus=929, w_minus=611,
        rb=0.20649350649350651,
        rb_ci95=(-0.094016203023938594, 0.47251743034826554),
        rb_ci90=(-0.045420317629055358, 0.43371498726154445),
        wilcox={
            ("auto", True): (0.18417814253955506, "normal approximation"),
            ("auto", False): (0.1827980356443987, "normal approximation"),
            ("exact", True): (0.18568245265027911, "exact"),
            ("exact", False): (0.18568245265027911, "exact"),
            ("approx", True): (0.18417814253955506, "normal approximation"),
            ("approx", False): (0.1827980356443987, "normal approximation"),
        },
    ),
}


def close(value: float) -> object:
    """Tolerance for closed-form results: relative 1e-9."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def root(value: float) -> object:
    """Tolerance for root-finding results (noncentral-t CI): absolute 1e-6."""
    return pytest.approx(value, abs=1e-6)


def run(name: str, **options: object) -> ChangeResult:
    before, after = DATASETS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the exact fallback for L
        return paired_change(before, after, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_t_test_and_descriptives_match_r(name: str) -> None:
    ref = REFERENCES[name]
    res = run(name)
    assert (res.n_pairs, res.n_dropped, res.n_zero, res.df) == (
        ref["n_pairs"], ref["n_dropped"], ref["n_zero"], ref["df"],
    )
    for field in ("mean_before", "mean_after", "mean_diff", "sd_diff", "t", "p_t", "d_z"):
        assert getattr(res, field) == close(ref[field]), field
    assert (res.ci_low, res.ci_high) == (close(ref["ci95"][0]), close(ref["ci95"][1]))
    assert (res.d_z_ci_low, res.d_z_ci_high) == (root(ref["d_z_ci95"][0]),
                                                 root(ref["d_z_ci95"][1]))
    res90 = run(name, level=0.90)
    assert (res90.ci_low, res90.ci_high) == (close(ref["ci90"][0]), close(ref["ci90"][1]))
    assert (res90.d_z_ci_low, res90.d_z_ci_high) == (root(ref["d_z_ci90"][0]),
                                                     root(ref["d_z_ci90"][1]))


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_rank_sums_and_rank_biserial(name: str) -> None:
    ref = REFERENCES[name]
    res = run(name)
    assert (res.w_plus, res.w_minus) == (ref["w_plus"], ref["w_minus"])
    assert res.rank_biserial == close(ref["rb"])
    assert res.rank_biserial_ci_low == close(ref["rb_ci95"][0])
    assert res.rank_biserial_ci_high == close(ref["rb_ci95"][1])
    res90 = run(name, level=0.90)
    assert res90.rank_biserial_ci_low == close(ref["rb_ci90"][0])
    assert res90.rank_biserial_ci_high == close(ref["rb_ci90"][1])


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("wilcoxon_method", ["auto", "exact", "approx"])
@pytest.mark.parametrize("correction", [True, False])
def test_wilcoxon_matches_r(name: str, wilcoxon_method: str, correction: bool) -> None:
    p_ref, method_ref = REFERENCES[name]["wilcox"][(wilcoxon_method, correction)]
    res = run(name, wilcoxon_method=wilcoxon_method, correction=correction)
    assert res.p_wilcoxon == close(p_ref)
    assert res.wilcoxon_method == method_ref
    assert res.correction is correction
    assert res.zero_method == "wilcox"
    assert np.isnan(res.wilcoxon_z) == (method_ref == "exact")


def test_exact_request_with_ties_warns_like_r() -> None:
    with pytest.warns(RuntimeWarning, match="cannot compute the exact Wilcoxon p-value with "
                      "ties and zero differences"):
        res = paired_change(L_BEFORE, L_AFTER, wilcoxon_method="exact")
    assert res.wilcoxon_method == "normal approximation"


def test_default_is_wilcox_zeros_without_continuity_correction() -> None:
    res = paired_change(L_BEFORE, L_AFTER)
    assert (res.zero_method, res.correction) == ("wilcox", False)
    assert "without continuity correction" in res.method
    assert "zero differences dropped" in res.method
    # = wilcox.test(L_AFTER, L_BEFORE, paired=TRUE, correct=FALSE)
    assert res.p_wilcoxon == close(0.011831666473446552)


# --- cross-checks with scipy and pingouin ------------------------------------------------------


@pytest.mark.parametrize("name", ["S", "L", "B55"])
@pytest.mark.parametrize("correction", [True, False])
def test_scipy_wilcoxon_normal_approximation(name: str, correction: bool) -> None:
    before, after = (np.asarray(v, dtype=float) for v in DATASETS[name])
    ok = ~(np.isnan(before) | np.isnan(after))
    ref = stats.wilcoxon(after[ok], before[ok], zero_method="wilcox", correction=correction,
                         method="asymptotic")
    res = run(name, wilcoxon_method="approx", correction=correction)
    assert res.p_wilcoxon == close(ref.pvalue)
    assert min(res.w_plus, res.w_minus) == ref.statistic
    assert abs(res.wilcoxon_z) == close(abs(ref.zstatistic))


def test_scipy_wilcoxon_exact() -> None:
    ref = stats.wilcoxon(S_AFTER, S_BEFORE, method="exact")
    assert run("S").p_wilcoxon == close(ref.pvalue)


@pytest.mark.parametrize("correction", [True, False])
def test_pratt_matches_scipy(correction: bool) -> None:
    # R's wilcox.test has no Pratt option; scipy.stats.wilcoxon(zero_method="pratt") is the
    # reference (Cureton's adjustment of mean and variance, zeros not in the tie correction).
    before, after = (np.asarray(v, dtype=float) for v in DATASETS["L"])
    ok = ~(np.isnan(before) | np.isnan(after))
    ref = stats.wilcoxon(after[ok], before[ok], zero_method="pratt", correction=correction,
                         method="asymptotic")
    res = paired_change(L_BEFORE, L_AFTER, zero_method="pratt", correction=correction)
    assert res.wilcoxon_method == "normal approximation"
    assert res.p_wilcoxon == close(ref.pvalue)
    assert min(res.w_plus, res.w_minus) == ref.statistic
    # Pratt ranks the 18 |d| including the 5 zeros (ranks 1..5), then drops those ranks:
    # hand count: +1 ties at ranks 6..16 (midrank 11; 9 positive, 2 negative),
    # +2 ties at ranks 17..18 (midrank 17.5, both positive).
    assert (res.w_plus, res.w_minus) == (9 * 11 + 2 * 17.5, 2 * 11)
    assert res.rank_biserial == close((134 - 22) / 156)
    assert "pratt" in res.method


def test_pratt_equals_wilcox_without_zeros() -> None:
    a = paired_change(S_BEFORE, S_AFTER, zero_method="pratt")
    b = paired_change(S_BEFORE, S_AFTER, zero_method="wilcox")
    assert (a.p_wilcoxon, a.w_plus, a.rank_biserial_ci_low) == (
        b.p_wilcoxon, b.w_plus, b.rank_biserial_ci_low,
    )


def test_pratt_exact_request_with_zeros_warns() -> None:
    with pytest.warns(RuntimeWarning, match="zero differences"):
        res = paired_change([1, 2, 3, 4], [1, 3, 5, 8], zero_method="pratt",
                            wilcoxon_method="exact")
    assert res.wilcoxon_method == "normal approximation"


def test_pingouin_cross_check() -> None:
    pingouin = pytest.importorskip("pingouin")
    # pingouin.wilcoxon(x, y) tests x - y, drops zeros (scipy), RBC = Kerby's r.
    for name in ("S", "L", "B55"):
        before, after = DATASETS[name]
        ref = pingouin.wilcoxon(after, before, correction=False, method="asymptotic")
        res = run(name, wilcoxon_method="approx")
        assert res.p_wilcoxon == close(float(ref["p_val"].iloc[0]))
        assert res.rank_biserial == close(float(ref["RBC"].iloc[0]))
        tt = pingouin.ttest(after, before, paired=True)
        assert res.t == close(float(tt["T"].iloc[0]))
        assert res.p_t == close(float(tt["p_val"].iloc[0]))


def test_exact_distribution_by_enumeration() -> None:
    # The exact p-value equals the share of all 2^n sign assignments of the ranks 1..n
    # with a W+ at least as extreme (two-sided, R's rule), enumerated by brute force.
    d = np.array([0.5, -1.25, 2.0, 3.5, -0.75, 1.5, 4.25, 2.75, -3.0, 5.0, 0.25, 1.0])
    n = d.size
    ranks = stats.rankdata(np.abs(d))
    w_obs = ranks[d > 0].sum()
    signs = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    w_all = signs @ np.arange(1, n + 1)
    if w_obs > n * (n + 1) / 4:
        p = np.mean(w_all >= w_obs)
    else:
        p = np.mean(w_all <= w_obs)
    res = paired_change(np.zeros(n), d)
    assert res.wilcoxon_method == "exact"
    assert res.p_wilcoxon == close(min(1.0, 2 * p))


# --- simulation ----------------------------------------------------------------------------


def test_simulation_recovers_d_z() -> None:
    # after - before ~ N(0.5, 1): population d_z = 0.5; SE of d_z about 0.025 at n = 2000.
    rng = np.random.default_rng(2024)
    before = rng.normal(3.0, 1.0, 2000)
    after = before + rng.normal(0.5, 1.0, 2000)
    res = paired_change(before, after)
    assert res.d_z == pytest.approx(0.5, abs=0.075)
    assert res.d_z_ci_low < 0.5 < res.d_z_ci_high
    assert res.d_z_ci_high - res.d_z_ci_low == pytest.approx(2 * 1.96 * np.sqrt(
        1 / 2000 + 0.5**2 / (2 * 2000)), rel=0.05)  # large-sample width of the d_z CI
    assert res.mean_diff == pytest.approx(0.5, abs=0.075)
    assert res.p_t < 1e-6
    assert res.p_wilcoxon < 1e-6
    # Population rank-biserial for symmetric D: 2 P(D_i + D_j > 0) - 1 with
    # D_i + D_j ~ N(1, 2) (Walsh averages), i.e. 2 Phi(1 / sqrt 2) - 1 = 0.5205.
    assert res.rank_biserial == pytest.approx(2 * stats.norm.cdf(1 / np.sqrt(2)) - 1, abs=0.05)


def test_simulation_d_z_ci_coverage() -> None:
    rng = np.random.default_rng(99)
    hits = 0
    reps = 400
    for _ in range(reps):
        d = rng.normal(0.5, 1.0, 15)
        res = paired_change(np.zeros(15), d)
        hits += res.d_z_ci_low < 0.5 < res.d_z_ci_high
    # exact coverage 0.95; binomial SD over 400 replications is 0.011
    assert 0.915 <= hits / reps <= 0.985


# --- edge cases and bad arguments --------------------------------------------------------------


def test_all_differences_zero() -> None:
    with pytest.warns(RuntimeWarning) as record:
        res = paired_change([1, 2, 3, 4], [1, 2, 3, 4])
    messages = " | ".join(str(w.message) for w in record)
    assert "all 4 differences are equal (0)" in messages
    assert "all 4 differences are zero" in messages
    for field in ("t", "p_t", "ci_low", "ci_high", "d_z", "d_z_ci_low", "d_z_ci_high",
                  "p_wilcoxon", "rank_biserial", "rank_biserial_ci_low",
                  "rank_biserial_ci_high"):
        assert np.isnan(getattr(res, field)), field
    assert (res.mean_diff, res.sd_diff, res.w_plus, res.w_minus, res.n_zero) == (0, 0, 0, 0, 4)


def test_constant_nonzero_difference() -> None:
    with pytest.warns(RuntimeWarning) as record:
        res = paired_change([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])
    messages = " | ".join(str(w.message) for w in record)
    assert "differences are equal (1), so sd_diff = 0" in messages
    assert "rank_biserial = 1" in messages
    assert np.isnan(res.t) and np.isnan(res.p_t) and np.isnan(res.d_z)
    assert (res.mean_diff, res.sd_diff) == (1.0, 0.0)
    # Wilcoxon is defined: all |d| tied (midrank 3), normal approximation.
    # R: wilcox.test(c(2,3,4,5,6), c(1,2,3,4,5), paired=TRUE, correct=FALSE)
    #   V = 15, p-value = 0.025347318677468259 (warning: cannot compute exact p-value with ties)
    assert res.w_plus == 15
    assert res.p_wilcoxon == close(0.025347318677468259)
    assert res.wilcoxon_method == "normal approximation"
    # R: wilcox.test(c(2,3,4,5,6), c(1,2,3,4,5), paired=TRUE)  (correct=TRUE)
    #   p-value = 0.036888425707049893
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        corrected = paired_change([1, 2, 3, 4, 5], [2, 3, 4, 5, 6], correction=True)
    assert corrected.p_wilcoxon == close(0.036888425707049893)
    assert res.rank_biserial == 1.0
    assert np.isnan(res.rank_biserial_ci_low) and np.isnan(res.rank_biserial_ci_high)


def test_missing_pairs_are_dropped_and_counted() -> None:
    before = pd.Series([3, 4, pd.NA, 5, 2, 4], dtype="Int64")
    after = pd.Series([4, pd.NA, 3, 5, 3, 3], dtype="Int64")
    res = paired_change(before, after)
    assert (res.n_pairs, res.n_dropped) == (4, 2)
    plain = paired_change([3, 5, 2, 4], [4, 5, 3, 3])
    assert (res.t, res.p_wilcoxon, res.n_zero) == (plain.t, plain.p_wilcoxon, 1)
    assert "4 complete pairs (2 dropped)" in res.method
    objects = paired_change([3, None, 2, 4, 1], [4, 5, None, 3, 1.5])
    assert (objects.n_pairs, objects.n_dropped) == (3, 2)


def test_fewer_than_two_pairs() -> None:
    with pytest.raises(ValueError, match=r"before/after: need at least 2 complete pairs, got 1"):
        paired_change([1, NAN, 3], [2, 3, NAN])


def test_length_mismatch() -> None:
    with pytest.raises(ValueError, match="after: has 2 values but before has 3"):
        paired_change([1, 2, 3], [1, 2])


def test_series_with_different_index() -> None:
    before = pd.Series([1.0, 2.0, 3.0], index=["a", "b", "c"])
    after = pd.Series([1.0, 2.5, 3.5], index=["c", "b", "a"])
    with pytest.raises(ValueError, match="after: its index differs from the index of before"):
        paired_change(before, after)


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"level": 1.0}, "level: must be a number strictly between 0 and 1"),
        ({"level": "95%"}, "level: must be a number strictly between 0 and 1"),
        ({"wilcoxon_method": "asymptotic"}, "wilcoxon_method: must be 'auto', 'exact'"),
        ({"zero_method": "zsplit"}, "zero_method: must be 'wilcox' or 'pratt'"),
        ({"correction": "yes"}, "correction: must be True or False"),
        ({"correction": 1}, "correction: must be True or False"),
    ],
)
def test_bad_options(options: dict, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        paired_change(S_BEFORE, S_AFTER, **options)


def test_bad_values() -> None:
    with pytest.raises(ValueError, match="before: must be numeric"):
        paired_change(["a", "b"], [1, 2])
    with pytest.raises(ValueError, match="after: must be numeric"):
        paired_change([1, 2], pd.Series(["x", "y"]))
    with pytest.raises(ValueError, match="after: contains infinite values"):
        paired_change([1, 2, 3], [1, np.inf, 3])
    with pytest.raises(ValueError, match="before: must be one-dimensional"):
        paired_change([[1, 2], [3, 4]], [1, 2])


def test_result_is_frozen_and_tidy() -> None:
    res = run("L")
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.t = 0.0  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape == (1, len(dataclasses.fields(ChangeResult)))
    assert frame.loc[0, "n_dropped"] == 2
    assert frame.loc[0, "p_wilcoxon"] == res.p_wilcoxon
    for word in ("after - before", "noncentral-t", "Kerby", "tie correction",
                 "2 dropped", "Fisher-z"):
        assert word in res.method
    assert "exact null distribution" in run("S").method


def test_no_warning_on_regular_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paired_change(S_BEFORE, S_AFTER)
        paired_change(L_BEFORE, L_AFTER)


def test_d_z_is_not_pingouins_d_av():
    """pingouin's paired d divides by the average SD of the waves (d_av); kosieval reports d_z.

    Reference: the definitions, evaluated in R while writing the test:
    b <- c(3,2,4,3,2,3,4,2,3,3); a <- c(4,3,4,4,2,4,5,3,3,4)
    mean(a - b) / sd(a - b)                          -> 1.449137674618944 (d_z)
    mean(a - b) / sqrt((var(a) + var(b)) / 2)        -> 0.8834766400145095 (d_av)
    """
    pingouin = pytest.importorskip("pingouin")
    before = [3, 2, 4, 3, 2, 3, 4, 2, 3, 3]
    after = [4, 3, 4, 4, 2, 4, 5, 3, 3, 4]
    with pytest.warns(RuntimeWarning, match="rank_biserial = 1"):
        res = paired_change(before, after)
    assert res.d_z == pytest.approx(1.449137674618944, abs=1e-9)
    d_av = pingouin.compute_effsize(after, before, paired=True, eftype="cohen")
    assert d_av == pytest.approx(0.8834766400145095, abs=1e-9)
    assert res.d_z != pytest.approx(d_av, abs=0.1)
