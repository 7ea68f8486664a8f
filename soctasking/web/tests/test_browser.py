"""The pages in a real Chromium: signing in, every area, signing out, each page checked by axe."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import AXE_URL, assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import (
    BodyFactory,
    EvaluationFactory,
    GovernanceGroupFactory,
    LocalPriorityEntryFactory,
    MeetingFactory,
    OperationFactory,
    ReferralFactory,
    ScoreFactory,
    SubmissionFactory,
    ThreatFactory,
    UserFactory,
)
from soctasking.web.context_processors import areas_for

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data, so each test ends by emptying the
    # database; the rows migrations seed (the compartments) are put back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The heading each area's page opens with, by its label in the navigation.
HEADINGS = {
    "Home": "The national picture",
    "Intelligence": "Intelligence",
    "Search": "Search",
    "Timetable": "Submission timetable",
    "Prioritisation": "Prioritisation",
    "Meetings": "Meetings",
    "Governance": "Governance",
    "Local priorities": "Local priorities",
    "Operations": "Operations",
    "Referrals": "Referrals",
    "Actions": "Our actions",
    "Themes": "Cross-cutting themes",
    "Findings": "Findings",
    "Performance": "National performance report",
    "Audit": "Audit trail",
    "Access": "Your access to compartments",
    "Bodies": "Bodies",
    "Threats": "Threats",
}


@pytest.fixture
def picture():
    """A little of everything, so every page has a table, and Bodies has a second page."""
    nca = BodyFactory(id="nca", name="National Crime Agency", kind="national_agency", nation="uk")
    for number in range(30):
        BodyFactory(id=f"force-{number:02}", name=f"Force {number:02}", region="north-west")
    drugs = ThreatFactory(id="drugs", name="Drugs supply", theme="commodity", keywords=["crack"])
    ThreatFactory(id="drugs-cl", name="County lines", kind="sub_threat", parent=drugs)
    SubmissionFactory(title="Coastal supply routes", body=nca, received_by=nca)
    MeetingFactory(date=date(2030, 1, 15), status="scheduled")
    ScoreFactory(evaluation=EvaluationFactory(), threat=drugs)
    GovernanceGroupFactory(name="Drugs threat group", chair=nca)
    LocalPriorityEntryFactory(threat=drugs)
    OperationFactory(name="Nightjar", body=nca, opened=date(2017, 1, 5))
    ReferralFactory(subject="Firearms supply", from_body=nca)
    return UserFactory(username="alice", body=nca, role=Role.ANALYST, clearance="secret")


def sign_in(page: Page, *, username: str, password: str) -> None:
    sign_in_through_the_page(page, username, password)


def expect_heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_axe_is_served_with_the_static_files(page):
    response = page.request.get(AXE_URL)

    assert response.status == 200
    assert "axe" in response.text()[:2000]


def test_a_user_signs_in_visits_every_area_and_signs_out(page, picture):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect_heading(page, "Sign in")
    assert_accessible(page)

    sign_in(page, username="alice", password=PASSWORD)

    expect(page).to_have_url(re.compile(r"/$"))
    expect_heading(page, "The national picture")
    expect(page.locator("#signed-in-user")).to_contain_text("Analyst at National Crime Agency")
    # The module that starts GOV.UK Frontend ran: components are styled and live.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    assert_accessible(page)

    navigation = page.get_by_role("navigation", name="Menu")
    for area in areas_for(picture):
        navigation.get_by_role("link", name=area.label, exact=True).click()
        expect_heading(page, HEADINGS[area.label])
        current = navigation.locator('[aria-current="page"]')
        expect(current).to_have_count(1)
        expect(current).to_have_text(area.label)
        assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert_accessible(page)
    page.goto("/bodies/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/bodies/$"))


def test_lists_filters_pages_and_records_are_accessible(page, picture):
    page.goto("/sign-in/")
    sign_in(page, username="alice", password=PASSWORD)

    page.goto("/bodies/")
    page.get_by_label("Name contains").fill("Force")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("table")).to_contain_text("Force 00")
    assert_accessible(page)

    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"q=Force&page=2"))
    expect(page.get_by_role("table")).to_contain_text("Force 29")
    assert_accessible(page)

    page.goto("/bodies/nca/")
    expect_heading(page, "National Crime Agency")
    expect(page.get_by_role("table")).to_contain_text("Tactical assessment")
    assert_accessible(page)

    page.goto("/threats/?kind=pirates")
    expect(page.get_by_role("alert")).to_contain_text("Choose a kind of threat from the list")
    assert_accessible(page)

    page.goto("/threats/drugs/")
    expect(page.get_by_role("link", name="County lines")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_the_error_summary(page, picture):
    page.goto("/sign-in/")

    sign_in(page, username="alice", password="not the password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Enter a correct username and password. Both are case-sensitive."
    )
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: Sign in")
    assert_accessible(page)

    summary.get_by_role("link").click()

    expect(page.get_by_label("Username")).to_be_focused()


def test_the_password_can_be_shown_while_typing_it(page, picture):
    page.goto("/sign-in/")
    password = page.get_by_label("Password", exact=True)
    password.fill("typed")

    page.get_by_role("button", name="Show password").click()

    expect(password).to_have_attribute("type", "text")


def test_the_accessibility_check_fails_on_a_serious_violation_naming_it(page):
    page.goto("/sign-in/")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/govuk/assets/images/favicon.svg\">')"
    )

    with pytest.raises(
        AssertionError, match=r"image-alt \(critical\): Images must have alternative text"
    ):
        assert_accessible(page)
