"""pooled_change: change pooled over cities (random intercept per city, or pooled pairs with few cities).

Reference values from R 4.2 with lme4 1.1-31 and lmerTest 3.1 (the call beside each value),
pasted while the tests were written; R does not run in the test suite.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats as st

from kosieval.stats import PooledChangeResult, paired_change, pooled_change

# lme4::Dyestuff (Davies & Goldsmith 1972; Bates 2010, lme4 book ch. 1): yield of dyestuff, 6 batches x 5
DYESTUFF = [1545, 1440, 1440, 1520, 1580, 1540, 1555, 1490, 1560, 1495, 1595, 1550, 1605, 1510, 1560,
            1445, 1440, 1595, 1465, 1545, 1595, 1630, 1515, 1635, 1625, 1520, 1455, 1450, 1480, 1445]
# lme4::Dyestuff2 (Box & Tiao 1973): simulated, between-batch variance estimated as 0
DYESTUFF2 = [7.298, 3.846, 2.434, 9.566, 7.99, 5.22, 6.556, 0.608, 11.788, -0.892, 0.11, 10.386, 13.434, 5.51,
             8.166, 2.212, 4.852, 7.092, 9.288, 4.98, 0.282, 9.014, 4.458, 9.446, 7.198, 1.722, 4.782, 8.106,
             0.758, 3.758]
BATCH = [b for b in "ABCDEF" for _ in range(5)]
# personal changes in 6 cities of unequal size (3, 5, 8, 4, 10, 6), written for these tests
D = [0.1, 0.25, -0.04, 0.05, 0.27, 0.0, 0.53, 1.17, 0.05, -0.01, 0.54, 0.48, 0.35, -0.17, 0.29, 0.65, 0.13, 0.57,
     -0.15, 0.16, -0.72, 0.08, -0.43, 0.34, 0.28, 0.11, -1.06, -0.07, 0.18, 0.26, -0.32, 0.21, -0.04, 0.05, 0.98, 0.05]
CITY = list("AAABBBBBCCCCCCCCDDDDEEEEEEEEEEFFFFFF")


def _quiet(*args, **kwargs) -> PooledChangeResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pooled_change(*args, **kwargs)


# -- random: R / published references ----------------------------------------------------------


def test_dyestuff_matches_lme4_and_the_published_fit():
    res = pooled_change(DYESTUFF, BATCH)
    assert res.model == "random" and (res.n, res.n_cities, res.df) == (30, 6, 5.0)
    # lmer(Yield ~ 1 + (1|Batch), Dyestuff, REML=TRUE); published (Bates 2010): 1527.50, SE 19.38, SDs 42.00, 49.51
    assert res.estimate == pytest.approx(1527.5, abs=1e-8)
    assert res.se == pytest.approx(19.3834121787528, rel=1e-7)           # sqrt(vcov(m)[1,1])
    assert res.between_city_var == pytest.approx(1764.05000642710, rel=1e-6)  # as.data.frame(VarCorr(m))$vcov
    assert res.within_city_var == pytest.approx(2451.24999860715, rel=1e-6)
    assert res.between_city_sd == pytest.approx(42.0005953103894, rel=1e-6)
    assert round(res.between_city_sd, 2) == 42.00 and round(np.sqrt(res.within_city_var), 2) == 49.51
    assert res.icc == pytest.approx(1764.05000642710 / (1764.05000642710 + 2451.24999860715), rel=1e-6)
    assert not res.boundary and res.change is None
    # est -/+ qt(.975, 5) * se; 2 * pt(-abs(est/se), 5); lmerTest's Satterthwaite df here: 4.99999998 (= J - 1)
    assert (res.ci_low, res.ci_high) == pytest.approx((1477.67335274065, 1577.32664725935), rel=1e-8)
    assert res.pvalue == pytest.approx(6.23447562365737e-09, rel=1e-5)
    assert res.statistic == pytest.approx(78.8044945809065, rel=1e-7)  # summary(m)$coefficients t value
    # oneway.test(Yield ~ Batch, Dyestuff): F = 5.39240061614266, p = 0.00938158432104892
    assert res.city_test.statistic == pytest.approx(5.39240061614266, rel=1e-10)
    assert res.city_test.pvalue == pytest.approx(0.00938158432104892, rel=1e-8)
    assert res.d_z == pytest.approx(1527.5 / np.sqrt(1764.05000642710 + 2451.24999860715), rel=1e-6)
    assert "diff ~ 1 + (1 | city)" in res.method and "df = number of cities - 1 = 5" in res.method


def test_singular_fit_reports_zero_with_a_warning_not_a_crash():
    with pytest.warns(RuntimeWarning, match="estimated as 0 \\(singular fit"):
        res = pooled_change(DYESTUFF2, BATCH)
    # lmer(Yield ~ 1 + (1|Batch), Dyestuff2, REML=TRUE): isSingular TRUE, Batch variance 0
    assert res.boundary and res.between_city_var == 0.0 and res.between_city_sd == 0.0 and res.icc == 0.0
    assert res.estimate == pytest.approx(5.6656, abs=1e-12)                 # fixef(m)
    assert res.se == pytest.approx(0.678388031232524, rel=1e-10)            # sqrt(vcov(m)[1,1])
    assert res.within_city_var == pytest.approx(13.8063096275862, rel=1e-10)  # VarCorr residual
    # kosieval keeps df = J - 1 = 5 (lmerTest's Satterthwaite gives 29 = N - 1 on this singular fit)
    half = st.t.ppf(0.975, 5) * 0.678388031232524  # R: qt(.975, 5) * se
    assert (res.ci_low, res.ci_high) == pytest.approx((5.6656 - half, 5.6656 + half), rel=1e-9)
    assert "singular fit" in res.method


def test_unbalanced_cities_match_lme4():
    res = pooled_change(D, CITY)
    assert res.model == "random" and res.n_cities == 6 and res.cities["n"].tolist() == [3, 5, 8, 4, 10, 6]
    # lmer(d ~ 1 + (1|city), REML=TRUE)
    assert res.estimate == pytest.approx(0.154678241678374, rel=1e-8)
    assert res.se == pytest.approx(0.0831724471501468, rel=1e-8)
    assert res.between_city_var == pytest.approx(0.0141273557537309, rel=1e-6)
    assert res.within_city_var == pytest.approx(0.155570674811268, rel=1e-7)
    # 2 * pt(-abs(est/se), 5); est -/+ qt(.975, 5) * se  (lmerTest Satterthwaite: df 6.16, p 0.111;
    # Kenward-Roger: df 4.50, SE 0.0856, p 0.137 -- df = J - 1 = 5 lies between them)
    assert res.pvalue == pytest.approx(0.1220132151913514, rel=1e-7)
    assert (res.ci_low, res.ci_high) == pytest.approx((-0.0591233401912148, 0.3684798235479627), rel=1e-7)
    # the weights n_j / (sigma^2 + n_j tau^2): the estimate is their weighted mean of the city means
    w = res.cities["n"] / (res.within_city_var + res.cities["n"] * res.between_city_var)
    assert res.estimate == pytest.approx(float((w * res.cities["mean"]).sum() / w.sum()), rel=1e-6)
    assert res.se == pytest.approx(float(1 / np.sqrt(w.sum())), rel=1e-10)
    # oneway.test(d ~ city): p = 0.471173325859028
    assert res.city_test.pvalue == pytest.approx(0.471173325859028, rel=1e-8)


# -- fixed: few cities ---------------------------------------------------------------------------


def test_few_cities_pool_all_pairs_and_test_the_cities():
    d, city = D[:16], CITY[:16]
    res = pooled_change(d, city)
    assert res.model == "fixed" and res.n_cities == 3 and res.n == 16
    # t.test(d): mean 0.281875, stderr 0.08442560211018141, t 3.33873840345412, df 15, p 0.00448782451478125,
    # CI [0.101926088748643, 0.461823911251356]
    assert res.estimate == pytest.approx(0.281875, abs=1e-12)
    assert res.se == pytest.approx(0.08442560211018141, rel=1e-12)
    assert (res.statistic, res.df) == pytest.approx((3.33873840345412, 15.0), rel=1e-12)
    assert res.pvalue == pytest.approx(0.00448782451478125, rel=1e-9)
    assert (res.ci_low, res.ci_high) == pytest.approx((0.101926088748643, 0.461823911251356), rel=1e-12)
    assert res.d_z == pytest.approx(0.83468460086353, rel=1e-12)  # mean(d) / sd(d)
    reference = paired_change(np.zeros(16), np.array(d))
    assert res.change.d_z_ci_low == reference.d_z_ci_low and res.d_z_ci_high == reference.d_z_ci_high
    # oneway.test(d ~ city): F = 1.24814144515437, df = (2, 7.23647058715065), p = 0.342216413900476
    assert res.city_test.statistic == pytest.approx(1.248141445154374, rel=1e-10)
    assert res.city_test.df == pytest.approx(7.23647058715065, rel=1e-10)
    assert res.city_test.pvalue == pytest.approx(0.342216413900476, rel=1e-9)
    assert np.isnan(res.between_city_var) and np.isnan(res.icc) and not res.boundary
    assert "fixed factor (3 cities, fewer than 5 needed" in res.method and "these cities only" in res.method


def test_auto_threshold_and_forced_models():
    five = _quiet(D[:20], CITY[:20], min_cities_random=4)
    assert five.model == "random" and five.n_cities == 4
    assert pooled_change(D[:20], CITY[:20]).model == "fixed"  # 4 cities < 5
    assert pooled_change(D, CITY, method="fixed").model == "fixed"
    # random forced with 3 cities: warns; here also singular -- lmer(d ~ 1 + (1|city)) on the first 16 values:
    # fixef 0.281875, SE 0.0844256021101814, city variance 0, residual 0.114042916666667
    with pytest.warns(RuntimeWarning) as record:
        res = pooled_change(D[:16], CITY[:16], method="random")
    messages = " ".join(str(w.message) for w in record)
    assert "only 3 cities" in messages and "singular fit" in messages
    assert res.model == "random" and res.df == 2.0 and res.between_city_var == 0.0
    assert res.estimate == pytest.approx(0.281875, abs=1e-12) and res.se == pytest.approx(0.0844256021101814)
    assert res.within_city_var == pytest.approx(0.114042916666667, rel=1e-12)


# -- simulation --------------------------------------------------------------------------------


def test_simulation_recovers_the_between_city_sd():
    rng = np.random.default_rng(20260301)
    cities, per_city, tau, sigma, mu = 200, 25, 0.4, 1.0, 0.3
    u = rng.normal(0.0, tau, cities)
    d = mu + np.repeat(u, per_city) + rng.normal(0.0, sigma, cities * per_city)
    res = pooled_change(d, np.repeat(np.arange(cities), per_city))
    # SE of the REML tau estimate here is about 0.03 (tau^2 / sqrt(J/2) ~ 0.016 on the variance scale)
    assert res.between_city_sd == pytest.approx(tau, abs=0.06)
    assert np.sqrt(res.within_city_var) == pytest.approx(sigma, abs=0.03)
    assert res.ci_low < mu < res.ci_high and res.df == cities - 1


def test_simulation_t_interval_keeps_its_coverage_with_few_cities():
    # 5 cities of 10: the t(J - 1) interval covers the true mean about 95 % of the time,
    # the Wald z interval (same SE, normal quantile) clearly less
    rng = np.random.default_rng(7)
    cities, per_city, mu, reps = 5, 10, 0.2, 60
    hits_t = hits_z = 0
    for _ in range(reps):
        d = mu + np.repeat(rng.normal(0.0, 0.3, cities), per_city) + rng.normal(0.0, 1.0, cities * per_city)
        res = _quiet(d, np.repeat(np.arange(cities), per_city))
        hits_t += res.ci_low < mu < res.ci_high
        half = st.norm.ppf(0.975) * res.se
        hits_z += res.estimate - half < mu < res.estimate + half
    assert hits_t / reps >= 0.93
    assert hits_z / reps <= hits_t / reps - 0.05  # seed 7: 1.00 (t) against 0.87 (z)


# -- arguments and edge cases ---------------------------------------------------------------------


def test_one_city_and_bad_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="^cities: need differences from at least 2 cities"):
        pooled_change([0.1, 0.2, 0.3], ["A", "A", "A"])
    with pytest.raises(ValueError, match="^cities: need"):  # the second city only has missing values
        pooled_change([0.1, 0.2, 0.3, np.nan], ["A", "A", "A", "B"])
    with pytest.raises(ValueError, match="^cities: has 2 labels for 3"):
        pooled_change([0.1, 0.2, 0.3], ["A", "B"])
    with pytest.raises(ValueError, match="^method: must be one of"):
        pooled_change(D, CITY, method="bayes")
    with pytest.raises(ValueError, match="^min_cities_random: must be an integer >= 2"):
        pooled_change(D, CITY, min_cities_random=1)
    with pytest.raises(ValueError, match="^level:"):
        pooled_change(D, CITY, level=95)
    with pytest.raises(ValueError, match="^differences: contains infinite"):
        pooled_change([0.1, np.inf, 0.3], ["A", "B", "B"])


def test_missing_values_are_dropped_and_counted():
    d = [*D, np.nan, 0.5]
    city = [*CITY, "A", None]
    res = pooled_change(d, city)
    assert res.n_dropped == 2 and res.n == 36
    assert res.estimate == pytest.approx(pooled_change(D, CITY).estimate, rel=1e-12)


def test_all_differences_equal_gives_nan_with_a_warning():
    with pytest.warns(RuntimeWarning) as record:
        res = pooled_change([0.5] * 10, list("AABBCCDDEE"))
    assert any("all values are equal" in str(w.message) for w in record)
    assert any("zero variance" in str(w.message) for w in record)  # compare_groups' own warning is passed on
    assert res.estimate == 0.5 and np.isnan(res.se) and np.isnan(res.ci_low) and np.isnan(res.pvalue)


def test_to_frame_and_level():
    res = pooled_change(D, CITY, level=0.9)
    frame = res.to_frame()
    assert frame.shape[0] == 1
    assert {"estimate", "se", "df", "pvalue", "ci_low", "ci_high", "n", "n_cities", "model",
            "between_city_sd", "p_city", "method"} <= set(frame.columns)
    assert frame.loc[0, "p_city"] == res.city_test.pvalue and frame.loc[0, "model"] == "random"
    # est -/+ qt(.95, 5) * se
    half = st.t.ppf(0.95, 5) * 0.0831724471501468
    assert (res.ci_low, res.ci_high) == pytest.approx((0.154678241678374 - half, 0.154678241678374 + half),
                                                      rel=1e-7)
