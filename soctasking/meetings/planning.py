"""Planning a year of the meeting cycle: dates for each series by its cadence, with the
series that must sit before another placed in their window, and a warning for each date
that breaks a precedence rule.

Pure functions of their arguments: nothing here reads or writes the database,
so the rules can be tried on hand-made examples.

The dates follow a few conventions. Meetings sit on working days (Monday to
Friday, less the ``holidays`` given). A weekly series sits on its
``weekday``; a monthly one on the first such weekday of each month; a
quarterly one on the first such weekday of January, April, July and
October; a six-monthly one of January and July; one sitting every weekday
sits every working day; an ad hoc one has no planned dates. A series that
``precedes`` another and has no dates fixed by hand sits once before each
sitting of the other, on the latest working day at least ``min_lead_days``
and at most ``window_days`` before it. Dates fixed by hand are kept as they
are, and checked like the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from soctasking.meetings.models import Cadence

#: The months of the year a quarterly and a six-monthly series sit in.
QUARTER_MONTHS = (1, 4, 7, 10)
HALF_YEAR_MONTHS = (1, 7)
SATURDAY = 5


@dataclass(frozen=True)
class SeriesPlan:
    """What planning needs to know about one series.

    ``weekday`` is 0 for Monday to 4 for Friday. ``precedes`` names the
    series this one must sit before, between ``window_days`` and
    ``min_lead_days`` days ahead of each of its sittings.
    """

    id: str
    cadence: str
    weekday: int = 2
    precedes: str | None = None
    window_days: int = 0
    min_lead_days: int = 0


@dataclass(frozen=True)
class Sitting:
    series: str
    date: dt.date


@dataclass(frozen=True)
class PrecedenceWarning:
    """A sitting of ``series`` on ``date`` with no sitting of ``prerequisite`` in its window."""

    series: str
    date: dt.date
    prerequisite: str
    window_start: dt.date
    window_end: dt.date

    @property
    def message(self) -> str:
        return (
            f"{self.series} on {self.date:%d %B %Y} has no {self.prerequisite} meeting between "
            f"{self.window_start:%d %B %Y} and {self.window_end:%d %B %Y}."
        )


@dataclass(frozen=True)
class YearSchedule:
    sittings: list[Sitting]
    warnings: list[PrecedenceWarning]

    def dates_of(self, series: str) -> list[date]:
        return [sitting.date for sitting in self.sittings if sitting.series == series]


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def _first_weekday(year: int, month: int, weekday: int, holidays: Collection[date]) -> date:
    """The first ``weekday`` of the month that is a working day (a later one after a holiday)."""
    day = date(year, month, 1)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while day in holidays:
        day += timedelta(days=7)
    return day


def cadence_dates(
    *, cadence: str, year: int, weekday: int = 2, holidays: Collection[date] = ()
) -> list[date]:
    """The dates a series of ``cadence`` sits on in ``year``, by the conventions above."""
    if cadence == Cadence.WEEKDAYS:
        start, end = date(year, 1, 1), date(year, 12, 31)
        days = (start + timedelta(days=n) for n in range((end - start).days + 1))
        return [day for day in days if is_working_day(day, holidays)]
    if cadence == Cadence.WEEKLY:
        day = date(year, 1, 1)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        weekly = []
        while day.year == year:
            if day not in holidays:
                weekly.append(day)
            day += timedelta(days=7)
        return weekly
    months = {
        Cadence.MONTHLY: tuple(range(1, 13)),
        Cadence.QUARTERLY: QUARTER_MONTHS,
        Cadence.SIX_MONTHLY: HALF_YEAR_MONTHS,
    }.get(Cadence(cadence) if cadence in Cadence.values else Cadence.AD_HOC, ())
    return [_first_weekday(year, month, weekday, holidays) for month in months]


def _placed_before(
    plan: SeriesPlan, following: Sequence[date], holidays: Collection[date]
) -> list[date]:
    """One date before each of ``following``: the latest working day in its window.

    A sitting with no working day in its window gets none; the check then
    warns of it.
    """
    placed = []
    for later in following:
        day = later - timedelta(days=plan.min_lead_days)
        earliest = later - timedelta(days=plan.window_days)
        while day >= earliest and not is_working_day(day, holidays):
            day -= timedelta(days=1)
        if day >= earliest and day not in placed:
            placed.append(day)
    return placed


def precedence_warnings(
    *, plans: Sequence[SeriesPlan], sittings: Sequence[Sitting]
) -> list[PrecedenceWarning]:
    """Each sitting of a series with no sitting of a series that must precede it in its window."""
    by_series: dict[str, list[date]] = {}
    for sitting in sittings:
        by_series.setdefault(sitting.series, []).append(sitting.date)
    warnings = []
    for plan in plans:
        if plan.precedes is None:
            continue
        before = by_series.get(plan.id, [])
        for later in sorted(by_series.get(plan.precedes, [])):
            start = later - timedelta(days=plan.window_days)
            end = later - timedelta(days=plan.min_lead_days)
            if not any(start <= day <= end for day in before):
                warnings.append(
                    PrecedenceWarning(
                        series=plan.precedes,
                        date=later,
                        prerequisite=plan.id,
                        window_start=start,
                        window_end=end,
                    )
                )
    return sorted(warnings, key=lambda w: (w.date, w.series, w.prerequisite))


def year_schedule(
    *,
    plans: Sequence[SeriesPlan],
    year: int,
    holidays: Collection[date] = (),
    fixed: Mapping[str, Sequence[date]] | None = None,
) -> YearSchedule:
    """A year of sittings for ``plans``, and the precedence rules its dates break.

    ``fixed`` gives some series' dates by hand. A series that precedes
    another is placed before each of that series' sittings, following the
    chain (an NSIG before an NSTCG before ...); a chain that loops back on
    itself is refused with ``ValueError``.
    """
    fixed = fixed or {}
    known = {plan.id: plan for plan in plans}
    planned: dict[str, list[date]] = {}

    def dates(plan: SeriesPlan, chain: tuple[str, ...]) -> list[date]:
        if plan.id in chain:
            raise ValueError(f"The precedence rules loop: {' before '.join([*chain, plan.id])}.")
        if plan.id not in planned:
            if plan.id in fixed:
                planned[plan.id] = sorted(fixed[plan.id])
            elif plan.precedes is not None and plan.precedes in known:
                following = dates(known[plan.precedes], (*chain, plan.id))
                planned[plan.id] = _placed_before(plan, following, holidays)
            else:
                planned[plan.id] = cadence_dates(
                    cadence=plan.cadence, year=year, weekday=plan.weekday, holidays=holidays
                )
        return planned[plan.id]

    for plan in plans:
        dates(plan, ())
    sittings = sorted(
        (Sitting(series=series, date=day) for series, days in planned.items() for day in days),
        key=lambda sitting: (sitting.date, sitting.series),
    )
    return YearSchedule(
        sittings=sittings, warnings=precedence_warnings(plans=plans, sittings=sittings)
    )
