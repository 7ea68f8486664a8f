from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from soctasking.accounts.models import User
from soctasking.accounts.selectors import users_list
from soctasking.accounts.services import user_create, user_update
from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import BodyFactory

pytestmark = pytest.mark.django_db

STRONG = "vellum otter quarry lantern"


def create(**overrides):
    arguments = {
        "username": "dana",
        "body": "nac",
        "role": "analyst",
        "clearance": "secret",
        "compartments": ["chis"],
        "password": STRONG,
        "acting_user": None,
    }
    return user_create(**{**arguments, **overrides})


def test_a_new_user_has_an_argon2_hash_of_their_password_and_their_compartments(national_unit):
    user = create()

    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(STRONG)
    assert (user.body_id, user.role, user.clearance, user.is_active) == (
        "nac",
        "analyst",
        "secret",
        True,
    )
    assert list(user.compartments.values_list("code", flat=True)) == ["chis"]


def test_creating_a_user_is_audited_as_the_system_without_the_password(national_unit):
    user = create()

    event = AuditEvent.objects.get(record_type="user")
    assert (event.actor_name, event.action, event.record_id) == ("system", "create", "dana")
    assert event.detail == {
        "body": "nac",
        "role": "analyst",
        "clearance": "secret",
        "compartments": ["chis"],
        "is_active": True,
    }
    assert STRONG not in json.dumps(event.detail)
    assert user.password not in json.dumps(event.detail)


def test_an_administrator_is_recorded_as_the_actor(administrator):
    create(acting_user=administrator)

    assert AuditEvent.objects.get(record_type="user").actor_name == "ada"


def test_only_an_administrator_may_create_a_user(analyst):
    with pytest.raises(PermissionDenied):
        create(acting_user=analyst)

    assert not User.objects.filter(username="dana").exists()


def test_a_weak_password_is_refused_naming_the_password_field_and_nothing_is_stored(
    national_unit,
):
    with pytest.raises(ValidationError) as refused:
        create(password="password1")

    assert set(refused.value.message_dict) == {"password"}
    assert "too short" in " ".join(refused.value.message_dict["password"])
    assert not User.objects.filter(username="dana").exists()
    assert not AuditEvent.objects.exists()


def test_an_unknown_role_is_refused_listing_the_roles(national_unit):
    with pytest.raises(ValidationError) as refused:
        create(role="detective")

    assert refused.value.message_dict == {
        "role": [
            "unknown role 'detective'; expected one of: administrator, analyst, "
            "secretariat, chair, contributor, inspector"
        ]
    }


def test_an_unknown_clearance_is_refused_listing_the_levels(national_unit):
    with pytest.raises(ValidationError) as refused:
        create(clearance="restricted")

    assert refused.value.message_dict == {
        "clearance": [
            "unknown clearance 'restricted'; expected one of: official, official-sensitive, "
            "secret, top-secret"
        ]
    }


def test_an_unknown_compartment_is_refused_listing_the_compartments(national_unit):
    with pytest.raises(ValidationError) as refused:
        create(compartments=["chis", "telepathy"])

    assert refused.value.message_dict == {
        "compartments": [
            "unknown compartment 'telepathy'; expected any of: chis, equipment-interference, "
            "financial-intelligence, interception"
        ]
    }


def test_an_unknown_body_is_refused_listing_the_bodies(national_unit, rocu):
    with pytest.raises(ValidationError) as refused:
        create(body="nca")

    assert refused.value.message_dict == {
        "body": ["unknown body 'nca'; expected one of: nac, rocu-north-west"]
    }


def test_among_many_bodies_an_unknown_body_suggests_the_nearest(db):
    for n in range(29):
        BodyFactory(id=f"rocu-{n:02d}")
    BodyFactory(id="force-kent")

    with pytest.raises(ValidationError) as refused:
        create(body="force-knet")

    assert refused.value.message_dict["body"] == [
        "unknown body 'force-knet'; expected the id of one of the 30 bodies "
        "(did you mean force-kent?)"
    ]


def test_every_bad_value_is_reported_at_once(db):
    with pytest.raises(ValidationError) as refused:
        create(username="not a name", body="nca", role="x", clearance="y", compartments=["z"])

    assert set(refused.value.message_dict) == {
        "username",
        "body",
        "role",
        "clearance",
        "compartments",
    }


def test_a_taken_username_is_refused(analyst):
    with pytest.raises(ValidationError) as refused:
        create(username="alice")

    assert set(refused.value.message_dict) == {"username"}


def test_an_update_records_each_change_before_and_after_but_not_the_password(analyst, rocu):
    new_password = "quartz meadow ferry signal"

    user = user_update(
        user=analyst,
        role="chair",
        body="rocu-north-west",
        compartments=["interception"],
        is_active=False,
        password=new_password,
        acting_user=None,
    )

    assert (user.role, user.body_id, user.is_active) == ("chair", "rocu-north-west", False)
    assert user.check_password(new_password)
    assert list(user.compartments.values_list("code", flat=True)) == ["interception"]
    event = AuditEvent.objects.get(record_type="user", action="update")
    assert event.record_id == "alice"
    assert event.detail == {
        "role": ["analyst", "chair"],
        "body": ["nac", "rocu-north-west"],
        "is_active": [True, False],
        "compartments": [[], ["interception"]],
        "password_changed": True,
    }
    assert new_password not in json.dumps(event.detail)


def test_an_update_that_changes_nothing_writes_no_audit_event(analyst):
    user_update(user=analyst, role="analyst", clearance="secret", acting_user=None)

    assert not AuditEvent.objects.exists()


def test_an_empty_list_of_compartments_takes_them_all_away(chis_analyst):
    user = user_update(user=chis_analyst, compartments=[], acting_user=None)

    assert not user.compartments.exists()
    assert AuditEvent.objects.get().detail == {"compartments": [["chis"], []]}


def test_a_refused_update_changes_nothing(analyst):
    with pytest.raises(ValidationError) as refused:
        user_update(user=analyst, role="chair", password="short", acting_user=None)

    assert set(refused.value.message_dict) == {"password"}
    analyst.refresh_from_db()
    assert analyst.role == "analyst"
    assert not AuditEvent.objects.exists()


def test_only_an_administrator_may_change_a_user(analyst, contributor, administrator):
    with pytest.raises(PermissionDenied):
        user_update(user=contributor, clearance="secret", acting_user=analyst)

    user_update(user=contributor, clearance="secret", acting_user=administrator)
    contributor.refresh_from_db()
    assert contributor.clearance == "secret"


def test_users_are_listed_by_username_and_can_be_narrowed(analyst, contributor, outsider):
    assert [u.username for u in users_list()] == ["alice", "bob", "charlie"]
    assert [u.username for u in users_list(body="rocu-north-west")] == ["bob"]
    assert [u.username for u in users_list(role="analyst")] == ["alice"]
