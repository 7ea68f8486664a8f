"""The audit trail in a real Chromium: an inspector filters it, downloads it and checks it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import BodyFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data, so each test ends by emptying the
    # database; the rows migrations seed (the compartments) are put back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def inspector_and_trail():
    hmic = BodyFactory(id="hmicfrs", name="HM Inspectorate")
    UserFactory(username="alice", body=hmic, role=Role.ANALYST, clearance="secret")
    analyst = User.objects.get(username="alice")
    UserFactory(username="ines", body=hmic, role=Role.INSPECTOR, clearance="secret")
    audit_record(actor=analyst, action="update", record_type="body", record_id="nca")
    audit_record(actor=None, action="create", record_type="user", record_id="dana")
    audit_record(actor=analyst, action="list", record_type="submission", detail={"ids": ["sub-1"]})


def sign_in(page: Page) -> None:
    sign_in_through_the_page(page, "ines", PASSWORD)


@pytest.mark.usefixtures("inspector_and_trail")
def test_an_inspector_filters_the_trail_downloads_it_and_checks_the_chain(page):
    page.goto("/audit/")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.get_by_role("table")).to_contain_text("dana")
    assert_accessible(page)

    page.get_by_label("From").fill("yesterday")
    page.get_by_role("button", name="Apply filters").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date as year-month-day")
    expect(summary).to_be_focused()
    assert_accessible(page)

    page.get_by_label("From").fill("")
    page.get_by_label("Action").select_option("create")
    page.get_by_role("button", name="Apply filters").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("1 event matching the filters")
    expect(table).to_contain_text("dana")
    expect(table).not_to_contain_text("sub-1")
    assert_accessible(page)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the 1 matching event as CSV").click()
    download = downloading.value
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text())))
    assert download.suggested_filename == "audit-trail.csv"
    assert [row[2:6] for row in rows[1:]] == [["system", "create", "user", "dana"]]

    page.get_by_role("button", name="Check the chain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail intact")
    expect(page.locator(".govuk-panel__body")).to_have_text(re.compile(r"\d+ events checked"))
    assert_accessible(page)
