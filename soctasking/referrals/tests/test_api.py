"""The referrals API under /api/v1/: list, read, refer, route, own, decide, withdraw."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from soctasking.accounts.tokens import token_create
from soctasking.referrals.models import Referral
from soctasking.testing.factories import ReferralFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def bearer(user, scopes=("read", "tasking")):
    _, raw = token_create(user=user, acting_user=user, scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Client, path: str, body: dict, headers: dict):
    return client.post(f"{API}{path}", body, content_type="application/json", **headers)


def test_a_region_refers_through_the_api_and_reads_where_it_stands(client, contributor):
    headers = bearer(contributor)

    made = post(
        client,
        "/referrals",
        {
            "id": "nw-api-1",
            "subject": "Support for a kidnap",
            "kind": "support",
            "detail": "Negotiators needed tonight.",
            "urgent": True,
        },
        headers,
    )
    read = client.get(f"{API}/referrals/nw-api-1", **headers).json()

    assert made.status_code == 201
    assert read["route"] == "urgent"
    assert read["service_level"]["allowed_days"] == 2
    assert read["service_level"]["awaiting_decision"] is True
    assert [step["kind"] for step in read["history"]] == ["submitted"]


def test_bad_input_answers_422_naming_each_field(client, contributor):
    response = post(client, "/referrals", {"id": "Nope", "kind": "favour"}, bearer(contributor))

    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"id", "subject", "kind", "detail"}
    assert not Referral.objects.exists()


def test_a_token_without_the_tasking_scope_cannot_refer(client, contributor):
    response = post(client, "/referrals", {}, bearer(contributor, scopes=("read",)))

    assert response.status_code == 403
    assert "tasking" in response.json()["detail"]


def test_the_chair_owns_and_decides_and_a_second_decision_is_a_conflict(client, chair, rocu):
    ReferralFactory(id="kestrel", from_body=rocu, submitted=date(2017, 6, 1))
    headers = bearer(chair)

    owned = post(client, "/referrals/kestrel/owner", {"owner": "chris"}, headers)
    decided = post(
        client,
        "/referrals/kestrel/decision",
        {"decision": "accepted", "reasons": "Taken on by the national agency."},
        headers,
    )
    again = post(
        client, "/referrals/kestrel/decision", {"decision": "declined", "reasons": "No"}, headers
    )

    assert owned.json()["owner"] == "chris"
    assert decided.status_code == 200
    assert decided.json()["status"] == "accepted"
    assert decided.json()["decision_reasons"] == "Taken on by the national agency."
    assert again.status_code == 409


def test_routing_to_a_quarterly_group_is_refused_by_field(client, secretariat, rocu):
    ReferralFactory(id="kestrel", from_body=rocu)

    response = post(client, "/referrals/kestrel/route", {"route": "nttcg"}, bearer(secretariat))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "route"


def test_a_contributor_may_not_decide_and_another_region_sees_nothing(
    client, contributor, outsider, rocu
):
    ReferralFactory(id="kestrel", from_body=rocu)
    decision = {"decision": "accepted", "reasons": "Yes"}

    own = post(client, "/referrals/kestrel/decision", decision, bearer(contributor))
    other = post(client, "/referrals/kestrel/decision", decision, bearer(outsider))
    listed = client.get(f"{API}/referrals", **bearer(outsider)).json()

    assert own.status_code == 403
    assert other.status_code == 404
    assert client.get(f"{API}/referrals/kestrel", **bearer(outsider)).status_code == 404
    assert listed == {"items": [], "count": 0}


def test_the_list_filters_to_late_referrals_and_paginates(client, analyst):
    for number in range(3):
        ReferralFactory(id=f"late-{number}", submitted=date(2017, 1, 2))
    ReferralFactory(id="decided", status="declined", decided=date(2017, 5, 2))

    late = client.get(f"{API}/referrals", {"late": "true"}, **bearer(analyst)).json()

    assert late["count"] == 3
    assert all(item["service_level"]["late"] for item in late["items"])
