"""Writes of the performance report: asking for it, and the background job that makes its PDF.

Asking stores the request and queues the job in one transaction, so a
request is never left without its job nor a job without its request. The
job records each stage as it reaches it, each in a transaction of its own,
so that the page following it sees its progress; these stages are the
job's own bookkeeping, not a change to the picture, and are not audited.
Its end, done (with the PDF's SHA-256) or failed, is.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from soctasking.accounts.gate import require_role
from soctasking.accounts.models import User
from soctasking.audit.services import audit_record
from soctasking.performance.document import report_pdf
from soctasking.performance.models import PerformanceReport, ReportStatus
from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import REPORT_READERS, quarter_begun, quarterly_figures
from soctasking.performance.tasks import performance_report_task

RECORD_TYPE = "performance_report"
#: The share of the job the figures take; laying out and writing the PDF is the rest.
FIGURES_SHARE = 80


def performance_report_request(*, quarter: str, acting_user: User) -> PerformanceReport:
    """Ask for the quarter's report, made in the background; ``ValidationError`` if bad."""
    require_role(user=acting_user, roles=REPORT_READERS)
    with transaction.atomic():
        report = PerformanceReport(quarter=quarter.strip(), requested_by=acting_user)
        report.full_clean()
        try:
            quarter_begun(Quarter.parse(report.quarter))
        except ValueError as error:
            raise ValidationError({"quarter": str(error)}) from None
        report.save()
        audit_record(
            actor=acting_user,
            action="request",
            record_type=RECORD_TYPE,
            record_id=str(report.id),
            detail={"quarter": report.quarter},
        )
        performance_report_task.enqueue(report_id=str(report.id))
    return report


def _stage_record(report: PerformanceReport, *, stage: str, progress: int) -> None:
    report.status, report.stage, report.progress = ReportStatus.RUNNING, stage, progress
    report.full_clean()
    with transaction.atomic():
        report.save(update_fields=["status", "stage", "progress"])


def performance_report_generate(*, report_id: str) -> PerformanceReport:
    """Make the report's PDF under ``REPORTS_ROOT``, recording each stage; run by the worker.

    On any failure the report is marked failed, with the error, and the
    error raised again so the worker records the task as failed too.
    """
    report = PerformanceReport.objects.get(id=report_id)
    quarter = Quarter.parse(report.quarter)
    _stage_record(report, stage="Reading the figures", progress=1)
    try:
        figures = quarterly_figures(
            quarter=quarter,
            progress=lambda section, done: _stage_record(
                report, stage=f"{section} read", progress=max(1, round(done * FIGURES_SHARE))
            ),
        )
        _stage_record(report, stage="Laying out the PDF", progress=FIGURES_SHARE + 5)
        pdf = report_pdf(figures)
        relative = Path("performance") / f"{quarter.name}-{report.id}.pdf"
        path = Path(settings.REPORTS_ROOT) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
    except Exception as error:
        with transaction.atomic():
            report.status, report.error = ReportStatus.FAILED, f"{type(error).__name__}: {error}"
            report.finished_at = timezone.now()
            report.save(update_fields=["status", "error", "finished_at"])
            audit_record(
                actor=None,
                action="fail",
                record_type=RECORD_TYPE,
                record_id=str(report.id),
                detail={"quarter": report.quarter, "error": report.error},
            )
        raise
    with transaction.atomic():
        report.status, report.stage, report.progress = ReportStatus.DONE, "Ready", 100
        report.file, report.sha256 = str(relative), hashlib.sha256(pdf).hexdigest()
        report.finished_at = timezone.now()
        report.full_clean()
        report.save(update_fields=["status", "stage", "progress", "file", "sha256", "finished_at"])
        audit_record(
            actor=None,
            action="generate",
            record_type=RECORD_TYPE,
            record_id=str(report.id),
            detail={"quarter": report.quarter, "sha256": report.sha256, "bytes": len(pdf)},
        )
    return report


def performance_report_export(*, quarter: Quarter, output: Path, acting_user: User | None) -> str:
    """Write the quarter's report as a PDF to ``output`` at once (the console's way); its digest."""
    pdf = report_pdf(quarterly_figures(quarter=quarter))
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="export",
            record_type=RECORD_TYPE,
            record_id=quarter.name,
            detail={"quarter": quarter.name, "output": str(output), "sha256": digest},
        )
        output.write_bytes(pdf)
    return digest
