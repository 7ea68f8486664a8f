"""Reads of actions: a body's own across all meetings, one action and its history.

Actions carry no marking: every signed-in user may read any (a meeting's page
lists its own). "Our actions" are those owned by the reader's body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from soctasking.accounts.gate import is_active_user
from soctasking.accounts.models import User
from soctasking.actions.models import ActionUpdate
from soctasking.meetings.models import Action, ActionStatus

#: The filter meaning: still open and past its due date.
OVERDUE = "overdue"
#: How the secretariat's tracker groups actions.
BY_MEETING, BY_BODY = "meeting", "body"


@dataclass(frozen=True)
class TrackerRow:
    """One meeting's or one body's actions, counted: open (of which overdue), done, cancelled."""

    key: str
    label: str
    open: int
    overdue: int
    done: int
    cancelled: int


def actions_of_body(*, user: User, status: str = "", on: date) -> QuerySet[Action]:
    """The actions the reader's body owns, soonest due first; ``status`` may be ``overdue``."""
    if not is_active_user(user) or user.body_id is None:
        return Action.objects.none()
    found = Action.objects.filter(owner_id=user.body_id).select_related("meeting__series", "owner")
    if status == OVERDUE:
        found = found.filter(status=ActionStatus.OPEN, due__lt=on)
    elif status:
        found = found.filter(status=status)
    return found.order_by("due", "id")


def action_get(*, user: User, id: str) -> Action | None:
    if not is_active_user(user):
        return None
    return Action.objects.select_related("meeting__series", "owner").filter(pk=id).first()


def action_history(*, action: Action) -> QuerySet[ActionUpdate]:
    """The action's updates, oldest first."""
    return ActionUpdate.objects.filter(action=action).select_related("by").order_by("at", "id")


def action_tracker(
    *, on: date, by: str = BY_MEETING, series_kind: str = "", owner: str = ""
) -> list[TrackerRow]:
    """Actions counted by meeting (latest first) or by owner body (most overdue first).

    ``series_kind`` keeps the meetings of one kind of series; ``owner`` one body's actions.
    """
    found = Action.objects.all()
    if series_kind:
        found = found.filter(meeting__series__kind=series_kind)
    if owner:
        found = found.filter(owner_id=owner)
    keys: tuple[str, ...]
    if by == BY_BODY:
        keys = ("owner_id", "owner__name")
    else:
        keys = ("meeting_id", "meeting__series__name", "meeting__date")
    counted = found.values(*keys).annotate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        overdue=Count("id", filter=Q(status=ActionStatus.OPEN, due__lt=on)),
        done=Count("id", filter=Q(status=ActionStatus.DONE)),
        cancelled=Count("id", filter=Q(status=ActionStatus.CANCELLED)),
    )
    if by == BY_BODY:
        rows = [
            TrackerRow(
                key=row["owner_id"],
                label=row["owner__name"],
                open=row["open"],
                overdue=row["overdue"],
                done=row["done"],
                cancelled=row["cancelled"],
            )
            for row in counted
        ]
        return sorted(rows, key=lambda row: (-row.overdue, -row.open, row.label, row.key))
    meetings = sorted(
        counted, key=lambda row: (row["meeting__date"], row["meeting_id"]), reverse=True
    )
    return [
        TrackerRow(
            key=row["meeting_id"],
            label=f"{row['meeting__series__name']} {row['meeting__date']:%Y-%m-%d}",
            open=row["open"],
            overdue=row["overdue"],
            done=row["done"],
            cancelled=row["cancelled"],
        )
        for row in meetings
    ]
