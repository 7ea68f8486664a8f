"""Pages of the national performance report: the figures, asking for the PDF, following it."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from soctasking.accounts.models import User
from soctasking.assurance.selectors import picture_as_of
from soctasking.performance.document import figures_context
from soctasking.performance.forms import QuarterForm
from soctasking.performance.models import PerformanceReport, ReportStatus
from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import (
    may_read_reports,
    quarterly_figures,
    report_of,
    reports_requested_by,
)
from soctasking.performance.services import performance_report_request
from soctasking.web.shortcuts import signed_in_user


def _reader(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not may_read_reports(user=user):
        raise PermissionDenied("The national performance report is for the national roles.")
    return user


def _last_full_quarter() -> Quarter:
    return Quarter.of(picture_as_of()).previous()


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The figures of the quarter asked for (by default the last full one), and PDFs asked for."""
    user = _reader(request)
    form = QuarterForm(request.GET or {"quarter": _last_full_quarter().name})
    context: dict[str, Any] = {"form": form, "reports": reports_requested_by(user=user)}
    if not form.is_valid():
        return render(request, "performance/report.html", context, status=400)
    context |= figures_context(quarterly_figures(quarter=form.cleaned_data["quarter"]))
    return render(request, "performance/report.html", context)


@login_required
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    """Start making the quarter's PDF in the background, and go to the page that follows it."""
    user = _reader(request)
    form = QuarterForm(request.POST)
    if form.is_valid():
        try:
            made = performance_report_request(
                quarter=form.cleaned_data["quarter"].name, acting_user=user
            )
        except ValidationError as error:
            form.add_error("quarter", error.message_dict.get("quarter", error.messages))
        else:
            return redirect("performance:report_status", report_id=made.pk)
    context = {"form": form, "reports": reports_requested_by(user=user)}
    return render(request, "performance/report.html", context, status=400)


def _own_report(request: HttpRequest, report_id: UUID) -> PerformanceReport:
    found = report_of(user=_reader(request), report_id=str(report_id))
    if found is None:
        raise Http404("No such report of yours.")
    return found


@login_required
@require_GET
def report_status(request: HttpRequest, report_id: UUID) -> HttpResponse:
    """How far the PDF has got; htmx asks again for just the progress until it is ready."""
    found = _own_report(request, report_id)
    template = (
        "performance/_progress.html"
        if request.headers.get("HX-Request")
        else "performance/report_status.html"
    )
    return render(
        request,
        template,
        {"report": found, "finished": found.status in {ReportStatus.DONE, ReportStatus.FAILED}},
    )


@login_required
@require_GET
def report_download(request: HttpRequest, report_id: UUID) -> FileResponse:
    """The finished PDF."""
    found = _own_report(request, report_id)
    if found.status != ReportStatus.DONE:
        raise Http404("This report is not ready.")
    path = Path(settings.REPORTS_ROOT) / found.file
    if not path.is_file():
        raise Http404("This report's file is no longer kept.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"national-performance-report-{found.quarter}.pdf",
        content_type="application/pdf",
    )
