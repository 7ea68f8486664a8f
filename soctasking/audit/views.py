"""Pages of the audit app: the trail for inspectors and administrators, its CSV, its check.

Anyone else is refused with a 403 inside the service's layout, so the
navigation still works around the refusal.
"""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import User
from soctasking.audit.forms import AuditFilterForm
from soctasking.audit.selectors import (
    AUDIT_READERS,
    audit_events_count,
    audit_events_csv,
    audit_events_filtered,
    audit_events_shown,
)
from soctasking.audit.services import audit_trail_export, audit_trail_read, audit_verify
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


def _reader(request: HttpRequest) -> User | None:
    """The signed-in user when they may read the trail, else None."""
    user = signed_in_user(request)
    return user if has_role(user=user, roles=AUDIT_READERS) else None


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/refused.html", status=403)


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """The trail, newest first, narrowed by the filters; reading it is itself recorded."""
    user = _reader(request)
    if user is None:
        return _refused(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/events.html", {"form": form, "pagination": None}, status=400)
    filters = form.filters()
    audit_trail_read(actor=user, filters=filters.given())
    pagination = paginate(request, audit_events_filtered(filters=filters))
    query = request.GET.copy()
    query.pop("page", None)  # the download holds every page
    context = {
        "form": form,
        "pagination": pagination,
        "shown": audit_events_shown(viewer=user, events=pagination.page.object_list),
        "filtered": bool(filters.given()),
        "query": query.urlencode(),
    }
    return render(request, "audit/events.html", context)


@login_required
@require_GET
def events_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Every event the filters select, as CSV, streamed; each download is recorded."""
    user = _reader(request)
    if user is None:
        return _refused(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/events.html", {"form": form, "pagination": None}, status=400)
    filters = form.filters()
    audit_trail_export(actor=user, filters=filters.given())
    response = StreamingHttpResponse(
        audit_events_csv(viewer=user, events=audit_events_filtered(filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response


@login_required
@require_GET
def chain_check(request: HttpRequest) -> HttpResponse:
    """Recompute the whole chain, on request: it reads every event, so it is not done per page."""
    if _reader(request) is None:
        return _refused(request)
    started = time.monotonic()
    problems = audit_verify()
    context = {
        "problems": problems,
        "checked": audit_events_count(),
        "seconds": time.monotonic() - started,
    }
    return render(request, "audit/chain_check.html", context)
