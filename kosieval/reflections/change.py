"""Change of the outcome scales from the first to the second wave (T0 → T1).

Two analyses per outcome: the paired tests among respondents seen in both waves, and a
linear mixed model over all waves and all respondents with at least one valid score
(random intercept per respondent), which also uses respondents seen only once.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Codebook, Scale, Text
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.apa import apa
from kosieval.present.charts import Interval, interval_plot
from kosieval.present.section import Figure, Heading, KeyFigure, Paragraph, Section, Table
from kosieval.present.sentences import change_sentence
from kosieval.reflections.scales import outcome_scales, scale_scores, scale_waves
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import ChangeResult, MixedResult, mixed_change, paired_change
from kosieval.stats.descriptives import MeanResult, mean_ci
from kosieval.stats.multiplicity import adjust_pvalues


def _requirements(study: Study, *, outcomes: tuple[str, ...] | None = None, **_: object) -> list[Requirement]:
    requirements = []
    for scale_id in outcome_scales(study, outcomes):
        try:
            codebook, _scale = study.find_scale(scale_id)
        except KeyError:
            requirements.append(Requirement(f"Skala / scale {scale_id!r} (in keinem Instrument / "
                                            "in no instrument of the study)", False))
            continue
        waves = scale_waves(study, codebook)
        requirements.append(Requirement(
            f"zwei Wellen für / two waves for {scale_id!r} (instrument {codebook.id!r}; "
            f"vorhanden / present: {', '.join(waves) or 'keine / none'})", len(waves) >= 2))
    if not requirements:
        requirements.append(Requirement("mindestens eine Ergebnisskala / at least one outcome scale "
                                        "(report.outcomes)", False))
    return requirements


SPEC = ReflectionSpec(
    name="change",
    title=Text(de="Veränderungen von T0 zu T1", en="Change from T0 to T1"),
    description=Text(
        de="Veränderung der Ergebnisskalen bei Personen, die an beiden Befragungen teilnahmen, und im "
           "gemischten Modell über alle Befragten.",
        en="Change of the outcome scales among people who answered both surveys, and in a mixed model "
           "over all respondents."),
    requirements=_requirements,
    needs=(Text(de="Ergebnisskalen (report.outcomes) in mindestens zwei Befragungswellen",
                en="outcome scales (report.outcomes) in at least two survey waves"),
           Text(de="Befragten-ID, die die Wellen verknüpft (gepaarter Vergleich)",
                en="a respondent id that links the waves (paired comparison)")),
    params={
        "outcomes": "Skalen, deren Veränderung berichtet wird (Standard report.outcomes) / scales whose change "
                    "is reported (default report.outcomes)",
        "level": "Konfidenzniveau (Standard report.confidence) / confidence level (default report.confidence)",
        "p_adjust": "Korrektur für mehrere Skalen: holm, bh, none (Standard report.p_adjust) / correction across "
                    "scales (default report.p_adjust)",
    },
)


@dataclass(frozen=True)
class ScaleChange:
    """The paired change of one scale.

    Attributes
    ----------
    scale, title, instrument, waves
        What was compared.
    change
        The paired test result (t, Wilcoxon, d_z, rank-biserial r).
    p_adjusted
        The paired-t p-value adjusted across all outcomes of the chapter.
    before, after
        Mean with CI per wave among the paired respondents.
    n_first, n_second
        Respondents with a valid scale score per wave (paired or not).
    response_range
        Lowest and highest response code of the scale's items (for chart axes).
    mixed
        Linear mixed model over all waves and all respondents with at least one valid score
        (random intercept per respondent; REML); None when it could not be fitted (the
        reason is in the chapter's warnings).
    mixed_p_adjusted
        The wave effect's Wald p-value (first later wave) adjusted across the outcomes.
    """

    scale: str
    title: Text
    instrument: str
    waves: tuple[str, str]
    change: ChangeResult
    p_adjusted: float
    before: MeanResult
    after: MeanResult
    n_first: int
    n_second: int
    response_range: tuple[float, float]
    mixed: MixedResult | None = None
    mixed_p_adjusted: float = math.nan


@dataclass(frozen=True)
class ChangeReflection:
    """All outcomes' paired changes.

    Attributes
    ----------
    rows
        One entry per outcome scale.
    p_adjust
        The correction for multiple tests across the outcomes ("holm", "bh" or "none").
    level
        Confidence level.
    warnings
        What the computations warned about.
    """

    rows: tuple[ScaleChange, ...]
    p_adjust: str
    level: float
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per scale: the ChangeResult fields plus the adjusted p-value."""
        frames = []
        for row in self.rows:
            frame = row.change.to_frame()
            frame.insert(0, "scale", row.scale)
            frame["p_adjusted"] = row.p_adjusted
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def mixed_frame(self) -> pd.DataFrame:
        """One row per scale and fixed effect of the mixed model (MixedResult.to_frame plus model numbers)."""
        frames = []
        for row in self.rows:
            if row.mixed is None:
                continue
            m = row.mixed
            frame = m.to_frame()
            frame.insert(0, "scale", row.scale)
            frame["n_obs"], frame["n_respondents"], frame["n_paired"] = m.n_obs, m.n_respondents, m.n_paired
            frame["var_intercept"], frame["var_residual"], frame["icc"] = m.var_intercept, m.var_residual, m.icc
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _scores(study: Study, codebook: Codebook, scale: Scale, wave: str) -> pd.Series:
    surveys = [s for s in study.surveys_of(codebook.id) if s.wave == wave]
    series = [scale_scores(s, scale).scores for s in surveys]
    return pd.concat(series) if len(series) > 1 else series[0]


def _long_scores(study: Study, codebook: Codebook, scale: Scale, waves: list[str]) -> pd.DataFrame:
    """All valid scores of ``scale`` in ``waves``: columns respondent, wave (ordered categorical), score."""
    frames = []
    for wave in waves:
        scores = _scores(study, codebook, scale, wave)
        frames.append(pd.DataFrame({"respondent": scores.index.to_numpy(dtype=object), "wave": wave,
                                    "score": scores.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))}))
    long = pd.concat(frames, ignore_index=True)
    long = long[long["score"].notna()].reset_index(drop=True)
    long["wave"] = pd.Categorical(long["wave"], categories=waves)
    return long


def _mixed(study: Study, codebook: Codebook, scale: Scale, level: float) -> tuple[MixedResult | None, list[str]]:
    """Fit the mixed model of ``scale`` over all waves; (None, [reason]) when it cannot be fitted."""
    long = _long_scores(study, codebook, scale, scale_waves(study, codebook))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = mixed_change(long, score="score", wave="wave", respondent="respondent", level=level)
        except ValueError as exc:
            return None, [f"{scale.id} (gemischtes Modell / mixed model): {exc}"]
    return result, [f"{scale.id} (gemischtes Modell / mixed model): {w.message}" for w in caught]


def analyze(study: Study, *, outcomes: tuple[str, ...] | None = None, level: float | None = None,
            p_adjust: str | None = None) -> ChangeReflection:
    """Paired T0 → T1 change of each outcome scale, and a mixed model over all waves.

    Respondents are linked by their id; only those with a valid scale score in both waves
    enter the paired tests. The linear mixed model (:func:`kosieval.stats.mixed_change`,
    random intercept per respondent, REML) uses every valid score of every wave, including
    respondents seen only once. p-values of the paired t-tests, and separately those of the
    mixed model's (first) wave effect, are corrected across the outcomes (Holm by default,
    from ``report.p_adjust``).

    Parameters
    ----------
    study
        The loaded study.
    outcomes
        Scale ids (default: ``report.outcomes``, else every scale of a multi-wave instrument).
    level
        Confidence level (default ``report.confidence``).
    p_adjust
        "holm", "bh" or "none" (default ``report.p_adjust``).
    """
    level = study.config.report.confidence if level is None else level
    p_adjust = p_adjust or study.config.report.p_adjust
    caught_notes: list[str] = []
    pending = []
    for scale_id in outcome_scales(study, outcomes):
        codebook, scale = study.find_scale(scale_id)
        first, second = scale_waves(study, codebook)[:2]
        before_all = _scores(study, codebook, scale, first)
        after_all = _scores(study, codebook, scale, second)
        paired = pd.concat({"before": before_all, "after": after_all}, axis=1, join="inner").dropna()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            change = paired_change(paired["before"], paired["after"], level=level)
        caught_notes += [f"{scale_id}: {w.message}" for w in caught]
        mixed, mixed_notes = _mixed(study, codebook, scale, level)
        caught_notes += mixed_notes
        pending.append((scale, codebook, (first, second), change,
                        mean_ci(paired["before"], level=level), mean_ci(paired["after"], level=level),
                        int(before_all.notna().sum()), int(after_all.notna().sum()), mixed))
    raw_p = [c[3].p_t for c in pending]
    adjusted = list(raw_p) if p_adjust == "none" else list(adjust_pvalues(raw_p, method=p_adjust).adjusted)
    mixed_p = [math.nan if c[8] is None else float(c[8].pvalue[_wave_term(c[8])]) for c in pending]
    mixed_adjusted = (list(mixed_p) if p_adjust == "none" or all(math.isnan(p) for p in mixed_p)
                      else list(adjust_pvalues(mixed_p, method=p_adjust).adjusted))
    rows = tuple(
        ScaleChange(scale.id, scale.title, codebook.id, waves, change, p_adj, before, after, n1, n2,
                    codebook.scale_range(scale.id), mixed, mixed_p_adj)
        for (scale, codebook, waves, change, before, after, n1, n2, mixed), p_adj, mixed_p_adj
        in zip(pending, adjusted, mixed_adjusted)
    )
    return ChangeReflection(rows, p_adjust, level, tuple(caught_notes))


def _wave_term(mixed: MixedResult) -> str:
    """The term of the first later wave (the T0 → T1 effect)."""
    return str(mixed.effect_size.index[0])


_ADJUST = {
    "holm": Text(de="Holm-korrigiert", en="Holm-adjusted"),
    "bh": Text(de="nach Benjamini-Hochberg korrigiert", en="Benjamini-Hochberg-adjusted"),
    "none": Text(de="unkorrigiert", en="unadjusted"),
}


_SHORT = {"holm": "Holm", "bh": "BH", "none": "–"}


def present(result: ChangeReflection, locale: str) -> Section:
    """The change chapter: table of paired tests, T0/T1 dot-and-CI plot, sentences."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    adjust = _ADJUST[result.p_adjust].get(locale)
    rows = []
    for row in result.rows:
        c = row.change
        rows.append((
            row.title.get(locale), fmt.integer(c.n_pairs, locale=locale),
            fmt.number(c.mean_before, locale=locale), fmt.number(c.mean_after, locale=locale),
            fmt.number(c.mean_diff, locale=locale), fmt.ci(c.ci_low, c.ci_high, locale=locale),
            fmt.number(c.d_z, locale=locale), fmt.ci(c.d_z_ci_low, c.d_z_ci_high, locale=locale),
            fmt.pvalue(c.p_t, locale=locale), fmt.pvalue(row.p_adjusted, locale=locale),
            fmt.pvalue(c.p_wilcoxon, locale=locale),
        ))
    first_wave, second_wave = result.rows[0].waves if result.rows else ("T0", "T1")
    short_adjust = _SHORT[result.p_adjust]
    table = Table(
        id="tab-change",
        caption=(f"Veränderung der Skalenmittelwerte von {first_wave} zu {second_wave} "
                 "(gepaarte Stichprobe)") if de else
                (f"Change of scale means from {first_wave} to {second_wave} (paired sample)"),
        columns=("Skala" if de else "Scale", "n", f"M {first_wave}", f"M {second_wave}", "Diff.",
                 ci_label, "d_z", ci_label, "p (t)", f"p ({short_adjust})", "p (W)"),
        rows=tuple(rows),
        numeric=(False,) + (True,) * 10,
        notes=(_table_note(result, locale),),
    )
    blocks: list[Heading | Paragraph | Table | Figure] = []
    sentences = [change_sentence(row.title.get(locale), row.change, locale=locale,
                                 p_adjusted=row.p_adjusted, adjust_label=adjust)
                 for row in result.rows]
    if result.rows:
        n_text = ", ".join(f"{r.title.get(locale)}: {fmt.integer(r.change.n_pairs, locale=locale)}"
                           for r in result.rows[:1])
        intro = (f"Verglichen werden Personen, die an beiden Befragungen teilgenommen haben "
                 f"({n_text} Paare). Für jede Skala werden der gepaarte t-Test, der "
                 f"Wilcoxon-Vorzeichen-Rang-Test und die standardisierte Veränderung d_z berichtet; "
                 f"die p-Werte der t-Tests sind über {len(result.rows)} Skalen {adjust}.") if de else (
                 f"The comparison covers people who answered both surveys ({n_text} pairs). For each "
                 f"scale the paired t-test, the Wilcoxon signed-rank test and the standardised change "
                 f"d_z are reported; p-values of the t-tests are {adjust} across "
                 f"{len(result.rows)} scales.")
        blocks.append(Paragraph(intro))
    blocks += [Paragraph(s) for s in sentences]
    blocks.append(table)
    blocks += _figures(result, locale)
    blocks += _mixed_blocks(result, locale)
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    significant = [r for r in result.rows if r.p_adjusted < 0.05]
    summary = tuple(change_sentence(r.title.get(locale), r.change, locale=locale,
                                    p_adjusted=r.p_adjusted, adjust_label=adjust)
                    for r in significant) or ((
        "Keine der Ergebnisskalen veränderte sich nach Korrektur für multiples Testen bedeutsam."
        if de else "None of the outcome scales changed significantly after correction for multiple testing."),)
    key_figures = {}
    for r in result.rows:
        key_figures[f"d_z_{r.scale}"] = fmt.number(r.change.d_z, locale=locale)
        key_figures[f"n_pairs_{r.scale}"] = fmt.integer(r.change.n_pairs, locale=locale)
        if r.mixed is not None:
            key_figures[f"mixed_b_{r.scale}"] = fmt.number(r.mixed.fixef[_wave_term(r.mixed)], locale=locale)
    return Section(id="change", title=SPEC.title.get(locale), blocks=tuple(blocks),
                   summary=summary, key_figures=key_figures, highlights=_highlights(result, locale))


def _figures(result: ChangeReflection, locale: str) -> list[Figure]:
    """One dot-and-CI chart per response range (a 1–5 scale and a 0–10 scale share no axis)."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    ranges = list(dict.fromkeys(r.response_range for r in result.rows))
    figures = []
    for index, (low, high) in enumerate(ranges, 1):
        rows = [r for r in result.rows if r.response_range == (low, high)]
        first, second = rows[0].waves
        intervals = []
        for row in rows:
            label = row.title.get(locale)
            intervals.append(Interval(label, first, row.before.mean, row.before.ci_low, row.before.ci_high))
            intervals.append(Interval(label, second, row.after.mean, row.after.ci_low, row.after.ci_high))
        span = f"{fmt.number(low, locale=locale, digits=0)}–{fmt.number(high, locale=locale, digits=0)}"
        figures.append(Figure(
            id=f"fig-change-{index}",
            caption=(f"Skalenmittelwerte {first} und {second} mit {ci_label}, Antwortskala {span} "
                     "(gepaarte Stichprobe)") if de else
                    (f"Scale means at {first} and {second} with {ci_label}, response scale {span} "
                     "(paired sample)"),
            alt=_alt(rows, locale),
            svg=interval_plot(intervals, groups=[first, second], locale=locale,
                              xlabel=(f"Mittelwert (Antwortskala {span})" if de else f"Mean (response scale {span})"),
                              xlim=(low, high), digits=0 if high - low > 5 else 1),
        ))
    return figures


def _table_note(result: ChangeReflection, locale: str) -> str:
    """Explain the columns and conventions, from the results' own settings."""
    if not result.rows:
        return ""
    c = result.rows[0].change
    exact = c.wilcoxon_method == "exact"
    adjust = _ADJUST[result.p_adjust].get(locale)
    if locale.startswith("de"):
        wilcoxon = ("exakte Verteilung" if exact else
                    "Normalapproximation mit Bindungskorrektur, "
                    + ("mit" if c.correction else "ohne") + " Stetigkeitskorrektur")
        zeros = ("Nulldifferenzen ausgeschlossen" if c.zero_method == "wilcox"
                 else "Nulldifferenzen nach Pratt behandelt")
        return ("n = Paare mit gültigem Skalenwert in beiden Wellen; Diff. = mittlere Differenz "
                "(später minus früher) mit t-basiertem KI; d_z = mittlere Differenz geteilt durch "
                "die Standardabweichung der Differenzen, KI über die nichtzentrale t-Verteilung; "
                f"p (t) = gepaarter t-Test (df = n − 1); p ({_SHORT[result.p_adjust]}) = {adjust} über "
                f"{len(result.rows)} Skalen; p (W) = Wilcoxon-Vorzeichen-Rang-Test ({wilcoxon}; "
                f"{zeros}). Alle Tests zweiseitig.")
    wilcoxon = ("exact distribution" if exact else
                "normal approximation with tie correction, "
                + ("with" if c.correction else "without") + " continuity correction")
    zeros = "zero differences dropped" if c.zero_method == "wilcox" else "zero differences handled after Pratt"
    return ("n = pairs with a valid scale score in both waves; Diff. = mean difference (later minus "
            "earlier) with t-based CI; d_z = mean difference divided by the SD of the differences, CI "
            f"from the noncentral t distribution; p (t) = paired t-test (df = n − 1); p adjusted: "
            f"{adjust} across {len(result.rows)} scales; p (W) = Wilcoxon signed-rank test ({wilcoxon}; "
            f"{zeros}). All tests two-sided.")


def _alt(rows: list[ScaleChange], locale: str) -> str:
    parts = []
    for r in rows:
        parts.append(f"{r.title.get(locale)}: {fmt.number(r.before.mean, locale=locale)} → "
                     f"{fmt.number(r.after.mean, locale=locale)}")
    lead = ("Punktdiagramm der Skalenmittelwerte je Welle mit Konfidenzintervallen. "
            if locale.startswith("de") else "Dot plot of scale means per wave with confidence intervals. ")
    return lead + "; ".join(parts) + "."


def _mixed_blocks(result: ChangeReflection, locale: str) -> list[Heading | Paragraph | Table]:
    """The mixed-model table ("Mixed model") with its note, and one sentence per outcome."""
    rows_with = [r for r in result.rows if r.mixed is not None]
    if not rows_with:
        return []
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    short = _SHORT[result.p_adjust]
    rows = []
    sentences = []
    for row in rows_with:
        m = row.mixed
        for term in m.effect_size.index:
            wave = term.split("[", 1)[1].rstrip("]") if "[" in term else term
            rows.append((
                row.title.get(locale), f"{wave} − {m.waves[0]}",
                fmt.number(m.fixef[term], locale=locale), fmt.number(m.se[term], locale=locale),
                fmt.ci(m.ci_low[term], m.ci_high[term], locale=locale), fmt.pvalue(m.pvalue[term], locale=locale),
                fmt.pvalue(row.mixed_p_adjusted, locale=locale) if term == _wave_term(m) else fmt.DASH,
                fmt.integer(m.n_obs, locale=locale), fmt.integer(m.n_respondents, locale=locale),
                fmt.number(m.icc, locale=locale),
            ))
        term = _wave_term(m)
        stats_text = apa(m, locale=locale, test=term)
        n_obs, n_resp = fmt.integer(m.n_obs, locale=locale), fmt.integer(m.n_respondents, locale=locale)
        n_single = fmt.integer(m.n_single, locale=locale)
        if de:
            sentences.append(f"{row.title.de}, gemischtes Modell ({n_obs} Werte von {n_resp} Personen, davon "
                             f"{n_single} nur einmal befragt): {stats_text}.")
        else:
            sentences.append(f"{row.title.en}, mixed model ({n_obs} scores of {n_resp} persons, {n_single} of "
                             f"them surveyed once only): {stats_text}.")
    table = Table(
        id="tab-change-mixed",
        caption=("Gemischtes Modell: Veränderung über alle Befragten (zufälliger Achsenabschnitt je Person)"
                 if de else "Mixed model: change over all respondents (random intercept per person)"),
        columns=("Skala" if de else "Scale", "Effekt" if de else "Effect", "b", "SE", ci_label, "p",
                 f"p ({short})", "n Werte" if de else "n scores", "n Personen" if de else "n persons", "ICC"),
        rows=tuple(rows),
        numeric=(False, False) + (True,) * 8,
        notes=(_mixed_note(result, locale),),
    )
    intro = Paragraph(
        "Zusätzlich zum gepaarten Vergleich wird jede Skala mit einem linearen gemischten Modell über alle "
        "Befragungswellen und alle Befragten mit mindestens einem gültigen Skalenwert geschätzt."
        if de else
        "In addition to the paired comparison, each scale is estimated with a linear mixed model over all waves "
        "and all respondents with at least one valid scale score.")
    return [Heading("Gemischtes Modell" if de else "Mixed model"), intro, *[Paragraph(s) for s in sentences], table]


def _mixed_note(result: ChangeReflection, locale: str) -> str:
    """Explain the mixed model and why it may differ from the paired test."""
    adjust = _ADJUST[result.p_adjust].get(locale)
    n = sum(r.mixed is not None for r in result.rows)
    if locale.startswith("de"):
        return ("Lineares gemischtes Modell Skalenwert ~ Welle + (1 | Person), REML-Schätzung (statsmodels "
                "MixedLM); b = Veränderung des Mittelwerts gegenüber der ersten Welle; SE bedingt auf die "
                "geschätzten Varianzkomponenten (wie vcov in lme4); KI und p aus dem Wald-z-Test ohne "
                "Freiheitsgrad-Korrektur (Satterthwaite/Kenward-Roger), bei wenigen Personen daher eher zu eng; "
                f"p ({_SHORT[result.p_adjust]}) = {adjust} über {n} Skalen; ICC = Anteil der Varianz zwischen "
                "Personen. Das Modell nutzt auch Personen, die nur an einer Befragung teilnahmen; es kann deshalb "
                "vom gepaarten Test abweichen (andere Stichprobe, Gewichtung der Personen über die ICC, "
                "REML-Schätzung der Varianzen). Es setzt voraus, dass fehlende Befragungen zufällig fehlen, "
                "gegeben die beobachteten Werte.")
    return ("Linear mixed model score ~ wave + (1 | person), REML fit (statsmodels MixedLM); b = change of the "
            "mean relative to the first wave; SE conditional on the estimated variance components (as vcov in "
            "lme4); CI and p from the Wald z test without Satterthwaite or Kenward-Roger df, hence rather too "
            f"narrow with few persons; p ({_SHORT[result.p_adjust]}) = {adjust} across {n} scales; ICC = share "
            "of the variance between persons. The model also uses persons who answered only one survey, so it "
            "can differ from the paired test (another sample, persons weighted through the ICC, REML estimates "
            "of the variances). It assumes that missed surveys are missing at random given the observed scores.")


def _highlights(result: ChangeReflection, locale: str) -> tuple[KeyFigure, ...]:
    """The outcomes that changed after correction (largest |d_z| first, at most two).

    Without any, the outcome with the largest |d_z|, so the summary still shows the size of
    the largest change with its interval rather than nothing.
    """
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    ordered = sorted(result.rows, key=lambda r: -abs(r.change.d_z) if r.change.d_z == r.change.d_z else 0.0)
    chosen = [r for r in ordered if r.p_adjusted < 0.05][:2] or ordered[:1]
    return tuple(KeyFigure(
        name=f"d_z_{r.scale}",
        label=(f"{r.title.get(locale)}: Veränderung {r.waves[0]} → {r.waves[1]} (d_z)" if de else
               f"{r.title.get(locale)}: change {r.waves[0]} → {r.waves[1]} (d_z)"),
        value=fmt.number(r.change.d_z, locale=locale),
        context=(f"{ci_label} {fmt.ci(r.change.d_z_ci_low, r.change.d_z_ci_high, locale=locale)}, "
                 f"n = {fmt.integer(r.change.n_pairs, locale=locale)} "
                 + ("Paare" if de else "pairs"))) for r in chosen)
