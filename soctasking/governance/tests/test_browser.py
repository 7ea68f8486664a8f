"""The control strategy page in a real Chromium: an inspector goes from the groups to the
strategy and reads what quality assurance finds in it, on an accessible page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.browser import assert_accessible, sign_in
from soctasking.testing.factories import (
    AssessmentFactory,
    BodyFactory,
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    GovernanceGroupFactory,
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
