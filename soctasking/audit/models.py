"""Audit events, chained by hash so that an edited, deleted or reordered event shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what to which record, and when.

    ``digest`` is the SHA-256 of the previous event's digest and this event's
    canonical content; the first event chains from sixty-four zeros.
    """

    # Assigned under the chain head's lock, so a gap means a deleted event
    # (an autoincrement would also skip on every rolled-back transaction).
    sequence = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=100, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["record_type", "record_id"]),
            models.Index(fields=["actor_name", "at"]),
            # The page's choice of actions, and its newest events of one action.
            models.Index(fields=["action", "sequence"]),
        ]

    def __str__(self) -> str:
        return (
            f"#{self.sequence} {self.actor_name} {self.action} {self.record_type}:{self.record_id}"
        )


class AuditChainHead(models.Model):
    """A single row locked while an event is appended, so concurrent writers chain in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_digest = models.CharField(max_length=64)
    last_sequence = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_single")
        ]

    def __str__(self) -> str:
        return f"chain head at event {self.last_sequence}"
