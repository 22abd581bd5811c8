"""Building a report for a study: run the reflections, assemble the document, render.

:func:`build_document` gives the :class:`~kosieval.report.document.ReportDocument` (no
files written); :func:`build_report` renders it to PDF or HTML and writes
``manifest.json`` beside it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from babel.dates import format_date

from kosieval._resources import templates_dir
from kosieval.model.importlog import ImportLog
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.section import Block, Paragraph, Section, Table
from kosieval.reflections.registry import Reflection, run_reflections
from kosieval.report.document import Provenance, ReportDocument
from kosieval.report.manifest import collect_versions, describe_input, write_manifest
from kosieval.report.render import STYLESHEET, render_html, render_pdf


@dataclass(frozen=True)
class BuiltReport:
    """What :func:`build_report` wrote."""

    output: Path
    manifest: Path
    document: ReportDocument
    reflections: tuple[Reflection, ...]


def _methods(study: Study, locale: str) -> tuple[Block, ...]:
    de = locale.startswith("de")
    rows = []
    for survey in study.surveys.values():
        rows.append((
            survey.codebook.title.get(locale), survey.wave, survey.file,
            survey.detected.get("format", ""), fmt.integer(survey.n, locale=locale),
        ))
    table = Table(
        id="tab-samples",
        caption="Befragungen und Stichproben" if de else "Surveys and samples",
        columns=("Befragung", "Welle", "Datei", "Format", "n") if de
        else ("Survey", "Wave", "File", "Format", "n"),
        rows=tuple(rows),
        numeric=(False, False, False, False, True),
        notes=(("n = gültige, abgeschlossene Antworten nach der Datenprüfung (ohne Testläufe, "
                "unvollständige Antworten und doppelte Befragten-IDs).") if de else
               ("n = valid, completed responses after the data checks (without test runs, "
                "incomplete responses and duplicate respondent ids)."),),
    )
    waves = "; ".join(f"{s.codebook.title.get(locale)} {s.wave}: n = {fmt.integer(s.n, locale=locale)}"
                      for s in study.surveys.values())
    report = study.config.report
    if de:
        text = (f"Grundlage sind {len(study.surveys)} Befragungen ({waves}). Antworten wurden "
                "anhand der Codebücher der Instrumente geprüft; fehlende Werte und Fehlercodes "
                "wurden als fehlend behandelt und im Anhang dokumentiert. Skalenwerte sind "
                "Mittelwerte der gültigen Items, sofern die Mindestzahl gültiger Items erreicht "
                "ist; negativ gepolte Items wurden umgepolt. Veränderungen werden für Personen "
                "berechnet, die an beiden Wellen teilnahmen (Verknüpfung über den persönlichen "
                f"Code). Konfidenzintervalle: {fmt.number(report.confidence * 100, locale=locale, digits=0)} %; "
                f"Signifikanzniveau: {fmt.number(report.alpha_level, locale=locale)}.")
    else:
        text = (f"The report rests on {len(study.surveys)} surveys ({waves}). Answers were "
                "checked against the instruments' codebooks; missing and error codes were "
                "treated as missing and are documented in the appendix. Scale scores are means "
                "of the valid items where the minimum number of valid items is reached; "
                "reverse-keyed items were recoded. Change is computed for people who took part "
                "in both waves (linked by their personal code). Confidence intervals: "
                f"{fmt.number(report.confidence * 100, locale=locale, digits=0)}%; significance "
                f"level: {fmt.number(report.alpha_level, locale=locale)}.")
    return (Paragraph(text), table)


def _data_checks(log: ImportLog, study: Study, locale: str) -> Section:
    de = locale.startswith("de")
    frame = log.to_frame()
    id_columns = {s.respondent_id for s in study.config.surveys}
    blocks: list[Block] = []
    counts = (frame.groupby(["file", "action", "severity"], dropna=False).size()
              .reset_index(name="n") if len(frame) else frame)
    severity_text = {"error": "Fehler" if de else "error", "warning": "Hinweis" if de else "warning",
                     "info": "Info"}
    blocks.append(Paragraph(
        (f"Beim Einlesen wurden {fmt.integer(len(frame), locale=locale)} Ereignisse protokolliert, "
         f"davon {fmt.integer(int((frame['severity'] == 'error').sum()), locale=locale)} Fehler "
         "(Werte, die dem Codebuch widersprechen; sie wurden als fehlend behandelt oder die Zeile "
         "wurde ausgeschlossen).") if de else
        (f"Reading the data recorded {fmt.integer(len(frame), locale=locale)} events, "
         f"{fmt.integer(int((frame['severity'] == 'error').sum()), locale=locale)} of them errors "
         "(values contradicting the codebook; treated as missing or the row left out).")))
    if len(frame):
        blocks.append(Table(
            id="tab-log-counts",
            caption="Protokoll der Datenprüfung nach Datei und Vorgang" if de
            else "Data-check log by file and action",
            columns=("Datei", "Vorgang", "Art", "Anzahl") if de else ("File", "Action", "Kind", "Count"),
            rows=tuple((str(r.file), str(r.action), severity_text[str(r.severity)],
                        fmt.integer(int(r.n), locale=locale)) for r in counts.itertuples()),
            numeric=(False, False, False, True),
        ))
    problems = frame[frame["severity"] == "error"]
    if len(problems):
        rows = []
        for r in problems.itertuples():
            value = "(ID)" if r.column in id_columns else ("" if r.value is None else str(r.value))
            rows.append((str(r.file), "" if pd.isna(r.row) else str(r.row),
                         str(r.column or ""), value, str(r.reason)))
        blocks.append(Table(
            id="tab-log-errors",
            caption="Fehler in den Daten" if de else "Errors in the data",
            columns=("Datei", "Zeile", "Spalte", "Wert", "Grund") if de
            else ("File", "Line", "Column", "Value", "Reason"),
            rows=tuple(rows),
            numeric=(False, True, False, False, False),
            notes=(("Befragten-IDs werden nicht abgedruckt. Vollständiges Protokoll: "
                    "kosieval validate STUDIENORDNER.") if de else
                   ("Respondent ids are not printed. Full log: kosieval validate STUDY_DIR."),),
        ))
    return Section(id="data-checks", title="Datenprüfung" if de else "Data checks",
                   blocks=tuple(blocks))


def _subtitle(study: Study, locale: str) -> str:
    """Name the lab and its test phase: "KoSI-Lab Musterstadt, Testphase 1. März bis 30. September 2026"."""
    info = study.config.study
    lab = info.lab or info.city
    if info.test_phase is None:
        return lab
    babel = fmt.babel_locale(locale)
    start, end = (format_date(d, format="long", locale=babel) for d in info.test_phase)
    if locale.startswith("de"):
        return f"{lab}, Testphase {start} bis {end}"
    return f"{lab}, test phase {start} to {end}"


def build_document(study: Study, *, locale: str = "de",
                   kind: Literal["evaluation", "transfer"] = "evaluation") -> tuple[ReportDocument, list[Reflection]]:
    """Run the study's reflection modules and assemble the report document.

    Parameters
    ----------
    study
        The loaded study.
    locale
        "de" or "en".
    kind
        "evaluation" (test-phase report) or "transfer".

    Returns
    -------
    (ReportDocument, the reflections with their unrounded results)
    """
    fmt.babel_locale(locale)
    reflections = run_reflections(study, locale=locale)
    info = study.config.study
    summary = tuple(s for r in reflections for s in r.section.summary)
    inputs = tuple(describe_input(p, study_dir=study.folder) if p.is_relative_to(study.folder)
                   else describe_input(p, study_dir=p.parent.parent) for p in study.inputs)
    provenance = Provenance(inputs=inputs, versions=collect_versions(),
                            config_text=study.config_text, created=info.date)
    subtitle = _subtitle(study, locale)
    document = ReportDocument(
        kind=kind, locale=locale,  # type: ignore[arg-type]
        title=info.title.get(locale), subtitle=subtitle, city=info.city,
        institution=info.institution or "", authors=info.authors, date=info.date,
        summary=summary, methods=_methods(study, locale),
        sections=tuple(r.section for r in reflections),
        appendices=(_data_checks(study.log, study, locale),),
        provenance=provenance,
    )
    return document, reflections


def build_report(study: Study, output: Path | str, *, locale: str = "de",
                 format: Literal["pdf", "html"] = "pdf",
                 kind: Literal["evaluation", "transfer"] = "evaluation") -> BuiltReport:
    """Build the report of ``study`` and write it (PDF or HTML) plus ``manifest.json``.

    Parameters
    ----------
    study
        The loaded study.
    output
        The output file; ``<output stem>.manifest.json`` is written beside it, and for HTML
        the print stylesheet as ``<output stem>.css``.
    locale
        "de" or "en".
    format
        "pdf" or "html".
    kind
        "evaluation" or "transfer".
    """
    if format not in ("pdf", "html"):
        raise ValueError(f"format must be 'pdf' or 'html', got {format!r}")
    output = Path(output)
    document, reflections = build_document(study, locale=locale, kind=kind)
    output.parent.mkdir(parents=True, exist_ok=True)
    if format == "pdf":
        render_pdf(document, output)
    else:
        stylesheet = output.with_name(output.stem + ".css")
        shutil.copyfile(templates_dir() / STYLESHEET, stylesheet)
        output.write_text(render_html(document, stylesheet_href=stylesheet.name), encoding="utf-8")
    manifest = output.with_name(output.stem + ".manifest.json")
    write_manifest(document, manifest, output=output)
    return BuiltReport(output, manifest, document, tuple(reflections))
