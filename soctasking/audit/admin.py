"""Django admin for the audit app: the trail is read there, never written."""

from django.contrib import admin

from soctasking.audit.models import AuditChainHead, AuditEvent
from soctasking.lib.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "at", "actor_name", "action", "record_type", "record_id")
    list_filter = ("action", "record_type")
    search_fields = ("actor_name", "record_id")


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("last_sequence", "last_digest")
