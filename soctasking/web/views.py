"""Page views of the web shell: signing in (with the second factor) and out, home, areas, health."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe
from django_otp import login as otp_login

from soctasking.accounts.middleware import needs_second_factor
from soctasking.accounts.reauthentication import confirmed
from soctasking.accounts.second_factor import (
    second_factor_enrol,
    second_factor_enrolled,
    second_factor_verify,
    totp_device_pending,
    totp_qr_data_uri,
    totp_secret_text,
)
from soctasking.assurance.selectors import picture_as_of
from soctasking.audit.services import audit_sensitive_reads
from soctasking.referrals.selectors import referrals_visible_to
from soctasking.web import selectors
from soctasking.web.forms import ConfirmForm, LockedOutForm, SecondFactorForm, SignInForm
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user

M = TypeVar("M", bound=Model)


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True


def sign_in_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The sign-in page again, refusing a locked-out username or address (429).

    The same words whether or not the username exists, so a lockout tells an
    attacker nothing about which accounts there are.
    """
    form = LockedOutForm(request, data=request.POST)
    form.is_valid()
    return render(
        request,
        "web/sign_in.html",
        {"form": form, "next": request.POST.get("next", "")},
        status=429,
    )


WRONG_CODE = (
    "That code is not right. Enter the code your authenticator app shows now, or one of "
    "your recovery codes; after several wrong codes, wait a minute before trying again"
)


def _next_address(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("web:home")


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app at each sign-in; enrolling it the first time.

    Only users cleared SECRET or above are asked; anyone else, or anyone who
    has already given it in this session, goes straight on.
    """
    user = signed_in_user(request)
    next_address = _next_address(request)
    if not needs_second_factor(request):
        return redirect(next_address)
    enrolled = second_factor_enrolled(user)
    device = None if enrolled else totp_device_pending(user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if device is None:
            verified = second_factor_verify(user=user, code=code)
            if verified is not None:
                otp_login(request, verified)  # type: ignore[no-untyped-call]
                return redirect(next_address)
        else:
            codes = second_factor_enrol(device=device, code=code)
            if codes is not None:
                otp_login(request, device)  # type: ignore[no-untyped-call]
                shown = {"codes": codes, "next": next_address}
                return render(request, "web/recovery_codes.html", shown)
        form.add_error("code", WRONG_CODE)
    context: dict[str, Any] = {"form": form, "next": next_address, "enrolling": device is not None}
    if device is not None:
        context["secret"] = totp_secret_text(device)
        context["address"] = device.config_url
        context["qr_code"] = totp_qr_data_uri(device)
    return render(request, "web/second_factor.html", context, status=400 if form.errors else 200)


NOT_YOUR_PASSWORD = "Enter your correct password. It is case-sensitive."  # noqa: S105 - a message


@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Give the password again (and the code, where enrolled) before a sensitive action.

    A wrong password counts towards the lockout like one at sign-in.
    """
    user = signed_in_user(request)
    next_address = _next_address(request)
    asks_code = second_factor_enrolled(user)
    form = ConfirmForm(request.POST or None, asks_code=asks_code)
    if request.method == "POST" and form.is_valid():
        again = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        if again is None or again.pk != user.pk:
            form.add_error("password", NOT_YOUR_PASSWORD)
        elif asks_code and second_factor_verify(user=user, code=form.cleaned_data["code"]) is None:
            form.add_error("code", WRONG_CODE)
        else:
            confirmed(request)
            return redirect(next_address)
    minutes = settings.SOCTASKING_REAUTHENTICATION_SECONDS // 60
    context = {"form": form, "next": next_address, "minutes": minutes, "asks_code": asks_code}
    return render(request, "web/confirm.html", context, status=400 if form.errors else 200)


class SignOutView(LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Added after the session is flushed, so it lands in the new one.
        messages.success(request, "You have signed out.")
        return response


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Whether the process answers, for a load balancer or a monitor.

    Open to anyone and reads no database, so it says only that a worker is up:
    it is the cheapest request the server can answer.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The picture at a glance on the date it describes."""
    summary = selectors.home_summary(user=signed_in_user(request), as_of=picture_as_of())
    return render(request, "web/home.html", {"summary": summary})


def _area(request: HttpRequest, template: str, records: QuerySet[M]) -> HttpResponse:
    return render(request, template, {"pagination": paginate(request, records)})


@login_required
def intelligence(request: HttpRequest) -> HttpResponse:
    """Submissions the reader is cleared to see; titles and handling only, never their text."""
    user = signed_in_user(request)
    pagination = paginate(request, selectors.submissions_visible_to(user=user))
    # A title of SECRET material is itself SECRET: showing it is a read.
    audit_sensitive_reads(
        actor=user,
        action="list",
        record_type="submission",
        records=((s.id, s.classification) for s in pagination.page),
    )
    return render(request, "web/areas/intelligence.html", {"pagination": pagination})


@login_required
def prioritisation(request: HttpRequest) -> HttpResponse:
    records = selectors.evaluations_list()
    return _area(request, "web/areas/prioritisation.html", records)


@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    # A region's requests are its own: others see only their body's.
    records = referrals_visible_to(user=signed_in_user(request))
    return _area(request, "web/areas/referrals.html", records)
