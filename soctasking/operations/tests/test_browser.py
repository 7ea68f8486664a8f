"""The response in a real Chromium: an analyst loads a year of local priorities and reads the
adoption chart; a reviewer closes the unproductive operations the checks flag."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import BodyKind
from soctasking.conftest import PASSWORD
from soctasking.local_priorities.models import LocalPriority
from soctasking.operations.models import Operation
from soctasking.testing.browser import assert_accessible
from soctasking.testing.browser import sign_in as sign_in_through_the_page
from soctasking.testing.factories import (
    ActivityFactory,
    BodyFactory,
    OperationFactory,
    ThreatFactory,
    UserFactory,
    national_priorities_adopted,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page: Page, username: str) -> None:
    sign_in_through_the_page(page, username, PASSWORD)


@pytest.fixture
def analyst_alice():
    nac = BodyFactory(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)
    return UserFactory(username="alice", body=nac, role=Role.ANALYST, clearance="secret")


def test_an_analyst_loads_a_year_of_returns_and_sees_the_adoption_chart(
    page: Page, analyst_alice, tmp_path: Path
) -> None:
    today = timezone.localdate()
    for threat, name in (("drugs", "Drugs"), ("firearms", "Firearms"), ("fraud", "Fraud")):
        ThreatFactory(id=threat, name=name)
    national_priorities_adopted(["drugs", "firearms", "fraud"], on=today - timedelta(days=60))
    for force in ("kent", "essex", "surrey", "sussex"):
        BodyFactory(id=force, name=f"{force.capitalize()} Police", kind=BodyKind.POLICE_FORCE)
    BodyFactory(id="rocu-se", name="South East ROCU", kind=BodyKind.ROCU)
    start, end = today - timedelta(days=100), today + timedelta(days=265)
    lines = ["body,period_start,period_end,source,threat,theme"]
    adopted = {
        "kent": ["drugs", "firearms", "fraud"],
        "essex": ["drugs", "firearms"],
        "surrey": ["drugs"],
        "sussex": ["drugs"],
        "rocu-se": ["drugs", "firearms", "fraud"],
    }
    for body, threats in adopted.items():
        lines += [f"{body},{start},{end},police_and_crime_plan,{threat}," for threat in threats]
    lines.append(f"kent,{start},{end},police_and_crime_plan,,Rural crime")
    upload = tmp_path / "returns.csv"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")

    page.goto("/local-priorities/")
    sign_in(page, "alice")
    page.get_by_role("link", name="Import local priorities from CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import local priorities")
    assert_accessible(page)
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_text("Local priorities recorded for 5 bodies.")).to_be_visible()
    assert LocalPriority.objects.count() == 5
    page.get_by_role("link", name="Adoption of the national priority threats").click()
    chart = page.get_by_role("img", name="The share of police forces and of ROCUs adopting")
    expect(chart).to_be_visible()
    table = page.locator("#adoption")
    expect(table.get_by_role("row", name="Drugs")).to_contain_text("4 of 4")
    expect(table.get_by_role("row", name="Firearms")).to_contain_text("2 of 4")
    expect(table.get_by_role("row", name="Fraud")).to_contain_text("1 of 4")
    expect(page.locator("#matrix tbody tr")).to_have_count(5)
    assert_accessible(page)


def test_a_reviewer_closes_unproductive_operations_in_bulk(page: Page, analyst_alice) -> None:
    today = timezone.localdate()
    drugs = ThreatFactory(id="drugs", name="Drugs")
    national_priorities_adopted(["drugs"], on=today - timedelta(days=300))
    rocu = BodyFactory(id="rocu-se", name="South East ROCU", kind=BodyKind.ROCU)
    long_ago = today - timedelta(days=400)
    OperationFactory(id="op-dormant", name="Dormant", body=rocu, opened=long_ago, threats=[drugs])
    OperationFactory(id="op-adrift", name="Adrift", body=rocu, opened=long_ago)
    busy = OperationFactory(id="op-busy", name="Busy", body=rocu, opened=long_ago, threats=[drugs])
    ActivityFactory(operation=busy, date=today - timedelta(days=3), kind="arrest")

    page.goto("/operations/")
    sign_in(page, "alice")
    page.get_by_role("link", name="Review operations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review operations")
    expect(page.get_by_role("img", name="The share of open operations")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Dormant").check()
    page.get_by_label("Adrift").check()
    page.get_by_label("Reason for closing").fill("No activity for over a year")
    page.get_by_role("button", name="Close the chosen operations").click()

    expect(page.get_by_text("2 operations closed.")).to_be_visible()
    expect(page.get_by_text("No open operation is flagged.")).to_be_visible()
    assert set(Operation.objects.filter(status="closed").values_list("pk", flat=True)) == {
        "op-dormant",
        "op-adrift",
    }
    assert AuditEvent.objects.filter(record_type="operation", action="close").count() == 2
    assert_accessible(page)
