"""The dependency direction of DESIGN.md §3, as import-linter contracts in setup.cfg."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    linter = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(linter).exists():
        pytest.fail("lint-imports (import-linter) is not installed: pip install -e '.[test]'")
    done = subprocess.run([linter, "--config", str(ROOT / "setup.cfg")], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 8 kept, 0 broken" in done.stdout
