"""Pages for access to compartments: asking, seeing your access, and deciding.

Every page works without JavaScript: each decision is one form posted by
the button pressed. The services decide who may do what; these views turn
their refusals into 403s and form errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from soctasking.accounts.forms import AccessRequestForm, DecisionForm
from soctasking.accounts.gate import compartments_authorisable_by
from soctasking.accounts.models import Compartment
from soctasking.accounts.reauthentication import reauthentication_required
from soctasking.accounts.selectors import (
    access_request_for,
    access_requests_awaiting,
    access_requests_of,
    compartment_grant_for,
    compartment_grants_current,
    compartment_grants_of,
    compartments_requestable,
)
from soctasking.accounts.services import (
    access_grant_revoke,
    access_request_create,
    access_request_decide,
    access_request_withdraw,
)
from soctasking.web.shortcuts import signed_in_user

_FORM_FIELDS = frozenset({"compartment", "reason", "days"})


@login_required
def my_access(request: HttpRequest) -> HttpResponse:
    """The signed-in user's requests and grants, and how many requests await them."""
    user = signed_in_user(request)
    authoriser = compartments_authorisable_by(user=user).exists()
    context = {
        "requests": access_requests_of(user=user),
        "grants": compartment_grants_of(user=user),
        "now": timezone.now(),
        "authoriser": authoriser,
        "awaiting": access_requests_awaiting(authoriser=user).count() if authoriser else 0,
    }
    return render(request, "accounts/my_access.html", context)


@login_required
def access_request_new(request: HttpRequest) -> HttpResponse:
    """Ask for a compartment: choose it, say why, say for how long."""
    user = signed_in_user(request)
    compartments = list(compartments_requestable(user=user))
    form = AccessRequestForm(request.POST or None, compartments=compartments)
    if request.method == "POST" and form.is_valid():
        try:
            access_request_create(
                requester=user,
                compartment=Compartment.objects.get(code=form.cleaned_data["compartment"]),
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    form.add_error(field if field in _FORM_FIELDS else None, message)
        else:
            messages.success(
                request, f"Your request for {form.cleaned_data['compartment']} was sent."
            )
            return redirect("accounts:my_access")
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/request_access.html",
        {"form": form, "compartments": compartments},
        status=status,
    )


@login_required
@require_POST
def access_request_withdraw_view(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    access_request = access_request_for(user=user, request_id=request_id)
    if access_request is None or access_request.requester_id != user.pk:
        raise Http404("No request of yours has this id.")
    try:
        access_request_withdraw(request=access_request, acting_user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Your request for {access_request.compartment_id} was withdrawn."
        )
    return redirect("accounts:my_access")


@login_required
def access_queue(request: HttpRequest) -> HttpResponse:
    """The requests awaiting the signed-in authoriser, and the grants they may revoke."""
    user = signed_in_user(request)
    if not compartments_authorisable_by(user=user).exists():
        raise PermissionDenied("You may not authorise access to any compartment.")
    context = {
        "requests": access_requests_awaiting(authoriser=user),
        "grants": compartment_grants_current(authoriser=user),
    }
    return render(request, "accounts/queue.html", context)


@login_required
@require_POST
@reauthentication_required
def access_request_decision(request: HttpRequest, request_id: int) -> HttpResponse:
    """Approve or refuse one request, by the button pressed.

    A plain form post goes back to the queue with the outcome as a message;
    from htmx, the outcome replaces the request's card in place.
    """
    user = signed_in_user(request)
    access_request = access_request_for(user=user, request_id=request_id)
    if access_request is None:
        raise Http404("No request for access has this id.")
    form = DecisionForm(request.POST)
    succeeded = False
    if not form.is_valid():
        outcome = " ".join(str(m) for ms in form.errors.values() for m in ms)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        try:
            access_request_decide(
                request=access_request,
                authoriser=user,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            outcome = " ".join(error.messages)
        else:
            succeeded = True
            who = access_request.requester.get_username()
            verb = "approved" if approve else "refused"
            outcome = f"You {verb} {who}'s request for {access_request.compartment_id}."
    if request.headers.get("HX-Request") == "true":
        return render(
            request,
            "accounts/includes/decision_outcome.html",
            {"outcome": outcome, "succeeded": succeeded},
        )
    (messages.success if succeeded else messages.error)(request, outcome)
    return redirect("accounts:queue")


@login_required
@require_POST
def access_grant_revoke_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    """End a grant now: the holder giving it up, or an authoriser revoking it."""
    user = signed_in_user(request)
    grant = compartment_grant_for(user=user, grant_id=grant_id)
    if grant is None:
        raise Http404("No grant you may revoke has this id.")
    access_grant_revoke(grant=grant, acting_user=user)
    if grant.user_id == user.pk:
        messages.success(request, f"You gave up your access to {grant.compartment_id}.")
        return redirect("accounts:my_access")
    messages.success(
        request, f"{grant.user.get_username()}'s access to {grant.compartment_id} is revoked."
    )
    return redirect("accounts:queue")
