"""A referral's journey in a real Chromium: a ROCU refers, the head of tasking owns and
decides it, and the region reads the decision and its reasons on "our referrals"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.bodies.models import BodyKind
from soctasking.conftest import PASSWORD
from soctasking.referrals.models import Referral
from soctasking.testing.browser import assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import BodyFactory, ThreatFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page: Page, username: str) -> None:
    sign_in_through_the_page(page, username, PASSWORD)


def test_a_region_refers_and_reads_the_decision_with_its_reasons(page: Page) -> None:
    nca = BodyFactory(id="nca", name="National Crime Agency", kind=BodyKind.NATIONAL_AGENCY)
    rocu = BodyFactory(id="rocu-nw", name="North West ROCU", kind=BodyKind.ROCU)
    ThreatFactory(id="firearms", name="Firearms")
    UserFactory(username="bob", body=rocu, role=Role.CONTRIBUTOR, clearance="official")
    UserFactory(username="hot", body=nca, role=Role.CHAIR, clearance="secret")

    page.goto("/referrals/ours/")
    sign_in(page, "bob")
    page.get_by_role("link", name="Refer a case").click()
    assert_accessible(page)
    page.get_by_label("Reference").fill("nw-2027-007")
    page.get_by_label("What the referral is about").fill("Firearms supply into Merseyside")
    page.get_by_label("What you ask for").select_option("support")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what support is needed, or why the case should be adopted"
    )
    assert_accessible(page)
    page.get_by_label("What is needed and why").fill("Covert surveillance for four weeks.")
    page.get_by_label("Threats it concerns").select_option("firearms")
    page.get_by_label("Urgent: it cannot wait").check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator("#where-it-stands")).to_contain_text("Urgent, to the head of tasking")
    expect(page.locator("#where-it-stands")).to_contain_text("2 days left")
    assert Referral.objects.get().route == "urgent"

    page.context.clear_cookies()
    page.goto("/referrals/queue/?late=&status=submitted")
    sign_in(page, "hot")
    page.get_by_role("link", name="Firearms supply into Merseyside").click()
    page.get_by_label("Owner's username").fill("hot")
    page.get_by_role("button", name="Make them the owner").click()
    expect(page.locator("#where-it-stands")).to_contain_text("hot")
    page.get_by_label("Decision", exact=True).select_option("accepted")
    page.get_by_label("Reasons").fill("A national priority; surveillance allocated from Monday.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#where-it-stands")).to_contain_text("Accepted")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/referrals/ours/")
    sign_in(page, "bob")
    expect(page.locator("#referrals")).to_contain_text("Accepted")
    page.get_by_role("link", name="Firearms supply into Merseyside").click()
    expect(page.locator("#reasons")).to_have_text(
        "A national priority; surveillance allocated from Monday."
    )
    expect(page.locator("#history")).to_contain_text("Owner assigned: hot")
