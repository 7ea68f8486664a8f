"""API operations for access to compartments: asking for it, and deciding.

Any signed-in user may ask, and list their own requests; an authoriser
lists the requests awaiting them and decides each. A request the caller
neither made nor may decide is answered 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from soctasking.accounts.clearance import CompartmentCode
from soctasking.accounts.models import (
    MAX_GRANT_DAYS,
    AccessRequestStatus,
    Compartment,
    CompartmentAccessRequest,
    TokenScope,
)
from soctasking.accounts.reauthentication import require_recent_confirmation
from soctasking.accounts.scopes import token_scope
from soctasking.accounts.selectors import (
    access_request_for,
    access_requests_awaiting,
    access_requests_of,
)
from soctasking.accounts.services import access_request_create, access_request_decide
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["access"])


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class AccessRequestIn(Schema):
    compartment: CompartmentCode
    reason: str = Field(description="what the access is for, in a few words", max_length=2000)
    days: int = Field(description=f"how long it is needed, from approval: 1 to {MAX_GRANT_DAYS}")


class DecisionIn(Schema):
    approve: bool = Field(description="true to approve, false to refuse")
    note: str = Field("", description="optional, shown to the requester", max_length=2000)


class GrantOut(Schema):
    id: int
    starts: datetime
    expires: datetime
    revoked: datetime | None


class AccessRequestOut(Schema):
    id: int
    requester: str
    compartment: str
    reason: str
    days: int
    status: AccessRequestStatus
    created: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    grant: GrantOut | None


class Scope(StrEnum):
    MINE = "mine"
    AWAITING = "awaiting"


class AccessRequestsQuery(Schema):
    scope: Scope = Field(
        Scope.MINE, description="mine: the requests you made; awaiting: those you may decide"
    )


def _out(access_request: CompartmentAccessRequest) -> dict[str, Any]:
    grant = getattr(access_request, "grant", None)
    return {
        "id": access_request.pk,
        "requester": access_request.requester.get_username(),
        "compartment": access_request.compartment_id,
        "reason": access_request.reason,
        "days": access_request.days,
        "status": access_request.status,
        "created": access_request.created,
        "decided_by": (
            access_request.decided_by.get_username() if access_request.decided_by else None
        ),
        "decided_at": access_request.decided_at,
        "decision_note": access_request.decision_note,
        "grant": (
            {
                "id": grant.pk,
                "starts": grant.starts,
                "expires": grant.expires,
                "revoked": grant.revoked,
            }
            if grant is not None
            else None
        ),
    }


def _refused(error: ValidationError) -> Status[Any]:
    errors = [
        {"field": field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(422, {"detail": "The request was refused; see errors.", "errors": errors})


@router.post(
    "/access-requests",
    response={201: AccessRequestOut, 422: FieldErrorsOut},
    summary="Ask for time-limited access to a compartment",
)
@token_scope(TokenScope.ACCESS)
def access_request_post(request: HttpRequest, payload: AccessRequestIn) -> Status[Any]:
    user = signed_in_user(request)
    compartment = Compartment.objects.get(code=payload.compartment)
    try:
        created = access_request_create(
            requester=user, compartment=compartment, reason=payload.reason, days=payload.days
        )
    except ValidationError as error:
        return _refused(error)
    return Status(201, _out(created))


@router.get(
    "/access-requests",
    response=list[AccessRequestOut],
    summary="Your requests for access, or those awaiting your decision",
)
@token_scope(TokenScope.READ)
def access_requests_get(
    request: HttpRequest, filters: Query[AccessRequestsQuery]
) -> list[dict[str, Any]]:
    user = signed_in_user(request)
    requests: QuerySet[CompartmentAccessRequest] = (
        access_requests_awaiting(authoriser=user)
        if filters.scope == Scope.AWAITING
        else access_requests_of(user=user).select_related("requester")
    )
    return [_out(access_request) for access_request in requests]


@router.post(
    "/access-requests/{request_id}/decision",
    response={200: AccessRequestOut, 403: DetailOut, 404: DetailOut, 422: FieldErrorsOut},
    summary="Approve or refuse a request for access",
    description="Approval grants access from now for the days asked. Administrators holding "
    "the compartment may decide, and chairs holding it where the compartment allows; nobody "
    "decides their own request.",
)
@token_scope(TokenScope.ACCESS)
def access_request_decision_post(
    request: HttpRequest, request_id: int, payload: DecisionIn
) -> Status[Any]:
    user = signed_in_user(request)
    access_request = access_request_for(user=user, request_id=request_id)
    if access_request is None:
        raise HttpError(404, f"No request for access has the id {request_id}.")
    require_recent_confirmation(request)
    try:
        decided = access_request_decide(
            request=access_request, authoriser=user, approve=payload.approve, note=payload.note
        )
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from None
    except ValidationError as error:
        return _refused(error)
    return Status(200, _out(decided))
