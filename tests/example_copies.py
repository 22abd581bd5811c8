"""Copies of the example study for tests that change it (the shipped files stay untouched)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kosieval._resources import example_study_dir


def copy_example(target: Path) -> Path:
    """Copy the example study folder to ``target`` and return it."""
    shutil.copytree(example_study_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit_config(study: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the copy's study.yaml by ``new`` (``old`` must be there)."""
    path = study / "study.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
