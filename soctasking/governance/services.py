"""Writes of the governance app: the groups and their meeting series, the strategic action
plans with their actions, versions and approval, progress reports routed to the national
tactical tasking and coordination group (NTTCG), and the assurance its chair gives.

Who may do what:

* the secretariat and administrators keep the groups (create, edit, disband);
* they, and chairs whose body chairs the group or is one of its members,
  write a group's plans, actions and progress reports;
* a plan is approved by a chair whose body chairs the group, or an administrator;
* assurance on the plans is recorded at an NTTCG sitting by a chair whose body
  chairs that series (any chair when the series records no chair), or an
  administrator.

Every write is refused whole, naming the field, when anything is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from soctasking.accounts.gate import has_role, require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body
from soctasking.governance.models import (
    ActionPlan,
    AssuranceOutcome,
    AssuranceRecord,
    GovernanceGroup,
    GroupKind,
    GroupStatus,
    PlanAction,
    PlanActionStatus,
    ProgressReport,
    Rating,
    Strand,
)
from soctasking.governance.selectors import nttcg_meeting_next
from soctasking.meetings.models import (
    Cadence,
    Decision,
    DecisionKind,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    SeriesKind,
)
from soctasking.threats.models import Theme, Threat

GROUP_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT})
PLAN_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR})
PLAN_APPROVERS = frozenset({Role.ADMINISTRATOR, Role.CHAIR})
ASSURERS = frozenset({Role.ADMINISTRATOR, Role.CHAIR})
MAX_TEXT = 4000
# The kind of meeting series a group's own series is: the bundle knows series of
# governance groups and of threat groups; delivery groups and boards are "other".
SERIES_KIND_OF_GROUP = {
    GroupKind.SGG: SeriesKind.SGG,
    GroupKind.THREAT_GROUP: SeriesKind.THREAT_GROUP,
}


class GovernanceRecordNotFoundError(Exception):
    """No group, plan, action or meeting has the id given."""


def _choice(field: str, value: str, choices: type[models.TextChoices], *, blank: bool) -> str:
    if value == "" and blank:
        return value
    if value not in choices.values:
        raise ValidationError({field: f"{value!r} is not one of: {', '.join(choices.values)}"})
    return value


def _text(field: str, value: str, *, required: bool, what: str) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError({field: f"Give the {what}."})
    if len(cleaned) > MAX_TEXT:
        raise ValidationError({field: f"The {what} is at most {MAX_TEXT} characters."})
    return cleaned


def _threats(field: str, threat_ids: Iterable[str]) -> list[Threat]:
    wanted = sorted(set(threat_ids))
    found = {threat.id: threat for threat in Threat.objects.filter(id__in=wanted)}
    unknown = [threat_id for threat_id in wanted if threat_id not in found]
    if unknown:
        raise ValidationError(
            {field: f"No threat has the id {', '.join(repr(one) for one in unknown)}."}
        )
    return [found[threat_id] for threat_id in wanted]


def _bodies(field: str, body_ids: Iterable[str]) -> list[Body]:
    wanted = sorted(set(body_ids))
    found = {body.id: body for body in Body.objects.filter(id__in=wanted)}
    unknown = [body_id for body_id in wanted if body_id not in found]
    if unknown:
        raise ValidationError(
            {field: f"No body has the id {', '.join(repr(one) for one in unknown)}."}
        )
    return [found[body_id] for body_id in wanted]


def _free_id(model: type[models.Model], base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... the first no record of ``model`` has yet."""
    stem = base[:90].strip("-") or "record"
    candidate, number = stem, 1
    while model._default_manager.filter(pk=candidate).exists():
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _group(group_id: str, *, for_update: bool = False) -> GovernanceGroup:
    groups = GovernanceGroup.objects.select_for_update() if for_update else GovernanceGroup.objects
    group = groups.filter(pk=group_id).first()
    if group is None:
        raise GovernanceRecordNotFoundError(group_id)
    return group


def _plan(plan_id: str) -> ActionPlan:
    plan = ActionPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise GovernanceRecordNotFoundError(plan_id)
    return plan


def may_keep_plans_of(*, user: User, group: GovernanceGroup) -> bool:
    """Whether ``user`` may write ``group``'s plans, actions and progress reports."""
    if has_role(user=user, roles=GROUP_KEEPERS):
        return True
    if not has_role(user=user, roles={Role.CHAIR}) or user.body_id is None:
        return False
    return user.body_id == group.chair_id or group.members.filter(pk=user.body_id).exists()


def may_approve_plans_of(*, user: User, group: GovernanceGroup) -> bool:
    """Whether ``user`` may approve ``group``'s plans: its chair, or an administrator."""
    if has_role(user=user, roles={Role.ADMINISTRATOR}):
        return True
    return (
        has_role(user=user, roles={Role.CHAIR})
        and user.body_id is not None
        and user.body_id == group.chair_id
    )


def may_give_assurance_at(*, user: User, meeting: Meeting) -> bool:
    """Whether ``user`` may record assurance at ``meeting``: the chair of its series (any
    chair when the series records none), or an administrator."""
    if has_role(user=user, roles={Role.ADMINISTRATOR}):
        return True
    if not has_role(user=user, roles={Role.CHAIR}):
        return False
    chair_id = meeting.series.chair_id
    return chair_id is None or user.body_id == chair_id


@dataclass(frozen=True)
class GroupDetails:
    """What a group is, as the form or the API gives it."""

    name: str
    kind: str
    theme: str
    status: str
    parent_id: str | None = None
    chair_id: str | None = None
    formed: date | None = None
    member_ids: tuple[str, ...] = ()
    threat_ids: tuple[str, ...] = ()
    series_ids: tuple[str, ...] = ()
    new_series_cadence: str = ""


def _descendants(group: GovernanceGroup) -> set[str]:
    found: set[str] = set()
    frontier = {group.pk}
    while frontier:
        children = set(
            GovernanceGroup.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = children - found
        found |= children
    return found


def _parent_checked(
    *, group: GovernanceGroup, details: GroupDetails, created: bool
) -> GovernanceGroup | None:
    """The group ``group`` is to report to: one in place, not itself nor beneath it; a
    governance group's is a board."""
    parent = None
    if details.parent_id:
        parent = GovernanceGroup.objects.filter(pk=details.parent_id).first()
        if parent is None:
            raise ValidationError(
                {"parent": f"No governance group has the id {details.parent_id!r}."}
            )
        if parent.pk == group.pk or (not created and parent.pk in _descendants(group)):
            raise ValidationError(
                {"parent": "A group cannot be part of itself or of a group beneath it."}
            )
        if parent.status == GroupStatus.DISBANDED:
            raise ValidationError(
                {"parent": f"{parent.name} is disbanded; choose a group in place."}
            )
    if details.kind == GroupKind.SGG and parent is not None and parent.kind != GroupKind.BOARD:
        raise ValidationError(
            {"parent": "A strategic governance group reports to a board, or to no group."}
        )
    return parent


def _series_checked(*, group: GovernanceGroup, series_ids: Iterable[str]) -> list[MeetingSeries]:
    """The series ``group`` is to meet as: each known, none meeting for another group."""
    wanted = set(series_ids)
    series = list(MeetingSeries.objects.filter(pk__in=wanted))
    missing = sorted(wanted - {one.pk for one in series})
    if missing:
        raise ValidationError(
            {"series": f"No meeting series has the id {', '.join(map(repr, missing))}."}
        )
    taken = [one for one in series if one.governance_group_id not in (None, group.pk)]
    if taken:
        raise ValidationError(
            {
                "series": f"{taken[0].name} already meets for another group "
                f"({taken[0].governance_group_id})."
            }
        )
    return series


def _group_apply(
    *, acting_user: User | None, group: GovernanceGroup, details: GroupDetails, created: bool
) -> GovernanceGroup:
    group.name = _text("name", details.name, required=True, what="group's name")
    group.kind = _choice("kind", details.kind, GroupKind, blank=False)
    group.theme = _choice("theme", details.theme, Theme, blank=True)
    group.status = _choice("status", details.status, GroupStatus, blank=False)
    group.formed = details.formed
    parent = _parent_checked(group=group, details=details, created=created)
    group.parent = parent
    chair = _bodies("chair", [details.chair_id])[0] if details.chair_id else None
    group.chair = chair
    members = _bodies("members", details.member_ids)
    threats = _threats("threats", details.threat_ids)
    if group.status == GroupStatus.DISBANDED and not created:
        in_place = GovernanceGroup.objects.filter(parent=group).exclude(
            status=GroupStatus.DISBANDED
        )
        if in_place.exists():
            names = ", ".join(sorted(in_place.values_list("name", flat=True)))
            raise ValidationError(
                {"status": f"Disband or move the groups beneath it first: {names}."}
            )
    series = _series_checked(group=group, series_ids=details.series_ids)
    cadence = _choice("new_series_cadence", details.new_series_cadence, Cadence, blank=True)
    group.full_clean()
    if created:
        group.save()
    else:
        group.save(update_fields=["name", "kind", "theme", "status", "formed", "parent", "chair"])
    group.members.set(members)
    group.threats.set(threats)
    MeetingSeries.objects.filter(governance_group=group).exclude(
        pk__in=[one.pk for one in series]
    ).update(governance_group=None)
    MeetingSeries.objects.filter(pk__in=[one.pk for one in series]).update(governance_group=group)
    new_series = None
    if cadence:
        new_series = MeetingSeries(
            id=_free_id(MeetingSeries, f"{group.pk}-meetings"),
            name=f"{group.name} meetings",
            kind=SERIES_KIND_OF_GROUP.get(GroupKind(group.kind), SeriesKind.OTHER),
            chair=chair,
            cadence=cadence,
            governance_group=group,
        )
        new_series.full_clean()
        new_series.save()
        new_series.members.set(members)
        audit_record(
            actor=acting_user,
            action="create",
            record_type="meeting_series",
            record_id=new_series.pk,
            detail={"governance_group": group.pk, "cadence": cadence},
        )
    audit_record(
        actor=acting_user,
        action="create" if created else "update",
        record_type="governance_group",
        record_id=group.pk,
        detail={
            "name": group.name,
            "kind": group.kind,
            "theme": group.theme,
            "status": group.status,
            "parent": group.parent_id,
            "chair": group.chair_id,
            "formed": group.formed,
            "members": [body.pk for body in members],
            "threats": [threat.pk for threat in threats],
            "series": sorted([one.pk for one in series] + ([new_series.pk] if new_series else [])),
        },
    )
    return group


def group_create(
    *, acting_user: User | None, group_id: str, details: GroupDetails
) -> GovernanceGroup:
    """Set up a governance group; its id is ``group_id``, or made from its name when empty.

    ``series_ids`` are existing meeting series it meets as; a
    ``new_series_cadence`` also gives it a series of its own, with its chair
    and members.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=GROUP_KEEPERS)
    with transaction.atomic():
        wanted = (group_id or "").strip()
        if wanted and GovernanceGroup.objects.filter(pk=wanted).exists():
            raise ValidationError({"id": f"A governance group already has the id {wanted!r}."})
        group = GovernanceGroup(id=wanted or _free_id(GovernanceGroup, slugify(details.name)))
        return _group_apply(acting_user=acting_user, group=group, details=details, created=True)


def group_update(
    *, acting_user: User | None, group_id: str, details: GroupDetails
) -> GovernanceGroup:
    """Change what a group is: name, kind, theme, status, parent, chair, members, threats,
    meeting series. Disbanding needs every group beneath it disbanded or moved first."""
    if acting_user is not None:
        require_role(user=acting_user, roles=GROUP_KEEPERS)
    with transaction.atomic():
        group = _group(group_id, for_update=True)
        return _group_apply(acting_user=acting_user, group=group, details=details, created=False)


def _require_plan_keeper(acting_user: User | None, group: GovernanceGroup) -> None:
    if acting_user is not None and not may_keep_plans_of(user=acting_user, group=group):
        raise PermissionDenied("Only the group's chair or members, or the secretariat, do this.")


def _refuse_disbanded(group: GovernanceGroup | None) -> GovernanceGroup:
    if group is None:
        raise ValidationError({"group": "The plan belongs to no governance group."})
    if group.status == GroupStatus.DISBANDED:
        raise ValidationError(
            {"group": f"{group.name} is disbanded; a disbanded group keeps no action plan."}
        )
    return group


def _refuse_frozen(plan: ActionPlan) -> None:
    if not plan.draft:
        raise ValidationError(
            {
                "plan": f"Action plan {plan.pk} is approved and frozen; start a new version "
                "to change it."
            }
        )


def action_plan_create(
    *, acting_user: User | None, group_id: str, threat_ids: Iterable[str]
) -> ActionPlan:
    """Start a strategic action plan for a group, as a draft covering ``threat_ids``."""
    if acting_user is not None:
        require_role(user=acting_user, roles=PLAN_KEEPERS)
    with transaction.atomic():
        group = _refuse_disbanded(_group(group_id))
        _require_plan_keeper(acting_user, group)
        threats = _threats("threats", threat_ids)
        if not threats:
            raise ValidationError({"threats": "Name at least one threat the plan is against."})
        plan = ActionPlan(id=_free_id(ActionPlan, f"{group.pk}-sap"), group=group, draft=True)
        plan.full_clean()
        plan.save()
        plan.threats.set(threats)
        audit_record(
            actor=acting_user,
            action="create",
            record_type="action_plan",
            record_id=plan.pk,
            detail={"group": group.pk, "version": 1, "threats": [t.pk for t in threats]},
        )
        return plan


def plan_action_add(
    *,
    acting_user: User | None,
    plan_id: str,
    text: str,
    strand: str,
    owner_id: str,
    due: date,
    threat_ids: Iterable[str] = (),
) -> PlanAction:
    """Add an action to a plan in draft, in one of the 4P strands, owned by a body."""
    if acting_user is not None:
        require_role(user=acting_user, roles=PLAN_KEEPERS)
    with transaction.atomic():
        plan = _plan(plan_id)
        group = _refuse_disbanded(plan.group)
        _require_plan_keeper(acting_user, group)
        _refuse_frozen(plan)
        cleaned = _text("text", text, required=True, what="action")
        strand = _choice("strand", strand, Strand, blank=False)
        owner = _bodies("owner", [owner_id])[0] if owner_id else None
        if owner is None:
            raise ValidationError({"owner": "Name the body that owns the action."})
        threats = _threats("threats", threat_ids)
        outside = sorted({t.pk for t in threats} - set(plan.threats.values_list("pk", flat=True)))
        if outside:
            raise ValidationError(
                {"threats": f"The plan does not cover {', '.join(map(repr, outside))}."}
            )
        action = PlanAction(
            id=_free_id(PlanAction, f"{plan.pk}-{plan.actions.count() + 1}"),
            plan=plan,
            text=cleaned,
            strand=strand,
            owner=owner,
            due=due,
            status=PlanActionStatus.OPEN,
        )
        action.full_clean()
        action.save()
        action.threats.set(threats)
        audit_record(
            actor=acting_user,
            action="create",
            record_type="plan_action",
            record_id=action.pk,
            detail={
                "plan": plan.pk,
                "strand": strand,
                "owner": owner.pk,
                "due": due,
                "threats": [t.pk for t in threats],
            },
        )
        return action


def plan_action_status_set(*, acting_user: User | None, action_id: str, status: str) -> PlanAction:
    """Mark an action open, done or cancelled. Progress is no change to the approved plan, so
    this is allowed on a plan in force; not on one a later version has replaced."""
    if acting_user is not None:
        require_role(user=acting_user, roles=PLAN_KEEPERS)
    with transaction.atomic():
        action = PlanAction.objects.select_for_update().filter(pk=action_id).first()
        if action is None:
            raise GovernanceRecordNotFoundError(action_id)
        plan = action.plan
        group = _refuse_disbanded(plan.group)
        _require_plan_keeper(acting_user, group)
        if ActionPlan.objects.filter(supersedes=plan, approved__isnull=False).exists():
            raise ValidationError(
                {"plan": f"Action plan {plan.pk} has been replaced by a later version."}
            )
        previous = action.status
        action.status = _choice("status", status, PlanActionStatus, blank=False)
        action.full_clean()
        action.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action="update",
            record_type="plan_action",
            record_id=action.pk,
            detail={"status": action.status, "was": previous},
        )
        return action


def action_plan_approve(
    *, acting_user: User | None, plan_id: str, approved: date | None = None
) -> ActionPlan:
    """Approve a draft plan (on ``approved``, default today), which freezes it; a new
    version approved replaces the one it supersedes from that day."""
    if acting_user is not None:
        require_role(user=acting_user, roles=PLAN_APPROVERS)
    with transaction.atomic():
        plan = _plan(plan_id)
        group = _refuse_disbanded(plan.group)
        if acting_user is not None and not may_approve_plans_of(user=acting_user, group=group):
            raise PermissionDenied("Only the chair of the group approves its plans.")
        _refuse_frozen(plan)
        day = approved or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError({"approved": "A plan cannot be approved on a future date."})
        previous = plan.supersedes
        if previous is not None and previous.approved is not None and day < previous.approved:
            raise ValidationError(
                {
                    "approved": f"The version it replaces was approved on "
                    f"{previous.approved.isoformat()}; approve this one on or after that day."
                }
            )
        if not plan.threats.exists():
            raise ValidationError({"threats": "A plan is approved with at least one threat."})
        if not plan.actions.exists():
            raise ValidationError({"actions": "A plan is approved with at least one action."})
        plan.draft = False
        plan.approved = day
        plan.full_clean()
        plan.save(update_fields=["draft", "approved"])
        audit_record(
            actor=acting_user,
            action="approve",
            record_type="action_plan",
            record_id=plan.pk,
            detail={
                "approved": day,
                "version": plan.version,
                "supersedes": previous.pk if previous else None,
            },
        )
        return plan


def _lineage_root(plan: ActionPlan) -> ActionPlan:
    root = plan
    while root.supersedes is not None:
        root = root.supersedes
    return root


def action_plan_version_create(*, acting_user: User | None, plan_id: str) -> ActionPlan:
    """Start the next version of an approved plan: a draft copy of its threats and actions,
    to change and approve. The approved version stays in force until then."""
    if acting_user is not None:
        require_role(user=acting_user, roles=PLAN_KEEPERS)
    with transaction.atomic():
        plan = _plan(plan_id)
        group = _refuse_disbanded(plan.group)
        _require_plan_keeper(acting_user, group)
        if plan.draft:
            raise ValidationError(
                {"plan": f"Action plan {plan.pk} is still a draft; change it before approval."}
            )
        following = ActionPlan.objects.filter(supersedes=plan).first()
        if following is not None:
            raise ValidationError(
                {"plan": f"Action plan {plan.pk} already has a next version, {following.pk}."}
            )
        version = plan.version + 1
        draft = ActionPlan(
            id=_free_id(ActionPlan, f"{_lineage_root(plan).pk}-v{version}"),
            group=group,
            draft=True,
            version=version,
            supersedes=plan,
        )
        draft.full_clean()
        draft.save()
        draft.threats.set(plan.threats.all())
        for number, action in enumerate(plan.actions.order_by("due", "id"), start=1):
            copy = PlanAction(
                id=_free_id(PlanAction, f"{draft.pk}-{number}"),
                plan=draft,
                text=action.text,
                strand=action.strand,
                owner_id=action.owner_id,
                due=action.due,
                status=action.status,
            )
            copy.full_clean()
            copy.save()
            copy.threats.set(action.threats.all())
        audit_record(
            actor=acting_user,
            action="create",
            record_type="action_plan",
            record_id=draft.pk,
            detail={"group": group.pk, "version": version, "supersedes": plan.pk},
        )
        return draft


@dataclass(frozen=True)
class ReportRouted:
    """A progress report as submitted, and the NTTCG sitting it went to (``None`` when no
    sitting is scheduled on or after its date)."""

    report: ProgressReport
    meeting: Meeting | None


def progress_report_submit(
    *,
    acting_user: User | None,
    plan_id: str,
    rating: str,
    narrative: str,
    on: date | None = None,
) -> ReportRouted:
    """Submit a plan's progress report, rated red, amber or green with a narrative, dated
    ``on`` (default today), and address it to the next scheduled NTTCG sitting on or after
    that date."""
    if acting_user is not None:
        require_role(user=acting_user, roles=PLAN_KEEPERS)
    with transaction.atomic():
        plan = _plan(plan_id)
        group = _refuse_disbanded(plan.group)
        _require_plan_keeper(acting_user, group)
        rating = _choice("rating", rating, Rating, blank=False)
        narrative = _text("narrative", narrative, required=True, what="narrative of progress")
        day = on or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError({"date": "A progress report cannot be dated in the future."})
        if plan.draft:
            raise ValidationError(
                {"plan": f"Action plan {plan.pk} is a draft; report on the plan in force."}
            )
        replaced = ActionPlan.objects.filter(supersedes=plan, approved__lte=day).first()
        if replaced is not None:
            raise ValidationError(
                {"plan": f"Action plan {plan.pk} was replaced by {replaced.pk}; report on that."}
            )
        meeting = nttcg_meeting_next(on_or_after=day)
        report = ProgressReport(
            id=_free_id(ProgressReport, f"{plan.pk}-report-{day:%Y%m%d}"),
            plan=plan,
            date=day,
            rating=rating,
            summary=narrative,
            to_meeting=meeting,
            submitted_by=acting_user,
        )
        report.full_clean()
        report.save()
        audit_record(
            actor=acting_user,
            action="submit",
            record_type="progress_report",
            record_id=report.pk,
            detail={
                "plan": plan.pk,
                "date": day,
                "rating": rating,
                "to_meeting": meeting.pk if meeting else None,
            },
        )
        return ReportRouted(report=report, meeting=meeting)


def progress_reports_route(*, acting_user: User | None, meeting: Meeting) -> list[str]:
    """Address to a newly scheduled NTTCG sitting the progress reports that waited for one.

    A report submitted while no NTTCG sitting was scheduled on or after its
    date is kept on no agenda. The sitting scheduled later takes it, as it
    would have had it been scheduled first: every waiting report dated on or
    before the sitting and after the last other NTTCG sitting (not cancelled)
    before it. Returns the ids of the reports it took, oldest first.
    """
    if meeting.series.kind != SeriesKind.NTTCG or meeting.status != MeetingStatus.SCHEDULED:
        return []
    with transaction.atomic():
        earlier = (
            Meeting.objects.filter(series__kind=SeriesKind.NTTCG, date__lte=meeting.date)
            .exclude(pk=meeting.pk)
            .exclude(status=MeetingStatus.CANCELLED)
            .aggregate(latest=models.Max("date"))["latest"]
        )
        waiting = ProgressReport.objects.select_for_update().filter(
            to_meeting__isnull=True, date__lte=meeting.date
        )
        if earlier is not None:
            waiting = waiting.filter(date__gt=earlier)
        taken = list(waiting.order_by("date", "id").values_list("id", flat=True))
        if not taken:
            return []
        ProgressReport.objects.filter(pk__in=taken).update(to_meeting=meeting)
        audit_record(
            actor=acting_user,
            action="route",
            record_type="meeting",
            record_id=meeting.pk,
            detail={"progress_reports": taken},
        )
    return taken


def meeting_assurance_record(
    *,
    acting_user: User | None,
    meeting_id: str,
    outcome: str,
    statement: str,
    plan_ids: Iterable[str] = (),
) -> AssuranceRecord:
    """Record, as a decision of an NTTCG sitting, the assurance its chair gives on the
    strategic action plans or the concern raised, with the plans a concern is about."""
    if acting_user is not None:
        require_role(user=acting_user, roles=ASSURERS)
    with transaction.atomic():
        meeting = Meeting.objects.select_related("series").filter(pk=meeting_id).first()
        if meeting is None or meeting.series.kind != SeriesKind.NTTCG:
            raise GovernanceRecordNotFoundError(meeting_id)
        if acting_user is not None and not may_give_assurance_at(user=acting_user, meeting=meeting):
            raise PermissionDenied("Only the chair of the group records its assurance.")
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError({"meeting": f"Meeting {meeting.pk} was cancelled."})
        outcome = _choice("outcome", outcome, AssuranceOutcome, blank=False)
        statement = _text("statement", statement, required=True, what="assurance or concern")
        wanted = sorted(set(plan_ids))
        plans = list(ActionPlan.objects.filter(pk__in=wanted))
        unknown = sorted(set(wanted) - {plan.pk for plan in plans})
        if unknown:
            raise ValidationError(
                {"plans": f"No action plan has the id {', '.join(map(repr, unknown))}."}
            )
        if outcome == AssuranceOutcome.CONCERN and not plans:
            raise ValidationError({"plans": "Name the plans the concern is about."})
        label = AssuranceOutcome(outcome).label
        about = f": {', '.join(plan.pk for plan in plans)}" if plans else ""
        decision = Decision(
            id=_free_id(Decision, f"{meeting.pk}-assurance"),
            meeting=meeting,
            kind=DecisionKind.OTHER,
            text=f"{label} on the strategic action plans{about}",
            rationale=statement,
        )
        decision.full_clean()
        decision.save()
        record = AssuranceRecord(
            meeting=meeting,
            decision=decision,
            outcome=outcome,
            recorded_by=acting_user,
            recorded=timezone.now(),
        )
        record.full_clean()
        record.save()
        record.plans.set(plans)
        audit_record(
            actor=acting_user,
            action="record",
            record_type="assurance",
            record_id=decision.pk,
            detail={
                "meeting": meeting.pk,
                "outcome": outcome,
                "plans": [plan.pk for plan in plans],
            },
        )
        return record
