"""Checks on the meeting cycle: prerequisite meetings late or cancelled, bodies left out of a
series or absent from it, actions overdue, and tactical groups that tasked nobody.

Findings name meetings, series, bodies and actions by id, with dates; never
the text of a decision, an action or an update.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date

from soctasking.assurance.registry import Finding, check, flag
from soctasking.bodies.models import Body
from soctasking.meetings.models import Meeting, MeetingSeries, SeriesKind
from soctasking.meetings.selectors import (
    PrerequisiteGap,
    actions_overdue,
    meetings_held_without_actions,
    prerequisite_gaps,
    series_absent_members,
    series_missing_expected_members,
)

# A series must have held this many meetings before anyone can be called absent from it.
ABSENCE_MINIMUM_HELD = 2


def _sitting(meeting: Meeting) -> str:
    return f"{meeting.series.name} of {meeting.date.isoformat()} ({meeting.id})"


def _meeting(meeting: Meeting) -> str:
    return f"The {_sitting(meeting)}"


def _series(series: MeetingSeries) -> str:
    return f"The {series.name} ({series.id})"


def _bodies(bodies: list[Body] | tuple[Body, ...]) -> str:
    return ", ".join(f"{body.name} ({body.id})" for body in bodies)


def _sittings(meetings: tuple[Meeting, ...]) -> str:
    return ", ".join(f"{meeting.date.isoformat()} ({meeting.id})" for meeting in meetings)


def _gap_evidence(gap: PrerequisiteGap) -> dict[str, object]:
    return {
        "series": gap.prerequisite.id,
        "window_start": gap.window_start.isoformat(),
        "window_end": gap.window_end.isoformat(),
        "window_days": gap.prerequisite.precedes_window_days,
        "min_lead_days": gap.prerequisite.precedes_min_lead_days,
        "cancelled": [
            {"meeting": sitting.id, "date": sitting.date.isoformat()} for sitting in gap.cancelled
        ],
        "sat_too_late": [
            {"meeting": sitting.id, "date": sitting.date.isoformat()}
            for sitting in gap.sat_too_late
        ],
    }


def _gap_sentence(gap: PrerequisiteGap, *, cancelled: bool) -> str:
    prerequisite = gap.prerequisite.name
    window = (
        f"between {gap.window_start.isoformat()} and {gap.window_end.isoformat()} "
        f"({gap.prerequisite.precedes_window_days} to {gap.prerequisite.precedes_min_lead_days} "
        "days before)"
    )
    if cancelled:
        sentence = f"its {prerequisite} due {window} was cancelled: {_sittings(gap.cancelled)}"
    else:
        sentence = f"no {prerequisite} was held {window}"
    if gap.sat_too_late:
        sentence += f"; the {prerequisite} sat too late, on {_sittings(gap.sat_too_late)}"
    return sentence


def _gaps_by_meeting(*, as_of: date, cancelled: bool) -> dict[Meeting, list[PrerequisiteGap]]:
    """The prerequisite gaps of each meeting: those with a cancelled sitting in the window,
    or those without one."""
    by_meeting: dict[Meeting, list[PrerequisiteGap]] = defaultdict(list)
    for gap in prerequisite_gaps(as_of=as_of):
        if bool(gap.cancelled) is cancelled:
            by_meeting[gap.meeting].append(gap)
    return by_meeting


def _prerequisite_finding(code: str, meeting: Meeting, gaps: list[PrerequisiteGap]) -> Finding:
    cancelled = code == "MTG002"
    return flag(
        code,
        subject_id=meeting.id,
        message=f"{_meeting(meeting)} sat, but "
        + "; and ".join(_gap_sentence(gap, cancelled=cancelled) for gap in gaps),
        evidence={
            "meeting": meeting.id,
            "series": meeting.series_id,
            "date": meeting.date.isoformat(),
            "prerequisites": [_gap_evidence(gap) for gap in gaps],
        },
    )


@check(
    code="MTG001",
    name="prerequisite-late",
    severity="high",
    subject="meeting",
    recommendation="Schedule the preceding meeting inside its window before the next sitting, "
    "so that its advice reaches the meeting it is meant to inform.",
)
def prerequisite_late(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A held meeting of a series that another series precedes, where no meeting of the
    preceding series was held between ``window_days`` and ``min_lead_days`` days before it.

    Both ends of the window are in time; a day either side is not. The
    evidence names any sitting of the preceding series held after the window
    closed and up to ``window_days`` after the meeting: it sat too late. When
    the preceding sitting scheduled in the window was cancelled, MTG002 is
    reported instead.
    """
    for meeting, gaps in _gaps_by_meeting(as_of=as_of, cancelled=False).items():
        yield _prerequisite_finding("MTG001", meeting, gaps)


@check(
    code="MTG002",
    name="prerequisite-cancelled",
    severity="high",
    subject="meeting",
    recommendation="Hold the preceding meeting before the next sitting, or defer the decisions "
    "it was meant to inform.",
)
def prerequisite_cancelled(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A held meeting of a series that another series precedes, where the meeting of the
    preceding series scheduled in its window was cancelled and none was held there.

    Reported instead of MTG001 for that preceding series; the window is as for MTG001.
    """
    for meeting, gaps in _gaps_by_meeting(as_of=as_of, cancelled=True).items():
        yield _prerequisite_finding("MTG002", meeting, gaps)


@check(
    code="MTG003",
    name="expected-member-missing",
    severity="medium",
    subject="series",
    recommendation="Invite the bodies the series ought to include, or record why they are not.",
)
def expected_member_missing(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A series whose expected members include bodies that are not among its members; the
    evidence lists them.

    Membership is as stored, whatever the date: series keep no dates of joining.
    """
    for series, bodies in series_missing_expected_members().items():
        yield flag(
            "MTG003",
            subject_id=series.id,
            message=f"{_series(series)} does not include bodies that ought to be members: "
            f"{_bodies(bodies)}",
            evidence={"series": series.id, "missing": [body.id for body in bodies]},
        )


@check(
    code="MTG004",
    name="member-absent",
    severity="medium",
    subject="series",
    thresholds={"absence_meetings": 3},
    recommendation="Ask each absent member to nominate someone to attend, or take it off the "
    "series' members.",
)
def member_absent(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A series with members who attended none of its last ``absence_meetings`` held meetings;
    one finding per series, listing the absent bodies.

    A series that has held fewer than 2 meetings is not judged; one that has
    held fewer than ``absence_meetings`` but at least 2 is judged on those.
    """
    count = int(thresholds["absence_meetings"])
    absences = series_absent_members(as_of=as_of, meetings=count, at_least=ABSENCE_MINIMUM_HELD)
    for absence in absences:
        held = absence.meetings
        yield flag(
            "MTG004",
            subject_id=absence.series.id,
            message=f"{_series(absence.series)} has members who attended none of its last "
            f"{len(held)} meetings: {_bodies(absence.absent)}",
            evidence={
                "series": absence.series.id,
                "absence_meetings": count,
                "meetings": [meeting.id for meeting in held],
                "absent": [body.id for body in absence.absent],
            },
        )


@check(
    code="MTG005",
    name="action-overdue",
    severity="medium",
    subject="action",
    recommendation="Chase the owner for the action, or record that it is done or no longer needed.",
)
def action_overdue(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """An action still open after its due date.

    An action due on the date is not yet overdue; one due the day before is.
    An action completed after the date was still open on it.
    """
    for action in actions_overdue(as_of=as_of):
        days = (as_of - action.due).days
        yield flag(
            "MTG005",
            subject_id=action.id,
            message=f"Action {action.id} for {action.owner.name} ({action.owner_id}), allocated by "
            f"the {_sitting(action.meeting)} and due {action.due.isoformat()}, is still open "
            f"{days} days later",
            evidence={
                "action": action.id,
                "meeting": action.meeting_id,
                "owner": action.owner_id,
                "due": action.due.isoformat(),
                "days_overdue": days,
            },
        )


@check(
    code="MTG006",
    name="tasking-without-tasks",
    severity="low",
    subject="meeting",
    recommendation="Record the tasks the tactical group allocated, with an owner and a due date "
    "for each.",
)
def tasking_without_tasks(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A held meeting of a national tactical tasking and coordination group (``nttcg``)
    that allocated no action."""
    for meeting in meetings_held_without_actions(as_of=as_of, series_kind=SeriesKind.NTTCG):
        yield flag(
            "MTG006",
            subject_id=meeting.id,
            message=f"{_meeting(meeting)} allocated no task",
            evidence={
                "meeting": meeting.id,
                "series": meeting.series_id,
                "date": meeting.date.isoformat(),
            },
        )
