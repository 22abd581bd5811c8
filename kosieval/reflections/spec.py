"""What a reflection module declares about itself, and the check run before it.

Each module has a ``SPEC`` (:class:`ReflectionSpec`) naming it, titling its chapter and
listing what it needs from a study. :func:`check_requirements` evaluates every requirement
and raises one :class:`~kosieval.errors.SpecError` listing everything missing at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kosieval.errors import SpecError
from kosieval.model.codebook import Text
from kosieval.model.study import Study


@dataclass(frozen=True)
class Requirement:
    """One thing a module needs, and whether the study has it."""

    description: str
    satisfied: bool


@dataclass(frozen=True)
class ReflectionSpec:
    """A module's name, chapter title, description and requirements.

    Parameters
    ----------
    name
        The module name used in study.yaml (``report.reflections``).
    title
        Chapter title in German and English.
    description
        One sentence on what the chapter shows.
    requirements
        A function listing the module's requirements for a given study (and the params
        the study config passes).
    placement
        "chapter" (a numbered chapter of the report) or "appendix" (a lettered appendix,
        e.g. the reliability table and the data-quality summary).
    needs
        One line per input the module reads, for ``kosieval reflections`` (e.g.
        "Teamumfrage: Skalen nach Akteursgruppe / team survey: scales by actor group").
    params
        The parameters ``analyze`` accepts from ``report.modules.<name>`` in study.yaml,
        with one line each on what they do.
    """

    name: str
    title: Text
    description: Text
    requirements: Callable[..., list[Requirement]]
    placement: Literal["chapter", "appendix"] = "chapter"
    needs: tuple[Text, ...] = ()
    params: dict[str, str] | None = None


def check_requirements(spec: ReflectionSpec, study: Study, **params: object) -> None:
    """Raise SpecError listing every unmet requirement of ``spec`` for ``study``."""
    missing = [r.description for r in spec.requirements(study, **params) if not r.satisfied]
    if missing:
        raise SpecError(spec.name, missing)
