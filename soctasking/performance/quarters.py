"""Calendar quarters, named as the report and the metrics name them: ``2026-Q3``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_NAME = re.compile(r"^(?P<year>[0-9]{4})-Q(?P<number>[1-4])$")
#: Years a report may cover: the quarter before and the twelve months before must be dates too.
EARLIEST_YEAR, LATEST_YEAR = 1000, 8999


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """The quarter named ``YYYY-QN``; ``ValueError`` saying what was expected otherwise."""
        matched = QUARTER_NAME.match(text.strip())
        if matched is None or not EARLIEST_YEAR <= int(matched["year"]) <= LATEST_YEAR:
            raise ValueError(
                f"{text!r} is not a quarter; expected YEAR-QN, such as 2026-Q3, "
                f"of a year from {EARLIEST_YEAR} to {LATEST_YEAR}"
            )
        return cls(int(matched["year"]), int(matched["number"]))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def name(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def __str__(self) -> str:
        return self.name
