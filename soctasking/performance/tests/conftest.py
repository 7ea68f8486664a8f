"""Fixtures of the performance report's tests: a folder for the PDFs, and the real browser."""

from __future__ import annotations

import pytest

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "reports_root", "seeded_rows"]


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    """Each test keeps the PDFs it makes in a folder of its own."""
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT
