"""API operations of the control strategy: the versions, generating a draft, adding, editing
and removing its entries with a reason, its quality-assurance findings and history, approval
by an NTTCG meeting, a new version, and the comparison of two versions.

Writes need the ``governance`` token scope and the role the page needs:
analysts and administrators draft; chairs, secretariat officers and
administrators record approval. An unknown strategy is 404; a change to one
that is no longer a draft is 409; input refused is 422 naming each field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.selectors import picture_as_of
from soctasking.governance.models import (
    ControlStrategy,
    ControlStrategyEntry,
    ControlStrategyEntryChange,
    EntryChangeKind,
    StrategyLevel,
    StrategyStatus,
)
from soctasking.governance.selectors import control_strategy_get
from soctasking.governance.strategy.selectors import (
    EntryComparison,
    control_strategy_versions,
    strategies_compare,
    strategy_entry_changes,
    strategy_findings,
)
from soctasking.governance.strategy.services import (
    MAX_REASON,
    MAX_RESPONSE,
    EntryAnswers,
    StrategyNotDraftError,
    control_strategy_approve,
    control_strategy_entry_add,
    control_strategy_entry_edit,
    control_strategy_entry_remove,
    control_strategy_generate,
    control_strategy_new_version,
)
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["control strategy"])

EARLIEST, LATEST = date(1000, 1, 1), date(8999, 12, 31)


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class VersionsQuery(Schema):
    status: StrategyStatus | None = None


class VersionOut(Schema):
    id: str
    version: int
    status: StrategyStatus
    based_on: str | None = Field(None, description="the id of the assessment it derives from")
    derived_from: str | None = Field(None, description="the approved version it revises")
    approved_by: str | None = Field(None, description="the id of the meeting that approved it")
    approval_override: str = Field(description="why it was approved while checks held; or empty")
    approval_findings: list[str] = Field(description="the check codes that held when approved")
    entries: int = Field(description="how many entries it has")


class GenerateIn(Schema):
    as_of: date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="default: the loaded bundle's as_of, else today"
    )
    id: str = Field("", max_length=100, description="default: cs-<assessment id>")


class ResponseIn(Schema):
    intelligence: str | None = Field(None, max_length=MAX_RESPONSE)
    prevention: str | None = Field(None, max_length=MAX_RESPONSE)
    enforcement: str | None = Field(None, max_length=MAX_RESPONSE)


class EntryAddIn(Schema):
    threat: str = Field(
        max_length=100, description="a catalogued threat, sub-threat or vulnerability"
    )
    level: StrategyLevel
    response: ResponseIn | None = Field(None, description="omit a part to leave it empty")
    reason: str = Field(max_length=MAX_REASON)


class EntryEditIn(Schema):
    level: StrategyLevel | None = Field(None, description="omit to keep it")
    response: ResponseIn | None = Field(
        None, description="omit a part to keep it; empty text clears it"
    )
    reason: str = Field(max_length=MAX_REASON)


class ReasonIn(Schema):
    reason: str = Field(max_length=MAX_REASON)


class StrategyApprovalIn(Schema):
    meeting: str = Field(max_length=100, description="a held meeting of an nttcg series")
    override_reason: str = Field(
        "", max_length=MAX_REASON, description="needed while any CST check holds"
    )


class ExpectedResponseOut(Schema):
    intelligence: str
    prevention: str
    enforcement: str


class EntryOut(Schema):
    threat: str
    level: StrategyLevel
    response: ExpectedResponseOut


class StrategyFindingSubjectOut(Schema):
    type: str
    id: str


class StrategyFindingOut(Schema):
    code: str
    name: str
    severity: str
    subject: StrategyFindingSubjectOut
    message: str
    evidence: dict[str, Any]
    recommendation: str


class EntryChangeOut(Schema):
    threat: str
    kind: EntryChangeKind
    changes: dict[str, list[str | None]] = Field(description="each field changed: [before, after]")
    reason: str
    changed_by: str | None = Field(description="the username; null for the system")
    changed_at: datetime


class LevelChangeOut(Schema):
    before: StrategyLevel
    after: StrategyLevel


class ResponseChangeOut(Schema):
    response: str = Field(description="intelligence, prevention or enforcement")
    before: str
    after: str


class EntryChangedOut(Schema):
    threat: str
    level: LevelChangeOut | None = Field(description="null when the level stayed")
    responses: list[ResponseChangeOut]


class ComparisonQuery(Schema):
    earlier: str = Field(max_length=100, description="the version to compare this one with")


class ComparisonOut(Schema):
    earlier: str
    later: str
    added: list[EntryOut]
    removed: list[EntryOut]
    changed: list[EntryChangedOut]
    unchanged: int


def _refused(error: ValidationError) -> Status[Any]:
    errors = [
        {"field": field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(422, {"detail": "The request was refused; see errors.", "errors": errors})


def _version_out(strategy: ControlStrategy) -> dict[str, Any]:
    return {
        "id": strategy.id,
        "version": strategy.version,
        "status": strategy.status,
        "based_on": strategy.based_on_id,
        "derived_from": strategy.derived_from_id,
        "approved_by": strategy.approved_by_id,
        "approval_override": strategy.approval_override,
        "approval_findings": list(strategy.approval_findings),
        "entries": strategy.entries.count(),
    }


def _entry_out(entry: ControlStrategyEntry) -> dict[str, Any]:
    return {
        "threat": entry.threat_id,
        "level": entry.level,
        "response": {
            "intelligence": entry.response_intelligence,
            "prevention": entry.response_prevention,
            "enforcement": entry.response_enforcement,
        },
    }


def _strategy(strategy_id: str) -> ControlStrategy:
    strategy = control_strategy_get(strategy_id=strategy_id)
    if strategy is None:
        raise HttpError(404, f"No control strategy has the id {strategy_id!r}.")
    return strategy


def _answers(level: StrategyLevel | None, response: ResponseIn | None) -> EntryAnswers:
    if response is None:
        return EntryAnswers(level=level.value if level is not None else None)
    return EntryAnswers(
        level=level.value if level is not None else None,
        response_intelligence=response.intelligence,
        response_prevention=response.prevention,
        response_enforcement=response.enforcement,
    )


WRITE_RESPONSES: dict[int, Any] = {
    403: DetailOut,
    404: NotFoundOut,
    409: DetailOut,
    422: FieldErrorsOut,
}


class VersionListedOut(Schema):
    id: str
    version: int
    status: StrategyStatus
    based_on: str | None = Field(None, alias="based_on_id")
    derived_from: str | None = Field(None, alias="derived_from_id")
    approved_by: str | None = Field(None, alias="approved_by_id")
    entries: int = Field(alias="entry_count", description="how many entries it has")


@router.get(
    "/control-strategies",
    response=list[VersionListedOut],
    summary="Every version of the control strategy, newest first",
)
@paginate(Pages)
@token_scope(TokenScope.READ)
def control_strategies_list_api(
    request: HttpRequest, filters: Query[VersionsQuery]
) -> QuerySet[ControlStrategy]:
    return control_strategy_versions(
        status=filters.status.value if filters.status else None
    ).annotate(entry_count=Count("entries"))


@router.post(
    "/control-strategies",
    response={201: VersionOut, 403: DetailOut, 422: FieldErrorsOut},
    summary="Generate a draft from the approved national strategic assessment",
    description="Analysts and administrators. Every threat, sub-threat and vulnerability of the "
    "assessment, the current national priority threats at level priority, responses empty.",
)
@token_scope(TokenScope.GOVERNANCE)
def control_strategy_generate_api(request: HttpRequest, payload: GenerateIn) -> Any:
    user = signed_in_user(request)
    try:
        strategy = control_strategy_generate(
            acting_user=user,
            as_of=picture_as_of(explicit=payload.as_of),
            strategy_id=payload.id,
        )
    except PermissionDenied:
        raise HttpError(403, "Only analysts and administrators draft the strategy.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, _version_out(strategy))


def _write(call: Any) -> Any:
    """Run a write, turning each refusal into its documented answer."""
    try:
        return call()
    except PermissionDenied:
        raise HttpError(403, "Your role does not allow this change.") from None
    except ControlStrategy.DoesNotExist:
        raise HttpError(404, "No control strategy has this id.") from None
    except StrategyNotDraftError as error:
        raise HttpError(409, str(error)) from None


@router.post(
    "/control-strategies/{strategy_id}/entries",
    response={201: EntryOut, **WRITE_RESPONSES},
    summary="Add an entry to a draft, with the reason",
)
@token_scope(TokenScope.GOVERNANCE)
def control_strategy_entry_add_api(
    request: HttpRequest, strategy_id: str, payload: EntryAddIn
) -> Any:
    user = signed_in_user(request)
    try:
        entry = _write(
            lambda: control_strategy_entry_add(
                acting_user=user,
                strategy_id=strategy_id,
                threat_id=payload.threat,
                answers=_answers(payload.level, payload.response),
                reason=payload.reason,
            )
        )
    except ValidationError as error:
        return _refused(error)
    return Status(201, _entry_out(entry))


@router.patch(
    "/control-strategies/{strategy_id}/entries/{threat_id}",
    response={200: EntryOut, **WRITE_RESPONSES},
    summary="Change a draft's entry (level, responses), with the reason",
)
@token_scope(TokenScope.GOVERNANCE)
def control_strategy_entry_edit_api(
    request: HttpRequest, strategy_id: str, threat_id: str, payload: EntryEditIn
) -> Any:
    user = signed_in_user(request)
    try:
        entry = _write(
            lambda: control_strategy_entry_edit(
                acting_user=user,
                strategy_id=strategy_id,
                threat_id=threat_id,
                answers=_answers(payload.level, payload.response),
                reason=payload.reason,
            )
        )
    except ValidationError as error:
        return _refused(error)
    return _entry_out(entry)


@router.post(
    "/control-strategies/{strategy_id}/entries/{threat_id}/removal",
    response={204: None, **WRITE_RESPONSES},
    summary="Remove an entry from a draft, with the reason",
)
@token_scope(TokenScope.GOVERNANCE)
def control_strategy_entry_remove_api(
    request: HttpRequest, strategy_id: str, threat_id: str, payload: ReasonIn
) -> Any:
    user = signed_in_user(request)
    try:
        _write(
            lambda: control_strategy_entry_remove(
                acting_user=user,
                strategy_id=strategy_id,
                threat_id=threat_id,
                reason=payload.reason,
            )
        )
    except ValidationError as error:
        return _refused(error)
    return Status(204, None)


@router.get(
    "/control-strategies/{strategy_id}/findings",
    response={200: list[StrategyFindingOut], 404: NotFoundOut},
    summary="What CST001-CST004 find in one strategy now",
)
@token_scope(TokenScope.READ)
def control_strategy_findings_api(request: HttpRequest, strategy_id: str) -> Any:
    strategy = _strategy(strategy_id)
    return [
        finding.to_json() for finding in strategy_findings(strategy=strategy, as_of=picture_as_of())
    ]


@router.get(
    "/control-strategies/{strategy_id}/changes",
    response={200: list[EntryChangeOut], 404: NotFoundOut},
    summary="The changes made to a strategy's entries, newest first, with their reasons",
)
@paginate(Pages)
@token_scope(TokenScope.READ)
def control_strategy_changes_api(request: HttpRequest, strategy_id: str) -> Any:
    strategy = _strategy(strategy_id)
    changes: QuerySet[ControlStrategyEntryChange] = strategy_entry_changes(strategy=strategy)
    return [
        {
            "threat": change.threat_id,
            "kind": change.kind,
            "changes": change.changes,
            "reason": change.reason,
            "changed_by": change.changed_by.get_username() if change.changed_by else None,
            "changed_at": change.changed_at,
        }
        for change in changes
    ]


@router.post(
    "/control-strategies/{strategy_id}/approval",
    response={200: VersionOut, **WRITE_RESPONSES},
    summary="Record a held NTTCG meeting's approval of a draft",
    description="Chairs, secretariat officers and administrators. Refused (422, field "
    "override_reason) while any CST check holds, unless override_reason says why.",
)
@token_scope(TokenScope.GOVERNANCE)
def control_strategy_approve_api(
    request: HttpRequest, strategy_id: str, payload: StrategyApprovalIn
) -> Any:
    user = signed_in_user(request)
    try:
        strategy = _write(
            lambda: control_strategy_approve(
                acting_user=user,
                strategy_id=strategy_id,
                meeting_id=payload.meeting,
                as_of=picture_as_of(),
                override_reason=payload.override_reason,
            )
        )
    except ValidationError as error:
        return _refused(error)
    return _version_out(strategy)


@router.post(
    "/control-strategies/{strategy_id}/versions",
    response={201: VersionOut, **WRITE_RESPONSES},
    summary="Start a new draft from an approved version",
)
@token_scope(TokenScope.GOVERNANCE)
def control_strategy_new_version_api(request: HttpRequest, strategy_id: str) -> Any:
    user = signed_in_user(request)
    try:
        draft = _write(
            lambda: control_strategy_new_version(acting_user=user, strategy_id=strategy_id)
        )
    except ValidationError as error:
        return _refused(error)
    return Status(201, _version_out(draft))


def _changed_out(one: EntryComparison) -> dict[str, Any]:
    before, after = one.before, one.after
    level = (
        {"before": before.level, "after": after.level}
        if before is not None and after is not None and one.level_changed
        else None
    )
    return {
        "threat": one.threat.id,
        "level": level,
        "responses": [
            {"response": change.label.lower(), "before": change.before, "after": change.after}
            for change in one.responses
        ],
    }


@router.get(
    "/control-strategies/{strategy_id}/comparison",
    response={200: ComparisonOut, 404: NotFoundOut},
    summary="What changed from an earlier version to this one",
)
@token_scope(TokenScope.READ)
def control_strategy_comparison_api(
    request: HttpRequest, strategy_id: str, query: Query[ComparisonQuery]
) -> Any:
    later = _strategy(strategy_id)
    earlier = _strategy(query.earlier)
    comparison = strategies_compare(earlier=earlier, later=later)
    return {
        "earlier": earlier.id,
        "later": later.id,
        "added": [_entry_out(one.after) for one in comparison.added if one.after is not None],
        "removed": [_entry_out(one.before) for one in comparison.removed if one.before is not None],
        "changed": [_changed_out(one) for one in comparison.changed],
        "unchanged": comparison.unchanged,
    }
