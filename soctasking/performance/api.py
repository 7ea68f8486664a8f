"""API operations of the national performance report: its figures, and its PDF.

For the national roles (as the page); a contributor is answered 403. A
report asked for is its asker's alone: another's answers 404, as if it
did not exist. Asking for a PDF changes nothing in the picture, so it
needs only the read scope, like any other export of what the reader may see.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from soctasking.accounts.models import TokenScope, User
from soctasking.accounts.scopes import token_scope
from soctasking.performance.models import PerformanceReport, ReportStatus
from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import (
    may_read_reports,
    quarter_begun,
    quarterly_figures,
    report_of,
)
from soctasking.performance.services import performance_report_request
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["performance"])

QUARTER_IN_PATH = "the year and quarter, e.g. 2026-Q3"
NOT_YOURS = "No such report of yours."


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class ReportRequestIn(Schema):
    quarter: str = Field(description=QUARTER_IN_PATH, max_length=20)


class PerformanceReportOut(Schema):
    id: UUID
    quarter: str
    status: ReportStatus
    progress: int = Field(description="0 to 100")
    stage: str
    requested_at: datetime
    finished_at: datetime | None
    sha256: str = Field(description="of the PDF, once it is ready")
    pdf: str | None = Field(description="where to download the PDF, once it is ready")


def _reader(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not may_read_reports(user=user):
        raise HttpError(403, "The national performance report is for the national roles.")
    return user


def _refused(field: str, message: str) -> Status[Any]:
    return Status(
        422,
        {
            "detail": "The request was refused; see errors.",
            "errors": [{"field": field, "message": message}],
        },
    )


def _report_out(report: PerformanceReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "quarter": report.quarter,
        "status": report.status,
        "progress": report.progress,
        "stage": report.stage,
        "requested_at": report.requested_at,
        "finished_at": report.finished_at,
        "sha256": report.sha256,
        "pdf": f"/api/v1/performance-reports/{report.pk}/pdf"
        if report.status == ReportStatus.DONE
        else None,
    }


@router.get(
    "/performance/{quarter}",
    response={200: dict[str, Any], 403: DetailOut, 422: FieldErrorsOut},
    summary="A quarter's performance figures, each beside the previous quarter's",
)
@token_scope(TokenScope.READ)
def performance_figures(request: HttpRequest, quarter: str) -> Any:
    _reader(request)
    try:
        parsed = quarter_begun(Quarter.parse(quarter))
    except ValueError as error:
        return _refused("quarter", str(error))
    return quarterly_figures(quarter=parsed)


@router.post(
    "/performance-reports",
    response={202: PerformanceReportOut, 403: DetailOut, 422: FieldErrorsOut},
    summary="Ask for a quarter's report as a PDF, made in the background",
    description="Follow it at /performance-reports/{report_id}; the PDF is ready at status done.",
)
@token_scope(TokenScope.READ)
def performance_report_post(request: HttpRequest, payload: ReportRequestIn) -> Any:
    user = _reader(request)
    try:
        report = performance_report_request(quarter=payload.quarter, acting_user=user)
    except ValidationError as error:
        messages = error.message_dict
        field, problems = next(iter(messages.items()))
        return _refused(field, problems[0])
    return Status(202, _report_out(report))


@router.get(
    "/performance-reports/{report_id}",
    response={200: PerformanceReportOut, 403: DetailOut, 404: DetailOut},
    summary="How far a report asked for has got",
)
@token_scope(TokenScope.READ)
def performance_report_get(request: HttpRequest, report_id: UUID) -> Any:
    report = report_of(user=_reader(request), report_id=str(report_id))
    if report is None:
        raise HttpError(404, NOT_YOURS)
    return _report_out(report)


@router.get(
    "/performance-reports/{report_id}/pdf",
    response={200: None, 403: DetailOut, 404: DetailOut},
    summary="A finished report's PDF",
    description="`application/pdf` as an attachment; 404 until the report is done.",
)
@token_scope(TokenScope.READ)
def performance_report_pdf(request: HttpRequest, report_id: UUID) -> Any:
    report = report_of(user=_reader(request), report_id=str(report_id))
    if report is None:
        raise HttpError(404, NOT_YOURS)
    path = Path(settings.REPORTS_ROOT) / report.file
    if report.status != ReportStatus.DONE or not path.is_file():
        raise HttpError(404, "This report's PDF is not ready.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"national-performance-report-{report.quarter}.pdf",
        content_type="application/pdf",
    )
