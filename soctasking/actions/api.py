"""API operations of actions: our actions, one action with its updates, giving an update.

An update the service refuses answers 422 ``{"detail", "errors": [{"field",
"message"}]}``; a caller outside the owner body and the secretariat, 403; an
unknown action, 404. See docs/actions.md.
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
from soctasking.actions.selectors import OVERDUE, action_get, action_history, actions_of_body
from soctasking.actions.services import action_update
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.meetings.models import Action, ActionStatus
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["actions"])


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class TrackedActionOut(Schema):
    id: str
    meeting: str
    owner: str
    text: str
    due: date
    status: str
    completed: date | None
    overdue: bool


class ActionUpdateOut(Schema):
    at: str
    status: str
    by: str | None
    note: str


class ActionDetailOut(TrackedActionOut):
    updates: list[ActionUpdateOut]


class OursQuery(Schema):
    status: str = Field("", description="open, done, cancelled or overdue; default: all")


class ActionUpdateIn(Schema):
    status: str = Field("", description="open, done or cancelled")
    note: str = Field("", description="what was done, or why the status changes")


def _out(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "meeting": action.meeting_id,
        "owner": action.owner_id,
        "text": action.text,
        "due": action.due,
        "status": action.status,
        "completed": action.completed,
        "overdue": action.status == ActionStatus.OPEN and action.due < timezone.localdate(),
    }


def _detail_out(action: Action) -> dict[str, Any]:
    return {
        **_out(action),
        "updates": [
            {
                "at": update.at.isoformat(),
                "status": update.status,
                "by": update.by.get_username() if update.by else None,
                "note": update.note,
            }
            for update in action_history(action=action)
        ],
    }


@router.get(
    "/actions/ours", response=list[TrackedActionOut], summary="Our actions, across all meetings"
)
@paginate(Pages)
@token_scope(TokenScope.READ)
def actions_ours(request: HttpRequest, filters: Query[OursQuery]) -> list[dict[str, Any]]:
    status = filters.status if filters.status in {OVERDUE, *ActionStatus.values} else ""
    found = actions_of_body(user=signed_in_user(request), status=status, on=timezone.localdate())
    return [_out(action) for action in found]


@router.get(
    "/actions/{action_id}",
    response={200: ActionDetailOut, 404: NotFoundOut},
    summary="One action and its updates",
)
@token_scope(TokenScope.READ)
def action_read(request: HttpRequest, action_id: str) -> Any:
    action = action_get(user=signed_in_user(request), id=action_id)
    if action is None:
        raise HttpError(404, "No action has this id.")
    return _detail_out(action)


@router.post(
    "/actions/{action_id}/updates",
    response={201: ActionDetailOut, 403: DetailOut, 404: DetailOut, 422: FieldErrorsOut},
    summary="Update an action's status with a note (its owner body, or the secretariat)",
)
@token_scope(TokenScope.TASKING)
def action_update_post(request: HttpRequest, action_id: str, payload: ActionUpdateIn) -> Any:
    user = signed_in_user(request)
    try:
        update = action_update(
            acting_user=user, action_id=action_id, status=payload.status, note=payload.note
        )
    except Action.DoesNotExist:
        raise HttpError(404, "No action has this id.") from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except ValidationError as error:
        errors = [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
        return Status(422, {"detail": "The update was refused; see errors.", "errors": errors})
    return Status(201, _detail_out(update.action))
