"""Reads of operations as they stood on a date.

Which were open, how active, which covert authorities lay unused, and what
their disruptions achieved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear

from soctasking.operations.models import (
    Activity,
    CovertAuthority,
    Disruption,
    Operation,
    OperationStatus,
)
from soctasking.threats.selectors import threats_with_descendants


def open_operations(*, as_of: date) -> QuerySet[Operation]:
    """Operations open on ``as_of``: opened by then, and either still open or closed after it.

    An operation closed later than ``as_of`` was open on that day whatever its
    status now, so past dates give the picture as it was.
    """
    still_open = Q(status=OperationStatus.OPEN) & (Q(closed__isnull=True) | Q(closed__gt=as_of))
    return (
        Operation.objects.filter(opened__lte=as_of)
        .filter(still_open | Q(closed__gt=as_of))
        .select_related("body")
    )


def open_operations_with_last_activity(*, as_of: date) -> QuerySet[Operation]:
    """Open operations annotated with ``last_activity`` and ``last_disruption`` up to ``as_of``.

    Either annotation is ``None`` when nothing was recorded on or before the date.
    """
    last_activity = (
        Activity.objects.filter(operation=OuterRef("pk"), date__lte=as_of)
        .values("operation")
        .annotate(latest=Max("date"))
        .values("latest")
    )
    last_disruption = (
        Disruption.objects.filter(operation=OuterRef("pk"), date__lte=as_of)
        .values("operation")
        .annotate(latest=Max("date"))
        .values("latest")
    )
    return open_operations(as_of=as_of).annotate(
        last_activity=Subquery(last_activity), last_disruption=Subquery(last_disruption)
    )


def covert_authorities_unused(*, as_of: date, granted_before: date) -> QuerySet[CovertAuthority]:
    """Covert authorities unexpired on ``as_of``, granted before ``granted_before``, never used.

    Never used means no ``last_used`` at all, or one earlier than the grant
    (a use under a previous authority). An authority last used after
    ``as_of`` is left out: only the latest use is recorded, so whether it had
    been used by ``as_of`` cannot be told.
    """
    return (
        CovertAuthority.objects.filter(granted__lt=granted_before)
        .filter(Q(expires__isnull=True) | Q(expires__gte=as_of))
        .filter(Q(last_used__isnull=True) | Q(last_used__lt=F("granted")))
        .select_related("operation")
        .order_by("operation_id", "granted", "id")
    )


#: The outcomes a disruption records, summed wherever disruptions are counted.
OUTCOMES = (
    "arrests",
    "charges",
    "convictions",
    "drugs_kg",
    "firearms",
    "cash_gbp",
    "assets_denied_gbp",
)


def _outcome_sums() -> dict[str, Sum]:
    return {name: Sum(name) for name in OUTCOMES}


def disruptions_summed(
    *, as_of: date, since: date | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Disruptions dated on or before ``as_of``, counted with their outcomes summed.

    With ``since``, only those dated on or after it too (one quarter, say).

    Four groupings, each worked out by the database: ``total`` (one row),
    ``by_level``, ``by_quarter`` (calendar year and quarter) and ``by_threat``
    (a disruption against two threats counts once for each; one against
    none appears in no threat's row). An outcome nobody recorded sums to
    ``None``.
    """
    dated = Disruption.objects.filter(date__lte=as_of)
    if since is not None:
        dated = dated.filter(date__gte=since)
    total = dated.aggregate(count=Count("id"), **_outcome_sums())
    by_level = dated.values("level").annotate(count=Count("id"), **_outcome_sums())
    by_quarter = (
        dated.annotate(year=ExtractYear("date"), quarter=ExtractQuarter("date"))
        .values("year", "quarter")
        .annotate(count=Count("id"), **_outcome_sums())
        .order_by("year", "quarter")
    )
    through = Disruption.threats.through
    linked = through.objects.filter(disruption__date__lte=as_of)
    if since is not None:
        linked = linked.filter(disruption__date__gte=since)
    by_threat = (
        linked.values("threat_id", "threat__name")
        .annotate(
            count=Count("disruption_id"),
            **{name: Sum(f"disruption__{name}") for name in OUTCOMES},
        )
        .order_by("-count", "threat_id")
    )
    return {
        "total": [total],
        "by_level": list(by_level.order_by("level")),
        "by_quarter": list(by_quarter),
        "by_threat": list(by_threat),
    }


def operations_list(
    *, status: str = "", body: str = "", threat: str = "", unlinked: bool = False
) -> QuerySet[Operation]:
    """The register: operations latest opened first, narrowed by status, lead body and threat.

    A threat includes its sub-threats; ``unlinked`` keeps only operations
    linked to no threat at all.
    """
    operations = Operation.objects.select_related("body").annotate(
        threats_count=Count("threats", distinct=True),
        disruptions_count=Count("disruptions", distinct=True),
    )
    if status:
        operations = operations.filter(status=status)
    if body:
        operations = operations.filter(body_id=body)
    if threat:
        counted = threats_with_descendants(ids=[threat])
        operations = operations.filter(
            pk__in=Operation.threats.through.objects.filter(threat_id__in=counted).values(
                "operation_id"
            )
        )
    if unlinked:
        operations = operations.filter(threats__isnull=True)
    return operations.order_by("-opened", "id")


def operation_get(*, id: str) -> Operation | None:
    """One operation with its threats, activity, covert authorities (and uses), disruptions."""
    return (
        Operation.objects.select_related("body")
        .prefetch_related(
            "threats",
            "activity",
            Prefetch("covert_authorities", CovertAuthority.objects.prefetch_related("uses")),
            Prefetch("disruptions", Disruption.objects.prefetch_related("threats")),
        )
        .filter(pk=id)
        .first()
    )


def covert_authority_get(*, id: str) -> CovertAuthority | None:
    return CovertAuthority.objects.select_related("operation").filter(pk=id).first()
