"""adjust_pvalues against R's p.adjust (R 4.2, stats)."""

import math

import pytest

from kosieval.stats.multiplicity import adjust_pvalues

P = [0.01, 0.04, 0.03, 0.005, float("nan"), 0.2, 0.04]


def test_holm_matches_r():
    # R: p <- c(0.01, 0.04, 0.03, 0.005, NA, 0.2, 0.04); p.adjust(p, "holm")
    expected = [0.05, 0.12, 0.12, 0.03, math.nan, 0.2, 0.12]
    result = adjust_pvalues(P, method="holm")
    assert result.n_tests == 6
    for got, want in zip(result.adjusted, expected):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, abs=1e-12)


def test_bh_matches_r():
    # R: p.adjust(p, "BH")
    expected = [0.03, 0.048, 0.048, 0.03, math.nan, 0.2, 0.048]
    result = adjust_pvalues(P, method="bh")
    for got, want in zip(result.adjusted, expected):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, abs=1e-12)
    assert "Benjamini" in result.method


def test_bad_arguments_name_the_parameter():
    with pytest.raises(ValueError, match="method"):
        adjust_pvalues([0.1], method="bonferroni")
    with pytest.raises(ValueError, match="pvalues"):
        adjust_pvalues([1.5])
