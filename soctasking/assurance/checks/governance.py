"""Checks on the strategic governance groups and their strategic action plans: groups that
no longer meet, plans that do not report to the tactical group or let their actions slip,
threats no plan covers, and threats two groups' plans both claim.

Findings name groups, plans, actions, meetings and threats by id, with dates;
the governance records carry no classified text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from itertools import groupby

from soctasking.assurance.registry import Finding, check, flag
from soctasking.governance.models import GovernanceGroup, GroupStatus
from soctasking.governance.selectors import (
    groups_naming_threats,
    groups_with_last_sitting,
    plan_actions_overdue,
    plans_of_active_groups,
    plans_reported_to,
    threat_coverage,
)
from soctasking.intelligence.selectors import latest_national_strategic_assessment
from soctasking.meetings.models import SeriesKind
from soctasking.meetings.selectors import meetings_held
from soctasking.threats.models import ThreatKind


def _named(group: GovernanceGroup | None) -> str:
    return f"{group.name} ({group.id})" if group is not None else "no group"


@check(
    code="GOV001",
    name="group-dormant",
    severity="high",
    subject="group",
    thresholds={"dormant_days": 180},
    recommendation="Ask the national tactical tasking and coordination group to confirm the "
    "group is in place and meeting, or to give its threats and plan to another group.",
)
def group_dormant(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """An active or forming governance group none of whose series held a meeting in the last
    ``dormant_days``, or ever.

    A meeting held exactly ``dormant_days`` before the date still counts as
    recent. A group formed after the date did not exist yet, and one formed
    within the last ``dormant_days`` that has not sat yet is not flagged:
    it has not had that long to meet. Disbanded groups are never dormant.
    """
    days = int(thresholds["dormant_days"])
    since = as_of - timedelta(days=days)
    for group in groups_with_last_sitting(as_of=as_of):
        last_held: date | None = group.last_held  # type: ignore[attr-defined]
        if last_held is not None and last_held >= since:
            continue
        if last_held is None and group.formed is not None and group.formed >= since:
            continue
        series = sorted(one.id for one in group.series.all())
        history = (
            f"last held {last_held.isoformat()}" if last_held is not None else "it has never met"
        )
        yield flag(
            "GOV001",
            subject_id=group.id,
            message=f"{_named(group)}, {GroupStatus(group.status).label.lower()}, has held no "
            f"meeting in the last {days} days ({history})",
            evidence={
                "group": group.id,
                "status": group.status,
                "series": series,
                "last_held": last_held.isoformat() if last_held is not None else None,
                "dormant_days": days,
            },
        )


@check(
    code="GOV002",
    name="plan-not-reported",
    severity="high",
    subject="meeting",
    recommendation="Have every strategic action plan report its progress to each national "
    "tactical tasking and coordination group, so the group can oversee the plans.",
)
def plan_not_reported(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A held NTTCG meeting that received no progress report, since the previous held NTTCG,
    from one or more action plans of active groups; evidence lists those plans.

    A plan has reported when a report of it dated after the previous held
    sitting was received at the meeting or addressed to it; a report dated
    on the day of the previous sitting was that sitting's. Plans approved
    before the sitting, or undated, owe a report; one approved on the day
    of the sitting does not yet. The first sitting in the picture is held
    to every plan approved before it.
    """
    previous: date | None = None
    for meeting in meetings_held(kind=SeriesKind.NTTCG, as_of=as_of):
        expected = {plan.id: plan for plan in plans_of_active_groups(approved_before=meeting.date)}
        reported = plans_reported_to(meeting=meeting, since=previous)
        silent = sorted(set(expected) - reported)
        since = previous
        previous = meeting.date
        if not silent:
            continue
        noun = "plan" if len(silent) == 1 else "plans"
        after = (
            f"since the previous sitting on {since.isoformat()}"
            if since is not None
            else "(no earlier sitting is recorded)"
        )
        yield flag(
            "GOV002",
            subject_id=meeting.id,
            message=f"{meeting.series.name} sitting {meeting.id} on {meeting.date.isoformat()} "
            f"received no progress report from {len(silent)} strategic action {noun} {after}: "
            f"{', '.join(silent)}",
            evidence={
                "meeting": meeting.id,
                "series": meeting.series_id,
                "date": meeting.date.isoformat(),
                "previous_sitting": since.isoformat() if since is not None else None,
                "plans": [
                    {"plan": plan_id, "group": expected[plan_id].group_id} for plan_id in silent
                ],
            },
        )


@check(
    code="GOV003",
    name="plan-action-overdue",
    severity="medium",
    subject="action_plan",
    recommendation="Ask the owning group to complete, re-plan or cancel the overdue actions, "
    "and to report why they slipped.",
)
def plan_action_overdue(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A strategic action plan with actions still open past their due dates; one finding per
    plan, listing the actions.

    An action due on the date is not yet overdue. Done and cancelled actions
    never are.
    """
    overdue = plan_actions_overdue(as_of=as_of)
    for plan_id, group in groupby(overdue, key=lambda action: action.plan_id):
        actions = list(group)
        plan = actions[0].plan
        listed = ", ".join(f"{action.id} (due {action.due.isoformat()})" for action in actions)
        noun = "action" if len(actions) == 1 else "actions"
        yield flag(
            "GOV003",
            subject_id=plan_id,
            message=f"Strategic action plan {plan_id} of {_named(plan.group)} has "
            f"{len(actions)} {noun} open past the due date: {listed}",
            evidence={
                "plan": plan_id,
                "group": plan.group_id,
                "actions": [
                    {
                        "id": action.id,
                        "owner": action.owner_id,
                        "strand": action.strand or None,
                        "due": action.due.isoformat(),
                        "days_overdue": (as_of - action.due).days,
                    }
                    for action in actions
                ],
            },
        )


@check(
    code="GOV004",
    name="threat-without-plan",
    severity="medium",
    subject="threat",
    recommendation="Give the threat a strategic action plan owned by an active governance "
    "group, or record why it needs none.",
)
def threat_without_plan(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A threat (kind ``threat``) of the latest approved national strategic assessment that no
    action plan of an active group covers.

    A plan covers the threats it lists: one covering only a sub-threat does
    not cover its parent. Plans approved after the date, and plans of forming
    or disbanded groups, cover nothing yet or any longer. Nothing is flagged
    before an approved assessment exists.
    """
    assessment = latest_national_strategic_assessment(as_of=as_of)
    if assessment is None:
        return
    covered = threat_coverage(as_of=as_of, statuses=[GroupStatus.ACTIVE])
    naming = groups_naming_threats(as_of=as_of)
    threats = sorted(
        (threat for threat in assessment.threats.all() if threat.kind == ThreatKind.THREAT),
        key=lambda threat: threat.id,
    )
    for threat in threats:
        if threat.id in covered:
            continue
        groups = naming.get(threat.id, [])
        owners = f"; groups listing it: {', '.join(groups)}" if groups else "; no group lists it"
        yield flag(
            "GOV004",
            subject_id=threat.id,
            message=f"{threat.name} ({threat.id}), a threat of the national strategic assessment "
            f"{assessment.id}, is covered by no strategic action plan of an active governance "
            f"group{owners}",
            evidence={
                "threat": threat.id,
                "assessment": assessment.id,
                "groups": groups,
            },
        )


@check(
    code="GOV005",
    name="plan-crossover",
    severity="low",
    subject="threat",
    recommendation="Ask the groups to agree which plan leads on the threat, and align the "
    "other with it.",
)
def plan_crossover(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """A threat covered by the action plans of two or more governance groups; evidence lists
    the plans.

    Two plans of one group are no crossover. Plans of disbanded groups, and
    plans approved after the date, do not count.
    """
    statuses = [GroupStatus.ACTIVE, GroupStatus.FORMING]
    for threat_id, coverage in sorted(threat_coverage(as_of=as_of, statuses=statuses).items()):
        if len(coverage.groups) < 2:
            continue
        listed = ", ".join(f"{plan.id} ({plan.group_id})" for plan in coverage.plans)
        yield flag(
            "GOV005",
            subject_id=threat_id,
            message=f"{coverage.threat.name} ({threat_id}) is covered by the strategic action "
            f"plans of {len(coverage.groups)} governance groups: {listed}",
            evidence={
                "threat": threat_id,
                "plans": [{"plan": plan.id, "group": plan.group_id} for plan in coverage.plans],
            },
        )
