"""Page views of the meetings app: the series, one series, and one meeting. All read only.

Meetings carry no classified material, so every signed-in user may read
them; the findings shown beside a series or a meeting are those of the
findings page, about that record, on the picture's date.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from soctasking.assurance.registry import SubjectType
from soctasking.assurance.selectors import findings_about, picture_as_of
from soctasking.meetings.forms import SeriesFilterForm
from soctasking.meetings.selectors import meeting_get, series_get, series_list, series_meetings
from soctasking.web.pagination import paginate


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
    }
    return render(request, "meetings/series_list.html", context)


@login_required
def series_detail(request: HttpRequest, series_id: str) -> HttpResponse:
    """One series: its chair, cadence, members, precedence and its meetings, latest first."""
    record = series_get(series_id=series_id)
    if record is None:
        raise Http404("No meeting series has this id.")
    as_of = picture_as_of()
    context = {
        "series": record.series,
        "membership": record.membership,
        "members": record.members,
        "expected": record.expected,
        "pagination": paginate(request, series_meetings(series=record.series)),
        "as_of": as_of,
        "findings": findings_about(subjects=[("series", record.series.id)], as_of=as_of),
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
    context = {
        "meeting": record.meeting,
        "record": record,
        "as_of": as_of,
        "findings": findings_about(subjects=subjects, as_of=as_of),
    }
    return render(request, "meetings/meeting_detail.html", context)
