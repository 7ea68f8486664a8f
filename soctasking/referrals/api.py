"""API operations of the referrals workflow: list, read, refer, route, own, decide, withdraw.

A referral the caller may not see (another region's, for a user outside the
national roles) answers 404 as if it did not exist. Input the service
refuses answers 422 ``{"detail", "errors": [{"field", "message"}]}``, each
error naming its field; a role that may not take the step, 403; a step on a
referral already decided or withdrawn, 409. See docs/referrals.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.referrals.models import Referral, ReferralStatus, Route
from soctasking.referrals.selectors import (
    ServiceLevel,
    referral_get,
    referral_history,
    referral_timer,
    referrals_queue,
    service_level_in_force,
)
from soctasking.referrals.services import (
    referral_assign,
    referral_decide,
    referral_route,
    referral_submit,
    referral_withdraw,
)
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["referrals"])

ALREADY_DECIDED = "status"


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class TimerOut(Schema):
    allowed_days: int = Field(description="days allowed for a decision on this route")
    days: int = Field(description="days from submission to the decision, or to today")
    due: date = Field(description="the last day a decision is on time")
    awaiting_decision: bool
    late: bool
    summary: str


class ReferralOut(Schema):
    id: str
    subject: str
    from_body: str
    kind: str
    submitted: date
    route: str
    status: str
    owner: str | None = Field(description="the username of the officer who owns it")
    decided: date | None
    decision_reasons: str
    service_level: TimerOut


class ReferralEventOut(Schema):
    at: str
    kind: str
    actor: str | None
    route: str
    owner: str | None
    note: str


class ReferralDetailOut(ReferralOut):
    detail: str
    threats: list[str]
    history: list[ReferralEventOut]


class ReferralsQuery(Schema):
    status: ReferralStatus | None = None
    route: Route | None = None
    owner: str = Field("", max_length=150, description="a username, or none for unowned")
    late: bool = Field(False, description="only those awaiting a decision past the service level")


class ReferralIn(Schema):
    id: str = Field("", description="lower-case letters, digits, '.', '_' or '-'")
    subject: str = ""
    kind: str = Field("", description="support or adoption")
    detail: str = Field("", description="what is needed and why")
    urgent: bool = Field(False, description="straight to the head of tasking")
    threats: list[str] = Field([], description="threat ids")


class RouteIn(Schema):
    route: str = Field("", description="rocc, itg or urgent")
    note: str = ""


class OwnerIn(Schema):
    owner: str = Field("", description="the username of a chair, secretariat or administrator")


class ReferralDecisionIn(Schema):
    decision: str = Field("", description="accepted or declined")
    reasons: str = ""


class WithdrawalIn(Schema):
    reason: str = ""


def _out(referral: Referral, level: ServiceLevel) -> dict[str, Any]:
    timer = referral_timer(referral=referral, as_of=timezone.localdate(), service_level=level)
    return {
        "id": referral.pk,
        "subject": referral.subject,
        "from_body": referral.from_body_id,
        "kind": referral.kind,
        "submitted": referral.submitted,
        "route": referral.route,
        "status": referral.status,
        "owner": referral.owner.get_username() if referral.owner else None,
        "decided": referral.decided,
        "decision_reasons": referral.decision_reasons,
        "service_level": {
            "allowed_days": timer.allowed,
            "days": timer.days,
            "due": timer.due,
            "awaiting_decision": timer.awaiting,
            "late": timer.late,
            "summary": timer.describe(),
        },
    }


def _detail_out(referral: Referral) -> dict[str, Any]:
    return {
        **_out(referral, service_level_in_force()),
        "detail": referral.detail,
        "threats": sorted(referral.threats.values_list("pk", flat=True)),
        "history": [
            {
                "at": event.at.isoformat(),
                "kind": event.kind,
                "actor": event.actor.get_username() if event.actor else None,
                "route": event.route,
                "owner": event.owner.get_username() if event.owner else None,
                "note": event.note,
            }
            for event in referral_history(referral=referral)
        ],
    }


def _refused(error: ValidationError) -> Status[Any]:
    errors = [
        {"field": field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    if [e["field"] for e in errors] == [ALREADY_DECIDED]:
        raise HttpError(409, errors[0]["message"])
    return Status(422, {"detail": "The request was refused; see errors.", "errors": errors})


def _step(request: HttpRequest, referral_id: str, act: Any) -> Any:
    """Take one step of the workflow on a referral the caller may see."""
    user = signed_in_user(request)
    if referral_get(user=user, id=referral_id) is None:
        raise HttpError(404, "No referral with this id is known to you.")
    try:
        referral = act(user)
    except PermissionDenied as error:
        raise HttpError(403, str(error) or "Your role does not allow this.") from None
    except Referral.DoesNotExist:
        raise HttpError(404, "No referral with this id is known to you.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(200, _detail_out(referral))


STEP_RESPONSES: dict[int, Any] = {
    200: ReferralDetailOut,
    403: DetailOut,
    404: DetailOut,
    409: DetailOut,
    422: FieldErrorsOut,
}


@router.get(
    "/referrals",
    response=list[ReferralOut],
    summary="Referrals the caller may see, with their service-level timers",
    description="The national roles see every region's; anyone else, their own body's.",
)
@paginate(Pages)
@token_scope(TokenScope.READ)
def referrals_list(request: HttpRequest, filters: Query[ReferralsQuery]) -> list[dict[str, Any]]:
    user = signed_in_user(request)
    level = service_level_in_force()
    found = referrals_queue(
        user=user,
        status=filters.status.value if filters.status else "",
        route=filters.route.value if filters.route else "",
        owner=filters.owner,
        late_on=timezone.localdate() if filters.late else None,
        service_level=level,
    )
    return [_out(referral, level) for referral in found]


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralDetailOut, 404: NotFoundOut},
    summary="One referral: where it stands, its timer and its steps",
)
@token_scope(TokenScope.READ)
def referral_read(request: HttpRequest, referral_id: str) -> Any:
    referral = referral_get(user=signed_in_user(request), id=referral_id)
    if referral is None:
        raise HttpError(404, "No referral with this id is known to you.")
    return _detail_out(referral)


@router.post(
    "/referrals",
    response={201: ReferralDetailOut, 403: DetailOut, 422: FieldErrorsOut},
    summary="Refer a case for national support or adoption, from a regional unit",
    description="Goes to the regional coordinator (route rocc), or with urgent to the head "
    "of tasking. The caller's body must be a regional organised crime unit.",
)
@token_scope(TokenScope.TASKING)
def referral_post(request: HttpRequest, payload: ReferralIn) -> Any:
    user = signed_in_user(request)
    try:
        referral = referral_submit(
            acting_user=user,
            id=payload.id.strip(),
            subject=payload.subject,
            kind=payload.kind,
            detail=payload.detail,
            urgent=payload.urgent,
            threats=payload.threats,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, _detail_out(referral))


@router.post(
    "/referrals/{referral_id}/route",
    response=STEP_RESPONSES,
    summary="Send an undecided referral on: to the ITG, the coordinator or the head of tasking",
)
@token_scope(TokenScope.TASKING)
def referral_route_post(request: HttpRequest, referral_id: str, payload: RouteIn) -> Any:
    return _step(
        request,
        referral_id,
        lambda user: referral_route(
            acting_user=user, referral_id=referral_id, route=payload.route, note=payload.note
        ),
    )


@router.post(
    "/referrals/{referral_id}/owner",
    response=STEP_RESPONSES,
    summary="Make an officer the owner of an undecided referral",
)
@token_scope(TokenScope.TASKING)
def referral_owner_post(request: HttpRequest, referral_id: str, payload: OwnerIn) -> Any:
    return _step(
        request,
        referral_id,
        lambda user: referral_assign(
            acting_user=user, referral_id=referral_id, owner=payload.owner.strip()
        ),
    )


@router.post(
    "/referrals/{referral_id}/decision",
    response=STEP_RESPONSES,
    summary="Accept or decline a referral, with reasons",
)
@token_scope(TokenScope.TASKING)
def referral_decision_post(
    request: HttpRequest, referral_id: str, payload: ReferralDecisionIn
) -> Any:
    return _step(
        request,
        referral_id,
        lambda user: referral_decide(
            acting_user=user,
            referral_id=referral_id,
            decision=payload.decision,
            reasons=payload.reasons,
        ),
    )


@router.post(
    "/referrals/{referral_id}/withdrawal",
    response=STEP_RESPONSES,
    summary="Withdraw an undecided referral (the referring body)",
)
@token_scope(TokenScope.TASKING)
def referral_withdrawal_post(request: HttpRequest, referral_id: str, payload: WithdrawalIn) -> Any:
    return _step(
        request,
        referral_id,
        lambda user: referral_withdraw(
            acting_user=user, referral_id=referral_id, reason=payload.reason
        ),
    )
