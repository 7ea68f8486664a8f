"""The secretariat's tracker: open, overdue, done and cancelled by meeting and by body."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.actions.selectors import action_tracker
from soctasking.testing.factories import ActionFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

ON = date(2017, 7, 10)


@pytest.fixture
def allocated(rocu, other_force):
    ntig = MeetingSeriesFactory(id="ntig", name="NTIG", kind="ntig")
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg")
    april = MeetingFactory(id="ntig-april", series=ntig, date=date(2017, 4, 5))
    july = MeetingFactory(id="nttcg-july", series=nttcg, date=date(2017, 7, 6))
    ActionFactory(meeting=april, owner=rocu, due=date(2017, 5, 1))
    ActionFactory(meeting=april, owner=rocu, due=date(2017, 5, 1), status="done")
    ActionFactory(meeting=july, owner=other_force, due=date(2017, 8, 1))
    ActionFactory(meeting=july, owner=other_force, due=date(2017, 8, 1), status="cancelled")


def counts(rows):
    return [(r.key, r.open, r.overdue, r.done, r.cancelled) for r in rows]


def test_the_tracker_counts_by_meeting_latest_first(allocated):
    assert counts(action_tracker(on=ON)) == [
        ("nttcg-july", 1, 0, 0, 1),
        ("ntig-april", 1, 1, 1, 0),
    ]


def test_the_tracker_counts_by_body_most_overdue_first_and_filters(allocated):
    assert counts(action_tracker(on=ON, by="body")) == [
        ("rocu-north-west", 1, 1, 1, 0),
        ("force-kent", 1, 0, 0, 1),
    ]
    assert counts(action_tracker(on=ON, series_kind="nttcg")) == [("nttcg-july", 1, 0, 0, 1)]
    assert counts(action_tracker(on=ON, by="body", owner="force-kent")) == [
        ("force-kent", 1, 0, 0, 1)
    ]


def test_the_secretariat_reads_the_tracker_and_a_contributor_may_not(
    client, allocated, secretariat, contributor
):
    client.force_login(secretariat)
    page = client.get(reverse("actions:tracker"), {"by": "body"}).content.decode()
    client.force_login(contributor)
    refused = client.get(reverse("actions:tracker"))

    assert "North West ROCU" in page
    assert '<table class="govuk-table" id="tracker">' in page
    assert refused.status_code == 403
