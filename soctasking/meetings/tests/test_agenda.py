"""A meeting's agenda, built from its inputs: the selector and the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from soctasking.meetings.models import Meeting
from soctasking.meetings.selectors import meeting_agenda
from soctasking.testing.factories import (
    ActionFactory,
    ActionPlanFactory,
    BodyFactory,
    DecisionFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgressReportFactory,
    ReferralFactory,
    RequirementFactory,
)
from soctasking.timetable.models import TimetableEscalation

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(db: None) -> dict[str, Meeting]:
    """An NTIG on 5 July 2017 before the NTTCG of 19 July, an earlier NTTCG in April with an
    action overdue by July, a referral to the NTTCG, an escalation to the NTIG, and two action
    plans of active groups of which one reported to the July NTTCG."""
    kent = BodyFactory(id="kent", name="Kent Police")
    essex = BodyFactory(id="essex", name="Essex Police")
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg")
    ntig = MeetingSeriesFactory(
        id="ntig",
        name="NTIG",
        kind="ntig",
        precedes=nttcg,
        precedes_window_days=14,
        precedes_min_lead_days=1,
    )
    april = MeetingFactory(id="nttcg-april", series=nttcg, date=date(2017, 4, 19))
    ActionFactory(
        id="nttcg-april.action-1",
        meeting=april,
        owner=kent,
        text="Map the lines into Kent.",
        due=date(2017, 6, 1),
    )
    intelligence = MeetingFactory(id="ntig-july", series=ntig, date=date(2017, 7, 5))
    DecisionFactory(
        meeting=intelligence,
        kind="collection_priority",
        text="Collect on county lines into the south-east.",
    )
    tasking = MeetingFactory(
        id="nttcg-july", series=nttcg, date=date(2017, 7, 19), status="scheduled"
    )
    ReferralFactory(subject="Adopt operation Kestrel", from_body=essex, route="nttcg")
    ReferralFactory(subject="Support for the ITG", from_body=essex, route="itg")
    TimetableEscalation.objects.create(
        requirement_id=RequirementFactory().pk,
        body_id="essex",
        meeting_id="ntig-july",
        raised=timezone.now(),
    )
    group = GovernanceGroupFactory(name="Drugs threat group", status="active")
    ProgressReportFactory(
        plan=ActionPlanFactory(id="sap-drugs", group=group),
        date=date(2017, 7, 10),
        to_meeting=tasking,
        summary="On track.",
    )
    ActionPlanFactory(id="sap-firearms", group=group)
    return {meeting.series_id: meeting for meeting in Meeting.objects.filter(date__month=7)}


def test_the_tasking_group_s_agenda_carries_each_of_its_inputs(quarter, chair):
    agenda = meeting_agenda(meeting=quarter["nttcg"], user=chair)

    [outcome] = agenda.preceding
    assert outcome.meeting is not None
    assert (outcome.meeting.pk, outcome.in_window) == ("ntig-july", True)
    assert [d.kind for d in outcome.decisions] == ["collection_priority"]
    assert [r.subject for r in agenda.referrals] == ["Adopt operation Kestrel"]
    assert [r.plan_id for r in agenda.reports] == ["sap-drugs"]
    assert [p.id for p in agenda.plans_awaiting_report] == ["sap-firearms"]
    assert [a.pk for a in agenda.overdue_actions] == ["nttcg-april.action-1"]
    assert ("MTG005", "nttcg-april.action-1") in {(f.code, f.subject_id) for f in agenda.findings}
    assert agenda.escalations == []


def test_the_intelligence_group_s_agenda_carries_the_timetable_escalations(quarter, chair):
    agenda = meeting_agenda(meeting=quarter["ntig"], user=chair)

    assert [e.body_id for e in agenda.escalations] == ["essex"]
    assert agenda.preceding == []
    assert agenda.referrals == []


def test_a_preceding_group_that_never_sat_is_shown_as_no_input(quarter, chair):
    Meeting.objects.filter(pk="ntig-july").update(status="cancelled")

    [outcome] = meeting_agenda(meeting=quarter["nttcg"], user=chair).preceding

    assert outcome.meeting is None
    assert not outcome.in_window


def test_the_agenda_page_shows_every_section_to_any_signed_in_user(client, contributor, quarter):
    client.force_login(contributor)

    response = client.get(reverse("meetings:agenda", args=["nttcg-july"]))

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Agenda for 19 July 2017",
        "Collect on county lines into the south-east.",
        "(not national priority threats)",
        "Adopt operation Kestrel",
        "On track.",
        "sap-firearms",
        "Map the lines into Kent.",
        "MTG005",
    ):
        assert text in page, text
