"""An analyst answers an XCT001 finding in a real Chromium: from the finding to the draft."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import BodyFactory, UserFactory
from soctasking.themes.tests.helpers import draft_assessment, named_submission

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def county_lines_left_out():
    nac = BodyFactory(id="nac", name="National Assessment Centre")
    UserFactory(username="alice", body=nac, role=Role.ANALYST, clearance="secret")
    draft_assessment(threats=["drugs", "csea"])
    for n, threat in enumerate(["drugs", "csea", "drugs"]):
        named_submission(
            body=BodyFactory(id=f"rocu-{n}", name=f"ROCU {n}"),
            threats=[threat],
            themes=["county lines"],
            title=f"Tactical assessment {n}",
        )


@pytest.mark.usefixtures("county_lines_left_out")
def test_an_analyst_adds_a_flagged_theme_to_the_draft_as_a_keyword(page):
    page.goto("/findings/?code=XCT001")
    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_role("table")).to_contain_text("XCT001")
    expect(page.get_by_role("table")).to_contain_text("county lines")
    assert_accessible(page)

    page.get_by_role("link", name="Look into theme county lines and act on it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("county lines")
    expect(page.locator("#coverage")).to_have_text("Does not cover it")
    expect(page.locator("#bodies")).to_contain_text("ROCU 2")
    assert_accessible(page)

    page.get_by_label("Add it as a keyword of a threat, which joins the draft").check()
    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the threat to add the keyword to.")
    expect(summary).to_contain_text("Give the reason for the decision.")
    assert_accessible(page)

    page.get_by_label("Threat to add the keyword to").select_option("drugs")
    page.get_by_label("Reason").fill("County lines is how city groups supply drugs to towns.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#coverage")).to_contain_text("Covers it, through drugs")
    expect(page.locator("#decisions")).to_contain_text("County lines is how city groups")
    assert_accessible(page)

    page.goto("/findings/?code=XCT001")
    expect(page.locator("main")).not_to_contain_text("county lines")
