"""The access gate: the one place that decides what a user may see and do.

Every list, count, search, export and page asks this module. Seeing needs
clearance at or above the record's classification AND every compartment the
record carries; doing depends on role (inspectors only read).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from soctasking.accounts.clearance import (
    CompartmentCode,
    classification_rank,
    classifications_up_to,
)
from soctasking.accounts.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from soctasking.accounts.models import User

M = TypeVar("M", bound=Model)

WRITING_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR, Role.CONTRIBUTOR}
)


def user_compartments(user: User) -> frozenset[str]:
    cached: frozenset[str] | None = getattr(user, "_compartment_codes", None)
    if cached is None:
        cached = frozenset(user.compartments.values_list("code", flat=True))
        user._compartment_codes = cached  # type: ignore[attr-defined]
    return cached


def is_active_user(user: User | AnonymousUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_see(*, user: User, classification: str, compartments: Iterable[str]) -> bool:
    if not is_active_user(user):
        return False
    if classification_rank(classification) > classification_rank(user.clearance):
        return False
    return set(compartments) <= user_compartments(user)


def filter_visible(*, user: User, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow a queryset of classified, compartmented records to what ``user`` may see.

    The model must have a ``classification`` field and a ``compartments``
    many-to-many to ``accounts.Compartment``.
    """
    if not is_active_user(user):
        return queryset.none()
    not_held = [c for c in CompartmentCode.values if c not in user_compartments(user)]
    visible = queryset.filter(classification__in=classifications_up_to(user.clearance))
    if not_held:
        visible = visible.exclude(compartments__code__in=not_held)
    return visible


def has_role(*, user: User, roles: Iterable[str]) -> bool:
    return is_active_user(user) and user.role in set(roles)


def require_role(*, user: User, roles: Iterable[str]) -> None:
    if not has_role(user=user, roles=roles):
        raise PermissionDenied("Your role does not allow this.")


def can_write(*, user: User) -> bool:
    return has_role(user=user, roles=WRITING_ROLES)


def can_administer(*, user: User) -> bool:
    return has_role(user=user, roles={Role.ADMINISTRATOR})
