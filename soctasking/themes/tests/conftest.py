"""Fixtures of the theme tests: the real browser, for the page test, and a home for models."""

from __future__ import annotations

from pathlib import Path

import pytest

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "page", "seeded_rows"]


@pytest.fixture(autouse=True)
def _models_in_a_temporary_home(settings, tmp_path: Path) -> None:
    """Trained models are written under ``SOCTASKING_HOME``; each test gets its own."""
    settings.HOME = tmp_path
