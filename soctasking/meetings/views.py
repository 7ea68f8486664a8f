"""Page views of the meetings app: the series, one series, one meeting, its agenda and its
minutes; and the secretariat's pages that schedule a meeting, record its attendance,
decisions and actions, cancel it and approve its minutes.

Meetings carry no classified material, so every signed-in user may read
them; the findings shown beside a series or a meeting are those of the
findings page, about that record, on the picture's date. Writing pages are
refused (404) to a role that may not write, as if they were not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import User
from soctasking.assurance.registry import SubjectType
from soctasking.assurance.selectors import findings_about, findings_visible_to, picture_as_of
from soctasking.bodies.selectors import body_get
from soctasking.meetings.forms import (
    ActionForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    MonthForm,
    ScheduleForm,
    SeriesFilterForm,
    SeriesForm,
    YearForm,
)
from soctasking.meetings.ics import calendar_of
from soctasking.meetings.models import Meeting, MeetingStatus
from soctasking.meetings.selectors import (
    MeetingRecord,
    meeting_agenda,
    meeting_get,
    meetings_left_without_input,
    meetings_of_body,
    meetings_of_series,
    month_calendar,
    series_get,
    series_list,
    series_meetings,
    year_plan,
)
from soctasking.meetings.services import (
    APPROVING_ROLES,
    RECORDING_ROLES,
    SeriesIn,
    action_allocate,
    decision_record,
    meeting_cancel,
    meeting_record_attendance,
    meeting_schedule,
    meetings_schedule_year,
    minutes_approve,
    series_create,
    series_update,
)
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


@login_required
def series_list_page(request: HttpRequest) -> HttpResponse:
    """Every meeting series, narrowed by kind, a page at a time."""
    form = SeriesFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request, "meetings/series_list.html", {"form": form, "pagination": None}, status=400
        )
    kind = form.cleaned_data["kind"] or None
    context = {
        "form": form,
        "pagination": paginate(request, series_list(kind=kind)),
        "filtered": kind is not None,
        "may_record": has_role(user=signed_in_user(request), roles=RECORDING_ROLES),
    }
    return render(request, "meetings/series_list.html", context)


@login_required
def series_detail(request: HttpRequest, series_id: str) -> HttpResponse:
    """One series: its chair, cadence, members, precedence and its meetings, latest first."""
    record = series_get(series_id=series_id)
    if record is None:
        raise Http404("No meeting series has this id.")
    as_of = picture_as_of()
    user = signed_in_user(request)
    context = {
        "series": record.series,
        "membership": record.membership,
        "members": record.members,
        "expected": record.expected,
        "pagination": paginate(request, series_meetings(series=record.series)),
        "as_of": as_of,
        "findings": findings_visible_to(
            user=user,
            findings=findings_about(subjects=[("series", record.series.id)], as_of=as_of),
            as_of=as_of,
        ),
        "may_record": has_role(user=user, roles=RECORDING_ROLES),
    }
    return render(request, "meetings/series_detail.html", context)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """One meeting: who attended, what it decided and allocated, and the findings about it."""
    record = meeting_get(meeting_id=meeting_id)
    if record is None:
        raise Http404("No meeting has this id.")
    subjects: list[tuple[SubjectType, str]] = [
        ("meeting", record.meeting.id),
        *(("decision", decision.id) for decision in record.decisions),
        *(("action", action.id) for action in record.actions),
    ]
    as_of = picture_as_of()
    user = signed_in_user(request)
    context = {
        "meeting": record.meeting,
        "record": record,
        "as_of": as_of,
        "findings": findings_visible_to(
            user=user, findings=findings_about(subjects=subjects, as_of=as_of), as_of=as_of
        ),
        "may_record": has_role(user=user, roles=RECORDING_ROLES),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _service_errors(form: Form, error: ValidationError) -> None:
    """A service's errors on the form: on their field where it has one, else above the form."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _may(user: User, roles: Iterable[str]) -> None:
    if not has_role(user=user, roles=roles):
        raise Http404("Only the secretariat keeps the record of meetings.")


def _record_or_404(meeting_id: str) -> MeetingRecord:
    record = meeting_get(meeting_id=meeting_id)
    if record is None:
        raise Http404("No meeting has this id.")
    return record


def _form_page(
    request: HttpRequest, template: str, form: Form, record: MeetingRecord, **extra: object
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "meeting": record.meeting, "record": record, **extra}
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, series_id: str) -> HttpResponse:
    """Schedule a sitting of a series."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    series = series_get(series_id=series_id)
    if series is None:
        raise Http404("No meeting series has this id.")
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_schedule(
                acting_user=user, series_id=series.series.id, date=form.cleaned_data["date"]
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Meeting scheduled for {meeting.date:%d %B %Y}.")
            return redirect("meetings:meeting", meeting_id=meeting.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "meetings/meeting_new.html", {"form": form, "series": series.series}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Record who attended a meeting and who sent apologies."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    record = _record_or_404(meeting_id)
    initial = {
        "attended": [body.id for body in record.attended] or [b.id for b in record.invited],
        "apologies": [body.id for body in record.apologies],
    }
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_record_attendance(
                acting_user=user,
                meeting_id=meeting_id,
                attended=form.cleaned_data["attended"],
                apologies=form.cleaned_data["apologies"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("meetings:meeting", meeting_id=meeting_id)
    return _form_page(request, "meetings/attendance.html", form, record)


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Record a decision of a held meeting."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    record = _record_or_404(meeting_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decision_record(
                acting_user=user,
                meeting_id=meeting_id,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                rationale=form.cleaned_data["rationale"],
                threats=form.cleaned_data["threats"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Decision recorded: {decision.get_kind_display()}.")
            return redirect("meetings:meeting", meeting_id=meeting_id)
    return _form_page(request, "meetings/decision_new.html", form, record)


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Allocate an action to a body at a held meeting."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    record = _record_or_404(meeting_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = action_allocate(
                acting_user=user,
                meeting_id=meeting_id,
                owner=form.cleaned_data["owner"],
                text=form.cleaned_data["text"],
                due=form.cleaned_data["due"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Action allocated to {action.owner.name}.")
            return redirect("meetings:meeting", meeting_id=meeting_id)
    return _form_page(request, "meetings/action_new.html", form, record)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_page(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Cancel a scheduled meeting with a reason, after warning what it leaves without input."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    record = _record_or_404(meeting_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = meeting_cancel(
                acting_user=user, meeting_id=meeting_id, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            left = cancelled.left_without_input
            text = "Meeting cancelled."
            if left:
                names = "; ".join(f"{m.series.name}, {m.date:%d %B %Y}" for m in left)
                text += f" It leaves without input: {names}."
            messages.warning(request, text)
            return redirect("meetings:meeting", meeting_id=meeting_id)
    left = (
        meetings_left_without_input(meeting=record.meeting)
        if record.meeting.status == MeetingStatus.SCHEDULED
        else []
    )
    return _form_page(request, "meetings/cancel.html", form, record, left=left)


def _minutes_context(request: HttpRequest, record: MeetingRecord) -> dict[str, object]:
    user = signed_in_user(request)
    return {
        "meeting": record.meeting,
        "record": record,
        "may_approve": has_role(user=user, roles=APPROVING_ROLES)
        and record.meeting.status == MeetingStatus.HELD
        and record.meeting.minutes_approved is None,
    }


@login_required
def minutes(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """A held meeting's minutes: attendance, decisions, actions, and any later amendments."""
    record = _record_or_404(meeting_id)
    return render(request, "meetings/minutes.html", _minutes_context(request, record))


@login_required
def minutes_pdf(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The minutes as a PDF, drawn by WeasyPrint from the same record as the page."""
    # WeasyPrint ships no type information; it is read as untyped.
    from weasyprint import HTML

    record = _record_or_404(meeting_id)
    html = render_to_string(
        "meetings/minutes_pdf.html", _minutes_context(request, record), request=request
    )
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{record.meeting.id}.pdf"'
    return response


@login_required
@require_POST
def minutes_approve_page(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """Approve a held meeting's minutes."""
    user = signed_in_user(request)
    _may(user, APPROVING_ROLES)
    record = _record_or_404(meeting_id)
    try:
        minutes_approve(acting_user=user, meeting_id=meeting_id)
    except ValidationError as error:
        context = {**_minutes_context(request, record), "errors": error.messages}
        return render(request, "meetings/minutes.html", context, status=409)
    messages.success(request, "Minutes approved. Changes to this record now need a reason.")
    return redirect("meetings:minutes", meeting_id=meeting_id)


@login_required
def agenda(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """A meeting's agenda, built from its inputs as they stand on its date."""
    record = _record_or_404(meeting_id)
    built = meeting_agenda(meeting=record.meeting, user=signed_in_user(request))
    return render(request, "meetings/agenda.html", {"meeting": record.meeting, "agenda": built})


@login_required
@require_http_methods(["GET", "POST"])
def year_plan_page(request: HttpRequest) -> HttpResponse:
    """A year of the cycle as planned from each series' cadence and precedence, with warnings;
    the secretariat schedules the planned sittings from it."""
    user = signed_in_user(request)
    may_record = has_role(user=user, roles=RECORDING_ROLES)
    if request.method == "POST":
        _may(user, RECORDING_ROLES)
    data = request.POST if request.method == "POST" else request.GET
    form = YearForm(data or {"year": picture_as_of().year})
    plan = None
    status = 200
    if form.is_valid():
        year = form.cleaned_data["year"]
        if request.method == "POST":
            try:
                made = meetings_schedule_year(acting_user=user, year=year)
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(request, f"{len(made)} meeting{pluralize(len(made))} scheduled.")
                return redirect(f"{reverse('meetings:plan')}?year={year}")
        if form.is_valid() and not form.errors:
            try:
                plan = year_plan(year=year)
            except ValueError as error:
                form.add_error("year", str(error))
    if form.errors:
        status = 400
    rows = []
    if plan is not None:
        names = {series.id: series.name for series in series_list()}
        for series_id in sorted({s.series for s in plan.sittings}, key=lambda i: names.get(i, i)):
            rows.append((names.get(series_id, series_id), plan.dates_of(series_id)))
    context = {"form": form, "plan": plan, "rows": rows, "may_record": may_record}
    return render(request, "meetings/plan.html", context, status=status)


def _calendar(
    request: HttpRequest, meetings: Iterable[Meeting], name: str, filename: str
) -> HttpResponse:
    feed = calendar_of(
        meetings=meetings,
        name=name,
        domain=request.get_host().split(":")[0] or "soctasking",
        stamp=datetime.now(tz=UTC),
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@login_required
def series_calendar(request: HttpRequest, series_id: str) -> HttpResponse:
    """A series' meetings as an iCalendar feed."""
    record = series_get(series_id=series_id)
    if record is None:
        raise Http404("No meeting series has this id.")
    return _calendar(
        request, meetings_of_series(series=record.series), record.series.name, record.series.id
    )


@login_required
def body_calendar(request: HttpRequest, body_id: str) -> HttpResponse:
    """The meetings a body is invited to or chairs, as an iCalendar feed."""
    body = body_get(body_id=body_id)
    if body is None:
        raise Http404("No body has this id.")
    return _calendar(
        request, meetings_of_body(body=body), f"Meetings of {body.name}", f"meetings-{body.id}"
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """A month of meetings, a week to a row; the picture's month unless one is asked for."""
    today = picture_as_of()
    form = MonthForm(request.GET or {"year": today.year, "month": today.month})
    if not form.is_valid():
        return render(request, "meetings/calendar.html", {"form": form}, status=400)
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    first = date(year, month, 1)
    previous = first - timedelta(days=1)
    following = first + timedelta(days=32)
    context = {
        "form": form,
        "first": first,
        "weeks": month_calendar(year=year, month=month),
        "previous": previous if previous.year >= 1990 else None,
        "following": following if following.year <= 2999 else None,
    }
    return render(request, "meetings/calendar.html", context)


def _series_in(data: dict[str, Any]) -> SeriesIn:
    return SeriesIn(
        name=data["name"],
        kind=data["kind"],
        cadence=data["cadence"],
        chair=data["chair"],
        began=data["began"],
        members=data["members"],
        expected_members_rule=data["expected_members_rule"],
        expected_members=data["expected_members"],
        precedes=data["precedes"],
        window_days=data["window_days"],
        min_lead_days=data["min_lead_days"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    """Create a meeting series."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = series_create(
                acting_user=user,
                id=form.cleaned_data["id"].strip(),
                series=_series_in(form.cleaned_data),
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Series {made.name} created.")
            return redirect("meetings:series", series_id=made.id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "series": None}
    return render(request, "meetings/series_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request: HttpRequest, series_id: str) -> HttpResponse:
    """Change a meeting series."""
    user = signed_in_user(request)
    _may(user, RECORDING_ROLES)
    record = series_get(series_id=series_id)
    if record is None:
        raise Http404("No meeting series has this id.")
    series = record.series
    initial = {
        "id": series.id,
        "name": series.name,
        "kind": series.kind,
        "cadence": series.cadence,
        "chair": series.chair_id or "",
        "began": series.began,
        "members": [body.id for body in record.members],
        "expected_members_rule": series.expected_members_rule,
        "expected_members": [body.id for body in record.expected],
        "precedes": series.precedes_id or "",
        "window_days": series.precedes_window_days,
        "min_lead_days": series.precedes_min_lead_days,
    }
    data = request.POST.copy() if request.POST else None
    if data is not None:
        data["id"] = series.id
    form = SeriesForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            series_update(
                acting_user=user, series_id=series.id, series=_series_in(form.cleaned_data)
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Series saved.")
            return redirect("meetings:series", series_id=series.id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "series": series}
    return render(request, "meetings/series_form.html", context, status=status)
