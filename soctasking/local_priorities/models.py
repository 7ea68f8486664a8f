"""Local priorities: what each body has adopted for a period."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField, period_constraint


class PrioritySource(models.TextChoices):
    POLICE_AND_CRIME_PLAN = "police_and_crime_plan", "Police and crime plan"
    CONTROL_STRATEGY = "control_strategy", "Control strategy"
    STRATEGIC_ASSESSMENT = "strategic_assessment", "Strategic assessment"
    OTHER = "other", "Other"


class LocalPriority(models.Model):
    id = RecordIdField()
    # The bundle specification lets a record name no body (a shared plan).
    body = models.ForeignKey(
        "bodies.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_priorities",
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=30, choices=PrioritySource.choices, blank=True)
    # The plan or strategy the priorities come from, by title or reference, so
    # a reader can go back to it; the bundle does not carry it.
    document = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["body", "-period_start"]
        verbose_name_plural = "local priorities"
        constraints = [period_constraint()]

    def __str__(self) -> str:
        return str(self.id)


class LocalPriorityEntry(models.Model):
    """One priority: a catalogued threat, or a free-text theme."""

    local_priority = models.ForeignKey(
        LocalPriority, on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveIntegerField(default=0)
    threat = models.ForeignKey(
        "threats.Threat", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    theme = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["local_priority", "position"]
        verbose_name_plural = "local priority entries"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(threat__isnull=False) & models.Q(theme=""))
                | (models.Q(threat__isnull=True) & ~models.Q(theme="")),
                name="local_priorities_entry_threat_or_theme",
            )
        ]

    def __str__(self) -> str:
        return str(self.threat_id or self.theme)
