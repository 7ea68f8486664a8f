"""Every add, change and delete made through the admin site is on the trail, with who made it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.accounts.models import Role
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Submission
from soctasking.testing.factories import BodyFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


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


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def body_form(**fields: str) -> dict[str, str]:
    return {"id": "force-dorset", "name": "Dorset Police", "kind": "police_force", **fields}


def test_adding_a_record_in_the_admin_is_audited_with_the_administrator(admin_client):
    response = admin_client.post(reverse("admin:bodies_body_add"), body_form())

    assert response.status_code == 302
    assert Body.objects.filter(pk="force-dorset").exists()
    [event] = events("admin_add")
    assert (event.actor_name, event.record_type, event.record_id) == (
        "root",
        "bodies.body",
        "force-dorset",
    )


def test_changing_a_record_in_the_admin_records_the_fields_changed(admin_client):
    BodyFactory(id="force-dorset", name="Dorset Police", kind="police_force")

    admin_client.post(
        reverse("admin:bodies_body_change", args=["force-dorset"]),
        body_form(name="Dorset Constabulary"),
    )

    [event] = events("admin_change")
    assert event.actor_name == "root"
    assert event.record_id == "force-dorset"
    assert event.detail == {"change": [{"changed": {"fields": ["Name"]}}]}


def test_deleting_a_record_in_the_admin_is_audited(admin_client):
    BodyFactory(id="force-dorset", name="Dorset Police")

    admin_client.post(reverse("admin:bodies_body_delete", args=["force-dorset"]), {"post": "yes"})

    assert not Body.objects.filter(pk="force-dorset").exists()
    [event] = events("admin_delete")
    assert (event.actor_name, event.record_type, event.record_id) == (
        "root",
        "bodies.body",
        "force-dorset",
    )


def test_deleting_several_selected_records_audits_each(admin_client):
    BodyFactory(id="force-a")
    BodyFactory(id="force-b")

    admin_client.post(
        reverse("admin:bodies_body_changelist"),
        {"action": "delete_selected", "_selected_action": ["force-a", "force-b"], "post": "yes"},
    )

    assert not Body.objects.filter(pk__in=["force-a", "force-b"]).exists()
    assert sorted(e.record_id for e in events("admin_delete")) == ["force-a", "force-b"]


def test_a_submission_changed_in_the_admin_leaves_its_title_off_the_trail(admin_client):
    submission = SubmissionFactory(title="Nightjar landing at Felixstowe", classification="secret")

    admin_client.post(
        reverse("admin:intelligence_submission_delete", args=[submission.pk]), {"post": "yes"}
    )

    assert not Submission.objects.filter(pk=submission.pk).exists()
    [event] = events("admin_delete")
    assert "Nightjar" not in str(event.detail)


def test_a_user_added_in_the_admin_is_recorded_once_as_create_user(admin_client):
    admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "dana",
            "password1": "vellum otter quarry lantern",
            "password2": "vellum otter quarry lantern",
            "usable_password": "true",
            "body": "nac",
            "role": "analyst",
            "clearance": "secret",
        },
    )

    assert [e.action for e in AuditEvent.objects.filter(record_id="dana")] == ["create"]
