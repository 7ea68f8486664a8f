"""The operations API: the register, one operation, recording, and closing in bulk."""

from __future__ import annotations

from datetime import date

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.operations.models import Disruption, Operation
from soctasking.testing.factories import CovertAuthorityFactory, OperationFactory, ThreatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nightjar(rocu):
    return OperationFactory(
        id="op-nightjar",
        name="Nightjar",
        body=rocu,
        opened=date(2017, 1, 5),
        threats=[ThreatFactory(id="drugs")],
    )


def bearer(user, scopes):
    _, raw = token_create(user=user, acting_user=user, scopes=scopes)
    return {"Authorization": f"Bearer {raw}"}


def test_the_register_and_one_operation_read_back(client, inspector, nightjar):
    CovertAuthorityFactory(id="auth-1", operation=nightjar)
    headers = bearer(inspector, ["read"])

    listed = client.get("/api/v1/operations", {"threat": "drugs"}, headers=headers).json()
    one = client.get("/api/v1/operations/op-nightjar", headers=headers).json()

    assert [item["id"] for item in listed["items"]] == ["op-nightjar"]
    assert one["threats"] == ["drugs"]
    assert [a["id"] for a in one["covert_authorities"]] == ["auth-1"]
    assert client.get("/api/v1/operations/nope", headers=headers).status_code == 404


def test_an_inconsistent_disruption_answers_422_naming_each_field(client, analyst, nightjar):
    response = client.post(
        "/api/v1/operations/op-nightjar/disruptions",
        {
            "date": "2016-12-01",
            "level": "major",
            "outcomes": {"charges": 1, "convictions": 2, "assets_denied_gbp": -10},
        },
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert response.status_code == 422
    assert sorted(error["field"] for error in response.json()["errors"]) == [
        "assets_denied_gbp",
        "convictions",
        "date",
    ]
    assert not Disruption.objects.exists()


def test_a_disruption_answers_201_with_its_outcomes(client, analyst, nightjar):
    response = client.post(
        "/api/v1/operations/op-nightjar/disruptions",
        {"date": "2017-06-01", "level": "minor", "threats": ["drugs"], "outcomes": {"arrests": 1}},
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert response.status_code == 201
    assert response.json()["outcomes"]["arrests"] == 1


def test_a_use_of_an_unknown_authority_answers_404(client, analyst):
    response = client.post(
        "/api/v1/covert-authorities/nope/uses",
        {"date": "2017-06-01"},
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert response.status_code == 404


def test_bulk_close_is_for_the_review_team_and_answers_the_closed(
    client, analyst, contributor, nightjar
):
    body = {"operations": ["op-nightjar"], "reason": "Unproductive", "closed_on": "2017-09-30"}

    refused = client.post(
        "/api/v1/operations/close",
        body,
        content_type="application/json",
        headers=bearer(contributor, ["response"]),
    )
    closed = client.post(
        "/api/v1/operations/close",
        body,
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert refused.status_code == 403
    assert closed.status_code == 200
    assert closed.json()[0]["status"] == "closed"
    assert Operation.objects.get(pk="op-nightjar").closure_reason == "Unproductive"
