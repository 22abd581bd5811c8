"""Reliability of the scales (methods appendix): Cronbach's α per scale and wave."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Text
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.charts import Interval, interval_plot
from kosieval.present.section import Figure, Paragraph, Section, Table
from kosieval.reflections.scales import keyed_items
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import ReliabilityResult, cronbach_alpha

#: Conventional lower bound for scales used in group comparisons (Nunnally, 1978).
ACCEPTABLE_ALPHA = 0.70


def _requirements(study: Study, **_params: object) -> list[Requirement]:
    scales = [s for c in study.codebooks.values() for s in c.scales]
    return [Requirement("mindestens eine Skala mit Daten / at least one scale with data",
                        bool(scales) and bool(study.surveys))]


SPEC = ReflectionSpec(
    name="reliability",
    title=Text(de="Reliabilität der Skalen", en="Reliability of the scales"),
    description=Text(de="Interne Konsistenz (Cronbachs α) jeder Skala je Befragungswelle.",
                     en="Internal consistency (Cronbach's α) of each scale per wave."),
    requirements=_requirements,
    placement="appendix",
    needs=(Text(de="Befragungen mit den Items jeder Skala des Instruments",
                en="surveys with the items of each scale of the instrument"),),
    params={"level": "Konfidenzniveau der Feldt-KIs (Standard report.confidence) / confidence level of the "
                     "Feldt CIs (default report.confidence)"},
)


@dataclass(frozen=True)
class ScaleReliability:
    """Cronbach's α of one scale in one survey."""

    instrument: str
    scale: str
    title: Text
    wave: str
    survey: str
    result: ReliabilityResult


@dataclass(frozen=True)
class ReliabilityReflection:
    """All scales' reliabilities.

    Attributes
    ----------
    rows
        One entry per scale and survey, in codebook order.
    level
        Confidence level of the intervals.
    missing
        Missing-value handling used for α ("listwise").
    skipped
        (scale, survey, reason) where α could not be computed.
    warnings
        What the computation warned about (a constant item, ...), shown under the table.
    """

    rows: tuple[ScaleReliability, ...]
    level: float
    missing: str
    skipped: tuple[tuple[str, str, str], ...] = ()
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per scale and survey with α, its CIs, n and k."""
        return pd.DataFrame([
            {"instrument": r.instrument, "scale": r.scale, "wave": r.wave, "survey": r.survey,
             "k": r.result.k, "n": r.result.n, "alpha": r.result.alpha,
             "ci_low": r.result.ci_low, "ci_high": r.result.ci_high,
             "duhachek_ci_low": r.result.duhachek_ci_low,
             "duhachek_ci_high": r.result.duhachek_ci_high}
            for r in self.rows
        ])


def analyze(study: Study, *, level: float | None = None) -> ReliabilityReflection:
    """Compute Cronbach's α (listwise, Feldt CI) for every scale in every survey.

    Parameters
    ----------
    study
        The loaded study.
    level
        Confidence level (default: the study's ``report.confidence``).
    """
    level = study.config.report.confidence if level is None else level
    rows: list[ScaleReliability] = []
    skipped: list[tuple[str, str, str]] = []
    notes: list[str] = []
    for survey in study.surveys.values():
        for scale in survey.codebook.scales:
            items = keyed_items(survey, scale)
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    result = cronbach_alpha(items, missing="listwise", level=level)
            except ValueError as exc:
                skipped.append((scale.id, survey.source_id, str(exc)))
                continue
            notes += [f"{scale.id} ({survey.source_id}): {w.message}" for w in caught]
            rows.append(ScaleReliability(survey.instrument, scale.id, scale.title, survey.wave,
                                         survey.source_id, result))
    return ReliabilityReflection(tuple(rows), level, "listwise", tuple(skipped), tuple(notes))


def present(result: ReliabilityReflection, locale: str) -> Section:
    """The reliability chapter: table, interval chart and sentences."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    rows = []
    for row in result.rows:
        r = row.result
        r_min = r.item_stats["r_corrected"].min()
        rows.append((
            row.title.get(locale), row.wave, fmt.integer(r.k, locale=locale),
            fmt.integer(r.n, locale=locale), fmt.number(r.alpha, locale=locale),
            fmt.ci(r.ci_low, r.ci_high, locale=locale),
            fmt.number(r_min, locale=locale),
        ))
    table = Table(
        id="tab-reliability",
        caption="Reliabilität der Skalen (Cronbachs α)" if de else "Reliability of the scales (Cronbach's α)",
        columns=("Skala" if de else "Scale", "Welle" if de else "Wave", "k", "n", "α",
                 f"{ci_label} (Feldt)", "min. r_it(c)"),
        rows=tuple(rows),
        numeric=(False, False, True, True, True, True, True),
        notes=(
            ("k = Zahl der Items; n = Befragte mit gültigen Antworten auf allen Items (listenweiser "
             "Ausschluss); KI nach Feldt (1965); min. r_it(c) = kleinste korrigierte "
             "Item-Skala-Korrelation. Negativ gepolte Items wurden vor der Berechnung umgepolt.")
            if de else
            ("k = number of items; n = respondents with valid answers to all items (listwise "
             "deletion); CI after Feldt (1965); min. r_it(c) = smallest corrected item-total "
             "correlation. Reverse-keyed items were recoded before the computation."),
        ),
    )
    intervals = [Interval(r.title.get(locale), r.wave, r.result.alpha, r.result.ci_low,
                          r.result.ci_high) for r in result.rows]
    waves = list(dict.fromkeys(r.wave for r in result.rows))
    low = min([0.5] + [r.result.ci_low for r in result.rows])
    figure = Figure(
        id="fig-reliability",
        caption=(f"Cronbachs α je Skala und Welle mit {ci_label}; gestrichelt: α = "
                 f"{fmt.number(ACCEPTABLE_ALPHA, locale=locale)}") if de else
                (f"Cronbach's α per scale and wave with {ci_label}; dashed: α = "
                 f"{fmt.number(ACCEPTABLE_ALPHA, locale=locale)}"),
        alt=_alt(result, locale),
        svg=interval_plot(intervals, groups=waves, locale=locale, xlabel="Cronbachs α" if de else "Cronbach's α",
                          xlim=(max(0.0, low - 0.05), 1.0), reference=ACCEPTABLE_ALPHA, digits=1),
    )
    alphas = [r.result.alpha for r in result.rows]
    good = sum(a >= ACCEPTABLE_ALPHA for a in alphas)
    blocks: list[Paragraph | Table | Figure] = []
    summary: tuple[str, ...] = ()
    key_figures: dict[str, str] = {}
    if alphas:
        lowest = min(result.rows, key=lambda r: r.result.alpha)
        highest = max(result.rows, key=lambda r: r.result.alpha)
        if de:
            text = (f"Die interne Konsistenz der {len(alphas)} Skalenmessungen lag zwischen "
                    f"α = {fmt.number(lowest.result.alpha, locale=locale)} "
                    f"({lowest.title.de}, {lowest.wave}) und α = "
                    f"{fmt.number(highest.result.alpha, locale=locale)} ({highest.title.de}, "
                    f"{highest.wave}); {good} von {len(alphas)} erreichten den üblichen "
                    f"Richtwert von α = {fmt.number(ACCEPTABLE_ALPHA, locale=locale)}.")
        else:
            text = (f"Internal consistency of the {len(alphas)} scale measurements ranged from "
                    f"α = {fmt.number(lowest.result.alpha, locale=locale)} ({lowest.title.en}, "
                    f"{lowest.wave}) to α = {fmt.number(highest.result.alpha, locale=locale)} "
                    f"({highest.title.en}, {highest.wave}); {good} of {len(alphas)} reached the "
                    f"conventional threshold of α = {fmt.number(ACCEPTABLE_ALPHA, locale=locale)}.")
        blocks.append(Paragraph(text))
        summary = (text,)
        for r in result.rows:
            key_figures[f"alpha_{r.scale}_{r.wave}"] = fmt.number(r.result.alpha, locale=locale)
    blocks += [table, figure]
    for scale, survey, reason in result.skipped:
        blocks.append(Paragraph(
            f"{scale} ({survey}): α nicht berechnet – {reason}" if de
            else f"{scale} ({survey}): α not computed – {reason}"))
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    return Section(id="reliability", title=SPEC.title.get(locale), blocks=tuple(blocks),
                   summary=summary, key_figures=key_figures)


def _alt(result: ReliabilityReflection, locale: str) -> str:
    parts = [f"{r.title.get(locale)} {r.wave}: α = {fmt.number(r.result.alpha, locale=locale)}"
             for r in result.rows]
    lead = "Punktdiagramm von Cronbachs α mit Konfidenzintervallen. " if locale.startswith("de") \
        else "Dot plot of Cronbach's α with confidence intervals. "
    return lead + "; ".join(parts) + "."
