"""Checks on operations: linked to no threat, inactive, or holding covert authorities unused."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from itertools import groupby

from soctasking.assurance.registry import Finding, check, flag
from soctasking.operations.models import Operation
from soctasking.operations.selectors import (
    covert_authorities_unused,
    open_operations,
    open_operations_with_last_activity,
)


def _named(operation: Operation) -> str:
    return f"Operation {operation.name} ({operation.id})"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@check(
    code="OPS001",
    name="operation-unlinked",
    severity="medium",
    subject="operation",
    recommendation="Link the operation to the threats it tackles, so it counts towards "
    "the national response.",
)
def operation_unlinked(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """An operation open on the date with no threat linked to it."""
    for operation in open_operations(as_of=as_of).filter(threats__isnull=True).order_by("id"):
        yield flag(
            "OPS001",
            subject_id=operation.id,
            message=f"{_named(operation)} is open with no threat linked",
            evidence={
                "operation": operation.id,
                "body": operation.body_id,
                "opened": operation.opened.isoformat(),
            },
        )


@check(
    code="OPS002",
    name="operation-inactive",
    severity="medium",
    subject="operation",
    thresholds={"inactive_days": 90},
    recommendation="Review the operation with its lead body: record its activity, or close it.",
)
def operation_inactive(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """An open operation, opened over ``inactive_days`` ago, with no activity or disruption since.

    Activity or a disruption dated exactly ``inactive_days`` before the date
    still counts as recent; so does an operation opened exactly that long ago.
    """
    days = int(thresholds["inactive_days"])
    since = as_of - timedelta(days=days)
    operations = open_operations_with_last_activity(as_of=as_of).filter(opened__lt=since)
    for operation in operations.order_by("id"):
        last_activity: date | None = operation.last_activity  # type: ignore[attr-defined]
        last_disruption: date | None = operation.last_disruption  # type: ignore[attr-defined]
        latest = max((d for d in (last_activity, last_disruption) if d is not None), default=None)
        if latest is not None and latest >= since:
            continue
        history = f"nothing since {latest.isoformat()}" if latest is not None else "nothing at all"
        yield flag(
            "OPS002",
            subject_id=operation.id,
            message=f"{_named(operation)}, open since {operation.opened.isoformat()}, has "
            f"recorded no activity or disruption in the last {days} days ({history})",
            evidence={
                "operation": operation.id,
                "body": operation.body_id,
                "opened": operation.opened.isoformat(),
                "last_activity": _iso(last_activity),
                "last_disruption": _iso(last_disruption),
                "inactive_days": days,
            },
        )


@check(
    code="OPS003",
    name="covert-authority-unused",
    severity="high",
    subject="operation",
    thresholds={"unused_days": 30},
    recommendation="Confirm the authority is still necessary and proportionate; "
    "cancel it if it is not being used.",
)
def covert_authority_unused(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """An operation holding a covert authority unexpired on the date, granted over
    ``unused_days`` ago and never used since it was granted.

    One finding per operation, listing each such authority. An authority
    granted exactly ``unused_days`` before the date is not yet flagged, and
    one expiring on the date is still unexpired.
    """
    days = int(thresholds["unused_days"])
    authorities = covert_authorities_unused(
        as_of=as_of, granted_before=as_of - timedelta(days=days)
    )
    for _, group in groupby(authorities, key=lambda authority: authority.operation_id):
        held = list(group)
        operation = held[0].operation
        listed = ", ".join(
            f"{authority.id} ({authority.kind}, granted {authority.granted.isoformat()})"
            for authority in held
        )
        noun = "authority" if len(held) == 1 else "authorities"
        yield flag(
            "OPS003",
            subject_id=operation.id,
            message=f"{_named(operation)} holds {len(held)} covert {noun} granted over "
            f"{days} days ago and never used: {listed}",
            evidence={
                "operation": operation.id,
                "unused_days": days,
                "authorities": [
                    {
                        "id": authority.id,
                        "kind": authority.kind,
                        "granted": authority.granted.isoformat(),
                        "expires": _iso(authority.expires),
                        "last_used": _iso(authority.last_used),
                    }
                    for authority in held
                ],
            },
        )
