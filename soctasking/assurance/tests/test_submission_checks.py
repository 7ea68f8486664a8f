from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from soctasking.assurance.selectors import findings_run, findings_visible_to
from soctasking.bodies.models import Body
from soctasking.demo.planted import PLANTED_PROBLEMS
from soctasking.demo.services import demo_picture_load
from soctasking.intelligence.models import Requirement
from soctasking.testing.factories import (
    AcknowledgementFactory,
    BodyFactory,
    MeetingSeriesFactory,
    RequirementFactory,
    SubmissionFactory,
    TimetableRowFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 9, 30)
DUE = date(2017, 7, 15)
SUB_CODES = ["SUB001", "SUB002", "SUB003", "SUB004", "SUB005", "SUB006"]


def findings(code: str, as_of: date = AS_OF) -> list[dict]:
    return [f.to_json() for f in findings_run(as_of=as_of, codes=[code])]


def subjects(code: str, as_of: date = AS_OF) -> list[str]:
    return [f["subject"]["id"] for f in findings(code, as_of)]


def send(body, to, day, kind="tactical_assessment", **kwargs):
    # Noon UTC falls on the same calendar day in London all year round.
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return SubmissionFactory(body=body, received_by=to, kind=kind, received=noon, **kwargs)


@pytest.fixture
def requirement() -> Requirement:
    return RequirementFactory(id="nir-2017", issued=date(2017, 3, 15))


@pytest.fixture
def owe(requirement: Requirement, national_unit: Body):
    """A row of the requirement owed by a body, delivered to the assessment centre."""

    def make(body: Body, row_id: str, **kwargs):
        kwargs.setdefault("due", DUE)
        kwargs.setdefault("product", "tactical_assessment")
        return TimetableRowFactory(
            id=row_id, requirement=requirement, body=body, deliver_to=national_unit, **kwargs
        )

    return make


# SUB001 submission-missing


def test_a_row_past_its_due_date_with_nothing_received_is_missing(owe, rocu):
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))

    found = findings("SUB001")

    assert len(found) == 1
    assert found[0]["subject"] == {"type": "body", "id": "rocu-north-west"}
    assert found[0]["severity"] == "high"
    assert found[0]["message"] == (
        "No tactical assessment from North West ROCU (rocu-north-west) for row row-q1, "
        "due 2017-07-15"
    )
    assert found[0]["evidence"] == {
        "row": "row-q1",
        "requirement": "nir-2017",
        "body": "rocu-north-west",
        "product": "tactical_assessment",
        "window_start": "2017-07-01",
        "due": "2017-07-15",
        "deliver_to": "nac",
    }


def test_each_missing_row_of_a_body_is_a_finding_of_its_own(owe, rocu):
    owe(rocu, "row-q1")
    owe(rocu, "row-sa", product="strategic_assessment", due=date(2017, 8, 1))

    assert sorted(f["evidence"]["row"] for f in findings("SUB001")) == ["row-q1", "row-sa"]


def test_a_row_due_on_the_date_is_not_yet_missing(owe, rocu):
    owe(rocu, "row-q1")

    assert subjects("SUB001", as_of=DUE) == []
    assert subjects("SUB001", as_of=DUE + timedelta(days=1)) == ["rocu-north-west"]


def test_a_row_met_on_its_due_date_is_not_missing(owe, rocu, national_unit):
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    send(rocu, national_unit, DUE)

    assert subjects("SUB001") == []


def test_submissions_of_the_wrong_kind_from_another_body_or_before_the_window_leave_a_row_missing(
    owe, rocu, other_force, national_unit
):
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    send(rocu, national_unit, date(2017, 7, 5), kind="intelligence_report")
    send(other_force, national_unit, date(2017, 7, 5))
    send(rocu, national_unit, date(2017, 6, 30))

    assert subjects("SUB001") == ["rocu-north-west"]


def test_a_row_whose_window_defaults_to_the_requirement_period_start_is_met_from_that_day(
    owe, rocu, national_unit
):
    owe(rocu, "row-q1")
    send(rocu, national_unit, date(2017, 4, 1))

    assert subjects("SUB001") == []


def test_a_submission_received_after_the_date_does_not_meet_the_row_on_that_date(
    owe, rocu, national_unit
):
    owe(rocu, "row-q1")
    send(rocu, national_unit, date(2017, 10, 2))

    assert subjects("SUB001") == ["rocu-north-west"]
    assert subjects("SUB001", as_of=date(2017, 10, 2)) == []


# SUB002 submission-late


def test_a_row_met_a_day_after_its_due_date_is_late(owe, rocu, national_unit):
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    late = send(rocu, national_unit, DUE + timedelta(days=1))

    found = findings("SUB002")

    assert len(found) == 1
    assert found[0]["severity"] == "low"
    assert found[0]["evidence"]["submission"] == late.id
    assert found[0]["evidence"]["received"] == "2017-07-16"
    assert found[0]["evidence"]["days_late"] == 1
    assert "North West ROCU (rocu-north-west)" in found[0]["message"]
    assert "came 1 days late on 2017-07-16" in found[0]["message"]


def test_a_row_met_on_time_is_not_late_even_if_more_came_after(owe, rocu, national_unit):
    owe(rocu, "row-q1")
    send(rocu, national_unit, DUE)
    send(rocu, national_unit, DUE + timedelta(days=5))

    assert subjects("SUB002") == []


def test_a_late_submission_received_after_the_date_leaves_the_row_missing_not_late(
    owe, rocu, national_unit
):
    owe(rocu, "row-q1")
    send(rocu, national_unit, date(2017, 10, 2))

    assert subjects("SUB002") == []
    assert subjects("SUB002", as_of=date(2017, 10, 2)) == ["rocu-north-west"]


# SUB003 body-silent


def test_a_body_with_rows_whose_last_assessment_came_over_silent_days_ago_is_silent(
    owe, rocu, other_force, national_unit
):
    owe(rocu, "row-rocu")
    owe(other_force, "row-force")
    send(rocu, national_unit, AS_OF - timedelta(days=366), kind="strategic_assessment")
    send(other_force, national_unit, AS_OF - timedelta(days=365))

    found = findings("SUB003")

    assert [f["subject"]["id"] for f in found] == ["rocu-north-west"]
    assert found[0]["severity"] == "high"
    assert found[0]["evidence"] == {
        "body": "rocu-north-west",
        "requirement": "nir-2017",
        "last_assessment": "2016-09-29",
        "silent_days": 365,
    }
    assert "none since 2016-09-29" in found[0]["message"]


def test_a_body_with_rows_that_never_sent_an_assessment_is_silent(owe, rocu):
    owe(rocu, "row-rocu")

    found = findings("SUB003")

    assert [f["subject"]["id"] for f in found] == ["rocu-north-west"]
    assert found[0]["evidence"]["last_assessment"] is None


def test_reports_and_profiles_do_not_break_a_silence_but_assessments_after_the_date_do_not_count(
    owe, rocu, national_unit
):
    owe(rocu, "row-rocu")
    send(rocu, national_unit, AS_OF, kind="intelligence_report")
    send(rocu, national_unit, AS_OF, kind="problem_profile")
    send(rocu, national_unit, AS_OF + timedelta(days=1))

    assert subjects("SUB003") == ["rocu-north-west"]


def test_a_body_without_rows_in_the_current_requirement_is_never_silent(rocu):
    RequirementFactory(id="nir-2016", period_start=date(2016, 4, 1), period_end=date(2017, 3, 31))
    TimetableRowFactory(requirement=Requirement.objects.get(id="nir-2016"), body=rocu)

    assert subjects("SUB003") == []


# SUB004 requirement-unacknowledged


def test_an_acknowledgement_on_day_thirty_is_in_time_and_one_on_day_thirty_one_is_not(
    owe, requirement, rocu, other_force
):
    owe(rocu, "row-rocu")
    owe(other_force, "row-force")
    AcknowledgementFactory(requirement=requirement, body=rocu, date=date(2017, 4, 14))
    AcknowledgementFactory(requirement=requirement, body=other_force, date=date(2017, 4, 15))

    found = findings("SUB004")

    assert [f["subject"]["id"] for f in found] == ["force-kent"]
    assert found[0]["severity"] == "medium"
    assert found[0]["evidence"] == {
        "body": "force-kent",
        "ack_days": 30,
        "requirements": [{"id": "nir-2017", "issued": "2017-03-15", "deadline": "2017-04-14"}],
    }
    assert found[0]["message"].startswith("Kent Police (force-kent) did not acknowledge")


def test_a_body_that_never_acknowledged_is_flagged_only_once_thirty_days_have_passed(owe, rocu):
    owe(rocu, "row-rocu")

    assert subjects("SUB004", as_of=date(2017, 4, 14)) == []
    assert subjects("SUB004", as_of=date(2017, 4, 15)) == ["rocu-north-west"]


def test_bodies_without_rows_and_requirements_whose_period_ended_are_not_flagged(rocu, other_force):
    RequirementFactory(id="nir-2017")
    ended = RequirementFactory(
        id="nir-2016", period_start=date(2016, 4, 1), period_end=date(2017, 3, 31)
    )
    TimetableRowFactory(requirement=ended, body=rocu)

    assert subjects("SUB004") == []


def test_a_late_secret_submission_is_named_only_to_those_cleared_for_it(
    owe, rocu, national_unit, analyst, contributor
):
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    send(rocu, national_unit, DUE + timedelta(days=2), classification="secret")
    found = findings_run(as_of=AS_OF, codes=["SUB002"])

    assert len(found) == 1
    assert findings_visible_to(user=analyst, findings=found, as_of=AS_OF) == found
    assert findings_visible_to(user=contributor, findings=found, as_of=AS_OF) == []


# SUB005 submission-misrouted


def test_each_submission_sent_to_a_unit_other_than_the_rows_deliver_to_is_misrouted(
    owe, rocu, national_unit
):
    coordinators = BodyFactory(id="rocc", name="Regional coordinators", kind="national_unit")
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    first = send(rocu, coordinators, date(2017, 7, 3))
    second = send(rocu, coordinators, date(2017, 7, 10))
    send(rocu, national_unit, date(2017, 7, 12))

    found = findings("SUB005")

    assert [f["evidence"]["submission"] for f in found] == sorted([first.id, second.id])
    assert {f["subject"]["id"] for f in found} == {"rocu-north-west"}
    assert found[0]["evidence"]["received_by"] == "rocc"
    assert found[0]["evidence"]["deliver_to"] == "nac"
    assert found[0]["message"].endswith(
        "went to Regional coordinators (rocc), not National Assessment Centre (nac)"
    )


def test_a_misrouted_submission_is_named_only_to_those_cleared_for_it(
    owe, rocu, analyst, contributor
):
    coordinators = BodyFactory(id="rocc", name="Regional coordinators", kind="national_unit")
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    sensitive = send(rocu, coordinators, date(2017, 7, 3), classification="official-sensitive")
    send(rocu, coordinators, date(2017, 7, 4), classification="secret")
    found = findings_run(as_of=AS_OF, codes=["SUB005"])

    assert len(found) == 2
    assert findings_visible_to(user=analyst, findings=found, as_of=AS_OF) == found
    shown = findings_visible_to(user=contributor, findings=found, as_of=AS_OF)
    assert [f.evidence["submission"] for f in shown] == [sensitive.id]


def test_a_correctly_routed_submission_is_not_misrouted(owe, rocu, national_unit):
    owe(rocu, "row-q1")
    send(rocu, national_unit, date(2017, 7, 3))

    assert subjects("SUB005") == []


def test_a_late_submission_that_meets_its_row_is_judged_on_its_routing_too(owe, rocu):
    elsewhere = BodyFactory(id="elsewhere", name="Elsewhere", kind="national_unit")
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    send(rocu, elsewhere, DUE + timedelta(days=3))

    assert subjects("SUB005") == ["rocu-north-west"]


def test_a_submission_that_meets_no_row_is_never_misrouted(owe, rocu):
    elsewhere = BodyFactory(id="elsewhere", name="Elsewhere", kind="national_unit")
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    send(rocu, elsewhere, date(2017, 7, 3), kind="intelligence_report")
    send(rocu, elsewhere, date(2017, 6, 3))

    assert subjects("SUB005") == []


# SUB006 body-outside-timetable


def test_a_force_rocu_or_agency_on_a_national_tasking_series_without_a_row_is_outside(
    owe, rocu, national_unit
):
    mod = BodyFactory(id="mod-police", name="Ministry of Defence Police", kind="police_force")
    agency = BodyFactory(id="border", name="Border Force", kind="law_enforcement_agency")
    uncalled_rocu = BodyFactory(id="rocu-wales", name="Wales ROCU", kind="rocu")
    owe(rocu, "row-rocu")
    MeetingSeriesFactory(id="ndbm", name="Daily briefing", kind="ndbm").members.set(
        [mod, rocu, national_unit]
    )
    MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg").members.set([agency, mod])
    MeetingSeriesFactory(id="nstcg", name="NSTCG", kind="nstcg").members.set([uncalled_rocu])

    found = findings("SUB006")

    assert [f["subject"]["id"] for f in found] == ["border", "mod-police", "rocu-wales"]
    mod_finding = found[1]
    assert mod_finding["severity"] == "medium"
    assert mod_finding["evidence"] == {
        "body": "mod-police",
        "kind": "police_force",
        "requirement": "nir-2017",
        "series": ["ndbm", "nttcg"],
    }
    assert mod_finding["message"] == (
        "Ministry of Defence Police (mod-police) sits on Daily briefing, NTTCG but has no row "
        "in requirement nir-2017"
    )


def test_members_of_other_series_and_bodies_on_no_series_are_not_outside(requirement):
    force = BodyFactory(id="force-a", kind="police_force")
    BodyFactory(id="force-b", kind="police_force")
    MeetingSeriesFactory(kind="sgg").members.set([force])
    MeetingSeriesFactory(kind="ntig").members.set([force])

    assert subjects("SUB006") == []


def test_a_row_only_in_an_earlier_requirement_leaves_a_member_outside(rocu):
    ended = RequirementFactory(
        id="nir-2016", period_start=date(2016, 4, 1), period_end=date(2017, 3, 31)
    )
    RequirementFactory(id="nir-2017")
    TimetableRowFactory(requirement=ended, body=rocu)
    MeetingSeriesFactory(kind="nstcg").members.set([rocu])

    assert subjects("SUB006") == ["rocu-north-west"]


def test_nothing_is_outside_a_timetable_on_a_date_no_requirement_covers(rocu):
    MeetingSeriesFactory(kind="nstcg").members.set([rocu])

    assert subjects("SUB006") == []


# Across the checks


def test_no_submission_finding_carries_a_submissions_title_or_text(owe, rocu, requirement):
    elsewhere = BodyFactory(id="elsewhere", name="Elsewhere", kind="national_unit")
    owe(rocu, "row-q1", window_start=date(2017, 7, 1))
    owe(rocu, "row-sa", product="strategic_assessment")
    send(
        rocu,
        elsewhere,
        DUE + timedelta(days=2),
        title="Operation Redwing source reporting",
        text="The principal meets his supplier at the marina.",
        classification="secret",
    )

    found = findings_run(as_of=AS_OF, codes=SUB_CODES)
    written = json.dumps([f.to_json() for f in found])

    assert {"SUB001", "SUB002", "SUB004", "SUB005"} <= {f.code for f in found}
    assert "Redwing" not in written
    assert "marina" not in written


def test_the_submission_checks_find_exactly_the_planted_problems_in_the_demo():
    loaded = demo_picture_load()

    found = {
        (f.code, f.subject_type, f.subject_id)
        for f in findings_run(as_of=loaded.as_of, codes=SUB_CODES)
    }

    planted = {
        (p.code, p.subject_type, p.subject_id) for p in PLANTED_PROBLEMS if p.code in SUB_CODES
    }
    assert found == planted
