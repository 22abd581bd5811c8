"""Typeset a :class:`~kosieval.report.document.ReportDocument`: Jinja2 → HTML → WeasyPrint → PDF.

:func:`render_html` turns the document into ready-to-print values (chapter numbers, table
and figure numbers across the whole report in reading order, lists of tables and figures,
column widths, figures as ``data:`` URLs, the executive summary's key-figure boxes, the
recommendations chapter) and hands them to the Jinja2 template ``evaluation_report.html``
(autoescaping on, undefined names are errors, no arithmetic in the template). The one
exception to escaping is the view kind ``"html"``: the researchers' Markdown texts, which
:mod:`kosieval.report.texts` rendered with raw HTML switched off. :func:`write_pdf` renders
that HTML with WeasyPrint as tagged PDF/UA-1, reading only through
:class:`~kosieval.report.fetcher.SafeURLFetcher`, with the print CSS passed as a file; the
same HTML gives the same bytes (DESIGN.md §7).
"""

from __future__ import annotations

import base64
import calendar
import contextlib
import datetime as _dt
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import jinja2

from kosieval import _resources
from kosieval.errors import KosievalError
from kosieval.present.section import Block, Figure, Heading, Paragraph, Quote, Section, Table
from kosieval.present.text import shorten
from kosieval.report.document import HtmlText, ReportDocument
from kosieval.report.fetcher import RefusedURLError, SafeURLFetcher
from kosieval.report.labels import format_count, format_long_date, labels_for, numbered

TEMPLATE = "evaluation_report.html"
STYLESHEET = "print.css"

#: Tables with at most this many rows are kept on one page (with caption and notes).
KEEP_TABLE_ROWS = 25
#: Width of a table in em of its font (A4 text block of print.css, 163 mm at 8.5 pt).
TABLE_WIDTH_EM = 54.0
#: Running-header lengths (characters) before the text is shortened with an ellipsis.
RUNNING_TITLE_CHARS = 70
RUNNING_CHAPTER_CHARS = 52
_CHAR_EM = 0.56  # mean glyph advance of Liberation Sans, in em
_BOLD_CHAR_EM = 0.62  # the same for the bold table headings
_CELL_PAD_EM = 1.5  # cell padding left and right (2 x 1.8 mm at 8.5 pt) and some slack

_ANCHOR_RE = re.compile(r"[^A-Za-z0-9_-]+")
_MODIFIED_RE = re.compile(r'<meta name="dcterms\.modified" content="(\d{4})-(\d{2})-(\d{2})')


# --------------------------------------------------------------------------- view model
# Plain values for the template: everything is computed here, the template only arranges.


@dataclass(frozen=True)
class _Cell:
    text: str
    css_class: str


@dataclass(frozen=True)
class _Column:
    heading: str
    css_class: str
    width: str


@dataclass(frozen=True)
class _TableView:
    anchor: str
    label: str
    caption: str
    columns: tuple[_Column, ...]
    rows: tuple[tuple[_Cell, ...], ...]
    notes: tuple[str, ...]
    keep: bool
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class _FigureView:
    anchor: str
    label: str
    caption: str
    alt: str
    src: str
    kind: Literal["figure"] = "figure"


@dataclass(frozen=True)
class _TextView:
    text: str
    kind: Literal["paragraph", "subheading", "pre"] = "paragraph"


@dataclass(frozen=True)
class _QuoteView:
    text: str
    source: str
    kind: Literal["quote"] = "quote"


@dataclass(frozen=True)
class _HtmlView:
    """A researcher's text as HTML (from :mod:`kosieval.report.texts`); printed unescaped."""

    html: str
    source: str
    kind: Literal["html"] = "html"


@dataclass(frozen=True)
class _KeyFigureView:
    value: str
    label: str
    context: str


_BlockView = _TableView | _FigureView | _TextView | _QuoteView | _HtmlView


@dataclass(frozen=True)
class _ChapterView:
    anchor: str
    number: str
    title: str
    blocks: tuple[_BlockView, ...]

    @property
    def running(self) -> str:
        """The chapter's running-header text (number and title, shortened)."""
        return shorten(f"{self.number} {self.title}".strip(), RUNNING_CHAPTER_CHARS)


@dataclass(frozen=True)
class _TocEntry:
    anchor: str
    number: str
    title: str
    level: int


@dataclass(frozen=True)
class _ListEntry:
    anchor: str
    label: str
    caption: str


class _Numbering:
    """Running numbers of tables and figures, unique anchors, list entries."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.tables: list[_ListEntry] = []
        self.figures: list[_ListEntry] = []
        self._anchors: set[str] = set()

    def anchor(self, prefix: str, ident: str) -> str:
        anchor = f"{prefix}-{_ANCHOR_RE.sub('-', ident).strip('-') or 'x'}"
        if anchor in self._anchors:
            raise ValueError(f"duplicate id {ident!r}: ids of sections, tables and figures must be unique")
        self._anchors.add(anchor)
        return anchor

    def table(self, ident: str, caption: str) -> tuple[str, str]:
        anchor = self.anchor("tab", ident)
        label = numbered("table", len(self.tables) + 1, locale=self.locale)
        self.tables.append(_ListEntry(anchor, label, caption))
        return anchor, label

    def figure(self, ident: str, caption: str) -> tuple[str, str]:
        anchor = self.anchor("fig", ident)
        label = numbered("figure", len(self.figures) + 1, locale=self.locale)
        self.figures.append(_ListEntry(anchor, label, caption))
        return anchor, label


def _percentages(weights: Sequence[float]) -> tuple[str, ...]:
    total = sum(weights)
    return tuple(f"{100 * w / total:.2f}%" for w in weights)


def _em(chars: int, *, bold: bool = False) -> float:
    return chars * (_BOLD_CHAR_EM if bold else _CHAR_EM) + _CELL_PAD_EM


def _fit_widths(desired: list[float], minimum: list[float], numeric: Sequence[bool], budget: float) -> list[float]:
    """Share ``budget`` among columns: numbers keep their width, text columns give way first."""
    text = [i for i, flag in enumerate(numeric) if not flag]
    widths = list(desired)
    total = sum(desired)
    if total <= budget:
        grow = text or list(range(len(widths)))
        spare = budget - total
        grow_total = sum(desired[i] for i in grow)
        for i in grow:
            widths[i] += spare * desired[i] / grow_total
        return widths
    text_budget = budget - sum(desired[i] for i, flag in enumerate(numeric) if flag)
    text_desired = sum(desired[i] for i in text)
    for i in text:
        widths[i] = max(minimum[i], desired[i] * text_budget / text_desired) if text_budget > 0 else minimum[i]
    return widths


def _column_widths(table: Table) -> tuple[str, ...]:
    """Column widths in percent, estimated from the text (``table-layout: fixed`` needs them).

    Numeric columns get the width of their widest cell so that a number never wraps;
    text columns share what is left, down to the width of their longest word.
    """
    numeric = table.numeric or (False,) * len(table.columns)
    desired: list[float] = []
    minimum: list[float] = []
    for index, heading in enumerate(table.columns):
        cells = [row[index] for row in table.rows]
        longest_cell = max((len(cell) for cell in cells), default=0)
        header_word = max((len(word) for word in heading.split()), default=1)
        cell_word = max((len(word) for cell in cells for word in cell.split()), default=0)
        header = _em(min(header_word, 14), bold=True)
        if numeric[index]:
            need = max(_em(max(longest_cell, 2)), header)
            desired.append(need)
            minimum.append(need)
        else:
            desired.append(max(_em(max(min(longest_cell, 40), 4)), header))
            minimum.append(max(_em(max(min(cell_word, 16), 4)), header))
    return _percentages(_fit_widths(desired, minimum, numeric, TABLE_WIDTH_EM))


def _table_view(table: Table, numbering: _Numbering) -> _TableView:
    anchor, label = numbering.table(table.id, table.caption)
    numeric = table.numeric or (False,) * len(table.columns)
    classes = tuple("num" if flag else "text" for flag in numeric)
    columns = tuple(
        _Column(heading, css, width)
        for heading, css, width in zip(table.columns, classes, _column_widths(table), strict=True)
    )
    rows = tuple(tuple(_Cell(cell, css) for cell, css in zip(row, classes, strict=True)) for row in table.rows)
    notes = tuple(note.strip() for note in table.notes)
    return _TableView(anchor, label, table.caption.strip(), columns, rows, notes, len(rows) <= KEEP_TABLE_ROWS)


def _svg_data_url(svg: str, ident: str) -> str:
    if "<svg" not in svg[:4096]:
        raise ValueError(f"figure {ident!r}: svg does not look like an SVG document")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _figure_view(figure: Figure, numbering: _Numbering) -> _FigureView:
    if not figure.alt.strip():
        raise ValueError(f"figure {figure.id!r}: alt text must not be empty (PDF/UA)")
    anchor, label = numbering.figure(figure.id, figure.caption)
    return _FigureView(anchor, label, figure.caption, figure.alt, _svg_data_url(figure.svg, figure.id))


def _block_views(blocks: Iterable[Block | HtmlText], numbering: _Numbering) -> tuple[_BlockView, ...]:
    views: list[_BlockView] = []
    for block in blocks:
        if isinstance(block, HtmlText):
            views.append(_HtmlView(block.html, block.source))
        elif isinstance(block, Paragraph):
            # surrounding whitespace would trip WeasyPrint's line breaking (an orphan word)
            views.append(_TextView(block.text.strip()))
        elif isinstance(block, Heading):
            views.append(_TextView(block.text.strip(), "subheading"))
        elif isinstance(block, Quote):
            views.append(_QuoteView(block.text.strip(), block.source.strip()))
        elif isinstance(block, Table):
            views.append(_table_view(block, numbering))
        elif isinstance(block, Figure):
            views.append(_figure_view(block, numbering))
        else:
            raise TypeError(f"unknown block type {type(block).__name__}")
    return tuple(views)


def _appendix_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _provenance_chapter(document: ReportDocument, numbering: _Numbering, number: str) -> _ChapterView:
    labels = labels_for(document.locale)
    provenance = document.provenance
    blocks: list[_BlockView] = [
        _TextView(labels["provenance_intro"].format(date=format_long_date(provenance.created, locale=document.locale)))
    ]
    caption = labels["inputs"]
    if provenance.inputs:
        anchor, label = numbering.table("provenance-inputs", caption)
        columns = (
            _Column(labels["file"], "text path", "27%"),
            _Column(labels["size_bytes"], "num", "15%"),
            _Column(labels["sha256"], "hash", "58%"),  # 64 hex digits fit on one line
        )
        rows = tuple(
            (
                _Cell(item.path, "text path"),
                _Cell(format_count(item.size, locale=document.locale), "num"),
                _Cell(item.sha256, "hash"),
            )
            for item in provenance.inputs
        )
        blocks.append(_TableView(anchor, label, caption, columns, rows, (), len(rows) <= KEEP_TABLE_ROWS))
    else:
        blocks.append(_TextView(labels["no_inputs"]))
    if provenance.versions:
        caption = labels["versions"]
        anchor, label = numbering.table("provenance-versions", caption)
        columns = (_Column(labels["package"], "text", "50%"), _Column(labels["version"], "text", "50%"))
        rows = tuple(
            (_Cell(name, "text"), _Cell(version, "text")) for name, version in sorted(provenance.versions.items())
        )
        blocks.append(_TableView(anchor, label, caption, columns, rows, (), len(rows) <= KEEP_TABLE_ROWS))
    if provenance.config_text.strip():
        blocks.append(_TextView(labels["configuration"], "subheading"))
        blocks.append(_TextView(provenance.config_text.rstrip("\n"), "pre"))
    anchor = numbering.anchor("app", "provenance")
    return _ChapterView(anchor, number, labels["provenance"], tuple(blocks))


def _chapter(section: Section, numbering: _Numbering, *, prefix: str, number: str) -> _ChapterView:
    anchor = numbering.anchor(prefix, section.id)
    return _ChapterView(anchor, number, section.title, _block_views(section.blocks, numbering))


def build_context(document: ReportDocument) -> dict[str, object]:
    """Compute everything the template shows, in reading order.

    Parameters
    ----------
    document
        The report.

    Returns
    -------
    dict
        Template context: ``lang``, ``kind``, ``labels``, ``meta``, ``cover``, ``toc``,
        ``show_summary``, ``summary`` (key findings), ``notices``, ``key_figures`` (boxes:
        ``value``, ``label``, ``context``), ``summary_text`` (an ``html`` view or None),
        ``recommendation_points``, ``recommendations`` (its chapter view or None),
        ``recommendations_more`` (the "in detail in chapter N" line), ``methods``,
        ``methods_after`` (True in the transfer report: "Über diese Studie" follows the
        chapters), ``chapters`` (module chapters, then the recommendations chapter),
        ``list_of_tables``, ``list_of_figures``, ``appendices`` and the anchors of the fixed
        parts.

    Raises
    ------
    ValueError
        On duplicate section, table or figure ids, or a figure without alt text.
    """
    locale = document.locale
    labels = labels_for(locale)
    numbering = _Numbering(locale)

    summary_anchor = numbering.anchor("part", "summary")
    methods_anchor = numbering.anchor("part", "methods")
    lists_anchor = numbering.anchor("part", "list-of-tables")
    figures_anchor = numbering.anchor("part", "list-of-figures")
    appendix_anchor = numbering.anchor("part", "appendix")

    key_figures = tuple(_KeyFigureView(f.value.strip(), f.label.strip(), f.context.strip())
                        for f in document.key_figures)
    summary_text = (_HtmlView(document.summary_text.html, document.summary_text.source)
                    if document.summary_text is not None else None)
    methods_after = document.kind in ("transfer", "comparison")
    methods_title = (labels["about_comparison"] if document.kind == "comparison"
                     else labels["about_study"] if methods_after else labels["methods"])
    methods_blocks = _block_views(document.methods, numbering) if document.methods and not methods_after else ()
    chapters_list = [
        _chapter(section, numbering, prefix="sec", number=str(index))
        for index, section in enumerate(document.sections, start=1)
    ]
    recommendations = None
    if document.recommendations is not None:
        recommendations = _ChapterView(
            numbering.anchor("part", "recommendations"), str(len(chapters_list) + 1), labels["recommendations"],
            (_HtmlView(document.recommendations.html, document.recommendations.source),))
        chapters_list.append(recommendations)
    chapters = tuple(chapters_list)
    if document.methods and methods_after:
        methods_blocks = _block_views(document.methods, numbering)
    methods = _ChapterView(methods_anchor, "", methods_title, methods_blocks) if document.methods else None
    recommendation_points = document.recommendations.points if document.recommendations is not None else ()
    show_summary = bool(document.summary or key_figures or summary_text or recommendation_points
                        or document.notices)
    appendices = [
        _chapter(section, numbering, prefix="app", number=_appendix_letter(index))
        for index, section in enumerate(document.appendices)
    ]
    appendices.append(_provenance_chapter(document, numbering, _appendix_letter(len(appendices))))

    show_lists = document.kind == "evaluation"
    list_of_tables = tuple(numbering.tables) if show_lists else ()
    list_of_figures = tuple(numbering.figures) if show_lists else ()

    toc: list[_TocEntry] = []
    if show_summary:
        toc.append(_TocEntry(summary_anchor, "", labels["summary"], 1))
    if methods is not None and not methods_after:
        toc.append(_TocEntry(methods.anchor, "", methods.title, 1))
    toc.extend(_TocEntry(c.anchor, c.number, c.title, 1) for c in chapters)
    if methods is not None and methods_after:
        toc.append(_TocEntry(methods.anchor, "", methods.title, 1))
    if list_of_tables:
        toc.append(_TocEntry(lists_anchor, "", labels["list_of_tables"], 1))
    if list_of_figures:
        toc.append(_TocEntry(figures_anchor, "", labels["list_of_figures"], 1))
    toc.append(_TocEntry(appendix_anchor, "", labels["appendix"], 1))
    toc.extend(_TocEntry(a.anchor, a.number, a.title, 2) for a in appendices)

    date_text = format_long_date(document.date, locale=locale)
    iso_date = document.date.isoformat()
    kind_label = labels[f"kind_{document.kind}"]
    kosieval_version = document.provenance.versions.get("kosieval", "")
    return {
        "lang": locale,
        "kind": document.kind,
        "labels": labels,
        "meta": {
            "title": document.title,
            "description": f"{kind_label}: {document.subtitle}" if document.subtitle else kind_label,
            "authors": document.authors,
            "generator": f"kosieval {kosieval_version}".strip(),
            "created": iso_date,
            "modified": iso_date,
        },
        "cover": {
            "kind_label": kind_label,
            "title": document.title,
            "subtitle": document.subtitle,
            "city": document.city,
            "institution": document.institution,
            "authors": document.authors,
            "date": date_text,
            "running_title": shorten(document.title, RUNNING_TITLE_CHARS),
            "footer": f"{kind_label} \u00b7 {document.city}" if document.city else kind_label,
        },
        "toc": tuple(toc),
        "show_summary": show_summary,
        "summary": tuple(sentence.strip() for sentence in document.summary),
        "summary_anchor": summary_anchor,
        "notices": tuple(n.strip() for n in document.notices if n.strip()),
        "key_figures": key_figures,
        "summary_text": summary_text,
        "recommendation_points": recommendation_points,
        "recommendations": recommendations,
        "recommendations_more": (labels["recommendations_more"].format(number=recommendations.number)
                                 if recommendations is not None else ""),
        "methods": methods,
        "methods_after": methods_after,
        "chapters": chapters,
        "list_of_tables": list_of_tables,
        "list_of_figures": list_of_figures,
        "lists_anchor": lists_anchor,
        "figures_anchor": figures_anchor,
        "appendix_anchor": appendix_anchor,
        "appendices": tuple(appendices),
    }


def _environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    document: ReportDocument,
    *,
    templates: str | os.PathLike[str] | None = None,
    template: str = TEMPLATE,
    stylesheet_href: str | None = None,
) -> str:
    """Render a report document to HTML.

    Parameters
    ----------
    document
        The report.
    templates
        Template folder; defaults to the shipped ``reports/templates``.
    template
        Template file name inside that folder.
    stylesheet_href
        For HTML meant for a browser: the URL of the stylesheet to link in ``<head>`` (the
        PDF gets its stylesheet as a file instead, never through the template).

    Returns
    -------
    str
        The HTML document (``<html lang>``, ``<title>``, ``dcterms`` dates), every text
        escaped, figures as ``data:image/svg+xml`` images with alt text.
    """
    folder = Path(templates) if templates is not None else _resources.templates_dir()
    return _environment(folder).get_template(template).render(**build_context(document),
                                                              stylesheet_href=stylesheet_href)


def _epoch_from_html(html: str) -> int | None:
    match = _MODIFIED_RE.search(html)
    if match is None:
        return None
    day = _dt.date(int(match[1]), int(match[2]), int(match[3]))
    return calendar.timegm(day.timetuple())


@contextlib.contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` while rendering, unless the caller set it already."""
    if epoch is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def write_pdf(
    html: str,
    out_path: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str],
    allowed_dirs: Iterable[str | os.PathLike[str]],
    stylesheets: Sequence[str | os.PathLike[str]] | None = None,
    source_date_epoch: int | None = None,
) -> Path:
    """Typeset HTML as tagged PDF/UA-1 with WeasyPrint, reading only allowed files.

    Parameters
    ----------
    html
        The HTML document (from :func:`render_html`).
    out_path
        Where to write the PDF (written to a temporary file first, then renamed).
    base_dir
        Folder that relative URLs in the HTML resolve against.
    allowed_dirs
        The only folders whose files WeasyPrint may read (templates, study, build folder);
        ``data:`` URLs are always allowed, the network never.
    stylesheets
        CSS files, passed as files (never through Jinja); defaults to the shipped
        ``print.css``.
    source_date_epoch
        Seconds since 1970 used as ``SOURCE_DATE_EPOCH`` during rendering (fontTools
        stamps it into subset fonts when HarfBuzz-subset is missing). Defaults to the
        ``dcterms.modified`` date of the HTML; an existing environment value wins.

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    RefusedURLError
        If the document asks for a resource outside the allowed folders, over the
        network, or one that does not exist; nothing is written then.

    Notes
    -----
    The output is deterministic: PDF dates come only from the ``dcterms.created`` /
    ``dcterms.modified`` meta elements, the file identifier is a hash of the content, and
    fonts are subset with HarfBuzz (no timestamps) or with fontTools under
    ``SOURCE_DATE_EPOCH``.
    """
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    out = Path(out_path)
    base = Path(base_dir).resolve()
    fetcher = SafeURLFetcher(allowed_dirs, fail_on_errors=True)
    sheets = [Path(s) for s in stylesheets] if stylesheets is not None else [_resources.templates_dir() / STYLESHEET]
    epoch = source_date_epoch if source_date_epoch is not None else _epoch_from_html(html)
    try:
        with _source_date_epoch(epoch):
            css = [CSS(filename=str(sheet), url_fetcher=fetcher) for sheet in sheets]
            data = HTML(string=html, base_url=str(base) + os.sep, url_fetcher=fetcher).write_pdf(
                stylesheets=css,
                pdf_variant="pdf/ua-1",
                pdf_identifier=True,
            )
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        if isinstance(cause, RefusedURLError):
            raise RefusedURLError(cause.url, cause.reason) from cause
        raise KosievalError(f"PDF konnte nicht erstellt werden/PDF could not be rendered: {exc}") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)  # as open() would create it (mkstemp makes it 0600)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out


def render_pdf(
    document: ReportDocument,
    out_path: str | os.PathLike[str],
    *,
    allowed_dirs: Iterable[str | os.PathLike[str]] = (),
    templates: str | os.PathLike[str] | None = None,
) -> Path:
    """Render a report document straight to PDF.

    Parameters
    ----------
    document
        The report.
    out_path
        Where to write the PDF.
    allowed_dirs
        Further folders WeasyPrint may read besides the template folder (e.g. the study
        folder, if texts refer to images there).
    templates
        Template folder; defaults to the shipped ``reports/templates``. Its ``print.css``
        is the stylesheet.

    Returns
    -------
    Path
        ``out_path``.
    """
    folder = Path(templates) if templates is not None else _resources.templates_dir()
    html = render_html(document, templates=folder)
    return write_pdf(
        html,
        out_path,
        base_dir=folder,
        allowed_dirs=(folder, *allowed_dirs),
        stylesheets=[folder / STYLESHEET],
    )

