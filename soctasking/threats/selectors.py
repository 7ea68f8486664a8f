"""Reads of the threat catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from soctasking.threats.models import Threat


def threats_with_descendants(*, ids: Iterable[str]) -> set[str]:
    """``ids`` together with every sub-threat beneath them, at any depth."""
    found = set(ids)
    frontier = set(found)
    while frontier:
        children = set(Threat.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - found
        found |= frontier
    return found
