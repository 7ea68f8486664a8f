"""API operations of the governance app: the groups, one action plan, one control strategy."""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.governance.models import (
    GovernanceGroup,
    GroupKind,
    GroupStatus,
    PlanActionStatus,
    Rating,
    StrategyLevel,
    StrategyStatus,
)
from soctasking.governance.selectors import (
    action_plan_get,
    control_strategy_get,
    governance_groups_list,
)
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.threats.models import Theme

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
    return ActionPlanOut(
        id=plan.id,
        group=plan.group_id,
        approved=plan.approved,
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
