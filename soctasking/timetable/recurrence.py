"""Recurring timetable rules: "every ROCU, a tactical assessment 15 days after each quarter".

A rule names the bodies (by kind, by id, or both), the product they owe,
how often (each calendar month or quarter), and how many days after the end
of each such period it is due. It yields one row a body for every period
that ends within the requirement's period.

Each row's window opens the day after the period it covers ends (or, for a
product due on the period's last day, when the period starts), so the
windows of successive rows do not overlap while the product is due within a
period's length: one assessment sent late for the first quarter is late for
that quarter, not on time for the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from soctasking.intelligence.models import SubmissionKind

MAX_ID_LENGTH = 100
PRODUCT_ABBREVIATIONS = {
    SubmissionKind.STRATEGIC_ASSESSMENT.value: "sa",
    SubmissionKind.TACTICAL_ASSESSMENT.value: "ta",
    SubmissionKind.INTELLIGENCE_REPORT.value: "ir",
    SubmissionKind.PROBLEM_PROFILE.value: "pp",
    SubmissionKind.TARGET_PROFILE.value: "tp",
}


class Every(StrEnum):
    """How often a recurring rule asks for the product."""

    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True)
class RecurringRule:
    """Who owes what, how often, due how long after each period, and delivered to whom."""

    product: str
    every: Every
    days_after: int
    deliver_to: str
    body_kinds: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Occurrence:
    """One period a rule covers: the row is due ``due`` and its window opens ``window_start``."""

    period_start: date
    period_end: date
    due: date

    @property
    def window_start(self) -> date:
        # A product due on the period's last day is written during it.
        if self.due <= self.period_end:
            return self.period_start
        return self.period_end + timedelta(days=1)


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _periods(every: Every, *, start: date, end: date) -> Iterator[tuple[date, date]]:
    """Calendar months or quarters (January to March, ...) that end within [start, end]."""
    step = 3 if Every(every) == Every.QUARTER else 1
    month = ((start.month - 1) // step) * step + 1
    year = start.year
    while True:
        last_month = month + step - 1
        period_end = _month_end(year, last_month)
        if period_end > end:
            return
        if period_end >= start:
            yield date(year, month, 1), period_end
        month += step
        if month > 12:
            month -= 12
            year += 1


def occurrences(rule: RecurringRule, *, start: date, end: date) -> list[Occurrence]:
    """The periods ``rule`` asks for within a requirement running ``start`` to ``end``."""
    return [
        Occurrence(period_start, period_end, period_end + timedelta(days=rule.days_after))
        for period_start, period_end in _periods(rule.every, start=start, end=end)
    ]


def row_id(*, requirement: str, body: str, product: str, due: date) -> str:
    """The id a generated or imported row gets when none is given.

    The same row always gets the same id, so generating or importing twice
    updates rather than duplicates. Ids too long for a record id keep their
    requirement's prefix and end in a digest of the whole.
    """
    abbreviation = PRODUCT_ABBREVIATIONS.get(product, product)
    whole = f"{requirement}.{body}.{abbreviation}.{due:%Y%m%d}"
    if len(whole) <= MAX_ID_LENGTH:
        return whole
    digest = hashlib.sha256(whole.encode()).hexdigest()[:20]
    return f"{requirement[: MAX_ID_LENGTH - len(digest) - 1]}.{digest}"
