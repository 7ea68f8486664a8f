"""In a real Chromium: an analyst reads a quarter's figures, generates its PDF, follows the
job's progress as the worker makes it, and downloads the PDF."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_analyst_generates_the_quarterly_report_sees_its_progress_and_downloads_it(
    page: Page, tmp_path
) -> None:
    two_quarters_of_returns()
    UserFactory(username="alice", body_id="nca-nac", role=Role.ANALYST, clearance="secret")

    page.goto("/performance/")
    sign_in(page, "alice", PASSWORD)
    page.get_by_label("Quarter").fill(QUARTER)
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_role("heading", name="2026-Q3 compared with 2026-Q2")).to_be_visible()
    expect(
        page.get_by_role("img", name="Disruptions by level, 2026-Q3 and 2026-Q2")
    ).to_be_visible()
    by_level = page.get_by_role("table", name="Disruptions by level")
    expect(by_level.get_by_role("row", name="Major")).to_contain_text("+1")
    assert_accessible(page)

    page.get_by_role("button", name="Generate the PDF for 2026-Q3").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "National performance report, 2026-Q3"
    )
    expect(page.locator("#report-status")).to_have_text("Waiting to start")
    assert_accessible(page)
    # The background worker picks the job up; the page, asking every two
    # seconds, shows it finished without being reloaded.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.locator("#report-status")).to_have_text("Ready", timeout=15_000)
    expect(page.locator("#report-progress-percent")).to_have_text("100%")
    assert_accessible(page)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the PDF").click()

    download = downloading.value
    assert download.suggested_filename == "national-performance-report-2026-Q3.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = " ".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "National performance report, 2026-Q3" in text
    assert "Arrests 7 1 +6" in " ".join(text.split())
