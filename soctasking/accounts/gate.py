"""The access gate: the one place that decides what a user may see and do.

Every list, count, search, export and page asks this module. Seeing needs
clearance at or above the record's classification AND every compartment the
record carries; doing depends on role (inspectors only read).

Compartments are held permanently, or for a while through a grant
(``CompartmentGrant``). A grant counts from its start until it expires or is
revoked, judged against the clock at the moment of deciding, so access
starts and stops on time with nothing scheduled to run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from soctasking.accounts.clearance import (
    classification_rank,
    classifications_up_to,
)
from soctasking.accounts.models import Compartment, CompartmentGrant, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from soctasking.accounts.models import User

M = TypeVar("M", bound=Model)

WRITING_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR, Role.CONTRIBUTOR}
)


# What a user holds, read once per user object (so once per request): the
# permanent compartments, and each grant's window, judged against the clock
# at every call so that a grant lapsing mid-request stops counting.
_Holdings = tuple[frozenset[str], tuple[tuple[str, datetime, datetime], ...]]


def _holdings(user: User) -> _Holdings:
    cached: _Holdings | None = getattr(user, "_compartment_holdings", None)
    if cached is None:
        permanent = frozenset(user.compartments.values_list("code", flat=True))
        windows = tuple(
            CompartmentGrant.objects.filter(user=user, revoked__isnull=True).values_list(
                "compartment_id", "starts", "expires"
            )
        )
        cached = (permanent, windows)
        user._compartment_holdings = cached  # type: ignore[attr-defined]
    return cached


def forget_compartments(user: User) -> None:
    """Drop what ``user_compartments`` read for this user object, after a grant changes."""
    user.__dict__.pop("_compartment_holdings", None)


def user_compartments(user: User, *, now: datetime | None = None) -> frozenset[str]:
    """The compartments ``user`` holds at ``now`` (default: the clock): permanent or granted."""
    permanent, windows = _holdings(user)
    at = now or timezone.now()
    granted = {code for code, starts, expires in windows if starts <= at < expires}
    return permanent | granted


def held_compartments(*, user: User, now: datetime | None = None) -> QuerySet[Compartment]:
    """The compartments ``user`` holds at ``now``, as a query that compares the grants' times."""
    at = now or timezone.now()
    return Compartment.objects.filter(
        Q(holders=user)
        | Q(
            grants__user=user,
            grants__revoked__isnull=True,
            grants__starts__lte=at,
            grants__expires__gt=at,
        )
    )


def is_active_user(user: User | AnonymousUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_see(
    *,
    user: User,
    classification: str,
    compartments: Iterable[str],
    now: datetime | None = None,
) -> bool:
    if not is_active_user(user):
        return False
    if classification_rank(classification) > classification_rank(user.clearance):
        return False
    return set(compartments) <= user_compartments(user, now=now)


def filter_visible(
    *, user: User, queryset: QuerySet[M], now: datetime | None = None
) -> QuerySet[M]:
    """Narrow a queryset of classified, compartmented records to what ``user`` may see.

    The model must have a ``classification`` field and a ``compartments``
    many-to-many to ``accounts.Compartment``. The compartments held are a
    subquery comparing each grant's start and expiry with ``now`` (default:
    the clock when this is called), never a list read earlier.
    """
    if not is_active_user(user):
        return queryset.none()
    visible = queryset.filter(classification__in=classifications_up_to(user.clearance))
    not_held = Compartment.objects.exclude(
        code__in=held_compartments(user=user, now=now).values("code")
    )
    return visible.exclude(compartments__in=not_held)


def has_role(*, user: User, roles: Iterable[str]) -> bool:
    return is_active_user(user) and user.role in set(roles)


def require_role(*, user: User, roles: Iterable[str]) -> None:
    if not has_role(user=user, roles=roles):
        raise PermissionDenied("Your role does not allow this.")


def can_write(*, user: User) -> bool:
    return has_role(user=user, roles=WRITING_ROLES)


def can_administer(*, user: User) -> bool:
    return has_role(user=user, roles={Role.ADMINISTRATOR})


def compartments_authorisable_by(*, user: User) -> QuerySet[Compartment]:
    """The compartments whose access requests ``user`` may decide.

    An administrator may decide for the compartments they hold permanently;
    a chair likewise, for those whose ``chairs_may_authorise`` is set. A
    temporary grant never lets its holder pass access on.
    """
    if not is_active_user(user):
        return Compartment.objects.none()
    held = Compartment.objects.filter(holders=user)
    if user.role == Role.ADMINISTRATOR:
        return held
    if user.role == Role.CHAIR:
        return held.filter(chairs_may_authorise=True)
    return Compartment.objects.none()


def can_authorise(*, user: User, compartment: Compartment) -> bool:
    return compartments_authorisable_by(user=user).filter(pk=compartment.pk).exists()
