"""Creating and changing a meeting series: the services and the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.meetings.models import MeetingSeries
from soctasking.meetings.services import SeriesIn, series_create, series_update
from soctasking.testing.factories import BodyFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(db: None):
    BodyFactory(id="nca", name="National Crime Agency", national_remit=True)
    BodyFactory(id="btp", name="British Transport Police", national_remit=True)
    BodyFactory(id="kent", name="Kent Police")
    return MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg")


def ids(related) -> list[str]:
    return sorted(related.values_list("pk", flat=True))


def test_a_series_expecting_every_body_with_a_national_remit_lists_them(secretariat, bodies):
    made = series_create(
        acting_user=secretariat,
        id="ntig",
        series=SeriesIn(
            name="NTIG",
            kind="ntig",
            cadence="weekly",
            chair="nca",
            began=date(2017, 1, 1),
            members=["nca", "kent"],
            expected_members_rule="national_remit",
            precedes="nttcg",
            window_days=14,
            min_lead_days=1,
        ),
    )

    assert ids(made.members) == ["kent", "nca"]
    assert ids(made.expected_members) == ["btp", "nca"]
    assert (made.precedes_id, made.precedes_window_days, made.precedes_min_lead_days) == (
        "nttcg",
        14,
        1,
    )
    assert AuditEvent.objects.filter(action="create", record_type="meeting_series").exists()


def test_bad_series_input_is_refused_by_field_and_nothing_stored(secretariat, bodies):
    with pytest.raises(ValidationError) as error:
        series_create(
            acting_user=secretariat,
            id="Bad Id",
            series=SeriesIn(
                name="",
                kind="weekly-chat",
                chair="atlantis",
                members=["ghost"],
                precedes="nttcg",
                window_days=1,
                min_lead_days=7,
            ),
        )

    assert set(error.value.message_dict) == {
        "id",
        "name",
        "kind",
        "chair",
        "members",
        "min_lead_days",
    }
    assert MeetingSeries.objects.count() == 1


def test_a_precedence_loop_is_refused(secretariat, bodies):
    MeetingSeriesFactory(
        id="ntig", kind="ntig", precedes=bodies, precedes_window_days=14, precedes_min_lead_days=1
    )

    with pytest.raises(ValidationError) as error:
        series_update(
            acting_user=secretariat,
            series_id="nttcg",
            series=SeriesIn(
                name="NTTCG", kind="nttcg", precedes="ntig", window_days=5, min_lead_days=1
            ),
        )

    assert "would loop: nttcg before ntig before nttcg" in error.value.message_dict["precedes"][0]


def test_changing_a_series_records_before_and_after(secretariat, bodies):
    series_update(
        acting_user=secretariat,
        series_id="nttcg",
        series=SeriesIn(name="Tasking group", kind="nttcg", expected_members=["kent"]),
    )

    event = AuditEvent.objects.get(action="update", record_id="nttcg")
    assert event.detail["before"]["name"] == "NTTCG"
    assert event.detail["after"]["expected_members"] == ["kent"]


def test_the_secretariat_creates_and_changes_a_series_on_its_pages(client, secretariat, bodies):
    client.force_login(secretariat)
    answers = {
        "id": "ntig",
        "name": "NTIG",
        "kind": "ntig",
        "cadence": "weekly",
        "members": ["kent"],
        "expected_members_rule": "explicit",
        "expected_members": ["btp"],
        "precedes": "nttcg",
        "window_days": "14",
        "min_lead_days": "1",
    }

    created = client.post(reverse("meetings:series_new"), answers)
    form = client.get(reverse("meetings:series_edit", args=["ntig"])).content.decode()
    changed = client.post(
        reverse("meetings:series_edit", args=["ntig"]), {**answers, "name": "Tactical group"}
    )

    assert created.status_code == 302
    assert 'value="NTIG"' in form
    assert changed.status_code == 302
    series = MeetingSeries.objects.get(pk="ntig")
    assert series.name == "Tactical group"
    assert ids(series.expected_members) == ["btp"]


def test_a_refused_series_shows_each_error_against_its_field(client, secretariat, bodies):
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:series_new"),
        {"id": "nttcg", "name": "Again", "kind": "nttcg", "expected_members_rule": "explicit"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_id"' in page
    assert "already exists" in page


def test_other_roles_cannot_create_or_change_a_series(client, chair, bodies):
    client.force_login(chair)

    assert client.get(reverse("meetings:series_new")).status_code == 404
    assert client.get(reverse("meetings:series_edit", args=["nttcg"])).status_code == 404
