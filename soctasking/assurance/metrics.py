"""The assurance metrics, registered like the checks and computed as of a date.

A metric is a plain function decorated with :func:`metric`, taking the
resolved ``as_of`` date and returning a JSON-ready dict. ``metrics_compute``
runs them and keys each result by its name.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from soctasking.assurance.selectors import picture_as_of
from soctasking.meetings.selectors import current_priority_threats
from soctasking.operations.selectors import open_operations
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
