"""The report's figures: each section of the quarter, beside the quarter before."""

from __future__ import annotations

import pytest

from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import quarterly_figures
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    two_quarters_of_returns()
    return quarterly_figures(quarter=Quarter.parse(QUARTER))


def pairs(rows, key):
    return {row[key]: (row["current"], row["previous"]) for row in rows}


def test_the_report_compares_the_quarter_with_the_one_before(figures):
    assert figures["quarter"] == "2026-Q3"
    assert figures["previous_quarter"] == "2026-Q2"
    assert (figures["start"], figures["as_of"]) == ("2026-07-01", "2026-09-30")
    assert (figures["previous_start"], figures["previous_as_of"]) == ("2026-04-01", "2026-06-30")


def test_disruptions_are_counted_within_each_quarter_by_level_and_threat(figures):
    disruptions = figures["disruptions"]

    assert disruptions["total"] == {"current": 3, "previous": 2}
    assert pairs(disruptions["by_level"], "level") == {
        "major": (1, 0),
        "moderate": (1, 1),
        "minor": (1, 1),
    }
    assert [row["threat"] for row in disruptions["by_threat"]] == ["drugs", "firearms", "fraud"]
    assert pairs(disruptions["by_threat"], "threat") == {
        "drugs": (2, 1),
        "firearms": (1, 1),
        "fraud": (1, 0),
    }


def test_outcomes_are_summed_and_one_nobody_recorded_is_none(figures):
    assert pairs(figures["disruptions"]["outcomes"], "outcome") == {
        "arrests": (7, 1),
        "charges": (5, None),
        "convictions": (2, None),
        "drugs_kg": (12.5, 1.25),
        "firearms": (3, 2),
        "cash_gbp": (25000.0, None),
        "assets_denied_gbp": (150000.0, None),
    }


def test_the_priority_activity_share_is_taken_at_each_quarter_end_and_month_by_month(figures):
    share = figures["priority_activity_share"]

    assert share["current"] == {"open_operations": 3, "on_priority": 2, "share": 0.6667}
    assert share["previous"] == {"open_operations": 4, "on_priority": 2, "share": 0.5}
    assert [point["month"] for point in share["monthly"]] == [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
    ]  # fmt: skip
    assert share["monthly"][-1]["share"] == 0.6667


def test_adoption_gives_each_current_priority_and_none_where_it_was_not_then_one(figures):
    adoption = figures["adoption"]

    assert adoption["police_forces"] == {"current": 2, "previous": 2}
    assert adoption["rocus"] == {"current": 1, "previous": 1}
    by_threat = {row["threat"]: row for row in adoption["by_threat"]}
    assert by_threat["drugs"]["police_forces"] == {"current": 1, "previous": 1}
    assert by_threat["firearms"]["police_forces"] == {"current": 1, "previous": 0}
    assert by_threat["fraud"]["rocus"] == {"current": 1, "previous": None}


def test_timetable_compliance_counts_the_rows_as_they_stood_at_each_quarter_end(figures):
    timetable = figures["timetable"]

    assert timetable["requirement"] == {"current": "nir-2026", "previous": "nir-2026"}
    assert timetable["rows"]["current"] == {"on_time": 2, "late": 1, "missing": 1, "due": 0}
    assert timetable["rows"]["previous"]["on_time"] == 1
    assert timetable["rows"]["previous"]["missing"] == 1
    assert timetable["share_on_time"]["current"] == 0.5


def test_a_quarter_is_named_year_hyphen_q_and_its_number():
    assert Quarter.parse("2026-Q1").previous() == Quarter(2025, 4)
    assert Quarter.parse("2026-Q4").end.isoformat() == "2026-12-31"
    with pytest.raises(ValueError, match="expected YEAR-QN"):
        Quarter.parse("2026-Q5")
