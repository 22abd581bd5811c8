"""The executive summary: which key figures go into its boxes, and the key findings.

Pure functions on the modules' :class:`~kosieval.present.section.Section` objects (no study,
no files). The boxes are chosen

- by ``report.summary_figures`` in study.yaml: entries ``"<module>.<name>"`` naming a
  module's highlight (:attr:`Section.highlights`) or one of its key figures
  (:attr:`Section.key_figures`; the box is then labelled with the chapter title and the
  figure's name), in the order given, at most :data:`MAX_FIGURES`;
- or by default: the first highlight of each module (in module order), then the second of
  each, ... up to :data:`MAX_FIGURES`.
"""

from __future__ import annotations

from collections.abc import Sequence

from kosieval.errors import ConfigError
from kosieval.present.section import KeyFigure, Section

#: Most key-figure boxes in the executive summary.
MAX_FIGURES = 8


def available_figures(sections: Sequence[Section]) -> dict[str, KeyFigure]:
    """Every figure ``report.summary_figures`` may name, as ``"<module>.<name>"`` -> KeyFigure.

    Parameters
    ----------
    sections
        The modules' sections, in report order.

    Returns
    -------
    dict
        The highlights of each module first (as the module labelled them), then its other key
        figures (label: "<chapter title>: <name>"), in module order.
    """
    figures: dict[str, KeyFigure] = {}
    for section in sections:
        for figure in section.highlights:
            figures.setdefault(f"{section.id}.{figure.name}", figure)
        for name, value in section.key_figures.items():
            figures.setdefault(f"{section.id}.{name}", KeyFigure(name=name, label=f"{section.title}: {name}",
                                                                 value=value))
    return figures


def default_figures(sections: Sequence[Section], *, limit: int = MAX_FIGURES) -> tuple[KeyFigure, ...]:
    """The default boxes: each module's first highlight, then each one's second, ... up to ``limit``.

    Parameters
    ----------
    sections
        The modules' sections, in report order.
    limit
        Most boxes.

    Returns
    -------
    tuple[KeyFigure, ...]
    """
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    chosen: list[KeyFigure] = []
    depth = max((len(s.highlights) for s in sections), default=0)
    for rank in range(depth):
        for section in sections:
            if rank < len(section.highlights) and len(chosen) < limit:
                chosen.append(section.highlights[rank])
    return tuple(chosen)


def select_figures(sections: Sequence[Section], names: Sequence[str], *,
                   limit: int = MAX_FIGURES) -> tuple[KeyFigure, ...]:
    """The boxes named by ``report.summary_figures``, or the default ones when ``names`` is empty.

    Parameters
    ----------
    sections
        The modules' sections, in report order.
    names
        ``"<module>.<name>"`` entries, in the order to show.
    limit
        Most boxes.

    Returns
    -------
    tuple[KeyFigure, ...]

    Raises
    ------
    ConfigError
        For more than ``limit`` names, a name given twice, or a name that no module that ran
        offers (listing the names available).
    """
    if not names:
        return default_figures(sections, limit=limit)
    available = available_figures(sections)
    if len(names) > limit:
        raise ConfigError(f"zu viele Kennzahlen / too many summary figures: {len(names)}",
                          key="report.summary_figures", hint=f"name at most {limit}")
    doubles = sorted({n for n in names if list(names).count(n) > 1})
    if doubles:
        raise ConfigError(f"Kennzahl doppelt genannt / summary figure named twice: {doubles[0]!r}",
                          key="report.summary_figures")
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ConfigError(
            "unbekannte Kennzahl / unknown summary figure: " + ", ".join(repr(n) for n in unknown),
            key="report.summary_figures",
            hint="available: " + (", ".join(available) if available else "none (no module offers key figures)"))
    return tuple(available[n] for n in names)


def key_findings(sections: Sequence[Section]) -> tuple[str, ...]:
    """The key-finding sentences of all modules, in module order, stripped and without blanks.

    Parameters
    ----------
    sections
        The modules' sections, in report order.

    Returns
    -------
    tuple[str, ...]
    """
    return tuple(s.strip() for section in sections for s in section.summary if s.strip())
