"""Drafting the control strategy in a real Chromium: an analyst generates a draft, writes the
priority's expected responses with a reason and watches the quality-assurance panel clear,
and the chair of the tactical group records its approval; every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.governance.models import ControlStrategy, ControlStrategyEntryChange
from soctasking.governance.tests.strategy_picture import COMPLETE, strategy_picture
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import BodyFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_analyst_drafts_the_strategy_and_the_chair_records_its_approval(page: Page) -> None:
    nca = BodyFactory(id="nca", name="National Crime Agency")
    UserFactory(username="ana", body=nca, role=Role.ANALYST, clearance="secret")
    UserFactory(username="chris", body=nca, role=Role.CHAIR, clearance="secret")
    strategy_picture()

    page.goto("/governance/control-strategies/")
    sign_in(page, "ana", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Control strategies")
    assert_accessible(page)
    page.get_by_role("button", name="Generate a draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Draft cs-nsa-2017")
    panel = page.get_by_role("region", name="Quality assurance")
    expect(panel).to_contain_text("CST004 strategy-response-implicit")
    assert_accessible(page)

    card = page.locator("#entry-drugs")
    card.get_by_label("Intelligence response").fill(COMPLETE["response_intelligence"])
    card.get_by_label("Prevention response").fill(COMPLETE["response_prevention"])
    card.get_by_label("Enforcement response").fill(COMPLETE["response_enforcement"])
    card.get_by_label("Reason for the change").fill("The response the tactical group expects")
    card.get_by_role("button", name="Save Drugs").click()

    expect(page.locator("#entry-drugs")).to_contain_text("Saved.")
    expect(page.get_by_role("region", name="Quality assurance")).to_contain_text("No check holds")
    expect(page.get_by_role("region", name="Quality assurance")).not_to_contain_text(
        "CST004 strategy-response-implicit"
    )
    change = ControlStrategyEntryChange.objects.get()
    assert change.reason == "The response the tactical group expects"
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.goto("/governance/control-strategies/cs-nsa-2017/")
    sign_in(page, "chris", PASSWORD)
    page.get_by_role("link", name="Record its approval").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the approval of cs-nsa-2017")
    assert_accessible(page)
    page.get_by_label("Meeting that approved it").select_option("nttcg-2017-06-14")
    page.get_by_role("button", name="Record the approval").click()

    expect(page.get_by_text("Control strategy cs-nsa-2017 is approved, in force.")).to_be_visible()
    assert ControlStrategy.objects.get(pk="cs-nsa-2017").status == "approved"
    page.get_by_role("link", name="Read it as a document").click()
    expect(page.get_by_role("heading", name="National priority threats")).to_be_visible()
    assert_accessible(page)
