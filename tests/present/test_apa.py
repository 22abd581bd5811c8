"""APA fragments of every stats result in German and English (kosieval.present.apa).

The numbers in the expected strings were produced with R 4.2.2 while writing the tests; the
call is written beside each. kosieval's own accuracy is tested in tests/stats; here the
point is the format: decimal marks, leading zeros, df, symbols, CI brackets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kosieval.present import numbers as fmt
from kosieval.present.apa import apa, df_text
from kosieval.stats import (
    cohen_kappa,
    compare_groups,
    cronbach_alpha,
    crosstab_test,
    krippendorff_alpha,
    mcdonald_omega,
    mcnemar,
    mixed_change,
    ordinal_regression,
    paired_change,
    percent_agreement,
)


def factor_items(n: int = 60, seed: int = 2) -> pd.DataFrame:
    """Three items of one factor (no Heywood case)."""
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    return pd.DataFrame({c: np.round(3 + 0.8 * f + rng.normal(0, 0.7, n)) for c in "abc"})


X = [5.1, 4.8, 6.0, 5.5, 6.2, 5.9, 4.9, 6.4]
Y = [4.2, 4.9, 4.4, 5.0, 3.9, 4.6, 4.1]
V3 = [1, 2, 3, 2, 1, 4, 5, 3, 4, 5, 2, 3, 4, 3, 2]
G3 = ["a"] * 5 + ["b"] * 5 + ["c"] * 5


def visible(text: str) -> str:
    """What a reader sees (and what PDF text extraction gives)."""
    return text.replace(fmt.WJ, "").replace(fmt.NBSP, " ")


def two_groups():
    return compare_groups(X + Y, ["x"] * 8 + ["y"] * 7)


def test_welch_t_with_hedges_g():
    # R: t.test(x, y) -> t = 4.3316953, df = 12.263514, p-value = 0.0009287504
    # effectsize::hedges_g(x, y) -> 2.052906756 [0.7962630022, 3.262678843]
    res = two_groups()
    assert visible(apa(res, locale="de")) == "t(12,3) = 4,33, p < ,001, g = 2,05, 95 %-KI [0,80; 3,26]"
    assert visible(apa(res, locale="en")) == "t(12.3) = 4.33, p < .001, g = 2.05, 95% CI [0.80, 3.26]"


def test_mann_whitney_with_rank_biserial_without_leading_zero():
    # R: wilcox.test(x, y) -> W = 52.5, p-value = 0.005436836 (normal approximation, ties)
    # effectsize::rank_biserial(x, y) -> 0.875 [0.6346517832, 0.9610045141]
    res = two_groups()  # ties: normal approximation with continuity correction, as R
    text = visible(apa(res, locale="de", test="rank"))
    assert text == "U = 52,5, p = ,005, r_rb = ,88, 95 %-KI [,63; ,96]"
    assert visible(apa(res, locale="en", test="rank")) == "U = 52.5, p = .005, r_rb = .88, 95% CI [.63, .96]"


def test_welch_anova_and_kruskal_wallis_use_two_df_and_epsilon_squared():
    # R: oneway.test(v3 ~ g3) -> F = 9.5824176, num df = 2, denom df = 8, p-value = 0.007521971
    # kruskal.test(v3 ~ g3) -> chi-squared = 8.8771536, df = 2, p-value = 0.01181274
    # effectsize::rank_epsilon_squared(v3 ~ g3) -> 0.634082397
    res = compare_groups(V3, G3)
    assert visible(apa(res, locale="de")) == "F(2; 8) = 9,58, p = ,008"
    assert visible(apa(res, locale="en")) == "F(2, 8) = 9.58, p = .008"
    assert visible(apa(res, locale="de", test="rank")) == "H(2) = 8,88, p = ,012, ε² = ,63"


def test_chi_square_fisher_and_cramers_v():
    # tab <- matrix(c(12, 5, 3, 10), 2)
    # R: chisq.test(tab, correct = FALSE) -> X-squared = 6.6515837, df = 1, p-value = 0.009906773
    # effectsize::cramers_v(tab, adjust = FALSE) -> 0.4708709558
    # fisher.test(tab) -> p-value = 0.02532769, odds ratio 7.37522769 [1.219628943, 60.990172244];
    # R finds the limits with uniroot's default tolerance; the precise upper limit is 60.9518
    # (scipy.stats.contingency.odds_ratio(tab, kind="conditional").confidence_interval())
    res = crosstab_test(np.array([[12, 3], [5, 10]]))
    assert visible(apa(res, locale="de")) == "χ²(1; N = 30) = 6,65, p = ,010, V = ,47"
    assert visible(apa(res, locale="en")) == "χ²(1, N = 30) = 6.65, p = .010, V = .47"
    assert visible(apa(res, locale="de", test="fisher")) == (
        "exakter Test nach Fisher, N = 30, p = ,025, OR = 7,38, 95 %-KI [1,22; 60,95]")
    with pytest.raises(ValueError, match="test: must be one of"):
        apa(res, locale="de", test="anova")


def test_mcnemar_chi_square_and_exact():
    # 20 yes->yes, 9 yes->no, 3 no->yes, 15 no->no
    # R: mcnemar.test(matrix(c(20, 3, 9, 15), 2)) -> chi-squared = 2.0833333, df = 1, p-value = 0.1489147
    before = [1] * 20 + [1] * 9 + [0] * 3 + [0] * 15
    after = [1] * 20 + [0] * 9 + [1] * 3 + [0] * 15
    res = mcnemar(before, after, exact=False)
    assert visible(apa(res, locale="de")) == "χ²(1) = 2,08, p = ,149"
    exact = mcnemar(before, after)  # b + c = 12 < 25: exact binomial (R: binom.test(3, 12) p = 0.1459961)
    assert visible(apa(exact, locale="en")) == "McNemar (exact binomial test), n = 12, p = .146"


def test_paired_t_and_wilcoxon():
    # R: t.test(after, before, paired = TRUE) -> t = 4.5826, df = 9, p-value = 0.001323
    before = [3, 2, 4, 3, 2, 3, 4, 2, 3, 3]
    after = [4, 3, 4, 4, 2, 4, 5, 3, 3, 4]
    with pytest.warns(RuntimeWarning, match="rank_biserial = 1"):
        res = paired_change(before, after)
    assert visible(apa(res, locale="de")).startswith("t(9) = 4,58, p = ,001, d_z = ")
    # R: wilcox.test(after, before, paired = TRUE, correct = FALSE) -> V = 28, p-value = 0.008150972
    # (normal approximation: ties and zeros; kosieval's default is no continuity correction)
    # r_rb = 1: its CI is undefined, so no interval is printed
    assert visible(apa(res, locale="de", test="wilcoxon")) == "V = 28, z = 2,65, p = ,008, r_rb = 1,00"


def test_reliability_and_agreement_keep_the_leading_zero():
    items = pd.DataFrame({"a": [1, 2, 3, 4, 5, 3], "b": [2, 2, 3, 5, 4, 3], "c": [1, 3, 3, 4, 5, 2]})
    alpha = cronbach_alpha(items)
    text = visible(apa(alpha, locale="de"))
    assert text.startswith(f"α = {fmt.number(alpha.alpha, locale='de')}, 95 %-KI [")
    assert text.startswith("α = 0,")
    omega = mcdonald_omega(factor_items())
    assert visible(apa(omega, locale="en")) == f"ω_t = {omega.omega_total:.2f}"
    # 8 of 10 agree, both coders 5 x 1 and 5 x 2: po = .8, pe = .5, kappa = .6 (by hand)
    ratings = pd.DataFrame({"a": [1, 1, 2, 2, 1, 2, 1, 1, 2, 2], "b": [1, 1, 2, 1, 1, 2, 2, 1, 2, 2]})
    assert visible(apa(cohen_kappa(ratings), locale="de")).startswith("κ = 0,60, 95 %-KI [")
    assert visible(apa(percent_agreement(ratings), locale="de")) == "80\u202f%"
    assert visible(apa(krippendorff_alpha(ratings), locale="en")).startswith("α_K = 0.6")


def test_mixed_and_ordinal_models():
    rng = np.random.default_rng(4)
    ids = np.repeat(np.arange(30), 2)
    person = np.repeat(rng.normal(0, 1, 30), 2)
    wave = np.tile(["T0", "T1"], 30)
    score = 3 + person + 0.5 * (wave == "T1") + rng.normal(0, 0.5, 60)
    res = mixed_change(pd.DataFrame({"id": ids, "wave": wave, "score": score}),
                       score="score", wave="wave", respondent="id")
    text = visible(apa(res, locale="de"))
    assert text.startswith(f"b = {fmt.number(res.fixef['wave[T1]'], locale='de')}, SE = ")
    assert "95 %-KI [" in text
    data = pd.DataFrame({"y": [1, 2, 2, 3, 3, 1, 2, 3, 3, 2, 1, 1], "x": [0, 1, 1, 2, 1, 0, 2, 2, 1, 1, 0, 1]})
    ordinal = ordinal_regression(data, outcome="y", predictors=["x"])
    text = visible(apa(ordinal, locale="en"))
    assert text.startswith(f"OR = {ordinal.odds_ratio['x']:.2f}, 95% CI [")


def test_degrees_of_freedom_and_errors():
    assert df_text(41, locale="de") == "41"
    assert visible(df_text(2, 20.34, locale="de")) == "2; 20,3"
    assert visible(df_text(2, 20.34, locale="en")) == "2, 20.3"
    with pytest.raises(TypeError, match="no APA format for str"):
        apa("t = 2", locale="de")
    with pytest.raises(ValueError, match="test: this result holds one statistic"):
        apa(mcdonald_omega(factor_items()), locale="de", test="t")


def test_coefficient_drops_the_leading_zero_only():
    assert visible(fmt.coefficient(0.4519, locale="de")) == ",45"
    assert visible(fmt.coefficient(-0.12, locale="en")) == "−.12"
    assert visible(fmt.coefficient(1.0, locale="de")) == "1,00"


def test_numpy_floats_format_like_python_floats():
    # numpy 2 reprs np.float64(0.0123) as "np.float64(0.0123)"; the formatter must not parse that text
    assert visible(fmt.pvalue(np.float64(0.0123), locale="de")) == ",012"
    assert fmt.number(np.float64(2.5), locale="en", digits=1) == "2.5"
