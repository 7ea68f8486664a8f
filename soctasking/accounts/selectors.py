"""Reads of the accounts app: users and their API tokens.

Neither carries classified material; they are for administrators and the
operator's console, which decide who may call them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from soctasking.accounts.models import ApiToken, User


def users_list(
    *, body: str | None = None, role: str | None = None, is_active: bool | None = None
) -> QuerySet[User]:
    """Users by username, with body and compartments loaded; narrowed by what is given."""
    users = User.objects.select_related("body").prefetch_related("compartments")
    if body is not None:
        users = users.filter(body_id=body)
    if role is not None:
        users = users.filter(role=role)
    if is_active is not None:
        users = users.filter(is_active=is_active)
    return users.order_by("username")


def user_get(*, username: str) -> User | None:
    return User.objects.select_related("body").filter(username=username).first()


def tokens_list(*, user: User | None = None) -> QuerySet[ApiToken]:
    """Tokens, oldest first; those of ``user`` only when given."""
    tokens = ApiToken.objects.select_related("user")
    if user is not None:
        tokens = tokens.filter(user=user)
    return tokens.order_by("created", "pk")


def tokens_matching(*, key: str) -> list[ApiToken]:
    """The tokens ``key`` names: an id, or a prefix as ``token list`` shows it (or its start).

    More than one means the key is ambiguous.
    """
    tokens = ApiToken.objects.select_related("user").order_by("pk")
    if key.isdigit():
        return list(tokens.filter(pk=int(key)))
    return list(tokens.filter(prefix__startswith=key)) if key else []
