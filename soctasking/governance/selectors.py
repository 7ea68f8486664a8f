"""Reads of the governance picture as it stood on a date: groups, their plans, the strategy.

Governance records carry no classification, so these reads need no access
gate. Statuses (a group's, an action's, a strategy's) are as stored: the
records keep no history of when a status changed. Dates they do keep (a
group's formation, a plan's approval, a meeting's sitting) are honoured, so
a past date gives the picture as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q, QuerySet

from soctasking.governance.models import (
    ActionPlan,
    ControlStrategy,
    GovernanceGroup,
    GroupStatus,
    PlanAction,
    PlanActionStatus,
    ProgressReport,
    StrategyStatus,
)
from soctasking.meetings.models import Meeting, MeetingStatus
from soctasking.threats.models import Threat


def _formed_by(as_of: date) -> Q:
    return Q(formed__isnull=True) | Q(formed__lte=as_of)


def groups_with_last_sitting(*, as_of: date) -> QuerySet[GovernanceGroup]:
    """Active and forming groups formed by ``as_of``, each annotated with ``last_held``.

    ``last_held`` is the date of the latest held meeting of any of the
    group's series on or before the date, ``None`` when none has sat. The
    series are prefetched, so their ids can be listed without a query each.
    """
    held = Q(series__meetings__status=MeetingStatus.HELD, series__meetings__date__lte=as_of)
    return (
        GovernanceGroup.objects.filter(status__in=[GroupStatus.ACTIVE, GroupStatus.FORMING])
        .filter(_formed_by(as_of))
        .annotate(last_held=Max("series__meetings__date", filter=held))
        .prefetch_related("series")
        .order_by("id")
    )


def plans_of_active_groups(*, approved_before: date) -> QuerySet[ActionPlan]:
    """Plans of active groups formed by ``approved_before``, approved before it or undated.

    These are the plans that ought to have reported to a sitting held on
    ``approved_before``: a plan approved on the day of the sitting has had no
    time to make progress.
    """
    return (
        ActionPlan.objects.filter(group__status=GroupStatus.ACTIVE)
        .filter(Q(group__formed__isnull=True) | Q(group__formed__lte=approved_before))
        .filter(Q(approved__isnull=True) | Q(approved__lt=approved_before))
        .select_related("group")
        .order_by("id")
    )


def plans_reported_to(*, meeting: Meeting, since: date | None) -> set[str]:
    """The ids of the plans with a progress report received at ``meeting`` or addressed to it,
    dated after ``since`` (the previous sitting of its series; any date when ``None``).

    A report dated on the day of the previous sitting was that sitting's.
    """
    reports = ProgressReport.objects.filter(Q(received_at=meeting) | Q(to_meeting=meeting))
    if since is not None:
        reports = reports.filter(date__gt=since)
    return set(reports.values_list("plan_id", flat=True))


def plan_actions_overdue(*, as_of: date) -> QuerySet[PlanAction]:
    """Actions still open whose due date is before ``as_of``, of plans approved by then.

    An action due on the date is not yet overdue. Ordered by plan, then due date.
    """
    return (
        PlanAction.objects.filter(status=PlanActionStatus.OPEN, due__lt=as_of)
        .filter(Q(plan__approved__isnull=True) | Q(plan__approved__lte=as_of))
        .select_related("plan__group", "owner")
        .order_by("plan_id", "due", "id")
    )


@dataclass(frozen=True)
class Coverage:
    """The plans, and through them the groups, that cover one threat."""

    threat: Threat
    plans: tuple[ActionPlan, ...]

    @property
    def groups(self) -> set[str]:
        return {plan.group_id for plan in self.plans if plan.group_id is not None}


def threat_coverage(*, as_of: date, statuses: Collection[str]) -> dict[str, Coverage]:
    """Which plans cover each threat on ``as_of``, by threat id, counting only plans of groups
    in one of ``statuses`` that were formed by the date, and approved by it or undated.

    A plan covers the threats it lists, not their sub-threats or parents.
    """
    plans = (
        ActionPlan.objects.filter(group__status__in=statuses)
        .filter(Q(group__formed__isnull=True) | Q(group__formed__lte=as_of))
        .filter(Q(approved__isnull=True) | Q(approved__lte=as_of))
        .select_related("group")
        .prefetch_related("threats")
        .order_by("id")
    )
    threats: dict[str, Threat] = {}
    covering: dict[str, list[ActionPlan]] = defaultdict(list)
    for plan in plans:
        for threat in plan.threats.all():
            threats[threat.id] = threat
            covering[threat.id].append(plan)
    return {
        threat_id: Coverage(threat=threats[threat_id], plans=tuple(found))
        for threat_id, found in covering.items()
    }


def groups_naming_threats(*, as_of: date) -> dict[str, list[str]]:
    """The ids of the active groups formed by ``as_of`` that list each threat, by threat id."""
    naming: dict[str, list[str]] = defaultdict(list)
    pairs = (
        GovernanceGroup.threats.through.objects.filter(governancegroup__status=GroupStatus.ACTIVE)
        .filter(Q(governancegroup__formed__isnull=True) | Q(governancegroup__formed__lte=as_of))
        .order_by("governancegroup_id")
        .values_list("threat_id", "governancegroup_id")
    )
    for threat_id, group_id in pairs:
        naming[threat_id].append(group_id)
    return dict(naming)


def control_strategies_current(*, as_of: date) -> QuerySet[ControlStrategy]:
    """The control strategies the assurance checks hold to the picture on ``as_of``.

    Every strategy not superseded (the one in force and any draft being
    prepared to replace it) whose assessment was issued by the date, or
    that names none. Entries and their threats, and the assessment's threats
    and vulnerabilities, are prefetched.
    """
    return (
        ControlStrategy.objects.exclude(status=StrategyStatus.SUPERSEDED)
        .filter(Q(based_on__isnull=True) | Q(based_on__issued__lte=as_of))
        .select_related("based_on")
        .prefetch_related(
            "entries__threat",
            "based_on__threats",
            "based_on__vulnerabilities",
        )
        .order_by("id")
    )
