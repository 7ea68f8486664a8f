"""Performance reports asked for: each a background job that ends in a PDF kept on disk."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from soctasking.performance.quarters import Quarter


def validate_quarter(value: str) -> None:
    try:
        Quarter.parse(value)
    except ValueError as error:
        raise ValidationError(str(error)) from error


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class PerformanceReport(models.Model):
    """One asking for the quarterly national performance report, and how far it has got."""

    # Random, so that one reader cannot guess the address of another's report.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quarter = models.CharField(max_length=7, validators=[validate_quarter])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="performance_reports",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: The PDF, relative to ``settings.REPORTS_ROOT``; set once it is written.
    file = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="performance_report_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="performance_report_progress_at_most_100",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.DONE)
                | (
                    models.Q(progress=100)
                    & ~models.Q(file="")
                    & models.Q(finished_at__isnull=False)
                ),
                name="performance_report_done_has_its_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} ({self.get_status_display()})"
