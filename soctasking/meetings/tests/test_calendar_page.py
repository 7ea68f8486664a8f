"""The calendar page: a month of meetings, a week to a row."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.meetings.selectors import month_calendar
from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

CALENDAR = reverse("meetings:calendar")


@pytest.fixture
def meetings(db: None):
    nttcg = MeetingSeriesFactory(id="nttcg", name="National tactical tasking group")
    MeetingFactory(id="nttcg-jan", series=nttcg, date=date(2027, 1, 6), status="scheduled")
    MeetingFactory(id="nttcg-feb", series=nttcg, date=date(2027, 2, 3), status="cancelled")
    MeetingFactory(id="nttcg-dec", series=nttcg, date=date(2026, 12, 30), status="held")


def test_a_month_is_whole_weeks_from_monday_with_each_day_s_meetings(meetings):
    weeks = month_calendar(year=2027, month=1)

    assert weeks[0][0].day == date(2026, 12, 28)
    assert weeks[-1][-1].day == date(2027, 1, 31)
    assert all(len(week) == 7 for week in weeks)
    assert [m.pk for m in weeks[0][2].meetings] == ["nttcg-dec"]
    assert not weeks[0][2].in_month
    assert [m.pk for m in weeks[1][2].meetings] == ["nttcg-jan"]


def test_the_page_shows_the_month_with_links_to_its_meetings(client, contributor, meetings):
    client.force_login(contributor)

    page = client.get(CALENDAR, {"year": 2027, "month": 2}).content.decode()

    assert "Calendar: February 2027" in page
    assert reverse("meetings:meeting", args=["nttcg-feb"]) in page
    assert "Cancelled" in page
    assert "Previous month: January 2027" in page
    assert "?year=2027&amp;month=3" in page
    assert '<th scope="col" class="govuk-table__header">Monday</th>' in page


def test_a_month_that_does_not_exist_is_refused_against_its_field(client, contributor, meetings):
    client.force_login(contributor)

    response = client.get(CALENDAR, {"year": 2027, "month": 13})

    assert response.status_code == 400
    assert 'href="#id_month"' in response.content.decode()
    assert "The month must be a number from 1 to 12" in response.content.decode()


def test_without_a_month_the_page_shows_the_picture_s_month(client, contributor, meetings):
    client.force_login(contributor)

    response = client.get(CALENDAR)

    assert response.status_code == 200
    assert "Calendar: " in response.content.decode()
