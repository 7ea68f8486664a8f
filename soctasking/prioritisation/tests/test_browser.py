"""A round from scoring to decision in a real Chromium: an analyst scores a threat, the NSIG
chair records the recommendation and the NSTCG chair the decision, on accessible pages."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.prioritisation.models import Evaluation, ScoringTemplate
from soctasking.prioritisation.tests.test_scoring import GROUPS
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import (
    AssessmentFactory,
    BodyFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ThreatFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_analyst_scores_the_nsig_recommends_and_the_nstcg_decides(page: Page) -> None:
    nca = BodyFactory(id="nca", name="National Crime Agency")
    for username, role in (("alice", Role.ANALYST), ("nina", Role.CHAIR), ("tom", Role.CHAIR)):
        UserFactory(username=username, body=nca, role=role, clearance="official-sensitive")
    template = ScoringTemplate.objects.create(
        id="simple",
        family="simple",
        name="Harm times likelihood",
        groups=GROUPS,
        formula="harm * likelihood",
        status="approved",
    )
    nsa = AssessmentFactory.create(id="nsa-2017", title="National strategic assessment 2017")
    nsa.threats.set([ThreatFactory(id="firearms", name="Firearms")])
    Evaluation.objects.create(
        id="round-2017",
        assessment=nsa,
        template=template,
        date=dt.date(2017, 5, 1),
        priority_line=1,
    )
    MeetingFactory(
        id="nsig-2017-05",
        series=MeetingSeriesFactory(kind="nsig", name="National strategic intelligence group"),
        date=dt.date(2017, 5, 20),
    )
    MeetingFactory(
        id="nstcg-2017-06",
        series=MeetingSeriesFactory(kind="nstcg", name="National strategic tasking group"),
        date=dt.date(2017, 6, 1),
    )

    page.goto("/prioritisation/rounds/round-2017/")
    sign_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="Score Firearms").click()
    assert_accessible(page)
    for dimension, level, why in (
        ("Physical harm", "4", "Shootings doubled."),
        ("Financial harm", "1", "Little money moves."),
        ("Likelihood", "1", "It is happening."),
    ):
        page.get_by_label(dimension, exact=True).select_option(level)
        page.get_by_label(f"Why {dimension} is at this level").fill(why)
    page.get_by_label("Arguments for adopting it as a priority").fill("Deaths are rising")
    page.get_by_label("Arguments against").fill("Imports are falling")
    page.get_by_role("button", name="Save the score").click()

    ranking = page.get_by_role("table", name="Ranking of 1 threat")
    expect(ranking).to_contain_text("Firearms")
    expect(ranking).to_contain_text("5.00")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/prioritisation/rounds/round-2017/")
    sign_in(page, "nina", PASSWORD)
    page.get_by_role("link", name="Record the NSIG's recommendation").click()
    page.get_by_label("National strategic intelligence group meeting").select_option("nsig-2017-05")
    page.get_by_label("Recommendation for Firearms").select_option("priority")
    page.get_by_label("Reason for Firearms").fill("Deaths are rising fastest.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the recommendation").click()
    expect(page.get_by_role("table", name="Ranking of 1 threat")).to_contain_text(
        "National priority threat"
    )

    page.context.clear_cookies()
    page.goto("/prioritisation/rounds/round-2017/")
    sign_in(page, "tom", PASSWORD)
    page.get_by_role("link", name="Record the NSTCG's decision").click()
    page.get_by_label("National strategic tasking and coordination group meeting").select_option(
        "nstcg-2017-06"
    )
    page.get_by_label("National priority threats adopted").check()
    page.get_by_label("Firearms", exact=True).check()
    page.get_by_label("Rationale").fill("As the intelligence group recommended.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Decision record nstcg-2017-06.d1")
    expect(page.locator(".govuk-tag--red").first).to_have_text("National priority threats adopted")
    expect(page.get_by_role("table", name="The ranking the decision rests on")).to_contain_text(
        "Deaths are rising fastest."
    )
    assert_accessible(page)
