"""The secretariat's pages: scheduling, attendance, decisions, actions, cancelling, minutes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.meetings.models import Action, Decision, Meeting, MeetingStatus
from soctasking.testing.factories import BodyFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tactical(db: None):
    nttcg = MeetingSeriesFactory(
        id="nttcg", name="National tactical tasking group", kind="nttcg", began=date(2017, 1, 1)
    )
    ntig = MeetingSeriesFactory(
        id="ntig",
        name="National tactical intelligence group",
        kind="ntig",
        precedes=nttcg,
        precedes_window_days=14,
        precedes_min_lead_days=1,
    )
    kent = BodyFactory(id="kent", name="Kent Police")
    nttcg.members.set([kent])
    return ntig, nttcg


def test_the_secretariat_schedules_a_meeting_from_the_series_page(client, secretariat, tactical):
    client.force_login(secretariat)
    series_page = client.get(reverse("meetings:series", args=["nttcg"])).content.decode()

    response = client.post(reverse("meetings:meeting_new", args=["nttcg"]), {"date": "2017-07-19"})

    assert reverse("meetings:meeting_new", args=["nttcg"]) in series_page
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting", args=["nttcg-2017-07-19"])
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


def test_a_date_before_the_series_began_is_shown_against_the_field(client, secretariat, tactical):
    client.force_login(secretariat)

    response = client.post(reverse("meetings:meeting_new", args=["nttcg"]), {"date": "2016-05-01"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert 'href="#id_date"' in page
    assert "cannot be dated before its series began" in page
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "chair", "inspector", "contributor"])
def test_other_roles_find_no_writing_pages(client, request, persona, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    client.force_login(request.getfixturevalue(persona))

    for name, args in (
        ("meetings:meeting_new", ["nttcg"]),
        ("meetings:attendance", ["nttcg-1"]),
        ("meetings:decision_new", ["nttcg-1"]),
        ("meetings:action_new", ["nttcg-1"]),
        ("meetings:cancel", ["nttcg-1"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    page = client.get(reverse("meetings:meeting", args=["nttcg-1"])).content.decode()
    assert "Record attendance" not in page


def test_attendance_and_apologies_are_recorded_from_the_form(client, secretariat, tactical):
    BodyFactory(id="essex", name="Essex Police")
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19), status="scheduled")
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:attendance", args=["nttcg-1"]),
        {"attended": ["kent"], "apologies": ["essex"]},
    )

    assert response.status_code == 302
    page = client.get(reverse("meetings:meeting", args=["nttcg-1"])).content.decode()
    assert "Sent apologies" in page
    assert Meeting.objects.get().status == MeetingStatus.HELD


def test_a_decision_of_an_unknown_kind_is_refused_on_the_form(client, secretariat, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:decision_new", args=["nttcg-1"]),
        {"kind": "priority", "text": "Firearms."},
    )

    assert response.status_code == 400
    assert "Choose a kind of decision from the list" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_collection_priority_reads_differently_from_national_priorities(
    client, secretariat, tactical
):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    client.force_login(secretariat)
    for kind in ("collection_priority", "adopt_priority_threats"):
        client.post(
            reverse("meetings:decision_new", args=["nttcg-1"]),
            {"kind": kind, "text": f"Decided {kind}."},
        )

    minutes = client.get(reverse("meetings:minutes", args=["nttcg-1"])).content.decode()

    assert "Priority for intelligence collection only" in minutes
    assert "does not make these threats national priority threats" in minutes
    assert "National priority threats adopted" in minutes


def test_an_action_due_before_the_meeting_is_refused_on_the_form(client, secretariat, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    client.force_login(secretariat)

    refused = client.post(
        reverse("meetings:action_new", args=["nttcg-1"]),
        {"owner": "kent", "text": "Report.", "due": "2017-07-01"},
    )
    allocated = client.post(
        reverse("meetings:action_new", args=["nttcg-1"]),
        {"owner": "kent", "text": "Report.", "due": "2017-08-01"},
    )

    assert refused.status_code == 400
    assert 'href="#id_due"' in refused.content.decode()
    assert allocated.status_code == 302
    assert Action.objects.get().due == date(2017, 8, 1)


def test_the_cancel_page_warns_which_meeting_is_left_without_input(client, secretariat, tactical):
    ntig, nttcg = tactical
    MeetingFactory(id="ntig-1", series=ntig, date=date(2017, 7, 12), status="scheduled")
    MeetingFactory(id="nttcg-1", series=nttcg, date=date(2017, 7, 19), status="scheduled")
    client.force_login(secretariat)

    warning = client.get(reverse("meetings:cancel", args=["ntig-1"])).content.decode()
    response = client.post(
        reverse("meetings:cancel", args=["ntig-1"]), {"reason": "The chair is ill."}, follow=True
    )

    assert "leaves 1 meeting without the input" in warning
    assert reverse("meetings:meeting", args=["nttcg-1"]) in warning
    assert "It leaves without input: National tactical tasking group, 19 July 2017" in (
        response.content.decode()
    )
    assert Meeting.objects.get(pk="ntig-1").cancellation_reason == "The chair is ill."


def test_the_minutes_are_a_page_and_a_pdf_and_are_approved_by_the_chair(client, chair, tactical):
    meeting = MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    meeting.attended.set(["kent"])
    client.force_login(chair)

    page = client.get(reverse("meetings:minutes", args=["nttcg-1"])).content.decode()
    pdf = client.get(reverse("meetings:minutes_pdf", args=["nttcg-1"]))
    approved = client.post(reverse("meetings:minutes_approve", args=["nttcg-1"]))
    again = client.post(reverse("meetings:minutes_approve", args=["nttcg-1"]))

    assert "Draft: not yet approved." in page
    assert "Kent Police" in page
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert approved.status_code == 302
    assert again.status_code == 409
    assert "were approved on" in again.content.decode()
    assert Meeting.objects.get().minutes_approved is not None


def test_a_change_after_approval_asks_for_a_reason_and_the_minutes_show_it(
    client, secretariat, tactical
):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    client.force_login(secretariat)
    client.post(reverse("meetings:minutes_approve", args=["nttcg-1"]))
    address = reverse("meetings:action_new", args=["nttcg-1"])
    answers = {"owner": "kent", "text": "Report.", "due": "2017-08-01"}

    form = client.get(address).content.decode()
    refused = client.post(address, answers)
    client.post(address, {**answers, "reason": "Missed from the draft."})

    assert 'name="reason"' in form
    assert refused.status_code == 400
    assert "say why its record is being changed" in refused.content.decode()
    minutes = client.get(reverse("meetings:minutes", args=["nttcg-1"])).content.decode()
    assert "Amended after approval" in minutes
    assert "Missed from the draft." in minutes
