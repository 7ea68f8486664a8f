"""Checks on referrals: left undecided too long, or sent by a slow route."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from soctasking.assurance.registry import Finding, check, flag
from soctasking.referrals.models import Referral, Route
from soctasking.referrals.selectors import (
    ServiceLevel,
    referral_timer,
    referrals_awaiting_decision,
    referrals_submitted_by,
)

# Groups that sit quarterly: a referral sent to one may wait months for a decision.
SLOW_ROUTES = [Route.NTIG.value, Route.NTTCG.value]
QUICK_ROUTES = [Route.ROCC.value, Route.ITG.value, Route.URGENT.value]


def _named(referral: Referral) -> str:
    return f"Referral {referral.id} from {referral.from_body.name}"


@check(
    code="REF001",
    name="referral-stale",
    severity="medium",
    subject="referral",
    thresholds={"referral_days": 14, "urgent_days": 2},
    recommendation="Decide the referral, or tell the referring body when it will be decided.",
)
def referral_stale(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A referral still awaiting a decision more than ``referral_days`` after it was submitted
    (``urgent_days`` for the ``urgent`` route).

    A referral submitted exactly ``referral_days`` before the date is not yet stale. The
    days are counted by the referrals workflow's own timer, the one its pages show.
    """
    level = ServiceLevel(
        referral_days=int(thresholds["referral_days"]), urgent_days=int(thresholds["urgent_days"])
    )
    for referral in referrals_awaiting_decision(as_of=as_of).order_by("id"):
        timer = referral_timer(referral=referral, as_of=as_of, service_level=level)
        if not timer.late:
            continue
        parameter = level.parameter(referral.route)
        route = f"route {referral.route}" if referral.route else "a referral with no route"
        owner = referral.owner.get_username() if referral.owner else None
        yield flag(
            "REF001",
            subject_id=referral.id,
            message=f"{_named(referral)} ({referral.subject}) has awaited a decision for "
            f"{timer.days} days, more than the {timer.allowed} days allowed for {route}"
            + (f"; its owner is {owner}" if owner else "; nobody owns it"),
            evidence={
                "referral": referral.id,
                "from_body": referral.from_body_id,
                "route": referral.route,
                "submitted": referral.submitted.isoformat(),
                "days_waiting": timer.days,
                "owner": owner,
                parameter: timer.allowed,
            },
        )


@check(
    code="REF002",
    name="referral-slow-route",
    severity="low",
    subject="referral",
    recommendation="Route referrals through the regional organised crime coordinator, the "
    "intelligence tasking group or, if urgent, the head of tasking.",
)
def referral_slow_route(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A referral sent to a quarterly group (``ntig``, ``nttcg``) instead of ``rocc``,
    ``itg`` or ``urgent``."""
    for referral in referrals_submitted_by(as_of=as_of, routes=SLOW_ROUTES).order_by("id"):
        group = Route(referral.route).label
        yield flag(
            "REF002",
            subject_id=referral.id,
            message=f"{_named(referral)} ({referral.subject}) was sent to the {group}, "
            "which sits quarterly, instead of a quicker route",
            evidence={
                "referral": referral.id,
                "from_body": referral.from_body_id,
                "route": referral.route,
                "submitted": referral.submitted.isoformat(),
                "quicker_routes": QUICK_ROUTES,
            },
        )
