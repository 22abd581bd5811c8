"""Tests of kosieval.stats.agreement against R psych, statsmodels, the krippendorff package and Krippendorff (2011).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330) and psych 2.2.9, printed with ``sprintf("%.17g", ...)``; R does not run
in the test suite. Setup of the R session for Cohen's kappa (the data are COHEN_A/B below)::

    library(psych)
    a <- c(2,1,3,5,2,4,5,5,2,1,4,2,4,4,1,2,1,5,2,NA,2,1,4,4,5,4,5,4,2,1)
    b <- c(5,1,4,5,4,5,NA,4,2,2,5,1,5,5,1,3,3,4,2,4,2,1,4,2,4,4,5,4,2,2)
    x <- na.omit(cbind(a, b))                                   # 28 units
    wl <- 1 - abs(outer(1:5, 1:5, "-"))/4                       # linear agreement weights
    ck <- cohen.kappa(x); ckl <- cohen.kappa(x, w = wl)         # psych's default w: quadratic
    # null variance of Fleiss, Cohen & Everitt (1969), evaluated by hand (psych has none):
    null_var <- function(x, w, levels) {
      t <- table(factor(x[,1], levels), factor(x[,2], levels)); n <- sum(t); P <- t / n
      r <- rowSums(P); cc <- colSums(P); pe <- sum(w * outer(r, cc))
      wr <- as.vector(w %*% cc); wc <- as.vector(r %*% w)
      (sum(outer(r, cc) * (w - outer(wr, wc, "+"))^2) - pe^2) / (n * (1 - pe)^2)
    }

The Python references (statsmodels 0.15, krippendorff 0.9) are called in the tests.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats import inter_rater

from kosieval.stats import krippendorff as kosieval_krippendorff
from kosieval.stats.agreement import AgreementResult, percent_agreement
from kosieval.stats.kappa import cohen_kappa, fleiss_kappa
from kosieval.stats.krippendorff import krippendorff_alpha

krippendorff = pytest.importorskip("krippendorff")

NAN = np.nan
Z975 = 1.959963984540054  # qnorm(0.975)


def close(value: float) -> object:
    """Tolerance for closed-form results: 1e-9."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


# --- data ---------------------------------------------------------------------------------------

COHEN_A = [2, 1, 3, 5, 2, 4, 5, 5, 2, 1, 4, 2, 4, 4, 1, 2, 1, 5, 2, NAN, 2, 1, 4, 4, 5, 4, 5, 4, 2, 1]
COHEN_B = [5, 1, 4, 5, 4, 5, NAN, 4, 2, 2, 5, 1, 5, 5, 1, 3, 3, 4, 2, 4, 2, 1, 4, 2, 4, 4, 5, 4, 2, 2]
COHEN = pd.DataFrame({"a": COHEN_A, "b": COHEN_B})

# 20 units x 4 coders, text codes, 2 units with a missing rating.
FLEISS = [
    list("aaaa"), list("babb"), list("bbba"), list("bbbb"), ["c", None, "c", "c"],
    list("bbbb"), list("aaaa"), list("aaaa"), list("baaa"), list("aaaa"),
    list("aaab"), list("abba"), ["b", "c", "b", None], list("aaaa"), list("aaaa"),
    list("cccc"), list("cccc"), list("aaaa"), list("cbbb"), list("caba"),
]

# Krippendorff (2011), p. 2-5: reliability data of 4 coders (A-D) x 12 units with missing values,
# here transposed to rows = units, columns = coders. Published: nominal .743, ordinal .815,
# interval .849, ratio .797.
KRIPP = pd.DataFrame(
    {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        "C": [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    }
)
LEVELS = ["nominal", "ordinal", "interval", "ratio"]


def table_of(frame: pd.DataFrame, categories: list) -> np.ndarray:
    """k x k table of two coders (rows = first column), for statsmodels' cohens_kappa."""
    x = frame.dropna()
    first = pd.Categorical(x.iloc[:, 0], categories=categories)
    second = pd.Categorical(x.iloc[:, 1], categories=categories)
    return pd.crosstab(first, second, dropna=False).to_numpy()


def random_ratings(rng: np.random.Generator, n_units: int, n_coders: int, n_values: int, p_agree: float,
                   p_missing: float = 0.0) -> np.ndarray:
    """Each coder gives the unit's true value with probability p_agree, else a random value."""
    truth = rng.integers(1, n_values + 1, n_units)
    random_codes = rng.integers(1, n_values + 1, (n_units, n_coders))
    data = np.where(rng.random((n_units, n_coders)) < p_agree, truth[:, None], random_codes).astype(float)
    data[rng.random(data.shape) < p_missing] = NAN
    return data


# --- percent agreement ----------------------------------------------------------------------------


def test_percent_agreement_by_hand() -> None:
    data = [[1, 1, 1], [1, 2, 1], [2, 2, 2], [3, 3, None], [2, 3, 1]]
    res = percent_agreement(data)
    # Hand computation: unit 4 is dropped (coder 3 missing); of units 1, 2, 3, 5 all coders agree
    # on units 1 and 3 -> 2/4. Pairs: (1,2) agree on units 1, 3 -> 2/4; (1,3) on 1, 2, 3 -> 3/4;
    # (2,3) on 1, 3 -> 2/4; mean = (1/2 + 3/4 + 1/2) / 3 = 7/12.
    assert res.statistic == 0.5
    assert res.mean_pairwise == close(7 / 12)
    assert (res.n_units, res.n_units_dropped, res.n_coders) == (4, 1, 3)
    assert res.measure == "percent_agreement"
    for value in (res.se, res.ci_low, res.ci_high, res.level, res.pvalue, res.z, res.observed, res.expected):
        assert np.isnan(value)
    assert "hand computation" in res.method


def test_percent_agreement_two_coders_is_po_of_psych() -> None:
    # R: ck <- cohen.kappa(x); sum(diag(ck$agree))  -> 0.42857142857142855 (= 12/28)
    res = percent_agreement(COHEN)
    assert res.statistic == close(0.42857142857142855)
    assert res.mean_pairwise == close(0.42857142857142855)
    assert (res.n_units, res.n_units_dropped) == (28, 2)


def test_mean_pairwise_is_fleiss_p_bar() -> None:
    # statsmodels fleiss_kappa(method="randolph") = (P_bar - 1/k) / (1 - 1/k), so
    # P_bar = kappa_R (1 - 1/k) + 1/k; here k = 3 categories.
    complete = pd.DataFrame(FLEISS).dropna().to_numpy()
    table, _ = inter_rater.aggregate_raters(complete)
    kappa_r = inter_rater.fleiss_kappa(table, method="randolph")
    res = percent_agreement(FLEISS)
    assert res.mean_pairwise == close(kappa_r * (1 - 1 / 3) + 1 / 3)
    # 11 of the 18 complete units have four identical codes (counted by hand from FLEISS)
    assert res.statistic == close(11 / 18)


def test_percent_agreement_compares_codes_for_equality() -> None:
    # 1 and 1.0 are the same code; "1" (text) is another one.
    res = percent_agreement(pd.DataFrame({"x": [1, 2, "1"], "y": [1.0, 2, 1]}, dtype=object))
    assert res.statistic == close(2 / 3)


# --- Cohen's kappa --------------------------------------------------------------------------------


def test_cohen_unweighted_matches_psych_and_statsmodels() -> None:
    res = cohen_kappa(COHEN)
    assert isinstance(res, AgreementResult)
    assert res.measure == "cohen_kappa"
    assert res.metric is None
    assert (res.n_units, res.n_units_dropped, res.n_coders) == (28, 2, 2)
    assert res.statistic == close(0.25704809286898839)  # ck$kappa
    assert res.se == close(0.11958617748521054)  # sqrt(ck$var.kappa), var.kappa = 0.014300853845524278
    # ck$confid[1, c(1, 3)]
    assert res.ci_low == pytest.approx(0.0226634919491611, abs=1e-13)
    assert res.ci_high == pytest.approx(0.491432693788816, abs=1e-13)
    # null_var(x, diag(5), 1:5) = 0.010197865603672387; z = kappa / sqrt(.); 2 * pnorm(-abs(z))
    assert res.z == close(2.545421710271333)
    assert res.pvalue == close(0.010914583572832821)
    # po = sum(diag(P)), pe = sum(rowSums(P) * colSums(P))
    assert res.observed == close(0.42857142857142855)
    assert res.expected == close(0.2308673469387755)
    assert np.isnan(res.mean_pairwise)
    # statsmodels.stats.inter_rater.cohens_kappa(table): var_kappa, var_kappa0
    sm = inter_rater.cohens_kappa(table_of(COHEN, [1, 2, 3, 4, 5]))
    assert res.statistic == close(sm.kappa)
    assert res.se**2 == close(sm.var_kappa)
    assert (res.statistic / res.z) ** 2 == close(sm.var_kappa0)
    assert res.pvalue == close(sm.pvalue_two_sided)


def test_cohen_level_090_matches_psych() -> None:
    # R: cohen.kappa(x, alpha = 0.10)$confid[1, c(1, 3)]
    res = cohen_kappa(COHEN, level=0.90)
    assert res.level == 0.90
    assert res.ci_low == pytest.approx(0.0603463350991773, abs=1e-13)
    assert res.ci_high == pytest.approx(0.453749850638799, abs=1e-13)


@pytest.mark.parametrize(
    ("weights", "kappa", "var", "var0", "z", "p"),
    [
        # ckl$weighted.kappa; statsmodels var_kappa; null_var(x, wl, 1:5); z; 2 * pnorm(-abs(z))
        ("linear", 0.5420560747663552, 0.00902113712991508, 0.018301314178683369, 4.0068499357142224,
         6.1533931103049204e-05),
        # ck$weighted.kappa (quadratic); ...; null_var(x, 1 - outer(1:5, 1:5, "-")^2/16, 1:5)
        ("quadratic", 0.72499999999999998, 0.008014258476828235, 0.033996244331065656, 3.9320817245074502,
         8.4213424581436525e-05),
    ],
)
def test_weighted_kappa_matches_psych_and_statsmodels(
    weights: str, kappa: float, var: float, var0: float, z: float, p: float
) -> None:
    res = cohen_kappa(COHEN, weights=weights)  # type: ignore[arg-type]
    assert res.measure == "weighted_kappa"
    assert res.metric == weights
    assert res.statistic == close(kappa)
    assert res.se**2 == close(var)
    assert (res.statistic / res.z) ** 2 == close(var0)
    assert res.z == close(z)
    assert res.pvalue == close(p)
    assert (res.ci_low, res.ci_high) == (close(kappa - Z975 * np.sqrt(var)), close(kappa + Z975 * np.sqrt(var)))
    # statsmodels cohens_kappa(table, wt=...): the default scores are 0..k-1, i.e. positions.
    sm = inter_rater.cohens_kappa(table_of(COHEN, [1, 2, 3, 4, 5]), wt=weights)
    assert res.statistic == close(sm.kappa)
    assert res.se**2 == close(sm.var_kappa)
    assert (res.statistic / res.z) ** 2 == close(sm.var_kappa0)


def test_weighted_variance_differs_from_psych_and_why() -> None:
    # psych 2.2.9 reports ckl$var.weighted = 0.0051091249168171886 (linear) and, for quadratic
    # weights, a negative value that it sets to 0 (ck$var.weighted = 0, confid = [0.725, 0.725]).
    # The reason: psych's roww <- rowSums(w * rs) recycles rs along the rows. Reproducing that:
    res = cohen_kappa(COHEN, weights="linear")
    p = table_of(COHEN, [1, 2, 3, 4, 5]) / 28
    rs, cs = p.sum(axis=1), p.sum(axis=0)
    w = 1 - np.abs(np.subtract.outer(np.arange(5), np.arange(5))) / 4
    po, pe = (w * p).sum(), (w * np.outer(rs, cs)).sum()
    colw = (w * cs[:, None]).sum(axis=0)
    roww = (w * rs[:, None]).sum(axis=1)  # = rs_j * sum_k w_jk, not sum_i rs_i w_ij
    score = w * (1 - pe) - np.add.outer(colw, roww) * (1 - po)
    psych_var = ((p * score**2).sum() - (po * pe - 2 * pe + po) ** 2) / (28 * (1 - pe) ** 4)
    assert psych_var == close(0.0051091249168171886)
    assert res.se**2 == close(0.00902113712991508)
    assert res.se**2 > 1.7 * psych_var


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_weighted_kappa_se_matches_simulation(weights: str) -> None:
    # Monte Carlo: draw 20,000 tables of N = 28 * 36 units from the observed cell proportions and
    # take the SD of weighted kappa; the FCE (1969) SE of the data repeated 36 times estimates it.
    # psych's var.weighted would give an SD about 25 % (linear) too small, or 0 (quadratic).
    table = table_of(COHEN, [1, 2, 3, 4, 5])
    steps = np.subtract.outer(np.arange(5), np.arange(5))
    w = 1 - np.abs(steps) / 4 if weights == "linear" else 1 - steps**2 / 16
    rng = np.random.default_rng(20240611)
    n = 28 * 36
    tabs = rng.multinomial(n, (table / 28).ravel(), size=20_000).reshape(-1, 5, 5) / n
    rows, cols = tabs.sum(axis=2), tabs.sum(axis=1)
    po = (w * tabs).sum(axis=(1, 2))
    pe = np.einsum("ij,bi,bj->b", w, rows, cols)
    sd = np.std((po - pe) / (1 - pe), ddof=1)
    res = cohen_kappa(pd.concat([COHEN] * 36, ignore_index=True), weights=weights)  # type: ignore[arg-type]
    assert res.se == pytest.approx(sd, rel=0.03)
    assert res.statistic == close(cohen_kappa(COHEN, weights=weights).statistic)  # type: ignore[arg-type]


def test_categories_matter_for_weighted_kappa() -> None:
    # x2 <- x[x[, 1] != 3 & x[, 2] != 3, ]  (25 units; code 3 not used by anybody)
    x2 = COHEN.dropna()
    x2 = x2[(x2["a"] != 3) & (x2["b"] != 3)]
    # default: the observed codes 1, 2, 4, 5 are 4 positions, one step apart each
    # R: cohen.kappa(x2, w = 1 - abs(outer(1:4, 1:4, "-"))/3)$weighted.kappa
    assert cohen_kappa(x2, weights="linear").statistic == close(0.51790633608815417)
    # categories 1..5: code 4 is two steps from 2
    # R: cohen.kappa(x2, w = 1 - abs(outer(1:5, 1:5, "-"))/4, levels = 1:5)$weighted.kappa
    res = cohen_kappa(x2, weights="linear", categories=[1, 2, 3, 4, 5])
    assert res.statistic == close(0.59016393442622939)
    assert "positions" in res.method
    # R: cohen.kappa(x2)$weighted.kappa; cohen.kappa(x2, levels = 1:5)$weighted.kappa
    assert cohen_kappa(x2, weights="quadratic").statistic == close(0.7054491899852724)
    assert cohen_kappa(x2, weights="quadratic", categories=range(1, 6)).statistic == close(0.76004265908282975)
    # unweighted kappa does not depend on unused categories:
    # R: cohen.kappa(x2)$kappa = cohen.kappa(x2, levels = 1:5)$kappa, var.kappa = 0.018512242216954945
    for cats in (None, [1, 2, 3, 4, 5]):
        res = cohen_kappa(x2, categories=cats)
        assert res.statistic == close(0.30107526881720426)
        assert res.se**2 == close(0.018512242216954945)
    # statsmodels with the 5 x 5 table (zero row and column for code 3)
    sm = inter_rater.cohens_kappa(table_of(x2, [1, 2, 3, 4, 5]), wt="linear")
    res = cohen_kappa(x2, weights="linear", categories=[1, 2, 3, 4, 5])
    assert res.se**2 == close(sm.var_kappa)
    assert (res.statistic / res.z) ** 2 == close(sm.var_kappa0)


def test_unused_outer_category_changes_nothing() -> None:
    # Adding an unused code 6 only rescales the disagreement weights (kappa_w is scale-invariant):
    # R: cohen.kappa(x, levels = 1:6)$weighted.kappa = 0.72499999999999942 (as with 1:5);
    #    null_var(x, 1 - abs(outer(1:6, 1:6, "-"))/5, 1:6) = 0.018301314178683328
    res = cohen_kappa(COHEN, weights="quadratic", categories=[1, 2, 3, 4, 5, 6])
    assert res.statistic == close(0.72499999999999942)
    res = cohen_kappa(COHEN, weights="linear", categories=[1, 2, 3, 4, 5, 6])
    assert res.statistic == close(0.5420560747663552)
    assert (res.statistic / res.z) ** 2 == close(0.018301314178683328)


def test_cohen_text_codes_with_categories() -> None:
    labels = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    text = COHEN.apply(lambda col: col.map(labels))
    order = ["very low", "low", "mid", "high", "very high"]
    for weights in (None, "linear", "quadratic"):
        res = cohen_kappa(text, weights=weights, categories=order)  # type: ignore[arg-type]
        ref = cohen_kappa(COHEN, weights=weights)  # type: ignore[arg-type]
        assert res.statistic == close(ref.statistic)
        assert res.se == close(ref.se)
        assert res.z == close(ref.z)
    # Without categories text codes are sorted lexicographically ("high" < "low" < ...), which is
    # not their order: unweighted kappa is the same, weighted kappa is not.
    assert cohen_kappa(text).statistic == close(cohen_kappa(COHEN).statistic)
    assert cohen_kappa(text, weights="linear").statistic != pytest.approx(
        cohen_kappa(COHEN, weights="linear").statistic, abs=1e-3
    )


def test_wald_interval_is_not_truncated() -> None:
    # R: x <- cbind(c(1,1,2,2,3,3,1,2), c(1,1,2,2,3,3,1,3)); r <- cohen.kappa(x)
    #    r$kappa = 0.81395348837209303, r$var.kappa = 0.028339760050380237
    #    kappa + qnorm(0.975) * sqrt(var.kappa) = 1.1439020013584196, but psych warns and
    #    reports r$confid[1, 3] = 1 (clipped); r$confid[1, 1] = 0.48400497538576642
    res = cohen_kappa([[1, 1], [1, 1], [2, 2], [2, 2], [3, 3], [3, 3], [1, 1], [2, 3]])
    assert res.statistic == close(0.81395348837209303)
    assert res.se**2 == close(0.028339760050380237)
    assert res.ci_high == close(1.1439020013584196)
    assert res.ci_low == close(0.48400497538576642)
    assert "not truncated" in res.method


def test_cohen_perfect_agreement() -> None:
    # R: cohen.kappa(cbind(c(1,2,3,1,2), c(1,2,3,1,2)))$kappa = 1, var.kappa = 6.6e-17 (rounding of 0)
    res = cohen_kappa([[1, 1], [2, 2], [3, 3], [1, 1], [2, 2]])
    assert res.statistic == 1.0
    assert res.se == pytest.approx(0.0, abs=1e-12)
    assert res.ci_low == pytest.approx(1.0, abs=1e-12)
    assert res.ci_high == pytest.approx(1.0, abs=1e-12)
    assert (res.observed, res.expected) == (1.0, close(0.36))  # pe = .4^2 + .4^2 + .2^2
    assert cohen_kappa([[1, 1], [2, 2], [3, 3], [1, 1], [2, 2]], weights="quadratic").statistic == close(1.0)


def test_cohen_single_category_is_nan_with_warning() -> None:
    # R: cohen.kappa(cbind(c(2,2,2,2), c(2,2,2,2)))$kappa -> NA ("Your data seem to have no variance")
    with pytest.warns(RuntimeWarning, match=r"single category 2 .* pe = 1"):
        res = cohen_kappa([[2, 2], [2, 2], [2, 2], [2, 2]])
    assert np.isnan(res.statistic)
    for value in (res.se, res.ci_low, res.ci_high, res.z, res.pvalue):
        assert np.isnan(value)
    assert (res.observed, res.expected) == (1.0, 1.0)
    assert np.isnan(res.level)  # no interval
    # also weighted, and with more categories listed than used
    with pytest.warns(RuntimeWarning, match="pe = 1"):
        res = cohen_kappa([["x", "x"], ["x", "x"]], weights="linear", categories=["x", "y", "z"])
    assert np.isnan(res.statistic)


def test_cohen_each_coder_one_different_category() -> None:
    # po = pe = 0, so kappa = 0 (psych also reports 0); Var = Var0 = 0 by the FCE formulas (all
    # cell scores are 0), so z and the p-value are undefined.
    with pytest.warns(RuntimeWarning, match="SE of kappa under H0 .* is 0"):
        res = cohen_kappa([[1, 2], [1, 2], [1, 2]])
    assert res.statistic == 0.0
    assert res.se == 0.0
    assert np.isnan(res.z)
    assert np.isnan(res.pvalue)


def test_cohen_bad_arguments() -> None:
    with pytest.raises(ValueError, match="ratings: Cohen's kappa needs exactly 2 coder columns, got 3"):
        cohen_kappa([[1, 1, 1], [2, 2, 1]])
    with pytest.raises(ValueError, match="weights: must be one of 'linear', 'quadratic', got 'squared'"):
        cohen_kappa(COHEN, weights="squared")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"categories: observed code\(s\) \[5\] are not in categories"):
        cohen_kappa(COHEN, categories=[1, 2, 3, 4])
    with pytest.raises(ValueError, match=r"categories: duplicated codes \[2\]"):
        cohen_kappa(COHEN, categories=[1, 2, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="categories: must not be empty"):
        cohen_kappa(COHEN, categories=[])
    with pytest.raises(ValueError, match="categories: must be a list"):
        cohen_kappa(COHEN, categories="12345")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="categories: must be a list of the possible codes in order"):
        cohen_kappa(COHEN, categories={1, 2, 3, 4, 5})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="categories: must not contain missing values"):
        cohen_kappa(COHEN, categories=[1, 2, 3, 4, 5, None])
    with pytest.raises(ValueError, match="level: must be a number strictly between 0 and 1"):
        cohen_kappa(COHEN, level=95)
    with pytest.raises(ValueError, match="ratings: cohen_kappa needs at least 2 units coded by all 2 coders, got 1"):
        cohen_kappa([[1, 2], [1, NAN], [NAN, 3]])
    mixed = pd.DataFrame({"a": [1, "x", 2], "b": [1, "x", "x"]}, dtype=object)
    with pytest.raises(ValueError, match="categories: the codes mix numbers and text"):
        cohen_kappa(mixed, weights="linear")
    # unweighted kappa needs no order: (1, 1), (x, x), (2, x)
    assert cohen_kappa(mixed).observed == close(2 / 3)


# --- Fleiss' kappa --------------------------------------------------------------------------------

# irr 0.84.1 kappam.fleiss(detail = TRUE) is not installed; its code evaluated by hand in R on
# ratings <- na.omit(F) (F = FLEISS, 18 complete units, 4 raters, levels a, b, c):
#   ttab <- t(apply(ratings, 1, function(r) as.numeric(table(factor(r, levels = lev)))))
#   agreeP <- sum((apply(ttab^2, 1, sum) - nr) / (nr * (nr - 1)) / ns)
#   chanceP <- sum(apply(ttab, 2, sum)^2) / (ns * nr)^2; value <- (agreeP - chanceP)/(1 - chanceP)
#   pj <- apply(ttab, 2, sum)/(ns * nr); qj <- 1 - pj
#   varkappa <- (2/(sum(pj*qj)^2 * (ns*nr*(nr-1)))) * (sum(pj*qj)^2 - sum(pj*qj*(qj-pj)))
#   u <- value / sqrt(varkappa); 2 * pnorm(-abs(u))   # irr: 2 * (1 - pnorm(abs(u))), which underflows
#   pjk <- (apply(ttab^2, 2, sum) - ns*nr*pj) / (ns*nr*(nr-1)*pj); kappaK <- (pjk - pj)/(1 - pj)
#   SEkappaK <- sqrt(2/(ns*nr*(nr-1))); uK <- kappaK / SEkappaK
# DescTools::KappaM(method = "Fleiss", conf.level = L): value + c(1, -1) * qnorm((1 - L)/2) * SEkappa


def test_fleiss_matches_statsmodels_and_irr_formulas() -> None:
    res = fleiss_kappa(FLEISS)
    assert res.measure == "fleiss_kappa"
    assert (res.n_units, res.n_units_dropped, res.n_coders) == (18, 2, 4)
    complete = pd.DataFrame(FLEISS).dropna().to_numpy()
    table, _ = inter_rater.aggregate_raters(complete)
    assert res.statistic == close(inter_rater.fleiss_kappa(table))  # statsmodels
    assert res.statistic == close(0.61599999999999988)  # value
    assert res.observed == close(0.77777777777777768)  # agreeP
    assert res.expected == close(0.42129629629629628)  # chanceP
    assert res.se == close(0.073131034097352596)  # SEkappa
    assert res.z == close(8.4232365589139064)  # u
    assert res.pvalue == close(3.6622398755638991e-17)  # 2 * pnorm(-abs(u))
    assert (res.ci_low, res.ci_high) == (close(0.47266580701701816), close(0.75933419298298155))  # KappaM
    per = res.per_category
    assert list(per.index) == ["a", "b", "c"]
    assert per.index.name == "category"
    assert list(per.columns) == ["proportion", "kappa", "se", "z", "pvalue"]
    assert per["proportion"].tolist() == [close(0.55555555555555558), close(0.30555555555555558),
                                          close(0.1388888888888889)]  # pj
    assert per["kappa"].tolist() == [close(0.62500000000000011), close(0.51999999999999991),
                                     close(0.76774193548387104)]  # kappaK
    assert per["se"].tolist() == [close(0.096225044864937631)] * 3  # SEkappaK
    assert per["z"].tolist() == [close(6.4951905283832909), close(5.4039985196148956),
                                 close(7.9786082361559902)]  # uK
    assert per["pvalue"].tolist() == [close(8.2928391650431335e-11), close(6.5171482247810325e-08),
                                      close(1.4799248115681095e-15)]  # 2 * pnorm(-abs(uK))
    assert "SE under H0" in res.method


def test_fleiss_level_090() -> None:
    # DescTools::KappaM(..., conf.level = 0.90), by hand as above
    res = fleiss_kappa(FLEISS, level=0.90)
    assert (res.ci_low, res.ci_high) == (close(0.49571015332225765), close(0.73628984667774211))
    assert res.level == 0.90


def test_fleiss_two_coders_and_numeric_codes() -> None:
    # With 2 coders Fleiss' kappa is Scott's pi; statsmodels as reference.
    res = fleiss_kappa(COHEN)
    table, _ = inter_rater.aggregate_raters(COHEN.dropna().to_numpy())
    assert res.statistic == close(inter_rater.fleiss_kappa(table))
    assert list(res.per_category.index) == [1, 2, 3, 4, 5]


def test_fleiss_random_data_matches_statsmodels() -> None:
    rng = np.random.default_rng(3)
    data = random_ratings(rng, 200, 6, 4, 0.5)
    table, _ = inter_rater.aggregate_raters(data.astype(int))
    res = fleiss_kappa(data)
    assert res.statistic == close(inter_rater.fleiss_kappa(table))
    # the per-category kappas average to kappa, weighted by p_j q_j (Fleiss 1971, eq. 12)
    per = res.per_category
    pq = per["proportion"] * (1 - per["proportion"])
    assert float((per["kappa"] * pq).sum() / pq.sum()) == close(res.statistic)


def test_fleiss_perfect_agreement_and_single_category() -> None:
    res = fleiss_kappa([[1, 1, 1], [2, 2, 2], [3, 3, 3], [1, 1, 1]])
    assert res.statistic == close(1.0)
    assert res.per_category["kappa"].tolist() == [close(1.0)] * 3
    with pytest.warns(RuntimeWarning, match=r"single category 'a', so the chance agreement P_e = 1"):
        res = fleiss_kappa([["a", "a", "a"], ["a", "a", "a"]])
    for value in (res.statistic, res.se, res.z, res.pvalue, res.ci_low, res.ci_high, res.level):
        assert np.isnan(value)
    assert np.isnan(res.per_category.loc["a", "kappa"])


def test_fleiss_too_few_complete_units() -> None:
    with pytest.raises(ValueError, match="ratings: fleiss_kappa needs at least 2 units coded by all 3 coders"):
        fleiss_kappa([[1, 1, NAN], [2, 2, 2], [NAN, 1, 1]])


# --- Krippendorff's alpha -------------------------------------------------------------------------

# krippendorff.alpha(KRIPP.T, level_of_measurement=...) (krippendorff 0.9.0), printed with repr()
KRIPP_EXACT = {
    "nominal": 0.743421052631579,
    "ordinal": 0.8153875037548814,
    "interval": 0.8491071428571428,
    "ratio": 0.7974027747116121,
}
KRIPP_PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_published_example(level: str) -> None:
    res = krippendorff_alpha(KRIPP, level=level)  # type: ignore[arg-type]
    assert round(res.statistic, 3) == KRIPP_PUBLISHED[level]  # Krippendorff (2011), table of results
    assert res.statistic == close(KRIPP_EXACT[level])
    assert res.statistic == close(float(krippendorff.alpha(KRIPP.T.to_numpy(), level_of_measurement=level)))
    assert res.measure == "krippendorff_alpha"
    assert res.metric == level
    # unit 12 has a single value (coder B: 3) and is not pairable
    assert (res.n_units, res.n_units_dropped, res.n_coders) == (11, 1, 4)
    assert res.statistic == close(1 - res.observed / res.expected)
    for value in (res.se, res.ci_low, res.ci_high, res.level, res.z, res.pvalue):
        assert np.isnan(value)
    assert res.n_boot == 0


def test_alpha_nominal_disagreements_by_hand() -> None:
    # Krippendorff (2011), nominal, by hand: n = 40 pairable values, n_c = (9, 13, 10, 5, 3) for
    # codes 1..5. Off-diagonal coincidences: unit 2 (2, 2, 3, 2): 6 ordered pairs of different
    # values / (4 - 1) = 2; unit 6 (1, 2, 3, 4): 12 / 3 = 4; unit 8 (1, 1, 2, 1): 6 / 3 = 2; total 8.
    # Do = 8 / 40 = 0.2, De = (40^2 - (81 + 169 + 100 + 25 + 9)) / (40 * 39) = 1216 / 1560.
    res = krippendorff_alpha(KRIPP)
    assert res.observed == close(0.2)
    assert res.expected == close(1216 / 1560)
    assert res.statistic == close(1 - 39 * 8 / 1216)  # alpha = 1 - (n - 1) * 8 / 1216 = .743


def test_alpha_text_codes_nominal() -> None:
    # The krippendorff package's docstring example: the same data as text codes, nominal -> .743.
    names = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    text = KRIPP.apply(lambda col: col.map(names))
    res = krippendorff_alpha(text)
    assert res.statistic == close(0.743421052631579)
    assert res.n_units_dropped == 1


def test_unpairable_unit_is_dropped_and_counted() -> None:
    without = KRIPP.iloc[:11]
    res_all = krippendorff_alpha(KRIPP, level="interval")
    res_without = krippendorff_alpha(without, level="interval")
    assert res_all.statistic == close(res_without.statistic)
    assert (res_all.n_units_dropped, res_without.n_units_dropped) == (1, 0)
    # an entirely empty unit counts as dropped, too
    empty = pd.concat([KRIPP, pd.DataFrame({c: [NAN] for c in KRIPP.columns})], ignore_index=True)
    res_empty = krippendorff_alpha(empty, level="interval")
    assert (res_empty.n_units, res_empty.n_units_dropped) == (11, 2)
    assert res_empty.statistic == close(res_all.statistic)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alpha_random_data_with_missing_matches_krippendorff(level: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = random_ratings(rng, 150, 5, 7, 0.6, p_missing=0.35)
    res = krippendorff_alpha(data, level=level)  # type: ignore[arg-type]
    assert res.statistic == close(float(krippendorff.alpha(data.T, level_of_measurement=level)))
    m = (~np.isnan(data)).sum(axis=1)
    assert (res.n_units, res.n_units_dropped) == (int((m >= 2).sum()), int((m < 2).sum()))


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_many_coders_few_per_unit(level: str) -> None:
    # Crowd coding: 15 coders, each unit coded by 1 to 4 of them (the codes are packed to the left
    # of each row before pairing).
    rng = np.random.default_rng(21)
    full = random_ratings(rng, 90, 15, 6, 0.6)
    data = np.full(full.shape, NAN)
    for unit, k in enumerate(rng.integers(1, 5, 90)):
        coders = rng.choice(15, size=k, replace=False)
        data[unit, coders] = full[unit, coders]
    res = krippendorff_alpha(data, level=level, n_boot=50, seed=2)  # type: ignore[arg-type]
    assert res.statistic == close(float(krippendorff.alpha(data.T, level_of_measurement=level)))
    alphas = bootstrap_by_loop(data, level, 50, seed=2)
    assert res.se == close(float(np.std(alphas, ddof=1)))


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_occupied_cells_path_matches_krippendorff(level: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Force the sparse path (used for more than 1,024 distinct values) on data the package can take.
    rng = np.random.default_rng(11)
    data = random_ratings(rng, 120, 4, 9, 0.5, p_missing=0.3)
    monkeypatch.setattr(kosieval_krippendorff, "_DENSE_CELLS", 0)
    res = krippendorff_alpha(data, level=level)  # type: ignore[arg-type]
    assert res.statistic == close(float(krippendorff.alpha(data.T, level_of_measurement=level)))


def alpha_by_definition(data: np.ndarray, delta: object) -> float:
    """Krippendorff's alpha from its definition, pair by pair (only for small test data)."""
    d_obs = 0.0
    pairable_values = []
    for row in data:
        values = row[~np.isnan(row)]
        m = values.size
        if m < 2:
            continue
        pairable_values.append(values)
        diff = delta(values[:, None], values[None, :])  # type: ignore[operator]
        d_obs += diff.sum() / (m - 1)  # the diagonal (a value with itself) is 0
    allv = np.concatenate(pairable_values)
    n = allv.size
    d_exp = delta(allv[:, None], allv[None, :]).sum()  # type: ignore[operator]
    return float(1 - (n - 1) * d_obs / d_exp)


def test_alpha_continuous_values_many_distinct() -> None:
    # 500 units x 3 coders of measured amounts: about 1,300 distinct values (more than 1,024), so
    # the coincidence matrix is kept as occupied cells. Reference: the definition, pair by pair.
    rng = np.random.default_rng(5)
    truth = rng.gamma(4.0, 10.0, 500)
    data = np.round(truth[:, None] + rng.normal(0, 4.0, (500, 3)), 3).clip(0)
    data[rng.random(data.shape) < 0.15] = NAN
    assert np.unique(data[~np.isnan(data)]).size ** 2 > kosieval_krippendorff._DENSE_CELLS

    def interval(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a - b) ** 2

    def ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        s = a + b
        return np.divide((a - b) ** 2, s**2, out=np.zeros(np.broadcast(a, b).shape), where=s != 0)

    assert krippendorff_alpha(data, level="interval").statistic == close(alpha_by_definition(data, interval))
    assert krippendorff_alpha(data, level="ratio").statistic == close(alpha_by_definition(data, ratio))


def test_ordinal_uses_ranks_not_values() -> None:
    # Ordinal alpha depends only on the order of the codes: a monotone recode changes nothing,
    # interval alpha does change (krippendorff package as reference for both).
    recoded = KRIPP.replace({5: 50})
    assert krippendorff_alpha(recoded, level="ordinal").statistic == close(KRIPP_EXACT["ordinal"])
    interval = krippendorff_alpha(recoded, level="interval").statistic
    assert interval == close(float(krippendorff.alpha(recoded.T.to_numpy(), level_of_measurement="interval")))
    assert interval != pytest.approx(KRIPP_EXACT["interval"], abs=1e-3)


@pytest.mark.parametrize("level", LEVELS)
def test_alpha_perfect_agreement_is_one(level: str) -> None:
    data = [[1, 1, 1], [2, 2, NAN], [3, 3, 3], [5, NAN, 5], [2, 2, 2]]
    res = krippendorff_alpha(data, level=level)  # type: ignore[arg-type]
    assert res.statistic == 1.0
    assert res.observed == 0.0


def test_alpha_one_distinct_value_is_nan_with_warning() -> None:
    for level in LEVELS:
        with pytest.warns(RuntimeWarning, match=r"all 5 pairable values are ('x'|2)"):
            res = krippendorff_alpha([[2, 2, 2], [2, 2, NAN], [NAN, NAN, 2]] if level != "nominal" else
                                     [["x", "x", "x"], ["x", "x", None], [None, None, "x"]], level=level)
        assert np.isnan(res.statistic)
        assert res.n_units_dropped == 1
    # the 3 is in a unit with a single value, so the pairable values are all 4
    with pytest.warns(RuntimeWarning, match=r"all 4 pairable values are 4, so the expected disagreement De = 0"):
        res = krippendorff_alpha([[4, 4], [4, NAN], [4, 4], [NAN, 3]], level="interval", n_boot=100, seed=1)
    assert np.isnan(res.statistic)
    assert np.isnan(res.ci_low) and np.isnan(res.ci_high)
    assert res.expected == 0.0
    assert res.n_units_dropped == 2
    # krippendorff.alpha raises here ("There has to be more than one value in the domain") when
    # given only the pairable units.
    with pytest.raises(ValueError, match="more than one value"):
        krippendorff.alpha(np.array([[4.0, 4.0], [4.0, 4.0]]), level_of_measurement="interval")


def test_alpha_bad_arguments() -> None:
    text = [["a", "b"], ["a", "a"]]
    with pytest.raises(ValueError, match="ratings: column 0 is not numeric"):
        krippendorff_alpha(text, level="ordinal")
    with pytest.raises(ValueError, match="ratings: column 0 is not numeric"):
        krippendorff_alpha(text, level="interval")
    with pytest.raises(ValueError, match="level: must be one of 'nominal', 'ordinal', 'interval', 'ratio'"):
        krippendorff_alpha(KRIPP, level="metric")  # type: ignore[arg-type]
    for n_boot in (-1, 1, 2.5, True, "100"):
        with pytest.raises(ValueError, match="n_boot: must be 0 .* or an integer >= 2"):
            krippendorff_alpha(KRIPP, n_boot=n_boot)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ci_level: must be a number strictly between 0 and 1"):
        krippendorff_alpha(KRIPP, n_boot=10, ci_level=1.5)
    with pytest.raises(ValueError, match="seed: must be None"):
        krippendorff_alpha(KRIPP, n_boot=10, seed=-3)
    with pytest.raises(ValueError, match="ratings: the ratio metric needs non-negative values"):
        krippendorff_alpha([[1, -2], [3, 3]], level="ratio")


# --- bootstrap -------------------------------------------------------------------------------------


def bootstrap_by_loop(data: pd.DataFrame | np.ndarray, level: str, n_boot: int, seed: int) -> np.ndarray:
    """Reference: alpha of each resample by krippendorff.alpha, one resample at a time.

    The resample counts are drawn exactly as kosieval documents it: rng.multinomial(n, [1/n]*n)
    over the pairable units, rng = numpy.random.default_rng(seed).
    """
    values = np.asarray(data, dtype=float)
    units = values[(~np.isnan(values)).sum(axis=1) >= 2]
    n = units.shape[0]
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)
    return np.array(
        [krippendorff.alpha(np.repeat(units, d, axis=0).T, level_of_measurement=level) for d in draws]
    )


@pytest.mark.parametrize("level", LEVELS)
def test_bootstrap_equals_loop_over_resamples(level: str) -> None:
    alphas = bootstrap_by_loop(KRIPP, level, 300, seed=7)
    res = krippendorff_alpha(KRIPP, level=level, n_boot=300, seed=7)  # type: ignore[arg-type]
    assert res.ci_low == close(float(np.quantile(alphas, 0.025)))
    assert res.ci_high == close(float(np.quantile(alphas, 0.975)))
    assert res.se == close(float(np.std(alphas, ddof=1)))
    assert res.level == 0.95
    assert res.n_boot == 300
    assert res.statistic == close(KRIPP_EXACT[level])  # the point estimate is not bootstrapped
    assert "unit bootstrap, percentile" in res.method
    assert "Hayes & Krippendorff 2007" in res.method


def test_bootstrap_in_chunks_equals_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = krippendorff_alpha(KRIPP, level="ordinal", n_boot=250, seed=3, ci_level=0.9)
    monkeypatch.setattr(kosieval_krippendorff, "_BOOT_BUDGET", 40)  # 40 // 11 units = 3 resamples per chunk
    chunked = krippendorff_alpha(KRIPP, level="ordinal", n_boot=250, seed=3, ci_level=0.9)
    assert (chunked.ci_low, chunked.ci_high, chunked.se) == (whole.ci_low, whole.ci_high, whole.se)
    alphas = bootstrap_by_loop(KRIPP, "ordinal", 250, seed=3)
    assert whole.ci_low == close(float(np.quantile(alphas, 0.05)))
    assert whole.level == 0.9


def test_bootstrap_reproducible_and_covers_estimate() -> None:
    rng = np.random.default_rng(8)
    data = random_ratings(rng, 300, 3, 5, 0.7, p_missing=0.1)
    first = krippendorff_alpha(data, level="nominal", n_boot=1000, seed=42)
    again = krippendorff_alpha(data, level="nominal", n_boot=1000, seed=42)
    other = krippendorff_alpha(data, level="nominal", n_boot=1000, seed=43)
    assert (first.ci_low, first.ci_high, first.se) == (again.ci_low, again.ci_high, again.se)
    assert (first.ci_low, first.ci_high) != (other.ci_low, other.ci_high)
    assert first.ci_low < first.statistic < first.ci_high
    # a Generator is accepted as seed and gives the same stream
    from_gen = krippendorff_alpha(data, level="nominal", n_boot=1000, seed=np.random.default_rng(42))
    assert (from_gen.ci_low, from_gen.ci_high) == (first.ci_low, first.ci_high)


def test_bootstrap_width_shrinks_with_more_units() -> None:
    # Same model, 100 vs 1,600 units: the percentile interval should be about sqrt(16) = 4 times
    # narrower.
    widths = {}
    for n_units in (100, 1600):
        data = random_ratings(np.random.default_rng(n_units), n_units, 3, 5, 0.6)
        res = krippendorff_alpha(data, level="ordinal", n_boot=1000, seed=1)
        widths[n_units] = res.ci_high - res.ci_low
    assert 3.0 < widths[100] / widths[1600] < 5.5


def test_bootstrap_se_matches_sampling_sd() -> None:
    # The SD of alpha over 300 independent data sets from one model is the true sampling SD; the
    # bootstrap SE of a single data set estimates it.
    rng = np.random.default_rng(2024)
    estimates = [
        krippendorff_alpha(random_ratings(rng, 400, 3, 5, 0.6, p_missing=0.2), level="interval").statistic
        for _ in range(300)
    ]
    true_sd = float(np.std(estimates, ddof=1))
    res = krippendorff_alpha(random_ratings(rng, 400, 3, 5, 0.6, p_missing=0.2), level="interval",
                             n_boot=2000, seed=5)
    assert res.se == pytest.approx(true_sd, rel=0.2)


def test_bootstrap_resamples_with_one_value_are_left_out() -> None:
    # Only unit 5 has two different values; resamples without it have De = 0.
    data = [[1, 1], [1, 1], [1, 1], [1, 1], [1, 2]]
    # Reference: the share of resamples that miss unit 5, from the same multinomial draws.
    draws = np.random.default_rng(9).multinomial(5, np.full(5, 0.2), size=500)
    n_missing = int((draws[:, 4] == 0).sum())
    with pytest.warns(RuntimeWarning, match=f"{n_missing} of 500 bootstrap resamples contain a single value"):
        res = krippendorff_alpha(data, n_boot=500, seed=9)
    assert 0 < n_missing < 500
    assert not np.isnan(res.ci_low)
    assert res.ci_low <= res.ci_high


def test_bootstrap_without_two_defined_resamples_has_no_interval() -> None:
    # 30 units agree on 1, one unit has (1, 2): with n_boot = 2, find (from the reference draws) a
    # seed whose two resamples both miss that unit; then no interval can be formed.
    data = [[1, 1]] * 30 + [[1, 2]]
    seed = next(
        s for s in range(1000)
        if (np.random.default_rng(s).multinomial(31, np.full(31, 1 / 31), size=2)[:, 30] == 0).all()
    )
    with pytest.warns(RuntimeWarning, match="2 of 2 bootstrap resamples .* fewer than 2 remain"):
        res = krippendorff_alpha(data, n_boot=2, seed=seed)
    assert res.statistic == close(krippendorff.alpha(np.array(data, dtype=float).T, level_of_measurement="nominal"))
    assert np.isnan(res.ci_low) and np.isnan(res.ci_high) and np.isnan(res.se) and np.isnan(res.level)


# --- input checks shared by all functions ------------------------------------------------------------

ALL = [percent_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha]


@pytest.mark.parametrize("func", ALL)
def test_ratings_checks(func: object) -> None:
    with pytest.raises(ValueError, match="ratings: must be two-dimensional"):
        func([1, 2, 3])  # type: ignore[operator]
    with pytest.raises(ValueError, match="ratings: must be two-dimensional"):
        func(pd.Series([1, 2, 3]))  # type: ignore[operator]
    with pytest.raises(ValueError, match="ratings: must be two-dimensional .* got 3 dimension"):
        func(np.ones((2, 2, 2)))  # type: ignore[operator]
    with pytest.raises(ValueError, match="ratings: agreement needs at least 2 coder columns, got 1"):
        func(pd.DataFrame({"a": [1, 2, 3]}))  # type: ignore[operator]
    with pytest.raises(ValueError, match=r"ratings: duplicated column names \['a'\]"):
        func(pd.DataFrame([[1, 2, 3], [1, 2, 3]], columns=["a", "a", "b"]))  # type: ignore[operator]
    with pytest.raises(ValueError, match="ratings: column 'b' contains infinite values"):
        func(pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, np.inf]}))  # type: ignore[operator]
    with pytest.raises(ValueError, match="ratings: column 'b' contains infinite values"):
        func(pd.DataFrame({"a": ["x", "y"], "b": ["x", -np.inf]}, dtype=object))  # type: ignore[operator]
    with pytest.raises(ValueError, match="ratings: no unit is coded by at least 2 coders"):
        func([[1, NAN], [NAN, 2], [NAN, NAN]])  # type: ignore[operator]


def test_missing_value_spellings_and_dtypes() -> None:
    # NaN, None, pd.NA and nullable integer columns all mean "not coded".
    ref = krippendorff_alpha(KRIPP, level="interval").statistic
    nullable = KRIPP.astype("Int64")
    assert krippendorff_alpha(nullable, level="interval").statistic == close(ref)
    as_lists = [[None if np.isnan(v) else int(v) for v in row] for row in KRIPP.to_numpy()]
    assert krippendorff_alpha(as_lists, level="interval").statistic == close(ref)
    as_objects = KRIPP.astype(object).where(KRIPP.notna(), pd.NA)
    assert krippendorff_alpha(as_objects).statistic == close(KRIPP_EXACT["nominal"])
    strings = KRIPP.apply(lambda col: col.map(lambda v: f"c{int(v)}" if v == v else None)).astype("str")
    assert krippendorff_alpha(strings).statistic == close(KRIPP_EXACT["nominal"])


def test_result_is_frozen_and_tidy() -> None:
    res = fleiss_kappa(FLEISS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.statistic = 0.5  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape == (1, len(dataclasses.fields(AgreementResult)) - 1)
    assert "per_category" not in frame.columns
    assert frame.loc[0, "statistic"] == res.statistic
    assert frame.loc[0, "measure"] == "fleiss_kappa"
    alpha = krippendorff_alpha(KRIPP, level="ordinal").to_frame()
    assert alpha.loc[0, "metric"] == "ordinal"
    assert np.isnan(alpha.loc[0, "level"])


def test_no_warning_on_regular_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        percent_agreement(FLEISS)
        cohen_kappa(COHEN, weights="linear")
        fleiss_kappa(FLEISS)
        for level in LEVELS:
            krippendorff_alpha(KRIPP, level=level, n_boot=200, seed=1)  # type: ignore[arg-type]


def test_p_values_are_two_sided_normal() -> None:
    res = cohen_kappa(COHEN)
    assert res.pvalue == close(2 * stats.norm.sf(abs(res.z)))
