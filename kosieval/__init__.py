"""kosieval: evaluation toolkit for the accompanying research of municipal social-innovation labs.

The public API (DESIGN.md §3)::

    import kosieval
    study = kosieval.example_study()          # or kosieval.load_study("path/to/study")
    result = kosieval.analyze(study, "change")
    kosieval.build_report(study, "bericht.pdf", locale="de")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kosieval._resources import example_study_dir

if TYPE_CHECKING:
    from kosieval.model.study import Study
    from kosieval.reflections.registry import analyze
    from kosieval.report.build import build_report

__version__ = "0.1.0"

# Imported on first use (PEP 562): reading a survey must not pay for WeasyPrint, matplotlib
# and SciPy, which the report and statistics layers import.
_LAZY = {
    "Study": "kosieval.model.study",
    "analyze": "kosieval.reflections.registry",
    "build_report": "kosieval.report.build",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kosieval' has no attribute {name!r}")


def load_study(folder: str | Path) -> Study:
    """Read a study folder (study.yaml + exports) into a validated Study."""
    from kosieval.io.study import read_study

    return read_study(folder)


def example_study() -> Study:
    """The embedded example study (the fictional city of Musterstadt)."""
    from kosieval.io.study import read_study

    return read_study(example_study_dir())


__all__ = ["Study", "analyze", "build_report", "example_study", "load_study", "__version__"]
