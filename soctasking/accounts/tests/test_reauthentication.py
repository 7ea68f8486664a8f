"""Sessions end when idle or old; sensitive actions need the password given again recently."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from soctasking.accounts.models import AccessRequestStatus, CompartmentAccessRequest
from soctasking.accounts.reauthentication import CONFIRMED_AT, LAST_SEEN_AT, SIGNED_IN_AT
from soctasking.accounts.tokens import token_create
from soctasking.conftest import PASSWORD
from soctasking.testing.auth import current_code, totp_device_enrolled

pytestmark = pytest.mark.django_db

HOME = reverse("web:home")
CONFIRM = reverse("web:confirm")


def age_session(client: Client, **seconds_ago: float) -> None:
    """Move the session's clocks back: ``signed_in``, ``last_seen``, ``confirmed``."""
    keys = {"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN_AT, "confirmed": CONFIRMED_AT}
    session = client.session
    for name, ago in seconds_ago.items():
        session[keys[name]] = time.time() - ago
    session.save()


@pytest.fixture
def limits(settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    settings.SOCTASKING_SESSION_IDLE_SECONDS = 1800
    settings.SOCTASKING_REAUTHENTICATION_SECONDS = 300
    return settings


def test_a_session_idle_just_under_the_limit_goes_on(client, contributor, limits):
    client.force_login(contributor)
    age_session(client, last_seen=1790)

    assert client.get(HOME).status_code == 200


def test_a_session_idle_past_the_limit_is_signed_out_and_told_why(client, contributor, limits):
    client.force_login(contributor)
    age_session(client, last_seen=1810)

    response = client.get(HOME, follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("web:login"))
    assert "You were signed out after a while without activity" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_busy_session_still_ends_at_its_absolute_lifetime(client, contributor, limits):
    client.force_login(contributor)
    age_session(client, signed_in=8 * 3600 + 10, last_seen=5)

    response = client.get(HOME, follow=True)

    assert "Your session reached its time limit" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_a_session_just_inside_its_lifetime_goes_on(client, contributor, limits):
    client.force_login(contributor)
    age_session(client, signed_in=8 * 3600 - 10, last_seen=5)

    assert client.get(HOME).status_code == 200


def test_requests_keep_a_session_alive(client, contributor, limits):
    client.force_login(contributor)
    age_session(client, last_seen=1700)
    assert client.get(HOME).status_code == 200

    assert time.time() - client.session[LAST_SEEN_AT] < 60


def test_an_ended_session_gets_401_from_the_api(client, contributor, limits):
    client.force_login(contributor)
    age_session(client, last_seen=4000)

    assert client.get("/api/v1/bodies").status_code == 401


@pytest.fixture
def open_request(analyst):
    return CompartmentAccessRequest.objects.create(
        requester=analyst,
        compartment_id="interception",
        reason="A live operation needs the intercept product for two weeks.",
        days=7,
        status=AccessRequestStatus.REQUESTED,
        created=timezone.now(),
    )


def decide(client: Client, open_request, **headers: str):
    return client.post(
        reverse("accounts:decide", args=[open_request.pk]),
        {"decision": "approve", "note": ""},
        headers={"Referer": "http://testserver" + reverse("accounts:queue"), **headers},
    )


def test_deciding_access_just_after_signing_in_needs_no_confirmation(
    client, administrator, open_request, limits
):
    client.force_login(administrator)
    age_session(client, confirmed=290)

    decide(client, open_request)

    open_request.refresh_from_db()
    assert open_request.status == AccessRequestStatus.APPROVED


def test_deciding_access_minutes_after_signing_in_asks_for_the_password_first(
    client, administrator, open_request, limits
):
    client.force_login(administrator)
    age_session(client, confirmed=310)

    response = decide(client, open_request)

    assert response.status_code == 302
    assert response["Location"].startswith(CONFIRM + "?next=")
    assert "access%2Fqueue" in response["Location"]
    open_request.refresh_from_db()
    assert open_request.status == AccessRequestStatus.REQUESTED


def test_from_htmx_the_confirmation_page_replaces_the_whole_window(
    client, administrator, open_request, limits
):
    client.force_login(administrator)
    age_session(client, confirmed=310)

    response = decide(client, open_request, **{"HX-Request": "true"})

    assert response["HX-Redirect"].startswith(CONFIRM)
    open_request.refresh_from_db()
    assert open_request.status == AccessRequestStatus.REQUESTED


def test_the_password_and_code_again_let_the_decision_through(
    client, administrator, open_request, limits
):
    device = totp_device_enrolled(administrator)
    client.force_login(administrator)
    age_session(client, confirmed=310)
    page = client.get(CONFIRM, {"next": reverse("accounts:queue")})

    response = client.post(
        CONFIRM,
        {"password": PASSWORD, "code": current_code(device), "next": reverse("accounts:queue")},
    )
    decide(client, open_request)

    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert response["Location"] == reverse("accounts:queue")
    open_request.refresh_from_db()
    assert open_request.status == AccessRequestStatus.APPROVED


def test_a_wrong_password_at_confirmation_is_refused_and_named(
    client, administrator, open_request, limits
):
    client.force_login(administrator)
    age_session(client, confirmed=310)

    response = client.post(CONFIRM, {"password": "not it", "code": "123456"})

    assert response.status_code == 400
    assert '<a href="#id_password">Enter your correct password.' in response.content.decode()
    decide(client, open_request)
    open_request.refresh_from_db()
    assert open_request.status == AccessRequestStatus.REQUESTED


def test_the_right_password_with_a_wrong_code_is_refused(client, administrator, limits):
    totp_device_enrolled(administrator)
    client.force_login(administrator)
    age_session(client, confirmed=310)

    response = client.post(CONFIRM, {"password": PASSWORD, "code": "000000"})

    assert response.status_code == 400
    assert '<a href="#id_code">That code is not right.' in response.content.decode()


def test_a_user_without_a_second_factor_confirms_with_the_password_alone(
    client, contributor, limits
):
    client.force_login(contributor)
    age_session(client, confirmed=310)

    page = client.get(CONFIRM)
    response = client.post(CONFIRM, {"password": PASSWORD, "next": "/bodies/"})

    assert "one-time-code" not in page.content.decode()
    assert response["Location"] == "/bodies/"


def test_the_api_refuses_a_stale_session_a_decision_naming_where_to_confirm(
    client, administrator, open_request, limits
):
    client.force_login(administrator)
    age_session(client, confirmed=310)

    response = client.post(
        f"/api/v1/access-requests/{open_request.pk}/decision",
        {"approve": True},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert CONFIRM in response.json()["detail"]
    open_request.refresh_from_db()
    assert open_request.status == AccessRequestStatus.REQUESTED


def test_a_bearer_token_decides_without_confirming(client, administrator, open_request, limits):
    _, raw = token_create(user=administrator, acting_user=None)

    response = Client().post(
        f"/api/v1/access-requests/{open_request.pk}/decision",
        {"approve": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 200


def test_a_stale_session_may_not_load_a_bundle_through_the_api(client, administrator, limits):
    client.force_login(administrator)
    age_session(client, confirmed=310)

    response = client.post("/api/v1/bundles", "{}", content_type="application/json")

    assert response.status_code == 403
    assert "password given again" in response.json()["detail"]


def test_a_stale_session_may_not_escalate_through_the_api(client, analyst, limits):
    client.force_login(analyst)
    age_session(client, confirmed=310)

    response = client.post(
        "/api/v1/escalations",
        {"requirement": "x", "body": "y"},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_a_stale_session_may_not_escalate_through_the_page(client, analyst, rocu, limits):
    client.force_login(analyst)
    age_session(client, confirmed=310)

    response = client.post(reverse("timetable:escalate", args=[rocu.pk]), {"requirement": "x"})

    assert response["Location"].startswith(CONFIRM)


def test_a_change_in_the_admin_needs_the_password_given_recently(
    client, administrator, contributor, limits
):
    administrator.is_staff = True
    administrator.is_superuser = True
    administrator.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(administrator)
    age_session(client, confirmed=310)
    change = reverse("admin:accounts_user_change", args=[contributor.pk])

    response = client.post(change, {"clearance": "top-secret"})

    assert response["Location"].startswith(CONFIRM)
    contributor.refresh_from_db()
    assert contributor.clearance == "official-sensitive"
    assert client.get(change).status_code == 200
