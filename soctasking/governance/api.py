"""API operations of the governance app: the groups, one action plan, one control strategy;
keeping groups and plans, reporting progress, and the assurance report of an NTTCG sitting
with the chair's conclusion on it.

Writes need the ``governance`` token scope and the role the service asks for: 403 when the
role or body may not, 404 for an unknown id, 422 naming each field in error.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.selectors import picture_as_of
from soctasking.governance.models import (
    ActionPlan,
    AssuranceOutcome,
    AssuranceRecord,
    GovernanceGroup,
    GroupKind,
    GroupStatus,
    PlanActionStatus,
    ProgressReport,
    Rating,
    Strand,
    StrategyLevel,
    StrategyStatus,
)
from soctasking.governance.reporting import assurance_report
from soctasking.governance.selectors import (
    action_plan_get,
    control_strategy_get,
    governance_group_get,
    governance_groups_list,
    group_last_sitting,
    group_series_sittings,
    nttcg_meeting_get,
)
from soctasking.governance.services import (
    GovernanceRecordNotFoundError,
    GroupDetails,
    ReportRouted,
    action_plan_approve,
    action_plan_create,
    action_plan_version_create,
    group_create,
    group_update,
    meeting_assurance_record,
    plan_action_add,
    plan_action_status_set,
    progress_report_submit,
)
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.meetings.models import Cadence
from soctasking.threats.models import Theme
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["governance"])


class GroupsQuery(Schema):
    theme: Theme | None = None
    status: GroupStatus | None = None


class GroupOut(Schema):
    id: str
    name: str
    kind: GroupKind | None = Field(None, description="null when not recorded")
    theme: Theme | None = Field(None, description="null when not recorded")
    parent: str | None = Field(
        None, alias="parent_id", description="the id of the group it reports to"
    )
    chair: str | None = Field(None, alias="chair_id", description="the chairing body's id")
    status: GroupStatus
    formed: date | None = None

    @staticmethod
    def resolve_kind(group: GovernanceGroup) -> str | None:
        return group.kind or None

    @staticmethod
    def resolve_theme(group: GovernanceGroup) -> str | None:
        return group.theme or None


class PlanActionOut(Schema):
    id: str
    text: str
    strand: str | None = Field(None, description="pursue, prevent, protect or prepare")
    owner: str = Field(description="the owning body's id")
    due: date
    status: PlanActionStatus


class ProgressReportOut(Schema):
    id: str
    date: date
    to_meeting: str | None = Field(None, description="the id of the meeting it went to")
    rating: Rating
    summary: str


class ActionPlanOut(Schema):
    id: str
    group: str | None = Field(None, description="the owning group's id")
    approved: date | None = None
    draft: bool = Field(description="true until approved; an approved plan is frozen")
    version: int
    supersedes: str | None = Field(None, description="the id of the version it replaces")
    threats: list[str] = Field(description="ids of the threats it covers")
    actions: list[PlanActionOut] = Field(description="by due date")
    reports: list[ProgressReportOut] = Field(description="newest first")


class ResponseOut(Schema):
    intelligence: str = Field(description="empty when not stated")
    prevention: str = Field(description="empty when not stated")
    enforcement: str = Field(description="empty when not stated")


class StrategyEntryOut(Schema):
    threat: str = Field(description="the threat, sub-threat or vulnerability's id")
    level: StrategyLevel
    response: ResponseOut


class ControlStrategyOut(Schema):
    id: str
    based_on: str | None = Field(None, description="the id of the assessment it derives from")
    status: StrategyStatus
    approved_by: str | None = Field(None, description="the id of the meeting that approved it")
    entries: list[StrategyEntryOut] = Field(description="by threat name")


@router.get("/governance-groups", response=list[GroupOut], summary="The governance groups")
@paginate(Pages)
@token_scope(TokenScope.READ)
def governance_groups_list_api(
    request: HttpRequest, filters: Query[GroupsQuery]
) -> QuerySet[GovernanceGroup]:
    return governance_groups_list(theme=filters.theme, status=filters.status)


@router.get(
    "/action-plans/{plan_id}",
    response={200: ActionPlanOut, 404: NotFoundOut},
    summary="One strategic action plan, with its actions and progress reports",
)
@token_scope(TokenScope.READ)
def action_plan_detail_api(request: HttpRequest, plan_id: str) -> ActionPlanOut:
    plan = action_plan_get(plan_id=plan_id)
    if plan is None:
        raise HttpError(404, f"No action plan has the id {plan_id!r}.")
    return _plan_out(plan)


def _plan_out(plan: ActionPlan) -> ActionPlanOut:
    return ActionPlanOut(
        id=plan.id,
        group=plan.group_id,
        approved=plan.approved,
        draft=plan.draft,
        version=plan.version,
        supersedes=plan.supersedes_id,
        threats=[threat.id for threat in plan.threats.all()],
        actions=[
            PlanActionOut(
                id=action.id,
                text=action.text,
                strand=action.strand or None,
                owner=action.owner_id,
                due=action.due,
                status=PlanActionStatus(action.status),
            )
            for action in plan.actions.all()
        ],
        reports=[
            ProgressReportOut(
                id=report.id,
                date=report.date,
                to_meeting=report.to_meeting_id,
                rating=Rating(report.rating),
                summary=report.summary,
            )
            for report in plan.reports.all()
        ],
    )


@router.get(
    "/control-strategies/{strategy_id}",
    response={200: ControlStrategyOut, 404: NotFoundOut},
    summary="One control strategy, with its entries and the responses they expect",
)
@token_scope(TokenScope.READ)
def control_strategy_detail_api(request: HttpRequest, strategy_id: str) -> ControlStrategyOut:
    strategy = control_strategy_get(strategy_id=strategy_id)
    if strategy is None:
        raise HttpError(404, f"No control strategy has the id {strategy_id!r}.")
    return ControlStrategyOut(
        id=strategy.id,
        based_on=strategy.based_on_id,
        status=StrategyStatus(strategy.status),
        approved_by=strategy.approved_by_id,
        entries=[
            StrategyEntryOut(
                threat=entry.threat_id,
                level=StrategyLevel(entry.level),
                response=ResponseOut(
                    intelligence=entry.response_intelligence,
                    prevention=entry.response_prevention,
                    enforcement=entry.response_enforcement,
                ),
            )
            for entry in strategy.entries.all()
        ],
    )


class FieldErrorOut(Schema):
    field: str
    message: str


class GovernanceRefusalOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class GovernanceDeniedOut(Schema):
    detail: str


R = TypeVar("R")


def _answer(call: Callable[[], R], *, created: Callable[[R], Any]) -> Any:
    """Run one service call and turn its refusals into the API's answers."""
    try:
        result = call()
    except GovernanceRecordNotFoundError as missing:
        raise HttpError(404, f"No record has the id {str(missing)!r}.") from None
    except PermissionDenied as denied:
        raise HttpError(403, str(denied) or "Your role does not allow this.") from None
    except ValidationError as error:
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
        return Status(422, {"detail": "The request was refused; see errors.", "errors": errors})
    return Status(201, created(result))


WRITE_ANSWERS: dict[int, Any] = {
    403: GovernanceDeniedOut,
    404: NotFoundOut,
    422: GovernanceRefusalOut,
}


class GroupIn(Schema):
    name: str = Field(max_length=300)
    kind: GroupKind
    theme: Theme | None = None
    status: GroupStatus = GroupStatus.FORMING
    parent: str | None = Field(None, max_length=100, description="the group it reports to")
    chair: str | None = Field(None, max_length=100, description="the chairing body's id")
    formed: date | None = None
    members: list[str] = Field(default_factory=list, description="ids of member bodies")
    threats: list[str] = Field(default_factory=list, description="ids of its threats")
    series: list[str] = Field(
        default_factory=list, description="ids of the meeting series it meets as"
    )
    new_series_cadence: Cadence | None = Field(
        None, description="give it a new meeting series of its own, meeting this often"
    )

    def details(self) -> GroupDetails:
        return GroupDetails(
            name=self.name,
            kind=self.kind,
            theme=self.theme or "",
            status=self.status,
            parent_id=self.parent,
            chair_id=self.chair,
            formed=self.formed,
            member_ids=tuple(self.members),
            threat_ids=tuple(self.threats),
            series_ids=tuple(self.series),
            new_series_cadence=self.new_series_cadence or "",
        )


class GroupCreateIn(GroupIn):
    id: str = Field("", max_length=100, description="empty: made from the name")


class SeriesSittingOut(Schema):
    series: str
    name: str
    last_held: date | None = Field(None, description="on or before the picture's date")
    next_scheduled: date | None = None


class GroupDetailOut(Schema):
    id: str
    name: str
    kind: GroupKind | None = Field(None, description="null when not recorded")
    theme: Theme | None = Field(None, description="null when not recorded")
    parent: str | None = Field(None, description="the id of the group it reports to")
    chair: str | None = Field(None, description="the chairing body's id")
    status: GroupStatus
    formed: date | None = None
    members: list[str] = Field(description="ids of member bodies, by name")
    threats: list[str] = Field(description="ids of its threats, by name")
    plans: list[str] = Field(description="ids of its action plans, every version")
    series: list[SeriesSittingOut]
    last_sitting: date | None = Field(None, description="the latest sitting of any series")


def _group_detail_out(group_id: str) -> GroupDetailOut:
    group = governance_group_get(group_id=group_id)
    if group is None:
        raise HttpError(404, f"No governance group has the id {group_id!r}.")
    sittings = group_series_sittings(group=group, as_of=picture_as_of())
    last = group_last_sitting(sittings=sittings)
    return GroupDetailOut(
        id=group.id,
        name=group.name,
        kind=GroupKind(group.kind) if group.kind else None,
        theme=Theme(group.theme) if group.theme else None,
        parent=group.parent_id,
        chair=group.chair_id,
        status=GroupStatus(group.status),
        formed=group.formed,
        members=[body.id for body in group.members.all()],
        threats=[threat.id for threat in group.threats.all()],
        plans=[plan.id for plan in group.action_plans.all()],
        series=[
            SeriesSittingOut(
                series=one.series.id,
                name=one.series.name,
                last_held=one.last_held.date if one.last_held else None,
                next_scheduled=one.next_scheduled.date if one.next_scheduled else None,
            )
            for one in sittings
        ],
        last_sitting=last.date if last else None,
    )


@router.get(
    "/governance-groups/{group_id}",
    response={200: GroupDetailOut, 404: NotFoundOut},
    summary="One governance group: members, threats, plans, meeting series and last sitting",
)
@token_scope(TokenScope.READ)
def governance_group_detail_api(request: HttpRequest, group_id: str) -> GroupDetailOut:
    return _group_detail_out(group_id)


@router.post(
    "/governance-groups",
    response={201: GroupDetailOut, **WRITE_ANSWERS},
    summary="Set up a governance group (secretariat and administrators)",
)
@token_scope(TokenScope.GOVERNANCE)
def governance_group_create_api(request: HttpRequest, payload: GroupCreateIn) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: group_create(acting_user=user, group_id=payload.id, details=payload.details()),
        created=lambda group: _group_detail_out(group.id),
    )


@router.put(
    "/governance-groups/{group_id}",
    response={201: GroupDetailOut, **WRITE_ANSWERS},
    summary="Change a governance group, every field given (secretariat and administrators)",
)
@token_scope(TokenScope.GOVERNANCE)
def governance_group_update_api(request: HttpRequest, group_id: str, payload: GroupIn) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: group_update(acting_user=user, group_id=group_id, details=payload.details()),
        created=lambda group: _group_detail_out(group.id),
    )


class ActionPlanIn(Schema):
    threats: list[str] = Field(description="ids of the threats the plan is against")


def _plan_detail(plan_id: str) -> ActionPlanOut:
    plan = action_plan_get(plan_id=plan_id)
    if plan is None:
        raise HttpError(404, f"No action plan has the id {plan_id!r}.")
    return _plan_out(plan)


@router.post(
    "/governance-groups/{group_id}/action-plans",
    response={201: ActionPlanOut, **WRITE_ANSWERS},
    summary="Start a strategic action plan for a group, as a draft",
    description="Refused (422, field `group`) for a disbanded group.",
)
@token_scope(TokenScope.GOVERNANCE)
def action_plan_create_api(request: HttpRequest, group_id: str, payload: ActionPlanIn) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: action_plan_create(acting_user=user, group_id=group_id, threat_ids=payload.threats),
        created=lambda plan: _plan_detail(plan.id),
    )


class PlanActionIn(Schema):
    text: str = Field(max_length=4000)
    strand: Strand
    owner: str = Field(max_length=100, description="the owning body's id")
    due: date
    threats: list[str] = Field(default_factory=list, description="of the plan's threats")


@router.post(
    "/action-plans/{plan_id}/actions",
    response={201: ActionPlanOut, **WRITE_ANSWERS},
    summary="Add an action to a plan in draft",
    description="Refused (422, field `plan`) once the plan is approved: start a new version.",
)
@token_scope(TokenScope.GOVERNANCE)
def plan_action_add_api(request: HttpRequest, plan_id: str, payload: PlanActionIn) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: plan_action_add(
            acting_user=user,
            plan_id=plan_id,
            text=payload.text,
            strand=payload.strand,
            owner_id=payload.owner,
            due=payload.due,
            threat_ids=payload.threats,
        ),
        created=lambda action: _plan_detail(action.plan_id),
    )


class PlanActionStatusIn(Schema):
    status: PlanActionStatus


@router.post(
    "/plan-actions/{action_id}/status",
    response={201: ActionPlanOut, **WRITE_ANSWERS},
    summary="Mark an action of a plan in force open, done or cancelled",
)
@token_scope(TokenScope.GOVERNANCE)
def plan_action_status_api(
    request: HttpRequest, action_id: str, payload: PlanActionStatusIn
) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: plan_action_status_set(
            acting_user=user, action_id=action_id, status=payload.status
        ),
        created=lambda action: _plan_detail(action.plan_id),
    )


class ApprovalIn(Schema):
    approved: date | None = Field(None, description="default: today")


@router.post(
    "/action-plans/{plan_id}/approval",
    response={201: ActionPlanOut, **WRITE_ANSWERS},
    summary="Approve a plan in draft, which freezes it (the group's chair, administrators)",
)
@token_scope(TokenScope.GOVERNANCE)
def action_plan_approve_api(request: HttpRequest, plan_id: str, payload: ApprovalIn) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: action_plan_approve(acting_user=user, plan_id=plan_id, approved=payload.approved),
        created=lambda plan: _plan_detail(plan.id),
    )


@router.post(
    "/action-plans/{plan_id}/versions",
    response={201: ActionPlanOut, **WRITE_ANSWERS},
    summary="Start the next version of an approved plan, as a draft copy of it",
)
@token_scope(TokenScope.GOVERNANCE)
def action_plan_version_api(request: HttpRequest, plan_id: str) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: action_plan_version_create(acting_user=user, plan_id=plan_id),
        created=lambda plan: _plan_detail(plan.id),
    )


# The report's field is named ``date``, which would hide the type inside the class.
ReportDate = date


class ProgressReportIn(Schema):
    rating: str = Field(max_length=20, description="red, amber or green")
    narrative: str = Field(max_length=4000)
    date: ReportDate | None = Field(None, description="default: today; never in the future")


class ProgressReportSubmittedOut(Schema):
    id: str
    plan: str
    date: date
    rating: Rating
    to_meeting: str | None = Field(
        None, description="the next scheduled NTTCG sitting on or after its date"
    )
    routing: str = Field(description="where the report went, in words")


def _submitted(routed: ReportRouted) -> ProgressReportSubmittedOut:
    report, meeting = routed.report, routed.meeting
    routing = (
        f"For the NTTCG sitting {meeting.id} on {meeting.date.isoformat()}."
        if meeting is not None
        else f"No NTTCG sitting is scheduled on or after {report.date.isoformat()}; "
        "the report is on no agenda until one is."
    )
    return ProgressReportSubmittedOut(
        id=report.id,
        plan=report.plan_id,
        date=report.date,
        rating=Rating(report.rating),
        to_meeting=meeting.id if meeting else None,
        routing=routing,
    )


@router.post(
    "/action-plans/{plan_id}/reports",
    response={201: ProgressReportSubmittedOut, **WRITE_ANSWERS},
    summary="Submit a plan's progress report, routed to the next scheduled NTTCG sitting",
    description="A rating other than red, amber or green is refused (422, field `rating`).",
)
@token_scope(TokenScope.GOVERNANCE)
def progress_report_submit_api(
    request: HttpRequest, plan_id: str, payload: ProgressReportIn
) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: progress_report_submit(
            acting_user=user,
            plan_id=plan_id,
            rating=payload.rating,
            narrative=payload.narrative,
            on=payload.date,
        ),
        created=_submitted,
    )


class FindingBriefOut(Schema):
    code: str
    subject: str = Field(description="the id of the group or threat it is about")
    message: str


class PlanAssuranceOut(Schema):
    plan: str
    group: str | None
    threats: list[str]
    last_report: ProgressReportOut | None
    ratings: list[Rating] = Field(description="the latest reports' ratings, oldest first")
    trend: str = Field(description="improving, worsening, steady, first report or no report")
    overdue_actions: list[PlanActionOut]
    reported_to_this_sitting: bool


class CoverageOut(Schema):
    threat: str
    plans: list[str]


class AssuranceRecordOut(Schema):
    decision: str
    outcome: AssuranceOutcome
    statement: str
    plans: list[str]
    recorded: datetime


class AssuranceReportOut(Schema):
    meeting: str
    date: date
    previous_sitting: str | None
    plans: list[PlanAssuranceOut]
    threats_covered: list[CoverageOut]
    threats_uncovered: list[FindingBriefOut] = Field(description="GOV004 on the sitting's date")
    crossovers: list[FindingBriefOut] = Field(description="GOV005 on the sitting's date")
    dormant_groups: list[FindingBriefOut] = Field(description="GOV001 on the sitting's date")
    assurance: list[AssuranceRecordOut]


def _report_out(report: ProgressReport) -> ProgressReportOut:
    return ProgressReportOut(
        id=report.id,
        date=report.date,
        to_meeting=report.to_meeting_id,
        rating=Rating(report.rating),
        summary=report.summary,
    )


def _brief(finding: Any) -> FindingBriefOut:
    return FindingBriefOut(code=finding.code, subject=finding.subject_id, message=finding.message)


def _record_out(record: AssuranceRecord) -> AssuranceRecordOut:
    return AssuranceRecordOut(
        decision=record.decision_id,
        outcome=AssuranceOutcome(record.outcome),
        statement=record.decision.rationale,
        plans=[plan.id for plan in record.plans.all()],
        recorded=record.recorded,
    )


@router.get(
    "/meetings/{meeting_id}/assurance-report",
    response={200: AssuranceReportOut, 404: NotFoundOut},
    summary="The assurance report of an NTTCG sitting: plans, overdue actions, coverage",
)
@token_scope(TokenScope.READ)
def assurance_report_api(request: HttpRequest, meeting_id: str) -> AssuranceReportOut:
    meeting = nttcg_meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise HttpError(404, f"No NTTCG sitting has the id {meeting_id!r}.")
    report = assurance_report(meeting=meeting)
    return AssuranceReportOut(
        meeting=meeting.id,
        date=meeting.date,
        previous_sitting=report.previous_sitting.id if report.previous_sitting else None,
        plans=[
            PlanAssuranceOut(
                plan=one.plan.id,
                group=one.plan.group_id,
                threats=[threat.id for threat in one.plan.threats.all()],
                last_report=_report_out(one.last_report) if one.last_report else None,
                ratings=[Rating(report.rating) for report in one.reports],
                trend=one.trend,
                overdue_actions=[
                    PlanActionOut(
                        id=action.id,
                        text=action.text,
                        strand=action.strand or None,
                        owner=action.owner_id,
                        due=action.due,
                        status=PlanActionStatus(action.status),
                    )
                    for action in one.overdue
                ],
                reported_to_this_sitting=one.reported_to_this_sitting,
            )
            for one in report.plans
        ],
        threats_covered=[
            CoverageOut(threat=one.threat.id, plans=[plan.id for plan in one.plans])
            for one in report.covered
        ],
        threats_uncovered=[_brief(finding) for finding in report.uncovered],
        crossovers=[_brief(finding) for finding in report.crossovers],
        dormant_groups=[_brief(finding) for finding in report.dormant],
        assurance=[_record_out(record) for record in report.records],
    )


class AssuranceIn(Schema):
    outcome: AssuranceOutcome
    statement: str = Field(max_length=4000)
    plans: list[str] = Field(default_factory=list, description="for a concern, the plans")


@router.post(
    "/meetings/{meeting_id}/assurance",
    response={201: AssuranceRecordOut, **WRITE_ANSWERS},
    summary="Record the assurance given on the plans, or the concern raised, as a decision",
    description="The chair of the NTTCG series, or an administrator.",
)
@token_scope(TokenScope.GOVERNANCE)
def assurance_record_api(request: HttpRequest, meeting_id: str, payload: AssuranceIn) -> Any:
    user = signed_in_user(request)
    return _answer(
        lambda: meeting_assurance_record(
            acting_user=user,
            meeting_id=meeting_id,
            outcome=payload.outcome,
            statement=payload.statement,
            plan_ids=payload.plans,
        ),
        created=_record_out,
    )
