"""Fixtures of the report-layer tests."""

from __future__ import annotations

import pytest
from sample_report import make_document

from kosieval.report.document import ReportDocument


@pytest.fixture(scope="module")
def document() -> ReportDocument:
    """The German synthetic evaluation report."""
    return make_document()
