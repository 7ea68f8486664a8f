"""What the timetable adds to the requirement: reminders sent and gaps escalated.

The requirement, its rows and the bodies' acknowledgements are records of
the intelligence app, since the bundle carries them and submissions meet
them; this app keeps only what the service itself does about them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Before the due date"
    MISSED = "missed", "On a miss"


class TimetableReminder(models.Model):
    """An email reminding a body of one timetable row; sent at most once per row and kind."""

    row = models.ForeignKey(
        "intelligence.TimetableRow", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent = models.DateTimeField()
    recipients = models.JSONField(
        default=list, blank=True, help_text="the addresses it went to; empty when nobody had one"
    )

    class Meta:
        ordering = ["-sent", "id"]
        constraints = [
            models.UniqueConstraint(fields=["row", "kind"], name="timetable_reminder_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReminderKind.values),
                name="timetable_reminder_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.row_id}"


class TimetableEscalation(models.Model):
    """A body's missing rows put to the national tactical intelligence group (NTIG).

    ``meeting`` is the NTIG meeting whose agenda it was put on: the next one
    scheduled when it was raised, or none while no meeting was scheduled, in
    which case the first one scheduled takes it.
    """

    requirement = models.ForeignKey(
        "intelligence.Requirement", on_delete=models.CASCADE, related_name="escalations"
    )
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    rows = models.ManyToManyField("intelligence.TimetableRow", related_name="escalations")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timetable_escalations",
    )
    reason = models.TextField(blank=True)
    raised = models.DateTimeField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised", "id"]

    def __str__(self) -> str:
        return f"{self.body_id}: {self.requirement_id} escalated"
