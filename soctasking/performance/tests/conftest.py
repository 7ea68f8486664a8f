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


@pytest.fixture
def run_the_worker(monkeypatch):
    """Run django-tasks' database worker over what is queued, then return.

    The worker closes its connection between tasks when it is inside a
    transaction, as it never is in service; inside a test's transaction on
    PostgreSQL that would end the test's own, so here it keeps it.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run
