"""Tests of kosieval.stats.omega.mcdonald_omega against R (psych::fa, psych::omega, factanal).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330), psych 2.2.9 and GPArotation 2022.10.2, printed with
``sprintf("%.17g", ...)``; R does not run in the test suite. Setup of the R session::

    library(psych)
    A <- data.frame(<DATA_A of stats_reference_data.py, NaN -> NA>)
    d <- read.csv("tests/data/bfi_agreeableness_1-100.csv", row.names = 1); d$A1 <- 7 - d$A1
    Y <- na.omit(d)      # "listwise";  Y <- d  or  Y <- A  for "pairwise"
    R <- cor(Y, use = "pairwise")
    om <- function(l) sum(l)^2 / (sum(l)^2 + sum(1 - l^2))   # kosieval's omega_total
    # psych
    f <- fa(Y, 1); f$loadings[, 1]; f$uniquenesses          # fm = "minres" (default)
    f <- fa(Y, 1, fm = "ml"); f$loadings[, 1]
    omega(Y, nfactors = 1)$omega.tot                        # psych's omega_t ("omega_total_psych")
    omega(Y, nfactors = 1, fm = "ml")$omega.tot
    # minres without psych: minimise the off-diagonal residuals over the loadings directly
    offfit <- function(R) {
      f <- function(l) { E <- R - tcrossprod(l); sum(E[lower.tri(E)]^2) }
      g <- function(l) { E <- R - tcrossprod(l); diag(E) <- 0; -2 * (E %*% l)[, 1] }
      o <- optim(rep(0.5, ncol(R)), f, g, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
      nlminb(o$par, f, g, control = list(rel.tol = 1e-15, x.tol = 1e-15))$par
    }
    l <- offfit(R); om(l); 1 - sum(1 - l^2) / sum(R)
    # ML without psych: factanal with a tight tolerance
    l <- factanal(covmat = R, factors = 1, n.obs = 50,
                  control = list(opt = list(factr = 1e3, maxit = 10000)))$loadings[, 1]
    om(l); 1 - sum(1 - l^2) / sum(R)

psych stops its optimiser (R optim L-BFGS-B, default factr) earlier than kosieval, so its
loadings are compared at 1e-5; the tightly converged references (offfit, factanal) at 1e-7.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from stats_reference_data import DATA_A, bfi_raw

from kosieval.stats.omega import OmegaResult, mcdonald_omega

NAN = np.nan
FIT = 1e-5  # tolerance against psych (iterative fit)
TIGHT = 1e-7  # tolerance against the tightly converged references


def bfi_agreeableness() -> pd.DataFrame:
    """psych's bfi[1:100, 1:5] with A1 reverse keyed (7 - A1)."""
    d = bfi_raw()
    d["A1"] = 7 - d["A1"]
    return d


def data(name: str) -> pd.DataFrame:
    return {"d": bfi_agreeableness(), "A": DATA_A}[name]


REFERENCES = {
    # Y <- na.omit(d)
    ("d", "listwise"): dict(
        n=99,
        psych_minres=[0.29890419906811611, 0.55118909267324268, 0.72488219968486167,
                      0.29788024250735085, 0.81327030510461606],
        psych_minres_u2=[0.91065627977944796, 0.69619058411804757, 0.47454579658003637,
                         0.91126736112376183, 0.33859141083504474],
        psych_ml=[0.30578167940356016, 0.53493782965422909, 0.72745679545367514,
                  0.31948678500693878, 0.81079514137102171],
        psych_omega_minres=0.68094552840980282,
        psych_omega_ml=0.68090399084520414,
        offfit=[0.29890335520561451, 0.55118511097522771, 0.72488470380470227,
                0.29788000504756301, 0.81327308868059844],
        offfit_omega=0.68413775501917395, offfit_omega_psych=0.68094582749380539,
        factanal=[0.30578190406598826, 0.53493775856541481, 0.72745615941439135,
                  0.31948667747804871, 0.81079587879698845],
        factanal_omega=0.68608583105686005, factanal_omega_psych=0.68090401603937201,
    ),
    # Y <- d (A2 has one missing value: smallest pairwise n = 99)
    ("d", "pairwise"): dict(
        n=99,
        psych_minres=[0.29930937909658356, 0.55234166501688775, 0.72320901567568641,
                      0.2926497915351306, 0.81334413727841381],
        psych_minres_u2=[0.91041389558481767, 0.69491868508637222, 0.47696871964540477,
                         0.91435609951444463, 0.3384713143548328],
        psych_ml=[0.30532171818893805, 0.53519937015115115, 0.72682787884750144,
                  0.31324591523769868, 0.81150905441531662],
        psych_omega_minres=0.67990962515828468,
        psych_omega_ml=0.67988439762357544,
        offfit=[0.29930814136138445, 0.55233534760988889, 0.72321261738054643,
                0.29264938943069146, 0.81334870951309735],
        offfit_omega=0.68303637310901333, offfit_omega_psych=0.67991007549698668,
        factanal=[0.30532191199137848, 0.53519927673246637, 0.72682732425523644,
                  0.31324582565117065, 0.81150971540773231],
        factanal_omega=0.68482949408624894, factanal_omega_psych=0.67988441958668033,
    ),
    # Y <- A (12 rows, 5 values missing; smallest pairwise n = 10)
    ("A", "pairwise"): dict(
        n=10,
        psych_minres=[0.92619525236579081, 0.74754614524173402, 0.47272392562572302,
                      0.67848014476090956, 0.58806300047852467, 0.19486558108210031,
                      0.7829666737109009, 0.8277683449059472],
        psych_minres_u2=[0.14216235449506909, 0.44117476073422435, 0.77653209014100588,
                         0.53966469316521515, 0.65418190746819471, 0.96202740530953534,
                         0.3869631878580877, 0.31479956717166879],
        psych_ml=[0.97437929253170319, 0.8687070545941058, 0.4251162347885028,
                  0.62972358873134338, 0.43204975098648002, 0.13488503537019825,
                  0.71017632838187517, 0.82514656880529669],
        psych_omega_minres=0.86738809012386531,
        psych_omega_ml=0.86389559156911444,
        offfit=[0.9261951386790418, 0.74754595251190903, 0.47272033426107102,
                0.67848288032922999, 0.58806389236760082, 0.19486630769842384,
                0.78296646911139611, 0.82776937138128936],
        offfit_omega=0.86590410003761631, offfit_omega_psych=0.86738816964463528,
        factanal=[0.97438082695667461, 0.86870763216603097, 0.42511673345254991,
                  0.62972365639797423, 0.43204657827662485, 0.13488506461652891,
                  0.71017368591707553, 0.82514461793066174],
        factanal_omega=0.85241972571972557, factanal_omega_psych=0.86389542795558616,
    ),
}
CASES = sorted(REFERENCES)


def approx(values: list[float], tol: float) -> object:
    return pytest.approx(values, abs=tol)


@pytest.mark.parametrize("case", CASES)
def test_minres_matches_psych_fa_and_omega(case: tuple[str, str]) -> None:
    ref = REFERENCES[case]
    res = mcdonald_omega(data(case[0]), missing=case[1])
    assert res.loadings.tolist() == approx(ref["psych_minres"], FIT)
    assert res.uniquenesses.tolist() == approx(ref["psych_minres_u2"], FIT)
    assert res.omega_total_psych == pytest.approx(ref["psych_omega_minres"], abs=FIT)
    assert (res.n, res.fm, res.missing) == (ref["n"], "minres", case[1])


@pytest.mark.parametrize("case", CASES)
def test_minres_matches_direct_off_diagonal_minimisation(case: tuple[str, str]) -> None:
    ref = REFERENCES[case]
    res = mcdonald_omega(data(case[0]), missing=case[1], fm="minres")
    assert res.loadings.tolist() == approx(ref["offfit"], TIGHT)
    assert res.omega_total == pytest.approx(ref["offfit_omega"], abs=TIGHT)
    assert res.omega_total_psych == pytest.approx(ref["offfit_omega_psych"], abs=TIGHT)


@pytest.mark.parametrize("case", CASES)
def test_ml_matches_psych_and_factanal(case: tuple[str, str]) -> None:
    ref = REFERENCES[case]
    res = mcdonald_omega(data(case[0]), missing=case[1], fm="ml")
    assert res.fm == "ml"
    assert res.loadings.tolist() == approx(ref["psych_ml"], FIT)
    assert res.omega_total_psych == pytest.approx(ref["psych_omega_ml"], abs=FIT)
    assert res.loadings.tolist() == approx(ref["factanal"], TIGHT)
    assert res.uniquenesses.tolist() == approx([1 - v**2 for v in ref["factanal"]], TIGHT)
    assert res.omega_total == pytest.approx(ref["factanal_omega"], abs=TIGHT)
    assert res.omega_total_psych == pytest.approx(ref["factanal_omega_psych"], abs=TIGHT)


def test_model_implied_and_psych_definitions_differ() -> None:
    # bfi listwise: omega_total (model-implied denominator) 0.684138 vs psych's omega.tot
    # 0.680946 (observed denominator): the difference is real, not numerical.
    res = mcdonald_omega(bfi_agreeableness())
    assert res.omega_total - res.omega_total_psych == pytest.approx(
        0.68413775501917395 - 0.68094582749380539, abs=TIGHT
    )
    lam = res.loadings.to_numpy()
    corr = bfi_agreeableness().dropna().corr().to_numpy()
    assert res.omega_total == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum()),
                                            rel=1e-12)
    assert res.omega_total_psych == pytest.approx(1 - (1 - lam**2).sum() / corr.sum(), rel=1e-12)


def test_three_items_exact_fit_closed_form() -> None:
    # Three items: the one-factor model fits R exactly, lambda_1 = sqrt(r12 r13 / r23), etc.
    # R: Y <- na.omit(d[, c("A2", "A3", "A5")]); R <- cor(Y)
    #    l <- c(sqrt(R[1,2]*R[1,3]/R[2,3]), sqrt(R[1,2]*R[2,3]/R[1,3]), sqrt(R[1,3]*R[2,3]/R[1,2]))
    #    -> 0.52618786290078801, 0.73807219865818863, 0.79941074285792924
    #    om(l) = 1 - sum(1 - l^2)/sum(R) -> 0.73451129450465025
    #    omega(Y, 1)$omega.tot -> 0.73451139052146852 (psych's looser optimiser)
    items = bfi_agreeableness()[["A2", "A3", "A5"]]
    closed = [0.52618786290078801, 0.73807219865818863, 0.79941074285792924]
    for fm in ("minres", "ml"):
        res = mcdonald_omega(items, fm=fm)
        assert res.loadings.tolist() == approx(closed, TIGHT)
        assert res.omega_total == pytest.approx(0.73451129450465025, abs=TIGHT)
        assert res.omega_total_psych == pytest.approx(0.73451129450465025, abs=TIGHT)
        assert res.omega_total_psych == pytest.approx(0.73451139052146852, abs=FIT)
        assert (res.n, res.k) == (99, 3)


def test_heywood_case_warns_and_matches_psych() -> None:
    # R: fa(na.omit(A), 1)   (8 complete rows, 8 items: R is singular)
    #    Warning "An ultra-Heywood case was detected.  Examine the results carefully"
    #    loadings -> 1.0118342377696157, 0.7887701726233427, 0.50023055608087064,
    #                0.58386337757468609, 0.55083003790229179, 0.16808681622133209,
    #                0.72838141587051619, 0.74452698733184286
    #    uniquenesses[1] -> -0.023808524722819246
    #    omega(na.omit(A), 1)$omega.tot -> 0.85793361250383504
    with pytest.warns(RuntimeWarning, match=r"Heywood case \('i1': communality 1\.02"):
        res = mcdonald_omega(DATA_A)
    assert res.loadings.tolist() == approx(
        [1.0118342377696157, 0.7887701726233427, 0.50023055608087064, 0.58386337757468609,
         0.55083003790229179, 0.16808681622133209, 0.72838141587051619, 0.74452698733184286],
        FIT,
    )
    assert res.uniquenesses["i1"] == pytest.approx(-0.023808524722819246, abs=FIT)
    assert res.omega_total_psych == pytest.approx(0.85793361250383504, abs=FIT)
    assert res.heywood_items == ("i1",)
    assert (res.n, res.n_rows, res.k) == (8, 12, 8)


def test_ml_needs_positive_definite_matrix() -> None:
    # R: fa(na.omit(A), 1, fm = "ml") stops: "L-BFGS-B needs finite values of 'fn'"
    with pytest.raises(ValueError, match="items: fm='ml' needs a positive definite"):
        mcdonald_omega(DATA_A, fm="ml")


def test_negative_loading_is_not_flipped_and_warns() -> None:
    # A1 not reverse keyed. R: raw <- read.csv(...); Y <- na.omit(raw)
    #   fa(Y, 1)$loadings[1] -> -0.29890419906811611 (the others as for d)
    #   omega(Y, 1, flip = FALSE)$omega.tot -> 0.57976681426453869
    #   (omega(Y, 1) with psych's default flip = TRUE reverses A1: 0.68094552840980282)
    #   with offfit's loadings, A1 negated: om(l) -> 0.56693879920174983,
    #   1 - sum(1 - l^2)/sum(cor(Y)) -> 0.57976720819421024
    with pytest.warns(RuntimeWarning, match=r"\['A1'\] load negatively"):
        res = mcdonald_omega(bfi_raw())
    assert res.loadings["A1"] == pytest.approx(-0.29890419906811611, abs=FIT)
    assert res.loadings["A1"] == pytest.approx(-0.29890335520561451, abs=TIGHT)
    assert res.omega_total_psych == pytest.approx(0.57976681426453869, abs=FIT)
    assert res.omega_total_psych == pytest.approx(0.57976720819421024, abs=TIGHT)
    assert res.omega_total == pytest.approx(0.56693879920174983, abs=TIGHT)


def test_constant_item_is_excluded_with_warning() -> None:
    items = bfi_agreeableness().dropna().assign(C=4.0)
    with pytest.warns(RuntimeWarning, match=r"item 'C' has no variance .* excluded"):
        res = mcdonald_omega(items)
    ref = REFERENCES[("d", "listwise")]
    assert res.k == 5
    assert res.excluded_items == ("C",)
    assert list(res.loadings.index) == ["A1", "A2", "A3", "A4", "A5", "C"]
    assert res.loadings.iloc[:5].tolist() == approx(ref["offfit"], TIGHT)
    assert np.isnan(res.loadings["C"]) and np.isnan(res.uniquenesses["C"])
    assert res.omega_total == pytest.approx(ref["offfit_omega"], abs=TIGHT)
    assert "C" in res.method


def test_item_with_one_observed_value_pairwise() -> None:
    items = bfi_agreeableness().assign(X=[NAN] * 99 + [3.0])
    with pytest.warns(RuntimeWarning, match="item 'X' has fewer than 2 observed values"):
        res = mcdonald_omega(items, missing="pairwise")
    assert res.excluded_items == ("X",)
    assert res.omega_total == pytest.approx(REFERENCES[("d", "pairwise")]["offfit_omega"],
                                            abs=TIGHT)


def test_pairwise_n_is_smallest_pairwise_count() -> None:
    res = mcdonald_omega(DATA_A, missing="pairwise")
    # Missing: i1 and i6 in row 5, i2 in row 11, i3 in row 2, i8 in row 9. Two items missing in
    # different rows share 10 cases (i1 and i6 share 11): the smallest count is 10.
    observed = DATA_A.notna().astype(int)
    counts = observed.T @ observed
    assert res.n == 10 == int(counts.where(~np.eye(8, dtype=bool)).min().min())
    assert res.n_rows == 12
    assert "smallest pairwise count = 10" in res.method


def test_result_is_frozen_and_tidy() -> None:
    res = mcdonald_omega(bfi_agreeableness())
    assert isinstance(res, OmegaResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.omega_total = 0.5  # type: ignore[misc]
    frame = res.to_frame()
    assert frame.shape[0] == 1
    assert frame.loc[0, "omega_total"] == res.omega_total
    assert frame.loc[0, "omega_total_psych"] == res.omega_total_psych
    assert frame.loc[0, "fm"] == "minres"
    assert res.loadings.index.name == "item"
    assert list(res.uniquenesses.index) == ["A1", "A2", "A3", "A4", "A5"]
    for words in ("minres", "listwise", "99 of 100 rows", "standardised", "psych::omega"):
        assert words in res.method
    assert "maximum likelihood" in mcdonald_omega(bfi_agreeableness(), fm="ml").method


def test_no_warning_on_regular_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for missing in ("listwise", "pairwise"):
            for fm in ("minres", "ml"):
                mcdonald_omega(bfi_agreeableness(), missing=missing, fm=fm)  # type: ignore[arg-type]


def test_nullable_integer_input() -> None:
    res = mcdonald_omega(bfi_agreeableness().astype("Int64"), missing="pairwise")
    assert res.omega_total == pytest.approx(REFERENCES[("d", "pairwise")]["offfit_omega"],
                                            abs=TIGHT)


def test_simulation_recovers_population_omega() -> None:
    # Congeneric items x_j = l_j f + e_j, Var(x_j) = 1: population omega is
    # (sum l)^2 / ((sum l)^2 + sum(1 - l^2)).
    rng = np.random.default_rng(20240602)
    lam = np.array([0.8, 0.7, 0.6, 0.5, 0.4])
    n = 20000
    f = rng.standard_normal(n)
    x = f[:, None] * lam + rng.standard_normal((n, 5)) * np.sqrt(1 - lam**2)
    truth = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum())
    for fm in ("minres", "ml"):
        res = mcdonald_omega(pd.DataFrame(x), fm=fm)  # type: ignore[arg-type]
        assert res.omega_total == pytest.approx(truth, abs=0.01)
        assert res.loadings.to_numpy() == pytest.approx(lam, abs=0.03)


def test_non_convergence_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    # Force the convergence check to fail: every fit then ends with the warning.
    import kosieval.stats.omega as omega_module

    monkeypatch.setattr(omega_module, "_GRADIENT_TOL", -1.0)
    with pytest.warns(RuntimeWarning, match="the minres fit did not converge"):
        res = mcdonald_omega(bfi_agreeableness())
    assert res.omega_total == pytest.approx(REFERENCES[("d", "listwise")]["offfit_omega"],
                                            abs=TIGHT)


# --- bad arguments and too little data ----------------------------------------------------------


def test_fewer_than_three_items() -> None:
    with pytest.raises(ValueError, match="items: omega needs at least 3 items .* got 2"):
        mcdonald_omega(DATA_A[["i1", "i2"]])


def test_fewer_than_three_items_with_variance() -> None:
    items = bfi_agreeableness().dropna()[["A1", "A2"]].assign(C=1.0)
    with (
        pytest.warns(RuntimeWarning, match="'C' has no variance"),
        pytest.raises(ValueError, match="items: omega needs at least 3 items with variance"),
    ):
        mcdonald_omega(items)


def test_fewer_than_three_cases() -> None:
    with pytest.raises(ValueError, match="items: omega needs at least 3 cases, got 2 complete"):
        mcdonald_omega(DATA_A.iloc[[0, 2, 4]])


def test_pairwise_pair_with_too_few_common_cases() -> None:
    items = pd.DataFrame(
        {
            "a": [1, 2, 3, 4, NAN, NAN, NAN],
            "b": [NAN, NAN, 2, 1, 2, 4, 3],
            "c": [1, 3, 2, 2, 1, 4, 5],
        }
    )
    with pytest.raises(ValueError, match="items: items 'a' and 'b' have 2 case"):
        mcdonald_omega(items, missing="pairwise")


def test_pairwise_correlation_undefined() -> None:
    # a and b vary, but b is constant on the cases it shares with a.
    items = pd.DataFrame(
        {
            "a": [1, 2, 3, NAN, NAN, NAN],
            "b": [2, 2, 2, 1, 3, 4],
            "c": [1, 3, 2, 2, 1, 4],
        }
    )
    with pytest.raises(ValueError, match="correlation of 'a' and 'b' is undefined"):
        mcdonald_omega(items, missing="pairwise")


@pytest.mark.parametrize("missing", ["complete", "Listwise", None])
def test_bad_missing(missing: object) -> None:
    with pytest.raises(ValueError, match="missing: must be one of 'listwise', 'pairwise'"):
        mcdonald_omega(DATA_A, missing=missing)  # type: ignore[arg-type]


@pytest.mark.parametrize("fm", ["pa", "ML", "uls", 1])
def test_bad_fm(fm: object) -> None:
    with pytest.raises(ValueError, match="fm: must be one of 'minres', 'ml'"):
        mcdonald_omega(DATA_A, fm=fm)  # type: ignore[arg-type]


def test_non_numeric_column() -> None:
    items = DATA_A.dropna().assign(i2=lambda d: d["i2"].astype(str))
    with pytest.raises(ValueError, match="items: column 'i2' is not numeric"):
        mcdonald_omega(items)
