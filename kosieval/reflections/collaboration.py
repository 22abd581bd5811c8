"""Collaboration quality "auf Augenhöhe": scale scores by actor group and group comparisons.

For each collaboration scale (by default the scales of the single-wave instruments, i.e. the
lab-team survey) the chapter shows the mean with CI per actor group, Welch's ANOVA and the
Kruskal-Wallis test across the groups, every pairwise Welch t-test with Hedges' g, and the
answers to the scale's items as diverging stacked bars. Groups below the minimum cell size
are left out of tables, charts and tests and named in a footnote.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Codebook, Scale, Text
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.apa import apa, df_text, eq
from kosieval.present.charts import Interval, interval_plot
from kosieval.present.likert import diverging_likert
from kosieval.present.section import Figure, Heading, KeyFigure, Paragraph, Section, Table
from kosieval.reflections.privacy import Suppression, min_cell_size, split_groups
from kosieval.reflections.scales import scale_scores, scale_waves
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import GroupComparisonResult, MeanResult, compare_groups, mean_ci
from kosieval.stats.multiplicity import adjust_pvalues

#: Bootstrap replications and seed for the CI of rank epsilon squared (fixed: same report, same numbers).
N_BOOT = 2000
SEED = 20260301


# -- choosing scales, waves and groups -------------------------------------------------------


def _scales(study: Study, scales: tuple[str, ...] | None) -> tuple[str, ...]:
    if scales:
        return tuple(scales)
    return tuple(s.id for c in study.codebooks.values()
                 if len(c.waves) == 1 and study.surveys_of(c.id) for s in c.scales)


def _wave(study: Study, codebook: Codebook) -> str | None:
    """The last wave of ``codebook`` that the study has a survey for."""
    waves = scale_waves(study, codebook)
    return waves[-1] if waves else None


def _group_attribute(codebook: Codebook, group: str) -> bool:
    return any(v.id == group for v in codebook.variables)


def _responses(study: Study, codebook: Codebook, wave: str) -> list:
    return [s for s in study.surveys_of(codebook.id) if s.wave == wave]


def _scores_and_groups(study: Study, codebook: Codebook, scale: Scale, wave: str,
                       group: str) -> pd.DataFrame:
    """One row per response of the wave: ``score`` (NaN = no valid score) and ``group``."""
    frames = []
    for survey in _responses(study, codebook, wave):
        scores = scale_scores(survey, scale).scores.astype(float).to_numpy()
        groups = survey.responses[group].to_numpy(dtype=object)
        frames.append(pd.DataFrame({"score": scores, "group": groups}))
    frame = pd.concat(frames, ignore_index=True)
    frame["group"] = frame["group"].where(frame["group"].notna(), None)
    return frame


def _group_labels(codebook: Codebook, group: str, values: list[object]) -> dict[object, Text]:
    """Group value -> label, in the attribute's option order (other values after, sorted)."""
    item = codebook.item(group)
    labels: dict[object, Text] = {o.code: o.label for o in item.options}
    ordered = [code for code in labels if code in values]
    rest = sorted((v for v in values if v not in labels), key=str)
    out = {code: labels[code] for code in ordered}
    out.update({v: Text(de=str(v), en=str(v)) for v in rest})
    return out


def _counts(frame: pd.DataFrame, labels: dict[object, Text]) -> dict[str, int]:
    valid = frame.dropna(subset=["score"])
    valid = valid[valid["group"].notna()]
    return {str(code): int((valid["group"] == code).sum()) for code in labels}


def _requirements(study: Study, *, scales: tuple[str, ...] | None = None, group: str | None = None,
                  **_: object) -> list[Requirement]:
    group = group or study.config.report.actor_group
    min_size = min_cell_size(study)
    chosen = _scales(study, scales)
    if not chosen:
        return [Requirement("mindestens eine Skala zur Zusammenarbeit (Instrument mit einer Welle, z. B. "
                            "Teambefragung) / at least one collaboration scale (an instrument with one wave, "
                            "e.g. the team survey; or report.modules.collaboration.scales)", False)]
    requirements = []
    for scale_id in chosen:
        try:
            codebook, scale = study.find_scale(scale_id)
        except KeyError:
            requirements.append(Requirement(f"Skala / scale {scale_id!r} (in keinem Instrument / "
                                             "in no instrument of the study)", False))
            continue
        wave = _wave(study, codebook)
        requirements.append(Requirement(
            f"Befragungsdaten für / survey data for {scale_id!r} (instrument {codebook.id!r})", wave is not None))
        has_group = _group_attribute(codebook, group)
        requirements.append(Requirement(
            f"Gruppenmerkmal / group attribute {group!r} im Instrument / in instrument {codebook.id!r}",
            has_group))
        if wave is None or not has_group:
            continue
        frame = _scores_and_groups(study, codebook, scale, wave, group)
        labels = _group_labels(codebook, group, list(frame["group"].dropna().unique()))
        shown = split_groups(_counts(frame, labels), min_size=min_size).shown
        requirements.append(Requirement(
            f"mindestens zwei Gruppen mit je mindestens {min_size} gültigen Werten für / at least two "
            f"groups with at least {min_size} valid scores each for {scale_id!r} (by {group!r}; "
            f"vorhanden / present: {len(shown)})", len(shown) >= 2))
    return requirements


SPEC = ReflectionSpec(
    name="collaboration",
    title=Text(de="Zusammenarbeit auf Augenhöhe", en="Collaboration on an equal footing"),
    description=Text(
        de="Skalen zur Qualität der Zusammenarbeit nach Akteursgruppe, mit Gruppenvergleichen.",
        en="Scales of collaboration quality by actor group, with group comparisons."),
    requirements=_requirements,
    placement="chapter",
    needs=(Text(de="Teambefragung (oder andere Skalen): Skalenwerte und Items nach Akteursgruppe",
                en="team survey (or other scales): scale scores and items by actor group"),),
    params={
        "scales": "Skalen-IDs (Standard: alle Skalen der Instrumente mit einer Welle) / scale ids "
                  "(default: every scale of the single-wave instruments)",
        "group": "Gruppenmerkmal (Standard: report.actor_group) / group attribute (default report.actor_group)",
        "level": "Konfidenzniveau (Standard: report.confidence) / confidence level (default report.confidence)",
        "p_adjust": "holm, bh oder none (Standard: report.p_adjust) / correction for multiple tests",
    },
)


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupScore:
    """The scale score of one shown group.

    Attributes
    ----------
    code
        The group's value in the data (e.g. 1).
    label
        Its label (e.g. Verwaltung / Administration).
    result
        n, mean, SD and t-based CI of the mean.
    """

    code: object
    label: Text
    result: MeanResult


@dataclass(frozen=True)
class PairComparison:
    """Welch t-test and Hedges' g of one pair of shown groups.

    The difference is ``group`` minus ``reference``, where ``reference`` comes first in the
    attribute's option order (e.g. Zivilgesellschaft − Verwaltung).

    Attributes
    ----------
    scale
        The scale id.
    group, reference
        The two groups' labels.
    result
        compare_groups on the two groups (first = ``group``): mean_diff, Welch t, Hedges' g and CIs.
    p_adjusted
        Welch p adjusted across all pairwise tests of the chapter.
    """

    scale: str
    group: Text
    reference: Text
    result: GroupComparisonResult
    p_adjusted: float


@dataclass(frozen=True)
class ScaleComparison:
    """One scale by group.

    Attributes
    ----------
    scale, title, instrument, wave
        What was compared.
    groups
        Shown groups (n >= minimum cell size), in option order.
    suppressed
        Groups with 0 < n < minimum cell size (left out of everything but the footnote).
    n_no_group
        Respondents with a valid score but no group (left out).
    total
        Mean with CI over the respondents of the shown groups (suppressed groups not included).
    omnibus
        compare_groups across the shown groups (Welch ANOVA and Kruskal-Wallis for 3 or more,
        Welch t and Mann-Whitney for 2).
    p_adjusted
        The omnibus Welch p adjusted across the scales.
    response_range
        Lowest and highest response code.
    item_counts
        Items × response codes: answers of all respondents of the survey (missing left out).
    item_texts
        Item id -> item text.
    category_labels
        Response code -> label.
    reverse
        Reverse-keyed items of the scale.
    """

    scale: str
    title: Text
    instrument: str
    wave: str
    groups: tuple[GroupScore, ...]
    suppressed: tuple[Text, ...]
    n_no_group: int
    total: MeanResult
    omnibus: GroupComparisonResult
    p_adjusted: float
    response_range: tuple[float, float]
    item_counts: pd.DataFrame
    item_texts: dict[str, Text]
    category_labels: dict[int, Text]
    reverse: tuple[str, ...]


@dataclass(frozen=True)
class CollaborationReflection:
    """Collaboration scales by group.

    Attributes
    ----------
    rows
        One entry per scale.
    pairs
        Every pairwise comparison of shown groups, all scales, in scale order.
    group
        The group attribute used.
    level, p_adjust, min_size
        Settings used.
    warnings
        What the computations warned about.
    """

    rows: tuple[ScaleComparison, ...]
    pairs: tuple[PairComparison, ...]
    group: str
    level: float
    p_adjust: str
    min_size: int
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per scale and shown group: n, mean, SD, CI, and the omnibus test of the scale."""
        records = []
        for row in self.rows:
            for g in row.groups:
                r = g.result
                records.append({"scale": row.scale, "group": g.label.de, "code": g.code, "n": r.n, "mean": r.mean,
                                "sd": r.sd, "ci_low": r.ci_low, "ci_high": r.ci_high, "test": row.omnibus.test,
                                "statistic": row.omnibus.statistic, "pvalue": row.omnibus.pvalue,
                                "p_adjusted": row.p_adjusted})
        return pd.DataFrame(records)

    def pairs_frame(self) -> pd.DataFrame:
        """One row per pairwise comparison: Δ M, Welch t, df, p, p adjusted, Hedges' g and CI."""
        return pd.DataFrame([
            {"scale": p.scale, "group": p.group.de, "reference": p.reference.de,
             "mean_diff": p.result.mean_diff, "t": p.result.statistic, "df": p.result.df,
             "pvalue": p.result.pvalue, "p_adjusted": p.p_adjusted, "hedges_g": p.result.effect_size,
             "g_ci_low": p.result.effect_ci_low, "g_ci_high": p.result.effect_ci_high}
            for p in self.pairs])


# -- analysis -------------------------------------------------------------------------------


def _record(caught: list[warnings.WarningMessage], prefix: str) -> list[str]:
    return [f"{prefix}: {w.message}" for w in caught]


def _item_counts(study: Study, codebook: Codebook, scale: Scale, wave: str) -> tuple[pd.DataFrame, dict[int, Text]]:
    surveys = _responses(study, codebook, wave)
    answers = pd.concat([s.scale_items(scale.id) for s in surveys], ignore_index=True)
    first = codebook.item(scale.items[0])
    categories = {o.code: o.label for o in first.options}
    counts = pd.DataFrame(0, index=list(scale.items), columns=list(categories), dtype=int)
    for item in scale.items:
        values = pd.to_numeric(answers[item], errors="coerce").dropna()
        for code in categories:
            counts.loc[item, code] = int((values == code).sum())
    return counts, categories


def _adjust(p: list[float], method: str) -> list[float]:
    if method == "none" or not p:
        return list(p)
    return list(adjust_pvalues(p, method=method).adjusted)


def analyze(study: Study, *, scales: tuple[str, ...] | None = None, group: str | None = None,
            level: float | None = None, p_adjust: str | None = None) -> CollaborationReflection:
    """Scale scores by group, omnibus and pairwise comparisons of the shown groups.

    Per scale, groups with ``0 < n < privacy.min_cell_size`` respondents with a valid score
    are left out of all numbers; respondents without a group too. The omnibus Welch p-values
    are adjusted across the scales, the pairwise Welch p-values across all pairs of all
    scales.

    Parameters
    ----------
    study
        The loaded study.
    scales
        Scale ids (default: every scale of the instruments with exactly one wave; a scale of
        a multi-wave instrument is taken from its last wave).
    group
        The group attribute (default ``report.actor_group``).
    level
        Confidence level (default ``report.confidence``).
    p_adjust
        "holm", "bh" or "none" (default ``report.p_adjust``).
    """
    level = study.config.report.confidence if level is None else level
    p_adjust = p_adjust or study.config.report.p_adjust
    group = group or study.config.report.actor_group
    min_size = min_cell_size(study)
    notes: list[str] = []
    pending = []
    pair_pending = []
    for scale_id in _scales(study, scales):
        codebook, scale = study.find_scale(scale_id)
        wave = _wave(study, codebook)
        frame = _scores_and_groups(study, codebook, scale, wave, group)
        labels = _group_labels(codebook, group, list(frame["group"].dropna().unique()))
        split = split_groups(_counts(frame, labels), min_size=min_size)
        shown_codes = [code for code in labels if str(code) in split.shown]
        valid = frame.dropna(subset=["score"])
        n_no_group = int(valid["group"].isna().sum())
        kept = valid[valid["group"].isin(shown_codes)]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scores = tuple(GroupScore(code, labels[code], mean_ci(kept.loc[kept["group"] == code, "score"],
                                                                  level=level))
                           for code in shown_codes)
            total = mean_ci(kept["score"], level=level)
            categorical = pd.Categorical(kept["group"], categories=shown_codes)
            omnibus = compare_groups(kept["score"].to_numpy(), categorical, level=level, n_boot=N_BOOT,
                                     seed=SEED)
        notes += _record(caught, scale_id)
        for reference, other in itertools.combinations(shown_codes, 2):
            subset = kept[kept["group"].isin([reference, other])]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = compare_groups(subset["score"].to_numpy(),
                                        pd.Categorical(subset["group"], categories=[other, reference]),
                                        level=level)
            notes += _record(caught, f"{scale_id} ({labels[other].de} − {labels[reference].de})")
            pair_pending.append((scale_id, labels[other], labels[reference], result))
        counts, categories = _item_counts(study, codebook, scale, wave)
        pending.append((scale, codebook, wave, scores, tuple(labels[c] for c in labels
                                                              if str(c) in split.suppressed),
                        n_no_group, total, omnibus, counts, categories))
    omnibus_adjusted = _adjust([p[7].pvalue for p in pending], p_adjust)
    pair_adjusted = _adjust([p[3].pvalue for p in pair_pending], p_adjust)
    rows = tuple(
        ScaleComparison(scale.id, scale.title, codebook.id, wave, scores, suppressed, n_no_group, total, omnibus,
                        p_adj, codebook.scale_range(scale.id), counts,
                        {i: codebook.item(i).text for i in scale.items}, categories, scale.reverse)
        for (scale, codebook, wave, scores, suppressed, n_no_group, total, omnibus, counts, categories), p_adj
        in zip(pending, omnibus_adjusted))
    pairs = tuple(PairComparison(scale_id, other, reference, result, p_adj)
                  for (scale_id, other, reference, result), p_adj in zip(pair_pending, pair_adjusted))
    return CollaborationReflection(rows, pairs, group, level, p_adjust, min_size, tuple(notes))


# -- presentation -----------------------------------------------------------------------------

_ADJUST = {
    "holm": Text(de="Holm-korrigiert", en="Holm-adjusted"),
    "bh": Text(de="nach Benjamini-Hochberg korrigiert", en="Benjamini-Hochberg-adjusted"),
    "none": Text(de="unkorrigiert", en="unadjusted"),
}
_SHORT = {"holm": "Holm", "bh": "BH", "none": "–"}


def slug(text: str) -> str:
    """An identifier part from a label: "Zivilgesellschaft" -> "zivilgesellschaft", "ä" -> "ae"."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "x"


def _pair_label(pair: PairComparison, locale: str) -> str:
    return f"{pair.group.get(locale)} − {pair.reference.get(locale)}"


def _suppression_notes(result: CollaborationReflection, locale: str) -> list[str]:
    """The suppression footnote (one per distinct set of suppressed groups)."""
    de = locale.startswith("de")
    sets: dict[tuple[str, ...], list[str]] = {}
    for row in result.rows:
        if row.suppressed:
            sets.setdefault(tuple(t.get(locale) for t in row.suppressed), []).append(row.title.get(locale))
    notes = []
    for names, titles in sets.items():
        note = Suppression((), names, result.min_size).note(locale)
        if len(sets) > 1 or len(titles) < len(result.rows):
            note = note.rstrip(".") + (" (Skalen: " if de else " (scales: ") + ", ".join(titles) + ")."
        notes.append(note)
    return notes


def _no_group_note(result: CollaborationReflection, locale: str) -> str:
    counts = [(r.title.get(locale), r.n_no_group) for r in result.rows if r.n_no_group]
    if not counts:
        return ""
    parts = "; ".join(f"{t}: {fmt.integer(n, locale=locale)}" for t, n in counts)
    if locale.startswith("de"):
        return f"Ohne Angabe der Gruppe und daher nicht berücksichtigt: {parts} Personen."
    return f"Left out because their group is unknown: {parts} persons."


def present(result: CollaborationReflection, locale: str) -> Section:
    """The collaboration chapter: means by group, omnibus and pairwise tests, charts, sentences."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    short = _SHORT[result.p_adjust]
    suppression = _suppression_notes(result, locale)
    no_group = _no_group_note(result, locale)
    common_notes = tuple(n for n in (*suppression, no_group) if n)

    means = Table(
        id="tab-collaboration-means",
        caption="Skalenmittelwerte nach Akteursgruppe" if de else "Scale means by actor group",
        columns=("Skala" if de else "Scale", "Gruppe" if de else "Group", "n", "M", ci_label, "SD"),
        rows=tuple(
            (row.title.get(locale), g.label.get(locale), fmt.integer(g.result.n, locale=locale),
             fmt.number(g.result.mean, locale=locale), fmt.ci(g.result.ci_low, g.result.ci_high, locale=locale),
             fmt.number(g.result.sd, locale=locale))
            for row in result.rows for g in row.groups),
        numeric=(False, False, True, True, True, True),
        notes=(_means_note(result, locale), *common_notes),
    )
    omnibus = Table(
        id="tab-collaboration-tests",
        caption="Unterschiede zwischen den Akteursgruppen je Skala" if de else
                "Differences between the actor groups per scale",
        columns=("Skala" if de else "Scale", "k", "N", "Welch-Test" if de else "Welch test", "p", f"p ({short})",
                 "Kruskal-Wallis", "p (KW)", _rank_effect_label(result), ci_label),
        rows=tuple(_omnibus_row(row, locale) for row in result.rows),
        numeric=(False, True, True, True, True, True, True, True, True, True),
        notes=(_omnibus_note(result, locale), *common_notes),
    )
    pairs = Table(
        id="tab-collaboration-pairs",
        caption="Paarweise Vergleiche der Akteursgruppen" if de else "Pairwise comparisons of the actor groups",
        columns=("Skala" if de else "Scale", "Paar" if de else "Pair", "Δ M", "g", ci_label, "p", f"p ({short})"),
        rows=tuple(
            (_title(result, p.scale, locale), _pair_label(p, locale),
             fmt.number(p.result.mean_diff, locale=locale), fmt.number(p.result.effect_size, locale=locale),
             fmt.ci(p.result.effect_ci_low, p.result.effect_ci_high, locale=locale),
             fmt.pvalue(p.result.pvalue, locale=locale), fmt.pvalue(p.p_adjusted, locale=locale))
            for p in result.pairs),
        numeric=(False, False, True, True, True, True, True),
        notes=(_pairs_note(result, locale), *common_notes),
    )

    blocks: list[Paragraph | Heading | Table | Figure] = [Paragraph(_intro(result, locale))]
    blocks += [Paragraph(s) for s in _scale_sentences(result, locale)]
    blocks += [means, omnibus]
    largest = _largest_pair(result)
    if largest is not None:
        blocks.append(Paragraph(_pair_sentence(result, largest, locale)))
    blocks.append(pairs)
    blocks += _mean_figures(result, locale)
    blocks.append(Heading("Antworten auf die einzelnen Aussagen" if de else "Answers to the individual statements"))
    blocks += _item_figures(result, locale)
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))

    key_figures: dict[str, str] = {}
    for row in result.rows:
        key_figures[f"mean_{row.scale}"] = fmt.number(row.total.mean, locale=locale)
        key_figures[f"p_{row.scale}"] = fmt.pvalue(row.p_adjusted, locale=locale)
        for g in row.groups:
            key_figures[f"mean_{row.scale}_{slug(g.label.de)}"] = fmt.number(g.result.mean, locale=locale)
            key_figures[f"n_{row.scale}_{slug(g.label.de)}"] = fmt.integer(g.result.n, locale=locale)
    for p in result.pairs:
        key_figures[f"g_{p.scale}_{slug(p.group.de)}_{slug(p.reference.de)}"] = fmt.number(
            p.result.effect_size, locale=locale)
    if largest is not None:
        key_figures["g_largest"] = fmt.number(largest.result.effect_size, locale=locale)
    return Section(id="collaboration", title=SPEC.title.get(locale), blocks=tuple(blocks),
                   summary=_summary(result, locale, largest), key_figures=key_figures,
                   highlights=_highlights(result, locale))


def _title(result: CollaborationReflection, scale: str, locale: str) -> str:
    return next(r.title.get(locale) for r in result.rows if r.scale == scale)


def _span(row: ScaleComparison, locale: str) -> str:
    low, high = row.response_range
    return f"{fmt.number(low, locale=locale, digits=0)}–{fmt.number(high, locale=locale, digits=0)}"


def _largest_pair(result: CollaborationReflection) -> PairComparison | None:
    finite = [p for p in result.pairs if not math.isnan(p.result.effect_size)]
    return max(finite, key=lambda p: abs(p.result.effect_size)) if finite else None


def _rank_effect_label(result: CollaborationReflection) -> str:
    names = {"r_rb" if r.omnibus.n_groups == 2 else "ε²" for r in result.rows}
    return " / ".join(sorted(names, reverse=True)) if names else "ε²"


def _omnibus_row(row: ScaleComparison, locale: str) -> tuple[str, ...]:
    r = row.omnibus
    if r.n_groups == 2:
        welch = eq(f"t({df_text(r.df, locale=locale)})", fmt.number(r.statistic, locale=locale))
        rank = eq("U", fmt.number(r.rank_statistic, locale=locale, digits=1))
    else:
        welch = (eq(f"F({df_text(r.df_num, r.df, locale=locale)})", fmt.number(r.statistic, locale=locale))
                 if not math.isnan(r.statistic) else fmt.DASH)
        rank = eq(f"H({df_text(r.rank_df, locale=locale)})", fmt.number(r.rank_statistic, locale=locale))
    effect = fmt.coefficient(r.rank_effect, locale=locale)
    joiner = ";" + fmt.NBSP if locale.startswith("de") else "," + fmt.NBSP
    effect_ci = (fmt.DASH if math.isnan(r.rank_effect_ci_low) else
                 f"[{fmt.coefficient(r.rank_effect_ci_low, locale=locale)}{joiner}"
                 f"{fmt.coefficient(r.rank_effect_ci_high, locale=locale)}]")
    return (row.title.get(locale), fmt.integer(r.n_groups, locale=locale), fmt.integer(r.n, locale=locale), welch,
            fmt.pvalue(r.pvalue, locale=locale), fmt.pvalue(row.p_adjusted, locale=locale), rank,
            fmt.pvalue(r.p_rank, locale=locale), effect, effect_ci)


def _means_note(result: CollaborationReflection, locale: str) -> str:
    ranges = ", ".join(dict.fromkeys(f"{r.title.get(locale)} {_span(r, locale)}" for r in result.rows))
    if locale.startswith("de"):
        return ("n = Personen mit gültigem Skalenwert; M = Mittelwert der Items (negativ gepolte Items umgepolt); "
                f"KI t-basiert (df = n − 1); SD mit n − 1. Antwortskalen: {ranges}.")
    return ("n = persons with a valid scale score; M = mean of the items (reverse-keyed items recoded); CI "
            f"t-based (df = n − 1); SD with n − 1. Response scales: {ranges}.")


def _omnibus_note(result: CollaborationReflection, locale: str) -> str:
    adjust = _ADJUST[result.p_adjust].get(locale)
    n = len(result.rows)
    if locale.startswith("de"):
        return ("k = ausgewiesene Gruppen; N = Personen in diesen Gruppen. Welch-Test: einfaktorielle "
                "Varianzanalyse nach Welch (ohne Annahme gleicher Varianzen; bei zwei Gruppen Welch-t-Test); "
                f"p ({_SHORT[result.p_adjust]}) = {adjust} über {n} Skalen. Kruskal-Wallis-Test mit "
                "Bindungskorrektur (bei zwei Gruppen Mann-Whitney-U); ε² = Rang-Epsilon-Quadrat mit "
                f"Perzentil-Bootstrap-KI ({fmt.integer(N_BOOT, locale=locale)} Ziehungen innerhalb der Gruppen; "
                "bei zwei Gruppen Rang-biseriale Korrelation mit Fisher-z-KI). Alle Tests zweiseitig.")
    return ("k = groups shown; N = persons in these groups. Welch test: Welch's one-way ANOVA (no equal "
            f"variances assumed; Welch's t-test for two groups); p ({_SHORT[result.p_adjust]}) = {adjust} across "
            f"{n} scales. Kruskal-Wallis test with tie correction (Mann-Whitney U for two groups); ε² = rank "
            f"epsilon squared with percentile bootstrap CI ({fmt.integer(N_BOOT, locale=locale)} resamples within "
            "groups; rank-biserial correlation with Fisher-z CI for two groups). All tests two-sided.")


def _pairs_note(result: CollaborationReflection, locale: str) -> str:
    adjust = _ADJUST[result.p_adjust].get(locale)
    n = len(result.pairs)
    if locale.startswith("de"):
        return ("Δ M = Mittelwert der erstgenannten minus den der zweitgenannten Gruppe; g = Hedges' g "
                "(gepoolte SD, exakte Kleinstichprobenkorrektur) mit KI über die nichtzentrale t-Verteilung; "
                f"p = Welch-t-Test, zweiseitig; p ({_SHORT[result.p_adjust]}) = {adjust} über alle {n} paarweisen "
                "Tests des Kapitels. Alle Paare sind aufgeführt, unabhängig vom Ergebnis.")
    return ("Δ M = mean of the first-named minus that of the second-named group; g = Hedges' g (pooled SD, "
            "exact small-sample correction) with CI from the noncentral t distribution; p = Welch t-test, "
            f"two-sided; p ({_SHORT[result.p_adjust]}) = {adjust} across all {n} pairwise tests of the chapter. "
            "All pairs are listed, whatever the result.")


def _intro(result: CollaborationReflection, locale: str) -> str:
    de = locale.startswith("de")
    titles = ", ".join(r.title.get(locale) for r in result.rows)
    ci_label = fmt.ci_label(result.level, locale=locale)
    groups = list(dict.fromkeys(g.label.get(locale) for r in result.rows for g in r.groups))
    if de:
        text = (f"Die Qualität der Zusammenarbeit wurde mit {len(result.rows)} Skalen erfasst ({titles}). "
                f"Verglichen werden die Akteursgruppen {', '.join(groups)}: Mittelwerte mit {ci_label}, "
                "ein Gesamttest über die Gruppen und alle paarweisen Vergleiche mit der Effektstärke g.")
        if any(r.suppressed for r in result.rows):
            text += (f" Gruppen mit weniger als {result.min_size} Personen werden aus Datenschutzgründen nicht "
                     "ausgewiesen und gehen auch in keinen Test ein.")
        return text
    text = (f"Collaboration quality was measured with {len(result.rows)} scales ({titles}). The actor groups "
            f"{', '.join(groups)} are compared: means with {ci_label}, an overall "
            "test across the groups and every pairwise comparison with the effect size g.")
    if any(r.suppressed for r in result.rows):
        text += (f" Groups with fewer than {result.min_size} persons are not shown for privacy and enter no "
                 "test either.")
    return text


def _scale_sentences(result: CollaborationReflection, locale: str) -> list[str]:
    de = locale.startswith("de")
    sentences = []
    adjust = _ADJUST[result.p_adjust].get(locale)
    for row in result.rows:
        m = f"M{fmt.NBSP}={fmt.NBSP}"
        parts = ", ".join(f"{g.label.get(locale)} {m}{fmt.number(g.result.mean, locale=locale)}" for g in row.groups)
        stats_text = apa(row.omnibus, locale=locale)
        stats_text += "; " + fmt.p_with_operator(row.p_adjusted, locale=locale, symbol=f"p ({adjust})")
        if de:
            sentences.append(f"{row.title.de} (Antwortskala {_span(row, locale)}): {parts} ({stats_text}).")
        else:
            sentences.append(f"{row.title.en} (response scale {_span(row, locale)}): {parts} ({stats_text}).")
    return sentences


def _pair_sentence(result: CollaborationReflection, pair: PairComparison, locale: str) -> str:
    de = locale.startswith("de")
    adjust = _ADJUST[result.p_adjust].get(locale)
    higher, lower = (pair.group, pair.reference) if pair.result.mean_diff >= 0 else (pair.reference, pair.group)
    stats_text = apa(pair.result, locale=locale)
    stats_text += "; " + fmt.p_with_operator(pair.p_adjusted, locale=locale, symbol=f"p ({adjust})")
    title = _title(result, pair.scale, locale)
    diff = fmt.number(abs(pair.result.mean_diff), locale=locale)
    if de:
        return (f"Der größte Unterschied zwischen zwei Gruppen besteht bei {title}: {higher.de} liegt um "
                f"{diff} Punkte höher als {lower.de} ({_pair_label(pair, locale)}: {stats_text}).")
    return (f"The largest difference between two groups is in {title}: {higher.en} is {diff} points higher than "
            f"{lower.en} ({_pair_label(pair, locale)}: {stats_text}).")


def _summary(result: CollaborationReflection, locale: str, largest: PairComparison | None) -> tuple[str, ...]:
    de = locale.startswith("de")
    alpha = 0.05
    sentences = []
    if largest is not None:
        sentences.append(_pair_sentence(result, largest, locale))
    differing = [r.title.get(locale) for r in result.rows if r.p_adjusted < alpha]
    adjust = _ADJUST[result.p_adjust].get(locale)
    if de:
        sentences.append(
            ("Nach Korrektur für multiples Testen unterscheiden sich die Gruppen bedeutsam bei: "
             + ", ".join(differing) + ".") if differing else
            f"Im Gesamttest unterscheidet sich keine Skala bedeutsam zwischen den Gruppen ({adjust}).")
    else:
        sentences.append(
            ("After correction for multiple testing the groups differ significantly in: " + ", ".join(differing) + ".")
            if differing else f"In the overall test no scale differs significantly between the groups ({adjust}).")
    return tuple(sentences)


def _highlights(result: CollaborationReflection, locale: str) -> tuple[KeyFigure, ...]:
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    out = []
    # The largest of many pairwise differences is not offered: picked from 24 tests it would
    # overstate a difference that does not survive the correction (it stays a key figure).
    if result.rows:
        ordered = sorted(result.rows, key=lambda r: r.total.mean)
        for row in (ordered[-1], ordered[0]) if len(ordered) > 1 else (ordered[0],):
            out.append(KeyFigure(
                name=f"mean_{row.scale}",
                label=f"{row.title.get(locale)}, {'Mittelwert' if de else 'mean'}",
                value=fmt.number(row.total.mean, locale=locale),
                context=(f"{ci_label} {fmt.ci(row.total.ci_low, row.total.ci_high, locale=locale)}, "
                         f"n = {fmt.integer(row.total.n, locale=locale)}, "
                         f"{'Antwortskala' if de else 'response scale'} {_span(row, locale)}")))
    return tuple(out[:3])


def _mean_figures(result: CollaborationReflection, locale: str) -> list[Figure]:
    """One dot-and-CI chart per response range: labels = scales, markers = groups."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    ranges = list(dict.fromkeys(r.response_range for r in result.rows))
    figures = []
    for index, (low, high) in enumerate(ranges, 1):
        rows = [r for r in result.rows if r.response_range == (low, high)]
        groups = list(dict.fromkeys(g.label.get(locale) for r in rows for g in r.groups))
        intervals = [Interval(r.title.get(locale), g.label.get(locale), g.result.mean, g.result.ci_low,
                              g.result.ci_high) for r in rows for g in r.groups]
        span = _span(rows[0], locale)
        alt_parts = ["; ".join([r.title.get(locale) + ": " + ", ".join(
            f"{g.label.get(locale)} {fmt.number(g.result.mean, locale=locale)} "
            f"{fmt.ci(g.result.ci_low, g.result.ci_high, locale=locale)}" for g in r.groups) for r in rows])]
        alt = (("Punktdiagramm der Skalenmittelwerte je Akteursgruppe mit Konfidenzintervallen. " if de else
                "Dot plot of scale means per actor group with confidence intervals. ") + alt_parts[0] + ".")
        figures.append(Figure(
            id=f"fig-collaboration-means-{index}",
            caption=(f"Skalenmittelwerte nach Akteursgruppe mit {ci_label}, Antwortskala {span}" if de else
                     f"Scale means by actor group with {ci_label}, response scale {span}"),
            alt=alt,
            svg=interval_plot(intervals, groups=groups, locale=locale,
                              xlabel=(f"Mittelwert (Antwortskala {span})" if de else f"Mean (response scale {span})"),
                              xlim=(low, high), digits=0 if high - low > 5 else 1),
        ))
    return figures


def _item_label(row: ScaleComparison, item: str, locale: str) -> str:
    text = row.item_texts[item].get(locale).strip().rstrip(".")
    if item in row.reverse:
        text += " (invers)" if locale.startswith("de") else " (reversed)"
    return text


def _item_figures(result: CollaborationReflection, locale: str) -> list[Figure]:
    """Diverging stacked bars of each scale's items (all respondents of the survey)."""
    de = locale.startswith("de")
    figures = []
    for row in result.rows:
        counts = row.item_counts.to_numpy(dtype=float)
        labels = [_item_label(row, item, locale) for item in row.item_counts.index]
        categories = [row.category_labels[c].get(locale) for c in row.item_counts.columns]
        k = counts.shape[1]
        below, middle = k // 2, (k // 2 if k % 2 else None)
        totals = counts.sum(axis=1)
        parts = []
        for item_label, item_counts, total in zip(labels, counts, totals):
            if total == 0:
                parts.append(f"{item_label}: " + ("keine Antworten" if de else "no answers"))
                continue
            share = item_counts / total
            low_share, high_share = share[:below].sum(), share[k - below:].sum()
            text = (f"{item_label}: {fmt.percent(low_share, locale=locale)} "
                    f"{'Ablehnung' if de else 'disagree'}")
            if middle is not None:
                text += f", {fmt.percent(share[middle], locale=locale)} {categories[middle]}"
            text += f", {fmt.percent(high_share, locale=locale)} {'Zustimmung' if de else 'agree'}"
            parts.append(text + f" (n = {fmt.integer(int(total), locale=locale)})")
        n_max = fmt.integer(int(totals.max()), locale=locale) if len(totals) else "0"
        reverse_note = ((" Mit „(invers)“ markierte Aussagen sind negativ formuliert; gezeigt sind die Antworten "
                         "wie gegeben.") if de else
                        (" Statements marked “(reversed)” are negatively worded; the answers are shown as given.")
                        ) if row.reverse else ""
        figures.append(Figure(
            id=f"fig-collaboration-items-{row.scale.replace('_', '-')}",
            caption=(f"{row.title.de}: Antworten auf die einzelnen Aussagen (alle Befragten der Welle {row.wave}, "
                     f"bis zu {n_max} Personen; Prozent der gültigen Antworten).{reverse_note}" if de else
                     f"{row.title.en}: answers to the individual statements (all respondents of wave {row.wave}, "
                     f"up to {n_max} persons; percent of valid answers).{reverse_note}"),
            alt=(("Gestapeltes Balkendiagramm, Ablehnung links, Zustimmung rechts. " if de else
                  "Diverging stacked bar chart, disagreement left, agreement right. ") + "; ".join(parts) + "."),
            svg=diverging_likert(counts, labels=labels, categories=categories, locale=locale),
        ))
    return figures
