"""Holding a signed-in user cleared SECRET or above at the second factor until they give it.

Until then every page answers with a redirect to the second-factor page
(enrolment the first time), except that page itself, signing out, and what
any visitor may fetch: static files and the health check. The API judges a
session itself (``soctasking.api.SessionCookie``), so it is left alone here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from soctasking.accounts.models import User
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
