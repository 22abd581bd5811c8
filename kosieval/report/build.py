"""Building a report for a study: run the reflections, assemble the document, render.

:func:`build_document` gives the :class:`~kosieval.report.document.ReportDocument` (no
files written); :func:`build_report` renders it to PDF or HTML and writes
``manifest.json`` beside it.

Two kinds of document (DESIGN.md §7), and the comparison across cities (issue 7):

``evaluation``
    Cover, executive summary (key-figure boxes, ``summary.md``, key findings, the
    recommendations in short), methods (+ ``methods.md``), one numbered chapter per module
    whose ``SPEC.placement`` is ``"chapter"`` (each followed by its ``<module>.md`` under
    "Einordnung"), the chapter "Empfehlungen" (``recommendations.md``), lists of tables and
    figures, and the appendices: instruments, the modules placed in the appendix (config
    order), the data checks, provenance.
``transfer``
    Cover "Transferbericht", the executive summary, the chapters of the ``transfer`` module
    (run even when study.yaml does not list it, as long as it is registered) and of
    ``participation`` if it ran, the recommendations chapter, a short "Über diese Studie",
    the provenance; no lists of tables and figures. Without a registered transfer module
    the report says so at the top of the summary.
``comparison``
    Cover "Städtevergleich" titled with the cities, the executive summary, the chapter of
    the ``comparison`` module (per city and pooled), "Über diesen Vergleich" (one line per
    city and its data), the provenance of every city's inputs. The cities' own Markdown
    texts are not used: they interpret their own reports. Needs ``others``.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kosieval._resources import templates_dir
from kosieval.errors import ConfigError
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.section import Block, Heading, KeyFigure, Paragraph, Section, Table
from kosieval.reflections.registry import REGISTRY, Reflection, run_reflections, spec_of
from kosieval.report.cache import cache_key, load_cached, store_cached
from kosieval.report.document import KINDS, HtmlText, InputFile, Provenance, ReportDocument
from kosieval.report.instruments import instruments_appendix
from kosieval.report.labels import labels_for
from kosieval.report.manifest import collect_versions, describe_input, input_files, write_manifest
from kosieval.report.render import STYLESHEET, render_html, render_pdf
from kosieval.report.summary import key_findings, select_figures
from kosieval.report.texts import Texts, load_texts, texts_folder

#: The module whose chapter the transfer report is built around.
TRANSFER_MODULE = "transfer"
#: Chapters of the transfer report, in this order, where the modules ran.
TRANSFER_CHAPTERS: tuple[str, ...] = (TRANSFER_MODULE, "participation")
#: The data-quality appendix; every evaluation report has it, listed in study.yaml or not.
DATA_QUALITY_MODULE = "data_quality"
#: The one chapter of the comparison across cities.
COMPARISON_MODULE = "comparison"


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


def _subtitle(study: Study, locale: str) -> str:
    """Name the lab and its test phase: "KoSI-Lab Musterstadt, Testphase 1. März bis 30. September 2026"."""
    info = study.config.study
    lab = info.lab or info.city
    if info.test_phase is None:
        return lab
    start, end = (fmt.date(d, locale=locale) for d in info.test_phase)
    if locale.startswith("de"):
        return f"{lab}, Testphase {start} bis {end}"
    return f"{lab}, test phase {start} to {end}"


def _about(study: Study, locale: str) -> tuple[Block, ...]:
    """The transfer report's short "Über diese Studie": who, where, when, on which data."""
    info = study.config.study
    de = locale.startswith("de")
    lab = info.lab or info.city
    waves = "; ".join(f"{s.codebook.title.get(locale)} {s.wave}: n = {fmt.integer(s.n, locale=locale)}"
                      for s in study.surveys.values())
    phase = _subtitle(study, locale).removeprefix(lab).lstrip(", ")
    by = f" ({info.institution})" if info.institution else ""
    interviews = 0 if study.interviews is None else len(study.interviews.documents)
    if de:
        text = (f"Dieser Transferbericht fasst die Begleitforschung{by} zum {lab} zusammen"
                + (f" ({phase})" if phase else "") + f". Grundlage sind {len(study.surveys)} Befragungen ({waves})"
                + (f" und {fmt.integer(interviews, locale=locale)} Leitfadeninterviews" if interviews else "")
                + ". Methoden, alle Auswertungen und die Instrumente stehen im ausführlichen Evaluationsbericht; "
                "die Instrumente können andere Städte unverändert übernehmen.")
    else:
        text = (f"This transfer report summarises the accompanying research{by} for the {lab}"
                + (f" ({phase})" if phase else "") + f". It rests on {len(study.surveys)} surveys ({waves})"
                + (f" and {fmt.integer(interviews, locale=locale)} semi-structured interviews" if interviews else "")
                + ". Methods, all analyses and the instruments are in the full evaluation report; other cities "
                "can take the instruments over unchanged.")
    return (Paragraph(text),)


def _city_list(cities: Sequence[str], locale: str) -> str:
    """"A, B und C" / "A, B and C"."""
    if len(cities) < 2:
        return "".join(cities)
    return f"{', '.join(cities[:-1])} {'und' if locale.startswith('de') else 'and'} {cities[-1]}"


def _about_comparison(studies: Sequence[Study], locale: str) -> tuple[Block, ...]:
    """Which cities, on which data: one sentence per city."""
    de = locale.startswith("de")
    intro = (f"Dieser Bericht vergleicht die Begleitforschung von {fmt.integer(len(studies), locale=locale)} "
             "KoSI-Labs. Jede Stadt hat ihren eigenen Evaluationsbericht; hier stehen nur die Ergebnisse, die "
             "sich zwischen den Städten vergleichen lassen, je Stadt und zusammengefasst."
             if de else
             f"This report compares the accompanying research of {fmt.integer(len(studies), locale=locale)} "
             "KoSI-Labs. Each city has its own evaluation report; this one holds only the results that can be "
             "compared across the cities, per city and pooled.")
    blocks: list[Block] = [Paragraph(intro)]
    for one in studies:
        waves = "; ".join(f"{s.codebook.title.get(locale)} {s.wave}: n = {fmt.integer(s.n, locale=locale)}"
                          for s in one.surveys.values())
        lab = one.config.study.lab or one.config.study.city
        phase = _subtitle(one, locale).removeprefix(lab).lstrip(", ")  # "Testphase 1. März bis …", or ""
        blocks.append(Paragraph(f"{lab} ({phase}): {waves}." if phase else f"{lab}: {waves}."))
    return tuple(blocks)


def _with_text(section: Section, text: HtmlText | None, locale: str) -> Section:
    """The section with the researchers' interpretation appended under "Einordnung"."""
    if text is None:
        return section
    heading = Heading(labels_for(locale)["interpretation"])
    return dataclasses.replace(section, blocks=(*section.blocks, heading, text))  # type: ignore[arg-type]


#: A progress callback: (stage, detail).
Progress = Callable[[str, str], None]


def _inputs(study: Study, texts: Texts) -> tuple[InputFile, ...]:
    paths = input_files([*study.inputs, *(p.resolve() for p in texts.files)])
    folder = study.folder.resolve()
    return tuple(describe_input(p, study_dir=study.folder) if p.is_relative_to(study.folder)
                 else describe_input(p, study_dir=folder) if p.is_relative_to(folder)
                 else describe_input(p, study_dir=p.parent.parent) for p in paths)


def _summary_figures(study: Study, sections: Sequence[Section]) -> tuple[KeyFigure, ...]:
    try:
        return select_figures(sections, study.config.report.summary_figures)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=study.folder / "study.yaml", key=exc.key, hint=exc.hint) from None


def _module_names(study: Study, kind: str) -> tuple[str, ...]:
    """The modules a report of ``kind`` runs: study.yaml's list plus the ones the document needs."""
    if kind == "comparison":
        return (COMPARISON_MODULE,)
    names = tuple(study.config.report.reflections)
    needed = TRANSFER_MODULE if kind == "transfer" else DATA_QUALITY_MODULE
    if needed in REGISTRY and needed not in names:
        names += (needed,)
    return names


def _run(study: Study, *, locale: str, kind: str, others: tuple[Study, ...] = (),
         cache_dir: Path | None = None, progress: Progress | None = None,
         parallel: bool = False) -> list[Reflection]:
    """Run the modules, or take their results from the analysis cache when nothing changed."""
    names = _module_names(study, kind)
    if cache_dir is None:
        return run_reflections(study, locale=locale, names=names, others=others, progress=progress,
                               parallel=parallel)
    folder = texts_folder(study)
    key = cache_key(study, locale=locale, names=names, others=others,
                    exclude=(folder,) if folder is not None else ())
    cached = load_cached(cache_dir, key)
    if cached is not None:
        if progress is not None:
            progress("cached", ", ".join(names))
        return cached
    reflections = run_reflections(study, locale=locale, names=names, others=others, progress=progress,
                                  parallel=parallel)
    store_cached(cache_dir, key, reflections)
    return reflections


def build_document(study: Study, *, locale: str = "de",
                   kind: Literal["evaluation", "transfer", "comparison"] = "evaluation", others: Sequence[Study] = (),
                   cache_dir: Path | str | None = None,
                   progress: Progress | None = None,
                   parallel: bool = False) -> tuple[ReportDocument, list[Reflection]]:
    """Run the study's reflection modules and assemble the report document.

    Parameters
    ----------
    study
        The loaded study.
    locale
        "de" or "en".
    kind
        "evaluation" (test-phase report) or "transfer" (see the module docstring).
    others
        Other cities' loaded studies (city comparison in the transfer module).
    cache_dir
        Analysis cache folder (see :func:`build_report`); None: no cache.
    progress
        Called with (stage, detail) as the build goes on: ``("analysis", module)`` before
        each module, ``("cached", modules)`` when the cache served them, ``("texts", "")``.
    parallel
        Draw each module's tables and charts in a forked worker while the next module is
        analysed (see :func:`~kosieval.reflections.registry.run_reflections`); for
        single-threaded callers like the command line, not for notebooks.

    Returns
    -------
    (ReportDocument, the reflections with their unrounded results)

    Raises
    ------
    ConfigError
        For a missing texts folder, a broken text (naming file and line) or an unknown
        ``report.summary_figures`` entry (listing the available ones).
    SpecError
        When a module's requirements are not met.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if kind == "comparison" and not others:
        raise ValueError("kind 'comparison' needs the other cities' studies in 'others'")
    fmt.babel_locale(locale)
    labels = labels_for(locale)
    reflections = _run(study, locale=locale, kind=kind, others=tuple(others),
                       cache_dir=Path(cache_dir) if cache_dir is not None else None, progress=progress,
                       parallel=parallel)
    sections = [r.section for r in reflections]
    if progress is not None:
        progress("texts", "")
    # a city's own texts interpret its own report, not the comparison
    texts = load_texts(study, sections, locale=locale) if kind != "comparison" else Texts(modules={})
    info = study.config.study
    placed = {r.name: spec_of(r.name).placement for r in reflections}
    with_text = {r.name: _with_text(r.section, texts.modules.get(r.name), locale) for r in reflections}
    notices: tuple[str, ...] = ()
    if kind == "evaluation":
        chapters = tuple(with_text[r.name] for r in reflections if placed[r.name] == "chapter")
        appendices: tuple[Section, ...] = (
            instruments_appendix(study, locale=locale),
            *(with_text[r.name] for r in reflections if placed[r.name] == "appendix"),
        )
        methods: tuple[Block | HtmlText, ...] = _methods(study, locale)
        if texts.methods is not None:
            methods += (texts.methods,)
    elif kind == "transfer":
        chapters = tuple(with_text[name] for name in TRANSFER_CHAPTERS if name in with_text)
        appendices = ()
        methods = _about(study, locale)
        if TRANSFER_MODULE not in placed:
            notices = (labels["transfer_missing"],)
    else:
        chapters = tuple(with_text[r.name] for r in reflections)
        appendices = ()
        methods = _about_comparison((study, *others), locale)
    inputs = _inputs(study, texts)
    title, subtitle, city = info.title.get(locale), _subtitle(study, locale), info.city
    institution, authors, date = info.institution or "", info.authors, info.date
    key_figures = _summary_figures(study, sections)
    if kind == "comparison":
        inputs += tuple(f for one in others for f in _inputs(one, Texts(modules={})))
        cities = [s.config.study.city for s in (study, *others)]
        title = (f"KoSI-Labs im Vergleich: {_city_list(cities, locale)}" if locale.startswith("de")
                 else f"KoSI-Labs compared: {_city_list(cities, locale)}")
        subtitle, city = labels["kind_comparison"], ""
        key_figures = select_figures(sections, ())
        # the cover names every city's research team, not only the first city's
        every = [s.config.study for s in (study, *others)]
        institution = "; ".join(dict.fromkeys(i.institution for i in every if i.institution))
        authors = tuple(dict.fromkeys(a for i in every for a in i.authors))
        date = max(i.date for i in every)
    provenance = Provenance(inputs=inputs, versions=collect_versions(),
                            config_text=study.config_text, created=date)
    document = ReportDocument(
        kind=kind, locale=locale,  # type: ignore[arg-type]
        title=title, subtitle=subtitle, city=city,
        institution=institution, authors=authors, date=date,
        summary=key_findings(sections), methods=methods,
        sections=chapters, appendices=appendices, provenance=provenance,
        key_figures=key_figures,
        summary_text=texts.summary, recommendations=texts.recommendations, notices=notices,
    )
    return document, reflections


def build_report(study: Study, output: Path | str, *, locale: str = "de",
                 format: Literal["pdf", "html"] = "pdf",
                 kind: Literal["evaluation", "transfer", "comparison"] = "evaluation",
                 others: Sequence[Study] = (),
                 cache_dir: Path | str | None = None, progress: Progress | None = None,
                 parallel: bool = False) -> BuiltReport:
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
    others
        Other cities' loaded studies, for the city comparison of the transfer module.
    cache_dir
        Keep the analysed reflections here (see :mod:`kosieval.report.cache`); a rebuild
        whose data, configuration and versions are unchanged — for example after editing a
        Markdown text — skips the analysis and the charts. None: no cache.
    progress
        Called with (stage, detail) as the build goes on (see :func:`build_document`), then
        ``("pdf", file)`` or ``("html", file)`` before the document is written.
    parallel
        See :func:`build_document`.
    """
    if format not in ("pdf", "html"):
        raise ValueError(f"format must be 'pdf' or 'html', got {format!r}")
    output = Path(output)
    document, reflections = build_document(study, locale=locale, kind=kind, others=others, cache_dir=cache_dir,
                                           progress=progress, parallel=parallel)
    output.parent.mkdir(parents=True, exist_ok=True)
    if progress is not None:
        progress(format, str(output))
    if format == "pdf":
        folder = texts_folder(study)
        render_pdf(document, output, allowed_dirs=(folder,) if folder is not None else ())
    else:
        stylesheet = output.with_name(output.stem + ".css")
        shutil.copyfile(templates_dir() / STYLESHEET, stylesheet)
        output.write_text(render_html(document, stylesheet_href=stylesheet.name), encoding="utf-8")
    manifest = output.with_name(output.stem + ".manifest.json")
    write_manifest(document, manifest, output=output)
    return BuiltReport(output, manifest, document, tuple(reflections))
