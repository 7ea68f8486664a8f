"""The assurance metrics, registered like the checks and computed as of a date.

A metric is a plain function decorated with :func:`metric`, taking the
resolved ``as_of`` date and returning a JSON-ready dict. ``metrics_compute``
runs them and keys each result by its name.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from soctasking.assurance.selectors import picture_as_of
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.compliance import RowStatus, current_requirement, timetable_statuses
from soctasking.local_priorities.selectors import bodies_adopting
from soctasking.meetings.selectors import current_priority_threats
from soctasking.operations.models import DisruptionLevel
from soctasking.operations.selectors import OUTCOMES, disruptions_summed, open_operations
from soctasking.threats.models import Threat
from soctasking.threats.selectors import threats_with_descendants

MetricFunction = Callable[..., dict[str, Any]]

_METRICS: dict[str, MetricFunction] = {}

MONTHS_OF_HISTORY = 12


class UnknownMetricError(ValueError):
    """A metric name that is not registered."""


def metric(*, name: str) -> Callable[[MetricFunction], MetricFunction]:
    """Register the decorated function, ``f(*, as_of: date) -> dict``, as the metric ``name``."""

    def register(function: MetricFunction) -> MetricFunction:
        if name in _METRICS and _METRICS[name] is not function:
            raise ValueError(f"metric {name} is already registered")
        _METRICS[name] = function
        return function

    return register


def registered_metrics() -> dict[str, MetricFunction]:
    return {name: _METRICS[name] for name in sorted(_METRICS)}


def metrics_compute(
    *, as_of: date | None = None, names: Iterable[str] | None = None
) -> dict[str, Any]:
    """Every registered metric (or those in ``names``) on the picture, keyed by metric name.

    ``as_of`` is resolved by ``picture_as_of``. Raises ``UnknownMetricError``
    naming a metric that is not registered.
    """
    metrics = registered_metrics()
    wanted = list(metrics) if names is None else sorted(set(names))
    unknown = [name for name in wanted if name not in metrics]
    if unknown:
        raise UnknownMetricError(
            f"unknown metric {', '.join(unknown)}; expected one of {', '.join(metrics)}"
        )
    day = picture_as_of(explicit=as_of)
    return {name: metrics[name](as_of=day) for name in wanted}


def _month_ends(as_of: date, count: int) -> list[date]:
    """The last day of each of the ``count`` months up to and including that of ``as_of``.

    The month containing ``as_of`` has not ended yet, so its point is ``as_of`` itself.
    """
    ends: list[date] = []
    year, month = as_of.year, as_of.month
    for _ in range(count):
        end = date(year, month, calendar.monthrange(year, month)[1])
        ends.append(min(end, as_of))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(ends))


def _share(on_priority: int, open_count: int) -> float | None:
    return round(on_priority / open_count, 4) if open_count else None


def _priority_activity_on(day: date) -> dict[str, Any]:
    priorities = current_priority_threats(as_of=day)
    counted = threats_with_descendants(ids=priorities)
    operations = open_operations(as_of=day)
    open_count = operations.count()
    on_priority = operations.filter(threats__in=counted).distinct().count() if counted else 0
    return {
        "priorities": sorted(priorities),
        "open_operations": open_count,
        "on_priority": on_priority,
        "share": _share(on_priority, open_count),
    }


@metric(name="priority_activity_share")
def priority_activity_share(*, as_of: date) -> dict[str, Any]:
    """The share of open operations linked to at least one current national priority threat.

    Given on ``as_of`` and at each of the twelve month ends up to it (the
    current month's point is ``as_of``), each computed with the priorities
    and operations of that day. An operation linked only to a sub-threat of a
    priority threat counts as on priority: the sub-threat is part of it.
    ``share`` is ``None`` when no operation was open.
    """
    today = _priority_activity_on(as_of)
    monthly = []
    for end in _month_ends(as_of, MONTHS_OF_HISTORY):
        point = today if end == as_of else _priority_activity_on(end)
        monthly.append(
            {
                "month": end.strftime("%Y-%m"),
                "open_operations": point["open_operations"],
                "on_priority": point["on_priority"],
                "share": point["share"],
            }
        )
    return {
        "as_of": as_of.isoformat(),
        "open_operations": today["open_operations"],
        "on_priority": today["on_priority"],
        "share": today["share"],
        "priority_threats": today["priorities"],
        "monthly": monthly,
    }


@metric(name="adoption")
def adoption(*, as_of: date) -> dict[str, Any]:
    """How many police forces and ROCUs have each current priority threat as a local priority.

    A body counts when a local priority in force on ``as_of`` names the
    threat or one of its sub-threats. ``police_forces`` and ``rocus`` give
    how many bodies of each kind there are, to read each count against.
    """
    priorities = sorted(current_priority_threats(as_of=as_of))
    kinds = dict(
        Body.objects.filter(kind__in=[BodyKind.POLICE_FORCE, BodyKind.ROCU]).values_list(
            "id", "kind"
        )
    )
    names = dict(Threat.objects.filter(id__in=priorities).values_list("id", "name"))
    adopting = bodies_adopting(threat_ids=priorities, as_of=as_of)
    by_threat = []
    for threat_id in priorities:
        bodies = sorted(body for body in adopting[threat_id] if body in kinds)
        by_kind = Counter(kinds[body] for body in bodies)
        by_threat.append(
            {
                "threat": threat_id,
                "name": names.get(threat_id, threat_id),
                "police_forces": by_kind[BodyKind.POLICE_FORCE],
                "rocus": by_kind[BodyKind.ROCU],
                "bodies": bodies,
            }
        )
    every_kind = Counter(kinds.values())
    return {
        "as_of": as_of.isoformat(),
        "police_forces": every_kind[BodyKind.POLICE_FORCE],
        "rocus": every_kind[BodyKind.ROCU],
        "priority_threats": priorities,
        "by_threat": by_threat,
    }


def _status_counts(statuses: Iterable[RowStatus]) -> dict[str, int]:
    counted = Counter(statuses)
    return {status.value: counted[status] for status in RowStatus}


@metric(name="timetable")
def timetable(*, as_of: date) -> dict[str, Any]:
    """The current requirement's timetable rows on time, late, missing and still due.

    Counted over every row, by body kind and by body (bodies with the most
    rows missing first). With no current requirement every count is empty.
    """
    requirement = current_requirement(as_of=as_of)
    rows = timetable_statuses(as_of=as_of, requirement=requirement) if requirement else []
    bodies = {body.id: body for body in Body.objects.filter(id__in={r.row.body_id for r in rows})}
    by_kind: dict[str, list[RowStatus]] = {}
    by_body: dict[str, list[RowStatus]] = {}
    for compliance in rows:
        body = bodies[compliance.row.body_id]
        by_kind.setdefault(body.kind, []).append(compliance.status)
        by_body.setdefault(body.id, []).append(compliance.status)
    body_rows: list[dict[str, Any]] = [
        {"body": body_id, "name": bodies[body_id].name, "kind": bodies[body_id].kind}
        | _status_counts(statuses)
        for body_id, statuses in by_body.items()
    ]
    body_rows.sort(key=lambda row: (-row["missing"], -row["late"], row["name"], row["body"]))
    return {
        "as_of": as_of.isoformat(),
        "requirement": requirement.id if requirement else None,
        "rows": _status_counts(compliance.status for compliance in rows),
        "by_body_kind": [
            {"kind": kind} | _status_counts(statuses) for kind, statuses in sorted(by_kind.items())
        ],
        "by_body": body_rows,
    }


def _outcomes(row: dict[str, Any]) -> dict[str, float | int | None]:
    """A grouped row's summed outcomes; money and weights to two decimal places."""
    return {
        name: round(row[name], 2) if isinstance(row[name], float) else row[name]
        for name in OUTCOMES
    }


@metric(name="disruptions")
def disruptions(*, as_of: date) -> dict[str, Any]:
    """Disruptions dated on or before ``as_of``: counts by level, threat and quarter, with outcomes.

    Every level appears, with a count of 0 where none was recorded; quarters
    are calendar quarters (``2017-Q3``), oldest first, and only those with a
    disruption. A disruption against several threats counts under each.
    """
    return disruptions_between(as_of=as_of)


def disruptions_between(*, as_of: date, since: date | None = None) -> dict[str, Any]:
    """The ``disruptions`` metric, of those dated from ``since`` (when given) to ``as_of``."""
    summed = disruptions_summed(as_of=as_of, since=since)
    levels = {row["level"]: row for row in summed["by_level"]}
    total = summed["total"][0]
    return {
        "as_of": as_of.isoformat(),
        "total": total["count"],
        "outcomes": _outcomes(total),
        "by_level": [
            {
                "level": level.value,
                "count": levels[level]["count"] if level in levels else 0,
                "outcomes": _outcomes(levels[level])
                if level in levels
                else dict.fromkeys(OUTCOMES),
            }
            for level in DisruptionLevel
        ],
        "by_threat": [
            {
                "threat": row["threat_id"],
                "name": row["threat__name"],
                "count": row["count"],
                "outcomes": _outcomes(row),
            }
            for row in summed["by_threat"]
        ],
        "by_quarter": [
            {
                "quarter": f"{row['year']}-Q{row['quarter']}",
                "count": row["count"],
                "outcomes": _outcomes(row),
            }
            for row in summed["by_quarter"]
        ],
    }
