"""The governance API's writes and the assurance report: groups set up and changed, plans
drafted, approved and versioned, progress reported and routed, assurance recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.accounts.tokens import token_create
from soctasking.bodies.models import Body
from soctasking.governance.models import ActionPlan, GovernanceGroup, ProgressReport
from soctasking.meetings.models import Decision
from soctasking.testing.factories import (
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def bearer(user: User, *scopes: str) -> dict[str, str]:
    _, raw = token_create(user=user, acting_user=None, scopes=scopes or None)
    return {"Authorization": f"Bearer {raw}"}


def post(client: Client, path: str, body: dict[str, Any], user: User) -> Any:
    return client.post(
        f"/api/v1{path}", body, content_type="application/json", headers=bearer(user)
    )


def test_the_secretariat_sets_up_a_group_and_reads_it_back(
    client: Client, secretariat: User, national_unit: Body, rocu: Body
) -> None:
    ThreatFactory(id="cyber-crime", name="Cyber crime")

    answer = post(
        client,
        "/governance-groups",
        {
            "id": "sgg-cyber",
            "name": "Cyber governance group",
            "kind": "sgg",
            "theme": "prosperity",
            "status": "active",
            "chair": "nac",
            "members": ["rocu-north-west"],
            "threats": ["cyber-crime"],
            "new_series_cadence": "quarterly",
        },
        secretariat,
    )

    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["id"], body["kind"], body["chair"], body["members"]) == (
        "sgg-cyber",
        "sgg",
        "nac",
        ["rocu-north-west"],
    )
    assert [one["series"] for one in body["series"]] == ["sgg-cyber-meetings"]
    assert body["last_sitting"] is None
    read = client.get("/api/v1/governance-groups/sgg-cyber", headers=bearer(secretariat, "read"))
    assert read.json()["threats"] == ["cyber-crime"]


def test_a_group_changed_with_a_disbanded_parent_is_422_naming_the_field(
    client: Client, secretariat: User
) -> None:
    GovernanceGroupFactory(id="board", kind="board", status="disbanded")
    GovernanceGroupFactory(id="tg", kind="threat_group", name="Before")

    answer = client.put(
        "/api/v1/governance-groups/tg",
        {"name": "After", "kind": "threat_group", "parent": "board"},
        content_type="application/json",
        headers=bearer(secretariat),
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "parent"
    assert GovernanceGroup.objects.get(pk="tg").name == "Before"


def test_an_analyst_cannot_set_up_a_group(client: Client, analyst: User) -> None:
    answer = post(client, "/governance-groups", {"name": "G", "kind": "sgg"}, analyst)

    assert answer.status_code == 403
    assert not GovernanceGroup.objects.exists()


def test_writing_needs_the_governance_scope(client: Client, secretariat: User) -> None:
    answer = client.post(
        "/api/v1/governance-groups",
        {"name": "G", "kind": "sgg"},
        content_type="application/json",
        headers=bearer(secretariat, "read"),
    )

    assert answer.status_code == 403
    assert "governance" in answer.json()["detail"]


def test_a_plan_s_whole_journey_through_the_api(
    client: Client, chair: User, national_unit: Body, rocu: Body
) -> None:
    ThreatFactory(id="fraud")
    GovernanceGroupFactory(id="sgg-fraud", status="active", chair=national_unit)
    nttcg = MeetingSeriesFactory(id="nttcg", kind="nttcg", chair=national_unit)
    MeetingFactory(
        id="nttcg-next", series=nttcg, date=TODAY + timedelta(days=14), status="scheduled"
    )

    created = post(
        client, "/governance-groups/sgg-fraud/action-plans", {"threats": ["fraud"]}, chair
    )
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    assert created.json()["draft"] is True
    added = post(
        client,
        f"/action-plans/{plan_id}/actions",
        {
            "text": "Warn the public.",
            "strand": "protect",
            "owner": "rocu-north-west",
            "due": (TODAY + timedelta(days=60)).isoformat(),
            "threats": ["fraud"],
        },
        chair,
    )
    assert added.status_code == 201, added.content
    approved = post(client, f"/action-plans/{plan_id}/approval", {}, chair)
    assert approved.status_code == 201
    assert approved.json()["approved"] == TODAY.isoformat()
    frozen = post(
        client,
        f"/action-plans/{plan_id}/actions",
        {"text": "More.", "strand": "pursue", "owner": "nac", "due": TODAY.isoformat()},
        chair,
    )
    assert frozen.status_code == 422
    assert frozen.json()["errors"][0]["field"] == "plan"

    reported = post(
        client,
        f"/action-plans/{plan_id}/reports",
        {"rating": "green", "narrative": "On track."},
        chair,
    )

    assert reported.status_code == 201, reported.content
    assert reported.json()["to_meeting"] == "nttcg-next"
    assert "nttcg-next" in reported.json()["routing"]
    version = post(client, f"/action-plans/{plan_id}/versions", {}, chair)
    assert version.status_code == 201
    assert (version.json()["version"], version.json()["supersedes"]) == (2, plan_id)

    report = client.get("/api/v1/meetings/nttcg-next/assurance-report", headers=bearer(chair))
    assert report.status_code == 200
    row = report.json()["plans"][0]
    assert (row["plan"], row["ratings"], row["trend"], row["reported_to_this_sitting"]) == (
        plan_id,
        ["green"],
        "first report",
        True,
    )
    recorded = post(
        client,
        "/meetings/nttcg-next/assurance",
        {"outcome": "given", "statement": "The plans are on track."},
        chair,
    )
    assert recorded.status_code == 201, recorded.content
    assert Decision.objects.get(pk=recorded.json()["decision"]).meeting_id == "nttcg-next"


def test_a_rating_outside_rag_is_422_and_nothing_is_stored(
    client: Client, secretariat: User, rocu: Body
) -> None:
    GovernanceGroupFactory(id="sgg", status="active")
    plan = ActionPlan.objects.create(id="sap", group_id="sgg", approved=TODAY)

    answer = post(
        client,
        f"/action-plans/{plan.id}/reports",
        {"rating": "purple", "narrative": "x"},
        secretariat,
    )

    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "rating", "message": "'purple' is not one of: red, amber, green"}
    ]
    assert not ProgressReport.objects.exists()


def test_a_report_with_no_nttcg_scheduled_says_so(client: Client, secretariat: User) -> None:
    GovernanceGroupFactory(id="sgg", status="active")
    ActionPlan.objects.create(id="sap", group_id="sgg", approved=TODAY)

    answer = post(
        client, "/action-plans/sap/reports", {"rating": "red", "narrative": "x"}, secretariat
    )

    assert answer.status_code == 201
    assert answer.json()["to_meeting"] is None
    assert "No NTTCG sitting is scheduled" in answer.json()["routing"]


def test_a_plan_for_a_disbanded_group_is_422(client: Client, secretariat: User) -> None:
    ThreatFactory(id="fraud")
    GovernanceGroupFactory(id="gone", status="disbanded")

    answer = post(
        client, "/governance-groups/gone/action-plans", {"threats": ["fraud"]}, secretariat
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "group"
    assert not ActionPlan.objects.exists()


def test_unknown_ids_are_404(client: Client, secretariat: User) -> None:
    assert (
        post(
            client, "/governance-groups/none/action-plans", {"threats": []}, secretariat
        ).status_code
        == 404
    )
    assert post(client, "/action-plans/none/versions", {}, secretariat).status_code == 404
    assert (
        client.get(
            "/api/v1/meetings/none/assurance-report", headers=bearer(secretariat)
        ).status_code
        == 404
    )
    assert (
        client.get("/api/v1/governance-groups/none", headers=bearer(secretariat)).status_code == 404
    )
