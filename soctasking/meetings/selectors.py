"""Reads of the meeting cycle: what was decided, by which sitting, as of a date; and the
series and meetings as their pages and the API show them.

A meeting counts as held on a date when it is recorded as held and its date
is on or before that day; anything dated later had not happened yet, so a
past date gives the cycle as it stood then.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from soctasking.bodies.models import Body
from soctasking.meetings.models import (
    Action,
    ActionStatus,
    Decision,
    DecisionKind,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MeetingUpdate,
    RecordAmendment,
    SeriesKind,
)
from soctasking.meetings.planning import SeriesPlan, YearSchedule, year_schedule
from soctasking.threats.models import Threat

if TYPE_CHECKING:
    from soctasking.accounts.models import User
    from soctasking.assurance.registry import Finding, SubjectType
    from soctasking.governance.models import ActionPlan, ProgressReport
    from soctasking.referrals.models import Referral
    from soctasking.timetable.models import TimetableEscalation


def current_priority_threats(*, as_of: date) -> set[str]:
    """The national priority threats on ``as_of``, as threat ids.

    They are the threats of the ``adopt_priority_threats`` decision of the
    latest held meeting on or before the date: each such decision states the
    full set from that day on. ``collection_priority`` decisions mark
    priorities for intelligence collection only and do not count, nor do
    decisions of meetings that were cancelled or are only scheduled. Should
    one sitting record several such decisions, their threats together are the
    set. Empty when no priorities had been adopted by then.
    """
    adoptions = Decision.objects.filter(
        kind=DecisionKind.ADOPT_PRIORITY_THREATS,
        meeting__status=MeetingStatus.HELD,
        meeting__date__lte=as_of,
    )
    latest = adoptions.order_by("-meeting__date", "-meeting_id").values("meeting_id").first()
    if latest is None:
        return set()
    return set(
        Threat.objects.filter(
            decisions__in=adoptions.filter(meeting_id=latest["meeting_id"])
        ).values_list("id", flat=True)
    )


def meetings_held(*, as_of: date, kind: str | None = None) -> QuerySet[Meeting]:
    """Meetings recorded as held on or before ``as_of`` (of series of ``kind``), oldest first."""
    held = Meeting.objects.filter(status=MeetingStatus.HELD, date__lte=as_of)
    if kind is not None:
        held = held.filter(series__kind=kind)
    return held.select_related("series").order_by("date", "id")


@dataclass(frozen=True)
class PrerequisiteGap:
    """A held meeting whose prerequisite series held no sitting in the window before it.

    ``window_start`` and ``window_end`` are the first and last days a sitting
    of ``prerequisite`` should have been held on. ``cancelled`` are its
    sittings scheduled in that window and cancelled; ``sat_too_late`` those
    held after the window closed, up to ``window_days`` after the meeting.
    """

    meeting: Meeting
    prerequisite: MeetingSeries
    window_start: date
    window_end: date
    cancelled: tuple[Meeting, ...]
    sat_too_late: tuple[Meeting, ...]


def prerequisite_gaps(*, as_of: date) -> list[PrerequisiteGap]:
    """Every held meeting, by ``as_of``, of a series another series ``precedes``, where no
    sitting of that preceding series was held in ``[date - window_days, date - min_lead_days]``.

    Both ends of the window are in it. Sittings held after ``as_of`` had not
    happened yet, so they are neither in the window nor late. Ordered by
    meeting date, then meeting id, then preceding series id.
    """
    gaps: list[PrerequisiteGap] = []
    preceding = MeetingSeries.objects.filter(precedes__isnull=False).select_related("precedes")
    for prerequisite in preceding.order_by("id"):
        window_days = prerequisite.precedes_window_days or 0
        lead_days = prerequisite.precedes_min_lead_days or 0
        sittings = list(
            Meeting.objects.filter(series=prerequisite, date__lte=as_of).order_by("date", "id")
        )
        held = meetings_held(as_of=as_of).filter(series_id=prerequisite.precedes_id)
        for meeting in held.select_related("series").order_by("date", "id"):
            start = meeting.date - timedelta(days=window_days)
            end = meeting.date - timedelta(days=lead_days)
            in_window = [sitting for sitting in sittings if start <= sitting.date <= end]
            if any(sitting.status == MeetingStatus.HELD for sitting in in_window):
                continue
            late_until = meeting.date + timedelta(days=window_days)
            gaps.append(
                PrerequisiteGap(
                    meeting=meeting,
                    prerequisite=prerequisite,
                    window_start=start,
                    window_end=end,
                    cancelled=tuple(
                        sitting
                        for sitting in in_window
                        if sitting.status == MeetingStatus.CANCELLED
                    ),
                    sat_too_late=tuple(
                        sitting
                        for sitting in sittings
                        if sitting.status == MeetingStatus.HELD and end < sitting.date <= late_until
                    ),
                )
            )
    return sorted(gaps, key=lambda gap: (gap.meeting.date, gap.meeting.id, gap.prerequisite.id))


def series_missing_expected_members() -> dict[MeetingSeries, list[Body]]:
    """Series whose expected members include bodies not among their members, with those bodies.

    Membership is as stored: series keep no dates of joining or leaving.
    """
    missing: dict[MeetingSeries, list[Body]] = {}
    series = MeetingSeries.objects.prefetch_related("members", "expected_members")
    for one in series.order_by("id"):
        members = {body.id for body in one.members.all()}
        left_out = sorted(
            (body for body in one.expected_members.all() if body.id not in members),
            key=lambda body: body.id,
        )
        if left_out:
            missing[one] = left_out
    return missing


@dataclass(frozen=True)
class SeriesAbsence:
    """Members of a series who attended none of its last held ``meetings``."""

    series: MeetingSeries
    meetings: tuple[Meeting, ...]
    absent: tuple[Body, ...]


def series_absent_members(*, as_of: date, meetings: int, at_least: int) -> list[SeriesAbsence]:
    """For each series that held at least ``at_least`` meetings by ``as_of``, the members who
    attended none of its last ``meetings`` held ones (fewer if it held fewer).

    Series whose every member attended at least one of them are left out.
    Three queries whatever the number of series.
    """
    ranked = meetings_held(as_of=as_of).annotate(
        recency=Window(
            RowNumber(), partition_by=[F("series_id")], order_by=[F("date").desc(), F("id").desc()]
        )
    )
    recent: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in (
        ranked.filter(recency__lte=meetings)
        .select_related("series")
        .order_by("series_id", "-date", "-id")
    ):
        recent[meeting.series_id].append(meeting)
    judged = {series_id: held for series_id, held in recent.items() if len(held) >= at_least}
    attended: dict[str, set[str]] = defaultdict(set)
    attendance = Meeting.attended.through.objects.filter(
        meeting_id__in=[meeting.id for held in judged.values() for meeting in held]
    )
    for meeting_id, body_id in attendance.values_list("meeting_id", "body_id"):
        attended[meeting_id].add(body_id)
    memberships = MeetingSeries.members.through.objects.filter(
        meetingseries_id__in=list(judged)
    ).select_related("body")
    members: dict[str, list[Body]] = defaultdict(list)
    for membership in memberships.order_by("body_id"):
        members[membership.meetingseries_id].append(membership.body)
    absences: list[SeriesAbsence] = []
    for series_id in sorted(judged):
        held = judged[series_id]
        present = set().union(*(attended[meeting.id] for meeting in held))
        absent = tuple(body for body in members[series_id] if body.id not in present)
        if absent:
            absences.append(
                SeriesAbsence(series=held[0].series, meetings=tuple(held), absent=absent)
            )
    return absences


def actions_overdue(*, as_of: date) -> QuerySet[Action]:
    """Actions allocated by ``as_of``, due before it and still open on it.

    An action due on the date is not yet overdue. One marked done on a day
    after ``as_of`` was still open then; a cancelled one is not open.
    """
    still_open = Q(status=ActionStatus.OPEN) | Q(status=ActionStatus.DONE, completed__gt=as_of)
    return (
        Action.objects.filter(meeting__date__lte=as_of, due__lt=as_of)
        .filter(still_open)
        .select_related("meeting__series", "owner")
        .order_by("due", "id")
    )


def meetings_held_without_actions(*, as_of: date, series_kind: str) -> QuerySet[Meeting]:
    """Meetings of series of ``series_kind`` held by ``as_of`` that allocated no action."""
    return (
        meetings_held(as_of=as_of)
        .filter(series__kind=series_kind, actions__isnull=True)
        .select_related("series")
        .order_by("date", "id")
    )


def priority_adoptions(*, as_of: date) -> QuerySet[Decision]:
    """``adopt_priority_threats`` decisions of meetings held by ``as_of``, with what they rest on:
    their threats, their evaluation and the meeting that recommended them."""
    return (
        Decision.objects.filter(
            kind=DecisionKind.ADOPT_PRIORITY_THREATS,
            meeting__status=MeetingStatus.HELD,
            meeting__date__lte=as_of,
        )
        .select_related("meeting__series", "evaluation", "recommended_by__series")
        .prefetch_related("threats")
        .order_by("meeting__date", "id")
    )


def series_list(*, kind: str | None = None) -> QuerySet[MeetingSeries]:
    """Meeting series by name (all, or those of ``kind``), with their chair, how many members
    each has and the date of its latest held meeting (``None`` if it never sat)."""
    series = MeetingSeries.objects.select_related("chair")
    if kind is not None:
        series = series.filter(kind=kind)
    return series.annotate(
        members_count=Count("members", distinct=True),
        last_held=Max("meetings__date", filter=Q(meetings__status=MeetingStatus.HELD)),
    ).order_by("name", "id")


@dataclass(frozen=True)
class Membership:
    """A body's place in a series: a member, expected to be one, or both."""

    body: Body
    member: bool
    expected: bool


@dataclass(frozen=True)
class SeriesRecord:
    """A series with its members and expected members side by side."""

    series: MeetingSeries
    membership: list[Membership]

    @property
    def members(self) -> list[Body]:
        return [row.body for row in self.membership if row.member]

    @property
    def expected(self) -> list[Body]:
        return [row.body for row in self.membership if row.expected]


def series_get(*, series_id: str) -> SeriesRecord | None:
    """One series with its chair, precedence and membership, bodies by name; ``None`` if unknown."""
    series = (
        MeetingSeries.objects.select_related("chair", "precedes", "governance_group")
        .prefetch_related("members", "expected_members", "preceded_by")
        .filter(id=series_id)
        .first()
    )
    if series is None:
        return None
    members = {body.id: body for body in series.members.all()}
    expected = {body.id: body for body in series.expected_members.all()}
    bodies = {**members, **expected}
    membership = [
        Membership(body=body, member=body.id in members, expected=body.id in expected)
        for body in sorted(bodies.values(), key=lambda body: (body.name, body.id))
    ]
    return SeriesRecord(series=series, membership=membership)


def series_meetings(*, series: MeetingSeries) -> QuerySet[Meeting]:
    """The meetings of ``series``, latest first, with how many attended, decisions and actions."""
    return (
        Meeting.objects.filter(series=series)
        .annotate(
            attended_count=Count("attended", distinct=True),
            decisions_count=Count("decisions", distinct=True),
            actions_count=Count("actions", distinct=True),
        )
        .order_by("-date", "-id")
    )


class Attendance(StrEnum):
    """How a body stood to a meeting."""

    ATTENDED = "Attended"
    ATTENDED_UNINVITED = "Attended, not invited"
    APOLOGIES = "Sent apologies"
    DID_NOT_ATTEND = "Invited, did not attend"
    INVITED = "Invited"


@dataclass(frozen=True)
class AttendanceRow:
    body: Body
    attendance: Attendance

    @property
    def label(self) -> str:
        return self.attendance.value


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting with who was invited and who took part, its decisions, actions and updates.

    ``invited`` is the meeting's own invitation, or the series' members when
    it records none (the bundle's default). A body invited to a held meeting
    that did not attend either sent apologies (when the record says so) or
    is recorded as not attending. Before a meeting is held nobody has
    attended. ``amendments`` are the changes made after its minutes were
    approved, oldest first.
    """

    meeting: Meeting
    invited: list[Body]
    invited_is_default: bool
    attended: list[Body]
    apologies: list[Body]
    attendance: list[AttendanceRow]
    decisions: list[Decision]
    actions: list[Action]
    updates: list[MeetingUpdate]
    amendments: list[RecordAmendment]


def _attendance(
    meeting: Meeting, invited: list[Body], attended: list[Body], apologies: list[Body]
) -> list[AttendanceRow]:
    invited_ids = {body.id for body in invited}
    attended_ids = {body.id for body in attended}
    apology_ids = {body.id for body in apologies}
    bodies = {body.id: body for body in [*invited, *attended, *apologies]}
    rows = []
    for body in sorted(bodies.values(), key=lambda body: (body.name, body.id)):
        if body.id in attended_ids:
            state = Attendance.ATTENDED if body.id in invited_ids else Attendance.ATTENDED_UNINVITED
        elif body.id in apology_ids:
            state = Attendance.APOLOGIES
        elif meeting.status == MeetingStatus.HELD:
            state = Attendance.DID_NOT_ATTEND
        else:
            state = Attendance.INVITED
        rows.append(AttendanceRow(body=body, attendance=state))
    return rows


def meeting_get(*, meeting_id: str) -> MeetingRecord | None:
    """One meeting with everything its page and the API show; ``None`` if unknown."""
    meeting = (
        Meeting.objects.select_related("series")
        .prefetch_related(
            "invited",
            "attended",
            "apologies",
            "series__members",
            Prefetch("amendments", queryset=RecordAmendment.objects.select_related("by")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "evaluation", "recommended_by__series"
                ).prefetch_related("threats"),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            Prefetch(
                "updates",
                queryset=MeetingUpdate.objects.select_related("body").prefetch_related("threats"),
            ),
        )
        .filter(id=meeting_id)
        .first()
    )
    if meeting is None:
        return None
    own = list(meeting.invited.all())
    invited = own or list(meeting.series.members.all())
    attended = sorted(meeting.attended.all(), key=lambda body: (body.name, body.id))
    apologies = sorted(meeting.apologies.all(), key=lambda body: (body.name, body.id))
    return MeetingRecord(
        meeting=meeting,
        invited=sorted(invited, key=lambda body: (body.name, body.id)),
        invited_is_default=not own,
        attended=attended,
        apologies=apologies,
        attendance=_attendance(meeting, invited, attended, apologies),
        decisions=sorted(meeting.decisions.all(), key=lambda decision: decision.id),
        actions=sorted(meeting.actions.all(), key=lambda action: (action.due, action.id)),
        updates=sorted(meeting.updates.all(), key=lambda update: update.position),
        amendments=list(meeting.amendments.all()),
    )


def meetings_left_without_input(*, meeting: Meeting) -> list[Meeting]:
    """The meetings that would lose their input were ``meeting`` not held.

    They are the scheduled or held sittings of the series ``meeting``'s
    series must sit before (``precedes``) whose window
    ``[date - window_days, date - min_lead_days]`` holds ``meeting``'s date,
    and in which no other sitting of its series is scheduled or held.
    Earliest first; empty when its series precedes none.
    """
    series = meeting.series
    if series.precedes_id is None:
        return []
    window = series.precedes_window_days or 0
    lead = series.precedes_min_lead_days or 0
    following = (
        Meeting.objects.filter(
            series_id=series.precedes_id,
            date__gte=meeting.date + timedelta(days=lead),
            date__lte=meeting.date + timedelta(days=window),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("series")
        .order_by("date", "id")
    )
    others = list(
        Meeting.objects.filter(series=series)
        .exclude(pk=meeting.pk)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("date", flat=True)
    )
    return [
        later
        for later in following
        if not any(
            later.date - timedelta(days=window) <= day <= later.date - timedelta(days=lead)
            for day in others
        )
    ]


@dataclass(frozen=True)
class PrecedingOutcome:
    """What the latest held sitting of a series that must sit before this one decided.

    ``meeting`` is ``None`` when that series held no sitting on or before
    the day; ``in_window`` says whether the sitting was within the window
    the precedence rule allows.
    """

    series: MeetingSeries
    meeting: Meeting | None
    in_window: bool
    decisions: list[Decision]
    actions: list[Action]


@dataclass(frozen=True)
class Agenda:
    """A meeting's agenda, built from its inputs, each section empty when nothing is due."""

    meeting: Meeting
    preceding: list[PrecedingOutcome]
    escalations: list[TimetableEscalation]
    referrals: list[Referral]
    findings: list[Finding]
    reports: list[ProgressReport]
    plans_awaiting_report: list[ActionPlan]
    overdue_actions: list[Action]


#: Which referral routes a series of each kind hears.
ROUTES_HEARD: dict[str, tuple[str, ...]] = {
    SeriesKind.NTIG: ("ntig",),
    SeriesKind.NTTCG: ("nttcg",),
    SeriesKind.ITG: ("itg",),
    SeriesKind.CITG: ("itg",),
}


def _preceding_outcomes(meeting: Meeting) -> list[PrecedingOutcome]:
    outcomes = []
    for before in MeetingSeries.objects.filter(precedes=meeting.series).order_by("name", "id"):
        latest = (
            Meeting.objects.filter(series=before, status=MeetingStatus.HELD, date__lte=meeting.date)
            .prefetch_related("decisions__threats", "actions__owner")
            .order_by("-date", "-id")
            .first()
        )
        in_window = latest is not None and (
            meeting.date - timedelta(days=before.precedes_window_days or 0)
            <= latest.date
            <= meeting.date - timedelta(days=before.precedes_min_lead_days or 0)
        )
        outcomes.append(
            PrecedingOutcome(
                series=before,
                meeting=latest,
                in_window=in_window,
                decisions=list(latest.decisions.all()) if latest else [],
                actions=list(latest.actions.all()) if latest else [],
            )
        )
    return outcomes


def meeting_agenda(*, meeting: Meeting, user: User) -> Agenda:
    """The agenda of ``meeting`` as ``user`` may see it, as things stand on its date.

    Its inputs: the outcomes of the intelligence group that sits before it;
    the gaps in the submission timetable escalated to it (NTIG); the
    referrals awaiting decision by the route it hears; the open findings
    about its series, its sittings and their actions that ``user`` may be
    shown; the action-plan progress reports addressed to it and, for a
    tactical tasking group, the plans of active groups that have not
    reported to it; and the actions of its series' sittings overdue on its
    date.
    """
    from soctasking.assurance.selectors import findings_about, findings_visible_to
    from soctasking.governance.models import ProgressReport
    from soctasking.governance.selectors import plans_of_active_groups, plans_reported_to
    from soctasking.referrals.selectors import referrals_awaiting_decision
    from soctasking.timetable.selectors import escalations_for_meeting

    as_of = meeting.date
    routes = ROUTES_HEARD.get(meeting.series.kind, ())
    referrals = (
        list(referrals_awaiting_decision(as_of=as_of).filter(route__in=routes)) if routes else []
    )
    sittings = Meeting.objects.filter(series=meeting.series)
    subjects: list[tuple[SubjectType, str]] = [("series", meeting.series_id)]
    subjects += [("meeting", pk) for pk in sittings.values_list("pk", flat=True)]
    actions = Action.objects.filter(meeting__in=sittings)
    subjects += [("action", pk) for pk in actions.values_list("pk", flat=True)]
    findings = findings_visible_to(
        user=user, findings=findings_about(subjects=subjects, as_of=as_of), as_of=as_of
    )
    reports = list(
        ProgressReport.objects.filter(to_meeting=meeting).select_related("plan").order_by("plan_id")
    )
    awaiting: list[ActionPlan] = []
    if meeting.series.kind == SeriesKind.NTTCG:
        previous = (
            sittings.filter(status=MeetingStatus.HELD, date__lt=meeting.date)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        reported = plans_reported_to(meeting=meeting, since=previous)
        awaiting = [
            plan
            for plan in plans_of_active_groups(approved_before=meeting.date)
            if plan.id not in reported
        ]
    return Agenda(
        meeting=meeting,
        preceding=_preceding_outcomes(meeting),
        escalations=list(escalations_for_meeting(meeting=meeting).select_related("body")),
        referrals=referrals,
        findings=findings,
        reports=reports,
        plans_awaiting_report=awaiting,
        overdue_actions=list(actions_overdue(as_of=as_of).filter(meeting__series=meeting.series)),
    )


def series_plans() -> list[SeriesPlan]:
    """Every series as planning sees it: its cadence and the series it must sit before."""
    return [
        SeriesPlan(
            id=series.id,
            cadence=series.cadence,
            precedes=series.precedes_id,
            window_days=series.precedes_window_days or 0,
            min_lead_days=series.precedes_min_lead_days or 0,
        )
        for series in MeetingSeries.objects.order_by("id")
    ]


def year_plan(*, year: int) -> YearSchedule:
    """A year of sittings for every series, keeping the dates already scheduled or held.

    A series with sittings recorded in the year keeps them as they are (so
    they are checked, not moved); the others are planned from their cadence.
    """
    recorded: dict[str, list[date]] = defaultdict(list)
    sittings = Meeting.objects.filter(date__year=year).exclude(status=MeetingStatus.CANCELLED)
    for series_id, day in sittings.values_list("series_id", "date"):
        recorded[series_id].append(day)
    return year_schedule(plans=series_plans(), year=year, fixed=recorded)


def meetings_of_body(*, body: Body) -> QuerySet[Meeting]:
    """The meetings a body takes part in: invited to it (by the meeting's own invitation, or
    as a member of its series when the meeting names none), or chairing its series."""
    return (
        Meeting.objects.filter(
            Q(invited=body) | Q(invited__isnull=True, series__members=body) | Q(series__chair=body)
        )
        .select_related("series")
        .distinct()
        .order_by("date", "id")
    )


def meetings_of_series(*, series: MeetingSeries) -> QuerySet[Meeting]:
    """The meetings of a series, earliest first, for its calendar."""
    return Meeting.objects.filter(series=series).select_related("series").order_by("date", "id")


@dataclass(frozen=True)
class CalendarDay:
    """One day of a month's calendar; ``in_month`` is false for the days padding its weeks."""

    day: date
    in_month: bool
    meetings: list[Meeting]


def month_calendar(*, year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with its meetings by series name."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    meetings = Meeting.objects.filter(date__gte=first, date__lte=last).select_related("series")
    for meeting in meetings.order_by("date", "series__name", "id"):
        by_day[meeting.date].append(meeting)
    return [
        [CalendarDay(day=day, in_month=day.month == month, meetings=by_day[day]) for day in week]
        for week in weeks
    ]
