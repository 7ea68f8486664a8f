"""The audit trail and the record of loads cannot be altered through the admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from soctasking.audit.models import AuditChainHead, AuditEvent
from soctasking.audit.services import audit_record
from soctasking.exchange.models import BundleLoad

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [AuditEvent, AuditChainHead, BundleLoad])
def test_an_administrator_may_not_add_change_or_delete_evidence(model, administrator):
    request = RequestFactory().get("/admin/")
    request.user = administrator
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_superuser_cannot_post_a_new_audit_event_through_the_admin(client, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    audit_record(actor=administrator, action="update", record_type="body", record_id="x")
    client.force_login(administrator)

    response = client.post("/admin/audit/auditevent/add/", {"action": "forged"})

    assert response.status_code == 403
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["update", "sign_in"]
