from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    """Each test keeps the PDFs it makes in a folder of its own."""
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT
