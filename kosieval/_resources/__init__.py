"""Files shipped with kosieval: the instrument set, the example study and the report templates.

They live at the top level of the repository (``surveys/`` and ``reports/templates/``) and
are mapped into this package by ``setup.cfg`` (``package_dir``), so both an editable and a
regular ``pip install .`` find them through :func:`surveys_dir` and :func:`templates_dir`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_path(name: str) -> Path:
    traversable = resources.files(name)
    return Path(str(traversable))


def surveys_dir() -> Path:
    """Return the folder holding ``instruments/`` and ``example/``."""
    return _package_path("kosieval._resources.surveys")


def instruments_dir() -> Path:
    """Return the folder of the KoSI-Lab instrument set (one YAML codebook each)."""
    return surveys_dir() / "instruments"


def example_study_dir() -> Path:
    """Return the folder of the embedded example study."""
    return surveys_dir() / "example"


def templates_dir() -> Path:
    """Return the folder of the report templates and print CSS."""
    return _package_path("kosieval._resources.templates")
