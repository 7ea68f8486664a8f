"""Planning a year of the cycle, on hand-made examples (2027 starts on a Friday)."""

from __future__ import annotations

from datetime import date

import pytest

from soctasking.meetings.planning import (
    SeriesPlan,
    Sitting,
    cadence_dates,
    precedence_warnings,
    year_schedule,
)

TACTICAL = [
    SeriesPlan(id="nttcg", cadence="monthly", weekday=2),
    SeriesPlan(id="ntig", cadence="weekly", precedes="nttcg", window_days=14, min_lead_days=1),
]


def test_a_quarterly_series_sits_on_the_first_wednesday_of_each_quarter():
    assert cadence_dates(cadence="quarterly", year=2027) == [
        date(2027, 1, 6),
        date(2027, 4, 7),
        date(2027, 7, 7),
        date(2027, 10, 6),
    ]


def test_the_daily_briefing_sits_every_working_day_and_not_on_holidays():
    days = cadence_dates(cadence="weekdays", year=2027, holidays={date(2027, 1, 1)})

    assert len(days) == 260
    assert days[0] == date(2027, 1, 4)
    assert all(day.weekday() < 5 for day in days)


def test_a_holiday_moves_a_monthly_sitting_to_the_next_week():
    days = cadence_dates(cadence="monthly", year=2027, weekday=2, holidays={date(2027, 1, 6)})

    assert days[0] == date(2027, 1, 13)


def test_an_ad_hoc_series_has_no_planned_dates():
    assert cadence_dates(cadence="ad_hoc", year=2027) == []


def test_the_intelligence_group_is_placed_the_working_day_before_each_tasking_group():
    schedule = year_schedule(plans=TACTICAL, year=2027)

    assert schedule.dates_of("nttcg")[:2] == [date(2027, 1, 6), date(2027, 2, 3)]
    assert schedule.dates_of("ntig")[:2] == [date(2027, 1, 5), date(2027, 2, 2)]
    assert len(schedule.dates_of("ntig")) == 12
    assert schedule.warnings == []


def test_holidays_push_the_intelligence_group_back_within_its_window():
    holidays = {date(2027, 1, 5), date(2027, 1, 4), date(2027, 1, 1)}

    schedule = year_schedule(plans=TACTICAL, year=2027, holidays=holidays)

    assert schedule.dates_of("ntig")[0] == date(2026, 12, 31)
    assert schedule.warnings == []


def test_a_window_with_no_working_day_leaves_a_warning():
    plans = [
        SeriesPlan(id="nstcg", cadence="six_monthly", weekday=0),
        SeriesPlan(id="nsig", cadence="ad_hoc", precedes="nstcg", window_days=3, min_lead_days=2),
    ]

    schedule = year_schedule(plans=plans, year=2027)

    # Before Monday 4 January the window is Friday 1 and Saturday 2 January; before
    # Monday 5 July, Friday 2 and Saturday 3 July: one working day each, until a holiday.
    assert schedule.dates_of("nsig") == [date(2027, 1, 1), date(2027, 7, 2)]
    with_holiday = year_schedule(plans=plans, year=2027, holidays={date(2027, 1, 1)})
    [warning] = with_holiday.warnings
    assert (warning.series, warning.date, warning.prerequisite) == (
        "nstcg",
        date(2027, 1, 4),
        "nsig",
    )
    assert "no nsig meeting between 01 January 2027 and 02 January 2027" in warning.message


def test_a_date_fixed_by_hand_that_breaks_the_rule_is_warned_of():
    schedule = year_schedule(
        plans=TACTICAL,
        year=2027,
        fixed={"ntig": [date(2027, 1, 20)], "nttcg": [date(2027, 1, 6)]},
    )

    assert schedule.dates_of("ntig") == [date(2027, 1, 20)]
    [warning] = schedule.warnings
    assert (warning.window_start, warning.window_end) == (date(2026, 12, 23), date(2027, 1, 5))


def test_a_chain_is_followed_from_the_last_series_back():
    plans = [
        SeriesPlan(id="nsig", cadence="ad_hoc", precedes="nstcg", window_days=42, min_lead_days=7),
        SeriesPlan(id="nstcg", cadence="ad_hoc", precedes="sgg", window_days=30, min_lead_days=7),
        SeriesPlan(id="sgg", cadence="six_monthly", weekday=3),
    ]

    schedule = year_schedule(plans=plans, year=2027)

    assert schedule.dates_of("sgg") == [date(2027, 1, 7), date(2027, 7, 1)]
    assert schedule.dates_of("nstcg") == [date(2026, 12, 31), date(2027, 6, 24)]
    assert schedule.dates_of("nsig") == [date(2026, 12, 24), date(2027, 6, 17)]
    assert schedule.warnings == []


def test_a_loop_of_precedence_rules_is_refused():
    plans = [
        SeriesPlan(id="a", cadence="ad_hoc", precedes="b", window_days=5, min_lead_days=1),
        SeriesPlan(id="b", cadence="ad_hoc", precedes="a", window_days=5, min_lead_days=1),
    ]

    with pytest.raises(ValueError, match="loop"):
        year_schedule(plans=plans, year=2027)


def test_both_ends_of_the_window_count():
    plans = [TACTICAL[1]]
    later = Sitting(series="nttcg", date=date(2027, 1, 20))

    on_the_edges = [
        precedence_warnings(plans=plans, sittings=[later, Sitting(series="ntig", date=day)])
        for day in (date(2027, 1, 6), date(2027, 1, 19), date(2027, 1, 5), date(2027, 1, 20))
    ]

    assert [len(warnings) for warnings in on_the_edges] == [0, 0, 1, 1]
