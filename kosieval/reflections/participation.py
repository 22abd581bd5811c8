"""Who took part in the surveys and events of a lab (report chapter).

Respondents by actor group, survey and wave (with small-cell suppression), the panel of
multi-wave instruments, response rates with Wilson intervals, the diversity of the actor
groups (Blau, Shannon) and the events of the test phase over time.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from kosieval.model.activities import ACTOR_GROUPS
from kosieval.model.codebook import Codebook, Item, Text
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.section import Block, Figure, Heading, KeyFigure, Paragraph, Section, Table
from kosieval.present.timeline import participation_timeline
from kosieval.reflections.privacy import SUPPRESSED, Suppression, min_cell_size
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import DiversityResult, diversity

NOT_STATED = Text(de="ohne Angabe", en="not stated")
#: English names of the activity log's actor-group columns, where no instrument labels them.
_GROUP_EN = {"Verwaltung": "Administration", "Politik": "Politics", "Wirtschaft": "Business",
             "Wissenschaft": "Research", "Zivilgesellschaft": "Civil society"}
#: Ids the importer assigns to responses without a respondent id; they link to nothing.
_LINE_ID = re.compile(r"^\([^()]*, Zeile \d+\)$")


def _group_item(codebook: Codebook, attribute: str) -> Item | None:
    """The actor-group variable of ``codebook`` (an attribute with options), or None."""
    for item in (*codebook.attributes, *codebook.items):
        if item.id == attribute and item.options:
            return item
    return None


def _requirements(study: Study, *, invited: dict[str, int] | None = None, **_: object) -> list[Requirement]:
    attribute = study.config.report.actor_group
    with_groups = [c.id for c in study.codebooks.values() if _group_item(c, attribute) is not None]
    requirements = [
        Requirement("mindestens eine Befragung / at least one survey", bool(study.surveys)),
        Requirement(f"Akteursgruppen-Attribut / actor-group attribute {attribute!r} (report.actor_group) mit "
                    f"Antwortoptionen in mindestens einem Instrument / with options in at least one instrument "
                    f"(Instrumente / instruments: {', '.join(study.codebooks) or 'keine / none'})",
                    bool(with_groups)),
    ]
    for survey_id, number in (invited or {}).items():
        survey = study.surveys.get(survey_id)
        if survey is None:
            requirements.append(Requirement(
                f"Befragung / survey {survey_id!r} in report.modules.participation.invited (bekannt / known: "
                f"{', '.join(study.surveys)})", False))
            continue
        valid = isinstance(number, int) and not isinstance(number, bool) and number >= max(1, survey.n)
        requirements.append(Requirement(
            f"Zahl der Eingeladenen / number invited for {survey_id!r} ({number!r}) als ganze Zahl mindestens so "
            f"groß wie die Zahl der Antworten / a whole number at least the number of responses ({survey.n})",
            valid))
    return requirements


SPEC = ReflectionSpec(
    name="participation",
    title=Text(de="Beteiligung", en="Participation"),
    description=Text(
        de="Wer an den Befragungen und Veranstaltungen teilnahm: Akteursgruppen, Panel, Rücklauf, Vielfalt.",
        en="Who took part in the surveys and events: actor groups, panel, response rates, diversity."),
    requirements=_requirements,
    placement="chapter",
    needs=(
        Text(de="Befragungen: Zahl der Antworten und Akteursgruppe (report.actor_group)",
             en="surveys: number of responses and actor group (report.actor_group)"),
        Text(de="Befragten-ID, die die Wellen verknüpft (Panel)", en="respondent id linking the waves (panel)"),
        Text(de="Veranstaltungsprotokoll (optional): Datum, Format, Dauer, Teilnahmen je Akteursgruppe",
             en="activity log (optional): date, format, duration, attendances per actor group"),
        Text(de="Zahl der Eingeladenen je Befragung (optional, für die Rücklaufquote)",
             en="number invited per survey (optional, for the response rate)"),
    ),
    params={
        "invited": "Befragungs-ID -> Zahl der eingeladenen Personen, für die Rücklaufquote / "
                   "survey id -> number of persons invited, for the response rate",
        "level": "Konfidenzniveau der Rücklauf-KIs (Standard report.confidence) / "
                 "confidence level of the response-rate CIs (default report.confidence)",
    },
)


@dataclass(frozen=True)
class GroupCount:
    """Respondents of one actor group (``code`` None = no group given)."""

    code: int | None
    label: Text
    n: int


@dataclass(frozen=True)
class SurveyParticipation:
    """Who answered one survey.

    Attributes
    ----------
    survey, instrument, instrument_title, wave
        Which survey.
    n
        Responses analysed (after the importer's exclusions).
    groups
        Respondents per actor group in codebook order, then "not stated"; empty when the
        instrument has no actor-group attribute.
    diversity
        Blau/Shannon of the actor groups (K = the instrument's groups); None without groups.
    invited
        Persons invited, where given.
    response_rate, rate_ci_low, rate_ci_high
        ``n / invited`` with its Wilson interval (NaN without ``invited``).
    """

    survey: str
    instrument: str
    instrument_title: Text
    wave: str
    n: int
    groups: tuple[GroupCount, ...]
    diversity: DiversityResult | None
    invited: int | None
    response_rate: float
    rate_ci_low: float
    rate_ci_high: float

    def label(self, locale: str) -> str:
        """``<instrument title> <wave>``."""
        return f"{self.instrument_title.get(locale)} {self.wave}"


@dataclass(frozen=True)
class Panel:
    """Linkage of the first two waves of a multi-wave instrument by respondent id.

    Attributes
    ----------
    both
        Respondents with a response in both waves.
    only_first, only_second
        Respondents in one wave only (responses without an id count here: they cannot be linked).
    """

    instrument: str
    title: Text
    waves: tuple[str, str]
    both: int
    only_first: int
    only_second: int


@dataclass(frozen=True)
class ActivitySummary:
    """The events of the activity log.

    Attributes
    ----------
    events
        One row per event (date order): ``date``, ``format``, ``duration_h``, one column
        per actor group of :data:`~kosieval.model.activities.ACTOR_GROUPS` (blank = 0),
        ``not_stated`` (total minus the groups, where the total is larger) and ``attendances``.
    group_labels
        Labels of the group columns.
    by_format
        One row per format: ``format``, ``events``, ``hours``, ``attendances``.
    diversity
        Blau/Shannon over all attendances with a group (K = 5 groups); None when there are none.
    blank_cells
        Group cells left blank in the log (counted as 0).
    missing_duration
        Events without a duration.
    """

    file: str
    events: pd.DataFrame
    group_labels: tuple[Text, ...]
    by_format: pd.DataFrame
    diversity: DiversityResult | None
    blank_cells: int
    missing_duration: int

    @property
    def n_events(self) -> int:
        """Number of events."""
        return len(self.events)

    @property
    def attendances(self) -> int:
        """Attendances over all events (persons attending several events count each time)."""
        return int(self.events["attendances"].sum())

    @property
    def hours(self) -> float:
        """Sum of the events' durations in hours."""
        return float(self.events["duration_h"].sum(skipna=True))

    def by_group(self) -> pd.Series:
        """Attendances per actor group (and ``not_stated``) over all events."""
        return self.events[[*ACTOR_GROUPS, "not_stated"]].sum().astype(int)


@dataclass(frozen=True)
class ParticipationReflection:
    """Who took part, unrounded.

    Attributes
    ----------
    surveys
        One entry per survey, in config order.
    panels
        One entry per instrument with at least two waves.
    activities
        The activity log, or None when the study has none.
    actor_group
        The attribute holding the actor group.
    level
        Confidence level of the response-rate intervals.
    min_size
        Minimum cell size (privacy).
    warnings
        What the computations warned about.
    """

    surveys: tuple[SurveyParticipation, ...]
    panels: tuple[Panel, ...]
    activities: ActivitySummary | None
    actor_group: str
    level: float
    min_size: int
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per survey and actor group: n, share of the survey's respondents, response rate."""
        rows = []
        for s in self.surveys:
            for g in s.groups or (GroupCount(None, NOT_STATED, s.n),):
                rows.append({"survey": s.survey, "instrument": s.instrument, "wave": s.wave,
                             "group_code": g.code, "group": g.label.de, "n": g.n,
                             "share": g.n / s.n if s.n else float("nan"), "survey_n": s.n,
                             "invited": s.invited, "response_rate": s.response_rate})
        return pd.DataFrame(rows)


def _groups(survey_frame: pd.DataFrame, item: Item) -> list[GroupCount]:
    values = survey_frame[item.id]
    counts = [GroupCount(o.code, o.label, int((values == o.code).sum())) for o in item.options]
    counts.append(GroupCount(None, NOT_STATED, int(values.isna().sum())))
    return counts


def _survey(study: Study, survey_id: str, attribute: str, invited: dict[str, int], level: float,
            notes: list[str]) -> SurveyParticipation:
    survey = study.surveys[survey_id]
    item = _group_item(survey.codebook, attribute)
    groups: list[GroupCount] = []
    div = None
    if item is not None and item.id in survey.responses.columns:
        groups = _groups(survey.responses, item)
        values = survey.responses[item.id].astype("object").where(survey.responses[item.id].notna(), None)
        if values.notna().any():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                div = diversity(values.tolist(), categories=item.codes)
            notes += [f"{survey_id}: {w.message}" for w in caught]
    number = invited.get(survey_id)
    rate = low = high = float("nan")
    if number:
        rate = survey.n / number
        low, high = (float(v) for v in proportion_confint(survey.n, number, alpha=1 - level, method="wilson"))
    return SurveyParticipation(survey_id, survey.instrument, survey.codebook.title, survey.wave, survey.n,
                               tuple(groups), div, number, rate, low, high)


def _panels(study: Study) -> list[Panel]:
    panels = []
    for codebook in study.codebooks.values():
        surveys = study.surveys_of(codebook.id)
        waves = [w for w in codebook.waves if any(s.wave == w for s in surveys)]
        if len(waves) < 2:
            continue
        first, second = waves[:2]
        ids = [set().union(*(set(s.responses["respondent"].dropna()) for s in surveys if s.wave == w))
               for w in (first, second)]
        linkable = [{i for i in wave_ids if not _LINE_ID.match(str(i))} for wave_ids in ids]
        both = len(linkable[0] & linkable[1])
        panels.append(Panel(codebook.id, codebook.title, (first, second), both,
                            len(ids[0]) - both, len(ids[1]) - both))
    return panels


def _group_labels(study: Study, attribute: str) -> tuple[Text, ...]:
    known: dict[str, Text] = {}
    for codebook in study.codebooks.values():
        item = _group_item(codebook, attribute)
        for option in item.options if item is not None else ():
            known.setdefault(option.label.de, option.label)
    return tuple(known.get(g, Text(de=g, en=_GROUP_EN.get(g, g))) for g in ACTOR_GROUPS)


def _activities(study: Study, attribute: str, notes: list[str]) -> ActivitySummary | None:
    if study.activities is None:
        return None
    raw = study.activities.events.sort_values("date", kind="stable").reset_index(drop=True)
    groups = raw[list(ACTOR_GROUPS)]
    blank = int(groups.isna().sum().sum())
    counts = groups.fillna(0).astype(int)
    group_sum = counts.sum(axis=1)
    total = raw["total"].astype("Float64")
    attendances = pd.Series([int(max(t, g)) if pd.notna(t) else int(g) for t, g in zip(total, group_sum)])
    events = pd.DataFrame({"date": raw["date"], "format": raw["format"].astype(object),
                           "duration_h": raw["duration_h"].astype(float)})
    events = pd.concat([events, counts.reset_index(drop=True)], axis=1)
    events["not_stated"] = attendances - group_sum
    events["attendances"] = attendances
    by_format = (events.groupby("format", sort=False, dropna=False)
                 .agg(events=("date", "size"), hours=("duration_h", lambda d: float(d.sum(skipna=True))),
                      attendances=("attendances", "sum"))
                 .reset_index())
    totals = counts.sum()
    div = None
    if int(totals.sum()):
        labels = [g for g in ACTOR_GROUPS for _ in range(int(totals[g]))]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            div = diversity(labels, categories=ACTOR_GROUPS)
        notes += [f"{study.activities.file}: {w.message}" for w in caught]
    return ActivitySummary(study.activities.file, events, _group_labels(study, attribute), by_format, div, blank,
                           int(events["duration_h"].isna().sum()))


def analyze(study: Study, *, invited: dict[str, int] | None = None, level: float | None = None
            ) -> ParticipationReflection:
    """Count who took part in the surveys and events.

    Parameters
    ----------
    study
        The loaded study.
    invited
        Survey id -> number of persons invited (``report.modules.participation.invited``); gives
        the response rate with a Wilson interval. Without it the rate is not computed.
    level
        Confidence level of the response-rate intervals (default ``report.confidence``).

    Returns
    -------
    ParticipationReflection
    """
    level = study.config.report.confidence if level is None else level
    attribute = study.config.report.actor_group
    notes: list[str] = []
    surveys = tuple(_survey(study, survey_id, attribute, dict(invited or {}), level, notes)
                    for survey_id in study.surveys)
    activities = _activities(study, attribute, notes)
    return ParticipationReflection(surveys, tuple(_panels(study)), activities, attribute, level,
                                   min_cell_size(study), tuple(notes))


# -- presentation ---------------------------------------------------------------------------


def hidden_cells(counts: list[int], *, min_size: int, exempt: tuple[int, ...] = ()) -> tuple[set[int], set[int]]:
    """Primary and secondary suppression of one column of counts whose total is printed.

    Parameters
    ----------
    counts
        The column's cells.
    min_size
        Cells with ``0 < n < min_size`` are suppressed (primary).
    exempt
        Cells never suppressed primarily (the "not stated" row names no group).

    Returns
    -------
    (primary, secondary)
        Indices of the cells hidden. When exactly one cell is hidden primarily, the smallest
        other non-zero cell is hidden too, so the hidden count cannot be recovered from the total.
    """
    primary = {i for i, n in enumerate(counts) if 0 < n < min_size and i not in exempt}
    secondary: set[int] = set()
    if len(primary) == 1:
        candidates = [(n, i) for i, n in enumerate(counts) if n > 0 and i not in primary]
        if candidates:
            secondary.add(min(candidates)[1])
    return primary, secondary


def _id(text: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", text.lower())


def _instruments(result: ParticipationReflection) -> list[list[SurveyParticipation]]:
    order: dict[str, list[SurveyParticipation]] = {}
    for s in result.surveys:
        if s.groups:
            order.setdefault(s.instrument, []).append(s)
    return list(order.values())


def _composition_table(surveys: list[SurveyParticipation], result: ParticipationReflection, locale: str
                       ) -> tuple[Table, tuple[str, ...]]:
    """One instrument's actor groups per wave, with primary and secondary suppression."""
    de = locale.startswith("de")
    labels = [g.label.get(locale) for g in surveys[0].groups]
    codes = [g.code for g in surveys[0].groups]
    columns: list[str] = ["Akteursgruppe" if de else "Actor group"]
    cells: list[list[str]] = [[label] for label in labels] + [["Gesamt" if de else "Total"]]
    suppressed: list[str] = []
    any_secondary = False
    for s in surveys:
        by_code = {g.code: g.n for g in s.groups}
        counts = [by_code.get(c, 0) for c in codes]
        primary, secondary = hidden_cells(counts, min_size=result.min_size, exempt=(codes.index(None),))
        any_secondary |= bool(secondary)
        suppressed += [labels[i] for i in sorted(primary)]
        columns += [f"{s.wave} n", f"{s.wave} %"]
        for i, n in enumerate(counts):
            if i in primary or i in secondary:
                cells[i] += [SUPPRESSED, SUPPRESSED]
            else:
                cells[i] += [fmt.integer(n, locale=locale),
                             fmt.percent(n / s.n if s.n else float("nan"), locale=locale)]
        cells[-1] += [fmt.integer(s.n, locale=locale), fmt.percent(1.0 if s.n else float("nan"), locale=locale)]
    # a row that is empty in every wave says nothing: leave it out (the "not stated" row included)
    rows = [tuple(row) for row, keep in zip(cells, [any(
        {g.code: g.n for g in s.groups}.get(c, 0) for s in surveys) for c in codes] + [True]) if keep]
    shown_suppressed = tuple(dict.fromkeys(suppressed))
    notes = ["Prozent: Anteil an allen Antworten der Welle." if de else
             "Percent: share of all responses of the wave."]
    if any(row[0] == NOT_STATED.get(locale) for row in rows):
        notes[0] += (" „ohne Angabe“: Befragte ohne Akteursgruppe; diese Zeile nennt keine Gruppe und wird nicht "
                     "unterdrückt." if de else " \"not stated\": respondents without an actor group; this row "
                     "names no group and is not suppressed.")
    note = Suppression((), shown_suppressed, result.min_size).note(locale)
    if note:
        notes.append(note + (" Zellen mit „·“ sind nicht ausgewiesen." if de else " Cells with \"·\" are not shown."))
    if any_secondary:
        notes.append("Zusätzlich ist je betroffener Welle die nächstkleinere Gruppe ausgeblendet (·), damit der "
                     "verdeckte Wert nicht aus der Gesamtzahl errechnet werden kann." if de else
                     "In each affected wave the next-smallest group is hidden too (·), so the suppressed count "
                     "cannot be recovered from the total.")
    title = surveys[0].instrument_title.get(locale)
    table = Table(
        id=f"tab-participation-groups-{_id(surveys[0].instrument)}",
        caption=(f"{title}: Befragte nach Akteursgruppe" + (" und Welle" if len(surveys) > 1 else "")) if de else
                (f"{title}: respondents by actor group" + (" and wave" if len(surveys) > 1 else "")),
        columns=tuple(columns),
        rows=tuple(rows),
        numeric=(False,) + (True,) * (len(columns) - 1),
        notes=tuple(notes),
    )
    return table, shown_suppressed


def _surveys_table(result: ParticipationReflection, locale: str) -> Table:
    de = locale.startswith("de")
    with_rate = any(s.invited for s in result.surveys)
    ci_label = fmt.ci_label(result.level, locale=locale)
    columns = ["Befragung" if de else "Survey", "Welle" if de else "Wave", "n"]
    if with_rate:
        columns += ["Eingeladen" if de else "Invited", "Rücklauf" if de else "Response rate", ci_label]
    rows = []
    for s in result.surveys:
        row = [s.instrument_title.get(locale), s.wave, fmt.integer(s.n, locale=locale)]
        if with_rate:
            row += [fmt.integer(s.invited, locale=locale) if s.invited else fmt.DASH,
                    fmt.percent(s.response_rate, locale=locale, digits=1),
                    _percent_ci(s.rate_ci_low, s.rate_ci_high, locale) if s.invited else fmt.DASH]
        rows.append(tuple(row))
    notes = [("n = ausgewertete Antworten nach dem Einlesen (ohne unvollständige Antworten, Testläufe und "
              "doppelte Befragten-IDs; siehe Anhang Datenqualität).") if de else
             ("n = responses analysed after import (without incomplete responses, test runs and duplicate "
              "respondent ids; see the data-quality appendix).")]
    if with_rate:
        notes.append(f"Rücklauf = n / Eingeladene; {ci_label} nach Wilson." if de else
                     f"Response rate = n / invited; {ci_label} after Wilson.")
    return Table(id="tab-participation-surveys",
                 caption="Befragungen und Zahl der Antworten" if de else "Surveys and number of responses",
                 columns=tuple(columns), rows=tuple(rows),
                 numeric=(False, False, True) + ((True, True, True) if with_rate else ()), notes=tuple(notes))


def _percent_ci(low: float, high: float, locale: str) -> str:
    joiner = ";" + fmt.NBSP if locale.startswith("de") else "," + fmt.NBSP
    return f"[{fmt.percent(low, locale=locale, digits=1)}{joiner}{fmt.percent(high, locale=locale, digits=1)}]"


def _diversity_shown(survey: SurveyParticipation, min_size: int) -> bool:
    """Whether a survey's diversity may be printed.

    A Blau index together with n and the printed group counts pins down the suppressed
    counts (two hidden cells summing to 12 with Blau 0,78 can only be 4 and 8), so a survey
    with a suppressed group shows no diversity figures.
    """
    return survey.diversity is not None and not any(
        0 < g.n < min_size for g in survey.groups if g.code is not None)


def _diversity_rows(result: ParticipationReflection, locale: str) -> list[tuple[str, DiversityResult, str]]:
    de = locale.startswith("de")
    rows = [(s.label(locale), s.diversity, "Befragte" if de else "respondents")
            for s in result.surveys if _diversity_shown(s, result.min_size)]
    if result.activities is not None and result.activities.diversity is not None:
        rows.append(("Veranstaltungen (alle Teilnahmen)" if de else "Events (all attendances)",
                     result.activities.diversity, "Teilnahmen" if de else "attendances"))
    return rows


def _diversity_table(result: ParticipationReflection, locale: str) -> Table:
    de = locale.startswith("de")
    rows = []
    for label, d, unit in _diversity_rows(result, locale):
        rows.append((label, f"{fmt.integer(d.n, locale=locale)} {unit}",
                     f"{d.k_observed} {'von' if de else 'of'} {d.k}",
                     fmt.number(d.blau, locale=locale), fmt.number(d.blau_normalized, locale=locale),
                     fmt.number(d.evenness, locale=locale)))
    k = max((d.k for _, d, _ in _diversity_rows(result, locale)), default=5)
    top = fmt.number(1 - 1 / k, locale=locale) if k > 1 else fmt.DASH
    note = (f"Blau-Index = Wahrscheinlichkeit, dass zwei zufällig gewählte Teilnehmende (mit Zurücklegen) "
            f"verschiedenen Akteursgruppen angehören: 0 = alle aus einer Gruppe, höchstens {top} bei {k} gleich "
            "großen Gruppen. Normiert = Blau-Index geteilt durch diesen Höchstwert (0 bis 1). Shannon-Evenness = "
            "Shannon-Entropie geteilt durch ln K (0 bis 1; 1 = alle Gruppen gleich stark). K = Zahl der "
            "möglichen Gruppen; Befragte ohne Angabe sind nicht berücksichtigt. Bei den Veranstaltungen zählt "
            "jede Teilnahme (eine Person, die mehrmals kam, zählt mehrfach). Für Befragungen mit einer "
            "unterdrückten Gruppe wird keine Vielfalt ausgewiesen, weil sie deren Größe verraten würde.") if de else (
            f"Blau index = probability that two participants chosen at random (with replacement) belong to "
            f"different actor groups: 0 = all from one group, at most {top} with {k} equally large groups. "
            "Normalised = Blau index divided by that maximum (0 to 1). Shannon evenness = Shannon entropy divided "
            "by ln K (0 to 1; 1 = all groups equally strong). K = number of possible groups; respondents without "
            "a group are left out. For the events every attendance counts (a person who came several times "
            "counts several times). Surveys with a suppressed group show no diversity, as it would reveal "
            "that group's size.")
    return Table(id="tab-participation-diversity",
                 caption="Vielfalt der Akteursgruppen" if de else "Diversity of actor groups",
                 columns=("Grundlage" if de else "Basis", "n", "Gruppen" if de else "Groups", "Blau",
                          "Blau normiert" if de else "Blau normalised", "Shannon-Evenness" if de
                          else "Shannon evenness"),
                 rows=tuple(rows), numeric=(False, True, True, True, True, True), notes=(note,))


def _activity_blocks(a: ActivitySummary, locale: str) -> list[Block]:
    de = locale.startswith("de")
    blocks: list[Block] = [Heading("Veranstaltungen" if de else "Events")]
    if a.n_events == 0:
        blocks.append(Paragraph("Das Veranstaltungsprotokoll enthält keine Veranstaltungen." if de else
                                "The activity log lists no events."))
        return blocks
    first, last = a.events["date"].min().date(), a.events["date"].max().date()
    span = (fmt.date(first, locale=locale), fmt.date(last, locale=locale))
    n_events = fmt.integer(a.n_events, locale=locale)
    attendances = fmt.integer(a.attendances, locale=locale)
    hours = fmt.number(a.hours, locale=locale, digits=1)
    mean = fmt.number(a.attendances / a.n_events, locale=locale, digits=1)
    blocks.append(Paragraph(
        (f"Vom {span[0]} bis zum {span[1]} fanden {n_events} Veranstaltungen mit zusammen {hours} Stunden statt. "
         f"Gezählt wurden {attendances} Teilnahmen, im Mittel {mean} je Veranstaltung. Teilnahmen sind keine "
         "Personen: Wer mehrmals kam, wird mehrmals gezählt.") if de else
        (f"From {span[0]} to {span[1]}, {n_events} events with a total of {hours} hours took place. "
         f"{attendances} attendances were counted, {mean} per event on average. Attendances are not persons: "
         "someone who came several times is counted several times.")))
    rows = []
    for r in a.by_format.itertuples():
        rows.append((str(r.format) if pd.notna(r.format) else fmt.DASH, fmt.integer(int(r.events), locale=locale),
                     fmt.number(r.hours, locale=locale, digits=1), fmt.integer(int(r.attendances), locale=locale),
                     fmt.number(r.attendances / r.events, locale=locale, digits=1)))
    rows.append(("Gesamt" if de else "Total", n_events, hours, attendances, mean))
    notes = ["Stunden = Summe der Veranstaltungsdauern." if de else "Hours = sum of the events' durations."]
    if a.missing_duration:
        notes.append(f"{a.missing_duration} Veranstaltung(en) ohne Dauer." if de else
                     f"{a.missing_duration} event(s) without a duration.")
    blocks.append(Table(
        id="tab-participation-formats",
        caption="Veranstaltungen nach Format" if de else "Events by format",
        columns=("Format", "Veranstaltungen" if de else "Events", "Stunden" if de else "Hours",
                 "Teilnahmen" if de else "Attendances", "Ø je Veranstaltung" if de else "Mean per event"),
        rows=tuple(rows), numeric=(False, True, True, True, True), notes=tuple(notes)))
    group_names = [t.get(locale) for t in a.group_labels]
    columns = list(ACTOR_GROUPS)
    if int(a.events["not_stated"].sum()):
        group_names.append(NOT_STATED.get(locale))
        columns.append("not_stated")
    by_group = a.by_group()
    parts = [f"{name} {fmt.integer(int(by_group[c]), locale=locale)}" for name, c in zip(group_names, columns)]
    biggest = a.events.loc[a.events["attendances"].idxmax()]
    big_date = fmt.date(biggest["date"].date(), locale=locale)
    alt = ((f"Gestapeltes Säulendiagramm: Teilnahmen je Veranstaltung nach Akteursgruppe, {n_events} "
            f"Veranstaltungen vom {span[0]} bis {span[1]}. Teilnahmen insgesamt {attendances}: "
            + "; ".join(parts) + f". Die meisten Teilnahmen hatte die Veranstaltung am {big_date} "
            f"({biggest['format']}, {fmt.integer(int(biggest['attendances']), locale=locale)}).") if de else
           (f"Stacked bar chart: attendances per event by actor group, {n_events} events from {span[0]} to "
            f"{span[1]}. Attendances in total {attendances}: " + "; ".join(parts) + f". The event on {big_date} "
            f"({biggest['format']}) had the most attendances "
            f"({fmt.integer(int(biggest['attendances']), locale=locale)})."))
    blocks.append(Figure(
        id="fig-participation-timeline",
        caption="Teilnahmen im Zeitverlauf: je Veranstaltung nach Akteursgruppe" if de else
                "Participation over time: attendances per event by actor group",
        alt=alt,
        svg=participation_timeline(a.events["date"].tolist(), a.events[columns].to_numpy(), groups=group_names,
                                   locale=locale, ylabel="Teilnahmen" if de else "Attendances"),
    ))
    blank = (f" {a.blank_cells} leere Zellen im Protokoll wurden als 0 gezählt." if de else
             f" {a.blank_cells} blank cells in the log were counted as 0.") if a.blank_cells else ""
    blocks.append(Paragraph(
        ("Hinweis: Die Teilnahmezahlen je Veranstaltung zählen Besuche, nicht Personen; sie werden daher auch "
         "bei kleinen Zahlen nicht unterdrückt. Eine Tabelle einzelner Veranstaltungen nach Akteursgruppe wird "
         "nicht ausgegeben." + blank) if de else
        ("Note: attendance counts per event count visits, not persons, so they are not suppressed even when "
         "small. No table of single events by actor group is printed." + blank)))
    return blocks


def present(result: ParticipationReflection, locale: str) -> Section:
    """The participation chapter: surveys, actor groups, panel, response rates, diversity, events."""
    de = locale.startswith("de")
    blocks: list[Block] = [Heading("Befragungen" if de else "Surveys")]
    survey_parts = [f"{s.label(locale)}: {fmt.integer(s.n, locale=locale)}" for s in result.surveys]
    blocks.append(Paragraph(
        ("Ausgewertet wurden " + "; ".join(survey_parts) + " Antworten.") if de else
        ("Responses analysed: " + "; ".join(survey_parts) + ".")))
    blocks.append(_surveys_table(result, locale))
    if not any(s.invited for s in result.surveys):
        blocks.append(Paragraph(
            "Eine Rücklaufquote kann nicht berechnet werden, weil die Zahl der eingeladenen Personen nicht "
            "angegeben ist. Sie lässt sich in study.yaml unter report.modules.participation.invited je Befragung "
            "eintragen (z. B. invited: {participants_t0: 250})." if de else
            "A response rate cannot be computed because the number of persons invited is not given. Add it per "
            "survey in study.yaml under report.modules.participation.invited (e.g. invited: "
            "{participants_t0: 250})."))
    else:
        for s in result.surveys:
            if s.invited:
                blocks.append(Paragraph(
                    (f"{s.label(locale)}: {fmt.integer(s.n, locale=locale)} von "
                     f"{fmt.integer(s.invited, locale=locale)} Eingeladenen antworteten, Rücklauf "
                     f"{fmt.percent(s.response_rate, locale=locale, digits=1)} "
                     f"({fmt.ci_label(result.level, locale=locale)} "
                     f"{_percent_ci(s.rate_ci_low, s.rate_ci_high, locale)}).") if de else
                    (f"{s.label(locale)}: {fmt.integer(s.n, locale=locale)} of {fmt.integer(s.invited, locale=locale)} "
                     f"invited persons responded, a response rate of "
                     f"{fmt.percent(s.response_rate, locale=locale, digits=1)} "
                     f"({fmt.ci_label(result.level, locale=locale)} "
                     f"{_percent_ci(s.rate_ci_low, s.rate_ci_high, locale)}).")))
    blocks.append(Heading("Akteursgruppen" if de else "Actor groups"))
    for surveys in _instruments(result):
        table, _ = _composition_table(surveys, result, locale)
        blocks.append(table)
    if not _instruments(result):
        blocks.append(Paragraph("Keine Befragung erfasst die Akteursgruppe." if de else
                                "No survey records the actor group."))
    for p in result.panels:
        first, second = p.waves
        blocks.append(Heading(f"Panel {first}–{second}: {p.title.get(locale)}"))
        both, only1, only2 = (fmt.integer(v, locale=locale) for v in (p.both, p.only_first, p.only_second))
        blocks.append(Paragraph(
            (f"{both} Personen antworteten in beiden Wellen (verknüpft über die Befragten-ID), {only1} nur in "
             f"{first} und {only2} nur in {second}. Veränderungen werden nur für die {both} Personen mit beiden "
             "Antworten berechnet.") if de else
            (f"{both} persons answered in both waves (linked by respondent id), {only1} only in {first} and "
             f"{only2} only in {second}. Change is computed only for the {both} persons with both responses.")))
        blocks.append(Table(
            id=f"tab-participation-panel-{_id(p.instrument)}",
            caption=(f"{p.title.get(locale)}: Teilnahme an den Wellen {first} und {second}") if de else
                    (f"{p.title.get(locale)}: participation in waves {first} and {second}"),
            columns=("Teilnahme" if de else "Participation", "n"),
            rows=((f"{first} und {second}" if de else f"{first} and {second}", both),
                  (f"nur {first}" if de else f"only {first}", only1),
                  (f"nur {second}" if de else f"only {second}", only2)),
            numeric=(False, True),
            notes=(("Antworten ohne Befragten-ID können nicht verknüpft werden und zählen bei „nur“.") if de else
                   ("Responses without a respondent id cannot be linked and count under \"only\"."),)))
    div_rows = _diversity_rows(result, locale)
    if div_rows:
        blocks.append(Heading("Vielfalt" if de else "Diversity"))
        parts = [f"{label} {fmt.number(d.blau, locale=locale)}" for label, d, _ in div_rows]
        blocks.append(Paragraph(
            ("Der Blau-Index gibt an, wie wahrscheinlich zwei zufällig gewählte Beteiligte aus verschiedenen "
             "Akteursgruppen kommen: " + "; ".join(parts) + ".") if de else
            ("The Blau index gives the probability that two participants chosen at random come from different "
             "actor groups: " + "; ".join(parts) + ".")))
        blocks.append(_diversity_table(result, locale))
    if result.activities is not None:
        blocks += _activity_blocks(result.activities, locale)
    else:
        blocks.append(Heading("Veranstaltungen" if de else "Events"))
        blocks.append(Paragraph(
            "Die Studie enthält kein Veranstaltungsprotokoll (activities in study.yaml); Zahl und Besuch der "
            "Veranstaltungen werden daher nicht berichtet." if de else
            "The study has no activity log (activities in study.yaml), so the number of events and their "
            "attendance are not reported."))
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    key_figures, highlights, summary = _key_figures(result, locale)
    return Section(id="participation", title=SPEC.title.get(locale), blocks=tuple(blocks), summary=summary,
                   key_figures=key_figures, highlights=highlights)


def _key_figures(result: ParticipationReflection, locale: str
                 ) -> tuple[dict[str, str], tuple[KeyFigure, ...], tuple[str, ...]]:
    de = locale.startswith("de")
    figures: dict[str, str] = {}
    for s in result.surveys:
        figures[f"n_{_id(s.survey)}"] = fmt.integer(s.n, locale=locale)
        if s.invited:
            figures[f"response_rate_{_id(s.survey)}"] = fmt.percent(s.response_rate, locale=locale, digits=1)
        if _diversity_shown(s, result.min_size):
            figures[f"blau_{_id(s.survey)}"] = fmt.number(s.diversity.blau, locale=locale)
    for p in result.panels:
        figures[f"n_panel_{_id(p.instrument)}"] = fmt.integer(p.both, locale=locale)
    highlights: list[KeyFigure] = []
    summary: list[str] = []
    if result.panels:
        p = result.panels[0]
        ns = {s.wave: s.n for s in result.surveys if s.instrument == p.instrument}
        context = f"{p.waves[0]}: {fmt.integer(ns.get(p.waves[0]), locale=locale)}, " \
                  f"{p.waves[1]}: {fmt.integer(ns.get(p.waves[1]), locale=locale)}"
        highlights.append(KeyFigure(f"n_panel_{_id(p.instrument)}",
                                    f"{p.title.get(locale)}: " + ("in beiden Wellen" if de else "in both waves"),
                                    fmt.integer(p.both, locale=locale), context))
        summary.append(
            (f"{p.title.get(locale)}: {context} Antworten; {fmt.integer(p.both, locale=locale)} Personen nahmen "
             "an beiden Wellen teil.") if de else
            (f"{p.title.get(locale)}: {context} responses; {fmt.integer(p.both, locale=locale)} persons took part "
             "in both waves."))
    a = result.activities
    if a is not None and a.n_events:
        figures["n_events"] = fmt.integer(a.n_events, locale=locale)
        figures["n_attendances"] = fmt.integer(a.attendances, locale=locale)
        figures["hours"] = fmt.number(a.hours, locale=locale, digits=1)
        context = (f"{figures['n_events']} Veranstaltungen, {figures['hours']} Stunden" if de else
                   f"{figures['n_events']} events, {figures['hours']} hours")
        highlights.append(KeyFigure("n_attendances", "Teilnahmen an Veranstaltungen" if de else "Event attendances",
                                    figures["n_attendances"], context))
        summary.append(f"{figures['n_events']} Veranstaltungen mit {figures['n_attendances']} Teilnahmen." if de
                       else f"{figures['n_events']} events with {figures['n_attendances']} attendances.")
        if a.diversity is not None:
            figures["blau_attendances"] = fmt.number(a.diversity.blau, locale=locale)
            top = fmt.number(a.diversity.blau_max, locale=locale)
            highlights.append(KeyFigure(
                "blau_attendances", "Vielfalt der Akteursgruppen (Blau-Index)" if de else
                "Diversity of actor groups (Blau index)", figures["blau_attendances"],
                (f"0 = eine Gruppe, {top} = alle {a.diversity.k} gleich stark" if de else
                 f"0 = one group, {top} = all {a.diversity.k} equally strong")))
    if not highlights and result.surveys:
        s = result.surveys[0]
        highlights.append(KeyFigure(f"n_{_id(s.survey)}", s.label(locale), fmt.integer(s.n, locale=locale)))
    return figures, tuple(highlights[:3]), tuple(summary)
