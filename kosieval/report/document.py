"""What one report consists of: the data the templates arrange, nothing rendered yet.

A :class:`ReportDocument` bundles the cover data, the key findings, the methods text, the
chapters (one :class:`~kosieval.present.section.Section` per reflection module), the
appendices and the :class:`Provenance` of the inputs. Everything in it is already formatted
for one locale; :mod:`kosieval.report.render` only numbers, arranges and typesets it.
This module does no file I/O (see :mod:`kosieval.report.manifest` for hashing files).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Literal

from kosieval.present.section import Block, Section

ReportKind = Literal["evaluation", "transfer"]
Locale = Literal["de", "en"]

KINDS: tuple[str, ...] = ("evaluation", "transfer")
LOCALES: tuple[str, ...] = ("de", "en")

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


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
        Blocks of the methods chapter (may be empty).
    sections
        The chapters, in order; numbered 1, 2, ...
    appendices
        Appendix sections, in order; lettered A, B, ... and followed by the data provenance.
    provenance
        Input files, versions and configuration behind the report.
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
    methods: tuple[Block, ...]
    sections: tuple[Section, ...]
    appendices: tuple[Section, ...]
    provenance: Provenance

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.locale not in LOCALES:
            raise ValueError(f"locale must be one of {LOCALES}, got {self.locale!r}")
        if not self.title.strip():
            raise ValueError("title must not be empty")
