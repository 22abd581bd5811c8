"""Tests of kosieval.stats.mixed_change and ordinal_regression against R (lme4, ordinal, MASS).

Reference values were produced while writing these tests with R 4.2.2 Patched
(2022-11-10 r83330), lme4 1.1-31, ordinal 2022.11-16 and MASS 7.3-58.2, printed with
``sprintf("%.17g", ...)``; R does not run in the test suite. The data sets are generated
below with numpy's ``default_rng`` (a few generated values are pinned in
``test_generated_data_is_unchanged`` so that a change of numpy's generator is noticed) and
were exported to R with ``to_csv(float_format="%.17g")``. The R side::

    library(lme4); library(ordinal); library(MASS)
    a <- read.csv("two.csv")                                 # two_wave_data()
    b <- read.csv("three.csv")                               # three_wave_data()
    b$wave <- factor(b$wave, levels = c("pre", "post", "follow-up"))
    bd <- read.csv("boundary.csv")                           # boundary_data()
    m <- lmer(score ~ wave + (1 | id), a, REML = TRUE)       # and REML = FALSE; b; bd
    m <- lmer(score ~ wave + age + group + (1 | id), b, REML = TRUE)   # covariates
    fixef(m); sqrt(diag(as.matrix(vcov(m)))); as.data.frame(VarCorr(m))$vcov; logLik(m)
    se <- sqrt(diag(as.matrix(vcov(m)))); vc <- as.data.frame(VarCorr(m))$vcov
    2 * pnorm(-abs(fixef(m) / se))                           # Wald p (lme4 prints none)
    fixef(m) + c(-1, 1) * qnorm(0.975) * se                  # Wald CI; qnorm(0.95) for 0.90
    vc[1] / sum(vc); fixef(m) / sqrt(sum(vc)); isSingular(m) # icc, d, boundary

    o <- read.csv("ord.csv"); o$g <- factor(o$g)             # ordinal_data()
    m <- clm(factor(y, ordered = TRUE) ~ x1 + g, data = o, link = "logit")   # and "probit"
    m$beta; m$alpha; sqrt(diag(vcov(m))); logLik(m); AIC(m); fitted(m)[1:5]
    summary(m)$coefficients[, 4]; confint.default(m); exp(confint.default(m))
    p <- polr(factor(y, ordered = TRUE) ~ x1 + g, data = o, Hess = TRUE)     # method = "probit"
    coef(p); p$zeta; sqrt(diag(vcov(p))); logLik(p)
    l <- read.csv("likert.csv")                              # likert_data()
    l$answer <- factor(l$answer, levels = LIKERT, ordered = TRUE)
    l$actor <- factor(l$actor, levels = ACTORS); l$online <- l$online == "True"
    clm(answer ~ hours + actor + online, data = droplevels(na.omit(l)))
    bi <- read.csv("binary.csv")                             # binary_data()
    clm(factor(y, ordered = TRUE) ~ x, data = bi); glm(I(y == 2) ~ x, bi, family = binomial)
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.regression.mixed_linear_model import MixedLM

from kosieval.stats import mixed
from kosieval.stats.mixed import MixedResult, mixed_change
from kosieval.stats.ordinal import OrdinalResult, ordinal_regression

NAN = np.nan

# --- data ------------------------------------------------------------------------------------


def two_wave_data(seed: int = 20240611) -> pd.DataFrame:
    """40 respondents, waves T0/T1; r30-r34 only in T0, r35-r39 only in T1 (25 % single)."""
    rng = np.random.default_rng(seed)
    n = 40
    u = rng.normal(0.0, 0.8, n)
    e = rng.normal(0.0, 0.5, (n, 2))
    score = 3.0 + u[:, None] + np.array([0.0, 0.4]) + e
    rows = []
    for i in range(n):
        for w in (0, 1):
            if (30 <= i < 35 and w == 1) or (i >= 35 and w == 0):
                continue
            rows.append((f"r{i:02d}", f"T{w}", score[i, w]))
    return pd.DataFrame(rows, columns=["id", "wave", "score"])


WAVES3 = ["pre", "post", "follow-up"]


def three_wave_data(seed: int = 31415) -> pd.DataFrame:
    """30 respondents, waves pre/post/follow-up (ordered categorical), each score missing w.p. 0.25."""
    rng = np.random.default_rng(seed)
    n = 30
    u = rng.normal(0.0, 0.7, n)
    e = rng.normal(0.0, 0.6, (n, 3))
    age = rng.integers(20, 70, n)
    group = rng.choice(["admin", "civil"], n)
    score = (2.5 + u[:, None] + np.array([0.0, 0.3, 0.6]) + e + 0.01 * (age[:, None] - 45)
             + np.where(group == "civil", 0.4, 0.0)[:, None])
    missing = rng.random((n, 3)) < 0.25
    rows = [(f"p{i:02d}", WAVES3[w], float(score[i, w]), int(age[i]), group[i])
            for i in range(n) for w in range(3) if not missing[i, w]]
    frame = pd.DataFrame(rows, columns=["id", "wave", "score", "age", "group"])
    frame["wave"] = pd.Categorical(frame["wave"], categories=WAVES3, ordered=True)
    return frame


def boundary_data(seed: int = 5) -> pd.DataFrame:
    """25 respondents in T0 and T1 whose scores move in opposite directions: no random intercept."""
    rng = np.random.default_rng(seed)
    n = 25
    u = rng.normal(0.0, 1.0, n)
    e = rng.normal(0.0, 0.3, (n, 2))
    score = 3.0 + np.column_stack([u, -u]) + np.array([0.0, 0.2]) + e
    rows = [(f"b{i:02d}", f"T{w}", float(score[i, w])) for i in range(n) for w in (0, 1)]
    return pd.DataFrame(rows, columns=["id", "wave", "score"])


def ordinal_data(seed: int = 7) -> pd.DataFrame:
    """150 answers 1..5 from a latent logistic model with x1 (numeric) and g (a/b/c)."""
    rng = np.random.default_rng(seed)
    n = 150
    x1 = np.round(rng.normal(0.0, 1.0, n), 2)
    g = rng.choice(["a", "b", "c"], n)
    latent = (0.8 * x1 + np.where(g == "b", 0.5, 0.0) + np.where(g == "c", -0.7, 0.0)
              + rng.logistic(size=n))
    y = np.digitize(latent, [-1.5, 0.0, 1.2, 2.5]) + 1
    return pd.DataFrame({"y": y, "x1": x1, "g": g})


LIKERT = ["strongly disagree", "disagree", "neutral", "agree", "strongly agree"]
ACTORS = ["administration", "civil society", "business"]


def likert_data(seed: int = 11) -> pd.DataFrame:
    """120 answers on a 5-point ordered categorical, 'neutral' never chosen; hours 6 x NaN."""
    rng = np.random.default_rng(seed)
    n = 120
    hours = np.round(rng.gamma(2.0, 5.0, n), 1)
    actor = rng.choice(ACTORS, n)
    online = rng.random(n) < 0.4
    latent = (0.08 * hours + np.where(actor == "civil society", -0.6, 0.0)
              + np.where(actor == "business", 0.4, 0.0) + 0.5 * online + rng.logistic(size=n))
    code = np.digitize(latent, [-0.5, 0.8, 2.0])
    answer = np.array(["strongly disagree", "disagree", "agree", "strongly agree"])[code]
    hours[rng.choice(n, 6, replace=False)] = np.nan
    return pd.DataFrame({
        "answer": pd.Categorical(answer, categories=LIKERT, ordered=True),
        "hours": hours,
        "actor": pd.Categorical(actor, categories=ACTORS),
        "online": online,
    })


def binary_data(seed: int = 3) -> pd.DataFrame:
    """60 answers 1/2 from a logistic model with one numeric predictor."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(0.0, 1.0, 60), 2)
    y = (0.3 + 1.2 * x + rng.logistic(size=60) > 0).astype(int) + 1
    return pd.DataFrame({"y": y, "x": x})


def fit(value: float) -> object:
    """Tolerance for iterative fits (brief and common rules): absolute 1e-5."""
    return pytest.approx(value, abs=1e-5)


def fit_rel(value: float) -> object:
    """Tolerance for p-values of iterative fits, which can be tiny: relative 1e-4."""
    return pytest.approx(value, rel=1e-4)


def close(value: float) -> object:
    """Tolerance for closed forms and identities: relative 1e-9."""
    return pytest.approx(value, rel=1e-9, abs=1e-12)


def test_generated_data_is_unchanged() -> None:
    a = two_wave_data()
    assert len(a) == 70
    assert a["score"].iloc[0] == pytest.approx(2.5782777660945397, rel=1e-15)
    assert a["score"].iloc[1] == pytest.approx(3.069806787740669, rel=1e-15)
    assert a["score"].iloc[-1] == pytest.approx(3.0347131067166457, rel=1e-15)
    assert (a["id"].iloc[-1], a["wave"].iloc[-1]) == ("r39", "T1")
    b = three_wave_data()
    assert len(b) == 72
    assert b["score"].iloc[0] == pytest.approx(2.9165547246761854, rel=1e-15)
    assert b["score"].iloc[-1] == pytest.approx(4.323770459493569, rel=1e-15)
    assert b["age"].iloc[0] == 67 and b["group"].iloc[0] == "civil"
    assert b.groupby("id").size().value_counts().to_dict() == {3: 16, 2: 10, 1: 4}
    c = boundary_data()
    assert c["score"].iloc[0] == pytest.approx(2.44702516686495, rel=1e-15)
    assert c["score"].iloc[-1] == pytest.approx(3.0590970863997162, rel=1e-15)
    o = ordinal_data()
    assert o["y"].iloc[:10].tolist() == [2, 3, 3, 2, 2, 2, 4, 5, 1, 1]
    assert o["x1"].iloc[:5].tolist() == [0.0, 0.3, -0.27, -0.89, -0.45]
    assert o["y"].value_counts().sort_index().tolist() == [37, 48, 30, 23, 12]
    lk = likert_data()
    assert lk["answer"].iloc[:3].tolist() == ["agree", "strongly agree", "strongly disagree"]
    assert lk["hours"].iloc[:3].tolist() == [8.6, 19.0, 6.6]
    assert np.flatnonzero(lk["hours"].isna()).tolist() == [17, 22, 32, 71, 105, 119]
    bi = binary_data()
    assert bi["y"].iloc[:5].tolist() == [2, 1, 2, 2, 1]
    assert bi["x"].iloc[:3].tolist() == [2.04, -2.56, 0.42]


# --- mixed_change: lme4 references -------------------------------------------------------------

# fixef, se, (VarCorr id, Residual), logLik, Wald p, 95 % CI, lower 90 % limit, icc, d
LME4 = {
    ("two", True): dict(
        # lmer(score ~ wave + (1 | id), a, REML = TRUE)
        terms=["Intercept", "wave[T1]"],
        fixef=[2.7406062199451036, 0.48854743826687969],
        se=[0.14017750302188237, 0.11239625952782639],
        vc=[0.53850176869942001, 0.19798381618329886],
        loglik=-78.547165888858018,
        p=[4.0474801940059364e-85, 1.3823120284802411e-05],
        lo95=[2.4658633625794595, 0.2682548175953231],
        hi95=[3.0153490773107476, 0.70884005893843627],
        lo90=[2.5100347456825594, 0.30367204312675555],
        icc=0.73117760856809355,
        d=[0.56927828090313748],
    ),
    ("two", False): dict(
        # lmer(score ~ wave + (1 | id), a, REML = FALSE)
        terms=["Intercept", "wave[T1]"],
        fixef=[2.7404816903909497, 0.48874797217297022],
        se=[0.13828012146876056, 0.11059406443585709],
        vc=[0.52525477472559867, 0.19163969220423405],
        loglik=-76.132137126904581,
        p=[2.0684193022378357e-87, 9.9022672043649146e-06],
        lo95=[2.4694576325343549, 0.27198758897478831],
        hi95=[3.0115057482475445, 0.70550835537115208],
        lo90=[2.5130311310577689, 0.30683692416634595],
        icc=0.73268074863940735,
        d=[0.57724124442573144],
    ),
    ("three", True): dict(
        # lmer(score ~ wave + (1 | id), b, REML = TRUE), wave levels pre, post, follow-up
        terms=["Intercept", "wave[post]", "wave[follow-up]"],
        fixef=[2.6137622442800752, 0.38785453966152578, 0.69441062433797007],
        se=[0.2136881596450301, 0.20908183286026699, 0.22005157675293049],
        vc=[0.58537939239990333, 0.4868581421226626],
        loglik=-96.985894754627537,
        p=[2.105743554866535e-34, 0.063590940613029709, 0.0016012875942372012],
        lo95=[2.194941147453171, -0.021938322566220636, 0.26311745916097501],
        hi95=[3.0325833411069794, 0.79764740188927219, 1.1257037895149651],
        lo90=[2.2622764998513625, 0.043945528551654234, 0.33245799019952221],
        icc=0.54594189585104813,
        d=[0.3745617073989706, 0.67061127946317156],
    ),
    ("three", False): dict(
        # lmer(score ~ wave + (1 | id), b, REML = FALSE)
        terms=["Intercept", "wave[post]", "wave[follow-up]"],
        fixef=[2.6146129389751191, 0.38730331667116158, 0.69410718832575291],
        se=[0.20941017855364194, 0.20427711374060506, 0.21499868421340401],
        vc=[0.56655484584004812, 0.46456630749405842],
        loglik=-94.64446782182074,
        p=[8.9459821038760527e-36, 0.057963987423645398, 0.0012447376980588756],
        lo95=[2.204176531013879, -0.013072469126216457, 0.27271751054398086],
        hi95=[3.0250493469363593, 0.78767910246853967, 1.1154968661075251],
        lo90=[2.2701638472606058, 0.051297365231749048, 0.34046582280754123],
        icc=0.54945516732743394,
        d=[0.38141376976850572, 0.68355221328383775],
    ),
    ("three_cov", True): dict(
        # lmer(score ~ wave + age + group + (1 | id), b, REML = TRUE); groupcivil = group[civil]
        terms=["Intercept", "wave[post]", "wave[follow-up]", "age", "group[civil]"],
        fixef=[1.9943700916626532, 0.38312497117485134, 0.68693824923463853,
               0.010248498498737164, 0.29256600491559914],
        se=[0.69221291776627203, 0.20889283569486233, 0.21948388338979752,
            0.012549831828433004, 0.35569921341110367],
        vc=[0.62520969702917872, 0.48290989746127738],
        loglik=-100.11346241547278,
        p=[0.0039622549149436522, 0.066642973020562601, 0.0017493189055853002,
           0.41414312439258866, 0.41078694573922386],
        lo95=[0.63765770320737425, -0.026297463415521805, 0.25675774260364648,
              -0.01434871989702597, -0.40459164269939052],
        hi95=[3.351082480117932, 0.79254740576522442, 1.1171187558656306,
              0.034845716894500299, 0.9897236525305888],
        lo90=[0.85578116325213993, 0.03952683273797919, 0.32591938758353622,
              -0.010394137901891878, -0.29250713636744019],
        icc=0.56420778058406895,
        d=[0.36395454067080191, 0.65256590872354203],
    ),
    ("three_cov", False): dict(
        # lmer(score ~ wave + age + group + (1 | id), b, REML = FALSE)
        terms=["Intercept", "wave[post]", "wave[follow-up]", "age", "group[civil]"],
        fixef=[1.9912105918748679, 0.38693091528168477, 0.68872142251793489,
               0.010257557910585472, 0.28740611943936006],
        se=[0.65448175834498568, 0.20414985864124691, 0.21445530598550966,
            0.011848194638381966, 0.33596856500507749],
        vc=[0.54442703332005282, 0.46226750044140036],
        loglik=-94.086490638365518,
        p=[0.0023468156795054497, 0.058048979033107219, 0.0013204781212493705,
           0.38662804240165044, 0.3922990912536431],
        lo95=[0.70844991698024939, -0.013195455104102194, 0.26839674649281897,
              -0.012964476862463745, -0.37108016790819559],
        hi95=[3.2739712667694865, 0.7870572856674718, 1.1090460985430508,
              0.033479592683634693, 0.94589240678691566],
        lo90=[0.91468389788754179, 0.051134279853999598, 0.33597383464868169,
              -0.0092309880131840848, -0.2652129932509229],
        icc=0.54080658537583803,
        d=[0.3856422210514443, 0.68642759876700576],
    ),
}

DATA = {
    "two": (two_wave_data, ()),
    "three": (three_wave_data, ()),
    "three_cov": (three_wave_data, ("age", "group")),
}


def run_mixed(name: str, reml: bool, level: float = 0.95) -> MixedResult:
    make, covariates = DATA[name]
    return mixed_change(make(), score="score", wave="wave", respondent="id", reml=reml,
                        level=level, covariates=covariates)


@pytest.mark.parametrize(("name", "reml"), sorted(LME4))
def test_mixed_change_matches_lme4(name: str, reml: bool) -> None:
    ref = LME4[(name, reml)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a regular fit emits no warning at all
        res = run_mixed(name, reml)
    assert list(res.fixef.index) == ref["terms"]
    for field, key in (("fixef", "fixef"), ("se", "se"), ("ci_low", "lo95"), ("ci_high", "hi95")):
        assert getattr(res, field).tolist() == [fit(v) for v in ref[key]], field
    assert res.pvalue.tolist() == [fit_rel(v) for v in ref["p"]]
    assert res.z.tolist() == [fit(b / s) for b, s in zip(ref["fixef"], ref["se"])]
    assert (res.var_intercept, res.var_residual) == (fit(ref["vc"][0]), fit(ref["vc"][1]))
    assert res.loglik == fit(ref["loglik"])
    assert res.icc == fit(ref["icc"])
    assert list(res.effect_size.index) == ref["terms"][1:len(ref["d"]) + 1]
    assert res.effect_size.tolist() == [fit(v) for v in ref["d"]]
    assert (res.reml, res.converged, res.boundary, res.optimizer) == (reml, True, False, "bfgs")
    assert res.fit_warnings == ()
    res90 = run_mixed(name, reml, level=0.90)
    assert res90.ci_low.tolist() == [fit(v) for v in ref["lo90"]]
    assert res90.level == 0.90


def test_mixed_change_counts() -> None:
    res = run_mixed("two", True)
    assert (res.n_obs, res.n_respondents, res.n_paired, res.n_single, res.n_dropped) == (
        70, 40, 30, 10, 0)
    assert res.waves == ("T0", "T1")
    res3 = run_mixed("three", True)
    assert (res3.n_obs, res3.n_respondents, res3.n_paired, res3.n_single) == (72, 30, 26, 4)
    assert res3.waves == ("pre", "post", "follow-up")


def test_mixed_change_uses_respondents_seen_once() -> None:
    # The 10 single-wave respondents enter the fit: without them the estimate changes.
    full = run_mixed("two", True)
    paired_only = two_wave_data().query("id < 'r30'")
    res = mixed_change(paired_only, score="score", wave="wave", respondent="id")
    assert (res.n_obs, res.n_single) == (60, 0)
    assert abs(res.fixef["wave[T1]"] - full.fixef["wave[T1]"]) > 1e-3
    # With complete pairs only, the REML wave effect is the mean paired difference and its SE
    # the paired-t SE (balanced random-intercept model, var_intercept > 0).
    wide = paired_only.pivot(index="id", columns="wave", values="score")
    diff = wide["T1"] - wide["T0"]
    assert res.fixef["wave[T1]"] == close(diff.mean())
    assert res.se["wave[T1]"] == pytest.approx(diff.std(ddof=1) / np.sqrt(30), rel=1e-6)


def test_wave_order_sorted_when_not_categorical() -> None:
    # Plain strings are sorted: follow-up < post < pre, so "follow-up" is the reference.
    # The model is the same; the R numbers of LME4[("three", True)] re-expressed:
    # Intercept = b0 + b_followup, post - followup, pre - followup.
    data = three_wave_data()
    data["wave"] = data["wave"].astype(str)
    res = mixed_change(data, score="score", wave="wave", respondent="id")
    b0, b_post, b_fu = LME4[("three", True)]["fixef"]
    assert res.waves == ("follow-up", "post", "pre")
    assert list(res.fixef.index) == ["Intercept", "wave[post]", "wave[pre]"]
    assert res.fixef.tolist() == [fit(b0 + b_fu), fit(b_post - b_fu), fit(-b_fu)]
    # se of pre - follow-up is the se of follow-up - pre in R
    assert res.se["wave[pre]"] == fit(LME4[("three", True)]["se"][2])
    assert res.loglik == fit(LME4[("three", True)]["loglik"])


def test_numeric_waves_are_sorted() -> None:
    data = two_wave_data()
    data["wave"] = data["wave"].map({"T0": 2020, "T1": 2023})
    res = mixed_change(data, score="score", wave="wave", respondent="id")
    assert list(res.fixef.index) == ["Intercept", "wave[2023]"]
    assert res.fixef.tolist() == [fit(v) for v in LME4[("two", True)]["fixef"]]


def test_se_follows_lme4_not_statsmodels_bse_fe() -> None:
    # statsmodels' own bse_fe (inverse of the full observed information, default BFGS fit)
    # differs from lme4's sqrt(diag(vcov)); kosieval reports lme4's.
    data = two_wave_data()
    x = np.column_stack([np.ones(len(data)), (data["wave"] == "T1").to_numpy(float)])
    sm_fit = MixedLM(data["score"].to_numpy(), x, groups=data["id"].to_numpy()).fit(reml=True)
    res = run_mixed("two", True)
    ref_se = LME4[("two", True)]["se"]
    assert res.se.tolist() == [fit(v) for v in ref_se]
    assert np.asarray(sm_fit.bse_fe)[1] == pytest.approx(0.11296347, abs=1e-6)
    assert abs(np.asarray(sm_fit.bse_fe)[1] - ref_se[1]) > 5e-4
    # the point estimates agree
    assert np.asarray(sm_fit.fe_params).tolist() == [fit(v) for v in LME4[("two", True)]["fixef"]]


def test_mixed_to_frame_and_frozen() -> None:
    res = run_mixed("three", True)
    frame = res.to_frame()
    assert list(frame.columns) == ["term", "estimate", "se", "z", "pvalue", "ci_low", "ci_high",
                                   "effect_size"]
    assert frame["term"].tolist() == ["Intercept", "wave[post]", "wave[follow-up]"]
    assert frame["estimate"].tolist() == res.fixef.tolist()
    assert np.isnan(frame.loc[0, "effect_size"])
    assert frame.loc[2, "effect_size"] == res.effect_size["wave[follow-up]"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.icc = 0.0  # type: ignore[misc]
    for words in ("random intercept per respondent", "REML", "reference wave 'pre'",
                  "72 scores of 30 respondents (26 in 2 or more waves, 4 in one wave only",
                  "lme4 vcov", "Satterthwaite", "no p-values",
                  "d = fixef / sqrt(var_intercept + var_residual)"):
        assert words in res.method, words
    assert "ML fit" in run_mixed("two", False).method


# --- mixed_change: boundary, identification, convergence --------------------------------------

# lmer(score ~ wave + (1 | id), bd, REML = TRUE / FALSE): "boundary (singular) fit",
# VarCorr id = 0, isSingular TRUE
BOUNDARY = {
    True: dict(fixef=[2.7507552715242736, 0.62631686654098073],
               se=[0.19468369245495579, 0.27532431824267106],
               vc=[0.0, 0.9475435026973954], loglik=-70.034747100073957,
               d=[0.6434199584393977]),
    False: dict(fixef=[2.7507552715242736, 0.62631686654098073],
                se=[0.19075028310222761, 0.26976163738967773],
                vc=[0.0, 0.90964176258949958], loglik=-68.579316048666286,
                d=[0.65668774520803475]),
}


@pytest.mark.parametrize("reml", [True, False])
def test_boundary_fit_warns_and_matches_lme4(reml: bool) -> None:
    ref = BOUNDARY[reml]
    with pytest.warns(RuntimeWarning, match=r"variance of the random intercept is estimated "
                      r"as 0 .*boundary \(singular\) fit.*converged is False") as record:
        res = mixed_change(boundary_data(), score="score", wave="wave", respondent="id",
                           reml=reml)
    assert "statsmodels reported" in str(record[0].message)
    assert (res.boundary, res.converged) == (True, False)
    assert res.fixef.tolist() == [fit(v) for v in ref["fixef"]]
    assert res.se.tolist() == [fit(v) for v in ref["se"]]
    assert (res.var_intercept, res.var_residual) == (fit(ref["vc"][0]), fit(ref["vc"][1]))
    assert res.icc == fit(0.0)
    assert res.loglik == fit(ref["loglik"])
    assert res.effect_size.tolist() == [fit(v) for v in ref["d"]]
    assert any("boundary of the parameter space" in m for m in res.fit_warnings)


# R: a$id[a$wave == "T1"] <- paste0(a$id[a$wave == "T1"], "b"); l <- lm(score ~ wave, a)
#    coef(l); sqrt(diag(vcov(l))); sigma(l)^2
OLS_COEF = [2.7973118485383739, 0.40121109148689538]
OLS_SE = [0.14380934518384789, 0.20337712635499158]
OLS_SIGMA2 = 0.72383947167724805


def no_pairs() -> pd.DataFrame:
    data = two_wave_data()
    data.loc[data["wave"] == "T1", "id"] = data.loc[data["wave"] == "T1", "id"] + "b"
    return data


def test_no_repeated_respondent_warns_and_equals_ols() -> None:
    with pytest.warns(RuntimeWarning, match=r"only 0 respondent\(s\) have scores in more than "
                      r"one wave, so the random intercept is not identified.*ordinary least "
                      r"squares"):
        res = mixed_change(no_pairs(), score="score", wave="wave", respondent="id")
    assert (res.n_paired, res.n_single, res.n_respondents, res.converged) == (0, 70, 70, False)
    assert np.isnan(res.var_intercept) and np.isnan(res.var_residual) and np.isnan(res.icc)
    assert res.fixef.tolist() == [fit(v) for v in OLS_COEF]
    assert res.se.tolist() == [fit(v) for v in OLS_SE]
    # d uses the identified total variance = the OLS residual variance under REML
    assert res.effect_size.iloc[0] == fit(OLS_COEF[1] / np.sqrt(OLS_SIGMA2))
    with pytest.warns(RuntimeWarning, match="only 0 respondent"):
        ml = mixed_change(no_pairs(), score="score", wave="wave", respondent="id", reml=False)
    # ML: the residual variance is RSS / n instead of RSS / (n - 2)
    assert ml.se.tolist() == [fit(v * np.sqrt(68 / 70)) for v in OLS_SE]


def test_one_repeated_respondent_warns() -> None:
    data = no_pairs()
    data.loc[data["id"] == "r00b", "id"] = "r00"
    with pytest.warns(RuntimeWarning, match=r"only 1 respondent\(s\).*depend on one "
                      r"respondent's scores and are not trustworthy"):
        res = mixed_change(data, score="score", wave="wave", respondent="id")
    assert (res.n_paired, res.n_single, res.converged) == (1, 68, False)
    assert np.isnan(res.var_intercept) and np.isnan(res.icc)


def _no_start(*args: object, **kwargs: object) -> float:
    raise ValueError("no start")


@pytest.mark.parametrize("reml", [True, False])
def test_start_ratio_is_lme4s_variance_ratio(reml: bool) -> None:
    # The profiled-likelihood start equals lme4's optimum: vc[0] / vc[1] of the R fit.
    ref = LME4[("three", reml)]
    data = three_wave_data()
    x = np.column_stack([np.ones(len(data))] + [(data["wave"] == w).to_numpy(float) for w in WAVES3[1:]])
    groups, _ = pd.factorize(data["id"])
    ratio = mixed._start_ratio(data["score"].to_numpy(float), x, groups, reml=reml)
    assert ratio == pytest.approx(ref["vc"][0] / ref["vc"][1], rel=1e-6)


def test_fit_without_the_start_still_matches_lme4(monkeypatch: pytest.MonkeyPatch) -> None:
    # When the start cannot be computed, statsmodels starts on its own and BFGS (then Powell,
    # near the boundary) still reaches lme4's optimum.
    monkeypatch.setattr(mixed, "_start_ratio", _no_start)
    res = run_mixed("three", True)
    ref = LME4[("three", True)]
    assert res.fixef.tolist() == [fit(v) for v in ref["fixef"]]
    assert (res.var_intercept, res.var_residual) == (fit(ref["vc"][0]), fit(ref["vc"][1]))


def test_mixed_non_convergence_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    # One BFGS iteration from statsmodels' own start cannot converge: the statsmodels
    # messages are quoted, not swallowed.
    monkeypatch.setattr(mixed, "_MIXED_OPTIMIZERS", (("bfgs", {"maxiter": 1}),))
    monkeypatch.setattr(mixed, "_start_ratio", _no_start)
    with pytest.warns(RuntimeWarning, match=r"did not converge \(bfgs did not converge\).*"
                      r"statsmodels reported: bfgs: ConvergenceWarning: Maximum Likelihood "
                      r"optimization failed to converge"):
        res = run_mixed("two", True)
    assert (res.converged, res.optimizer) == (False, "bfgs")
    assert "bfgs did not converge" in res.method
    assert any("Gradient optimization failed" in m for m in res.fit_warnings)


def test_fallback_optimizer_after_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    # Powell stopped after one iteration, then BFGS: the BFGS fit is reported and matches R.
    monkeypatch.setattr(mixed, "_MIXED_OPTIMIZERS",
                        (("powell", {"maxiter": 1}), ("bfgs", {"gtol": 1e-7, "maxiter": 1000})))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = run_mixed("two", True)
    assert (res.converged, res.optimizer) == (True, "bfgs")
    assert "powell did not converge" in res.method
    assert res.fixef.tolist() == [fit(v) for v in LME4[("two", True)]["fixef"]]
    assert any(m.startswith("powell: ConvergenceWarning") for m in res.fit_warnings)


def test_statsmodels_failing_outright(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: MixedLM, **kwargs: object) -> None:
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setattr(MixedLM, "fit", broken)
    with pytest.raises(ValueError, match=r"data: statsmodels MixedLM could not fit the model.*"
                       r"bfgs: LinAlgError: Singular matrix.*powell: LinAlgError"):
        run_mixed("two", True)


def test_statsmodels_messages_on_a_regular_fit_are_passed_on() -> None:
    # Scores in hundredths: statsmodels flags any random-intercept variance below 0.01 as
    # "may be on the boundary". kosieval passes the message on, explains it, and the fit is
    # the R fit scaled: fixef / 100, variances / 100^2.
    data = two_wave_data()
    data["score"] = data["score"] / 100
    with pytest.warns(RuntimeWarning, match=r"statsmodels reported while fitting: bfgs: "
                      r"ConvergenceWarning: The MLE may be on the boundary.*own checks passed"):
        res = mixed_change(data, score="score", wave="wave", respondent="id")
    ref = LME4[("two", True)]
    assert (res.converged, res.boundary) == (True, False)
    assert res.fixef.tolist() == [pytest.approx(v / 100, abs=1e-7) for v in ref["fixef"]]
    assert res.var_intercept == pytest.approx(ref["vc"][0] / 1e4, abs=1e-9)
    assert res.icc == fit(ref["icc"])


# --- mixed_change: data handling and arguments -------------------------------------------------


def test_missing_values_are_dropped_and_counted() -> None:
    data = two_wave_data()
    extra = pd.DataFrame({"id": ["x1", "x2", None, "x4"], "wave": ["T0", None, "T1", "T1"],
                          "score": [NAN, 3.0, 3.0, NAN]})
    res = mixed_change(pd.concat([data, extra], ignore_index=True), score="score", wave="wave",
                       respondent="id")
    assert (res.n_dropped, res.n_obs, res.n_respondents) == (4, 70, 40)
    assert res.fixef.tolist() == [fit(v) for v in LME4[("two", True)]["fixef"]]
    assert "4 rows dropped for missing values" in res.method
    nullable = data.astype({"score": "Float64"})
    nullable.loc[0, "score"] = pd.NA
    assert mixed_change(nullable, score="score", wave="wave", respondent="id").n_dropped == 1


def test_missing_covariate_drops_row() -> None:
    data = three_wave_data()
    data["age"] = data["age"].astype(float)
    data.loc[0, "age"] = NAN
    res = mixed_change(data, score="score", wave="wave", respondent="id", covariates=["age"])
    assert (res.n_dropped, res.n_obs) == (1, 71)


def test_unused_wave_category_warns() -> None:
    data = two_wave_data()
    data["wave"] = pd.Categorical(data["wave"], categories=["T0", "T1", "T2"], ordered=True)
    with pytest.warns(RuntimeWarning, match=r"wave categories without any score are left out: "
                      r"\['T2'\]"):
        res = mixed_change(data, score="score", wave="wave", respondent="id")
    assert res.waves == ("T0", "T1")
    assert res.fixef.tolist() == [fit(v) for v in LME4[("two", True)]["fixef"]]


def test_one_wave_only() -> None:
    data = two_wave_data()
    with pytest.raises(ValueError, match=r"wave: need scores in at least 2 waves.*got 1"):
        mixed_change(data[data["wave"] == "T0"], score="score", wave="wave", respondent="id")
    data.loc[data["wave"] == "T1", "score"] = NAN
    with pytest.raises(ValueError, match=r"wave: need scores in at least 2 waves.*after "
                       r"dropping 35 rows"):
        mixed_change(data, score="score", wave="wave", respondent="id")


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"score": "points"}, r"score: 'points' is not a column of data"),
        ({"wave": "welle"}, r"wave: 'welle' is not a column of data"),
        ({"respondent": "pid"}, r"respondent: 'pid' is not a column of data"),
        ({"covariates": ["age"]}, r"covariates: 'age' is not a column of data"),
        ({"respondent": ["id"]}, r"respondent: \['id'\] is not a column of data"),
        ({"wave": "score"}, r"score/wave/respondent: must be three different columns"),
        ({"covariates": ["wave"]}, r"covariates: 'wave' is already"),
        ({"covariates": 3}, r"covariates: must be a list of column names"),
        ({"level": 95}, r"level: must be a number strictly between 0 and 1"),
        ({"reml": "yes"}, r"reml: must be True or False"),
    ],
)
def test_bad_arguments(options: dict, pattern: str) -> None:
    kwargs = dict(score="score", wave="wave", respondent="id") | options
    with pytest.raises(ValueError, match=pattern):
        mixed_change(two_wave_data(), **kwargs)


def test_bad_data() -> None:
    with pytest.raises(ValueError, match="data: must be a pandas DataFrame"):
        mixed_change([[1, 2]], score="score", wave="wave", respondent="id")  # type: ignore[arg-type]
    text = two_wave_data().astype({"score": str})
    with pytest.raises(ValueError, match="score: must be numeric"):
        mixed_change(text, score="score", wave="wave", respondent="id")
    flags = two_wave_data()
    flags["score"] = flags["score"] > 3
    with pytest.raises(ValueError, match="score: must be numeric, got dtype bool"):
        mixed_change(flags, score="score", wave="wave", respondent="id")
    inf = two_wave_data()
    inf.loc[3, "score"] = np.inf
    with pytest.raises(ValueError, match="score: contains infinite values"):
        mixed_change(inf, score="score", wave="wave", respondent="id")
    dup = two_wave_data()
    dup.loc[1, "wave"] = "T0"
    with pytest.raises(ValueError, match=r"respondent: 'r00' has more than one row in wave 'T0'"):
        mixed_change(dup, score="score", wave="wave", respondent="id")
    mixed = two_wave_data().astype({"wave": object})
    mixed.loc[0, "wave"] = 0
    with pytest.raises(ValueError, match=r"wave \(column 'wave'\): labels of mixed types cannot be sorted"):
        mixed_change(mixed, score="score", wave="wave", respondent="id")


def test_bad_covariates() -> None:
    data = three_wave_data()
    data["const"] = 1.0
    with pytest.raises(ValueError, match=r"covariates: column 'const' is constant"):
        mixed_change(data, score="score", wave="wave", respondent="id", covariates=["const"])
    data["age2"] = 2 * data["age"] + 1
    with pytest.raises(ValueError, match=r"covariates: the columns are linearly dependent"):
        mixed_change(data, score="score", wave="wave", respondent="id",
                     covariates=["age", "age2"])
    data["one_group"] = "admin"
    with pytest.raises(ValueError, match=r"covariates: column 'one_group' has only one value"):
        mixed_change(data, score="score", wave="wave", respondent="id", covariates=["one_group"])
    with pytest.raises(ValueError, match=r"covariates: a column is named twice"):
        mixed_change(data, score="score", wave="wave", respondent="id",
                     covariates=["age", "age"])


def test_single_covariate_as_string() -> None:
    res = mixed_change(three_wave_data(), score="score", wave="wave", respondent="id",
                       covariates="age")
    assert list(res.fixef.index)[-1] == "age"


def test_too_few_scores() -> None:
    data = pd.DataFrame({"id": ["a", "a", "b"], "wave": ["T0", "T1", "T0"], "score": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match=r"score: 3 scores are too few for 2 fixed effects"):
        mixed_change(data, score="score", wave="wave", respondent="id")


# --- mixed_change: simulation -------------------------------------------------------------------


def test_simulation_recovers_wave_effect() -> None:
    # 1000 respondents, sigma_u^2 = 0.64, sigma_e^2 = 0.25, wave effect 0.5, 25 % seen once.
    rng = np.random.default_rng(4242)
    n = 1000
    u = rng.normal(0.0, 0.8, n)
    score = 3.0 + u[:, None] + np.array([0.0, 0.5]) + rng.normal(0.0, 0.5, (n, 2))
    keep = np.ones((n, 2), dtype=bool)
    keep[750:875, 1] = False
    keep[875:, 0] = False
    ids, waves = np.nonzero(keep)
    data = pd.DataFrame({"id": ids, "wave": waves, "score": score[keep]})
    res = mixed_change(data, score="score", wave="wave", respondent="id")
    assert (res.n_paired, res.n_single) == (750, 250)
    assert res.ci_low["wave[1]"] < 0.5 < res.ci_high["wave[1]"]
    # SE of the effect about 0.5 * sqrt(2 / 750) = 0.026
    assert res.fixef["wave[1]"] == pytest.approx(0.5, abs=0.08)
    assert res.se["wave[1]"] == pytest.approx(0.5 * np.sqrt(2 / 750), rel=0.15)
    assert res.var_intercept == pytest.approx(0.64, abs=0.1)
    assert res.var_residual == pytest.approx(0.25, abs=0.04)
    assert res.effect_size["wave[1]"] == pytest.approx(0.5 / np.sqrt(0.89), abs=0.1)


# --- ordinal_regression: R references ----------------------------------------------------------

CLM = {
    "logit": dict(
        # clm(factor(y, ordered = TRUE) ~ x1 + g, data = o, link = "logit")
        beta=[0.82556608858934621, 0.29798503041040914, -0.86765145393952381],
        alpha=[-1.6669477664820838, -0.056642573232773191, 1.007383517887084,
               2.3749158953988494],
        se_beta=[0.18174456852323378, 0.38589238699938044, 0.34723871524104954],
        se_alpha=[0.29228432003549848, 0.25447816517201571, 0.26570049834522041,
                  0.35414919444087489],
        loglik=-211.9525110934552, aic=437.9050221869104,
        fitted=[0.38214838442507348, 0.19858358989524233, 0.15302902167218119,
                0.34043091556044325, 0.36313866797476596],
    ),
    "probit": dict(
        # clm(factor(y, ordered = TRUE) ~ x1 + g, data = o, link = "probit")
        beta=[0.4822731862776764, 0.2254440916904687, -0.5464907116578559],
        alpha=[-0.98739637979383277, -0.018266417979418359, 0.62403547651754032,
               1.3890914208358631],
        se_beta=[0.10450408351587993, 0.2187816201247442, 0.20793749750304308],
        se_alpha=[0.16986485141292237, 0.15490407149484411, 0.15921840977696919,
                  0.19226337015024522],
        loglik=-211.38466127623417, aic=436.76932255246834,
        fitted=[0.37168752008436168, 0.19817633595852402, 0.15845460318621746,
                0.33548981572454273, 0.35823419354759511],
    ),
}
POLR = {
    # polr(factor(y, ordered = TRUE) ~ x1 + g, data = o, Hess = TRUE); se: beta then zeta
    "logit": dict(
        beta=[0.82556610779264061, 0.29798473518449631, -0.86765212545696091],
        zeta=[-1.6669464927348552, -0.056641837859556121, 1.0073849153799155, 2.3749152768429633],
        se=[0.18174456240933343, 0.3858923669062107, 0.34723872801070166, 0.29228420772533376,
            0.25447814929227186, 0.26570050002390455, 0.35414906386352624],
        loglik=-211.95251109353021,
    ),
    # ..., method = "probit"
    "probit": dict(
        beta=[0.48227648899418069, 0.22544685765833811, -0.5464874425870252],
        zeta=[-0.98739352958991877, -0.018258916833015282, 0.62404536698811131,
              1.3891044810978699],
        se=[0.10450411755048708, 0.21878165876013678, 0.20793754650619922, 0.16986474596446,
            0.15490402868611525, 0.15921837596658495, 0.19226337433120436],
        loglik=-211.38466128029791,
    ),
}


def se_fit(value: float) -> object:
    """SEs from statsmodels' numerical Hessian vs clm's analytic one: seen <= 2e-7; 1e-6."""
    return pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_ordinal_matches_clm(link: str) -> None:
    ref = CLM[link]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"], link=link)
    assert list(res.coef.index) == ["x1", "g[b]", "g[c]"]
    assert list(res.thresholds.index) == ["1|2", "2|3", "3|4", "4|5"]
    assert res.coef.tolist() == [fit(v) for v in ref["beta"]]
    assert res.thresholds.tolist() == [fit(v) for v in ref["alpha"]]
    assert res.se.tolist() == [se_fit(v) for v in ref["se_beta"]]
    assert res.threshold_se.tolist() == [se_fit(v) for v in ref["se_alpha"]]
    assert res.loglik == fit(ref["loglik"])
    assert res.aic == fit(ref["aic"])
    assert (res.n, res.n_dropped, res.n_categories, res.categories) == (150, 0, 5, (1, 2, 3, 4, 5))
    assert (res.converged, res.separation, res.link, res.fit_warnings) == (True, False, link, ())


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_sign_convention_fitted_probabilities_match_clm(link: str) -> None:
    # P(Y = k | x) = F(theta_k - x'b) - F(theta_{k-1} - x'b) from kosieval's numbers equals
    # R's fitted(clm)[1:5] (probability of the observed answer): same sign convention.
    res = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"], link=link)
    cdf = stats.logistic.cdf if link == "logit" else stats.norm.cdf
    data = ordinal_data().iloc[:5]
    eta = (res.coef["x1"] * data["x1"] + res.coef["g[b]"] * (data["g"] == "b")
           + res.coef["g[c]"] * (data["g"] == "c")).to_numpy()
    cuts = np.r_[-np.inf, res.thresholds.to_numpy(), np.inf]
    k = data["y"].to_numpy()
    prob = cdf(cuts[k] - eta) - cdf(cuts[k - 1] - eta)
    assert prob.tolist() == [fit(v) for v in CLM[link]["fitted"]]


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_ordinal_matches_polr(link: str) -> None:
    # polr's optim stops earlier than clm's Newton: logit estimates agree with kosieval to
    # 2e-6, probit ones only to 1.3e-5 (the zeta of 4|5), hence 1e-4 there.
    ref = POLR[link]
    tol = 1e-5 if link == "logit" else 1e-4
    res = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"], link=link)
    assert res.coef.tolist() == [pytest.approx(v, abs=tol) for v in ref["beta"]]
    assert res.thresholds.tolist() == [pytest.approx(v, abs=tol) for v in ref["zeta"]]
    se = res.se.tolist() + res.threshold_se.tolist()
    assert se == [pytest.approx(v, abs=1e-5) for v in ref["se"]]
    assert res.loglik == fit(ref["loglik"])


def test_wald_tests_intervals_and_odds_ratios() -> None:
    res = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"])
    # summary(m)$coefficients[names(m$beta), 4]
    assert res.pvalue.tolist() == [fit_rel(5.5603500416914064e-06), fit_rel(0.43999762482067184),
                                   fit_rel(0.012464362935438072)]
    assert res.z.tolist() == [fit(4.542452604209781), fit(0.772197225054060),
                              fit(-2.498717498528956)]
    # confint.default(m)[names(m$beta), ]
    assert res.ci_low.tolist() == [fit(0.469353279898036), fit(-0.458350150016569),
                                   fit(-1.548226829849940)]
    assert res.ci_high.tolist() == [fit(1.181778897280656), fit(1.054320210837387),
                                    fit(-0.187076078029107)]
    # exp(confint.default(m)), exp(m$beta)
    assert res.or_ci_low.tolist() == [fit(1.5989597793337607), fit(0.63232602847031572),
                                      fit(0.212624659463511)]
    assert res.or_ci_high.tolist() == [fit(3.2601685525578574), fit(2.8700234797550555),
                                       fit(0.82938063634097825)]
    assert res.odds_ratio.tolist() == [fit(np.exp(v)) for v in CLM["logit"]["beta"]]
    # confint.default(m, level = 0.9)[names(m$beta), 1]
    res90 = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"], level=0.9)
    assert res90.ci_low.tolist() == [fit(0.52662287587517476), fit(-0.33675146195848304),
                                     fit(-1.4388083141217338)]


def test_ordinal_to_frame_and_frozen() -> None:
    res = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"])
    assert isinstance(res, OrdinalResult)
    frame = res.to_frame()
    assert frame["term"].tolist() == ["x1", "g[b]", "g[c]", "1|2", "2|3", "3|4", "4|5"]
    assert frame["kind"].tolist() == ["coefficient"] * 3 + ["threshold"] * 4
    assert frame["estimate"].tolist() == res.coef.tolist() + res.thresholds.tolist()
    # confint.default(m)["1|2", ] and the z value of 1|2 in summary(m)
    assert frame.loc[3, "ci_low"] == fit(-2.239814506997440)
    assert frame.loc[3, "ci_high"] == fit(-1.094081025966728)
    assert frame.loc[3, "z"] == fit(-5.703172056166509)
    assert frame.loc[3:, "pvalue"].isna().all() and frame.loc[3:, "odds_ratio"].isna().all()
    assert frame.loc[0, "odds_ratio"] == res.odds_ratio["x1"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.aic = 0.0  # type: ignore[misc]
    for words in ("proportional-odds cumulative logit model", "logit P(Y <= j) = theta_j - x'beta",
                  "150 cases, 5 categories, 0 rows dropped", "delta-method", "odds ratios"):
        assert words in res.method, words
    probit = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"], link="probit")
    assert probit.odds_ratio is None and probit.or_ci_low is None and probit.or_ci_high is None
    assert probit.to_frame()["odds_ratio"].isna().all()
    assert "odds ratios" not in probit.method


# clm(answer ~ hours + actor + online, data = droplevels(na.omit(l)))  (114 rows)
LIKERT_CLM = dict(
    beta=[0.090343316070809185, -0.38858839217255631, 0.49174220665781548, 0.32310475345922435],
    alpha=[-0.54892134529504233, 0.77100515914490486, 2.0108328225878829],
    se_beta=[0.028396313330799398, 0.40331912213099907, 0.43087641865595788, 0.3476955608317715],
    se_alpha=[0.45239890102158936, 0.44309064753871791, 0.48178061207544359],
    loglik=-148.15895700641758, aic=310.31791401283516,
)


def test_ordered_categorical_with_unused_category_and_missing_values() -> None:
    with pytest.warns(RuntimeWarning, match=r"outcome categories without any answer are left "
                      r"out: \['neutral'\]; thresholds are estimated between the 4 categories"):
        res = ordinal_regression(likert_data(), outcome="answer",
                                 predictors=["hours", "actor", "online"])
    assert list(res.coef.index) == ["hours", "actor[civil society]", "actor[business]",
                                    "online[True]"]
    assert list(res.thresholds.index) == ["strongly disagree|disagree", "disagree|agree",
                                          "agree|strongly agree"]
    assert res.categories == ("strongly disagree", "disagree", "agree", "strongly agree")
    assert (res.n, res.n_dropped, res.n_categories) == (114, 6, 4)
    assert res.coef.tolist() == [fit(v) for v in LIKERT_CLM["beta"]]
    assert res.thresholds.tolist() == [fit(v) for v in LIKERT_CLM["alpha"]]
    assert res.se.tolist() == [se_fit(v) for v in LIKERT_CLM["se_beta"]]
    assert res.threshold_se.tolist() == [se_fit(v) for v in LIKERT_CLM["se_alpha"]]
    assert (res.loglik, res.aic) == (fit(LIKERT_CLM["loglik"]), fit(LIKERT_CLM["aic"]))
    assert "6 rows dropped for missing values" in res.method


def test_gap_in_numeric_codes_warns_and_changes_nothing() -> None:
    data = ordinal_data()
    data["y"] = np.where(data["y"] >= 3, data["y"] + 1, data["y"])  # codes 1, 2, 4, 5, 6
    with pytest.warns(RuntimeWarning, match=r"outcome codes between the codes used have no "
                      r"answer and are left out: \[3\]"):
        res = ordinal_regression(data, outcome="y", predictors=["x1", "g"])
    assert list(res.thresholds.index) == ["1|2", "2|4", "4|5", "5|6"]
    assert res.thresholds.tolist() == [fit(v) for v in CLM["logit"]["alpha"]]
    assert res.coef.tolist() == [fit(v) for v in CLM["logit"]["beta"]]


def test_binary_outcome_is_a_logit_model() -> None:
    # clm(factor(y, ordered = TRUE) ~ x, data = bi): beta, alpha, se, logLik, AIC
    # glm(I(y == 2) ~ x, bi, family = binomial): coef 0.65107058441214372, 3.0158827042105307
    res = ordinal_regression(binary_data(), outcome="y", predictors=["x"])
    assert res.coef["x"] == fit(3.0158826871730073)
    assert res.thresholds["1|2"] == fit(-0.65107058022512077)
    assert res.se["x"] == se_fit(0.83396385243355053)
    assert res.threshold_se["1|2"] == se_fit(0.38677033551747891)
    assert (res.loglik, res.aic) == (fit(-23.005520660362873), fit(50.011041320725745))
    assert res.coef["x"] == fit(3.0158827042105307)  # glm slope
    assert -res.thresholds["1|2"] == fit(0.65107058441214372)  # glm intercept = -threshold
    assert res.n_categories == 2
    assert "binary logit model (2 categories" in res.method


def test_string_and_bool_predictors() -> None:
    data = likert_data()
    data["actor"] = data["actor"].astype(str)  # sorted: administration, business, civil society
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the unused 'neutral'
        res = ordinal_regression(data, outcome="answer", predictors=["hours", "actor", "online"])
    assert list(res.coef.index) == ["hours", "actor[business]", "actor[civil society]",
                                    "online[True]"]
    assert res.coef["actor[business]"] == fit(LIKERT_CLM["beta"][2])
    assert res.coef["actor[civil society]"] == fit(LIKERT_CLM["beta"][1])


# --- ordinal_regression: separation, edge cases, arguments -------------------------------------


def test_complete_separation() -> None:
    data = pd.DataFrame({"y": np.repeat([1, 2, 3], 4), "x": np.arange(12.0)})
    with pytest.warns(RuntimeWarning, match=r"the data are separated: some combination of the "
                      r"predictors \(x\) sorts the answers.*converged is False"):
        res = ordinal_regression(data, outcome="y", predictors=["x"])
    assert (res.separation, res.converged) == (True, False)
    assert res.coef["x"] > 10  # diverging (R clm: 38.22 with "Hessian is numerically singular")
    assert "data separated" in res.method


def test_quasi_complete_separation_names_the_predictor() -> None:
    # x2 = 1 only in category 3 or the top of category 2: category 1 never has x2 = 1 and
    # category 3 always has; the coefficient of x2 is +infinite.
    data = pd.DataFrame({
        "y": [1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3],
        "x2": [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
        "x3": [0.35, -0.82, 0.33, 1.1, -0.41, 0.9, -1.4, 0.2, -0.5, 0.7, -0.2, 0.05],
    })
    with pytest.warns(RuntimeWarning, match=r"separated: some combination of the predictors "
                      r"\(x2\)"):
        res = ordinal_regression(data, outcome="y", predictors=["x2", "x3"])
    assert (res.separation, res.converged) == (True, False)


def test_overlapping_data_are_not_separated() -> None:
    data = pd.DataFrame({"y": [1, 1, 2, 1, 2, 2, 3, 2, 3, 3], "x": np.arange(1.0, 11.0)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = ordinal_regression(data, outcome="y", predictors=["x"])
    assert (res.separation, res.converged) == (False, True)


def test_ordinal_non_convergence_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    original = OrderedModel.fit

    def one_step(self: OrderedModel, **kwargs: object) -> object:
        kwargs["maxiter"] = 1
        return original(self, **kwargs)

    monkeypatch.setattr(OrderedModel, "fit", one_step)
    with pytest.warns(RuntimeWarning, match=r"the model fit did not converge.*statsmodels "
                      r"reported: ConvergenceWarning"):
        res = ordinal_regression(ordinal_data(), outcome="y", predictors=["x1", "g"])
    assert (res.converged, res.separation) == (False, False)


def test_ordinal_simulation_recovers_coefficient() -> None:
    # latent = 0.8 x + logistic error, cut at -1, 0, 1: P(Y <= j) = F(theta_j - 0.8 x).
    rng = np.random.default_rng(808)
    n = 3000
    x = rng.normal(size=n)
    y = np.digitize(0.8 * x + rng.logistic(size=n), [-1.0, 0.0, 1.0])
    res = ordinal_regression(pd.DataFrame({"y": y, "x": x}), outcome="y", predictors=["x"])
    assert res.ci_low["x"] < 0.8 < res.ci_high["x"]
    assert res.coef["x"] == pytest.approx(0.8, abs=0.1)
    assert res.thresholds.tolist() == [pytest.approx(v, abs=0.15) for v in (-1.0, 0.0, 1.0)]


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"outcome": "z"}, r"outcome: 'z' is not a column of data"),
        ({"predictors": ["x1", "h"]}, r"predictors: 'h' is not a column of data"),
        ({"predictors": []}, r"predictors: need at least one predictor column"),
        ({"predictors": ["y"]}, r"predictors: 'y' is the outcome"),
        ({"predictors": {"x1"}}, r"predictors: must be a list of column names"),
        ({"link": "cloglog"}, r"link: must be one of 'logit', 'probit'"),
        ({"level": 0.0}, r"level: must be a number strictly between 0 and 1"),
    ],
)
def test_ordinal_bad_arguments(options: dict, pattern: str) -> None:
    kwargs = dict(outcome="y", predictors=["x1", "g"]) | options
    with pytest.raises(ValueError, match=pattern):
        ordinal_regression(ordinal_data(), **kwargs)


def test_ordinal_bad_outcomes() -> None:
    data = ordinal_data()
    with pytest.raises(ValueError, match=r"outcome: need at least 2 categories.*got 1"):
        ordinal_regression(data.assign(y=3), outcome="y", predictors=["x1"])
    with pytest.raises(ValueError, match=r"outcome: column 'y' is an unordered categorical"):
        ordinal_regression(data.assign(y=data["y"].astype("category")), outcome="y",
                           predictors=["x1"])
    with pytest.raises(ValueError, match=r"outcome: column 'y' must hold numeric codes or an "
                       r"ordered categorical"):
        ordinal_regression(data.assign(y=data["y"].astype(str)), outcome="y", predictors=["x1"])
    with pytest.raises(ValueError, match=r"outcome: column 'y' must hold numeric codes"):
        ordinal_regression(data.assign(y=data["y"] > 2), outcome="y", predictors=["x1"])
    with pytest.raises(ValueError, match=r"outcome: column 'y' contains infinite values"):
        ordinal_regression(data.assign(y=np.where(data["y"] == 5, np.inf, data["y"])),
                           outcome="y", predictors=["x1"])
    with pytest.raises(ValueError, match=r"outcome: 4 cases are too few"):
        ordinal_regression(data.iloc[[0, 1, 8, 6]], outcome="y", predictors=["x1"])


def test_ordinal_bad_predictors() -> None:
    data = ordinal_data()
    with pytest.raises(ValueError, match=r"predictors: column 'c' is constant"):
        ordinal_regression(data.assign(c=2.0), outcome="y", predictors=["x1", "c"])
    with pytest.raises(ValueError, match=r"predictors: the columns are linearly dependent"):
        ordinal_regression(data.assign(x2=1 - 2 * data["x1"]), outcome="y",
                           predictors=["x1", "x2"])
    with pytest.raises(ValueError, match=r"predictors: column 'g' has only one value \('a'\)"):
        ordinal_regression(data.assign(g="a"), outcome="y", predictors=["x1", "g"])
    with pytest.raises(ValueError, match=r"predictors: column 'x1' contains infinite values"):
        ordinal_regression(data.assign(x1=np.where(data["y"] == 5, np.inf, data["x1"])),
                           outcome="y", predictors=["x1"])


def test_ordinal_missing_values_counted() -> None:
    data = ordinal_data()
    data["x1"] = data["x1"].astype(float)
    data.loc[[0, 5], "x1"] = NAN
    data["y"] = data["y"].astype("Int64")
    data.loc[9, "y"] = pd.NA
    res = ordinal_regression(data, outcome="y", predictors="x1")
    assert (res.n, res.n_dropped) == (147, 3)
    reference = ordinal_regression(ordinal_data().drop(index=[0, 5, 9]), outcome="y",
                                   predictors=["x1"])
    assert res.coef["x1"] == close(reference.coef["x1"])
