"""Every sign-in and sign-out is in the audit trail, and neither counts as a change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.audit.selectors import latest_change_digest
from soctasking.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_records_who_signed_in_and_from_where(client, contributor):
    client.post(reverse("web:login"), {"username": "bob", "password": PASSWORD})

    event = AuditEvent.objects.get(action="sign_in")
    assert event.actor == contributor
    assert (event.record_type, event.record_id) == ("session", "bob")
    assert event.detail == {"ip_address": "127.0.0.1"}


def test_a_refused_sign_in_records_no_sign_in(client, contributor):
    client.post(reverse("web:login"), {"username": "bob", "password": "not the password"})

    assert not AuditEvent.objects.filter(action="sign_in").exists()


def test_signing_out_records_who_signed_out(client, contributor):
    client.force_login(contributor)

    client.post(reverse("web:logout"))

    event = AuditEvent.objects.get(action="sign_out")
    assert (event.actor, event.record_id) == (contributor, "bob")


def test_signing_out_when_not_signed_in_records_nothing(client):
    client.post(reverse("web:logout"))

    assert not AuditEvent.objects.filter(action="sign_out").exists()


def test_signing_in_and_out_leaves_the_picture_unchanged_for_what_is_kept_from_it(
    client, contributor
):
    before = latest_change_digest()

    client.force_login(contributor)
    client.post(reverse("web:logout"))

    assert AuditEvent.objects.filter(action__in=["sign_in", "sign_out"]).count() == 2
    assert latest_change_digest() == before
