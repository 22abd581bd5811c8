"""kosieval: evaluation toolkit for the accompanying research of municipal social-innovation labs.

The public API (DESIGN.md §3)::

    import kosieval
    study = kosieval.example_study()          # or kosieval.load_study("path/to/study")
    result = kosieval.analyze(study, "change")
    kosieval.build_report(study, "bericht.pdf", locale="de")
"""

from __future__ import annotations

from pathlib import Path

from kosieval._resources import example_study_dir
from kosieval.io.study import read_study
from kosieval.model.study import Study
from kosieval.reflections.registry import analyze
from kosieval.report.build import build_report

__version__ = "0.1.0"


def load_study(folder: str | Path) -> Study:
    """Read a study folder (study.yaml + exports) into a validated Study."""
    return read_study(folder)


def example_study() -> Study:
    """The embedded example study (the fictional city of Musterstadt)."""
    return read_study(example_study_dir())


__all__ = ["Study", "analyze", "build_report", "example_study", "load_study", "__version__"]
