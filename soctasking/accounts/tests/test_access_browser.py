"""In Chromium: ask for CHIS, an administrator approves, the report shows; axe on each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import BodyFactory, SubmissionFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the compartments the migrations
    # seed are put back after each test empties the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Source reporting on Nightjar"


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    sign_in_through_the_page(page, username, PASSWORD)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))


def test_a_request_approved_in_one_click_shows_the_chis_report(page):
    nca = BodyFactory(id="nca", name="National Crime Agency", kind="national_agency")
    SubmissionFactory(title=TITLE, classification="secret", compartments=["chis"], body=nca)
    UserFactory(username="alice", body=nca, role=Role.ANALYST, clearance="secret")
    UserFactory(
        username="ada",
        body=nca,
        role=Role.ADMINISTRATOR,
        clearance="top-secret",
        compartments=["chis"],
    )

    sign_in(page, "alice")
    page.goto("/intelligence/")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    page.goto("/access/")
    assert_accessible(page)
    page.get_by_role("button", name="Request access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request access to a compartment")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the compartment you need")
    assert_accessible(page)
    page.get_by_label("Covert human intelligence sources (chis)").check()
    page.get_by_label("Why do you need it?").fill("Corroborating source reporting for Nightjar")
    page.get_by_label("For how many days?").fill("5")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request for chis was sent.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "ada")
    page.goto("/access/")
    page.get_by_role("link", name=re.compile("Requests awaiting your decision")).click()
    expect(page.get_by_role("heading", name="alice asks for chis for 5 days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve alice's request for chis").click()
    # htmx swaps the decided card for its outcome, announced as a status.
    expect(page.get_by_role("status")).to_have_text("You approved alice's request for chis.")
    assert_accessible(page)
    page.reload()
    expect(page.get_by_text("No requests await your decision.")).to_be_visible()
    expect(page.get_by_role("button", name="Revoke alice's access to chis")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "alice")
    page.goto("/intelligence/")
    expect(page.get_by_text(TITLE)).to_be_visible()
    page.goto("/access/")
    expect(page.get_by_text("In force")).to_be_visible()
    assert_accessible(page)
