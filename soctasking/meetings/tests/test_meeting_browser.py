"""The meetings pages in a real Chromium, each checked by axe: from the list to a meeting,
and a secretariat officer keeping the record of a tactical cycle."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import BodyFactory, MeetingSeriesFactory, UserFactory

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
        "Priority for intelligence collection only \u2013 not a national priority"
    )
    expect(collection).to_contain_text("It does not make these threats national priority threats.")
    adoption = page.locator(".govuk-summary-card", has_text="Firearms")
    expect(adoption.get_by_role("heading")).to_have_text("National priority threats adopted")
    expect(page.get_by_role("table").filter(has_text="Report on rail hubs.")).to_contain_text(
        "Kent Police"
    )
    expect(page.get_by_text("sat too late, on 2017-10-11", exact=False)).to_be_visible()
    assert_accessible(page)


def test_a_secretariat_officer_runs_an_ntig_and_an_nttcg_and_reads_the_minutes(page: Page):
    nca = BodyFactory(id="nca", name="National Crime Agency", kind="national_agency")
    kent = BodyFactory(id="force-kent", name="Kent Police")
    nttcg = MeetingSeriesFactory(id="nttcg", name="National tactical tasking group", kind="nttcg")
    nttcg.members.set([nca, kent])
    ntig = MeetingSeriesFactory(
        id="ntig",
        name="National tactical intelligence group",
        kind="ntig",
        precedes=nttcg,
        precedes_window_days=14,
        precedes_min_lead_days=1,
    )
    ntig.members.set([nca])
    UserFactory(username="sam", body=nca, role=Role.SECRETARIAT, clearance="secret")
    today = timezone.localdate()
    page.goto("/sign-in/")
    sign_in(page, "sam", PASSWORD)

    for series, day in ((ntig, today - timedelta(days=7)), (nttcg, today)):
        page.goto(f"/meetings/series/{series.id}/")
        page.get_by_role("link", name="Schedule a meeting").click()
        assert_accessible(page)
        page.get_by_label("Date of the meeting").fill(day.isoformat())
        page.get_by_role("button", name="Schedule the meeting").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{day:%-d %B %Y}")

    page.get_by_role("link", name="Record attendance").click()
    assert_accessible(page)
    page.get_by_role("group", name="Attended").get_by_label("Kent Police").uncheck()
    page.get_by_role("group", name="Sent apologies").get_by_label("Kent Police").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_role("table").filter(has_text="Kent Police")).to_contain_text(
        "Sent apologies"
    )

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the kind of decision")
    assert_accessible(page)
    page.get_by_label("Kind of decision").select_option("collection_priority")
    page.get_by_label("Decision", exact=True).fill(
        "County lines into Kent is a priority for collection."
    )
    page.get_by_role("button", name="Record the decision").click()

    page.get_by_role("link", name="Allocate an action").click()
    page.get_by_label("Owner").select_option("force-kent")
    page.get_by_label("Action", exact=True).fill("Map the lines running into Kent.")
    page.get_by_label("Due").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Allocate the action").click()
    expect(page.get_by_role("alert")).to_contain_text("is before it")
    assert_accessible(page)
    page.get_by_label("Due").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Allocate the action").click()

    page.get_by_role("link", name="Minutes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes of {today:%-d %B %Y}")
    expect(page.get_by_text("Draft: not yet approved.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="1. Priority for intelligence collection only")
    ).to_be_visible()
    expect(
        page.get_by_text("It does not make these threats national priority threats.")
    ).to_be_visible()
    expect(
        page.get_by_role("table").filter(has_text="Map the lines running into Kent.")
    ).to_contain_text("Kent Police")
    expect(page.get_by_role("link", name="Download the minutes (PDF)")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/meetings/meeting/nttcg-{today:%Y-%m-%d}/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda for {today:%-d %B %Y}")
    assert_accessible(page)

    page.goto(f"/meetings/calendar/?year={today.year}&month={today.month}")
    expect(page.get_by_role("table")).to_contain_text("National tactical tasking group")
    assert_accessible(page)
    page.goto(f"/meetings/plan/?year={today.year + 1}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan a year: {today.year + 1}")
    assert_accessible(page)
