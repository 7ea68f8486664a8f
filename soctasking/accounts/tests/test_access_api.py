"""The access-request API: asking, listing, deciding, and each refusal's status."""

from __future__ import annotations

import pytest

from soctasking.accounts.models import AccessRequestStatus, Compartment, CompartmentAccessRequest
from soctasking.accounts.services import access_request_create
from soctasking.accounts.tokens import token_create
from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

REASON = "Corroborating source reporting for operation Nightjar"
URL = "/api/v1/access-requests"


def ask(analyst) -> CompartmentAccessRequest:
    return access_request_create(
        requester=analyst,
        compartment=Compartment.objects.get(code="chis"),
        reason=REASON,
        days=5,
    )


def test_a_user_asks_for_access_and_sees_their_request(client, analyst):
    client.force_login(analyst)

    response = client.post(
        URL, {"compartment": "chis", "reason": REASON, "days": 5}, content_type="application/json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["requester"], body["compartment"], body["status"], body["grant"]) == (
        "alice",
        "chis",
        "requested",
        None,
    )
    listed = client.get(URL).json()
    assert [r["id"] for r in listed] == [body["id"]]


def test_a_bad_request_is_422_naming_each_field(client, analyst):
    client.force_login(analyst)
    ask(analyst)

    response = client.post(
        URL, {"compartment": "chis", "reason": "need", "days": 91}, content_type="application/json"
    )

    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == [
        "compartment",
        "days",
        "reason",
    ]


def test_an_unknown_compartment_is_422(client, analyst):
    client.force_login(analyst)
    response = client.post(
        URL, {"compartment": "tarot", "reason": REASON, "days": 5}, content_type="application/json"
    )
    assert response.status_code == 422


def test_an_administrator_approves_and_the_report_becomes_visible(client, analyst, administrator):
    SubmissionFactory(
        title="Source reporting on Nightjar", classification="secret", compartments=["chis"]
    )
    access_request = ask(analyst)
    _, raw = token_create(user=administrator, acting_user=administrator)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    awaiting = client.get(URL, {"scope": "awaiting"}, **bearer).json()
    response = client.post(
        f"{URL}/{access_request.pk}/decision",
        {"approve": True, "note": "For Nightjar"},
        content_type="application/json",
        **bearer,
    )

    assert [r["id"] for r in awaiting] == [access_request.pk]
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["grant"]["expires"]
    client.force_login(analyst)
    assert "Source reporting on Nightjar" in client.get("/intelligence/").content.decode()


def test_deciding_twice_is_422(client, analyst, administrator):
    access_request = ask(analyst)
    client.force_login(administrator)
    url = f"{URL}/{access_request.pk}/decision"
    client.post(url, {"approve": False}, content_type="application/json")

    response = client.post(url, {"approve": True}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_a_requester_deciding_their_own_request_is_403(client, analyst):
    access_request = ask(analyst)
    client.force_login(analyst)

    response = client.post(
        f"{URL}/{access_request.pk}/decision", {"approve": True}, content_type="application/json"
    )

    assert response.status_code == 403
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REQUESTED


@pytest.mark.parametrize(
    "persona", ["secretariat", "chair", "inspector", "contributor", "outsider"]
)
def test_someone_who_may_not_decide_gets_404_and_changes_nothing(client, request, analyst, persona):
    access_request = ask(analyst)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        f"{URL}/{access_request.pk}/decision", {"approve": True}, content_type="application/json"
    )

    assert response.status_code == 404
    assert client.get(URL, {"scope": "awaiting"}).json() == []
    assert not AuditEvent.objects.filter(action="approve").exists()


def test_an_unknown_request_is_404(client, administrator):
    client.force_login(administrator)
    response = client.post(f"{URL}/0/decision", {"approve": True}, content_type="application/json")
    assert response.status_code == 404


def test_anonymous_callers_are_refused(client):
    assert client.get(URL).status_code == 401
