"""The governance pages in a real Chromium: an inspector reads the control strategy and what
quality assurance finds in it; a governance chair reports a plan's progress to the next
NTTCG; the NTTCG chair reads the assurance report and records assurance. Every page is
checked for accessibility."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    BodyFactory,
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PlanActionFactory,
    ProgressReportFactory,
    ThreatFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_inspector_reads_the_control_strategy_and_its_quality_assurance(page: Page) -> None:
    hmic = BodyFactory(id="hmicfrs", name="HM Inspectorate")
    UserFactory(username="ines", body=hmic, role=Role.INSPECTOR, clearance="secret")
    GovernanceGroupFactory(id="sgg-cyber", name="Cyber strategic governance group")
    cyber = ThreatFactory(id="cyber-crime", name="Cyber crime")
    technology = ThreatFactory(
        id="criminal-use-of-technology", name="Criminal use of technology", kind="vulnerability"
    )
    nsa = AssessmentFactory(id="nsa-2017", title="National strategic assessment 2017")
    nsa.threats.set([cyber])
    strategy = ControlStrategyFactory(id="cs-2017", based_on=nsa, status="approved")
    ControlStrategyEntryFactory(
        strategy=strategy,
        threat=cyber,
        level="priority",
        response_enforcement="Pursue the groups behind the most harmful attacks.",
    )
    ControlStrategyEntryFactory(strategy=strategy, threat=technology, level="listed")

    page.goto("/governance/")
    sign_in(page, "ines", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance")
    assert_accessible(page)
    page.get_by_role("link", name="Control strategy cs-2017").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Control strategy cs-2017")
    panel = page.get_by_role("region", name="Quality assurance")
    expect(panel).to_contain_text("CST002 strategy-unsourced-entry")
    expect(panel).to_contain_text("criminal-use-of-technology")
    expect(panel).to_contain_text("CST004 strategy-response-implicit")
    expect(page.get_by_role("table", name="National priority")).to_contain_text(
        "Pursue the groups behind the most harmful attacks."
    )
    expect(page.get_by_role("table", name="Listed")).to_contain_text("Criminal use of technology")
    assert_accessible(page)


def _fraud_plan(chair_body: object) -> None:
    ThreatFactory(id="fraud", name="Fraud")
    group = GovernanceGroupFactory(
        id="sgg-fraud", name="Fraud governance group", status="active", chair=chair_body
    )
    group.threats.set(["fraud"])
    plan = ActionPlanFactory(
        id="sap-fraud", group=group, approved=timezone.localdate() - timedelta(days=90)
    )
    plan.threats.set(["fraud"])
    PlanActionFactory(
        plan=plan,
        owner=chair_body,
        strand="protect",
        text="Warn the public about courier fraud.",
        due=timezone.localdate() + timedelta(days=30),
    )


def test_a_governance_chair_submits_a_progress_report_routed_to_the_next_nttcg(
    page: Page,
) -> None:
    city = BodyFactory(id="city-police", name="City of London Police")
    UserFactory(username="gina", body=city, role=Role.CHAIR, clearance="official")
    _fraud_plan(city)
    next_sitting = timezone.localdate() + timedelta(days=7)
    MeetingFactory(
        id="nttcg-next",
        series=MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg"),
        date=next_sitting,
        status="scheduled",
    )

    page.goto("/governance/groups/sgg-fraud/")
    sign_in(page, "gina", PASSWORD)
    page.get_by_role("link", name="Action plan sap-fraud").click()
    page.get_by_role("link", name="Report progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report progress")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a rating: red, amber or green")
    assert_accessible(page)

    page.get_by_label("Amber").check()
    page.get_by_label("Narrative").fill("Courier fraud warnings reached two forces of four.")
    page.get_by_role("button", name="Submit the report").click()

    expect(page.get_by_role("alert")).to_contain_text(
        f"for the NTTCG sitting on {next_sitting:%-d %B %Y} (nttcg-next)"
    )
    reports = page.get_by_role("table", name="1 progress report, newest first")
    expect(reports).to_contain_text("Courier fraud warnings reached two forces of four.")
    expect(reports).to_contain_text("Amber")
    assert_accessible(page)


def test_the_nttcg_chair_reads_the_assurance_report_and_records_assurance(page: Page) -> None:
    nca = BodyFactory(id="nca", name="National Crime Agency")
    UserFactory(username="nora", body=nca, role=Role.CHAIR, clearance="official")
    _fraud_plan(nca)
    series = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg", chair=nca)
    MeetingFactory(id="nttcg-today", series=series, date=timezone.localdate(), status="held")
    ProgressReportFactory(
        plan_id="sap-fraud", date=timezone.localdate() - timedelta(days=60), rating="red"
    )
    ProgressReportFactory(
        plan_id="sap-fraud",
        date=timezone.localdate() - timedelta(days=5),
        rating="green",
        summary="Every force has run the warning campaign.",
        to_meeting_id="nttcg-today",
    )

    page.goto("/governance/assurance/nttcg-today/")
    sign_in(page, "nora", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assurance report for")
    plans = page.get_by_role("table", name=re.compile("Strategic action plans in force"))
    expect(plans).to_contain_text("sap-fraud")
    expect(plans).to_contain_text("Improving (red, green)")
    expect(page.get_by_role("img", name="Ratings, oldest first: red, green")).to_be_visible()
    expect(page.get_by_role("link", name="Download the report as a PDF")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Assurance given").check()
    page.get_by_label("Statement").fill("The fraud plan is on track and reporting.")
    page.get_by_role("button", name="Record the conclusion").click()

    expect(page.get_by_role("alert")).to_contain_text("Assurance given: recorded as decision")
    expect(page.get_by_text("The fraud plan is on track and reporting.")).to_be_visible()
    assert_accessible(page)
