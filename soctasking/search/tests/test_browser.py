"""Searching in a real Chromium: an analyst finds a submission and sees its match highlighted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import BodyFactory, SubmissionFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data, so each test ends by emptying the
    # database; the rows migrations seed (the compartments) are put back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_analyst_searches_and_sees_the_match_highlighted(page):
    nca = BodyFactory(id="nca", name="National Crime Agency")
    SubmissionFactory(
        title="Coastal supply routes",
        body=nca,
        received_by=nca,
        classification="secret",
        text="Cocaine landed at the harbour at night and moved inland by van.",
    )
    UserFactory(username="alice", body=nca, role=Role.ANALYST, clearance="secret")

    page.goto("/search/")
    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    assert_accessible(page)

    page.get_by_label("Search for").fill("harbour")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    expect(page.get_by_role("heading", name="Coastal supply routes")).to_be_visible()
    expect(page.locator("main mark")).to_have_text("harbour")
    assert_accessible(page)
