"""The iCalendar feeds of a series and of a body (RFC 5545)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from soctasking.meetings.ics import calendar_of, escape_text, fold
from soctasking.meetings.models import Meeting
from soctasking.testing.factories import BodyFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tactical(db: None):
    kent = BodyFactory(id="kent", name="Kent Police")
    essex = BodyFactory(id="essex", name="Essex Police")
    nttcg = MeetingSeriesFactory(id="nttcg", name="Tasking; national, tactical", kind="nttcg")
    nttcg.members.set([kent])
    MeetingFactory(id="nttcg-1", series=nttcg, date=date(2027, 1, 6), status="scheduled")
    invited_only = MeetingFactory(id="nttcg-2", series=nttcg, date=date(2027, 4, 7))
    invited_only.invited.set([essex])
    MeetingFactory(
        id="nttcg-3",
        series=nttcg,
        date=date(2027, 7, 7),
        status="cancelled",
        cancellation_reason="The chair is ill.",
    )
    return nttcg


def test_text_is_escaped_and_long_lines_folded_at_75_octets():
    line = "DESCRIPTION:" + "é" * 60

    folded = fold(line)

    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_each_meeting_is_an_all_day_event_with_a_stable_uid(tactical):
    feed = calendar_of(
        meetings=Meeting.objects.filter(pk="nttcg-1").select_related("series"),
        name="NTTCG",
        domain="example.org",
        stamp=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )

    lines = feed.split("\r\n")
    assert feed.endswith("END:VCALENDAR\r\n")
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for expected in (
        "UID:nttcg-1@example.org",
        "DTSTAMP:20261201T093000Z",
        "DTSTART;VALUE=DATE:20270106",
        "DTEND;VALUE=DATE:20270107",
        "SUMMARY:Tasking\\; national\\, tactical",
        "STATUS:CONFIRMED",
    ):
        assert expected in lines, expected


def test_the_series_feed_keeps_a_cancelled_meeting_marked_cancelled(client, contributor, tactical):
    client.force_login(contributor)

    response = client.get(reverse("meetings:series_calendar", args=["nttcg"]))

    feed = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed.count("BEGIN:VEVENT") == 3
    assert "STATUS:CANCELLED" in feed
    assert "The chair is ill." in feed


def test_a_body_s_feed_has_the_meetings_it_is_invited_to(client, contributor, tactical):
    client.force_login(contributor)

    kent = client.get(reverse("meetings:body_calendar", args=["kent"])).content.decode()
    essex = client.get(reverse("meetings:body_calendar", args=["essex"])).content.decode()

    assert "UID:nttcg-1@" in kent
    assert "UID:nttcg-2@" not in kent
    assert "UID:nttcg-2@" in essex
    assert "UID:nttcg-1@" not in essex


def test_the_feeds_need_a_signed_in_user_and_a_known_record(client, contributor, tactical):
    signed_out = client.get(reverse("meetings:series_calendar", args=["nttcg"]))
    client.force_login(contributor)

    assert signed_out.status_code == 302
    assert client.get(reverse("meetings:series_calendar", args=["nope"])).status_code == 404
    assert client.get(reverse("meetings:body_calendar", args=["nope"])).status_code == 404
