"""Reads of the governance picture: groups, their plans, the control strategy, as they stood
on a date for the assurance checks, and one at a time for the pages and the API.

Governance records carry no classification, so these reads need no access
gate. A plan counts only while it is in force (``plan_in_force``): drafts
and versions replaced by a later approved one do not. Statuses (a group's,
an action's, a strategy's) are as stored: the records keep no history of
when a status changed. Dates they do keep (a group's formation, a plan's
approval, a meeting's sitting) are honoured, so a past date gives the
picture as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Prefetch, Q, QuerySet

from soctasking.bodies.models import Body
from soctasking.governance.models import (
    ActionPlan,
    AssuranceRecord,
    ControlStrategy,
    ControlStrategyEntry,
    GovernanceGroup,
    GroupStatus,
    PlanAction,
    PlanActionStatus,
    ProgressReport,
    Strand,
    StrategyLevel,
    StrategyStatus,
)
from soctasking.meetings.models import Meeting, MeetingSeries, MeetingStatus, SeriesKind
from soctasking.threats.models import Threat


def _formed_by(as_of: date) -> Q:
    return Q(formed__isnull=True) | Q(formed__lte=as_of)


def plan_in_force(*, as_of: date, prefix: str = "") -> Q:
    """Plans in force on ``as_of``: not a draft (a new version's previous one stays in force
    until it is approved), and no later version of it approved by then. Plans loaded from
    a bundle are no drafts and have no versions, so they are always in force."""
    return Q(**{f"{prefix}draft": False}) & ~Q(**{f"{prefix}superseded_by__approved__lte": as_of})


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
        .filter(plan_in_force(as_of=approved_before))
        .select_related("group")
        .order_by("id")
    )


def plans_in_force_of_active_groups(*, as_of: date) -> QuerySet[ActionPlan]:
    """The plans an NTTCG sitting on ``as_of`` oversees: those in force of active groups
    formed by the date, approved by it or undated; with their group, threats, actions and
    progress reports dated by then (oldest first)."""
    return (
        ActionPlan.objects.filter(group__status=GroupStatus.ACTIVE)
        .filter(Q(group__formed__isnull=True) | Q(group__formed__lte=as_of))
        .filter(Q(approved__isnull=True) | Q(approved__lte=as_of))
        .filter(plan_in_force(as_of=as_of))
        .select_related("group")
        .prefetch_related(
            Prefetch("threats", queryset=Threat.objects.order_by("name", "id")),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.filter(date__lte=as_of).order_by("date", "id"),
            ),
        )
        .order_by("group__name", "id")
    )


def nttcg_sitting_before(*, meeting: Meeting) -> Meeting | None:
    """The latest held NTTCG sitting before ``meeting``'s date, ``None`` if there is none."""
    return (
        Meeting.objects.filter(
            series__kind=SeriesKind.NTTCG, status=MeetingStatus.HELD, date__lt=meeting.date
        )
        .order_by("-date", "-id")
        .first()
    )


def nttcg_meeting_get(*, meeting_id: str) -> Meeting | None:
    """One sitting of an NTTCG series, with its series; ``None`` if no NTTCG sitting has the
    id."""
    return (
        Meeting.objects.select_related("series__chair")
        .filter(pk=meeting_id, series__kind=SeriesKind.NTTCG)
        .first()
    )


def assurance_records_of(*, meeting: Meeting) -> QuerySet[AssuranceRecord]:
    """What the chair has recorded on the plans at ``meeting``, oldest first."""
    return (
        AssuranceRecord.objects.filter(meeting=meeting)
        .select_related("decision", "recorded_by")
        .prefetch_related(Prefetch("plans", queryset=ActionPlan.objects.order_by("id")))
        .order_by("recorded", "id")
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
        .filter(plan_in_force(as_of=as_of, prefix="plan__"))
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
        .filter(plan_in_force(as_of=as_of))
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


def governance_groups_list(
    *, theme: str | None = None, status: str | None = None
) -> QuerySet[GovernanceGroup]:
    """Governance groups by name, with their chair and parent, narrowed to a theme and a
    status when given."""
    groups = GovernanceGroup.objects.select_related("chair", "parent").order_by("name", "id")
    if theme:
        groups = groups.filter(theme=theme)
    if status:
        groups = groups.filter(status=status)
    return groups


def governance_group_get(*, group_id: str) -> GovernanceGroup | None:
    """One group with its chair, parent, sub-groups, threats and plans; ``None`` if no group
    has the id."""
    return (
        GovernanceGroup.objects.select_related("chair", "parent")
        .prefetch_related(
            Prefetch("children", queryset=GovernanceGroup.objects.order_by("name", "id")),
            Prefetch("threats", queryset=Threat.objects.order_by("name", "id")),
            Prefetch("members", queryset=Body.objects.order_by("name", "id")),
            Prefetch(
                "action_plans",
                queryset=ActionPlan.objects.select_related("superseded_by")
                .prefetch_related("threats")
                .order_by("id"),
            ),
        )
        .filter(id=group_id)
        .first()
    )


@dataclass(frozen=True)
class SeriesSittings:
    """One meeting series of a group: its last held sitting by a date, and the next one due."""

    series: MeetingSeries
    last_held: Meeting | None
    next_scheduled: Meeting | None


def group_series_sittings(*, group: GovernanceGroup, as_of: date) -> list[SeriesSittings]:
    """Each series of ``group`` by name, with its latest held meeting on or before ``as_of``
    and its first scheduled meeting after it."""
    sittings = []
    for series in MeetingSeries.objects.filter(governance_group=group).order_by("name", "id"):
        meetings = Meeting.objects.filter(series=series)
        sittings.append(
            SeriesSittings(
                series=series,
                last_held=meetings.filter(status=MeetingStatus.HELD, date__lte=as_of)
                .order_by("-date", "-id")
                .first(),
                next_scheduled=meetings.filter(status=MeetingStatus.SCHEDULED, date__gt=as_of)
                .order_by("date", "id")
                .first(),
            )
        )
    return sittings


def group_last_sitting(*, sittings: list[SeriesSittings]) -> Meeting | None:
    """The latest of the last sittings of a group's series, ``None`` when none has sat."""
    held = [one.last_held for one in sittings if one.last_held is not None]
    return max(held, key=lambda meeting: (meeting.date, meeting.id), default=None)


def series_for_groups(*, group: GovernanceGroup | None = None) -> QuerySet[MeetingSeries]:
    """The meeting series a group may meet as: those of no group yet, and ``group``'s own."""
    free = Q(governance_group__isnull=True)
    if group is not None:
        free |= Q(governance_group=group)
    return MeetingSeries.objects.filter(free).order_by("name", "id")


def nttcg_meeting_next(*, on_or_after: date) -> Meeting | None:
    """The first scheduled NTTCG sitting on or after the date, ``None`` if none is scheduled."""
    return (
        Meeting.objects.filter(
            series__kind=SeriesKind.NTTCG, status=MeetingStatus.SCHEDULED, date__gte=on_or_after
        )
        .select_related("series")
        .order_by("date", "id")
        .first()
    )


def plan_versions(*, plan: ActionPlan) -> list[ActionPlan]:
    """Every version of the plan's line, oldest first: the ones it supersedes, itself, and
    those superseding it."""
    earliest = plan
    while earliest.supersedes_id is not None:
        previous = ActionPlan.objects.filter(pk=earliest.supersedes_id).first()
        if previous is None:
            break
        earliest = previous
    versions = [earliest]
    while True:
        following = ActionPlan.objects.filter(supersedes=versions[-1]).first()
        if following is None:
            return versions
        versions.append(following)


@dataclass(frozen=True)
class StrandActions:
    """The actions of a plan in one of the four strands (or in none)."""

    strand: str
    label: str
    actions: list[PlanAction]


def action_plan_get(*, plan_id: str) -> ActionPlan | None:
    """One plan with its group, threats, actions and their owners, and progress reports
    newest first with the meetings they went to; ``None`` if no plan has the id."""
    return (
        ActionPlan.objects.select_related("group__chair", "supersedes")
        .prefetch_related(
            Prefetch("threats", queryset=Threat.objects.order_by("name", "id")),
            Prefetch(
                "actions",
                queryset=PlanAction.objects.select_related("owner").order_by("due", "id"),
            ),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("to_meeting__series").order_by(
                    "-date", "id"
                ),
            ),
        )
        .filter(id=plan_id)
        .first()
    )


def plan_action_get(*, action_id: str) -> PlanAction | None:
    """One action of a plan, ``None`` if no action has the id."""
    return PlanAction.objects.select_related("plan").filter(pk=action_id).first()


def plan_actions_by_strand(*, plan: ActionPlan) -> list[StrandActions]:
    """The plan's actions in the order of the 4P strands, then those with no strand; strands
    with no action are left out."""
    strands = [(value, str(label)) for value, label in Strand.choices] + [("", "No strand")]
    actions = list(plan.actions.all())
    grouped = [
        StrandActions(
            strand=value,
            label=label,
            actions=[action for action in actions if action.strand == value],
        )
        for value, label in strands
    ]
    return [one for one in grouped if one.actions]


@dataclass(frozen=True)
class LevelEntries:
    """The entries of a control strategy at one level."""

    level: str
    label: str
    entries: list[ControlStrategyEntry]


def control_strategy_get(*, strategy_id: str) -> ControlStrategy | None:
    """One control strategy with its assessment, approving meeting and entries with their
    threats; ``None`` if no strategy has the id."""
    return (
        ControlStrategy.objects.select_related("based_on", "approved_by__series")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ControlStrategyEntry.objects.select_related("threat").order_by(
                    "threat__name", "threat_id"
                ),
            )
        )
        .filter(id=strategy_id)
        .first()
    )


def strategy_entries_by_level(*, strategy: ControlStrategy) -> list[LevelEntries]:
    """The strategy's entries from the national priorities down to those merely listed;
    levels with no entry are left out."""
    entries = list(strategy.entries.all())
    grouped = [
        LevelEntries(
            level=value,
            label=str(label),
            entries=[entry for entry in entries if entry.level == value],
        )
        for value, label in StrategyLevel.choices
    ]
    return [one for one in grouped if one.entries]


def control_strategies_list() -> QuerySet[ControlStrategy]:
    """Every control strategy, with the assessment it is based on, by id."""
    return ControlStrategy.objects.select_related("based_on").order_by("id")
