"""Pages of actions: our actions across all meetings, and one action with its updates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from soctasking.accounts.gate import has_role, require_role
from soctasking.actions.forms import ActionUpdateForm, OursFilterForm, TrackerFilterForm
from soctasking.actions.selectors import (
    BY_BODY,
    BY_MEETING,
    action_get,
    action_history,
    action_tracker,
    actions_of_body,
)
from soctasking.actions.services import TRACKING_ROLES, action_update, may_update
from soctasking.meetings.models import Action
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


@login_required
def ours(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = OursFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    today = timezone.localdate()
    return render(
        request,
        "actions/ours.html",
        {
            "form": form,
            "pagination": paginate(request, actions_of_body(user=user, status=status, on=today)),
            "today": today,
            "may_track": has_role(user=user, roles=TRACKING_ROLES),
        },
    )


def _page(
    request: HttpRequest, action: Action, form: ActionUpdateForm, status: int
) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "history": action_history(action=action),
            "form": form,
            "may_update": may_update(user=user, action=action),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _action_or_404(request: HttpRequest, action_id: str) -> Action:
    action = action_get(user=signed_in_user(request), id=action_id)
    if action is None:
        raise Http404("No action has this reference.")
    return action


@login_required
def detail(request: HttpRequest, action_id: str) -> HttpResponse:
    action = _action_or_404(request, action_id)
    return _page(request, action, ActionUpdateForm(initial={"status": action.status}), 200)


@login_required
@require_POST
def update(request: HttpRequest, action_id: str) -> HttpResponse:
    user = signed_in_user(request)
    action = _action_or_404(request, action_id)
    if not may_update(user=user, action=action):
        raise PermissionDenied(
            "Only the body that owns the action, or the secretariat, updates it."
        )
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        try:
            action_update(
                acting_user=user,
                action_id=action.pk,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Action {action.pk} updated.")
            return redirect("actions:detail", action_id=action.pk)
    return _page(request, action, form, 400)


@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    require_role(user=signed_in_user(request), roles=TRACKING_ROLES)
    form = TrackerFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    by = chosen.get("by") or BY_MEETING
    owner = chosen.get("owner")
    rows = action_tracker(
        on=timezone.localdate(),
        by=by,
        series_kind=chosen.get("series_kind", ""),
        owner=owner.pk if owner else "",
    )
    return render(
        request,
        "actions/tracker.html",
        {
            "form": form,
            "pagination": paginate(request, rows),
            "by_body": by == BY_BODY,
            "totals": {
                name: sum(getattr(row, name) for row in rows)
                for name in ("open", "overdue", "done", "cancelled")
            },
        },
    )
