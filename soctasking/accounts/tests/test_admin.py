from __future__ import annotations

import json

import pytest
from django.urls import reverse

from soctasking.accounts.models import ApiToken, Compartment, Role, User
from soctasking.accounts.tokens import token_authenticate, token_create
from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "vellum otter quarry lantern"


@pytest.fixture
def admin_client(client, national_unit):
    client.force_login(
        UserFactory(
            username="root",
            body=national_unit,
            role=Role.ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
        )
    )
    return client


def test_adding_a_user_in_the_admin_is_audited_without_the_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "dana",
            "password1": STRONG,
            "password2": STRONG,
            "usable_password": "true",
            "body": "nac",
            "role": "analyst",
            "clearance": "secret",
            "compartments": ["chis"],
        },
    )

    assert response.status_code == 302
    dana = User.objects.get(username="dana")
    assert (dana.body_id, dana.role, dana.clearance) == ("nac", "analyst", "secret")
    event = AuditEvent.objects.get(record_type="user")
    assert (event.actor_name, event.action, event.record_id) == ("root", "create", "dana")
    assert event.detail == {
        "username": "dana",
        "body": "nac",
        "role": "analyst",
        "clearance": "secret",
        "compartments": ["chis"],
    }
    assert STRONG not in json.dumps(event.detail)


def test_changing_a_password_in_the_admin_is_audited_as_the_fact_alone(admin_client, analyst):
    new_password = "quartz meadow ferry signal"

    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[analyst.pk]),
        {"password1": new_password, "password2": new_password, "usable_password": "true"},
    )

    assert response.status_code == 302
    analyst.refresh_from_db()
    assert analyst.check_password(new_password)
    event = AuditEvent.objects.get(record_type="user")
    assert (event.actor_name, event.record_id, event.detail) == (
        "root",
        "alice",
        {"password_changed": True},
    )


def test_the_admin_cannot_add_a_token_but_can_revoke_one(admin_client, analyst):
    token, raw = token_create(user=analyst, acting_user=None)

    refused = admin_client.get(reverse("admin:accounts_apitoken_add"))
    revoked = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert refused.status_code == 403
    assert revoked.status_code == 302
    assert ApiToken.objects.get().revoked is not None
    assert token_authenticate(raw=raw) is None
    assert AuditEvent.objects.get(action="revoke").actor_name == "root"


def test_letting_chairs_authorise_a_compartment_is_set_in_the_admin_and_audited(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_compartment_change", args=["chis"]),
        {"name": "Covert human intelligence sources", "chairs_may_authorise": "on"},
    )

    assert response.status_code == 302
    assert Compartment.objects.get(code="chis").chairs_may_authorise
    event = AuditEvent.objects.get(record_type="compartment")
    assert (event.actor_name, event.action, event.record_id) == ("root", "update", "chis")
    assert event.detail == {"chairs_may_authorise": True}
