"""How long a session lasts, and proving again who you are before a sensitive action.

A session ends after ``SOCTASKING_SESSION_IDLE_SECONDS`` without a request,
and in any case ``SOCTASKING_SESSION_SECONDS`` after signing in. Actions that
grant access or change what others see (deciding a request for compartment
access, loading a bundle, escalating a gap, any change in the admin site)
also need the password, and the authenticator code where one is enrolled,
given within the last ``SOCTASKING_REAUTHENTICATION_SECONDS``: signing in
counts, and so does confirming on ``/sign-in/confirm/``.

Bearer tokens are not sessions: they have their own expiry and scopes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from ninja.errors import HttpError

SIGNED_IN_AT = "soctasking_signed_in_at"
LAST_SEEN_AT = "soctasking_last_seen_at"
CONFIRMED_AT = "soctasking_confirmed_at"
# Recording each request's time would make every request a session write; a
# minute's resolution is enough to judge an idle timeout of many minutes.
LAST_SEEN_RESOLUTION = 60
CONFIRM_URL = "web:confirm"

F = TypeVar("F", bound=Callable[..., HttpResponse])


@receiver(user_logged_in, dispatch_uid="soctasking.accounts.session_started")
def _session_started(sender: object, request: HttpRequest, **kwargs: object) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session[CONFIRMED_AT] = now


def session_expired(request: HttpRequest, *, now: float) -> str | None:
    """Why the request's session has ended (idle too long, or too old), or None."""
    signed_in = request.session.get(SIGNED_IN_AT)
    last_seen = request.session.get(LAST_SEEN_AT, signed_in)
    if signed_in is None or last_seen is None:
        return "not started here"
    if now - signed_in > settings.SESSION_COOKIE_AGE:
        return "too old"
    if now - last_seen > settings.SOCTASKING_SESSION_IDLE_SECONDS:
        return "idle"
    return None


def session_seen(request: HttpRequest, *, now: float) -> None:
    if now - request.session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_RESOLUTION:
        request.session[LAST_SEEN_AT] = now


def confirmed(request: HttpRequest) -> None:
    """Record that the session's user has just given their password (and code) again."""
    request.session[CONFIRMED_AT] = time.time()


def recently_confirmed(request: HttpRequest) -> bool:
    at = request.session.get(CONFIRMED_AT)
    return at is not None and time.time() - at <= settings.SOCTASKING_REAUTHENTICATION_SECONDS


def confirm_address(request: HttpRequest, *, then: str) -> str:
    return reverse(CONFIRM_URL) + "?" + urlencode({"next": then})


def _back_to(request: HttpRequest) -> str:
    """Where to return once confirmed: the page itself, or for a form post the page it came from.

    A post cannot be replayed after a redirect, so the user is brought back
    to the form to send it again.
    """
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("web:home")


def reauthentication_redirect(request: HttpRequest) -> HttpResponse:
    address = confirm_address(request, then=_back_to(request))
    if request.headers.get("HX-Request") == "true":
        # htmx would follow a redirect and swap the confirmation page into a
        # fragment of the page; it navigates the whole window for this header.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = address
        return response
    return redirect(address)


def reauthentication_required(view: F) -> F:
    """A page view that needs the password (and code) given within the last few minutes."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_confirmed(request):
            return reauthentication_redirect(request)
        return view(request, *args, **kwargs)

    return cast(F, wrapped)


#: Marked on a request by the API's bearer-token authentication.
BEARER = "soctasking_bearer_token"


def require_recent_confirmation(request: HttpRequest) -> None:
    """For an API operation: a browser session must have confirmed recently; a token need not.

    Refused with 403 naming the page where to confirm.
    """
    if getattr(request, BEARER, False) or recently_confirmed(request):
        return
    minutes = settings.SOCTASKING_REAUTHENTICATION_SECONDS // 60
    raise HttpError(
        403,
        f"This action needs your password given again within the last {minutes} minutes: "
        f"confirm it at {reverse(CONFIRM_URL)} and send the request again.",
    )
