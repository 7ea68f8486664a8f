"""The history of an action: each change of status, with the note its owner gave."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from soctasking.meetings.models import ActionStatus

#: The longest note an update may carry.
MAX_NOTE_LENGTH = 2000


class ActionUpdate(models.Model):
    """One update to an action a meeting allocated: its status then, and why."""

    action = models.ForeignKey("meetings.Action", on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField(max_length=MAX_NOTE_LENGTH)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values),
                name="actions_update_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.status}"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ActionReminder(models.Model):
    """A reminder emailed to an action's owner body; at most one of each kind per action."""

    action = models.ForeignKey(
        "meetings.Action", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent = models.DateTimeField()
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["sent", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "kind"], name="actions_reminder_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReminderKind.values),
                name="actions_reminder_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind}"
