"""Reads of timetable compliance: which rows of the requirement were met, late or missed.

A timetable row is met by a submission from the row's body, of the row's
product kind, received in ``[window_start, due]`` (``window_start``
defaulting to the requirement's period start). It is late if the first such
submission came after ``due``, missing while none has come once ``due`` has
passed, and simply due while ``due`` has not passed. Everything is read as
of a date: a submission received after it has not come yet.

Received date-times are compared as dates in the site's time zone, so a
submission received at 23:30 on the due date is on time.

Beside the rows' statuses, the reads the submission checks need: when each
body last sent an assessment, who did not acknowledge a requirement in time,
and which members of national tasking series the requirement leaves out.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.models import (
    Acknowledgement,
    Requirement,
    Submission,
    SubmissionKind,
    TimetableRow,
)
from soctasking.meetings.models import MeetingSeries, SeriesKind

#: The kinds of submission that count as an assessment.
ASSESSMENT_KINDS = [
    SubmissionKind.STRATEGIC_ASSESSMENT.value,
    SubmissionKind.TACTICAL_ASSESSMENT.value,
]
#: The series where national tasking is decided, whose members ought to be on the timetable.
NATIONAL_TASKING_SERIES = [SeriesKind.NSTCG.value, SeriesKind.NTTCG.value, SeriesKind.NDBM.value]
#: The bodies a requirement tasks, as opposed to national units, security agencies,
#: regulators and government.
TASKED_BODY_KINDS = [
    BodyKind.POLICE_FORCE.value,
    BodyKind.ROCU.value,
    BodyKind.LAW_ENFORCEMENT_AGENCY.value,
]


class RowStatus(StrEnum):
    """Where a timetable row stands on a date."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    DUE = "due"


@dataclass(frozen=True)
class RowCompliance:
    """A timetable row's status on a date, with the submissions that meet it.

    ``submission`` is the first submission that meets the row (None while
    none has); ``submissions`` are all that do: every one received in the
    window, or, for a late row, the first one after ``due``.
    """

    row: TimetableRow
    status: RowStatus
    window_start: date
    submission: Submission | None
    submissions: tuple[Submission, ...]

    @property
    def received(self) -> date | None:
        """The day the first meeting submission was received, in the site's time zone."""
        return received_on(self.submission) if self.submission is not None else None


def received_on(submission: Submission) -> date:
    """The day a submission was received, in the site's time zone."""
    return timezone.localtime(submission.received).date()


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def received_by_end_of(*, as_of: date, field: str = "received") -> Q:
    """Records whose date-time ``field`` falls on or before ``as_of``, in the site's time zone."""
    return Q(**{f"{field}__lt": _start_of(as_of + timedelta(days=1))})


def current_requirement(*, as_of: date) -> Requirement | None:
    """The requirement whose period contains ``as_of``; the latest issued if several."""
    return (
        Requirement.objects.filter(period_start__lte=as_of, period_end__gte=as_of)
        .order_by("-issued", "id")
        .first()
    )


def _rows(*, as_of: date, requirement: Requirement | None) -> QuerySet[TimetableRow]:
    rows = TimetableRow.objects.select_related("requirement", "body", "deliver_to")
    if requirement is not None:
        return rows.filter(requirement=requirement).order_by("due", "id")
    # A requirement issued after the date did not yet exist on it.
    return rows.filter(requirement__issued__lte=as_of).order_by("due", "id")


def _window_start(row: TimetableRow) -> date:
    return row.window_start if row.window_start is not None else row.requirement.period_start


def _candidates(
    *, rows: list[TimetableRow], as_of: date, submissions: QuerySet[Submission]
) -> dict[tuple[str, str], list[tuple[date, Submission]]]:
    """Every one of ``submissions`` that could meet one of ``rows``, by (body, kind), oldest first.

    One query; the text and title are deferred, since only dates and routing matter here.
    """
    if not rows:
        return {}
    pairs = {(row.body_id, row.product) for row in rows}
    earliest = min(_window_start(row) for row in rows)
    candidates = (
        submissions.filter(received_by_end_of(as_of=as_of))
        .filter(
            received__gte=_start_of(earliest),
            body_id__in={body for body, _ in pairs},
            kind__in={kind for _, kind in pairs},
        )
        .select_related("received_by")
        .only("id", "body_id", "kind", "received", "received_by__id", "received_by__name")
        .order_by("received", "id")
    )
    found: dict[tuple[str, str], list[tuple[date, Submission]]] = defaultdict(list)
    for submission in candidates:
        found[(submission.body_id, submission.kind)].append((received_on(submission), submission))
    return found


def _status(
    row: TimetableRow, *, as_of: date, candidates: list[tuple[date, Submission]]
) -> RowCompliance:
    start = _window_start(row)
    days = [day for day, _ in candidates]
    first = bisect.bisect_left(days, start)
    in_window = tuple(s for day, s in candidates[first:] if day <= row.due)
    if in_window:
        return RowCompliance(row, RowStatus.ON_TIME, start, in_window[0], in_window)
    if first < len(candidates):
        late = candidates[first][1]
        return RowCompliance(row, RowStatus.LATE, start, late, (late,))
    status = RowStatus.MISSING if row.due < as_of else RowStatus.DUE
    return RowCompliance(row, status, start, None, ())


def _statuses(
    rows: Iterable[TimetableRow], *, as_of: date, submissions: QuerySet[Submission] | None = None
) -> list[RowCompliance]:
    listed = list(rows)
    candidates = _candidates(
        rows=listed,
        as_of=as_of,
        submissions=Submission.objects.all() if submissions is None else submissions,
    )
    return [
        _status(row, as_of=as_of, candidates=candidates.get((row.body_id, row.product), []))
        for row in listed
    ]


def timetable_row_status(*, row: TimetableRow, as_of: date) -> RowCompliance:
    """One row's status on ``as_of`` (see the module docstring)."""
    return _statuses([row], as_of=as_of)[0]


def timetable_statuses(
    *,
    as_of: date,
    requirement: Requirement | None = None,
    rows: QuerySet[TimetableRow] | None = None,
    submissions: QuerySet[Submission] | None = None,
) -> list[RowCompliance]:
    """The status on ``as_of`` of every row of ``requirement``, in order of due date and id.

    Without a requirement, the rows of every requirement issued on or before
    ``as_of``: a row due in the last days of a requirement's period, or after
    it, stays owed once the next requirement is current. ``rows`` narrows the
    rows further (to a body, say); ``submissions`` narrows what may meet them
    (to what a user may see, say), all submissions by default. Two queries
    whatever the number of rows.
    """
    selected = _rows(as_of=as_of, requirement=requirement)
    if rows is not None:
        selected = selected.filter(pk__in=rows.values("pk"))
    return _statuses(selected, as_of=as_of, submissions=submissions)


def last_assessments_received(*, as_of: date, bodies: Iterable[str]) -> dict[str, date]:
    """The day each of ``bodies`` last sent an assessment (strategic or tactical) by ``as_of``.

    Bodies that never sent one by then are absent from the result.
    """
    latest = (
        Submission.objects.filter(received_by_end_of(as_of=as_of))
        .filter(body_id__in=list(bodies), kind__in=ASSESSMENT_KINDS)
        .values("body_id")
        .annotate(last=Max("received"))
        .order_by("body_id")
    )
    return {entry["body_id"]: timezone.localtime(entry["last"]).date() for entry in latest}


def requirements_unacknowledged(*, as_of: date, ack_days: int) -> dict[str, list[Requirement]]:
    """For each body, the requirements it owes rows in but did not acknowledge in time.

    A requirement counts once issued on or before ``as_of`` and while its
    period has not ended. It is unacknowledged by a body with rows in it when
    more than ``ack_days`` have passed since it was issued and the body has
    no acknowledgement dated within ``ack_days`` of issue: one on day
    ``ack_days`` is in time, and one made later does not put it right.
    """
    requirements = Requirement.objects.filter(
        issued__lt=as_of - timedelta(days=ack_days), period_end__gte=as_of
    ).order_by("issued", "id")
    owed: dict[str, list[Requirement]] = defaultdict(list)
    by_id = {requirement.id: requirement for requirement in requirements}
    if not by_id:
        return owed
    acknowledged = {
        (ack.requirement_id, ack.body_id)
        for ack in Acknowledgement.objects.filter(requirement_id__in=by_id).select_related(
            "requirement"
        )
        if ack.date <= ack.requirement.issued + timedelta(days=ack_days)
    }
    pairs = (
        TimetableRow.objects.filter(requirement_id__in=by_id)
        .values_list("body_id", "requirement_id")
        .distinct()
        .order_by("body_id", "requirement_id")
    )
    for body_id, requirement_id in pairs:
        if (requirement_id, body_id) not in acknowledged:
            owed[body_id].append(by_id[requirement_id])
    for listed in owed.values():
        listed.sort(key=lambda requirement: (requirement.issued, requirement.id))
    return owed


def national_tasking_members_without_rows(
    *, requirement: Requirement
) -> dict[Body, list[MeetingSeries]]:
    """Police forces, ROCUs and law enforcement agencies on a national tasking series
    (NSTCG, NTTCG, daily briefing) with no row in ``requirement``, with those series.

    Membership is as stored: series record no dates of joining or leaving.
    """
    with_rows = TimetableRow.objects.filter(requirement=requirement).values("body_id")
    series = (
        MeetingSeries.objects.filter(kind__in=NATIONAL_TASKING_SERIES)
        .prefetch_related("members")
        .order_by("id")
    )
    members: dict[Body, list[MeetingSeries]] = defaultdict(list)
    outside = set(
        Body.objects.filter(kind__in=TASKED_BODY_KINDS)
        .exclude(id__in=with_rows)
        .values_list("id", flat=True)
    )
    for one in series:
        for body in one.members.all():
            if body.id in outside:
                members[body].append(one)
    return members
