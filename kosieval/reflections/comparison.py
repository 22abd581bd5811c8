"""Comparison of cities: change of the outcome scales per city and pooled, team scales per city.

For each outcome scale every city's paired change (T0 → T1: n pairs, mean difference with
CI, d_z) and the change pooled over the cities (:func:`kosieval.stats.pooled_change`): with
at least 5 cities the city is a random effect (``diff ~ 1 + (1 | city)``, REML, t interval
with cities − 1 df), with fewer a fixed factor (all pairs together; the results hold for
these cities only). Whether the cities differ is Welch's test of the personal changes with
the city as the group. For the scales of the lab-team survey (when the study has one) the
mean of the last wave per city and pooled, and the same test.

Privacy: a city with fewer pairs (or team members) than the minimum cell size -- the largest
``privacy.min_cell_size`` of the compared studies, so that every city's own setting holds -- is
not shown and is named in a footnote. Its data are also left out of the pooled values and
the tests: with one city suppressed, the pooled n and mean minus the shown cities' would give
back that city's n and mean exactly; with several, only their combination could be worked
out, but the test would still treat each of them as a group, and a pooled value over cities
the reader cannot see is hard to read. Their few pairs would move a pooled value little.

The chapter needs the studies of other cities (``others``): ``kosieval report STUDY...``
with several study folders, or ``kosieval.analyze(study, "comparison", others=(b, c))``.
The transfer chapter (:mod:`kosieval.reflections.transfer`) shows the same comparison of the
outcome scales, computed here by :func:`compare_cities`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kosieval.errors import SpecError
from kosieval.model.codebook import Text
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.apa import apa, df_text, eq
from kosieval.present.forest import ForestRow, forest_plot
from kosieval.present.section import Block, Figure, Heading, KeyFigure, Paragraph, Section, Table
from kosieval.reflections.privacy import Suppression, split_groups
from kosieval.reflections.scales import outcome_scales, scale_waves
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.reflections.synthesis import key_name, paired_scores, wave_scores
from kosieval.stats import (
    ChangeResult,
    GroupComparisonResult,
    MeanResult,
    PooledChangeResult,
    adjust_pvalues,
    mean_ci,
    paired_change,
    pooled_change,
)

#: Fewest cities for which the city is taken as a random effect (pooled_change's default).
MIN_CITIES_RANDOM = 5


# --- choosing cities and scales ---------------------------------------------------------------


def city_names(study: Study, others: Sequence[Study]) -> list[str]:
    """The cities' names, this study first, each unique.

    A city name used twice gets the study id ("Bonn (bonn_2026)"); should that still repeat
    (the same study folder twice), a number follows ("Bonn (bonn_2026) 2").

    Parameters
    ----------
    study
        This city's study.
    others
        The other cities' studies.
    """
    studies = (study, *others)
    names = [s.config.study.city for s in studies]
    names = [f"{n} ({s.config.study.id})" if names.count(n) > 1 else n for n, s in zip(names, studies)]
    return [f"{n} {names[:i].count(n) + 1}" if names[:i].count(n) else n for i, n in enumerate(names)]


def team_scales(study: Study, scales: Sequence[str] | None) -> tuple[str, ...]:
    """The lab-team scales: ``scales``, else every scale of the study's team instruments that have data.

    Parameters
    ----------
    study
        This city's study; team instruments are those with ``respondent_group: team``.
    scales
        Scale ids chosen by the caller; None: the default; ``()``: none.
    """
    if scales is not None:
        return tuple(scales)
    return tuple(s.id for c in study.codebooks.values()
                 if c.respondent_group == "team" and study.surveys_of(c.id) for s in c.scales)


def comparison_min_size(study: Study, others: Sequence[Study]) -> int:
    """The minimum cell size of the comparison: the largest ``privacy.min_cell_size`` of the studies.

    Parameters
    ----------
    study, others
        The compared studies; every city's own privacy setting holds.
    """
    return max(s.config.privacy.min_cell_size for s in (study, *others))


def _requirements(study: Study, *, others: Sequence[Study] | None = None, outcomes: Sequence[str] | None = None,
                  scales: Sequence[str] | None = None, **_: object) -> list[Requirement]:
    requirements = []
    if others is not None:
        requirements.append(Requirement(
            "mindestens eine weitere Stadt (ihr Studienordner), z. B. kosieval report STADT_A STADT_B / at least "
            "one other city (its study folder), e.g. kosieval report CITY_A CITY_B", len(others) >= 1))
    chosen = outcome_scales(study, outcomes)
    if not chosen:
        requirements.append(Requirement("mindestens eine Ergebnisskala (report.outcomes) / at least one outcome "
                                        "scale (report.outcomes)", False))
    for scale_id in (*chosen, *(scales or ())):
        requirements.append(Requirement(
            f"Skala / scale {scale_id!r} in einem Instrument der Studie / in an instrument of the study",
            _has_scale(study, scale_id)))
    return requirements


def _has_scale(study: Study, scale_id: str) -> bool:
    try:
        study.find_scale(scale_id)
    except KeyError:
        return False
    return True


SPEC = ReflectionSpec(
    name="comparison",
    title=Text(de="Vergleich der Städte", en="Comparison of cities"),
    description=Text(
        de="Veränderung der Ergebnisskalen je Stadt und über die Städte gepoolt (Stadt als fester Faktor oder "
           "Zufallseffekt), Skalen des Lab-Teams je Stadt; Tests, ob sich die Städte unterscheiden.",
        en="Change of the outcome scales per city and pooled over the cities (city as a fixed factor or random "
           "effect), lab-team scales per city; tests whether the cities differ."),
    requirements=_requirements,
    placement="chapter",
    needs=(Text(de="weitere Städte: ihre Studienordner (mindestens 2 Städte insgesamt)",
                en="other cities: their study folders (at least 2 cities in all)"),
           Text(de="Ergebnisskalen mit zwei Wellen (T0/T1) in jeder Stadt, Befragte über die Wellen verknüpft",
                en="outcome scales with two waves (T0/T1) in every city, respondents linked across waves"),
           Text(de="Teambefragung (optional): Skalen zur Zusammenarbeit je Stadt",
                en="team survey (optional): collaboration scales per city")),
    params={
        "outcomes": "Ergebnisskalen (Standard: report.outcomes) / outcome scales (default report.outcomes)",
        "scales": "Skalen des Lab-Teams (Standard: alle Skalen der Teambefragung; [] = keine) / lab-team scales "
                  "(default: every scale of the team survey; [] = none)",
        "level": "Konfidenzniveau (Standard: report.confidence) / confidence level (default report.confidence)",
        "p_adjust": "holm, bh oder none über die Skalen (Standard: report.p_adjust) / correction across the "
                    "scales (default report.p_adjust)",
    },
)


# --- result types -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CityChange:
    """The paired change of one outcome in one city.

    Attributes
    ----------
    city
        The city's name.
    n_pairs
        Respondents with a valid score in both waves (0: the city has no data for the scale).
    change
        Paired t-test, Wilcoxon test, d_z (None when suppressed, without data or with fewer than 2 pairs).
    suppressed
        Fewer pairs than the minimum cell size (but at least one).
    """

    city: str
    n_pairs: int
    change: ChangeResult | None
    suppressed: bool


@dataclass(frozen=True)
class OutcomeComparison:
    """One outcome scale compared across cities.

    Attributes
    ----------
    scale, title
        The outcome.
    response_range
        Lowest and highest response code of the scale's items (None when no study has the scale).
    waves
        The two waves compared (of the first study that has the scale).
    cities
        This city first, then the others, in the order given.
    pooled
        :func:`~kosieval.stats.pooled_change` of the shown cities' personal changes (None with
        fewer than two shown cities); its ``city_test`` is the test whether the cities differ.
    p_adjusted
        The city test's (Welch) p-value adjusted across the outcomes.
    p_pooled_adjusted
        The pooled change's p-value adjusted across the outcomes.
    """

    scale: str
    title: Text
    response_range: tuple[float, float] | None
    waves: tuple[str, str]
    cities: tuple[CityChange, ...]
    pooled: PooledChangeResult | None
    p_adjusted: float = math.nan
    p_pooled_adjusted: float = math.nan

    @property
    def shown(self) -> tuple[CityChange, ...]:
        """The cities with a change to show (at least the minimum number of pairs, and 2)."""
        return tuple(c for c in self.cities if c.change is not None)

    @property
    def test(self) -> GroupComparisonResult | None:
        """Welch test and rank test of the personal changes with the city as group (None without pooling)."""
        return self.pooled.city_test if self.pooled is not None else None


@dataclass(frozen=True)
class CityMean:
    """The mean of a team scale in one city.

    Attributes
    ----------
    city
        The city's name.
    n
        Team members with a valid scale score (0: no data).
    mean
        Mean with t-based CI (None when suppressed, without data or with fewer than 2 values).
    suppressed
        Fewer members than the minimum cell size (but at least one).
    """

    city: str
    n: int
    mean: MeanResult | None
    suppressed: bool


@dataclass(frozen=True)
class ScaleComparison:
    """One lab-team scale compared across cities (the last wave of each city's team survey).

    Attributes
    ----------
    scale, title
        The scale.
    response_range
        Lowest and highest response code (None when no study has the scale).
    wave
        The wave shown (of the first study that has the scale).
    cities
        One entry per city, this city first.
    pooled
        :func:`~kosieval.stats.pooled_change` of the shown cities' scores: the pooled mean, and
        in ``city_test`` the test whether the cities differ (None with fewer than two shown cities).
        Its ``change`` (fixed model) tests the scores against 0 and means nothing here.
    p_adjusted
        The city test's (Welch) p-value adjusted across the team scales.
    """

    scale: str
    title: Text
    response_range: tuple[float, float] | None
    wave: str
    cities: tuple[CityMean, ...]
    pooled: PooledChangeResult | None
    p_adjusted: float = math.nan

    @property
    def shown(self) -> tuple[CityMean, ...]:
        """The cities with a mean to show."""
        return tuple(c for c in self.cities if c.mean is not None)

    @property
    def test(self) -> GroupComparisonResult | None:
        """Welch test and rank test of the scores with the city as group (None without pooling)."""
        return self.pooled.city_test if self.pooled is not None else None


@dataclass(frozen=True)
class ComparisonReflection:
    """Everything the comparison shows, unrounded.

    Attributes
    ----------
    city, others
        This study's city and the other cities (names made unique with the study id).
    outcomes
        One entry per outcome scale.
    team
        One entry per lab-team scale (empty without team survey or with ``scales=()``).
    suppression, team_suppression
        Cities left out of any outcome (pairs) / any team scale (members) for being too small.
    min_size
        The minimum cell size applied (the largest of the studies' ``privacy.min_cell_size``).
    min_cities_random
        Fewest cities for a random effect of the city.
    level, p_adjust
        Confidence level and correction across the scales (each family separately: pooled
        change, city test of the outcomes, city test of the team scales).
    warnings
        What the computations warned about.
    """

    city: str
    others: tuple[str, ...]
    outcomes: tuple[OutcomeComparison, ...]
    team: tuple[ScaleComparison, ...]
    suppression: Suppression
    team_suppression: Suppression
    min_size: int
    min_cities_random: int
    level: float
    p_adjust: str
    warnings: tuple[str, ...] = ()

    @property
    def cities(self) -> tuple[str, ...]:
        """All compared cities, this one first."""
        return (self.city, *self.others)

    def to_frame(self) -> pd.DataFrame:
        """One row per outcome and city, plus a row ``city == "pooled"`` per outcome.

        Columns: scale, city, n_pairs, suppressed, mean_diff, ci_low, ci_high, d_z, d_z_ci_low,
        d_z_ci_high (cities: paired change; pooled: the pooled estimate), model,
        between_city_sd, p_pooled, p_pooled_adjusted, p_city, p_city_adjusted, p_city_rank.
        """
        rows = []
        for comp in self.outcomes:
            test = comp.test
            common = {"p_city": test.pvalue if test else math.nan, "p_city_adjusted": comp.p_adjusted,
                      "p_city_rank": test.p_rank if test else math.nan}
            for c in comp.cities:
                ch = c.change
                rows.append({"scale": comp.scale, "city": c.city, "n_pairs": c.n_pairs, "suppressed": c.suppressed,
                             "mean_diff": ch.mean_diff if ch else math.nan, "ci_low": ch.ci_low if ch else math.nan,
                             "ci_high": ch.ci_high if ch else math.nan, "d_z": ch.d_z if ch else math.nan,
                             "d_z_ci_low": ch.d_z_ci_low if ch else math.nan,
                             "d_z_ci_high": ch.d_z_ci_high if ch else math.nan, "model": "",
                             "between_city_sd": math.nan, "p_pooled": math.nan, "p_pooled_adjusted": math.nan,
                             **common})
            p = comp.pooled
            if p is not None:
                rows.append({"scale": comp.scale, "city": "pooled", "n_pairs": p.n, "suppressed": False,
                             "mean_diff": p.estimate, "ci_low": p.ci_low, "ci_high": p.ci_high, "d_z": p.d_z,
                             "d_z_ci_low": p.d_z_ci_low, "d_z_ci_high": p.d_z_ci_high, "model": p.model,
                             "between_city_sd": p.between_city_sd, "p_pooled": p.pvalue,
                             "p_pooled_adjusted": comp.p_pooled_adjusted, **common})
        return pd.DataFrame(rows)

    def team_frame(self) -> pd.DataFrame:
        """One row per team scale and city, plus ``city == "pooled"``: n, mean with CI, city test p."""
        rows = []
        for comp in self.team:
            test = comp.test
            common = {"p_city": test.pvalue if test else math.nan, "p_city_adjusted": comp.p_adjusted}
            for c in comp.cities:
                m = c.mean
                rows.append({"scale": comp.scale, "city": c.city, "n": c.n, "suppressed": c.suppressed,
                             "mean": m.mean if m else math.nan, "ci_low": m.ci_low if m else math.nan,
                             "ci_high": m.ci_high if m else math.nan, "model": "", **common})
            p = comp.pooled
            if p is not None:
                rows.append({"scale": comp.scale, "city": "pooled", "n": p.n, "suppressed": False,
                             "mean": p.estimate, "ci_low": p.ci_low, "ci_high": p.ci_high, "model": p.model,
                             **common})
        return pd.DataFrame(rows)


# --- analyze ------------------------------------------------------------------------------------


def _scale_info(studies: Sequence[Study], scale_id: str) -> tuple[Text, tuple[float, float] | None, list[str]]:
    """Title, response range and waves of the scale in the first study that has it."""
    for one in studies:
        try:
            codebook, scale = one.find_scale(scale_id)
        except KeyError:
            continue
        return scale.title, codebook.scale_range(scale_id), scale_waves(one, codebook)
    return Text(de=scale_id, en=scale_id), None, []


def _pool(values: dict[str, np.ndarray], shown: list[str], *, level: float, label: str,
          notes: list[str]) -> PooledChangeResult | None:
    """pooled_change over the shown cities' values (None with fewer than 2 cities or too few values)."""
    if len(shown) < 2:
        return None
    y = np.concatenate([values[c] for c in shown])
    labels = pd.Categorical(np.repeat(shown, [len(values[c]) for c in shown]), categories=shown)
    try:
        return pooled_change(y, labels, level=level, min_cities_random=MIN_CITIES_RANDOM)
    except ValueError as exc:
        notes.append(f"{label}: {exc}")
        return None


def _outcome(studies: Sequence[Study], names: list[str], scale_id: str, *, level: float, min_size: int,
             notes: list[str]) -> tuple[OutcomeComparison, tuple[str, ...]]:
    title, response_range, waves = _scale_info(studies, scale_id)
    pairs: dict[str, pd.DataFrame] = {}
    for name, one in zip(names, studies):
        try:
            pairs[name] = paired_scores(one, scale_id)
        except (KeyError, ValueError):
            pairs[name] = pd.DataFrame({"before": [], "after": []})
    split = split_groups({name: len(p) for name, p in pairs.items()}, min_size=min_size)
    cities = []
    diffs = {name: (p["after"] - p["before"]).to_numpy(dtype=float) for name, p in pairs.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name, p in pairs.items():
            ok = name in split.shown and len(p) >= 2
            with warnings.catch_warnings(record=True) as city_caught:
                warnings.simplefilter("always")
                change = paired_change(p["before"], p["after"], level=level) if ok else None
            notes.extend(f"{scale_id} ({name}): {w.message}" for w in city_caught)
            cities.append(CityChange(name, len(p), change, name in split.suppressed))
        pooled = _pool(diffs, list(split.shown), level=level, label=scale_id, notes=notes)
    notes.extend(f"{scale_id}: {w.message}" for w in caught)
    pair_waves = (waves[0], waves[1]) if len(waves) >= 2 else ("T0", "T1")
    return OutcomeComparison(scale_id, title, response_range, pair_waves, tuple(cities), pooled), split.suppressed


def _team_scale(studies: Sequence[Study], names: list[str], scale_id: str, *, level: float, min_size: int,
                notes: list[str]) -> tuple[ScaleComparison, tuple[str, ...]]:
    title, response_range, waves = _scale_info(studies, scale_id)
    scores: dict[str, np.ndarray] = {}
    for name, one in zip(names, studies):
        try:
            codebook, scale = one.find_scale(scale_id)
        except KeyError:
            scores[name] = np.array([], dtype=float)
            continue
        one_waves = scale_waves(one, codebook)
        values = wave_scores(one, codebook, scale, one_waves[-1]) if one_waves else pd.Series([], dtype=float)
        scores[name] = values.astype("Float64").dropna().to_numpy(dtype=float)
    split = split_groups({name: len(v) for name, v in scores.items()}, min_size=min_size)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cities = [CityMean(name, len(v), mean_ci(v, level=level) if name in split.shown and len(v) >= 2 else None,
                           name in split.suppressed) for name, v in scores.items()]
        pooled = _pool(scores, list(split.shown), level=level, label=scale_id, notes=notes)
    # pooled_change's paired_change part tests the scores against 0: meaningless for a mean, so its
    # warnings (e.g. rank-biserial r = 1 because every score is positive) are not passed on
    notes.extend(f"{scale_id}: {w.message}" for w in caught if not str(w.message).startswith("paired_change:"))
    return ScaleComparison(scale_id, title, response_range, waves[-1] if waves else "", tuple(cities),
                           pooled), split.suppressed


def _adjust(pvalues: list[float], method: str) -> list[float]:
    if method == "none" or not pvalues or all(math.isnan(p) for p in pvalues):
        return list(pvalues)
    return [float(p) for p in adjust_pvalues(pvalues, method=method).adjusted]


def compare_cities(study: Study, others: Sequence[Study], *, outcomes: Sequence[str], scales: Sequence[str] = (),
                   level: float, p_adjust: str) -> ComparisonReflection:
    """Compare the cities on the given outcome and team scales (no requirement checks, no defaults).

    A scale a city lacks, or has too few waves of, counts as no data for that city; nothing
    fails for missing data. :func:`analyze` fills in the defaults and checks the requirements;
    the transfer chapter calls this function directly.

    Parameters
    ----------
    study
        This city's study (shown first).
    others
        The other cities' studies.
    outcomes
        Outcome scale ids (paired change of the first two waves).
    scales
        Lab-team scale ids (mean of the last wave).
    level
        Confidence level.
    p_adjust
        "holm", "bh" or "none".
    """
    studies = (study, *others)
    names = city_names(study, others)
    min_size = comparison_min_size(study, others)
    notes: list[str] = []
    compared, suppressed = [], set()
    for scale_id in outcomes:
        comp, small = _outcome(studies, names, scale_id, level=level, min_size=min_size, notes=notes)
        compared.append(comp)
        suppressed |= set(small)
    city_p = _adjust([c.test.pvalue if c.test else math.nan for c in compared], p_adjust)
    pooled_p = _adjust([c.pooled.pvalue if c.pooled else math.nan for c in compared], p_adjust)
    compared = [OutcomeComparison(c.scale, c.title, c.response_range, c.waves, c.cities, c.pooled, p, q)
                for c, p, q in zip(compared, city_p, pooled_p)]
    team, team_suppressed = [], set()
    for scale_id in scales:
        comp, small = _team_scale(studies, names, scale_id, level=level, min_size=min_size, notes=notes)
        team.append(comp)
        team_suppressed |= set(small)
    team_p = _adjust([c.test.pvalue if c.test else math.nan for c in team], p_adjust)
    team = [ScaleComparison(c.scale, c.title, c.response_range, c.wave, c.cities, c.pooled, p)
            for c, p in zip(team, team_p)]
    return ComparisonReflection(
        city=names[0], others=tuple(names[1:]), outcomes=tuple(compared), team=tuple(team),
        suppression=Suppression(tuple(n for n in names if n not in suppressed),
                                tuple(n for n in names if n in suppressed), min_size),
        team_suppression=Suppression(tuple(n for n in names if n not in team_suppressed),
                                     tuple(n for n in names if n in team_suppressed), min_size),
        min_size=min_size, min_cities_random=MIN_CITIES_RANDOM, level=level, p_adjust=p_adjust,
        warnings=tuple(dict.fromkeys(notes)))


def analyze(study: Study, *, others: Sequence[Study] = (), outcomes: Sequence[str] | None = None,
            scales: Sequence[str] | None = None, level: float | None = None,
            p_adjust: str | None = None) -> ComparisonReflection:
    """Compare this city with the other cities: outcome change per city and pooled, team scales per city.

    Parameters
    ----------
    study
        This city's study (shown first).
    others
        The other cities' studies (the registry passes them; ``kosieval report`` with several
        study folders).
    outcomes
        Outcome scale ids (default ``report.outcomes``, else every scale of a multi-wave instrument).
    scales
        Lab-team scale ids (default: every scale of the study's team instruments; ``()`` = none).
    level
        Confidence level (default ``report.confidence``).
    p_adjust
        "holm", "bh" or "none" (default ``report.p_adjust``): each family (pooled change, city
        differences in the outcomes, city differences in the team scales) is corrected across
        its scales.

    Raises
    ------
    SpecError
        Without other cities, or when this study lacks a chosen scale (listing everything missing).
    """
    level = study.config.report.confidence if level is None else level
    p_adjust = p_adjust or study.config.report.p_adjust
    missing = [r.description for r in _requirements(study, others=others, outcomes=outcomes, scales=scales)
               if not r.satisfied]
    if missing:
        raise SpecError(SPEC.name, missing)
    return compare_cities(study, others, outcomes=outcome_scales(study, outcomes), scales=team_scales(study, scales),
                          level=level, p_adjust=p_adjust)


# --- present ------------------------------------------------------------------------------------

_ADJUST = {
    "holm": Text(de="Holm-korrigiert", en="Holm-adjusted"),
    "bh": Text(de="nach Benjamini-Hochberg korrigiert", en="Benjamini-Hochberg-adjusted"),
    "none": Text(de="unkorrigiert", en="unadjusted"),
}
_SHORT = {"holm": "Holm", "bh": "BH", "none": "–"}
POOLED_LABEL = Text(de="Alle Städte (gepoolt)", en="All cities (pooled)")


def _cities_text(n: int, locale: str) -> str:
    count = fmt.integer(n, locale=locale)
    if locale.startswith("de"):
        return f"{count} Stadt" if n == 1 else f"{count} Städte"
    return f"{count} city" if n == 1 else f"{count} cities"


def pooled_apa(result: PooledChangeResult, locale: str, *, symbol: str = "M_Diff") -> str:
    """The APA fragment of a pooled estimate: ``M_Diff = 0,28, 95 %-KI [0,10; 0,46], t(15) = 3,34, p = ,004``.

    Parameters
    ----------
    result
        The pooled estimate.
    locale
        "de" or "en".
    symbol
        The estimate's symbol (``M`` for a pooled mean).
    """
    return (f"{eq(symbol, fmt.number(result.estimate, locale=locale))}, {fmt.ci_label(result.level, locale=locale)} "
            f"{fmt.ci(result.ci_low, result.ci_high, locale=locale)}, "
            f"{eq('t(' + df_text(result.df, locale=locale) + ')', fmt.number(result.statistic, locale=locale))}, "
            f"{fmt.p_with_operator(result.pvalue, locale=locale)}")


def _model_note(models: set[str], min_cities: int, locale: str, *, unit: Text) -> str:
    """How the pooled values were computed, and why (one sentence per model used)."""
    de = locale.startswith("de")
    parts = []
    if "fixed" in models:
        parts.append(
            (f"Gepoolt: alle ausgewiesenen Städte zusammen, jede Person zählt gleich ({unit.de}; t-basiertes KI mit "
             f"df = n − 1). Bei weniger als {min_cities} Städten wird die Stadt als fester Faktor behandelt, nicht "
             "als Zufallseffekt: Wie stark Städte allgemein streuen, lässt sich aus so wenigen Städten nicht "
             "verlässlich schätzen; die Ergebnisse gelten daher nur für diese Städte.") if de else
            (f"Pooled: all cities shown together, each person counted once ({unit.en}; t-based CI with df = n − 1). "
             f"With fewer than {min_cities} cities, city is treated as a fixed factor, not as a random effect: how "
             "much cities vary in general cannot be estimated reliably from so few cities; the results therefore "
             "hold for these cities only."))
    if "random" in models:
        parts.append(
            (f"Gepoolt ab {min_cities} Städten: lineares gemischtes Modell Wert ~ 1 + (1 | Stadt) mit der Stadt als "
             "Zufallseffekt (REML); der gepoolte Wert schätzt den Mittelwert einer Stadt wie dieser, τ die "
             "Standardabweichung zwischen den Städten; KI und p aus der t-Verteilung mit df = Zahl der Städte − 1, "
             "weil die Information über den Mittelwert aus den Städten stammt; d_z gepoolt = Schätzung / "
             "√(τ² + σ²).") if de else
            (f"Pooled from {min_cities} cities on: linear mixed model value ~ 1 + (1 | city) with city as a random "
             "effect (REML); the pooled value estimates the mean of a city like these, τ the standard deviation "
             "between cities; CI and p from the t distribution with df = number of cities − 1, because the "
             "information about the mean comes from the cities; pooled d_z = estimate / √(τ² + σ²)."))
    return " ".join(parts)


def _scales_text(n: int, locale: str) -> str:
    count = fmt.integer(n, locale=locale)
    if locale.startswith("de"):
        return f"{count} Skala" if n == 1 else f"{count} Skalen"
    return f"{count} scale" if n == 1 else f"{count} scales"


def _test_note(tested: int, p_adjust: str, locale: str, *, what: Text) -> str:
    adjust = _ADJUST[p_adjust].get(locale)
    if locale.startswith("de"):
        return ("Unterschied zwischen den Städten: Welch-t-Test (zwei Städte) bzw. Welch-ANOVA (mehr Städte) "
                f"{what.de} mit der Stadt als Gruppe, dazu der Rangtest (Mann-Whitney bzw. Kruskal-Wallis); "
                f"p-Werte der Welch-Tests {adjust} über {_scales_text(tested, locale)}.")
    return ("Difference between cities: Welch t-test (two cities) or Welch ANOVA (more cities) "
            f"{what.en} with city as the group, plus the rank test (Mann-Whitney or Kruskal-Wallis); p-values of "
            f"the Welch tests {adjust} across {_scales_text(tested, locale)}.")


def _suppression_note(suppression: Suppression, locale: str, *, unit: Text) -> str:
    de = locale.startswith("de")
    note = suppression.note(locale, unit=unit.get(locale))
    if not note:
        return ""
    return note + (" Sie sind in den gepoolten Werten und im Test nicht enthalten." if de else
                   " They are not part of the pooled values or the test.")


def _no_data_note(entries: list[tuple[str, str]], locale: str) -> str:
    if not entries:
        return ""
    listed = "; ".join(f"{city} ({scale})" for city, scale in entries)
    return (f"Ohne Daten (Skala fehlt oder zu wenige Wellen): {listed}." if locale.startswith("de") else
            f"No data (scale missing or too few waves): {listed}.")


def change_blocks(result: ComparisonReflection, locale: str, *, module: str) -> list[Block]:
    """Table, sentences and forest plot(s) of the outcome change per city and pooled.

    Parameters
    ----------
    result
        The comparison.
    locale
        "de" or "en".
    module
        The chapter showing them (ids ``tab-<module>-cities``, ``fig-<module>-cities``), e.g.
        "comparison" or "transfer".
    """
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    pooled_label = POOLED_LABEL.get(locale)
    rows, no_data = [], []
    for comp in result.outcomes:
        title = comp.title.get(locale)
        no_data += [(c.city, title) for c in comp.cities if c.n_pairs == 0]
        for c in comp.shown:
            ch = c.change
            rows.append((title, c.city, fmt.integer(c.n_pairs, locale=locale), fmt.number(ch.mean_diff, locale=locale),
                         fmt.ci(ch.ci_low, ch.ci_high, locale=locale), fmt.number(ch.d_z, locale=locale)))
        p = comp.pooled
        if p is not None:
            rows.append((title, pooled_label, fmt.integer(p.n, locale=locale), fmt.number(p.estimate, locale=locale),
                         fmt.ci(p.ci_low, p.ci_high, locale=locale), fmt.number(p.d_z, locale=locale)))
        if not comp.shown and p is None:
            rows.append((title,) + (fmt.DASH,) * 5)
    tested = [c for c in result.outcomes if c.test is not None]
    pooled = [c for c in result.outcomes if c.pooled is not None]
    unit = Text(de="gepaarter t-Test", en="paired t-test")
    notes = [(f"n = Paare mit gültigem Wert in beiden Wellen; Diff. = mittlere Veränderung (später minus früher) mit "
              f"t-basiertem {ci_label}; d_z = Diff. geteilt durch die Standardabweichung der Differenzen.") if de else
             (f"n = pairs with a valid score in both waves; Diff. = mean change (later minus earlier) with t-based "
              f"{ci_label}; d_z = Diff. divided by the standard deviation of the differences.")]
    if pooled:
        notes.append(_model_note({c.pooled.model for c in pooled}, result.min_cities_random, locale, unit=unit))
        adjust = _ADJUST[result.p_adjust].get(locale)
        notes.append(f"p-Werte der gepoolten Veränderung {adjust} über {_scales_text(len(pooled), locale)}." if de
                     else f"p-values of the pooled change {adjust} across {_scales_text(len(pooled), locale)}.")
    if tested:
        notes.append(_test_note(len(tested), result.p_adjust, locale,
                                what=Text(de="der persönlichen Veränderungen", en="of the personal changes")))
    for note in (_suppression_note(result.suppression, locale, unit=Text(de="Paare", en="pairs")),
                 _no_data_note(no_data, locale)):
        if note:
            notes.append(note)
    blocks: list[Block] = [Table(
        id=f"tab-{module}-cities",
        caption="Veränderung der Ergebnisskalen je Stadt" if de else "Change of the outcome scales by city",
        columns=("Skala" if de else "Scale", "Stadt" if de else "City", "n", "Diff.", ci_label, "d_z"),
        rows=tuple(rows), numeric=(False, False, True, True, True, True), notes=tuple(notes))]
    blocks += [Paragraph(_outcome_sentence(comp, result, locale)) for comp in pooled]
    blocks += _forest_figures(result, locale, module=module)
    return blocks


def _outcome_sentence(comp: OutcomeComparison, result: ComparisonReflection, locale: str) -> str:
    de = locale.startswith("de")
    p = comp.pooled
    short = _SHORT[result.p_adjust]
    how = ((f"gepoolt über {_cities_text(p.n_cities, locale)} "
            + ("(Stadt als Zufallseffekt)" if p.model == "random" else "(alle Paare zusammen)")) if de else
           (f"pooled over {_cities_text(p.n_cities, locale)} "
            + ("(city as a random effect)" if p.model == "random" else "(all pairs together)")))
    text = (f"{comp.title.get(locale)}, {how}: {pooled_apa(p, locale)}, "
            f"{fmt.p_with_operator(comp.p_pooled_adjusted, locale=locale, symbol=f'p ({short})')}")
    if p.model == "random":
        text += (f"; {'Streuung zwischen den Städten' if de else 'SD between cities'} "
                 f"{eq('τ', fmt.number(p.between_city_sd, locale=locale))}")
    test = p.city_test
    if test is not None:
        between = "Unterschied zwischen den Städten" if de else "difference between cities"
        rank = "Rangtest" if de else "rank test"
        text += (f"; {between} {apa(test, locale=locale)}, "
                 f"{fmt.p_with_operator(comp.p_adjusted, locale=locale, symbol=f'p ({short})')}; "
                 f"{rank} {apa(test, locale=locale, test='rank')}")
    return text + "."


def _forest_figures(result: ComparisonReflection, locale: str, *, module: str) -> list[Figure]:
    """One forest plot per response range (a 1–5 and a 0–10 scale share no axis)."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    pooled_label = POOLED_LABEL.get(locale)
    drawn = [c for c in result.outcomes if c.shown]
    ranges = list(dict.fromkeys(c.response_range for c in drawn))
    figures = []
    for index, span in enumerate(ranges, 1):
        rows = []
        for comp in (c for c in drawn if c.response_range == span):
            title = comp.title.get(locale)
            rows += [ForestRow(title, c.city, c.change.mean_diff, c.change.ci_low, c.change.ci_high)
                     for c in comp.shown]
            if comp.pooled is not None:
                p = comp.pooled
                rows.append(ForestRow(title, pooled_label, p.estimate, p.ci_low, p.ci_high, pooled=True))
        first, second = next(c for c in drawn if c.response_range == span).waves
        span_text = "" if span is None else \
            f"{fmt.number(span[0], locale=locale, digits=0)}–{fmt.number(span[1], locale=locale, digits=0)}"
        xlabel = ((f"Mittlere Veränderung {first} → {second}" + (f" (Antwortskala {span_text})" if span else ""))
                  if de else (f"Mean change {first} → {second}" + (f" (response scale {span_text})" if span else "")))
        alt = ((f"Forest-Diagramm der mittleren Veränderung je Stadt und gepoolt mit {ci_label}. ") if de else
               (f"Forest plot of the mean change per city and pooled with {ci_label}. "))
        alt += "; ".join(f"{r.panel}, {r.label}: {fmt.number(r.estimate, locale=locale)} "
                         f"{fmt.ci(r.low, r.high, locale=locale)}" for r in rows) + "."
        caption = (f"Mittlere Veränderung je Stadt und gepoolt mit {ci_label}" if de else
                   f"Mean change per city and pooled with {ci_label}")
        if span is not None and len(ranges) > 1:
            caption += f", {'Antwortskala' if de else 'response scale'} {span_text}"
        figures.append(Figure(
            id=f"fig-{module}-cities" if len(ranges) == 1 else f"fig-{module}-cities-{index}",
            caption=caption, alt=alt,
            svg=forest_plot(rows, locale=locale, xlabel=xlabel, reference=0.0)))
    return figures


def team_blocks(result: ComparisonReflection, locale: str, *, module: str) -> list[Block]:
    """Table and sentences of the lab-team scales per city and pooled (empty without team scales).

    Parameters
    ----------
    result
        The comparison.
    locale
        "de" or "en".
    module
        The chapter showing them (table id ``tab-<module>-team``).
    """
    if not result.team:
        return []
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    pooled_label = POOLED_LABEL.get(locale)
    rows, no_data = [], []
    for comp in result.team:
        title = comp.title.get(locale)
        no_data += [(c.city, title) for c in comp.cities if c.n == 0]
        for c in comp.shown:
            m = c.mean
            rows.append((title, c.city, fmt.integer(c.n, locale=locale), fmt.number(m.mean, locale=locale),
                         fmt.ci(m.ci_low, m.ci_high, locale=locale)))
        p = comp.pooled
        if p is not None:
            rows.append((title, pooled_label, fmt.integer(p.n, locale=locale), fmt.number(p.estimate, locale=locale),
                         fmt.ci(p.ci_low, p.ci_high, locale=locale)))
        if not comp.shown and p is None:
            rows.append((title,) + (fmt.DASH,) * 4)
    waves = ", ".join(dict.fromkeys(c.wave for c in result.team if c.wave))
    tested = [c for c in result.team if c.test is not None]
    pooled = [c for c in result.team if c.pooled is not None]
    notes = [(f"n = Mitglieder des Lab-Teams mit gültigem Skalenwert in der letzten Befragung ({waves}); M = "
              f"Mittelwert mit t-basiertem {ci_label}.") if de else
             (f"n = lab-team members with a valid scale score in the last survey ({waves}); M = mean with t-based "
              f"{ci_label}.")]
    if pooled:
        notes.append(_model_note({c.pooled.model for c in pooled}, result.min_cities_random, locale,
                                 unit=Text(de="Mittelwert aller Personen", en="mean of all persons")))
    if tested:
        notes.append(_test_note(len(tested), result.p_adjust, locale,
                                what=Text(de="der Skalenwerte", en="of the scale scores")))
    for note in (_suppression_note(result.team_suppression, locale, unit=Text(de="Personen", en="persons")),
                 _no_data_note(no_data, locale)):
        if note:
            notes.append(note)
    short = _SHORT[result.p_adjust]
    blocks: list[Block] = [Table(
        id=f"tab-{module}-team",
        caption="Skalen des Lab-Teams je Stadt" if de else "Lab-team scales by city",
        columns=("Skala" if de else "Scale", "Stadt" if de else "City", "n", "M", ci_label),
        rows=tuple(rows), numeric=(False, False, True, True, True), notes=tuple(notes))]
    for comp in tested:
        between = "Unterschied zwischen den Städten" if de else "difference between cities"
        rank = "Rangtest" if de else "rank test"
        blocks.append(Paragraph(
            f"{comp.title.get(locale)}: {between} {apa(comp.test, locale=locale)}, "
            f"{fmt.p_with_operator(comp.p_adjusted, locale=locale, symbol=f'p ({short})')}; "
            f"{rank} {apa(comp.test, locale=locale, test='rank')}."))
    return blocks


def city_summary(result: ComparisonReflection, locale: str) -> str:
    """One sentence: for which outcomes the change differs between the cities (after correction).

    Parameters
    ----------
    result
        The comparison.
    locale
        "de" or "en".
    """
    de = locale.startswith("de")
    tested = [c for c in result.outcomes if c.test is not None]
    differing = [c for c in tested if c.p_adjusted < 0.05]
    cities = fmt.integer(len(result.cities), locale=locale)
    cities = f"{cities} Städte" if de else f"{cities} cities"
    if not tested:
        return (f"Ein Städtevergleich ({cities}) war mangels ausreichender Daten nicht möglich." if de else
                f"A city comparison ({cities}) was not possible for lack of data.")
    if differing:
        names = ", ".join(c.title.get(locale) for c in differing)
        return (f"Im Vergleich der Städte ({cities}) unterscheidet sich die Veränderung bei: {names}." if de else
                f"Comparing the cities ({cities}), the change differs for: {names}.")
    return (f"Im Vergleich der Städte ({cities}) unterscheidet sich die Veränderung bei keiner Skala "
            "nach Korrektur für multiples Testen." if de else
            f"Comparing the cities ({cities}), the change does not differ for any scale after correction for "
            "multiple testing.")


def _intro(result: ComparisonReflection, locale: str) -> str:
    de = locale.startswith("de")
    names = ", ".join(result.cities)
    models = {c.pooled.model for c in (*result.outcomes, *result.team) if c.pooled is not None}
    k = result.min_cities_random
    text = (f"Verglichen werden {_cities_text(len(result.cities), locale)}: {names}. " if de else
            f"The comparison covers {_cities_text(len(result.cities), locale)}: {names}. ")
    if models == {"fixed"} or not models:
        text += (f"Weil es weniger als {k} Städte sind, wird die Stadt als fester Faktor behandelt: Die gepoolten "
                 "Werte fassen alle Befragten der gezeigten Städte zusammen und gelten nur für diese Städte; ob sich "
                 "die Städte unterscheiden, prüft ein Welch-Test. Wie stark Städte allgemein streuen, lässt sich "
                 "aus so wenigen Städten nicht verlässlich schätzen." if de else
                 f"As there are fewer than {k} cities, city is treated as a fixed factor: the pooled values combine "
                 "all respondents of the cities shown and hold for these cities only; a Welch test checks whether "
                 "the cities differ. How much cities vary in general cannot be estimated reliably from so few.")
    else:
        text += (f"Ab {k} Städten wird die Stadt als Zufallseffekt modelliert (gemischtes Modell): Der gepoolte Wert "
                 "schätzt die mittlere Veränderung in einer Stadt wie diesen, und τ gibt an, wie stark die Städte "
                 "um diesen Wert streuen. Konfidenzintervalle und p-Werte beruhen auf der t-Verteilung mit der Zahl "
                 "der Städte minus 1 Freiheitsgraden, weil bei wenigen Städten die Normalverteilung zu enge "
                 "Intervalle gäbe." if de else
                 f"From {k} cities on, city is modelled as a random effect (mixed model): the pooled value estimates "
                 "the mean change in a city like these, and τ shows how much the cities vary around it. Confidence "
                 "intervals and p-values use the t distribution with the number of cities minus 1 degrees of "
                 "freedom, because with few cities the normal distribution would give intervals that are too "
                 "narrow.")
        if "fixed" in models:
            text += (f" Skalen mit Daten aus weniger als {k} Städten werden mit der Stadt als festem Faktor "
                     "gepoolt." if de else
                     f" Scales with data from fewer than {k} cities are pooled with city as a fixed factor.")
    return text


def _summary(result: ComparisonReflection, locale: str) -> tuple[str, ...]:
    de = locale.startswith("de")
    pooled = [c for c in result.outcomes if c.pooled is not None]
    changed = [c for c in pooled if c.p_pooled_adjusted < 0.05]
    sentences = []
    if changed:
        listed = ", ".join(f"{c.title.get(locale)} ({eq('M_Diff', fmt.number(c.pooled.estimate, locale=locale))})"
                           for c in changed)
        sentences.append(f"Über die Städte gepoolt veränderten sich nach Korrektur für multiples Testen: {listed}."
                         if de else f"Pooled over the cities, these outcomes changed after correction for multiple "
                         f"testing: {listed}.")
    elif pooled:
        sentences.append("Über die Städte gepoolt veränderte sich keine Ergebnisskala nach Korrektur für multiples "
                         "Testen bedeutsam." if de else "Pooled over the cities, no outcome changed significantly "
                         "after correction for multiple testing.")
    sentences.append(city_summary(result, locale))
    tested = [c for c in result.team if c.test is not None]
    if tested:
        differing = [c.title.get(locale) for c in tested if c.p_adjusted < 0.05]
        if differing:
            sentences.append(("Die Lab-Teams der Städte unterscheiden sich bei: " if de else
                              "The cities' lab teams differ in: ") + ", ".join(differing) + ".")
        else:
            sentences.append("Die Lab-Teams der Städte unterscheiden sich in keiner Skala nach Korrektur für "
                             "multiples Testen." if de else "The cities' lab teams differ in no scale after "
                             "correction for multiple testing.")
    return tuple(sentences[:3])


def _key_figures(result: ComparisonReflection, locale: str) -> dict[str, str]:
    figures = {"n_cities": fmt.integer(len(result.cities), locale=locale)}
    for comp in result.outcomes:
        if comp.pooled is not None:
            p = comp.pooled
            figures[key_name("pooled", comp.scale)] = fmt.number(p.estimate, locale=locale)
            figures[key_name("pooled_ci", comp.scale)] = fmt.ci(p.ci_low, p.ci_high, locale=locale)
            figures[key_name("p_pooled", comp.scale)] = fmt.pvalue(comp.p_pooled_adjusted, locale=locale)
            figures[key_name("p_city", comp.scale)] = fmt.pvalue(comp.p_adjusted, locale=locale)
            if p.model == "random":
                figures[key_name("between_city_sd", comp.scale)] = fmt.number(p.between_city_sd, locale=locale)
    for comp in result.team:
        if comp.pooled is not None:
            figures[key_name("team_mean", comp.scale)] = fmt.number(comp.pooled.estimate, locale=locale)
            figures[key_name("team_p_city", comp.scale)] = fmt.pvalue(comp.p_adjusted, locale=locale)
    return figures


def _highlights(result: ComparisonReflection, locale: str) -> tuple[KeyFigure, ...]:
    """The pooled changes significant after correction (largest |d_z| first, at most two), else the largest."""
    de = locale.startswith("de")
    pooled = [c for c in result.outcomes if c.pooled is not None]
    ordered = sorted(pooled, key=lambda c: -abs(c.pooled.d_z) if not math.isnan(c.pooled.d_z) else 0.0)
    chosen = [c for c in ordered if c.p_pooled_adjusted < 0.05][:2] or ordered[:1]
    ci_label = fmt.ci_label(result.level, locale=locale)
    highlights = []
    for c in chosen:
        p = c.pooled
        highlights.append(KeyFigure(
            name=key_name("pooled", c.scale),
            label=(f"{c.title.get(locale)}: Veränderung über {_cities_text(p.n_cities, locale)} (gepoolt)" if de else
                   f"{c.title.get(locale)}: change over {_cities_text(p.n_cities, locale)} (pooled)"),
            value=fmt.number(p.estimate, locale=locale),
            context=(f"{ci_label} {fmt.ci(p.ci_low, p.ci_high, locale=locale)}, "
                     f"{eq('n', fmt.integer(p.n, locale=locale))} " + ("Paare" if de else "pairs"))))
    return tuple(highlights)


def present(result: ComparisonReflection, locale: str) -> Section:
    """The comparison chapter: outcome change per city and pooled (table, sentences, forest plot), team scales.

    Parameters
    ----------
    result
        The comparison (:func:`analyze`).
    locale
        "de" or "en".
    """
    de = locale.startswith("de")
    blocks: list[Block] = [Paragraph(_intro(result, locale)),
                           Heading("Veränderung der Ergebnisskalen" if de else "Change of the outcome scales")]
    blocks += change_blocks(result, locale, module=SPEC.name)
    team = team_blocks(result, locale, module=SPEC.name)
    if team:
        blocks += [Heading("Zusammenarbeit im Lab-Team" if de else "Collaboration in the lab team"), *team]
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    return Section(id=SPEC.name, title=SPEC.title.get(locale), blocks=tuple(blocks), summary=_summary(result, locale),
                   key_figures=_key_figures(result, locale), highlights=_highlights(result, locale))
