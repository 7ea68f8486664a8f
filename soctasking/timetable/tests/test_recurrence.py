from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from soctasking.timetable.recurrence import Every, RecurringRule, occurrences, row_id


def rule(every: Every, days_after: int) -> RecurringRule:
    return RecurringRule(
        product="tactical_assessment",
        every=every,
        days_after=days_after,
        deliver_to="nac",
        body_kinds=("rocu",),
    )


def test_the_quarters_of_a_financial_year() -> None:
    found = occurrences(rule(Every.QUARTER, 15), start=date(2026, 4, 1), end=date(2027, 3, 31))
    assert [(o.period_start, o.period_end, o.due) for o in found] == [
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 15)),
        (date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 15)),
        (date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 15)),
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 15)),
    ]


def test_a_requirement_starting_mid_quarter_still_owes_that_quarter() -> None:
    found = occurrences(rule(Every.QUARTER, 0), start=date(2026, 5, 10), end=date(2026, 9, 29))
    assert [o.period_end for o in found] == [date(2026, 6, 30)]


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    length=st.integers(min_value=0, max_value=800),
    every=st.sampled_from(list(Every)),
    days_after=st.integers(min_value=0, max_value=60),
)
def test_windows_never_overlap_and_each_row_is_due_after_its_period(
    start: date, length: int, every: Every, days_after: int
) -> None:
    end = start + timedelta(days=length)
    found = occurrences(rule(every, days_after), start=start, end=end)
    for one in found:
        assert start <= one.period_end <= end
        assert one.due == one.period_end + timedelta(days=days_after)
        assert one.window_start <= one.due
    for earlier, later in itertools.pairwise(found):
        assert earlier.due < later.window_start or days_after >= 28
        assert later.period_start == earlier.period_end + timedelta(days=1)


def test_a_long_id_keeps_its_requirement_and_stays_a_record_id() -> None:
    made = row_id(
        requirement="nir-" + "x" * 90,
        body="b" * 90,
        product="tactical_assessment",
        due=date(2026, 7, 15),
    )
    assert len(made) == 100
    assert made.startswith("nir-x")
    assert made != row_id(
        requirement="nir-" + "x" * 90,
        body="b" * 89,
        product="tactical_assessment",
        due=date(2026, 7, 15),
    )
