"""Reads of local priorities: what each body had adopted on a date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from soctasking.local_priorities.models import LocalPriorityEntry
from soctasking.threats.models import Threat


def _in_force(as_of: date) -> Q:
    """Entries of local priorities whose period holds ``as_of``; an open end holds every date."""
    return (
        Q(local_priority__period_start__isnull=True) | Q(local_priority__period_start__lte=as_of)
    ) & (Q(local_priority__period_end__isnull=True) | Q(local_priority__period_end__gte=as_of))


def bodies_adopting(*, threat_ids: Iterable[str], as_of: date) -> dict[str, set[str]]:
    """For each of ``threat_ids``, the bodies whose local priorities in force name it.

    A body adopts a threat by naming it or any sub-threat beneath it: a force
    that makes county lines its priority has made drugs one. Local priorities
    that name no body are shared plans, and count for nobody.
    """
    wanted = list(threat_ids)
    parents = dict(Threat.objects.values_list("id", "parent_id"))
    adopting: dict[str, set[str]] = defaultdict(set)
    entries = (
        LocalPriorityEntry.objects.filter(_in_force(as_of), threat__isnull=False)
        .exclude(local_priority__body__isnull=True)
        .values_list("threat_id", "local_priority__body_id")
    )
    for threat_id, body_id in entries:
        seen: set[str] = set()
        current: str | None = threat_id
        while current is not None and current not in seen:
            seen.add(current)
            adopting[current].add(body_id)
            current = parents.get(current)
    return {threat_id: set(adopting.get(threat_id, set())) for threat_id in wanted}
