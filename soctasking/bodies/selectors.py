"""Reads of the bodies taking part, and of what each has submitted that a user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from soctasking.accounts.gate import filter_visible
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.models import Submission, SubmissionKind
from soctasking.lib.counts import ChoiceCount, counts_by_choice

if TYPE_CHECKING:
    from soctasking.accounts.models import User


def bodies_list(
    *, kind: str | None = None, nation: str | None = None, search: str | None = None
) -> QuerySet[Body]:
    """Bodies by name, narrowed to a kind, a nation and a part of the name when given."""
    bodies = Body.objects.select_related("parent").order_by("name", "id")
    if kind:
        bodies = bodies.filter(kind=kind)
    if nation:
        bodies = bodies.filter(nation=nation)
    if search:
        bodies = bodies.filter(name__icontains=search.strip())
    return bodies


def body_get(*, body_id: str) -> Body | None:
    """One body with its parent and its units, or ``None`` when no body has the id."""
    return (
        Body.objects.select_related("parent").prefetch_related("units").filter(id=body_id).first()
    )


def bodies_count_by_kind() -> list[ChoiceCount]:
    return counts_by_choice(Body.objects.all(), field="kind", choices=BodyKind.choices)


def body_submission_counts(*, user: User, body: Body) -> list[ChoiceCount]:
    """How many of the body's submissions ``user`` may see, by kind.

    Counted through the access gate: a submission above the user's clearance,
    or in a compartment they do not hold, is not counted at all.
    """
    visible = filter_visible(user=user, queryset=Submission.objects.filter(body=body))
    return counts_by_choice(visible, field="kind", choices=SubmissionKind.choices)
