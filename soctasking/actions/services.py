"""Updating an action: its owner body (or the secretariat) changes its status with a note.

Every update is kept as an ``ActionUpdate`` beside the action, so a meeting
can read how an action moved, not only where it ended. An action marked done
is dated today; one reopened loses that date. A bad status or an over-long
or empty note is refused, naming the field, and nothing is stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from soctasking.accounts.gate import WRITING_ROLES, has_role
from soctasking.accounts.models import Role, User
from soctasking.actions.models import MAX_NOTE_LENGTH, ActionReminder, ActionUpdate, ReminderKind
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body
from soctasking.meetings.models import Action, ActionStatus

#: Days before an action falls due that its owner body is reminded.
DAYS_BEFORE = 7
#: An action overdue by more than this is not reminded of, so an old picture mails nobody.
OVERDUE_WITHIN = 30

#: Who updates any body's actions: those who keep the meetings' record.
SECRETARIAT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT})
#: Who reads the tracker of every meeting's actions: the secretariat, chairs, inspectors.
TRACKING_ROLES = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR, Role.INSPECTOR})


def may_update(*, user: User, action: Action) -> bool:
    """Whether ``user`` may update ``action``: a writer of its owner body, or the secretariat."""
    if has_role(user=user, roles=SECRETARIAT_ROLES):
        return True
    return has_role(user=user, roles=WRITING_ROLES) and user.body_id == action.owner_id


def action_update(*, acting_user: User, action_id: str, status: str, note: str) -> ActionUpdate:
    """Set an action's status, recording the note that says what was done or why not."""
    errors: dict[str, list[str]] = defaultdict(list)
    if status not in ActionStatus.values:
        errors["status"].append(
            f"Choose a status: {', '.join(repr(value) for value in ActionStatus.values)}."
        )
    if not note.strip():
        errors["note"].append("Say what has been done, or why the status changes.")
    elif len(note) > MAX_NOTE_LENGTH:
        errors["note"].append(
            f"The note must be {MAX_NOTE_LENGTH} characters or fewer; this has {len(note)}."
        )
    with transaction.atomic():
        action = Action.objects.select_for_update().filter(pk=action_id).first()
        if action is None:
            raise Action.DoesNotExist(f"No action has the id {action_id!r}.")
        if not may_update(user=acting_user, action=action):
            raise PermissionDenied(
                "Only the body that owns the action, or the secretariat, updates it."
            )
        if errors:
            raise ValidationError(dict(errors))
        was = action.status
        action.status = status
        if status == ActionStatus.DONE:
            action.completed = (
                action.completed if was == ActionStatus.DONE else timezone.localdate()
            )
        else:
            action.completed = None
        action.full_clean()
        action.save(update_fields=["status", "completed"])
        update = ActionUpdate(
            action=action, at=timezone.now(), by=acting_user, status=status, note=note.strip()
        )
        update.full_clean()
        update.save()
        audit_record(
            actor=acting_user,
            action="update",
            record_type="action",
            record_id=action.pk,
            detail={"from": was, "to": status},
        )
    return update


@dataclass(frozen=True)
class ActionReminderEmail:
    """One email sent (or, with no recipients, recorded): a body, a kind, its actions."""

    body: Body
    kind: ReminderKind
    actions: tuple[Action, ...]
    recipients: tuple[str, ...]


def _addresses(body_ids: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    users = (
        User.objects.filter(body_id__in=body_ids, is_active=True, role__in=WRITING_ROLES)
        .exclude(email="")
        .order_by("email")
        .values_list("body_id", "email")
    )
    for body_id, email in users:
        found[body_id].append(email)
    return found


def action_reminders_send(
    *,
    today: date | None = None,
    days_before: int = DAYS_BEFORE,
    overdue_within: int = OVERDUE_WITHIN,
) -> list[ActionReminderEmail]:
    """Email each owner body about its open actions due within ``days_before`` days, and
    those that passed their due date within ``overdue_within`` days.

    Each action gets at most one reminder of each kind, ever, so running this daily (or
    twice) never repeats one. The system is the actor.
    """
    today = today or timezone.localdate()
    reminded = set(ActionReminder.objects.values_list("action_id", "kind"))
    owed: dict[tuple[str, ReminderKind], list[Action]] = defaultdict(list)
    open_actions = Action.objects.filter(
        status=ActionStatus.OPEN,
        due__gte=today - timedelta(days=overdue_within),
        due__lte=today + timedelta(days=days_before),
    ).select_related("owner", "meeting__series")
    for action in open_actions.order_by("due", "id"):
        kind = ReminderKind.OVERDUE if action.due < today else ReminderKind.BEFORE_DUE
        if (action.pk, kind.value) not in reminded:
            owed[(action.owner_id, kind)].append(action)
    addresses = _addresses({body for body, _ in owed})
    sent: list[ActionReminderEmail] = []
    for (body_id, kind), actions in sorted(owed.items()):
        body = actions[0].owner
        recipients = addresses.get(body_id, [])
        context = {
            "kind": kind,
            "body": body,
            "actions": actions,
            "today": today,
            "base_url": settings.SOCTASKING_BASE_URL,
        }
        # Sent before it is recorded: should recording fail, the next run sends it
        # again, and a reminder twice is better than none.
        if recipients:
            send_mail(
                subject=render_to_string("actions/email/reminder_subject.txt", context).strip(),
                message=render_to_string("actions/email/reminder.txt", context),
                from_email=None,
                recipient_list=recipients,
            )
        now = timezone.now()
        with transaction.atomic():
            ActionReminder.objects.bulk_create(
                ActionReminder(action=action, kind=kind, sent=now, recipients=recipients)
                for action in actions
            )
            audit_record(
                actor=None,
                action="remind",
                record_type="body",
                record_id=body_id,
                detail={
                    "kind": kind.value,
                    "actions": [action.pk for action in actions],
                    "to": recipients,
                },
            )
        sent.append(ActionReminderEmail(body, kind, tuple(actions), tuple(recipients)))
    return sent
