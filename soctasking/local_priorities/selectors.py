"""Reads of local priorities: what each body had adopted on a date, and what it meets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from soctasking.accounts.gate import filter_visible
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.models import Submission
from soctasking.local_priorities.models import LocalPriority, LocalPriorityEntry
from soctasking.threats.models import Threat
from soctasking.threats.selectors import threats_with_descendants

if TYPE_CHECKING:
    from soctasking.accounts.models import User


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


def local_priorities_list(*, body: str = "") -> QuerySet[LocalPriority]:
    """Local priorities by body and latest period, with how many entries each holds."""
    records = LocalPriority.objects.select_related("body").annotate(entries_count=Count("entries"))
    if body:
        records = records.filter(body_id=body)
    return records.order_by("body__name", "-period_start", "id")


def local_priority_get(*, id: str) -> LocalPriority | None:
    """One body's local priorities for a period, with its entries' threats read alongside."""
    return (
        LocalPriority.objects.select_related("body")
        .prefetch_related(Prefetch("entries", LocalPriorityEntry.objects.select_related("threat")))
        .filter(pk=id)
        .first()
    )


#: How far back a body's own submissions are read to see how much they meet a threat.
SUBMISSIONS_WINDOW = timedelta(days=365)
#: A body not adopting a threat that a quarter or more of its submissions concern is a concern.
CONCERN_SHARE = 0.25


@dataclass(frozen=True)
class AdoptionCell:
    """One body against one priority threat: adopted or not, and how much it meets the threat."""

    threat: str
    adopted: bool
    submissions: int
    #: Not adopted, though at least ``CONCERN_SHARE`` of the body's submissions concern it.
    concern: bool


@dataclass(frozen=True)
class AdoptionRow:
    body: Body
    submissions: int
    cells: list[AdoptionCell]

    @property
    def concerns(self) -> list[str]:
        return [cell.threat for cell in self.cells if cell.concern]


@dataclass(frozen=True)
class AdoptionMatrix:
    """Every police force and ROCU against the current national priority threats on a date.

    ``submissions`` of a row is how many of the body's submissions received in
    the year up to ``as_of`` the viewer may see; a cell's is how many of those
    concern the threat (or a sub-threat). Nothing the viewer may not see is
    counted, so a count never tells them it is there.
    """

    as_of: date
    threats: list[Threat]
    rows: list[AdoptionRow]


def adoption_matrix(*, user: User, as_of: date, threat_ids: Iterable[str]) -> AdoptionMatrix:
    """Forces and ROCUs by ``threat_ids``: which adopted each, and how often they meet it."""
    wanted = sorted(threat_ids)
    threats = list(Threat.objects.filter(id__in=wanted).order_by("name", "id"))
    bodies = list(
        Body.objects.filter(kind__in=[BodyKind.POLICE_FORCE, BodyKind.ROCU]).order_by(
            "kind", "name", "id"
        )
    )
    adopting = bodies_adopting(threat_ids=wanted, as_of=as_of)
    try:
        since = as_of - SUBMISSIONS_WINDOW
    except OverflowError:
        # A date in the first year of the calendar has nothing a year before it.
        since = date.min
    window = Q(received__date__gt=since, received__date__lte=as_of)
    visible = filter_visible(
        user=user, queryset=Submission.objects.filter(window, body__in=bodies)
    ).values("pk")
    totals = {
        row["body_id"]: row["count"]
        for row in Submission.objects.filter(pk__in=visible)
        .values("body_id")
        .annotate(count=Count("pk"))
    }
    through = Submission.threats.through
    meeting: dict[str, dict[str, int]] = {}
    for threat in threats:
        counted = threats_with_descendants(ids=[threat.pk])
        meeting[threat.pk] = {
            row["submission__body_id"]: row["count"]
            for row in through.objects.filter(submission__in=visible, threat_id__in=counted)
            .values("submission__body_id")
            .annotate(count=Count("submission_id", distinct=True))
        }
    rows = []
    for body in bodies:
        total = totals.get(body.pk, 0)
        cells = []
        for threat in threats:
            adopted = body.pk in adopting[threat.pk]
            count = meeting[threat.pk].get(body.pk, 0)
            cells.append(
                AdoptionCell(
                    threat=threat.pk,
                    adopted=adopted,
                    submissions=count,
                    concern=not adopted and total > 0 and count / total >= CONCERN_SHARE,
                )
            )
        rows.append(AdoptionRow(body=body, submissions=total, cells=cells))
    return AdoptionMatrix(as_of=as_of, threats=threats, rows=rows)
