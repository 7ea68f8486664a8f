"""Reads of the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from soctasking.audit.models import AuditEvent


def audit_events_list(
    *, record_type: str | None = None, actor: str | None = None, limit: int | None = None
) -> list[AuditEvent]:
    """The newest ``limit`` events (all when ``None``) matching what is given, oldest first."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if record_type is not None:
        events = events.filter(record_type=record_type)
    if actor is not None:
        events = events.filter(actor_name=actor)
    if limit is None:
        return list(events.order_by("sequence"))
    return list(reversed(events.order_by("-sequence")[:limit]))
