"""Session rules: the second factor for SECRET and above, session limits, admin confirmation.

``SecondFactorMiddleware`` holds a signed-in user cleared SECRET or above at
the second factor until they give it.
Until then every page answers with a redirect to the second-factor page
(enrolment the first time), except that page itself, signing out, and what
any visitor may fetch: static files and the health check. The API judges a
session itself (``soctasking.api.SessionCookie``), so it is left alone here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from soctasking.accounts.models import User
from soctasking.accounts.reauthentication import (
    reauthentication_redirect,
    recently_confirmed,
    session_expired,
    session_seen,
)
from soctasking.accounts.second_factor import second_factor_required

SECOND_FACTOR_URL = "web:second_factor"


def needs_second_factor(request: HttpRequest) -> bool:
    """Whether the request's signed-in user must still give their second factor."""
    user = request.user
    if not user.is_authenticated or not isinstance(user, User):
        return False
    verified = getattr(user, "is_verified", None)
    return second_factor_required(user) and not (verified is not None and verified())


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths = (
            reverse(SECOND_FACTOR_URL),
            reverse("web:logout"),
            reverse("web:health"),
            settings.STATIC_URL,
            "/assets/",
            "/api/",
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.open_paths) and needs_second_factor(request):
            address = reverse(SECOND_FACTOR_URL)
            if request.method == "GET":
                address += "?" + urlencode({"next": request.get_full_path()})
            return redirect(address)
        return self.get_response(request)


class SessionLimitsMiddleware:
    """End sessions idle or old past their limits; hold admin changes for a fresh password.

    An ended session is signed out: a page then goes to the sign-in page
    saying why, and the API answers as to anyone not signed in. A form sent
    in the admin site changes users, clearances and compartments, so it
    needs the password given again recently, like every other action that
    grants access (``reauthentication``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin = reverse("admin:index")
        self.admin_open = (reverse("admin:login"), reverse("admin:logout"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            why = session_expired(request, now=now)
            if why is not None:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, ENDED[why])
                    return redirect_to_login(request.get_full_path())
            else:
                session_seen(request, now=now)
                if (
                    request.method == "POST"
                    and request.path.startswith(self.admin)
                    and not request.path.startswith(self.admin_open)
                    and not recently_confirmed(request)
                ):
                    return reauthentication_redirect(request)
        return self.get_response(request)


ENDED = {
    "idle": "You were signed out after a while without activity. Sign in again.",
    "too old": "Your session reached its time limit. Sign in again.",
    "not started here": "Your session has ended. Sign in again.",
}
