"""Scoring templates, and the scored evaluations of threats made with them, kept apart from
the decisions that follow them."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField


class Recommendation(models.TextChoices):
    PRIORITY = "priority", "National priority threat"
    NATIONAL_THREAT = "national_threat", "National threat"
    MONITOR = "monitor", "Monitor"


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved for evaluation rounds"
    RETIRED = "retired", "Retired"


class ScoringTemplate(models.Model):
    """One version of a scoring method: grouped dimensions with named levels, and a formula.

    Versions of one method share a ``family``. A version an evaluation has
    used is frozen: changing it makes the next version (see
    ``services.scoring_template_revise``), so every round keeps the method
    it was scored with. ``groups`` is the structure ``scoring.structure_parse``
    checks.
    """

    id = RecordIdField()
    family = models.CharField(max_length=90)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    groups = models.JSONField(default=list)
    formula = models.CharField(max_length=500)
    formula_explanation = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )

    class Meta:
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"], name="prioritisation_template_version_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=TemplateStatus.values),
                name="prioritisation_template_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="prioritisation_template_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Evaluation(models.Model):
    """A round of scoring the threats of a national strategic assessment.

    ``template`` and ``priority_line`` (how many of the top ranks are proposed
    as national priority threats) are empty for rounds loaded from a bundle
    that predates templates.
    """

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
    template = models.ForeignKey(
        ScoringTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    priority_line = models.PositiveIntegerField(null=True, blank=True)

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
    # The national strategic intelligence group's recommendation, and why.
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    recommendation_reason = models.TextField(blank=True)
    # Per dimension code, why the level was chosen.
    justifications = models.JSONField(default=dict, blank=True)
    # Links to the evidence: [{"kind": "submission" | "theme" | "metric", "ref": "..."}].
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["rank", "threat_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "threat"], name="prioritisation_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.threat_id}"
