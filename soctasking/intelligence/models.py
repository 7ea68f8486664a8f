"""National assessments, the intelligence requirement with its timetable, and submissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from soctasking.accounts.clearance import Classification
from soctasking.lib.records import RecordIdField, period_constraint


class AssessmentKind(models.TextChoices):
    NATIONAL_STRATEGIC = "national_strategic", "National strategic assessment"
    NATIONAL_TACTICAL = "national_tactical", "National tactical assessment"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class Assessment(models.Model):
    id = RecordIdField()
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=30, choices=AssessmentKind.choices, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    issued = models.DateField()
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="assessments")
    vulnerabilities = models.ManyToManyField(
        "threats.Threat", blank=True, related_name="assessments_as_vulnerability"
    )

    class Meta:
        ordering = ["-issued", "id"]
        constraints = [period_constraint()]

    def __str__(self) -> str:
        return self.title


class CollectionPriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Requirement(models.Model):
    """A national intelligence requirement (NIR) for a period."""

    id = RecordIdField()
    period_start = models.DateField()
    period_end = models.DateField()
    issued = models.DateField()

    class Meta:
        ordering = ["-period_start", "id"]
        constraints = [period_constraint()]

    def __str__(self) -> str:
        return str(self.id)


class RequirementThreat(models.Model):
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="threats")
    threat = models.ForeignKey("threats.Threat", on_delete=models.PROTECT, related_name="+")
    collection_priority = models.CharField(
        max_length=10, choices=CollectionPriority.choices, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "threat"], name="intelligence_requirement_threat_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.threat_id}"


class SubmissionKind(models.TextChoices):
    STRATEGIC_ASSESSMENT = "strategic_assessment", "Strategic assessment"
    TACTICAL_ASSESSMENT = "tactical_assessment", "Tactical assessment"
    INTELLIGENCE_REPORT = "intelligence_report", "Intelligence report"
    PROBLEM_PROFILE = "problem_profile", "Problem profile"
    TARGET_PROFILE = "target_profile", "Target profile"


class TimetableRow(models.Model):
    """One product a body owes, to whom, and by when."""

    id = RecordIdField()
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="timetable")
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="timetable_rows")
    product = models.CharField(max_length=30, choices=SubmissionKind.choices)
    due = models.DateField()
    window_start = models.DateField(null=True, blank=True)
    deliver_to = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    for_assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="timetable_rows"
    )

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(product__in=SubmissionKind.values),
                name="intelligence_timetablerow_product_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(window_start__isnull=True)
                | models.Q(window_start__lte=models.F("due")),
                name="intelligence_timetablerow_window_before_due",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class Acknowledgement(models.Model):
    """A body confirming it knows its rows in a requirement."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "body"], name="intelligence_acknowledgement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id} acknowledged {self.requirement_id} on {self.date}"


class Channel(models.TextChoices):
    API = "api", "API"
    UPLOAD = "upload", "Web upload"
    EMAIL = "email", "Email"
    BUNDLE = "bundle", "Bundle"


class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", "1: reliable"
    UNTESTED = "2", "2: untested"
    NOT_RELIABLE = "3", "3: not reliable"


class IntelligenceAssessment(models.TextChoices):
    A = "a", "A: known directly to the source"
    B = "b", "B: known indirectly but corroborated"
    C = "c", "C: known indirectly"
    D = "d", "D: not known"
    E = "e", "E: suspected to be false"


class HandlingCode(models.TextChoices):
    P = "p", "P: lawful sharing permitted"
    C = "c", "C: lawful sharing permitted with conditions"


def submission_file_path(instance: Submission, filename: str) -> str:
    """Each submission's original file in a folder of its own, so equal names never clash."""
    return f"submissions/{instance.pk}/{filename}"


class Submission(models.Model):
    """An assessment or report a body sent, graded 3x5x2 and classified.

    Submissions received through the service (web or API) also keep their
    original file, the receipt reference given to the sender, who sent it
    and the sender's idempotency key; those loaded from a bundle leave them
    empty.
    """

    id = RecordIdField()
    title = models.CharField(max_length=500)
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(max_length=30, choices=SubmissionKind.choices, blank=True)
    received = models.DateTimeField(db_index=True)
    received_by = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.BUNDLE)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    threats = models.ManyToManyField("threats.Threat", blank=True, related_name="submissions")
    themes = models.JSONField(default=list, blank=True)
    grading_source = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    grading_intelligence = models.CharField(
        max_length=1, choices=IntelligenceAssessment.choices, blank=True
    )
    grading_handling = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True)
    grading_conditions = models.TextField(blank=True)
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.OFFICIAL
    )
    compartments = models.ManyToManyField(
        "accounts.Compartment", blank=True, related_name="submissions"
    )
    text = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=submission_file_path, max_length=400, blank=True)
    filename = models.CharField(max_length=255, blank=True, help_text="as the sender named it")
    content_type = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=40, blank=True, help_text="the receipt's reference")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions_sent",
    )
    idempotency_key = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-received", "id"]
        indexes = [models.Index(fields=["body", "kind", "received"])]
        constraints = [
            period_constraint(),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="intelligence_submission_reference_unique",
            ),
            # A retry with the same key must find the first submission, never
            # make a second one, even when two retries race.
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="intelligence_submission_idempotency_key_once",
            ),
            models.CheckConstraint(
                condition=models.Q(classification__in=Classification.values),
                name="intelligence_submission_classification_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(grading_source="", grading_intelligence="", grading_handling="")
                    | (
                        models.Q(grading_source__in=SourceEvaluation.values)
                        & models.Q(grading_intelligence__in=IntelligenceAssessment.values)
                        & models.Q(grading_handling__in=HandlingCode.values)
                    )
                ),
                name="intelligence_submission_grading_whole",
            ),
            models.CheckConstraint(
                condition=~models.Q(grading_handling=HandlingCode.C)
                | ~models.Q(grading_conditions=""),
                name="intelligence_submission_conditions_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.title
