"""The year's plan: the page, and scheduling the planned meetings from it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.meetings.models import Meeting
from soctasking.meetings.services import meetings_schedule_year
from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

PLAN = reverse("meetings:plan")


@pytest.fixture
def tactical(db: None):
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg", cadence="quarterly")
    MeetingSeriesFactory(
        id="ntig",
        name="NTIG",
        kind="ntig",
        cadence="quarterly",
        precedes=nttcg,
        precedes_window_days=14,
        precedes_min_lead_days=1,
    )
    return nttcg


def test_the_plan_shows_each_series_dates_to_any_signed_in_user(client, contributor, tactical):
    client.force_login(contributor)

    page = client.get(PLAN, {"year": 2027}).content.decode()

    assert "8 meetings planned" in page
    assert "6 Jan 2027, 7 Apr 2027, 7 Jul 2027, 6 Oct 2027" in page
    assert "5 Jan 2027, 6 Apr 2027" in page
    assert "Every meeting has its preceding meeting within its window." in page
    assert "Schedule the meetings" not in page


def test_a_recorded_date_that_breaks_the_rule_is_warned_of(client, contributor, tactical):
    MeetingFactory(id="ntig-late", series_id="ntig", date=date(2027, 1, 20), status="scheduled")
    MeetingFactory(id="nttcg-jan", series=tactical, date=date(2027, 1, 6), status="scheduled")
    client.force_login(contributor)

    page = client.get(PLAN, {"year": 2027}).content.decode()

    assert "1 date breaks a precedence rule" in page
    assert "nttcg on 06 January 2027 has no ntig meeting" in page


def test_a_year_that_is_not_a_number_is_refused_against_the_field(client, contributor, tactical):
    client.force_login(contributor)

    response = client.get(PLAN, {"year": "next"})

    assert response.status_code == 400
    assert 'href="#id_year"' in response.content.decode()


def test_the_secretariat_schedules_the_planned_meetings_once(client, secretariat, tactical):
    client.force_login(secretariat)

    first = client.post(PLAN, {"year": 2027})
    client.post(PLAN, {"year": 2027})

    assert first.status_code == 302
    assert Meeting.objects.count() == 8
    assert Meeting.objects.filter(pk="ntig-2027-01-05", status="scheduled").exists()
    events = AuditEvent.objects.filter(action="schedule_year").order_by("sequence")
    assert [len(event.detail["scheduled"]) for event in events] == [8, 0]


def test_other_roles_cannot_schedule_from_the_plan(client, chair, tactical):
    client.force_login(chair)

    assert client.post(PLAN, {"year": 2027}).status_code == 404
    assert not Meeting.objects.exists()


def test_a_planned_date_before_a_series_began_stores_nothing(secretariat, tactical):
    tactical.began = date(2027, 3, 1)
    tactical.save()

    with pytest.raises(ValidationError) as error:
        meetings_schedule_year(acting_user=secretariat, year=2027)

    assert "before the series began on 01 March 2027" in " ".join(error.value.messages)
    assert not Meeting.objects.exists()
