"""The operations pages: register, record, recording activity and disruptions, the review."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.operations.models import Disruption, Operation
from soctasking.testing.factories import (
    ActivityFactory,
    CovertAuthorityFactory,
    DisruptionFactory,
    OperationFactory,
    ThreatFactory,
    national_priorities_adopted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(rocu):
    """Drugs the priority from April 2017; Nightjar against it, Kestrel against nothing."""
    drugs = ThreatFactory(id="drugs", name="Drugs")
    national_priorities_adopted(["drugs"], on=date(2017, 4, 1))
    nightjar = OperationFactory(
        id="op-nightjar", name="Nightjar", body=rocu, opened=date(2017, 1, 5), threats=[drugs]
    )
    ActivityFactory(operation=nightjar, date=date(2017, 9, 1), kind="arrest")
    CovertAuthorityFactory(id="auth-1", operation=nightjar, granted=date(2017, 9, 1))
    DisruptionFactory(operation=nightjar, date=date(2017, 6, 1), level="major", charges=3)
    OperationFactory(id="op-kestrel", name="Kestrel", body=rocu, opened=date(2017, 2, 1))
    return nightjar


def test_the_register_lists_filters_and_shows_the_priority_share(client, analyst, picture):
    client.force_login(analyst)

    page = client.get(reverse("operations:register"), {"threat": "drugs"}).content.decode()

    assert "Nightjar" in page
    assert "Kestrel</a></th>" not in page
    assert 'id="priority-share"' in page
    assert 'id="disruptions"' in page


def test_the_detail_page_shows_the_log_authorities_and_disruptions(client, inspector, picture):
    client.force_login(inspector)

    page = client.get(reverse("operations:detail", args=["op-nightjar"])).content.decode()

    assert "Arrest" in page
    assert "never used" in page
    assert "Major" in page
    assert "Record a disruption" not in page


def test_an_analyst_records_an_operation_and_its_activity(client, analyst, rocu):
    ThreatFactory(id="drugs", name="Drugs")
    client.force_login(analyst)

    response = client.post(
        reverse("operations:new"),
        {
            "id": "op-owl",
            "name": "Owl",
            "body": rocu.pk,
            "opened": "2017-03-01",
            "threats": ["drugs"],
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("operations:activity_add", args=["op-owl"]),
        {"date": "2017-03-02", "kind": "search", "note": "Premises searched"},
    )

    assert Operation.objects.get(pk="op-owl").activity.get().note == "Premises searched"


def test_a_use_of_an_authority_before_its_grant_is_named_on_the_page(client, analyst, picture):
    client.force_login(analyst)

    response = client.post(
        reverse("operations:authority_use", args=["auth-1"]), {"date": "2017-08-01"}
    )

    assert response.status_code == 422
    assert "it cannot be used before" in response.content.decode()


def test_a_disruption_with_convictions_above_charges_is_refused_by_field(client, analyst, picture):
    client.force_login(analyst)

    response = client.post(
        reverse("operations:disruption_new", args=["op-nightjar"]),
        {
            "date": "2016-01-01",
            "level": "minor",
            "charges": "1",
            "convictions": "2",
            "cash_gbp": "-5",
        },
    )

    page = response.content.decode()
    assert '<a href="#id_convictions">Convictions (2) cannot be more than charges (1).</a>' in page
    assert '<a href="#id_date">The disruption is dated before its operation opened' in page
    assert (
        '<a href="#id_cash_gbp">Cash seized (GBP) cannot be negative; enter 0 or more.</a>' in page
    )
    assert Disruption.objects.count() == 1


def test_a_disruption_is_recorded_from_its_page(client, analyst, picture):
    client.force_login(analyst)

    response = client.post(
        reverse("operations:disruption_new", args=["op-nightjar"]),
        {"date": "2017-07-01", "level": "moderate", "threats": ["drugs"], "arrests": "2"},
    )

    assert response.status_code == 302
    assert Disruption.objects.filter(operation=picture, level="moderate", arrests=2).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("analyst", 200), ("administrator", 200), ("contributor", 404), ("inspector", 404)],
)
def test_only_the_review_team_reaches_the_review(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("operations:review")).status_code == status


def test_the_review_lists_the_flagged_operations_and_charts_the_share(client, analyst, picture):
    client.force_login(analyst)

    response = client.get(reverse("operations:review"))

    page = response.content.decode()
    flagged = {row.operation: [f.code for f in row.findings] for row in response.context["rows"]}
    assert flagged["op-kestrel"][:1] == ["OPS001"]
    assert '<svg role="img" aria-labelledby="share-title"' in page
    assert 'id="share"' in page


def test_a_reviewer_closes_flagged_operations_in_bulk_with_a_reason(client, analyst, picture):
    client.force_login(analyst)
    as_of = client.get(reverse("operations:review")).context["as_of"]

    response = client.post(
        reverse("operations:review"),
        {"operations": ["op-kestrel"], "reason": "Linked to no threat", "closed_on": as_of},
    )

    assert response.status_code == 302
    kestrel = Operation.objects.get(pk="op-kestrel")
    assert (kestrel.status, kestrel.closed, kestrel.closure_reason) == (
        "closed",
        as_of,
        "Linked to no threat",
    )
    assert AuditEvent.objects.filter(record_id="op-kestrel", action="close").exists()


def test_closing_without_a_reason_or_a_choice_names_both(client, analyst, picture):
    client.force_login(analyst)

    page = client.post(reverse("operations:review"), {"closed_on": "2017-09-30"}).content.decode()

    assert "Choose at least one operation to close" in page
    assert "Give the reason for closing, for the audit trail" in page
    assert Operation.objects.filter(status="open").count() == 2
