"""Reading the submission timetable: requirements, rows, compliance by body, and escalations.

Compliance shown to a user is judged on the submissions that user may see:
a row met only by material above their clearance, or in a compartment they
do not hold, shows as missing to them rather than betray that the material
exists. The assurance checks, which judge for the system, count everything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from soctasking.accounts.clearance import Classification
from soctasking.accounts.gate import filter_visible, user_compartments
from soctasking.accounts.models import Compartment, User
from soctasking.bodies.models import Body
from soctasking.intelligence.compliance import (
    RowCompliance,
    RowStatus,
    current_requirement,
    received_by_end_of,
    timetable_statuses,
)
from soctasking.intelligence.models import Acknowledgement, Requirement, Submission, TimetableRow
from soctasking.meetings.models import Meeting, MeetingStatus, SeriesKind
from soctasking.timetable.models import TimetableEscalation, TimetableReminder


def requirements_list() -> QuerySet[Requirement]:
    """Every requirement, latest period first, with how many rows and bodies it has."""
    return Requirement.objects.annotate(
        row_count=Count("timetable", distinct=True),
        body_count=Count("timetable__body", distinct=True),
    ).order_by("-period_start", "-issued", "id")


def requirement_get(*, id: str) -> Requirement | None:
    return Requirement.objects.filter(pk=id).prefetch_related("threats__threat").first()


def requirement_default(*, as_of: date) -> Requirement | None:
    """The requirement current on ``as_of``, or else the latest issued by then."""
    return (
        current_requirement(as_of=as_of)
        or Requirement.objects.filter(issued__lte=as_of).order_by("-period_start", "id").first()
    )


def rows_of(
    *, requirement: Requirement, body: str = "", product: str = ""
) -> QuerySet[TimetableRow]:
    rows = TimetableRow.objects.filter(requirement=requirement).select_related("body", "deliver_to")
    if body:
        rows = rows.filter(body_id=body)
    if product:
        rows = rows.filter(product=product)
    return rows.order_by("due", "body__name", "id")


def sees_everything(*, user: User) -> bool:
    """Whether ``user`` is cleared for every submission: then statuses need no caveat."""
    return user.clearance == Classification.TOP_SECRET and set(
        Compartment.objects.values_list("code", flat=True)
    ) <= user_compartments(user)


def visible_submissions(*, user: User) -> QuerySet[Submission]:
    """The submissions a user may count toward a row's status."""
    return filter_visible(user=user, queryset=Submission.objects.all())


@dataclass
class BodyCompliance:
    """One body's rows in a requirement on a date, with its counts and what was done about it."""

    body: Body
    rows: list[RowCompliance] = field(default_factory=list)
    acknowledged: date | None = None
    reminders: int = 0
    escalation: TimetableEscalation | None = None

    @property
    def counts(self) -> Counter[RowStatus]:
        return Counter(row.status for row in self.rows)

    @property
    def missing(self) -> int:
        return self.counts[RowStatus.MISSING]

    @property
    def worst(self) -> RowStatus:
        """The status the body is listed under: missing, then late, then due, then on time."""
        for status in (RowStatus.MISSING, RowStatus.LATE, RowStatus.DUE):
            if self.counts[status]:
                return status
        return RowStatus.ON_TIME


def compliance_by_body(
    *,
    user: User,
    requirement: Requirement,
    as_of: date,
    body: str = "",
    status: str = "",
) -> list[BodyCompliance]:
    """Each body with rows in ``requirement``: its rows' statuses on ``as_of``, as ``user`` sees.

    ``status`` keeps the bodies with at least one row of that status. Sorted
    with the most missing first, then the most late, then by name.
    """
    rows = TimetableRow.objects.filter(requirement=requirement)
    if body:
        rows = rows.filter(body_id=body)
    statuses = timetable_statuses(
        as_of=as_of, requirement=requirement, rows=rows, submissions=visible_submissions(user=user)
    )
    by_body: dict[str, BodyCompliance] = {}
    for row in statuses:
        by_body.setdefault(row.row.body_id, BodyCompliance(row.row.body)).rows.append(row)
    # What was done about the rows is shown as it stood on the date, too.
    acknowledged = dict(
        Acknowledgement.objects.filter(
            requirement=requirement, body_id__in=by_body, date__lte=as_of
        ).values_list("body_id", "date")
    )
    reminders = dict(
        TimetableReminder.objects.filter(
            received_by_end_of(as_of=as_of, field="sent"),
            row__requirement=requirement,
            row__body_id__in=by_body,
        )
        .values("row__body_id")
        .annotate(n=Count("id"))
        .values_list("row__body_id", "n")
    )
    escalations = escalations_of(requirement=requirement).filter(
        received_by_end_of(as_of=as_of, field="raised"), body_id__in=by_body
    )
    for escalation in escalations:
        entry = by_body[escalation.body_id]
        if entry.escalation is None:
            entry.escalation = escalation
    for body_id, entry in by_body.items():
        entry.acknowledged = acknowledged.get(body_id)
        entry.reminders = reminders.get(body_id, 0)
    listed = [entry for entry in by_body.values() if not status or entry.counts[RowStatus(status)]]
    return sorted(
        listed,
        key=lambda entry: (
            -entry.missing,
            -entry.counts[RowStatus.LATE],
            entry.body.name,
            entry.body.pk,
        ),
    )


def compliance_totals(entries: list[BodyCompliance]) -> Counter[RowStatus]:
    totals: Counter[RowStatus] = Counter()
    for entry in entries:
        totals.update(entry.counts)
    return totals


@dataclass(frozen=True)
class RequirementHistory:
    """A body's rows in one requirement, judged on a date."""

    requirement: Requirement
    rows: list[RowCompliance]
    acknowledged: date | None

    @property
    def counts(self) -> Counter[RowStatus]:
        return Counter(row.status for row in self.rows)


def compliance_history(*, user: User, body: Body, as_of: date) -> list[RequirementHistory]:
    """Every requirement issued by ``as_of`` in which ``body`` owes rows, latest first."""
    statuses = timetable_statuses(
        as_of=as_of,
        rows=TimetableRow.objects.filter(body=body),
        submissions=visible_submissions(user=user),
    )
    by_requirement: dict[str, list[RowCompliance]] = defaultdict(list)
    for row in statuses:
        by_requirement[row.row.requirement_id].append(row)
    requirements = Requirement.objects.filter(pk__in=by_requirement).order_by("-period_start", "id")
    acknowledged = dict(
        Acknowledgement.objects.filter(
            body=body, requirement__in=requirements, date__lte=as_of
        ).values_list("requirement_id", "date")
    )
    return [
        RequirementHistory(
            requirement, by_requirement[requirement.pk], acknowledged.get(requirement.pk)
        )
        for requirement in requirements
    ]


def acknowledgements_of(*, requirement: Requirement) -> QuerySet[Acknowledgement]:
    return (
        Acknowledgement.objects.filter(requirement=requirement)
        .select_related("body")
        .order_by("date", "body__name")
    )


def acknowledgement_of(*, requirement: Requirement, body_id: str | None) -> Acknowledgement | None:
    if body_id is None:
        return None
    return Acknowledgement.objects.filter(requirement=requirement, body_id=body_id).first()


def next_ntig_meeting(*, on_or_after: date) -> Meeting | None:
    """The first scheduled national tactical intelligence group meeting from a date on."""
    return (
        Meeting.objects.filter(
            series__kind=SeriesKind.NTIG, status=MeetingStatus.SCHEDULED, date__gte=on_or_after
        )
        .order_by("date", "id")
        .first()
    )


def escalations_of(*, requirement: Requirement | None = None) -> QuerySet[TimetableEscalation]:
    escalations = TimetableEscalation.objects.select_related(
        "body", "meeting", "requirement", "raised_by"
    ).prefetch_related("rows")
    if requirement is not None:
        escalations = escalations.filter(requirement=requirement)
    return escalations.order_by("-raised", "-id")


def _ntig_meetings_from(day: date) -> QuerySet[Meeting]:
    """NTIG meetings on or after ``day`` that were not cancelled, earliest first."""
    return (
        Meeting.objects.filter(series__kind=SeriesKind.NTIG, date__gte=day)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "id")
    )


def escalation_meeting(escalation: TimetableEscalation) -> Meeting | None:
    """The NTIG meeting that hears an escalation.

    The meeting it was put to; or, for one raised while none was scheduled,
    the first NTIG meeting on or after the day it was raised, once there is
    one. None while there is none.
    """
    if escalation.meeting is not None:
        return escalation.meeting
    return _ntig_meetings_from(timezone.localtime(escalation.raised).date()).first()


def pending_escalation(
    *, requirement: Requirement, body: Body, today: date
) -> TimetableEscalation | None:
    """The body's escalation whose meeting has not yet sat, if any.

    An escalation is heard once its meeting's date has passed; until then a
    second one for the same gap would only repeat it.
    """
    for escalation in escalations_of(requirement=requirement).filter(body=body):
        meeting = escalation_meeting(escalation)
        if meeting is None or (meeting.date >= today and meeting.status != MeetingStatus.CANCELLED):
            return escalation
    return None


def escalations_for_meeting(*, meeting: Meeting) -> QuerySet[TimetableEscalation]:
    """The timetable gaps a meeting's agenda carries.

    An NTIG meeting carries those put to it, and those raised while no
    meeting was scheduled whose first NTIG meeting after they were raised
    it is. Other meetings carry none.
    """
    if meeting.series.kind != SeriesKind.NTIG:
        return TimetableEscalation.objects.none()
    candidates = escalations_of().filter(
        Q(meeting=meeting) | Q(meeting__isnull=True, raised__lt=_start_of_day_after(meeting.date))
    )
    heard_there = [e.pk for e in candidates if escalation_meeting(e) == meeting]
    return escalations_of().filter(pk__in=heard_there)


def _start_of_day_after(day: date) -> datetime:
    return datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
