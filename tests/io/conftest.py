"""Where the real-export fixtures are: ../shared/fixtures/surveys beside the checkout, else tests/data/surveys.

The files under permissive licences (MIT, BSD, Apache) are copied into tests/data/surveys
(attribution in tests/data/README.md); the others (GPL/AGPL sources, no licence) are read
from the shared folder only, and tests that need them skip with the reason when it is
absent. Set ``KOSIEVAL_FIXTURES`` to point at another copy of the ``fixtures`` folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_DEFAULT = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
_COPIED = Path(__file__).resolve().parents[1] / "data"


def fixtures_root() -> Path:
    """The shared ``fixtures`` folder (may not exist)."""
    return Path(os.environ.get("KOSIEVAL_FIXTURES", _DEFAULT))


@pytest.fixture()
def survey_fixture():
    """Return a function: relative path under fixtures/surveys -> Path, skipping when absent."""

    def get(relative: str) -> Path:
        path = fixtures_root() / "surveys" / relative
        if not path.is_file():
            path = _COPIED / "surveys" / relative
        if not path.is_file():
            pytest.skip(f"shared fixture {relative} not found under {fixtures_root()} "
                        "(the ../shared folder is not beside this checkout; set KOSIEVAL_FIXTURES)")
        return path

    return get


@pytest.fixture()
def qda_fixture():
    """Return a function: file name under fixtures/qda -> Path, skipping when absent.

    None of these files is copied into the repository: all but one are AGPL or carry no
    licence, and the MIT-licensed NVivo project holds public commenters' handles.
    """

    def get(name: str) -> Path:
        path = fixtures_root() / "qda" / name
        if not path.exists():
            pytest.skip(f"shared fixture qda/{name} not found under {fixtures_root()} "
                        "(the ../shared folder is not beside this checkout; set KOSIEVAL_FIXTURES)")
        return path

    return get
