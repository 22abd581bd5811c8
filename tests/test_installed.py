"""After a regular (non-editable) install, ``kosieval example`` works from any folder.

The package is built from a copy of the source tree and installed with ``pip --target``
into a temporary folder; the console script runs with that folder first on PYTHONPATH and
the working directory somewhere else, so only the installed package data can be found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

_SKIP = shutil.ignore_patterns(".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__",
                               ".pytest_cache", ".ruff_cache", "*.pdf")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    source = tmp_path_factory.mktemp("src") / "kosieval"
    shutil.copytree(ROOT, source, ignore=_SKIP)
    target = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
    # Build with the environment's own setuptools when it can (no download); otherwise let
    # pip fetch the build requirements of pyproject.toml.
    done = subprocess.run([*command, "--no-build-isolation", str(source)], capture_output=True, text=True)
    if done.returncode != 0:
        done = subprocess.run([*command, str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    code = "import sys; from kosieval.cli import main; sys.argv[0] = 'kosieval'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_installed_package_is_the_one_used(installed, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(installed)}
    done = subprocess.run([sys.executable, "-c", "import kosieval, kosieval._resources as r; "
                           "print(kosieval.__file__); print(r.instruments_dir())"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    module_file, instruments = done.stdout.split()
    assert Path(module_file).is_relative_to(installed)
    assert Path(instruments).is_relative_to(installed)
    assert (Path(instruments) / "participant.yaml").is_file()
    assert (installed / "kosieval" / "_resources" / "templates" / "print.css").is_file()


def test_example_from_any_directory(installed, tmp_path):
    done = _run(installed, tmp_path, "example", "-o", "bericht.pdf")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bericht.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "bericht.manifest.json").is_file()


def test_exit_codes_from_the_console(installed, tmp_path):
    assert _run(installed, tmp_path, "validate", str(tmp_path)).returncode == 1
    assert _run(installed, tmp_path, "report").returncode == 2
    assert _run(installed, tmp_path, "--help").returncode == 0


def test_init_from_the_installed_templates(installed, tmp_path):
    # the new-study templates (surveys/template/) ship as package data
    done = _run(installed, tmp_path, "init", "stadt", "--city", "Görlitz")
    assert done.returncode == 0, done.stderr
    assert "id: goerlitz" in (tmp_path / "stadt" / "study.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "stadt" / "instruments" / "participant.yaml").is_file()
    assert (tmp_path / "stadt" / "texte" / "summary.md").is_file()
