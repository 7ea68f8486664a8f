"""Small helpers page views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from soctasking.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user behind a request ``login_required`` has let through, typed as our user model.

    Refuses rather than guesses should a view ever forget ``login_required``.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Sign in to see this page.")
    return user
