"""Checks on submissions against the requirement's timetable: missing, late, silent,
unacknowledged, misrouted, and bodies left out of the timetable.

Findings name bodies, rows, requirements and submissions by id, with dates
and kinds; never a submission's title or text, which may be classified. A
finding that names a submission is shown only to users who may see that
submission: even its id tells a reader that it exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from soctasking.assurance.registry import Finding, check, flag
from soctasking.bodies.models import Body
from soctasking.intelligence.compliance import (
    RowCompliance,
    RowStatus,
    current_requirement,
    last_assessments_received,
    national_tasking_members_without_rows,
    received_on,
    requirements_unacknowledged,
    timetable_statuses,
)
from soctasking.intelligence.models import SubmissionKind
from soctasking.intelligence.selectors import submission_visible

if TYPE_CHECKING:
    from soctasking.accounts.models import User


def _named(body: Body) -> str:
    return f"{body.name} ({body.id})"


def _product(kind: str) -> str:
    # A row's product is always a submission kind: the database enforces it.
    return str(SubmissionKind(kind).label).lower()


def _submission_shown_to(*, finding: Finding, user: User, as_of: date) -> bool:
    return submission_visible(user=user, id=str(finding.evidence["submission"]))


def _row_evidence(compliance: RowCompliance) -> dict[str, str | None]:
    row = compliance.row
    return {
        "row": row.id,
        "requirement": row.requirement_id,
        "body": row.body_id,
        "product": row.product,
        "window_start": compliance.window_start.isoformat(),
        "due": row.due.isoformat(),
        "deliver_to": row.deliver_to_id,
    }


@check(
    code="SUB001",
    name="submission-missing",
    severity="high",
    subject="body",
    recommendation="Resolve with the unit; refer to the national tactical intelligence group "
    "if it persists.",
)
def submission_missing(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A timetable row whose due date has passed with no submission of its product from its
    body received since the row's window opened; one finding per row.

    A row due on the date is not yet missing. Rows of every requirement issued
    by the date count, so a row due after its requirement's period stays owed.
    """
    for compliance in timetable_statuses(as_of=as_of):
        if compliance.status is not RowStatus.MISSING:
            continue
        row = compliance.row
        yield flag(
            "SUB001",
            subject_id=row.body_id,
            message=f"No {_product(row.product)} from {_named(row.body)} for row {row.id}, "
            f"due {row.due.isoformat()}",
            evidence=_row_evidence(compliance),
        )


@check(
    code="SUB002",
    name="submission-late",
    severity="low",
    subject="body",
    recommendation="Remind the unit of its deadlines in the requirement's timetable.",
    visible_to=_submission_shown_to,
)
def submission_late(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A timetable row met only after its due date; one finding per row.

    A submission received on the due date is on time; one the day after is late.
    """
    for compliance in timetable_statuses(as_of=as_of):
        if compliance.status is not RowStatus.LATE or compliance.submission is None:
            continue
        row = compliance.row
        received = received_on(compliance.submission)
        days_late = (received - row.due).days
        yield flag(
            "SUB002",
            subject_id=row.body_id,
            message=f"The {_product(row.product)} from {_named(row.body)} for row {row.id}, "
            f"due {row.due.isoformat()}, came {days_late} days late on {received.isoformat()}",
            evidence={
                **_row_evidence(compliance),
                "submission": compliance.submission.id,
                "received": received.isoformat(),
                "days_late": days_late,
            },
        )


@check(
    code="SUB003",
    name="body-silent",
    severity="high",
    subject="body",
    thresholds={"silent_days": 365},
    recommendation="Contact the unit's head of intelligence; escalate to the national "
    "strategic tasking and coordination group if it has stopped contributing.",
)
def body_silent(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A body with rows in the current requirement that has sent no strategic or tactical
    assessment in over ``silent_days``, or never.

    A body whose last assessment came exactly ``silent_days`` before the date
    is not yet silent. Other kinds of submission do not break the silence.
    """
    requirement = current_requirement(as_of=as_of)
    if requirement is None:
        return
    days = int(thresholds["silent_days"])
    bodies = {row.body_id: row.body for row in requirement.timetable.select_related("body")}
    last = last_assessments_received(as_of=as_of, bodies=bodies)
    for body_id in sorted(bodies):
        latest = last.get(body_id)
        if latest is not None and (as_of - latest).days <= days:
            continue
        since = f"since {latest.isoformat()}" if latest is not None else "ever"
        yield flag(
            "SUB003",
            subject_id=body_id,
            message=f"{_named(bodies[body_id])}, owing rows in requirement {requirement.id}, "
            f"has sent no assessment in over {days} days (none {since})",
            evidence={
                "body": body_id,
                "requirement": requirement.id,
                "last_assessment": latest.isoformat() if latest is not None else None,
                "silent_days": days,
            },
        )


@check(
    code="SUB004",
    name="requirement-unacknowledged",
    severity="medium",
    subject="body",
    thresholds={"ack_days": 30},
    recommendation="Ask the unit to acknowledge the requirement and confirm it knows its rows.",
)
def requirement_unacknowledged(
    *, as_of: date, thresholds: Mapping[str, float]
) -> Iterator[Finding]:
    """A body with rows in a requirement that did not acknowledge it within ``ack_days`` of
    its issue; one finding per body, listing the requirements.

    Requirements issued by the date whose period has not ended count. An
    acknowledgement on day ``ack_days`` is in time; a later one does not clear
    the finding, and until day ``ack_days`` has passed nothing is flagged.
    """
    days = int(thresholds["ack_days"])
    owed = requirements_unacknowledged(as_of=as_of, ack_days=days)
    bodies = Body.objects.in_bulk(list(owed))
    for body_id in sorted(owed):
        requirements = owed[body_id]
        listed = ", ".join(
            f"{requirement.id} (issued {requirement.issued.isoformat()})"
            for requirement in requirements
        )
        yield flag(
            "SUB004",
            subject_id=body_id,
            message=f"{_named(bodies[body_id])} did not acknowledge within {days} days "
            f"the requirement it owes rows in: {listed}",
            evidence={
                "body": body_id,
                "ack_days": days,
                "requirements": [
                    {
                        "id": requirement.id,
                        "issued": requirement.issued.isoformat(),
                        "deadline": (requirement.issued + timedelta(days=days)).isoformat(),
                    }
                    for requirement in requirements
                ],
            },
        )


@check(
    code="SUB005",
    name="submission-misrouted",
    severity="medium",
    subject="body",
    recommendation="Tell the unit where the timetable says its products must go, and forward "
    "the submission there.",
    visible_to=_submission_shown_to,
)
def submission_misrouted(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A submission received by a unit other than the ``deliver_to`` of the timetable row it
    meets; one finding per submission.

    A submission meets a row when it is received in the row's window, or is
    the first one after ``due`` of a late row. One meeting two rows is judged
    against the earlier-due row.
    """
    routed: dict[str, tuple[RowCompliance, Body]] = {}
    for compliance in timetable_statuses(as_of=as_of):
        for submission in compliance.submissions:
            routed.setdefault(submission.id, (compliance, submission.received_by))
    for submission_id in sorted(routed):
        compliance, received_by = routed[submission_id]
        row = compliance.row
        if received_by.id == row.deliver_to_id:
            continue
        yield flag(
            "SUB005",
            subject_id=row.body_id,
            message=f"Submission {submission_id} from {_named(row.body)} for row {row.id} "
            f"went to {_named(received_by)}, not {_named(row.deliver_to)}",
            evidence={
                **_row_evidence(compliance),
                "submission": submission_id,
                "received_by": received_by.id,
            },
        )


@check(
    code="SUB006",
    name="body-outside-timetable",
    severity="medium",
    subject="body",
    recommendation="Give the body rows in the requirement's timetable, or record why it owes none.",
)
def body_outside_timetable(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A police force, ROCU or law enforcement agency that is a member of a national tasking
    series (NSTCG, NTTCG or daily briefing) but has no row in the current requirement.

    Nothing is flagged on a date no requirement's period contains.
    """
    requirement = current_requirement(as_of=as_of)
    if requirement is None:
        return
    outside = national_tasking_members_without_rows(requirement=requirement)
    for body in sorted(outside, key=lambda one: one.id):
        series = outside[body]
        yield flag(
            "SUB006",
            subject_id=body.id,
            message=f"{_named(body)} sits on {', '.join(one.name for one in series)} but has "
            f"no row in requirement {requirement.id}",
            evidence={
                "body": body.id,
                "kind": body.kind,
                "requirement": requirement.id,
                "series": [one.id for one in series],
            },
        )
