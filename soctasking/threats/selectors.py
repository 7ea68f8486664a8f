"""Reads of the threat catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from soctasking.lib.counts import ChoiceCount, counts_by_choice
from soctasking.threats.models import Threat, ThreatKind


def threats_with_descendants(*, ids: Iterable[str]) -> set[str]:
    """``ids`` together with every sub-threat beneath them, at any depth."""
    found = set(ids)
    frontier = set(found)
    while frontier:
        children = set(Threat.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - found
        found |= frontier
    return found


def threats_list(*, kind: str | None = None, theme: str | None = None) -> QuerySet[Threat]:
    """Threats by name, narrowed to a kind and a theme when given."""
    threats = Threat.objects.select_related("parent").order_by("name", "id")
    if kind:
        threats = threats.filter(kind=kind)
    if theme:
        threats = threats.filter(theme=theme)
    return threats


def threat_get(*, threat_id: str) -> Threat | None:
    """One threat with its parent and sub-threats, or ``None`` when no threat has the id."""
    return (
        Threat.objects.select_related("parent")
        .prefetch_related("sub_threats")
        .filter(id=threat_id)
        .first()
    )


def threats_named(*, ids: Iterable[str]) -> list[Threat]:
    """The threats with these ids, by name; ids of no threat are left out."""
    return list(Threat.objects.filter(id__in=set(ids)).order_by("name", "id"))


def threats_count_by_kind() -> list[ChoiceCount]:
    return counts_by_choice(Threat.objects.all(), field="kind", choices=ThreatKind.choices)
