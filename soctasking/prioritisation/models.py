"""Scored evaluations of threats, kept apart from the decisions that follow them."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField


class Recommendation(models.TextChoices):
    PRIORITY = "priority", "National priority threat"
    NATIONAL_THREAT = "national_threat", "National threat"
    MONITOR = "monitor", "Monitor"


class Evaluation(models.Model):
    id = RecordIdField()
    assessment = models.ForeignKey(
        "intelligence.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    method = models.CharField(max_length=100, blank=True)
    date = models.DateField(null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
    )

    class Meta:
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return str(self.id)


class Score(models.Model):
    """One threat's score in an evaluation, with the arguments either way."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    threat = models.ForeignKey("threats.Threat", on_delete=models.PROTECT, related_name="scores")
    dimensions = models.JSONField(default=dict, blank=True)
    total = models.FloatField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    arguments_for = models.JSONField(default=list, blank=True)
    arguments_against = models.JSONField(default=list, blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)

    class Meta:
        ordering = ["rank", "threat_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "threat"], name="prioritisation_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.threat_id}"
