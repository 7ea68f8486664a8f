"""The access pages: asking, your access, the authoriser's queue, and who may use each."""

from __future__ import annotations

import pytest

from soctasking.accounts.models import AccessRequestStatus, Compartment, CompartmentAccessRequest
from soctasking.accounts.services import access_request_create, access_request_decide
from soctasking.testing.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

REASON = "Corroborating source reporting for operation Nightjar"
PERSONAS = [
    "analyst",
    "contributor",
    "secretariat",
    "chair",
    "inspector",
    "administrator",
    "outsider",
    "uncleared",
    "chis_analyst",
]


def ask(user) -> CompartmentAccessRequest:
    return access_request_create(
        requester=user, compartment=Compartment.objects.get(code="chis"), reason=REASON, days=5
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_user_sees_their_access_and_may_ask(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/access/").status_code == 200
    assert client.get("/access/request/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ["/access/", "/access/request/", "/access/queue/"]:
        assert client.get(path).status_code == 302


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("administrator", True),
        ("analyst", False),
        ("contributor", False),
        ("secretariat", False),
        ("chair", False),
        ("inspector", False),
        ("outsider", False),
        ("uncleared", False),
        ("chis_analyst", False),
    ],
)
def test_only_authorisers_see_the_queue(client, request, persona, allowed):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/access/queue/").status_code == (200 if allowed else 403)


def test_asking_offers_only_compartments_not_held(client, chis_analyst):
    client.force_login(chis_analyst)
    page = client.get("/access/request/").content.decode()
    assert 'value="interception"' in page
    assert 'value="chis"' not in page


def test_a_request_is_sent_from_the_form(client, analyst):
    client.force_login(analyst)

    response = client.post(
        "/access/request/", {"compartment": "chis", "reason": REASON, "days": "7"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/access/"
    access_request = CompartmentAccessRequest.objects.get(requester=analyst)
    assert (access_request.compartment_id, access_request.days) == ("chis", 7)
    assert "Your request for chis was sent." in response.content.decode()


def test_a_bad_form_shows_each_error_beside_its_field(client, analyst):
    client.force_login(analyst)

    response = client.post("/access/request/", {"compartment": "chis", "reason": "x", "days": "0"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_days"' in page
    assert 'href="#id_reason"' in page
    assert not CompartmentAccessRequest.objects.exists()


def test_the_service_refusal_of_a_meaningless_reason_is_shown_on_the_form(client, analyst):
    client.force_login(analyst)
    response = client.post(
        "/access/request/", {"compartment": "chis", "reason": "need it", "days": "3"}
    )
    assert response.status_code == 400
    assert 'id="id_reason-error"' in response.content.decode()


def test_an_authoriser_approves_in_one_click_and_the_report_shows(client, analyst, administrator):
    SubmissionFactory(
        title="Source reporting on Nightjar", classification="secret", compartments=["chis"]
    )
    access_request = ask(analyst)
    client.force_login(administrator)
    assert "alice asks for chis for 5 days" in client.get("/access/queue/").content.decode()

    response = client.post(
        f"/access/requests/{access_request.pk}/decision/",
        {"decision": "approve", "note": ""},
        follow=True,
    )

    assert "You approved alice&#x27;s request for chis." in response.content.decode()
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.APPROVED
    client.force_login(analyst)
    assert "Source reporting on Nightjar" in client.get("/intelligence/").content.decode()
    assert "In force" in client.get("/access/").content.decode()


def test_refusing_records_the_note_for_the_requester(client, analyst, administrator):
    access_request = ask(analyst)
    client.force_login(administrator)
    client.post(
        f"/access/requests/{access_request.pk}/decision/",
        {"decision": "refuse", "note": "Ask your team leader first"},
    )
    client.force_login(analyst)
    page = client.get("/access/").content.decode()
    assert "Refused by ada" in page
    assert "Ask your team leader first" in page


def test_a_decision_must_be_posted(client, analyst, administrator):
    access_request = ask(analyst)
    client.force_login(administrator)
    assert client.get(f"/access/requests/{access_request.pk}/decision/").status_code == 405


@pytest.mark.parametrize("persona", ["chair", "secretariat", "chis_analyst", "outsider"])
def test_a_non_authoriser_posting_a_decision_gets_404(client, request, analyst, persona):
    access_request = ask(analyst)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        f"/access/requests/{access_request.pk}/decision/", {"decision": "approve"}
    )
    assert response.status_code == 404
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REQUESTED


def test_the_requester_posting_their_own_decision_gets_403(client, analyst):
    access_request = ask(analyst)
    client.force_login(analyst)
    response = client.post(
        f"/access/requests/{access_request.pk}/decision/", {"decision": "approve"}
    )
    assert response.status_code == 403


def test_a_requester_withdraws_and_an_authoriser_revokes(client, analyst, administrator):
    withdrawn = ask(analyst)
    client.force_login(analyst)
    client.post(f"/access/requests/{withdrawn.pk}/withdraw/")
    withdrawn.refresh_from_db()
    assert withdrawn.status == AccessRequestStatus.WITHDRAWN

    grant = access_request_decide(
        request=ask(analyst), authoriser=administrator, approve=True
    ).grant
    client.force_login(administrator)
    client.post(f"/access/grants/{grant.pk}/revoke/")
    grant.refresh_from_db()
    assert grant.revoked is not None


def test_from_htmx_the_outcome_replaces_the_card(client, analyst, administrator):
    access_request = ask(analyst)
    client.force_login(administrator)

    response = client.post(
        f"/access/requests/{access_request.pk}/decision/",
        {"decision": "refuse"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="status"' in page
    assert "You refused alice&#x27;s request for chis." in page
    assert "<html" not in page
