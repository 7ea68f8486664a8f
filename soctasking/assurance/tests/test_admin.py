from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.accounts.models import Role
from soctasking.assurance.models import CheckThreshold
from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:assurance_checkthreshold_add")


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


def test_an_administrator_sets_a_threshold_in_the_admin_and_it_is_audited(admin_client):
    response = admin_client.post(
        ADD, {"code": "OPS002", "parameter": "inactive_days", "value": "60"}
    )

    assert response.status_code == 302
    assert CheckThreshold.objects.get().value == 60
    assert AuditEvent.objects.get(record_type="check_threshold").actor_name == "root"


def test_the_admin_refuses_a_parameter_the_check_does_not_declare(admin_client):
    response = admin_client.post(ADD, {"code": "OPS002", "parameter": "unused_days", "value": "7"})

    assert response.status_code == 200
    assert "Check OPS002 has no threshold &#x27;unused_days&#x27;" in response.content.decode()
    assert not CheckThreshold.objects.exists()


def test_deleting_a_threshold_in_the_admin_restores_the_default_and_is_audited(admin_client):
    admin_client.post(ADD, {"code": "OPS002", "parameter": "inactive_days", "value": "60"})
    threshold = CheckThreshold.objects.get()

    response = admin_client.post(
        reverse("admin:assurance_checkthreshold_delete", args=[threshold.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not CheckThreshold.objects.exists()
    assert AuditEvent.objects.filter(record_type="check_threshold", action="reset").exists()
