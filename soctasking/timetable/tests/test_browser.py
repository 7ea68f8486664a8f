"""The timetable in a real Chromium: an analyst sets rows, a contributor acknowledges them,
and an inspector finds who is missing, their record, and the finding the gap raises."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.bodies.models import BodyKind
from soctasking.conftest import PASSWORD
from soctasking.intelligence.models import Acknowledgement, Requirement, TimetableRow
from soctasking.testing.browser import assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import (
    BodyFactory,
    RequirementFactory,
    SubmissionFactory,
    TimetableRowFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page: Page, username: str) -> None:
    sign_in_through_the_page(page, username, PASSWORD)


def current_requirement() -> Requirement:
    today = timezone.localdate()
    return RequirementFactory(
        id="nir-now",
        period_start=today - timedelta(days=100),
        period_end=today + timedelta(days=265),
        issued=today - timedelta(days=110),
    )


def test_an_analyst_sets_every_rocu_a_quarterly_assessment(page: Page) -> None:
    nac = BodyFactory(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)
    BodyFactory(id="rocu-nw", name="North West ROCU", kind=BodyKind.ROCU)
    BodyFactory(id="rocu-east", name="Eastern ROCU", kind=BodyKind.ROCU)
    UserFactory(username="alice", body=nac, role=Role.ANALYST, clearance="secret")
    current_requirement()

    page.goto("/timetable/requirements/nir-now/")
    sign_in(page, "alice")
    page.get_by_role("link", name="Add rows from a recurring rule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rows from a recurring rule")
    assert_accessible(page)
    page.get_by_label("Regional organised crime unit").check()
    page.get_by_label("Product").select_option("tactical_assessment")
    page.get_by_label("Every").select_option("quarter")
    page.get_by_label("Days after each period ends").fill("15")
    page.get_by_label("Delivered to").select_option("nac")
    page.get_by_role("button", name="Add the rows").click()

    expect(page.get_by_text("8 rows added.")).to_be_visible()
    assert TimetableRow.objects.filter(body_id="rocu-east").count() == 4
    page.get_by_label("Body", exact=True).select_option("rocu-east")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table tbody tr")).to_have_count(4)
    assert_accessible(page)


def test_a_contributor_acknowledges_their_rows(page: Page) -> None:
    nac = BodyFactory(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)
    rocu = BodyFactory(id="rocu-nw", name="North West ROCU", kind=BodyKind.ROCU)
    UserFactory(username="bob", body=rocu, role=Role.CONTRIBUTOR, clearance="official")
    requirement = current_requirement()
    TimetableRowFactory(
        requirement=requirement,
        body=rocu,
        deliver_to=nac,
        due=timezone.localdate() + timedelta(days=20),
    )

    page.goto("/timetable/")
    sign_in(page, "bob")
    page.get_by_role("link", name="The current requirement, nir-now").click()
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge our rows").click()

    expect(page.locator("#acknowledged")).to_contain_text("North West ROCU acknowledged its rows")
    assert Acknowledgement.objects.get().body_id == "rocu-nw"
    assert_accessible(page)


def test_an_inspector_finds_the_gap_the_record_and_the_finding(page: Page) -> None:
    nac = BodyFactory(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)
    rocu = BodyFactory(id="rocu-nw", name="North West ROCU", kind=BodyKind.ROCU)
    kent = BodyFactory(id="kent", name="Kent Police", kind=BodyKind.POLICE_FORCE)
    UserFactory(username="ines", body=nac, role=Role.INSPECTOR, clearance="secret")
    requirement = current_requirement()
    due = timezone.localdate() - timedelta(days=20)
    for body in (rocu, kent):
        TimetableRowFactory(
            requirement=requirement,
            body=body,
            deliver_to=nac,
            due=due,
            window_start=due - timedelta(days=14),
        )
    SubmissionFactory(
        body=kent,
        received_by=nac,
        kind="tactical_assessment",
        received=timezone.now() - timedelta(days=25),
    )

    page.goto("/timetable/")
    sign_in(page, "ines")
    page.get_by_role("link", name="Compliance: every body's rows").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable compliance")
    assert_accessible(page)
    first = page.locator("#compliance tbody tr").first
    expect(first).to_contain_text("North West ROCU")
    expect(first).to_contain_text("Missing")
    expect(page.get_by_role("button", name="Escalate to NTIG")).to_have_count(0)

    page.get_by_label("Status").select_option("on_time")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#compliance tbody tr")).to_have_count(1)
    expect(page.locator("#compliance tbody tr")).to_contain_text("Kent Police")

    page.goto("/timetable/compliance/rocu-nw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("North West ROCU")
    expect(page.locator("main table tbody tr")).to_contain_text("Missing")
    assert_accessible(page)

    page.goto("/findings/?code=SUB001")
    expect(page.locator("main")).to_contain_text("North West ROCU")
    expect(page.locator("main")).not_to_contain_text("Kent Police")
