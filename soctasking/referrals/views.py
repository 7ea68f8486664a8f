"""Pages of the referrals workflow: refer, our referrals, the queue, one referral and its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from soctasking.accounts.gate import WRITING_ROLES, has_role, require_role
from soctasking.accounts.models import User
from soctasking.referrals.forms import (
    AssignForm,
    DecisionForm,
    QueueFilterForm,
    ReferralForm,
    RouteForm,
    WithdrawForm,
)
from soctasking.referrals.models import Referral, ReferralStatus
from soctasking.referrals.selectors import (
    referral_get,
    referral_history,
    referral_timer,
    referrals_of_body,
    referrals_queue,
    service_level_in_force,
)
from soctasking.referrals.services import (
    DECIDING_ROLES,
    REFERRING_KINDS,
    referral_assign,
    referral_decide,
    referral_route,
    referral_submit,
    referral_withdraw,
)
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


def _service_errors(form: Form, error: ValidationError) -> None:
    """A service's errors on the form: on their field where it has one, else above the form."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def may_refer(user: User) -> bool:
    return (
        has_role(user=user, roles=WRITING_ROLES)
        and user.body is not None
        and user.body.kind in REFERRING_KINDS
    )


def _with_timers(referrals: Any) -> list[tuple[Referral, Any]]:
    level, today = service_level_in_force(), timezone.localdate()
    return [
        (referral, referral_timer(referral=referral, as_of=today, service_level=level))
        for referral in referrals
    ]


def _referral_or_404(user: User, referral_id: str) -> Referral:
    referral = referral_get(user=user, id=referral_id)
    if referral is None:
        raise Http404("No referral has this reference.")
    return referral


@login_required
def ours(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    pagination = paginate(request, referrals_of_body(user=user))
    return render(
        request,
        "referrals/ours.html",
        {
            "pagination": pagination,
            "rows": _with_timers(pagination.page.object_list),
            "may_refer": may_refer(user),
        },
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = QueueFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    found = referrals_queue(
        user=user,
        status=chosen.get("status", ""),
        route=chosen.get("route", ""),
        late_on=timezone.localdate() if chosen.get("late") else None,
    )
    pagination = paginate(request, found)
    return render(
        request,
        "referrals/queue.html",
        {
            "form": form,
            "pagination": pagination,
            "rows": _with_timers(pagination.page.object_list),
            "service_level": service_level_in_force(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not may_refer(user):
        raise PermissionDenied("Only a regional organised crime unit refers to the national level.")
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = referral_submit(
                acting_user=user,
                id=data["id"].strip(),
                subject=data["subject"],
                kind=data["kind"],
                detail=data["detail"],
                urgent=data["urgent"],
                threats=[threat.pk for threat in data["threats"]],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                f"Referral {referral.pk} sent to the {referral.get_route_display().lower()}.",
            )
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/new.html", {"form": form}, status=400 if form.errors else 200)


def _detail(
    request: HttpRequest,
    referral: Referral,
    *,
    forms: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    awaiting = referral.status == ReferralStatus.SUBMITTED
    deciding = awaiting and has_role(user=user, roles=DECIDING_ROLES)
    withdrawing = (
        awaiting
        and referral.from_body_id == user.body_id
        and has_role(user=user, roles=WRITING_ROLES)
    )
    context: dict[str, Any] = {
        "referral": referral,
        "timer": referral_timer(
            referral=referral, as_of=timezone.localdate(), service_level=service_level_in_force()
        ),
        "history": referral_history(referral=referral),
        "deciding": deciding,
        "withdrawing": withdrawing,
        "route_form": RouteForm(prefix="route"),
        "assign_form": AssignForm(prefix="assign"),
        "decision_form": DecisionForm(prefix="decision"),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
    }
    context.update(forms or {})
    failed = next((form for form in (forms or {}).values() if form.errors), None)
    context["failed_form"] = failed
    return render(request, "referrals/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, referral_id: str) -> HttpResponse:
    user = signed_in_user(request)
    return _detail(request, _referral_or_404(user, referral_id))


def _act(
    request: HttpRequest,
    referral_id: str,
    *,
    name: str,
    form_class: type[Form],
    act: Any,
    done: str,
) -> HttpResponse:
    """Run one step of the workflow from a form on the referral's page."""
    user = signed_in_user(request)
    referral = _referral_or_404(user, referral_id)
    # Refused at the door, before the form is read: the service would refuse it anyway.
    if name == "withdraw":
        if referral.from_body_id != user.body_id or not has_role(user=user, roles=WRITING_ROLES):
            raise PermissionDenied("Only the body that referred withdraws its referral.")
    else:
        require_role(user=user, roles=DECIDING_ROLES)
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            act(user=user, referral=referral, data=form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("referrals:detail", referral_id=referral.pk)
    return _detail(request, referral, forms={f"{name}_form": form}, status=400)


@login_required
@require_POST
def route(request: HttpRequest, referral_id: str) -> HttpResponse:
    return _act(
        request,
        referral_id,
        name="route",
        form_class=RouteForm,
        act=lambda user, referral, data: referral_route(
            acting_user=user, referral_id=referral.pk, route=data["route"], note=data["note"]
        ),
        done="The referral has been sent on.",
    )


@login_required
@require_POST
def assign(request: HttpRequest, referral_id: str) -> HttpResponse:
    return _act(
        request,
        referral_id,
        name="assign",
        form_class=AssignForm,
        act=lambda user, referral, data: referral_assign(
            acting_user=user, referral_id=referral.pk, owner=data["owner"].strip()
        ),
        done="The referral has its owner.",
    )


@login_required
@require_POST
def decide(request: HttpRequest, referral_id: str) -> HttpResponse:
    return _act(
        request,
        referral_id,
        name="decision",
        form_class=DecisionForm,
        act=lambda user, referral, data: referral_decide(
            acting_user=user,
            referral_id=referral.pk,
            decision=data["decision"],
            reasons=data["reasons"],
        ),
        done="The decision is recorded; the referring body can read it now.",
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, referral_id: str) -> HttpResponse:
    return _act(
        request,
        referral_id,
        name="withdraw",
        form_class=WithdrawForm,
        act=lambda user, referral, data: referral_withdraw(
            acting_user=user, referral_id=referral.pk, reason=data["reason"]
        ),
        done="The referral is withdrawn.",
    )
