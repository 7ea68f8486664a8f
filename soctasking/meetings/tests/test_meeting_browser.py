"""The meetings pages in a real Chromium, each checked by axe: from the list to a meeting."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_goes_from_the_series_to_a_meeting_and_its_typed_decisions(page: Page, cycle):
    UserFactory(username="alice", body=cycle.nstcg.chair, role=Role.ANALYST, clearance="secret")
    page.goto("/sign-in/")
    sign_in(page, "alice", PASSWORD)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    assert_accessible(page)

    page.get_by_label("Kind").select_option("nstcg")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"kind=nstcg"))
    expect(page.get_by_role("table")).to_contain_text("1 meeting series")
    assert_accessible(page)

    page.goto("/meetings/?kind=weekly-chat")
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose a kind of meeting series from the list"
    )
    assert_accessible(page)

    page.goto("/meetings/")
    page.get_by_role("link", name="National strategic tasking and coordination group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "National strategic tasking and coordination group"
    )
    expect(page.get_by_text("Not invited")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="4 October 2017").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("4 October 2017")
    collection = page.locator(".govuk-summary-card", has_text="County lines")
    expect(collection.get_by_role("heading")).to_have_text(
        "Priority for intelligence collection only"
    )
    expect(collection).to_contain_text("It does not make these threats national priority threats.")
    adoption = page.locator(".govuk-summary-card", has_text="Firearms")
    expect(adoption.get_by_role("heading")).to_have_text("National priority threats adopted")
    expect(page.get_by_role("table").filter(has_text="Report on rail hubs.")).to_contain_text(
        "Kent Police"
    )
    expect(page.get_by_text("sat too late, on 2017-10-11", exact=False)).to_be_visible()
    assert_accessible(page)
