"""What one report consists of: the data the templates arrange, nothing rendered yet.

A :class:`ReportDocument` bundles the cover data, the executive summary (key-figure boxes,
the researchers' summary text, the key findings, the recommendations in short), the methods
text, the chapters (one :class:`~kosieval.present.section.Section` per reflection module),
the recommendations chapter, the appendices and the :class:`Provenance` of the inputs.
The researchers' Markdown texts arrive as :class:`HtmlText` blocks (already rendered and
sanitised by :mod:`kosieval.report.texts`). Everything in it is already formatted
for one locale; :mod:`kosieval.report.render` only numbers, arranges and typesets it.
This module does no file I/O (see :mod:`kosieval.report.manifest` for hashing files).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Literal

from kosieval.present.section import Block, KeyFigure, Section

ReportKind = Literal["evaluation", "transfer", "comparison"]
Locale = Literal["de", "en"]

KINDS: tuple[str, ...] = ("evaluation", "transfer", "comparison")
LOCALES: tuple[str, ...] = ("de", "en")

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class HtmlText:
    """A researcher's Markdown text, rendered to HTML by :func:`kosieval.report.texts.render_text`.

    The only block whose markup the templates print unescaped: it comes from markdown-it with
    raw HTML switched off (markup in the text shows as text), links validated and images
    limited to files inside the texts folder. Do not build one from other strings.

    Parameters
    ----------
    html
        The HTML fragment (headings start at h3).
    source
        The file it came from, relative to the study folder (``texte/change.md``).
    points
        The short form of the first list in the text (for the recommendations in the
        executive summary): per top-level item its bold lead-in, or its first paragraph,
        as plain text.
    """

    html: str
    source: str = ""
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputFile:
    """One input file of the study, identified by its content.

    Parameters
    ----------
    path
        Path relative to the study folder, with forward slashes (``data/t0.csv``).
    sha256
        SHA-256 of the file's bytes as 64 lower-case hex digits.
    size
        Size in bytes.
    """

    path: str
    sha256: str
    size: int

    def __post_init__(self) -> None:
        if not _SHA256_RE.match(self.sha256):
            raise ValueError(f"sha256 of {self.path!r} must be 64 lower-case hex digits, got {self.sha256!r}")
        if self.size < 0:
            raise ValueError(f"size of {self.path!r} must be >= 0, got {self.size}")


@dataclass(frozen=True)
class Provenance:
    """Where the numbers of a report come from.

    Parameters
    ----------
    inputs
        The input files (surveys, coding exports, activity logs, texts), in the order to show.
    versions
        Software versions by distribution name (``{"kosieval": "0.1.0", "python": "3.11.7"}``),
        see :func:`kosieval.report.manifest.collect_versions`.
    config_text
        The text of ``study.yaml`` as read.
    created
        The date the report states as its creation date (also the PDF's creation date).
    """

    inputs: tuple[InputFile, ...]
    versions: dict[str, str]
    config_text: str
    created: _dt.date


@dataclass(frozen=True)
class ReportDocument:
    """One report (test-phase evaluation report or transfer report) before rendering.

    Parameters
    ----------
    kind
        ``"evaluation"`` (full test-phase report) or ``"transfer"`` (short report for other
        cities: no methods chapter unless given, no lists of tables and figures).
    locale
        ``"de"`` or ``"en"``; labels, dates and the document language follow it.
    title, subtitle
        Cover title and subtitle.
    city, institution
        The lab's city and the research institute.
    authors
        Author names as they should be printed.
    date
        Date of the report (cover, ``dcterms.created``/``dcterms.modified``).
    summary
        Key findings, one sentence each.
    methods
        Blocks of the methods chapter (may be empty); in the transfer report the short
        "Über diese Studie" part, placed after the chapters.
    sections
        The chapters, in order; numbered 1, 2, ... Their blocks may include
        :class:`HtmlText` (the researchers' interpretation, after a sub-heading).
    appendices
        Appendix sections, in order; lettered A, B, ... and followed by the data provenance.
    provenance
        Input files, versions and configuration behind the report.
    key_figures
        The key-figure boxes of the executive summary (at most 8), see
        :mod:`kosieval.report.summary`.
    summary_text
        The researchers' ``summary.md``, shown before the key findings.
    recommendations
        The researchers' ``recommendations.md``: its own chapter after the module chapters;
        its :attr:`HtmlText.points` also close the executive summary.
    notices
        Sentences shown at the top of the executive summary (e.g. that the transfer module
        did not run).
    """

    kind: ReportKind
    locale: Locale
    title: str
    subtitle: str
    city: str
    institution: str
    authors: tuple[str, ...]
    date: _dt.date
    summary: tuple[str, ...]
    methods: tuple[Block | HtmlText, ...]
    sections: tuple[Section, ...]
    appendices: tuple[Section, ...]
    provenance: Provenance
    key_figures: tuple[KeyFigure, ...] = ()
    summary_text: HtmlText | None = None
    recommendations: HtmlText | None = None
    notices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.locale not in LOCALES:
            raise ValueError(f"locale must be one of {LOCALES}, got {self.locale!r}")
        if not self.title.strip():
            raise ValueError("title must not be empty")
