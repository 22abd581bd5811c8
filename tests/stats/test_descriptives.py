"""mean_ci against R's t.test (R 4.2, stats)."""

import pytest

from kosieval.stats.descriptives import mean_ci


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
