"""What a reflection module hands to the report: a Section of blocks in reading order.

Everything in a Section is already formatted for one locale (strings, SVG markup); the
report templates only arrange it and number tables and figures. The same Section shows in
Jupyter through ``_repr_html_``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (escaped when rendered)."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a chapter (rendered as h3)."""

    text: str


@dataclass(frozen=True)
class Quote:
    """A quotation from an interview, with its (already anonymised) source.

    Parameters
    ----------
    text
        The quoted words (plain text, escaped when rendered).
    source
        Where it comes from, e.g. "Interview 03, Zivilgesellschaft".
    """

    text: str
    source: str


@dataclass(frozen=True)
class KeyFigure:
    """One key figure a module offers for the executive summary.

    Parameters
    ----------
    name
        Name under which texts cite it (``{{ change.d_z_self_efficacy }}``) and under which
        ``report.summary_figures`` chooses it.
    label
        What it is, in the report's language ("Selbstwirksamkeit, Veränderung d_z").
    value
        The formatted number ("0,40").
    context
        A short qualifier ("95 %-KI [0,20; 0,60], n = 100 Paare").
    """

    name: str
    label: str
    value: str
    context: str = ""


@dataclass(frozen=True)
class Table:
    """A table of formatted cells.

    Parameters
    ----------
    id
        Stable identifier, unique within the report (used for anchors).
    caption
        Caption without the number ("Reliabilität der Skalen").
    columns
        Column headings.
    rows
        Rows of formatted cells, one string per column.
    notes
        Notes printed under the table (conventions, suppression, corrections).
    numeric
        Per column: True where the column holds numbers (right-aligned).
    """

    id: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    numeric: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(
                    f"table {self.id!r}: row {index} has {len(row)} cells, expected {width}"
                )
        if self.numeric and len(self.numeric) != width:
            raise ValueError(f"table {self.id!r}: numeric has {len(self.numeric)} flags, expected {width}")


@dataclass(frozen=True)
class Figure:
    """A chart as SVG markup with a caption and alt text.

    Parameters
    ----------
    id
        Stable identifier, unique within the report.
    caption
        Caption without the number.
    alt
        Text alternative describing what the chart shows (for screen readers and PDF/UA).
    svg
        The SVG document as text (matplotlib output, text kept as text).
    """

    id: str
    caption: str
    alt: str
    svg: str


Block = Paragraph | Heading | Quote | Table | Figure


@dataclass(frozen=True)
class Section:
    """One report chapter produced by a reflection module.

    Parameters
    ----------
    id
        The module name ("reliability").
    title
        Chapter heading.
    blocks
        Paragraphs, tables and figures in reading order.
    summary
        Sentences for the report summary ("key findings").
    key_figures
        Formatted key figures other texts may cite, by name
        (``{"alpha_self_efficacy": "0,82"}``).
    highlights
        The figures the module proposes for the executive summary, most important first.
    """

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    summary: tuple[str, ...] = ()
    key_figures: dict[str, str] = field(default_factory=dict)
    highlights: tuple[KeyFigure, ...] = ()

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables of this section, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The figures of this section, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Figure))

    def _repr_html_(self) -> str:
        parts = [f"<section><h2>{escape(self.title)}</h2>"]
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(f"<p>{escape(block.text)}</p>")
            elif isinstance(block, Heading):
                parts.append(f"<h3>{escape(block.text)}</h3>")
            elif isinstance(block, Quote):
                parts.append(f"<blockquote><p>{escape(block.text)}</p>"
                             f"<footer>{escape(block.source)}</footer></blockquote>")
            elif isinstance(block, Table):
                head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
                body = "".join(
                    "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                    for row in block.rows
                )
                notes = "".join(f"<p><small>{escape(n)}</small></p>" for n in block.notes)
                parts.append(
                    f"<table><caption>{escape(block.caption)}</caption>"
                    f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"
                )
            else:
                parts.append(f"<figure>{block.svg}<figcaption>{escape(block.caption)}</figcaption></figure>")
        parts.append("</section>")
        return "".join(parts)
