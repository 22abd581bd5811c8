"""kosieval: evaluation toolkit for the accompanying research of municipal social-innovation labs.

The public API (DESIGN.md §3)::

    import kosieval
    study = kosieval.example_study()          # or kosieval.load_study("path/to/study")
    result = kosieval.analyze(study, "change")
    kosieval.build_report(study, "bericht.pdf", locale="de")
    kosieval.section(result, locale="de")     # the report section, shown in Jupyter
    kosieval.stats.cronbach_alpha(items)      # the statistics (kosieval.stats.__all__)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kosieval._resources import example_study_dir

if TYPE_CHECKING:
    from kosieval import stats
    from kosieval.model.study import Study
    from kosieval.present.section import Section
    from kosieval.reflections.registry import analyze
    from kosieval.report.build import build_report

__version__ = "0.1.0"

# Imported on first use (PEP 562): reading a survey must not pay for WeasyPrint, matplotlib
# and SciPy, which the report and statistics layers import.
_LAZY = {
    "Study": "kosieval.model.study",
    "analyze": "kosieval.reflections.registry",
    "build_report": "kosieval.report.build",
    "stats": "kosieval.stats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        # A public subpackage (kosieval.stats) is the module itself, anything else an attribute of it.
        return module if module.__name__ == f"{__name__}.{name}" else getattr(module, name)
    raise AttributeError(f"module 'kosieval' has no attribute {name!r}")


def load_study(folder: str | Path) -> Study:
    """Read a study folder (study.yaml + exports) into a validated Study."""
    from kosieval.io.study import read_study

    return read_study(folder)


def example_study() -> Study:
    """The embedded example study (the fictional city of Musterstadt)."""
    from kosieval.io.study import read_study

    return read_study(example_study_dir())


def section(result: object, *, locale: str = "de") -> Section:
    """Present the result of :func:`analyze` as its report section (shown as HTML in Jupyter).

    The same ``present(result, locale)`` of the reflection module that the report uses, so
    the section looks as it will in the report (tables, charts, sentences), in one language.

    Parameters
    ----------
    result
        What ``kosieval.analyze(study, name)`` returned.
    locale
        "de" or "en".

    Raises
    ------
    TypeError
        When ``result`` is no reflection module's result.
    """
    from kosieval.reflections.registry import REGISTRY

    for module in REGISTRY.values():
        if type(result).__module__ == module.__name__:
            return module.present(result, locale)
    raise TypeError(
        f"kein Ergebnis eines Reflexionsmoduls / not the result of a reflection module: {type(result).__name__}; "
        "use kosieval.analyze(study, name) with one of: " + ", ".join(REGISTRY))


__all__ = ["Study", "analyze", "build_report", "example_study", "load_study", "section", "stats", "__version__"]
