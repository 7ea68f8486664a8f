"""The demo picture's calendar: the year it describes, its quarters, working days and clock.

The demo describes the business year April 2017 to March 2018, the year the
2018 inspection's recommendations fell due, as seen on 31 March 2018. Every
date in the picture is derived from the constants here, never from the
clock, so that the picture is the same whenever it is generated.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

#: The day the picture describes: the checks treat it as "today".
AS_OF = date(2018, 3, 31)
YEAR_START = date(2017, 4, 1)
YEAR_END = date(2018, 3, 31)

# Bank holidays in England and Wales over the year (and either side of it):
# the daily briefing and the weekly groups do not sit on them.
BANK_HOLIDAYS = frozenset(
    {
        date(2017, 4, 14),
        date(2017, 4, 17),
        date(2017, 5, 1),
        date(2017, 5, 29),
        date(2017, 8, 28),
        date(2017, 12, 25),
        date(2017, 12, 26),
        date(2018, 1, 1),
        date(2018, 3, 30),
        date(2018, 4, 2),
    }
)


@dataclass(frozen=True)
class Quarter:
    """A quarter of the business year, and the dates a tactical assessment of it is owed."""

    key: str
    label: str
    start: date
    end: date

    @property
    def window_start(self) -> date:
        """Tactical assessments of a quarter are accepted from the day after it ends."""
        return self.end + timedelta(days=1)

    @property
    def due(self) -> date:
        """The requirement gives regional units 15 days after each quarter."""
        return self.end + timedelta(days=15)


QUARTERS = (
    Quarter("q1", "April to June 2017", date(2017, 4, 1), date(2017, 6, 30)),
    Quarter("q2", "July to September 2017", date(2017, 7, 1), date(2017, 9, 30)),
    Quarter("q3", "October to December 2017", date(2017, 10, 1), date(2017, 12, 31)),
    Quarter("q4", "January to March 2018", date(2018, 1, 1), date(2018, 3, 31)),
)

#: The yearly strategic assessments feed the next national strategic assessment.
STRATEGIC_WINDOW_START = date(2017, 10, 1)
STRATEGIC_DUE = date(2017, 12, 15)


def seeded(name: str) -> random.Random:
    """A generator seeded with ``name``: the same choices on every run, one stream a section.

    String seeds are hashed with SHA-512, so they do not vary between runs
    as ``hash()`` does. Demo data is not secret: a cryptographic generator
    would only make it unrepeatable.
    """
    return random.Random(name)  # noqa: S311 - repeatable demo data, not secrets


def iso(day: date) -> str:
    return day.isoformat()


def period(start: date, end: date) -> dict[str, str]:
    return {"start": iso(start), "end": iso(end)}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def working_days(start: date, end: date) -> Iterator[date]:
    """Every working day from ``start`` to ``end`` inclusive."""
    day = start
    while day <= end:
        if is_working_day(day):
            yield day
        day += timedelta(days=1)


def working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def random_day(rng: random.Random, start: date, end: date) -> date:
    """A working day between ``start`` and ``end`` inclusive (``start`` if there is none)."""
    days = list(working_days(start, end))
    return rng.choice(days) if days else start


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def uk_offset(day: date) -> str:
    """The UK clock's offset from UTC on ``day``: +01:00 in British Summer Time.

    Summer time runs from the last Sunday of March to the last Sunday of
    October; the hour of the change is immaterial for office-hours times.
    """
    summer = _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)
    return "+01:00" if summer else "+00:00"


def office_time(rng: random.Random, day: date) -> str:
    """An ISO 8601 date-time with offset during office hours on ``day``."""
    moment = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randrange(0, 60, 1))
    return moment.strftime("%Y-%m-%dT%H:%M:00") + uk_offset(day)


def meeting_id(series: str, day: date) -> str:
    """A sitting's id: its series and date, which no series repeats."""
    return f"{series}-{iso(day)}"


# The national tasking cycle (inspection, annex A): the strategic group every
# six months, its intelligence group before it; the tactical group quarterly,
# its intelligence group before it. Sittings before April 2017 are the
# history the year inherited; those after March 2018 are scheduled.
NSTCG_SITTINGS: dict[date, str] = {
    date(2017, 3, 22): "held",
    date(2017, 10, 4): "held",
    date(2018, 3, 21): "held",
    date(2018, 9, 19): "scheduled",
}
NSIG_SITTINGS: dict[date, str] = {
    date(2017, 2, 22): "cancelled",
    date(2017, 10, 11): "held",
    date(2018, 2, 21): "held",
    date(2018, 8, 22): "scheduled",
}
NTTCG_SITTINGS: dict[date, str] = {
    date(2017, 2, 15): "held",
    date(2017, 5, 17): "held",
    date(2017, 7, 19): "held",
    date(2017, 10, 18): "held",
    date(2018, 1, 17): "held",
    date(2018, 4, 18): "scheduled",
}
NTIG_SITTINGS: dict[date, str] = {
    date(2017, 1, 25): "held",
    date(2017, 4, 26): "held",
    date(2017, 7, 5): "held",
    date(2017, 10, 4): "held",
    date(2018, 1, 3): "held",
    date(2018, 4, 4): "scheduled",
}
#: The tactical group sittings that received progress reports from every plan;
#: the earlier ones received none (GOV002).
NTTCG_REPORTED = (date(2017, 10, 18), date(2018, 1, 17))
