"""APA-style statistics fragments for every result of :mod:`kosieval.stats`, in German and English.

``apa(result, locale=...)`` gives the parenthetical part of a results sentence, e.g.
``t(41) = 2,31, p = ,026, d_z = 0,36, 95 %-KI [0,05; 0,67]`` (de) or
``t(41) = 2.31, p = .026, d_z = 0.36, 95% CI [0.05, 0.67]`` (en). All digits come from
:mod:`kosieval.present.numbers`, the formatter the tables use, so a figure reads the same in
a table and in the text.

Conventions (APA 7, §6.36, and the German DGPs adaptation):

- two decimals for statistics and effect sizes, three for p (``p < ,001`` below that);
- no leading zero where a value cannot exceed 1 in absolute value: p, correlations
  (r, r_rb), Cramér's V, epsilon squared. Reliability and agreement coefficients (α, ω, κ)
  keep it, as DESIGN.md §1 writes ``α = 0,82``;
- degrees of freedom as integers, Welch's df with one decimal; two df in German are
  separated by a semicolon (``F(2; 20,3)``) because the comma is the decimal mark;
- statistics symbols in Latin letters as APA writes them (t, F, U, H, χ²), Greek for
  population-style coefficients (α, ω, κ, ε²).

Which test a fragment reports is chosen with ``test=`` where a result holds several
(``"t"``/``"wilcoxon"`` for paired change, ``"parametric"``/``"rank"`` for group
comparisons, ``"chi2"``/``"yates"``/``"fisher"`` for cross tables); NaN statistics are shown
as "–", never as a number.
"""

from __future__ import annotations

import math
from functools import singledispatch

from kosieval.present import numbers as fmt
from kosieval.stats import (
    AgreementResult,
    ChangeResult,
    CrosstabResult,
    GroupComparisonResult,
    McNemarResult,
    MixedResult,
    OmegaResult,
    OrdinalResult,
    ReliabilityResult,
)

__all__ = ["apa", "df_text", "eq"]

def eq(symbol: str, value: str) -> str:
    """``symbol = value`` with no-break spaces (or ``symbol < value`` for "< ,001")."""
    if value.startswith("<"):
        return f"{symbol}{fmt.NBSP}{value}"
    return f"{symbol}{fmt.NBSP}={fmt.NBSP}{value}"


def df_text(*dfs: float, locale: str) -> str:
    """Degrees of freedom: integers as such, others with one decimal; ``;`` between two in German."""
    parts = [fmt.integer(int(d), locale=locale) if float(d).is_integer() else fmt.number(d, locale=locale, digits=1)
             for d in dfs]
    joiner = ";" + fmt.NBSP if fmt.babel_locale(locale).startswith("de") else "," + fmt.NBSP
    return joiner.join(parts)


def _ci(low: float, high: float, level: float, *, locale: str, bounded: bool = False) -> str:
    if math.isnan(low) or math.isnan(high):
        return ""
    if bounded:
        limits = f"[{fmt.coefficient(low, locale=locale)}{_ci_sep(locale)}{fmt.coefficient(high, locale=locale)}]"
    else:
        limits = fmt.ci(low, high, locale=locale)
    return f", {fmt.ci_label(level, locale=locale)} {limits}"


def _ci_sep(locale: str) -> str:
    return ";" + fmt.NBSP if fmt.babel_locale(locale).startswith("de") else "," + fmt.NBSP


def _p(p: float, *, locale: str) -> str:
    return fmt.p_with_operator(p, locale=locale)


@singledispatch
def apa(result: object, *, locale: str, test: str | None = None) -> str:
    """The APA statistics fragment of ``result`` in ``locale`` ("de" or "en").

    Parameters
    ----------
    result
        A result object of :mod:`kosieval.stats`.
    locale
        "de" or "en".
    test
        Which of the tests a result holds to report (see the module docstring); default the
        first named there.

    Raises
    ------
    TypeError
        For an object that is not a kosieval result.
    ValueError
        For an unknown ``test`` or ``locale``.
    """
    raise TypeError(f"result: no APA format for {type(result).__name__}")


def _only(test: str | None) -> None:
    if test is not None:
        raise ValueError(f"test: this result holds one statistic; leave test out, got {test!r}")


def _choose(test: str | None, options: tuple[str, ...]) -> str:
    if test is None:
        return options[0]
    if test not in options:
        raise ValueError(f"test: must be one of {', '.join(repr(o) for o in options)}, got {test!r}")
    return test


@apa.register
def _(result: ChangeResult, *, locale: str, test: str | None = None) -> str:
    kind = _choose(test, ("t", "wilcoxon"))
    if kind == "t":
        return (f"{eq('t(' + df_text(result.df, locale=locale) + ')', fmt.number(result.t, locale=locale))}, "
                f"{_p(result.p_t, locale=locale)}, "
                f"{eq('d_z', fmt.number(result.d_z, locale=locale))}"
                f"{_ci(result.d_z_ci_low, result.d_z_ci_high, result.level, locale=locale)}")
    # R calls the signed-rank statistic V (= W+); z only where the normal approximation was used
    z_part = ("" if result.wilcoxon_method == "exact" or math.isnan(result.wilcoxon_z)
              else ", " + eq("z", fmt.number(result.wilcoxon_z, locale=locale)))
    return (f"{eq('V', fmt.number(result.w_plus, locale=locale, digits=0 if float(result.w_plus).is_integer() else 1))}"
            f"{z_part}, {_p(result.p_wilcoxon, locale=locale)}, "
            f"{eq('r_rb', fmt.coefficient(result.rank_biserial, locale=locale))}"
            + _ci(result.rank_biserial_ci_low, result.rank_biserial_ci_high, result.level, locale=locale,
                  bounded=True))


@apa.register
def _(result: GroupComparisonResult, *, locale: str, test: str | None = None) -> str:
    kind = _choose(test, ("parametric", "rank"))
    if kind == "parametric":
        if result.n_groups == 2:
            head = eq(f"t({df_text(result.df, locale=locale)})", fmt.number(result.statistic, locale=locale))
        else:
            head = eq(f"F({df_text(result.df_num, result.df, locale=locale)})",
                      fmt.number(result.statistic, locale=locale))
        text = f"{head}, {_p(result.pvalue, locale=locale)}"
        if result.effect_size_name == "hedges_g":
            text += (f", {eq('g', fmt.number(result.effect_size, locale=locale))}"
                     f"{_ci(result.effect_ci_low, result.effect_ci_high, result.level, locale=locale)}")
        return text
    if result.n_groups == 2:
        head = eq("U", fmt.number(result.rank_statistic, locale=locale,
                                  digits=0 if float(result.rank_statistic).is_integer() else 1))
        effect = eq("r_rb", fmt.coefficient(result.rank_effect, locale=locale))
    else:
        head = eq(f"H({df_text(result.rank_df, locale=locale)})", fmt.number(result.rank_statistic, locale=locale))
        effect = eq("ε²", fmt.coefficient(result.rank_effect, locale=locale))
    return (f"{head}, {_p(result.p_rank, locale=locale)}, {effect}"
            f"{_ci(result.rank_effect_ci_low, result.rank_effect_ci_high, result.level, locale=locale, bounded=True)}")


@apa.register
def _(result: CrosstabResult, *, locale: str, test: str | None = None) -> str:
    kind = _choose(test, ("chi2", "yates", "fisher"))
    n_text = fmt.integer(result.n, locale=locale)
    if kind == "fisher":
        if math.isnan(result.p_fisher):
            raise ValueError("test: Fisher's exact test is computed for 2 x 2 tables only")
        label = "exakter Test nach Fisher" if locale.startswith("de") else "Fisher's exact test"
        return (f"{label}, {eq('N', n_text)}, {_p(result.p_fisher, locale=locale)}, "
                f"{eq('OR', fmt.number(result.odds_ratio, locale=locale))}"
                f"{_ci(result.odds_ratio_ci_low, result.odds_ratio_ci_high, result.level, locale=locale)}")
    statistic, p = ((result.statistic_yates, result.p_yates) if kind == "yates"
                    else (result.statistic, result.pvalue))
    if math.isnan(statistic):
        raise ValueError("test: Yates' correction is defined for 2 x 2 tables only")
    head = eq(f"χ²({df_text(result.df, locale=locale)}, {eq('N', n_text)})", fmt.number(statistic, locale=locale))
    if fmt.babel_locale(locale).startswith("de"):  # "χ²(1; N = 80)": the comma is the decimal mark
        head = eq(f"χ²({df_text(result.df, locale=locale)};{fmt.NBSP}{eq('N', n_text)})",
                  fmt.number(statistic, locale=locale))
    return f"{head}, {_p(p, locale=locale)}, {eq('V', fmt.coefficient(result.cramers_v, locale=locale))}"


@apa.register
def _(result: McNemarResult, *, locale: str, test: str | None = None) -> str:
    _only(test)
    if result.test == "exact binomial":
        label = "exakter Binomialtest" if locale.startswith("de") else "exact binomial test"
        head = f"McNemar ({label}), {eq('n', fmt.integer(result.b + result.c, locale=locale))}"
    else:
        head = eq(f"χ²({df_text(result.df, locale=locale)})", fmt.number(result.statistic, locale=locale))
    return f"{head}, {_p(result.pvalue, locale=locale)}"


@apa.register
def _(result: ReliabilityResult, *, locale: str, test: str | None = None) -> str:
    _only(test)
    return (f"{eq('α', fmt.number(result.alpha, locale=locale))}"
            f"{_ci(result.ci_low, result.ci_high, result.level, locale=locale)}")


@apa.register
def _(result: OmegaResult, *, locale: str, test: str | None = None) -> str:
    _only(test)
    return eq("ω_t", fmt.number(result.omega_total, locale=locale))


_AGREEMENT_SYMBOL = {"percent_agreement": None, "cohen_kappa": "κ", "weighted_kappa": "κ_w",
                     "fleiss_kappa": "κ_F", "krippendorff_alpha": "α_K"}


@apa.register
def _(result: AgreementResult, *, locale: str, test: str | None = None) -> str:
    _only(test)
    symbol = _AGREEMENT_SYMBOL[result.measure]
    if symbol is None:  # percent agreement: a share
        return fmt.percent(result.statistic, locale=locale, digits=0)
    text = eq(symbol, fmt.number(result.statistic, locale=locale))
    return text + _ci(result.ci_low, result.ci_high, result.level, locale=locale)


@apa.register
def _(result: MixedResult, *, locale: str, test: str | None = None) -> str:
    terms = [t for t in result.effect_size.index]
    term = _choose(test, tuple(terms))
    return (f"{eq('b', fmt.number(result.fixef[term], locale=locale))}, "
            f"{eq('SE', fmt.number(result.se[term], locale=locale))}, "
            f"{eq('z', fmt.number(result.z[term], locale=locale))}, {_p(result.pvalue[term], locale=locale)}"
            f"{_ci(result.ci_low[term], result.ci_high[term], result.level, locale=locale)}")


@apa.register
def _(result: OrdinalResult, *, locale: str, test: str | None = None) -> str:
    term = _choose(test, tuple(result.coef.index))
    if result.odds_ratio is None:  # probit: no odds ratios
        return (f"{eq('b', fmt.number(result.coef[term], locale=locale))}, "
                f"{eq('z', fmt.number(result.z[term], locale=locale))}, {_p(result.pvalue[term], locale=locale)}"
                f"{_ci(result.ci_low[term], result.ci_high[term], result.level, locale=locale)}")
    return (f"{eq('OR', fmt.number(result.odds_ratio[term], locale=locale))}"
            f"{_ci(result.or_ci_low[term], result.or_ci_high[term], result.level, locale=locale)}, "
            f"{eq('z', fmt.number(result.z[term], locale=locale))}, {_p(result.pvalue[term], locale=locale)}")
