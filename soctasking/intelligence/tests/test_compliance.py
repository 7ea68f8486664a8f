from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from soctasking.bodies.models import Body
from soctasking.intelligence.compliance import (
    RowStatus,
    current_requirement,
    timetable_row_status,
    timetable_statuses,
)
from soctasking.intelligence.models import Requirement, TimetableRow
from soctasking.testing.factories import (
    BodyFactory,
    RequirementFactory,
    SubmissionFactory,
    TimetableRowFactory,
)

pytestmark = pytest.mark.django_db

DUE = date(2017, 7, 15)


def received(day: date, hour: int = 12) -> datetime:
    # Noon UTC is early afternoon in London in summer: the same calendar day.
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def requirement() -> Requirement:
    return RequirementFactory(id="nir-2017")


@pytest.fixture
def row(requirement: Requirement, rocu: Body, national_unit: Body) -> TimetableRow:
    return TimetableRowFactory(
        id="row-q1",
        requirement=requirement,
        body=rocu,
        product="tactical_assessment",
        due=DUE,
        window_start=date(2017, 7, 1),
        deliver_to=national_unit,
    )


def make_row(**kwargs: object) -> TimetableRow:
    return TimetableRowFactory(**kwargs)


def make_requirement(**kwargs: object) -> Requirement:
    return RequirementFactory(**kwargs)


def send(body, to, day, kind="tactical_assessment", **kwargs):
    return SubmissionFactory(body=body, received_by=to, kind=kind, received=received(day), **kwargs)


def current_id(as_of: date) -> str | None:
    requirement = current_requirement(as_of=as_of)
    return requirement.id if requirement is not None else None


def test_the_current_requirement_is_the_one_whose_period_contains_the_date():
    RequirementFactory(id="nir-2016", period_start=date(2016, 4, 1), period_end=date(2017, 3, 31))
    RequirementFactory(id="nir-2017")

    assert current_id(date(2017, 3, 31)) == "nir-2016"
    assert current_id(date(2017, 4, 1)) == "nir-2017"
    assert current_id(date(2018, 4, 1)) is None


def test_the_latest_issued_requirement_is_current_when_periods_overlap():
    RequirementFactory(id="nir-first", issued=date(2017, 3, 1))
    RequirementFactory(id="nir-reissued", issued=date(2017, 6, 1))

    assert current_id(date(2017, 7, 1)) == "nir-reissued"


def test_a_submission_received_on_the_due_date_meets_the_row_on_time(row, rocu, national_unit):
    submission = send(rocu, national_unit, DUE)

    status = timetable_row_status(row=row, as_of=date(2017, 8, 1))

    assert status.status is RowStatus.ON_TIME
    assert status.submission == submission
    assert status.received == DUE


def test_a_submission_late_in_the_evening_of_the_due_date_is_on_time_in_london(
    row, rocu, national_unit
):
    # 23:30 in London on the due date is 22:30 UTC, still the due date there.
    SubmissionFactory(
        body=rocu,
        received_by=national_unit,
        received=datetime(2017, 7, 15, 22, 30, tzinfo=UTC),
    )

    assert timetable_row_status(row=row, as_of=date(2017, 8, 1)).status is RowStatus.ON_TIME


def test_a_submission_a_day_after_the_due_date_meets_the_row_late(row, rocu, national_unit):
    late = send(rocu, national_unit, DUE + timedelta(days=1))

    status = timetable_row_status(row=row, as_of=date(2017, 8, 1))

    assert status.status is RowStatus.LATE
    assert status.submission == late
    assert status.submissions == (late,)


def test_a_row_with_nothing_received_is_due_until_its_date_and_missing_after(row):
    assert timetable_row_status(row=row, as_of=DUE).status is RowStatus.DUE
    assert timetable_row_status(row=row, as_of=DUE + timedelta(days=1)).status is RowStatus.MISSING


def test_a_submission_before_the_window_opens_does_not_meet_the_row(row, rocu, national_unit):
    send(rocu, national_unit, date(2017, 6, 30))

    status = timetable_row_status(row=row, as_of=date(2017, 8, 1))

    assert status.status is RowStatus.MISSING
    assert status.submission is None


def test_without_a_window_start_the_window_opens_with_the_requirement_period(
    requirement, rocu, national_unit
):
    row = make_row(requirement=requirement, body=rocu, due=DUE, deliver_to=national_unit)
    send(rocu, national_unit, date(2017, 4, 1))

    status = timetable_row_status(row=row, as_of=date(2017, 8, 1))

    assert status.window_start == date(2017, 4, 1)
    assert status.status is RowStatus.ON_TIME


def test_submissions_of_another_kind_or_from_another_body_do_not_meet_the_row(
    row, rocu, other_force, national_unit
):
    send(rocu, national_unit, date(2017, 7, 5), kind="intelligence_report")
    send(other_force, national_unit, date(2017, 7, 5))

    assert timetable_row_status(row=row, as_of=date(2017, 8, 1)).status is RowStatus.MISSING


def test_a_submission_received_after_the_date_has_not_come_yet(row, rocu, national_unit):
    send(rocu, national_unit, date(2017, 7, 20))

    assert timetable_row_status(row=row, as_of=date(2017, 7, 19)).status is RowStatus.MISSING
    assert timetable_row_status(row=row, as_of=date(2017, 7, 20)).status is RowStatus.LATE


def test_every_submission_in_the_window_meets_the_row_the_first_one_first(row, rocu, national_unit):
    first = send(rocu, national_unit, date(2017, 7, 3))
    second = send(rocu, national_unit, date(2017, 7, 10))
    send(rocu, national_unit, date(2017, 7, 20))

    status = timetable_row_status(row=row, as_of=date(2017, 8, 1))

    assert status.submission == first
    assert status.submissions == (first, second)


def test_statuses_without_a_requirement_cover_every_requirement_issued_by_the_date(
    row, rocu, national_unit
):
    later = make_requirement(id="nir-later", issued=date(2017, 9, 1))
    TimetableRowFactory(id="row-later", requirement=later, body=rocu, due=DUE)

    assert [s.row.id for s in timetable_statuses(as_of=date(2017, 8, 1))] == ["row-q1"]
    assert [s.row.id for s in timetable_statuses(as_of=date(2017, 8, 1), requirement=later)] == [
        "row-later"
    ]


def test_statuses_take_two_queries_however_many_rows(
    requirement, national_unit, django_assert_num_queries
):
    for number in range(20):
        body = BodyFactory(id=f"force-{number}")
        TimetableRowFactory(requirement=requirement, body=body, due=DUE, deliver_to=national_unit)
        send(body, national_unit, DUE - timedelta(days=number % 3))

    with django_assert_num_queries(2):
        statuses = timetable_statuses(as_of=date(2017, 8, 1))

    assert {s.status for s in statuses} == {RowStatus.ON_TIME}
    assert len(statuses) == 20
