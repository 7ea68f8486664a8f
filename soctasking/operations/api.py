"""API operations of operations: the register, one operation, recording, and closing in bulk.

A refusal by the services answers 422 ``{"errors": [{"field", "message"}]}``
naming each field (``convictions``, ``date``, ``operations``) with nothing
stored; a role the services refuse, 403 ``{"detail"}``; an unknown id, 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.lib.api import ErrorsOut, NotFoundOut, Pages, refusals_answered
from soctasking.operations.models import (
    Activity,
    ActivityKind,
    CovertAuthority,
    Disruption,
    DisruptionLevel,
    Operation,
    OperationStatus,
)
from soctasking.operations.selectors import operation_get, operations_list
from soctasking.operations.services import (
    MAX_CLOSED_AT_ONCE,
    Outcomes,
    activity_record,
    covert_authority_grant,
    covert_authority_use_record,
    disruption_record,
    operation_open,
    operations_close,
)
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["operations"])

WRITE_REFUSALS: dict[int, Any] = {403: NotFoundOut, 404: NotFoundOut, 422: ErrorsOut}


class OperationsQuery(Schema):
    status: OperationStatus | None = None
    body: str = Field("", description="only those this body leads")
    threat: str = Field("", description="only those against this threat or a sub-threat")


class OperationOut(Schema):
    id: str
    name: str
    body: str | None = Field(None, alias="body_id")
    opened: dt.date
    closed: dt.date | None
    status: str
    closure_reason: str
    threats: list[str]

    @staticmethod
    def resolve_threats(operation: Operation) -> list[str]:
        return [threat.pk for threat in operation.threats.all()]


class ActivityOut(Schema):
    date: dt.date
    kind: str
    note: str


class UseOut(Schema):
    date: dt.date
    note: str


class AuthorityOut(Schema):
    id: str
    kind: str
    granted: dt.date
    expires: dt.date | None
    last_used: dt.date | None
    uses: list[UseOut]

    @staticmethod
    def resolve_uses(authority: CovertAuthority) -> list[dict[str, Any]]:
        return [{"date": use.date, "note": use.note} for use in authority.uses.all()]


class OutcomesSchema(Schema):
    arrests: int | None = None
    charges: int | None = None
    convictions: int | None = None
    drugs_kg: float | None = None
    firearms: int | None = None
    cash_gbp: float | None = None
    assets_denied_gbp: float | None = None


class DisruptionOut(Schema):
    id: str
    date: dt.date
    level: str
    threats: list[str]
    note: str
    outcomes: OutcomesSchema

    @staticmethod
    def resolve_threats(disruption: Disruption) -> list[str]:
        return [threat.pk for threat in disruption.threats.all()]

    @staticmethod
    def resolve_outcomes(disruption: Disruption) -> dict[str, Any]:
        return {name: getattr(disruption, name) for name in OutcomesSchema.model_fields}


class OperationDetailOut(OperationOut):
    activity: list[ActivityOut]
    covert_authorities: list[AuthorityOut]
    disruptions: list[DisruptionOut]

    @staticmethod
    def resolve_activity(operation: Operation) -> list[Activity]:
        return list(operation.activity.all())

    @staticmethod
    def resolve_covert_authorities(operation: Operation) -> list[CovertAuthority]:
        return list(operation.covert_authorities.all())

    @staticmethod
    def resolve_disruptions(operation: Operation) -> list[Disruption]:
        return list(operation.disruptions.all())


class OperationIn(Schema):
    id: str = Field(description="lower-case letters, digits, '.', '_' or '-'")
    name: str
    body: str = Field(description="the lead body's id")
    opened: dt.date | None = None
    threats: list[str] = Field([], description="threat ids; may be empty")


class ActivityIn(Schema):
    date: dt.date | None = None
    kind: ActivityKind
    note: str = Field("", max_length=2000)


class AuthorityIn(Schema):
    kind: str = Field(max_length=100, description="like directed_surveillance")
    granted: dt.date | None = None
    expires: dt.date | None = None


class UseIn(Schema):
    date: dt.date | None = None
    note: str = Field("", max_length=2000)


class DisruptionIn(Schema):
    date: dt.date | None = None
    level: DisruptionLevel
    threats: list[str] = []
    note: str = Field("", max_length=2000)
    outcomes: OutcomesSchema = OutcomesSchema()


class CloseIn(Schema):
    operations: list[str] = Field(max_length=MAX_CLOSED_AT_ONCE)
    reason: str = Field(max_length=2000)
    closed_on: dt.date | None = None


def _detail(operation_id: str) -> Operation:
    operation = operation_get(id=operation_id)
    if operation is None:
        raise HttpError(404, f"No operation has the id {operation_id!r}.")
    return operation


@router.get("/operations", response=list[OperationOut], summary="The register of operations")
@paginate(Pages)
@token_scope(TokenScope.READ)
def operations_api(request: HttpRequest, filters: Query[OperationsQuery]) -> QuerySet[Operation]:
    return operations_list(
        status=filters.status or "", body=filters.body, threat=filters.threat
    ).prefetch_related("threats")


@router.post(
    "/operations",
    response={201: OperationOut, **WRITE_REFUSALS},
    summary="Record an open operation",
    description="Contributors record operations their own body leads. On 422 nothing was stored.",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def operation_post(request: HttpRequest, given: OperationIn) -> Any:
    operation = operation_open(
        acting_user=signed_in_user(request),
        id=given.id,
        name=given.name,
        body=given.body,
        opened=given.opened,
        threats=given.threats,
    )
    return Status(201, operation)


@router.post(
    "/operations/close",
    response={200: list[OperationOut], 403: NotFoundOut, 422: ErrorsOut},
    summary="Close open operations at once, with a reason",
    description="For the review team (analysts and administrators). All or nothing: an "
    "operation that does not exist or is not open refuses the request (422, `operations`). "
    "Each closure is audited with the reason.",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def operations_close_post(request: HttpRequest, given: CloseIn) -> Any:
    closed = operations_close(
        acting_user=signed_in_user(request),
        operation_ids=given.operations,
        reason=given.reason,
        closed_on=given.closed_on,
    )
    return Status(200, closed)


@router.get(
    "/operations/{operation_id}",
    response={200: OperationDetailOut, 404: NotFoundOut},
    summary="One operation, with its activity, covert authorities and disruptions",
)
@token_scope(TokenScope.READ)
def operation_api(request: HttpRequest, operation_id: str) -> Operation:
    return _detail(operation_id)


@router.post(
    "/operations/{operation_id}/activity",
    response={201: ActivityOut, **WRITE_REFUSALS},
    summary="Add to an operation's activity log",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def activity_post(request: HttpRequest, operation_id: str, given: ActivityIn) -> Any:
    operation = _detail(operation_id)
    activity = activity_record(
        acting_user=signed_in_user(request),
        operation_id=operation.pk,
        date=given.date,
        kind=given.kind,
        note=given.note,
    )
    return Status(201, activity)


@router.post(
    "/operations/{operation_id}/covert-authorities",
    response={201: AuthorityOut, **WRITE_REFUSALS},
    summary="Record a covert authority granted for an operation",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def authority_post(request: HttpRequest, operation_id: str, given: AuthorityIn) -> Any:
    operation = _detail(operation_id)
    authority = covert_authority_grant(
        acting_user=signed_in_user(request),
        operation_id=operation.pk,
        kind=given.kind,
        granted=given.granted,
        expires=given.expires,
    )
    return Status(201, authority)


@router.post(
    "/covert-authorities/{authority_id}/uses",
    response={201: AuthorityOut, **WRITE_REFUSALS},
    summary="Record one use of a covert authority",
    description="Its `last_used` becomes the latest use. A use before the grant or after "
    "the expiry is refused (422, `date`).",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def authority_use_post(request: HttpRequest, authority_id: str, given: UseIn) -> Any:
    try:
        use = covert_authority_use_record(
            acting_user=signed_in_user(request),
            authority_id=authority_id,
            date=given.date,
            note=given.note,
        )
    except ValidationError as error:
        if "authority" in getattr(error, "error_dict", {}):
            raise HttpError(404, f"No covert authority has the id {authority_id!r}.") from error
        raise
    return Status(201, use.authority)


@router.post(
    "/operations/{operation_id}/disruptions",
    response={201: DisruptionOut, **WRITE_REFUSALS},
    summary="Record a disruption of an operation, with its outcomes",
    description="Refused (422, naming the field) when the return does not add up: a "
    "quantity below zero, convictions above charges, or a date before the operation opened.",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def disruption_post(request: HttpRequest, operation_id: str, given: DisruptionIn) -> Any:
    operation = _detail(operation_id)
    disruption = disruption_record(
        acting_user=signed_in_user(request),
        operation_id=operation.pk,
        date=given.date,
        level=given.level,
        threats=given.threats,
        note=given.note,
        outcomes=Outcomes(**given.outcomes.model_dump()),
    )
    return Status(201, disruption)
