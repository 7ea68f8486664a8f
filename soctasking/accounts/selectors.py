"""Reads of the accounts app: users, their API tokens, and access to compartments.

None carries classified material. Users and tokens are for administrators
and the operator's console, which decide who may call them; access requests
and grants are narrowed here to the requester and those who may authorise.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from soctasking.accounts.gate import compartments_authorisable_by, held_compartments
from soctasking.accounts.models import (
    AccessRequestStatus,
    ApiToken,
    Compartment,
    CompartmentAccessRequest,
    CompartmentGrant,
    User,
)


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


def access_requests_awaiting(*, authoriser: User) -> QuerySet[CompartmentAccessRequest]:
    """Open requests ``authoriser`` may decide, oldest first; never their own."""
    return (
        CompartmentAccessRequest.objects.filter(
            status=AccessRequestStatus.REQUESTED,
            compartment__in=compartments_authorisable_by(user=authoriser),
        )
        .exclude(requester=authoriser)
        .select_related("requester", "requester__body", "compartment", "grant")
        .order_by("created", "pk")
    )


def access_requests_of(*, user: User) -> QuerySet[CompartmentAccessRequest]:
    """Every request ``user`` has made, newest first, with its decision and any grant."""
    return (
        CompartmentAccessRequest.objects.filter(requester=user)
        .select_related("compartment", "decided_by", "grant")
        .order_by("-created", "-pk")
    )


def access_request_for(*, user: User, request_id: int) -> CompartmentAccessRequest | None:
    """One request, if ``user`` made it or may authorise its compartment; else ``None``."""
    return (
        CompartmentAccessRequest.objects.filter(pk=request_id)
        .filter(Q(requester=user) | Q(compartment__in=compartments_authorisable_by(user=user)))
        .select_related("requester", "compartment", "decided_by")
        .first()
    )


def compartment_grants_of(
    *, user: User, now: datetime | None = None, current_only: bool = False
) -> QuerySet[CompartmentGrant]:
    """``user``'s grants, latest expiry first; only those in force at ``now`` when asked."""
    grants = CompartmentGrant.objects.filter(user=user).select_related("compartment", "granted_by")
    if current_only:
        at = now or timezone.now()
        grants = grants.filter(revoked__isnull=True, starts__lte=at, expires__gt=at)
    return grants.order_by("-expires", "-pk")


def compartment_grants_current(
    *, authoriser: User, now: datetime | None = None
) -> QuerySet[CompartmentGrant]:
    """Grants in force at ``now`` that ``authoriser`` may revoke, soonest to end first."""
    at = now or timezone.now()
    return (
        CompartmentGrant.objects.filter(
            compartment__in=compartments_authorisable_by(user=authoriser),
            revoked__isnull=True,
            starts__lte=at,
            expires__gt=at,
        )
        .select_related("user", "compartment", "granted_by")
        .order_by("expires", "pk")
    )


def compartments_requestable(*, user: User) -> QuerySet[Compartment]:
    """Compartments ``user`` neither holds nor has an open request for."""
    return (
        Compartment.objects.exclude(code__in=held_compartments(user=user).values("code"))
        .exclude(
            access_requests__requester=user,
            access_requests__status=AccessRequestStatus.REQUESTED,
        )
        .order_by("code")
    )


def compartment_grant_for(*, user: User, grant_id: int) -> CompartmentGrant | None:
    """One grant, if ``user`` holds it or may authorise its compartment; else ``None``."""
    return (
        CompartmentGrant.objects.filter(pk=grant_id)
        .filter(Q(user=user) | Q(compartment__in=compartments_authorisable_by(user=user)))
        .select_related("user", "compartment")
        .first()
    )


def access_requests_list(*, open_only: bool = True) -> QuerySet[CompartmentAccessRequest]:
    """Requests oldest first, those awaiting decision only unless asked; for the console."""
    requests = CompartmentAccessRequest.objects.select_related(
        "requester", "compartment", "decided_by"
    )
    if open_only:
        requests = requests.filter(status=AccessRequestStatus.REQUESTED)
    return requests.order_by("created", "pk")
