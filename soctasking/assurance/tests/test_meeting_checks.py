"""The meeting-cycle checks: prerequisite meetings late or cancelled, expected members left
out, members absent, actions overdue and tactical groups that tasked nobody."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from soctasking.assurance.selectors import findings_run
from soctasking.assurance.services import threshold_set
from soctasking.bodies.models import Body
from soctasking.meetings.models import Meeting, MeetingSeries
from soctasking.testing.factories import (
    ActionFactory,
    BodyFactory,
    MeetingFactory,
    MeetingSeriesFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 12, 31)
NSTCG_DAY = date(2017, 10, 4)
# The NSIG must sit 42 to 7 days before each NSTCG: from 2017-08-23 to 2017-09-27.
WINDOW_START = date(2017, 8, 23)
WINDOW_END = date(2017, 9, 27)


def flagged(code: str, as_of: date = AS_OF) -> dict[str, dict[str, Any]]:
    return {f.subject_id: f.to_json() for f in findings_run(as_of=as_of, codes=[code])}


def strategic_cycle() -> tuple[MeetingSeries, MeetingSeries]:
    nstcg = MeetingSeriesFactory(
        id="nstcg", name="National strategic tasking and coordination group", kind="nstcg"
    )
    nsig = MeetingSeriesFactory(
        id="nsig",
        name="National strategic intelligence group",
        kind="nsig",
        precedes=nstcg,
        precedes_window_days=42,
        precedes_min_lead_days=7,
    )
    return nstcg, nsig


def sitting(series, day: date, status: str = "held") -> Meeting:
    return MeetingFactory(
        id=f"{series.id}-{day.isoformat()}", series=series, date=day, status=status
    )


def test_a_meeting_whose_preceding_group_sat_a_week_after_it_is_flagged_as_sat_too_late():
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, date(2017, 10, 11))

    found = flagged("MTG001")

    assert list(found) == ["nstcg-2017-10-04"]
    finding = found["nstcg-2017-10-04"]
    assert finding["severity"] == "high"
    assert finding["subject"] == {"type": "meeting", "id": "nstcg-2017-10-04"}
    prerequisite = finding["evidence"]["prerequisites"][0]
    assert prerequisite["series"] == "nsig"
    assert (prerequisite["window_start"], prerequisite["window_end"]) == (
        "2017-08-23",
        "2017-09-27",
    )
    assert prerequisite["sat_too_late"] == [{"meeting": "nsig-2017-10-11", "date": "2017-10-11"}]
    assert (
        "no National strategic intelligence group was held between 2017-08-23 and "
        in (finding["message"])
    )
    assert "sat too late, on 2017-10-11 (nsig-2017-10-11)" in finding["message"]
    assert flagged("MTG002") == {}


@pytest.mark.parametrize(
    ("held_on", "in_time"),
    [
        (WINDOW_START - timedelta(days=1), False),
        (WINDOW_START, True),
        (WINDOW_END, True),
        (WINDOW_END + timedelta(days=1), False),
    ],
)
def test_the_preceding_group_is_in_time_on_both_ends_of_its_window_and_late_a_day_outside(
    held_on, in_time
):
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, held_on)

    assert ("nstcg-2017-10-04" not in flagged("MTG001")) is in_time


def test_only_sittings_after_the_window_up_to_window_days_after_the_meeting_sat_too_late():
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, WINDOW_START - timedelta(days=1))
    sitting(nsig, WINDOW_END + timedelta(days=1))
    sitting(nsig, NSTCG_DAY + timedelta(days=42))
    sitting(nsig, NSTCG_DAY + timedelta(days=43))

    prerequisite = flagged("MTG001")["nstcg-2017-10-04"]["evidence"]["prerequisites"][0]

    assert [late["date"] for late in prerequisite["sat_too_late"]] == ["2017-09-28", "2017-11-15"]


def test_a_sitting_after_the_date_has_not_happened_and_is_not_named_as_late():
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, date(2017, 10, 11))

    prerequisite = flagged("MTG001", as_of=date(2017, 10, 10))["nstcg-2017-10-04"]["evidence"]

    assert prerequisite["prerequisites"][0]["sat_too_late"] == []


def test_only_held_meetings_on_or_before_the_date_need_their_preceding_group():
    nstcg, _ = strategic_cycle()
    sitting(nstcg, NSTCG_DAY, status="cancelled")
    sitting(nstcg, date(2017, 11, 1), status="scheduled")
    sitting(nstcg, date(2018, 1, 10))

    assert flagged("MTG001") == {}
    assert list(flagged("MTG001", as_of=date(2018, 1, 10))) == ["nstcg-2018-01-10"]


def test_a_held_meeting_of_a_series_nothing_precedes_is_never_flagged():
    sitting(MeetingSeriesFactory(id="ndbm", kind="ndbm"), NSTCG_DAY)

    assert flagged("MTG001") == {}
    assert flagged("MTG002") == {}


def test_a_cancelled_preceding_sitting_in_the_window_is_reported_instead_of_a_late_one():
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, date(2017, 9, 13), status="cancelled")

    found = flagged("MTG002")

    assert list(found) == ["nstcg-2017-10-04"]
    assert found["nstcg-2017-10-04"]["severity"] == "high"
    prerequisite = found["nstcg-2017-10-04"]["evidence"]["prerequisites"][0]
    assert prerequisite["cancelled"] == [{"meeting": "nsig-2017-09-13", "date": "2017-09-13"}]
    assert "was cancelled: 2017-09-13 (nsig-2017-09-13)" in found["nstcg-2017-10-04"]["message"]
    assert flagged("MTG001") == {}


def test_a_cancelled_sitting_made_good_by_one_held_in_the_window_is_no_problem():
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, date(2017, 9, 6), status="cancelled")
    sitting(nsig, date(2017, 9, 20))

    assert flagged("MTG001") == {}
    assert flagged("MTG002") == {}


def test_a_sitting_cancelled_outside_the_window_leaves_the_meeting_late_not_cancelled():
    nstcg, nsig = strategic_cycle()
    sitting(nstcg, NSTCG_DAY)
    sitting(nsig, WINDOW_END + timedelta(days=1), status="cancelled")

    assert list(flagged("MTG001")) == ["nstcg-2017-10-04"]
    assert flagged("MTG002") == {}


def test_a_meeting_two_series_precede_lists_both_in_one_finding():
    nstcg, _ = strategic_cycle()
    MeetingSeriesFactory(
        id="ntig",
        name="National tactical intelligence group",
        kind="ntig",
        precedes=nstcg,
        precedes_window_days=28,
        precedes_min_lead_days=5,
    )
    sitting(nstcg, NSTCG_DAY)

    findings = findings_run(as_of=AS_OF, codes=["MTG001"])

    assert len(findings) == 1
    assert [p["series"] for p in findings[0].evidence["prerequisites"]] == ["nsig", "ntig"]


def test_a_series_leaving_out_bodies_it_ought_to_include_is_flagged_listing_them():
    series = MeetingSeriesFactory(id="ndbm", name="National daily briefing meeting", kind="ndbm")
    invited = BodyFactory(id="nca-nih", name="National Intelligence Hub")
    series.members.set([invited])
    series.expected_members.set(
        [
            invited,
            BodyFactory(id="force-city-of-london", name="City of London Police"),
            BodyFactory(id="british-transport-police", name="British Transport Police"),
        ]
    )
    complete = MeetingSeriesFactory(id="nstcg")
    complete.members.set([invited])
    complete.expected_members.set([invited])
    MeetingSeriesFactory(id="itg")

    found = flagged("MTG003")

    assert list(found) == ["ndbm"]
    assert found["ndbm"]["severity"] == "medium"
    assert found["ndbm"]["subject"] == {"type": "series", "id": "ndbm"}
    assert found["ndbm"]["evidence"]["missing"] == [
        "british-transport-police",
        "force-city-of-london",
    ]
    assert (
        "British Transport Police (british-transport-police), City of London Police"
        in (found["ndbm"]["message"])
    )


def absence_series(sittings: int, *, status: str = "held") -> MeetingSeries:
    """A series with a present and an absent member, and ``sittings`` weekly meetings
    up to the date that only the present member attended."""
    series = MeetingSeriesFactory(id="nstcg", name="National strategic group", kind="nstcg")
    present: Any = BodyFactory(id="present", name="Present Force")
    absent = BodyFactory(id="absent", name="Absent Force")
    series.members.set([present, absent])
    for weeks in range(sittings):
        meeting = sitting(series, AS_OF - timedelta(weeks=weeks), status=status)
        meeting.attended.set([present])
    return series


def absent_member() -> Body:
    return Body.objects.get(id="absent")


def test_a_member_who_attended_none_of_the_last_three_meetings_is_absent():
    absence_series(3)

    found = flagged("MTG004")

    assert list(found) == ["nstcg"]
    assert found["nstcg"]["severity"] == "medium"
    assert found["nstcg"]["evidence"]["absent"] == ["absent"]
    assert found["nstcg"]["evidence"]["meetings"] == [
        "nstcg-2017-12-31",
        "nstcg-2017-12-24",
        "nstcg-2017-12-17",
    ]
    assert (
        "attended none of its last 3 meetings: Absent Force (absent)" in (found["nstcg"]["message"])
    )


def test_attending_the_oldest_of_the_last_three_meetings_is_enough_but_the_fourth_is_not():
    series = absence_series(4)
    third = Meeting.objects.get(id="nstcg-2017-12-17")
    third.attended.add(absent_member())

    assert flagged("MTG004") == {}

    third.attended.remove(absent_member())
    Meeting.objects.get(id="nstcg-2017-12-10").attended.add(absent_member())

    assert flagged("MTG004")["nstcg"]["evidence"]["absent"] == ["absent"]
    assert series.members.count() == 2


@pytest.mark.parametrize(("held", "judged"), [(1, False), (2, True)])
def test_a_series_is_judged_on_absence_only_once_it_has_held_two_meetings(held, judged):
    absence_series(held)

    assert ("nstcg" in flagged("MTG004")) is judged


def test_cancelled_and_scheduled_meetings_do_not_count_for_absence():
    series = absence_series(2)
    sitting(series, AS_OF - timedelta(days=1), status="cancelled")
    sitting(series, AS_OF - timedelta(days=2), status="scheduled")

    found = flagged("MTG004")

    assert found["nstcg"]["evidence"]["meetings"] == ["nstcg-2017-12-31", "nstcg-2017-12-24"]


def test_a_meeting_after_the_date_had_not_happened_so_its_attendance_does_not_count():
    absence_series(3)
    Meeting.objects.get(id="nstcg-2017-12-31").attended.add(absent_member())

    assert flagged("MTG004") == {}
    before = flagged("MTG004", as_of=AS_OF - timedelta(days=1))
    assert before["nstcg"]["evidence"]["meetings"] == ["nstcg-2017-12-24", "nstcg-2017-12-17"]


def test_the_number_of_meetings_judged_is_a_threshold(administrator):
    series = absence_series(4)
    Meeting.objects.get(id="nstcg-2017-12-10").attended.add(absent_member())
    assert flagged("MTG004") != {}

    threshold_set(code="MTG004", parameter="absence_meetings", value=4, acting_user=administrator)

    assert flagged("MTG004") == {}
    assert series.meetings.count() == 4


def test_an_open_action_due_yesterday_is_overdue_and_one_due_today_is_not():
    meeting = MeetingFactory(id="nttcg-2017-07-19", date=date(2017, 7, 19))
    meeting.series.name = "National tactical tasking and coordination group"
    meeting.series.save()
    owner = BodyFactory(id="nca-tasking", name="National Tasking")
    ActionFactory(id="due-yesterday", meeting=meeting, owner=owner, due=AS_OF - timedelta(days=1))
    ActionFactory(id="due-today", meeting=meeting, owner=owner, due=AS_OF)

    found = flagged("MTG005")

    assert list(found) == ["due-yesterday"]
    finding = found["due-yesterday"]
    assert finding["subject"] == {"type": "action", "id": "due-yesterday"}
    assert finding["severity"] == "medium"
    assert finding["evidence"] == {
        "action": "due-yesterday",
        "meeting": "nttcg-2017-07-19",
        "owner": "nca-tasking",
        "due": "2017-12-30",
        "days_overdue": 1,
    }
    assert finding["message"] == (
        "Action due-yesterday for National Tasking (nca-tasking), allocated by the National "
        "tactical tasking and coordination group of 2017-07-19 (nttcg-2017-07-19) and due "
        "2017-12-30, is still open 1 days later"
    )


def test_done_and_cancelled_actions_are_not_overdue_unless_done_after_the_date():
    past = date(2017, 9, 30)
    ActionFactory(id="done", due=past, status="done", completed=date(2017, 9, 29))
    ActionFactory(id="done-undated", due=past, status="done")
    ActionFactory(id="cancelled", due=past, status="cancelled")
    ActionFactory(id="done-later", due=past, status="done", completed=date(2018, 1, 5))

    assert list(flagged("MTG005")) == ["done-later"]


def test_an_action_of_a_meeting_after_the_date_was_not_yet_allocated():
    ActionFactory(
        id="future", meeting=MeetingFactory(date=date(2018, 1, 10)), due=date(2017, 12, 1)
    )

    assert flagged("MTG005") == {}


def test_a_held_tactical_group_that_allocated_no_action_is_flagged():
    nttcg = MeetingSeriesFactory(
        id="nttcg", name="National tactical tasking and coordination group", kind="nttcg"
    )
    sitting(nttcg, date(2017, 5, 17))
    ActionFactory(meeting=sitting(nttcg, date(2017, 7, 19)))
    sitting(nttcg, date(2017, 10, 18), status="cancelled")
    sitting(nttcg, date(2018, 1, 17))
    sitting(MeetingSeriesFactory(id="nstcg", kind="nstcg"), date(2017, 6, 1))

    found = flagged("MTG006")

    assert list(found) == ["nttcg-2017-05-17"]
    assert found["nttcg-2017-05-17"]["severity"] == "low"
    assert found["nttcg-2017-05-17"]["message"] == (
        "The National tactical tasking and coordination group of 2017-05-17 "
        "(nttcg-2017-05-17) allocated no task"
    )
    assert found["nttcg-2017-05-17"]["evidence"] == {
        "meeting": "nttcg-2017-05-17",
        "series": "nttcg",
        "date": "2017-05-17",
    }
