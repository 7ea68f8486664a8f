"""API operations of the prioritisation app: scoring templates; evaluation rounds with their
ranked table, movement and sensitivity; the NSIG's recommendation and the NSTCG's decision."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.intelligence.models import Assessment
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.meetings.models import DecisionKind, Meeting
from soctasking.prioritisation.models import Recommendation, ScoringTemplate, TemplateStatus
from soctasking.prioritisation.selectors import (
    evaluation_get,
    evaluation_round,
    scoring_template_get,
    scoring_templates_list,
)
from soctasking.prioritisation.services import (
    decision_record,
    evaluation_open,
    recommendation_record,
    score_record,
    scoring_template_create,
    scoring_template_revise,
    scoring_template_set_status,
)
from soctasking.threats.models import Threat
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["prioritisation"])


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


def _refused(error: ValidationError) -> Status[Any]:
    errors = [
        {"field": field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(422, {"detail": "The request was refused; see errors.", "errors": errors})


class DecisionKindIn(StrEnum):
    ADOPT_PRIORITY_THREATS = DecisionKind.ADOPT_PRIORITY_THREATS.value
    COLLECTION_PRIORITY = DecisionKind.COLLECTION_PRIORITY.value


class TemplatesQuery(Schema):
    status: TemplateStatus | None = None


class TemplateOut(Schema):
    id: str
    family: str = Field(description="shared by every version of one method")
    version: int
    name: str
    status: TemplateStatus
    formula: str
    rounds: int = Field(description="evaluation rounds scored with this version")


class TemplateDetailOut(TemplateOut):
    description: str
    formula_explanation: str
    groups: list[dict[str, Any]] = Field(
        description="{code, name, dimensions: [{code, name, weight, levels: [{label, value}]}]}"
    )
    previous: str | None = Field(None, description="the version this one replaced")


class TemplateIn(Schema):
    id: str = Field(description="the new template's id, also its family")
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    groups: list[dict[str, Any]]
    formula: str = Field(max_length=500)
    formula_explanation: str = ""


class TemplateRevisionIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    groups: list[dict[str, Any]]
    formula: str = Field(max_length=500)
    formula_explanation: str = ""


class TemplateStatusIn(Schema):
    status: TemplateStatus


class EvaluationIn(Schema):
    id: str
    assessment: str = Field(description="a national strategic assessment's id")
    template: str = Field(description="an approved scoring template's id")
    date: date
    priority_line: int | None = Field(
        None, ge=1, description="how many of the top ranks are proposed as priorities"
    )


class EvidenceIn(Schema):
    kind: str = Field(description="submission, theme or metric")
    ref: str


class ScoreIn(Schema):
    threat: str
    dimensions: dict[str, float] = Field(description="a value of each dimension's scale")
    justifications: dict[str, str] = Field(description="why, for every dimension")
    evidence: list[EvidenceIn] = []
    arguments_for: list[str] = []
    arguments_against: list[str] = []


class WeightChangeOut(Schema):
    dimension: str
    factor: float
    rank: int


class SensitivityOut(Schema):
    rank_holds: bool = Field(description="the rank is the same with any one weight ±20%")
    line_holds: bool = Field(description="the side of the priority line is the same")
    highest: int
    lowest: int
    changes: list[WeightChangeOut]


class RankedOut(Schema):
    threat: str
    name: str
    rank: int
    total: float
    above_line: bool
    movement: int | None = Field(None, description="places up since the previous round")
    dimensions: dict[str, float]
    justifications: dict[str, str]
    evidence: list[dict[str, str]] = Field(description="only what the caller may see")
    arguments_for: list[str]
    arguments_against: list[str]
    recommendation: str = Field(description="the NSIG's: priority, national_threat, monitor")
    recommendation_reason: str
    sensitivity: SensitivityOut | None = None


class EvaluationOut(Schema):
    id: str
    assessment: str | None
    template: str | None
    date: date | None
    priority_line: int | None
    previous: str | None = Field(None, description="the round movement is measured from")
    ranking: list[RankedOut]
    unscored: list[str] = Field(description="threats of the assessment not yet scored")


class RecommendationIn(Schema):
    recommendation: Recommendation
    reason: str


class RecommendationsIn(Schema):
    meeting: str = Field(description="the NSIG meeting's id")
    threats: dict[str, RecommendationIn] = Field(description="for every threat scored, by id")


class EvaluationDecisionIn(Schema):
    meeting: str = Field(description="the NSTCG meeting's id")
    kind: DecisionKindIn
    threats: list[str] = Field(description="threat ids, all in the round's assessment")
    rationale: str
    departures: dict[str, str] = Field(
        {}, description="by threat id, the reason for each departure from the recommendation"
    )


class EvaluationDecisionOut(Schema):
    id: str
    kind: str = Field(description="adopt_priority_threats or collection_priority")
    label: str = Field(description="how the kind is shown, never to be confused")
    meeting: str
    recommended_by: str | None
    threats: list[str]
    departures: dict[str, str]


class ScoreOut(Schema):
    threat: str
    total: float
    rank: int


def _template_out(template: ScoringTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "family": template.family,
        "version": template.version,
        "name": template.name,
        "status": template.status,
        "formula": template.formula,
        "rounds": getattr(template, "rounds", template.evaluations.count()),
        "description": template.description,
        "formula_explanation": template.formula_explanation,
        "groups": template.groups,
        "previous": template.previous_id,
    }


def _template_or_404(template_id: str) -> ScoringTemplate:
    template = scoring_template_get(template_id=template_id)
    if template is None:
        raise HttpError(404, f"No scoring template has the id {template_id!r}.")
    return template


@router.get("/scoring-templates", response=list[TemplateOut], summary="Scoring templates")
@paginate(Pages)
@token_scope(TokenScope.READ)
def scoring_templates_api(
    request: HttpRequest, filters: Query[TemplatesQuery]
) -> QuerySet[ScoringTemplate]:
    return scoring_templates_list(status=filters.status)


@router.get(
    "/scoring-templates/{template_id}",
    response={200: TemplateDetailOut, 404: NotFoundOut},
    summary="One version of a scoring template: its groups, scales and formula",
)
@token_scope(TokenScope.READ)
def scoring_template_api(request: HttpRequest, template_id: str) -> Any:
    return _template_out(_template_or_404(template_id))


@router.post(
    "/scoring-templates",
    response={201: TemplateDetailOut, 403: DetailOut, 422: FieldErrorsOut},
    summary="Add a scoring template, as a draft (administrators)",
)
@token_scope(TokenScope.PRIORITISATION)
def scoring_template_post(request: HttpRequest, payload: TemplateIn) -> Any:
    try:
        template = scoring_template_create(acting_user=signed_in_user(request), **payload.dict())
    except PermissionDenied:
        raise HttpError(403, "Only administrators keep scoring templates.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, _template_out(template))


@router.post(
    "/scoring-templates/{template_id}/versions",
    response={201: TemplateDetailOut, 403: DetailOut, 404: NotFoundOut, 422: FieldErrorsOut},
    summary="Change a template: in place while an unused draft, else as its next version",
)
@token_scope(TokenScope.PRIORITISATION)
def scoring_template_version_post(
    request: HttpRequest, template_id: str, payload: TemplateRevisionIn
) -> Any:
    template = _template_or_404(template_id)
    try:
        revised = scoring_template_revise(
            acting_user=signed_in_user(request), template=template, **payload.dict()
        )
    except PermissionDenied:
        raise HttpError(403, "Only administrators keep scoring templates.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, _template_out(revised))


@router.post(
    "/scoring-templates/{template_id}/status",
    response={200: TemplateDetailOut, 403: DetailOut, 404: NotFoundOut, 422: FieldErrorsOut},
    summary="Approve a template for evaluation rounds, or retire it (administrators)",
)
@token_scope(TokenScope.PRIORITISATION)
def scoring_template_status_post(
    request: HttpRequest, template_id: str, payload: TemplateStatusIn
) -> Any:
    template = _template_or_404(template_id)
    try:
        changed = scoring_template_set_status(
            acting_user=signed_in_user(request), template=template, status=payload.status
        )
    except PermissionDenied:
        raise HttpError(403, "Only administrators keep scoring templates.") from None
    except ValidationError as error:
        return _refused(error)
    return _template_out(changed)


def _evaluation_out(request: HttpRequest, evaluation_id: str) -> dict[str, Any]:
    evaluation = evaluation_get(evaluation_id=evaluation_id)
    if evaluation is None:
        raise HttpError(404, f"No evaluation has the id {evaluation_id!r}.")
    table = evaluation_round(user=signed_in_user(request), evaluation=evaluation)
    ranking = []
    for row in table.rows:
        held = row.sensitivity
        ranking.append(
            {
                "threat": row.threat.id,
                "name": row.threat.name,
                "rank": row.rank,
                "total": row.total,
                "above_line": row.above_line,
                "movement": row.movement,
                "dimensions": row.score.dimensions,
                "justifications": row.score.justifications,
                "evidence": row.visible_evidence,
                "arguments_for": row.score.arguments_for,
                "arguments_against": row.score.arguments_against,
                "recommendation": row.score.recommendation,
                "recommendation_reason": row.score.recommendation_reason,
                "sensitivity": None
                if held is None
                else {
                    "rank_holds": held.rank_holds,
                    "line_holds": held.line_holds,
                    "highest": held.highest,
                    "lowest": held.lowest,
                    "changes": [vars(change) for change in held.changes],
                },
            }
        )
    return {
        "id": evaluation.id,
        "assessment": evaluation.assessment_id,
        "template": evaluation.template_id,
        "date": evaluation.date,
        "priority_line": evaluation.priority_line,
        "previous": table.previous.id if table.previous else None,
        "ranking": ranking,
        "unscored": [threat.id for threat in table.unscored],
    }


@router.get(
    "/evaluations/{evaluation_id}",
    response={200: EvaluationOut, 404: NotFoundOut},
    summary="An evaluation round: its ranked table, movement and sensitivity",
)
@token_scope(TokenScope.READ)
def evaluation_api(request: HttpRequest, evaluation_id: str) -> Any:
    return _evaluation_out(request, evaluation_id)


@router.post(
    "/evaluations",
    response={201: EvaluationOut, 403: DetailOut, 422: FieldErrorsOut},
    summary="Open an evaluation round on an approved template (analysts)",
)
@token_scope(TokenScope.PRIORITISATION)
def evaluation_post(request: HttpRequest, payload: EvaluationIn) -> Any:
    assessment = Assessment.objects.filter(pk=payload.assessment).first()
    template = ScoringTemplate.objects.filter(pk=payload.template).first()
    try:
        if assessment is None:
            raise ValidationError(
                {"assessment": f"No assessment has the id {payload.assessment!r}."}
            )
        if template is None:
            raise ValidationError(
                {"template": f"No scoring template has the id {payload.template!r}."}
            )
        evaluation = evaluation_open(
            acting_user=signed_in_user(request),
            id=payload.id,
            assessment=assessment,
            template=template,
            on=payload.date,
            priority_line=payload.priority_line,
        )
    except PermissionDenied:
        raise HttpError(403, "Only analysts open evaluation rounds.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, _evaluation_out(request, evaluation.id))


@router.post(
    "/evaluations/{evaluation_id}/scores",
    response={201: ScoreOut, 403: DetailOut, 404: NotFoundOut, 422: FieldErrorsOut},
    summary="Score one threat of a round on every dimension, and rank the round again",
)
@token_scope(TokenScope.PRIORITISATION)
def score_post(request: HttpRequest, evaluation_id: str, payload: ScoreIn) -> Any:
    evaluation = evaluation_get(evaluation_id=evaluation_id)
    if evaluation is None:
        raise HttpError(404, f"No evaluation has the id {evaluation_id!r}.")
    threat = Threat.objects.filter(pk=payload.threat).first()
    try:
        if threat is None:
            raise ValidationError({"threat": f"No threat has the id {payload.threat!r}."})
        score = score_record(
            acting_user=signed_in_user(request),
            evaluation=evaluation,
            threat=threat,
            values=payload.dimensions,
            justifications=payload.justifications,
            evidence=[link.dict() for link in payload.evidence],
            arguments_for=payload.arguments_for,
            arguments_against=payload.arguments_against,
        )
    except PermissionDenied:
        raise HttpError(403, "Only analysts score evaluation rounds.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, {"threat": threat.id, "total": score.total, "rank": score.rank})


def _meeting(meeting_id: str) -> Meeting:
    meeting = Meeting.objects.select_related("series").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError({"meeting": f"No meeting has the id {meeting_id!r}."})
    return meeting


@router.post(
    "/evaluations/{evaluation_id}/recommendations",
    response={200: EvaluationOut, 403: DetailOut, 404: NotFoundOut, 422: FieldErrorsOut},
    summary="Record the NSIG's recommendation, with its reason, for every threat scored",
    description="Chairs, the secretariat and administrators.",
)
@token_scope(TokenScope.PRIORITISATION)
def recommendations_post(
    request: HttpRequest, evaluation_id: str, payload: RecommendationsIn
) -> Any:
    evaluation = evaluation_get(evaluation_id=evaluation_id)
    if evaluation is None:
        raise HttpError(404, f"No evaluation has the id {evaluation_id!r}.")
    try:
        recommendation_record(
            acting_user=signed_in_user(request),
            evaluation=evaluation,
            meeting=_meeting(payload.meeting),
            recommendations={t: r.recommendation.value for t, r in payload.threats.items()},
            reasons={t: r.reason for t, r in payload.threats.items()},
        )
    except PermissionDenied:
        raise HttpError(403, "Only chairs and the secretariat record a group's outcome.") from None
    except ValidationError as error:
        return _refused(error)
    return _evaluation_out(request, evaluation.id)


@router.post(
    "/evaluations/{evaluation_id}/decisions",
    response={201: EvaluationDecisionOut, 403: DetailOut, 404: NotFoundOut, 422: FieldErrorsOut},
    summary="Record the NSTCG's typed decision on a round",
    description="National priority threats adopted, or priorities for intelligence collection "
    "only. A threat outside the round's assessment, or a departure from the NSIG's "
    "recommendation without its reason, is refused and nothing is stored.",
)
@token_scope(TokenScope.PRIORITISATION)
def decision_post(request: HttpRequest, evaluation_id: str, payload: EvaluationDecisionIn) -> Any:
    evaluation = evaluation_get(evaluation_id=evaluation_id)
    if evaluation is None:
        raise HttpError(404, f"No evaluation has the id {evaluation_id!r}.")
    try:
        decision = decision_record(
            acting_user=signed_in_user(request),
            evaluation=evaluation,
            meeting=_meeting(payload.meeting),
            kind=payload.kind.value,
            threat_ids=payload.threats,
            rationale=payload.rationale,
            departures=payload.departures,
        )
    except PermissionDenied:
        raise HttpError(403, "Only chairs and the secretariat record a group's outcome.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(
        201,
        {
            "id": decision.id,
            "kind": decision.kind,
            "label": decision.get_kind_display(),
            "meeting": decision.meeting_id,
            "recommended_by": decision.recommended_by_id,
            "threats": sorted(t.pk for t in decision.threats.all()),
            "departures": decision.departures,
        },
    )
