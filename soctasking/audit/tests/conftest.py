"""Fixtures of the audit tests: the real browser, for the page test; files kept per test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from soctasking.testing.browser import browser, page, seeded_rows

__all__ = ["browser", "media_root", "page", "seeded_rows"]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Files a test's submissions carry are written to a folder of the test's own."""
    root = tmp_path / "files"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root
