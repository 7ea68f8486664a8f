"""A contributor sends a file in Chromium and sees the receipt; each page axe-checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.intelligence.models import Submission
from soctasking.intelligence.tests.conftest import docx_bytes
from soctasking.testing.browser import assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import BodyFactory, ThreatFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rows migrations seed (the
    # compartments) are put back after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/?next=/intelligence/submissions/new/")
    sign_in_through_the_page(page, username, PASSWORD)


def test_a_contributor_sends_a_file_and_sees_the_receipt(page: Page, tmp_path: Path) -> None:
    BodyFactory(id="nac", name="National Assessment Centre", kind="national_unit")
    rocu = BodyFactory(id="rocu-nw", name="North West ROCU", kind="rocu")
    ThreatFactory(id="drugs", name="Drugs", keywords=["county lines"])
    ThreatFactory(id="fraud", name="Fraud")
    UserFactory(username="bob", body=rocu, role=Role.CONTRIBUTOR, clearance="official-sensitive")
    upload = tmp_path / "assessment.docx"
    upload.write_bytes(docx_bytes())

    _sign_in(page, "bob")
    expect(page.get_by_role("heading", name="Send a submission")).to_be_visible()
    assert_accessible(page)

    # Sending with nothing filled in lists every problem, linked to its field.
    page.get_by_role("button", name="Send", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title")
    expect(summary).to_contain_text("Choose at least one threat")
    assert_accessible(page)

    page.get_by_label("Tactical assessment").check()
    page.get_by_label("Title").fill("Quarterly tactical assessment")
    page.get_by_label("Period starts").fill("2026-07-01")
    page.get_by_label("Period ends").fill("2026-09-30")
    page.get_by_label("File", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Suggest threats from the text").click()
    expect(page.locator("#suggested-threats")).to_contain_text("Drugs")
    expect(page.get_by_label("Drugs")).to_be_checked()

    page.get_by_label("File", exact=True).set_input_files(str(upload))
    page.get_by_label("OFFICIAL", exact=True).check()
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_role("heading", name="Submission received")).to_be_visible()
    submission = Submission.objects.get()
    expect(page.locator("#receipt-reference")).to_have_text(submission.reference)
    expect(page.locator("#receipt-sha256")).to_have_text(submission.sha256)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this receipt (plain text)").click()
    assert submission.reference in Path(download.value.path()).read_text()

    page.get_by_role("link", name="Our submissions").click()
    expect(page.get_by_role("link", name=submission.reference)).to_be_visible()
    assert_accessible(page)
