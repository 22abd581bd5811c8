"""Transfer to other cities: phase model, organisation, resources, checklist, city comparison.

The chapter shows the phase model, organisational options, resource needs, the transfer
checklist with the evidence behind each item, and a comparison with other cities.

The checklist is the shipped ``surveys/instruments/transfer_checklist.yaml`` or the file named
by ``report.checklist`` (:mod:`kosieval.reflections.checklist`). Each evidence of an item is
resolved to a number from this study -- a scale's change or mean, the interviews mentioning a
code, a count from the activity log -- or to "keine Daten / no data"; missing evidence never
makes the chapter fail.

The city comparison (with ``others``) is the outcome part of the comparison chapter:
computed by :func:`kosieval.reflections.comparison.compare_cities` and shown by
:func:`kosieval.reflections.comparison.change_blocks`, so both chapters give the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kosieval.model.activities import ACTOR_GROUPS
from kosieval.model.codebook import Text
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.apa import eq
from kosieval.present.section import Heading, KeyFigure, Paragraph, Section, Table
from kosieval.reflections.checklist import Checklist, Evidence, checklist_path, study_checklist
from kosieval.reflections.comparison import (
    ComparisonReflection,
    OutcomeComparison,
    change_blocks,
    city_names,
    city_summary,
    compare_cities,
)
from kosieval.reflections.privacy import SUPPRESSED, Suppression, min_cell_size, split_groups
from kosieval.reflections.scales import outcome_scales, scale_waves
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.reflections.synthesis import code_documents, match_code, scale_figure
from kosieval.stats import DiversityResult, diversity

PERIODS = ("before", "test_phase", "after")
_PERIOD_TITLES = {
    "before": Text(de="Vor der Testphase", en="Before the test phase"),
    "test_phase": Text(de="Testphase", en="Test phase"),
    "after": Text(de="Nach der Testphase", en="After the test phase"),
}
#: Average month length in days (365.25 / 12), for events per month.
MONTH_DAYS = 365.25 / 12


def _requirements(study: Study, **_: object) -> list[Requirement]:
    study_checklist(study)  # a broken checklist is a ConfigError naming file and key
    return [Requirement(f"Transfer-Checkliste / transfer checklist ({checklist_path(study).name})", True)]


SPEC = ReflectionSpec(
    name="transfer",
    title=Text(de="Transfer in andere Städte", en="Transfer to other cities"),
    description=Text(
        de="Phasenmodell, Organisationsformen, Ressourcenbedarf und die Transfer-Checkliste mit den Befunden "
           "der Studie; Vergleich mit anderen Städten.",
        en="Phase model, organisational options, resource needs and the transfer checklist with the study's "
           "evidence; comparison with other cities."),
    requirements=_requirements,
    placement="chapter",
    needs=(Text(de="Transfer-Checkliste (mitgeliefert oder report.checklist)",
                en="transfer checklist (shipped or report.checklist)"),
           Text(de="Veranstaltungsprotokoll: Termine, Formate, Dauer, Teilnahmen je Akteursgruppe",
                en="activity log: dates, formats, duration, attendances per actor group"),
           Text(de="Befragungen und Interviews: die Skalen und Codes der Checkliste; Teamumfrage: Rolle",
                en="surveys and interviews: the checklist's scales and codes; team survey: role"),
           Text(de="Weitere Städte (optional): Ergebnisskalen T0/T1 für den Städtevergleich",
                en="other cities (optional): outcome scales T0/T1 for the city comparison")),
    params={
        "level": "Konfidenzniveau / confidence level (default report.confidence)",
        "p_adjust": "Korrektur über die Ergebnisskalen / correction across outcomes (default report.p_adjust)",
        "outcomes": "Skalen des Städtevergleichs / scales of the city comparison (default report.outcomes)",
    },
)


# --- result types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceValue:
    """One evidence of a checklist item, resolved against the study.

    Attributes
    ----------
    kind, target
        What the checklist names (``scale``/``code``/``activity``/``group_share`` and the id).
    measure
        "change" (d_z), "mean", "interviews", "events", "attendances", "hours",
        "person_hours", "blau", "share" -- or "none" when the study has no data for it.
    value
        The number (d_z, mean, interviews, count, hours, Blau index, share), unrounded.
    ci_low, ci_high
        CI of ``value`` (scales), else NaN.
    n
        Pairs or respondents (scales), all interviews (codes), events (activities),
        attendances (diversity, shares).
    count
        Interviews mentioning the code; attendances of the actor group (shares).
    label
        The scale title or code name, where known.
    source
        Where the number comes from (instrument and waves, coding file, activity log).
    reason
        Why there is no number ("" when there is one).
    suppressed
        True when the count is below the minimum cell size and must not be shown.
    """

    kind: str
    target: str
    measure: str
    value: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    n: int | None = None
    count: int | None = None
    label: Text | None = None
    source: str = ""
    reason: str = ""
    suppressed: bool = False


@dataclass(frozen=True)
class ItemEvidence:
    """A checklist item with its resolved evidence."""

    id: str
    phase: str
    text: Text
    evidence: tuple[EvidenceValue, ...]


@dataclass(frozen=True)
class ActivitySummary:
    """What the activity log says about the effort of the lab.

    Attributes
    ----------
    events, attendances, hours, person_hours
        Totals over all events (person-hours = duration × attendances, summed).
    events_test_phase, months
        Events within the test phase and the test phase's length in months (days / 30.4375).
    by_format
        One row per format: ``format``, ``events``, ``hours``, ``attendances``, ``person_hours``.
    by_period
        One row per format: events ``before``, ``test_phase``, ``after`` the test phase.
    diversity
        Blau index of the attendances by actor group (None without attendances).
    file
        The activity log.
    """

    events: int
    attendances: int
    hours: float
    person_hours: float
    events_test_phase: int
    months: float
    by_format: pd.DataFrame
    by_period: pd.DataFrame
    diversity: DiversityResult | None
    file: str

    @property
    def events_per_month(self) -> float:
        """Events of the test phase per month of the test phase (NaN without a test phase)."""
        return self.events_test_phase / self.months if self.months > 0 else math.nan


@dataclass(frozen=True)
class TransferReflection:
    """Everything the transfer chapter shows, unrounded.

    Attributes
    ----------
    checklist, checklist_file
        The checklist used and its file name.
    items
        Each checklist item with its evidence.
    test_phase
        Start and end of the test phase (study.yaml), or None.
    activities
        The activity summary (None without an activity log).
    team_roles
        Lab team members by role (``role``, ``n``), suppressed roles left out; None without a
        team survey with a role attribute.
    team_suppressed
        The roles left out (fewer than ``min_size`` members).
    city
        This study's city.
    others
        Names of the comparison cities (empty without comparison).
    comparison
        The comparison of the outcome scales with the other cities
        (:func:`kosieval.reflections.comparison.compare_cities`; None without other cities).
    min_size
        The minimum cell size applied.
    level, p_adjust
        Confidence level and correction across the outcomes.
    warnings
        What the computations warned about.
    """

    checklist: Checklist
    checklist_file: str
    items: tuple[ItemEvidence, ...]
    test_phase: tuple[dt.date, dt.date] | None
    activities: ActivitySummary | None
    team_roles: pd.DataFrame | None
    team_suppressed: tuple[Text, ...]
    city: str
    others: tuple[str, ...]
    comparison: ComparisonReflection | None
    min_size: int
    level: float
    p_adjust: str
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per checklist item and evidence: the resolved number, its CI, n and source."""
        rows = []
        for item in self.items:
            for e in item.evidence:
                rows.append({"item": item.id, "phase": item.phase, "kind": e.kind, "target": e.target,
                             "measure": e.measure, "value": e.value, "ci_low": e.ci_low, "ci_high": e.ci_high,
                             "n": e.n, "count": e.count, "source": e.source, "suppressed": e.suppressed,
                             "reason": e.reason})
        return pd.DataFrame(rows)

    @property
    def comparisons(self) -> tuple[OutcomeComparison, ...]:
        """One entry per outcome scale (empty without comparison cities)."""
        return self.comparison.outcomes if self.comparison is not None else ()

    @property
    def city_suppression(self) -> Suppression | None:
        """Cities left out of any outcome for having too few pairs (None without comparison)."""
        return self.comparison.suppression if self.comparison is not None else None

    def comparison_frame(self) -> pd.DataFrame:
        """One row per outcome and city (plus "pooled"), see :meth:`ComparisonReflection.to_frame`."""
        return self.comparison.to_frame() if self.comparison is not None else pd.DataFrame()


# --- analyze -------------------------------------------------------------------------------------


def _test_phase(study: Study) -> tuple[dt.date, dt.date] | None:
    return study.config.study.test_phase


def _period(day: dt.date, test_phase: tuple[dt.date, dt.date] | None) -> str:
    if test_phase is None:
        return "test_phase"
    if day < test_phase[0]:
        return "before"
    return "after" if day > test_phase[1] else "test_phase"


def _group_columns(events: pd.DataFrame) -> list[str]:
    return [g for g in ACTOR_GROUPS if g in events.columns]


def _activity_summary(study: Study, notes: list[str]) -> ActivitySummary | None:
    if study.activities is None:
        return None
    events = study.activities.events.copy()
    groups = _group_columns(events)
    counts = events[groups].astype("Float64").fillna(0)
    total = events["total"].astype("Float64") if "total" in events.columns else counts.sum(axis=1)
    events["_attend"] = total.fillna(counts.sum(axis=1)).astype(float)
    events["_hours"] = events["duration_h"].astype("Float64").astype(float)
    events["_person_hours"] = events["_hours"] * events["_attend"]
    test_phase = _test_phase(study)
    events["_period"] = [_period(pd.Timestamp(d).date(), test_phase) for d in events["date"]]
    by_format = (events.groupby("format", sort=True)
                 .agg(events=("format", "size"), hours=("_hours", "sum"), attendances=("_attend", "sum"),
                      person_hours=("_person_hours", "sum")).reset_index())
    by_format["format"] = by_format["format"].astype(str)
    by_period = (pd.crosstab(events["format"].astype(str), events["_period"])
                 .reindex(columns=list(PERIODS), fill_value=0).reset_index()
                 .rename(columns={"index": "format"}))
    by_period.columns.name = None
    labels = np.repeat(np.array(groups, dtype=object), counts.sum(axis=0).to_numpy(dtype=float).astype(int))
    div = None
    if len(labels):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            div = diversity(pd.Series(labels, dtype=object), categories=groups)
        notes += [f"{study.activities.file}: {w.message}" for w in caught]
    months = ((test_phase[1] - test_phase[0]).days + 1) / MONTH_DAYS if test_phase else math.nan
    missing_hours = int(events["_hours"].isna().sum())
    if missing_hours:
        notes.append(f"{study.activities.file}: {missing_hours} event(s) without duration, left out of the hours")
    return ActivitySummary(
        events=len(events), attendances=int(events["_attend"].sum()), hours=float(events["_hours"].sum()),
        person_hours=float(events["_person_hours"].sum()),
        events_test_phase=int((events["_period"] == "test_phase").sum()), months=months,
        by_format=by_format, by_period=by_period, diversity=div, file=study.activities.file)


def _scale_evidence(study: Study, target: str, level: float, notes: list[str]) -> EvidenceValue:
    try:
        codebook, scale = study.find_scale(target)
    except KeyError:
        return EvidenceValue("scale", target, "none", reason="scale not in the study's instruments")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure = scale_figure(study, target, level=level)
        notes += [f"{target}: {w.message}" for w in caught]
    except ValueError as exc:
        return EvidenceValue("scale", target, "none", label=scale.title, reason=str(exc))
    source = f"{codebook.id} {'/'.join(figure.waves)}"
    if figure.change is not None:
        c = figure.change
        return EvidenceValue("scale", target, "change", c.d_z, c.d_z_ci_low, c.d_z_ci_high, n=c.n_pairs,
                             label=scale.title, source=source)
    m = figure.mean
    return EvidenceValue("scale", target, "mean", m.mean, m.ci_low, m.ci_high, n=m.n,  # type: ignore[union-attr]
                         label=scale.title, source=source)


def _code_evidence(study: Study, target: str) -> EvidenceValue:
    corpus = study.interviews
    if corpus is None:
        return EvidenceValue("code", target, "none", reason="no interviews")
    match = match_code(corpus, target)
    if len(match) != 1:
        reason = "code not in the code system" if match.empty else \
            "code name is ambiguous: " + ", ".join(match["path"])
        return EvidenceValue("code", target, "none", reason=reason)
    row = match.iloc[0]
    counts = code_documents(corpus, {target: [row["id"]]}).iloc[0]
    return EvidenceValue("code", target, "interviews", float(counts["documents"]), n=int(counts["n_documents"]),
                         count=int(counts["documents"]), label=Text(de=str(row["name"]), en=str(row["name"])),
                         source=corpus.file)


def _activity_evidence(kind: str, target: str, summary: ActivitySummary | None, min_size: int) -> EvidenceValue:
    if summary is None:
        return EvidenceValue(kind, target, "none", reason="no activity log")
    if kind == "group_share":
        div = summary.diversity
        if div is None or target not in set(div.counts["category"]):
            return EvidenceValue(kind, target, "none", reason="actor group not in the activity log")
        row = div.counts[div.counts["category"] == target].iloc[0]
        count = int(row["count"])
        return EvidenceValue(kind, target, "share", float(row["share"]), n=div.n, count=count,
                             source=summary.file, suppressed=0 < count < min_size)
    if target == "diversity":
        if summary.diversity is None:
            return EvidenceValue(kind, target, "none", reason="no attendances")
        return EvidenceValue(kind, target, "blau", summary.diversity.blau, n=summary.diversity.n,
                             source=summary.file)
    value = {"events": summary.events, "attendances": summary.attendances, "hours": summary.hours,
             "person_hours": summary.person_hours}[target]
    return EvidenceValue(kind, target, target, float(value), n=summary.events, source=summary.file)


def _team_roles(study: Study) -> tuple[pd.DataFrame | None, tuple[Text, ...]]:
    """Team members by role from the (latest) team survey with a ``role`` attribute."""
    for codebook in study.codebooks.values():
        if codebook.respondent_group != "team" or "role" not in {a.id for a in codebook.attributes}:
            continue
        waves = scale_waves(study, codebook)
        if not waves:
            continue
        surveys = [s for s in study.surveys_of(codebook.id) if s.wave == waves[-1]]
        roles = pd.concat([s.responses["role"] for s in surveys]).dropna()
        item = codebook.item("role")
        rows = [(o.label, int((roles == o.code).sum())) for o in item.options]
        split = split_groups({t.de: n for t, n in rows}, min_size=min_cell_size(study))
        frame = pd.DataFrame({"role_de": [t.de for t, _ in rows], "role_en": [t.en for t, _ in rows],
                              "n": [n for _, n in rows]})
        suppressed = tuple(t for t, _ in rows if t.de in split.suppressed)
        frame = frame[frame["role_de"].isin(split.shown)].reset_index(drop=True)
        return frame, suppressed
    return None, ()


def analyze(study: Study, *, level: float | None = None, p_adjust: str | None = None,
            outcomes: tuple[str, ...] | None = None, others: tuple[Study, ...] = ()) -> TransferReflection:
    """Resolve the transfer checklist against the study; summarise the activities; compare cities.

    Parameters
    ----------
    study
        The loaded study.
    level
        Confidence level (default ``report.confidence``).
    p_adjust
        Correction of the city-comparison p-values across outcomes (default ``report.p_adjust``).
    outcomes
        Scales of the city comparison (default ``report.outcomes``).
    others
        Other cities' studies (the registry passes them); without them there is no comparison.

    Raises
    ------
    ConfigError
        When the checklist (shipped or ``report.checklist``) is missing or invalid.
    """
    level = study.config.report.confidence if level is None else level
    p_adjust = p_adjust or study.config.report.p_adjust
    checklist = study_checklist(study)
    notes: list[str] = []
    summary = _activity_summary(study, notes)
    min_size = min_cell_size(study)
    cache: dict[tuple[str, str], EvidenceValue] = {}

    def resolve(e: Evidence) -> EvidenceValue:
        key = (e.kind, e.target)
        if key not in cache:
            if e.kind == "scale":
                cache[key] = _scale_evidence(study, e.target, level, notes)
            elif e.kind == "code":
                cache[key] = _code_evidence(study, e.target)
            else:
                cache[key] = _activity_evidence(e.kind, e.target, summary, min_size)
        return cache[key]

    items = tuple(ItemEvidence(i.id, i.phase, i.text, tuple(resolve(e) for e in i.evidence))
                  for i in checklist.items)
    roles, roles_suppressed = _team_roles(study)
    comparison = None
    if others:
        comparison = compare_cities(study, others, outcomes=outcome_scales(study, outcomes), scales=(), level=level,
                                    p_adjust=p_adjust)
        notes += comparison.warnings
    names = city_names(study, others)
    return TransferReflection(
        checklist=checklist, checklist_file=checklist_path(study).name, items=items,
        test_phase=_test_phase(study), activities=summary, team_roles=roles, team_suppressed=roles_suppressed,
        city=names[0], others=tuple(names[1:]), comparison=comparison, min_size=min_size, level=level,
        p_adjust=p_adjust, warnings=tuple(dict.fromkeys(notes)))


# --- present -------------------------------------------------------------------------------------

_ACTIVITY_LABELS = {
    "events": Text(de="Veranstaltungen", en="Events"),
    "attendances": Text(de="Teilnahmen", en="Attendances"),
    "hours": Text(de="Veranstaltungsstunden", en="Event hours"),
    "person_hours": Text(de="Personenstunden", en="Person-hours"),
    "diversity": Text(de="Vielfalt der Teilnahmen (Blau-Index)", en="Diversity of attendances (Blau index)"),
}


def _date(day: dt.date, locale: str) -> str:
    return fmt.date(day, locale=locale, format="medium")


def _period_span(period: str, test_phase: tuple[dt.date, dt.date] | None, locale: str) -> str:
    de = locale.startswith("de")
    if test_phase is None:
        return fmt.DASH
    start, end = test_phase
    if period == "before":
        return f"bis {_date(start - dt.timedelta(days=1), locale)}" if de else \
            f"until {_date(start - dt.timedelta(days=1), locale)}"
    if period == "after":
        return f"ab {_date(end + dt.timedelta(days=1), locale)}" if de else \
            f"from {_date(end + dt.timedelta(days=1), locale)}"
    return f"{_date(start, locale)} – {_date(end, locale)}"


def evidence_text(e: EvidenceValue, locale: str) -> str:
    """One evidence as a line of the checklist table (or "keine Daten" / "no data")."""
    de = locale.startswith("de")
    if e.kind == "group_share":
        label = f"Anteil {e.target} an den Teilnahmen" if de else f"Share of {e.target} in attendances"
    elif e.kind == "activity":
        label = _ACTIVITY_LABELS[e.target].get(locale)
    else:
        label = e.label.get(locale) if e.label is not None else e.target
    if e.measure == "none":
        return f"{label}: {'keine Daten' if de else 'no data'}"
    if e.suppressed:
        return f"{label}: {SUPPRESSED}"
    n = fmt.integer(e.n, locale=locale)
    ci = fmt.ci(e.ci_low, e.ci_high, locale=locale)
    if e.measure == "change":
        return f"{label}: {eq('d_z', fmt.number(e.value, locale=locale))} {ci}, {eq('n', n)} " + \
            ("Paare" if de else "pairs")
    if e.measure == "mean":
        return f"{label}: {eq('M', fmt.number(e.value, locale=locale))} {ci}, {eq('n', n)}"
    if e.measure == "interviews":
        x = fmt.integer(e.count, locale=locale)
        return f"{label}: {x} von {n} Interviews" if de else f"{label}: {x} of {n} interviews"
    if e.measure == "share":
        x, total = fmt.integer(e.count, locale=locale), fmt.integer(e.n, locale=locale)
        return f"{label}: {fmt.percent(e.value, locale=locale)} ({x} von {total})" if de else \
            f"{label}: {fmt.percent(e.value, locale=locale)} ({x} of {total})"
    if e.measure == "blau":
        return f"{label}: {fmt.number(e.value, locale=locale)} ({n} {'Teilnahmen' if de else 'attendances'})"
    digits = 0 if e.measure in ("events", "attendances") else 1
    return f"{label}: {fmt.number(e.value, locale=locale, digits=digits)}"


def present(result: TransferReflection, locale: str) -> Section:
    """The transfer chapter: phase model, organisation, resources, checklist, city comparison."""
    de = locale.startswith("de")
    blocks: list = []
    blocks += _phase_blocks(result, locale)
    blocks += _organisation_blocks(result, locale)
    blocks += _resource_blocks(result, locale)
    blocks += _checklist_blocks(result, locale)
    blocks += _city_blocks(result, locale)
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    key_figures: dict[str, str] = {}
    highlights: list[KeyFigure] = []
    a = result.activities
    with_data = sum(1 for i in result.items if any(e.measure != "none" for e in i.evidence))
    key_figures["checklist_items"] = fmt.integer(len(result.items), locale=locale)
    key_figures["checklist_items_with_evidence"] = fmt.integer(with_data, locale=locale)
    if a is not None:
        key_figures.update({
            "events": fmt.integer(a.events, locale=locale),
            "attendances": fmt.integer(a.attendances, locale=locale),
            "hours": fmt.number(a.hours, locale=locale, digits=1),
            "person_hours": fmt.number(a.person_hours, locale=locale, digits=1),
            "events_per_month": fmt.number(a.events_per_month, locale=locale, digits=1),
        })
        if a.diversity is not None:
            key_figures["blau"] = fmt.number(a.diversity.blau, locale=locale)
        highlights.append(KeyFigure(
            "events", "Veranstaltungen" if de else "Events", key_figures["events"],
            f"{key_figures['attendances']} {'Teilnahmen' if de else 'attendances'}, "
            f"{key_figures['person_hours']} {'Personenstunden' if de else 'person-hours'}"))
    for comp in result.comparisons:
        if comp.test is not None:
            key_figures[f"p_city_{comp.scale}"] = fmt.pvalue(comp.p_adjusted, locale=locale)
    summary = [(f"Die Transfer-Checkliste nennt {key_figures['checklist_items']} Punkte; für "
                f"{key_figures['checklist_items_with_evidence']} liegen Befunde aus dieser Studie vor.") if de else
               (f"The transfer checklist has {key_figures['checklist_items']} items; for "
                f"{key_figures['checklist_items_with_evidence']} of them this study provides evidence.")]
    if a is not None:
        summary.append((f"Das Lab hat {key_figures['events']} Veranstaltungen mit {key_figures['attendances']} "
                        f"Teilnahmen und {key_figures['person_hours']} Personenstunden durchgeführt.") if de else
                       (f"The lab held {key_figures['events']} events with {key_figures['attendances']} attendances "
                        f"and {key_figures['person_hours']} person-hours."))
    if result.comparison is not None:
        summary.append(city_summary(result.comparison, locale))
    return Section(id="transfer", title=SPEC.title.get(locale), blocks=tuple(blocks), summary=tuple(summary),
                   key_figures=key_figures, highlights=tuple(highlights))


def _phase_blocks(result: TransferReflection, locale: str) -> list:
    de = locale.startswith("de")
    blocks: list = [Heading("Phasenmodell" if de else "Phase model")]
    rows = tuple((p.title.get(locale), _PERIOD_TITLES[p.when].get(locale) + ": "
                  + _period_span(p.when, result.test_phase, locale), p.description.get(locale))
                 for p in result.checklist.phases)
    notes = () if result.test_phase else (
        ("Die Studie gibt keine Testphase an (study.test_phase); alle Veranstaltungen zählen zur Testphase."
         if de else "The study gives no test phase (study.test_phase); all events count as test phase."),)
    blocks.append(Table(id="tab-transfer-phases", caption="Phasenmodell" if de else "Phase model",
                        columns=("Phase", "Zeitraum" if de else "Period", "Beschreibung" if de else "Description"),
                        rows=rows, numeric=(False, False, False), notes=notes))
    a = result.activities
    if a is None:
        blocks.append(Paragraph("Die Studie enthält kein Veranstaltungsprotokoll." if de else
                                "The study has no activity log."))
        return blocks
    rows = []
    for r in a.by_period.itertuples(index=False):
        counts = [int(getattr(r, p)) for p in PERIODS]
        rows.append((str(r.format), *(fmt.integer(c, locale=locale) for c in counts),
                     fmt.integer(sum(counts), locale=locale)))
    totals = [int(a.by_period[p].sum()) for p in PERIODS]
    rows.append(("Gesamt" if de else "Total", *(fmt.integer(c, locale=locale) for c in totals),
                 fmt.integer(sum(totals), locale=locale)))
    blocks.append(Table(
        id="tab-transfer-activities",
        caption="Veranstaltungen je Zeitraum und Format" if de else "Events per period and format",
        columns=("Format", *(_PERIOD_TITLES[p].get(locale) for p in PERIODS), "Gesamt" if de else "Total"),
        rows=tuple(rows), numeric=(False, True, True, True, True),
        notes=((f"Quelle: Veranstaltungsprotokoll ({a.file}); Zeiträume nach study.test_phase." if de else
                f"Source: activity log ({a.file}); periods from study.test_phase."),)))
    return blocks


def _organisation_blocks(result: TransferReflection, locale: str) -> list:
    de = locale.startswith("de")
    options = result.checklist.organisation_options
    if not options:
        return []
    rows = tuple((o.title.get(locale), o.description.get(locale), "; ".join(t.get(locale) for t in o.advantages),
                  "; ".join(t.get(locale) for t in o.drawbacks)) for o in options)
    return [Heading("Organisationsformen" if de else "Organisational options"),
            Table(id="tab-transfer-organisation",
                  caption="Organisationsformen eines KoSI-Labs" if de else "Ways to organise a KoSI-Lab",
                  columns=("Organisationsform" if de else "Option", "Beschreibung" if de else "Description",
                           "Vorteile" if de else "Advantages", "Nachteile" if de else "Drawbacks"),
                  rows=rows, numeric=(False,) * 4,
                  notes=((f"Quelle: Transfer-Checkliste ({result.checklist_file})." if de else
                          f"Source: transfer checklist ({result.checklist_file})."),))]


def _resource_blocks(result: TransferReflection, locale: str) -> list:
    de = locale.startswith("de")
    blocks: list = [Heading("Ressourcenbedarf" if de else "Resource needs")]
    a = result.activities
    if a is not None:
        rows = [(str(r.format), fmt.integer(int(r.events), locale=locale), fmt.number(r.hours, locale=locale, digits=1),
                 fmt.integer(int(r.attendances), locale=locale),
                 fmt.number(r.person_hours, locale=locale, digits=1))
                for r in a.by_format.itertuples(index=False)]
        rows.append(("Gesamt" if de else "Total", fmt.integer(a.events, locale=locale),
                     fmt.number(a.hours, locale=locale, digits=1), fmt.integer(a.attendances, locale=locale),
                     fmt.number(a.person_hours, locale=locale, digits=1)))
        per_month = fmt.number(a.events_per_month, locale=locale, digits=1)
        blocks.append(Paragraph(
            (f"Insgesamt fanden {fmt.integer(a.events, locale=locale)} Veranstaltungen mit "
             f"{fmt.number(a.hours, locale=locale, digits=1)} Stunden statt; gezählt wurden "
             f"{fmt.integer(a.attendances, locale=locale)} Teilnahmen und "
             f"{fmt.number(a.person_hours, locale=locale, digits=1)} Personenstunden (Dauer mal Teilnahmen). "
             f"In der Testphase waren es {per_month} Veranstaltungen je Monat.") if de else
            (f"In all, {fmt.integer(a.events, locale=locale)} events took "
             f"{fmt.number(a.hours, locale=locale, digits=1)} hours, with "
             f"{fmt.integer(a.attendances, locale=locale)} attendances and "
             f"{fmt.number(a.person_hours, locale=locale, digits=1)} person-hours (duration times attendances). "
             f"During the test phase there were {per_month} events per month.")))
        blocks.append(Table(
            id="tab-transfer-resources",
            caption="Veranstaltungen, Stunden und Teilnahmen je Format" if de else
                    "Events, hours and attendances per format",
            columns=("Format", "Veranstaltungen" if de else "Events", "Stunden" if de else "Hours",
                     "Teilnahmen" if de else "Attendances", "Personenstunden" if de else "Person-hours"),
            rows=tuple(rows), numeric=(False, True, True, True, True),
            notes=(("Teilnahmen = Summe der Teilnehmenden je Veranstaltung (eine Person, die mehrmals kam, zählt "
                    "mehrmals); Personenstunden = Dauer × Teilnahmen; Veranstaltungen je Monat = Veranstaltungen "
                    "der Testphase geteilt durch deren Länge in Monaten (Tage / 30,4375).") if de else
                   ("Attendances = sum of participants per event (a person who came several times counts several "
                    "times); person-hours = duration × attendances; events per month = events of the test phase "
                    "divided by its length in months (days / 30.4375)."),)))
    else:
        blocks.append(Paragraph("Ohne Veranstaltungsprotokoll lässt sich der Aufwand nicht beziffern." if de else
                                "Without an activity log the effort cannot be quantified."))
    if result.team_roles is not None:
        column = "role_de" if de else "role_en"
        rows = tuple((str(r[column]), fmt.integer(int(r["n"]), locale=locale))
                     for _, r in result.team_roles.iterrows())
        notes = ["Ohne Gesamtzahl, damit nicht ausgewiesene Gruppen nicht zurückgerechnet werden können."
                 if de else "No total is given, so that groups not shown cannot be worked out."]
        suppression = Suppression((), tuple(t.get(locale) for t in result.team_suppressed),
                                  result.min_size).note(locale)
        if suppression:
            notes.insert(0, suppression)
        blocks.append(Table(id="tab-transfer-team", caption="Lab-Team nach Rolle" if de else "Lab team by role",
                            columns=("Rolle" if de else "Role", "Personen" if de else "Persons"),
                            rows=rows, numeric=(False, True), notes=tuple(notes)))
    return blocks


def _checklist_blocks(result: TransferReflection, locale: str) -> list:
    de = locale.startswith("de")
    phases = {p.id: p.title.get(locale) for p in result.checklist.phases}
    rows = tuple((phases[i.phase], i.text.get(locale),
                  "; ".join(evidence_text(e, locale) for e in i.evidence) or fmt.DASH)
                 for i in result.items)
    ci_label = fmt.ci_label(result.level, locale=locale)
    note = ((f"Evidenz aus dieser Studie: Skalen mit zwei Wellen als standardisierte Veränderung d_z mit {ci_label} "
             f"(n = Paare), mit einer Welle als Mittelwert M mit {ci_label}; Codes als Zahl der Interviews, in denen "
             "mindestens eine codierende Person den Code vergeben hat; Aktivitäten aus dem Veranstaltungsprotokoll; "
             "Vielfalt als Blau-Index 1 − Σp² der Teilnahmen nach Akteursgruppe; Anteile an allen Teilnahmen. "
             f"„keine Daten“: die Studie enthält diese Angabe nicht. Quelle der Punkte: {result.checklist_file}.")
            if de else
            (f"Evidence from this study: scales with two waves as standardised change d_z with {ci_label} (n = pairs), "
             f"with one wave as mean M with {ci_label}; codes as the number of interviews in which at least one coder "
             "assigned the code; activities from the activity log; diversity as the Blau index 1 − Σp² of "
             "attendances by actor group; shares of all attendances. “no data”: the study does not contain this. "
             f"Source of the items: {result.checklist_file}."))
    return [Heading("Checkliste für den Transfer" if de else "Transfer checklist"),
            Table(id="tab-transfer-checklist",
                  caption="Transfer-Checkliste mit Evidenz" if de else "Transfer checklist with evidence",
                  columns=("Phase", "Punkt" if de else "Item", "Evidenz" if de else "Evidence"),
                  rows=rows, numeric=(False, False, False), notes=(note,))]


def _city_blocks(result: TransferReflection, locale: str) -> list:
    de = locale.startswith("de")
    blocks: list = [Heading("Städtevergleich" if de else "City comparison")]
    if result.comparison is None:
        blocks.append(Paragraph(
            "Es wurden keine Vergleichsstädte angegeben. Für einen Vergleich werden die Studienordner weiterer "
            "Städte geladen und übergeben, z. B. kosieval.analyze(studie, \"transfer\", others=(stadt_b, stadt_c))."
            if de else
            "No comparison cities were given. To compare, load the study folders of other cities and pass them, "
            "e.g. kosieval.analyze(study, \"transfer\", others=(city_b, city_c))."))
        return blocks
    return blocks + change_blocks(result.comparison, locale, module="transfer")
