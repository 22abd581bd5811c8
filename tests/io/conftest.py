"""Where the shared real-export fixtures are (../shared/fixtures/surveys beside the checkout).

The files there are not copied into this repository (several have no licence that allows
it); tests that need them skip with the reason when the folder is absent. Set
``KOSIEVAL_FIXTURES`` to point at another copy of the ``fixtures`` folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_DEFAULT = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"


def fixtures_root() -> Path:
    """The shared ``fixtures`` folder (may not exist)."""
    return Path(os.environ.get("KOSIEVAL_FIXTURES", _DEFAULT))


@pytest.fixture()
def survey_fixture():
    """Return a function: relative path under fixtures/surveys -> Path, skipping when absent."""

    def get(relative: str) -> Path:
        path = fixtures_root() / "surveys" / relative
        if not path.is_file():
            pytest.skip(f"shared fixture {relative} not found under {fixtures_root()} "
                        "(the ../shared folder is not beside this checkout; set KOSIEVAL_FIXTURES)")
        return path

    return get
