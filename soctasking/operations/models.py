"""Operations, their covert authorities, activity log and disruptions."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField


class OperationStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    SUSPENDED = "suspended", "Suspended"


class Operation(models.Model):
    id = RecordIdField()
    name = models.CharField(max_length=300)
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="operations"
    )
    opened = models.DateField()
    closed = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=OperationStatus.choices, default=OperationStatus.OPEN
    )
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="operations")
    # Why it was closed, as the reviewer gave it; the bundle does not carry it.
    closure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed__isnull=True) | models.Q(closed__gte=models.F("opened")),
                name="operations_operation_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OperationStatus.values),
                name="operations_operation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CovertAuthority(models.Model):
    id = RecordIdField()
    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="covert_authorities"
    )
    kind = models.CharField(max_length=100)
    granted = models.DateField()
    expires = models.DateField(null=True, blank=True)
    last_used = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["granted", "id"]
        verbose_name_plural = "covert authorities"

    def __str__(self) -> str:
        return str(self.id)


class CovertAuthorityUse(models.Model):
    """One use of a covert authority; the authority's ``last_used`` is the latest of them."""

    authority = models.ForeignKey(CovertAuthority, on_delete=models.CASCADE, related_name="uses")
    date = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["authority", "date", "id"]

    def __str__(self) -> str:
        return f"{self.authority_id} used on {self.date}"


class ActivityKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charge"
    SEARCH = "search", "Search"
    SEIZURE = "seizure", "Seizure"
    INTELLIGENCE = "intelligence", "Intelligence"
    DISRUPTION = "disruption", "Disruption"
    OTHER = "other", "Other"


class Activity(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="activity")
    position = models.PositiveIntegerField(default=0)
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["operation", "position"]
        verbose_name_plural = "activity"
        indexes = [models.Index(fields=["operation", "date"])]

    def __str__(self) -> str:
        return f"{self.operation_id} {self.kind} on {self.date}"


class DisruptionLevel(models.TextChoices):
    MAJOR = "major", "Major"
    MODERATE = "moderate", "Moderate"
    MINOR = "minor", "Minor"


class Disruption(models.Model):
    id = RecordIdField()
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="disruptions")
    date = models.DateField()
    level = models.CharField(max_length=10, choices=DisruptionLevel.choices)
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="disruptions")
    note = models.TextField(blank=True)
    arrests = models.PositiveIntegerField(null=True, blank=True)
    charges = models.PositiveIntegerField(null=True, blank=True)
    convictions = models.PositiveIntegerField(null=True, blank=True)
    drugs_kg = models.FloatField(null=True, blank=True)
    firearms = models.PositiveIntegerField(null=True, blank=True)
    cash_gbp = models.FloatField(null=True, blank=True)
    assets_denied_gbp = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=DisruptionLevel.values),
                name="operations_disruption_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(drugs_kg__isnull=True) | models.Q(drugs_kg__gte=0),
                name="operations_disruption_drugs_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(cash_gbp__isnull=True) | models.Q(cash_gbp__gte=0),
                name="operations_disruption_cash_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(assets_denied_gbp__isnull=True)
                | models.Q(assets_denied_gbp__gte=0),
                name="operations_disruption_assets_not_negative",
            ),
            # Nobody is convicted without first being charged.
            models.CheckConstraint(
                condition=models.Q(convictions__isnull=True)
                | models.Q(charges__isnull=True)
                | models.Q(convictions__lte=models.F("charges")),
                name="operations_disruption_convictions_not_above_charges",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)
