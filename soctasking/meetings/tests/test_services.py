"""A meeting's life through its services: scheduled, held, recorded, cancelled, approved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from soctasking.audit.models import AuditEvent
from soctasking.meetings.models import (
    Action,
    Decision,
    Meeting,
    MeetingStatus,
    RecordAmendment,
)
from soctasking.meetings.selectors import meetings_left_without_input
from soctasking.meetings.services import (
    action_allocate,
    decision_record,
    meeting_cancel,
    meeting_record_attendance,
    meeting_schedule,
    minutes_approve,
)
from soctasking.testing.factories import (
    BodyFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tactical(db: None):
    """An NTIG that must sit 1 to 14 days before each NTTCG, both begun in 2017."""
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg", began=date(2017, 1, 1))
    ntig = MeetingSeriesFactory(
        id="ntig",
        name="NTIG",
        kind="ntig",
        began=date(2017, 1, 1),
        precedes=nttcg,
        precedes_window_days=14,
        precedes_min_lead_days=1,
    )
    return ntig, nttcg


def messages(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(error.value.message_dict[field])


def test_the_secretariat_schedules_a_meeting_named_by_its_series_and_date(secretariat, tactical):
    meeting = meeting_schedule(acting_user=secretariat, series_id="ntig", date=date(2017, 7, 5))

    assert meeting.pk == "ntig-2017-07-05"
    assert meeting.status == MeetingStatus.SCHEDULED
    event = AuditEvent.objects.get(action="schedule", record_type="meeting")
    assert event.record_id == meeting.pk
    assert event.actor == secretariat


def test_a_meeting_dated_before_its_series_began_is_refused_and_nothing_stored(
    secretariat, tactical
):
    with pytest.raises(ValidationError) as error:
        meeting_schedule(acting_user=secretariat, series_id="ntig", date=date(2016, 12, 31))

    assert "before its series began" in messages(error, "date")
    assert not Meeting.objects.exists()


def test_a_meeting_of_an_unknown_series_or_a_second_on_the_same_day_is_refused(
    secretariat, tactical
):
    meeting_schedule(acting_user=secretariat, series_id="ntig", date=date(2017, 7, 5))

    with pytest.raises(ValidationError) as unknown:
        meeting_schedule(acting_user=secretariat, series_id="nope", date=date(2017, 7, 5))
    with pytest.raises(ValidationError) as twice:
        meeting_schedule(acting_user=secretariat, series_id="ntig", date=date(2017, 7, 5))

    assert "No meeting series has the id 'nope'" in messages(unknown, "series")
    assert "already has a meeting" in messages(twice, "date")
    assert Meeting.objects.count() == 1


def test_only_the_secretariat_and_administrators_schedule(analyst, chair, tactical):
    for user in (analyst, chair):
        with pytest.raises(PermissionDenied):
            meeting_schedule(acting_user=user, series_id="ntig", date=date(2017, 7, 5))
    assert not Meeting.objects.exists()


def test_recording_attendance_and_apologies_marks_the_meeting_held(secretariat, tactical):
    kent, essex = BodyFactory(id="kent"), BodyFactory(id="essex")
    MeetingFactory(id="ntig-1", series=tactical[0], date=date(2017, 7, 5), status="scheduled")

    meeting = meeting_record_attendance(
        acting_user=secretariat, meeting_id="ntig-1", attended=["kent"], apologies=["essex"]
    )

    assert meeting.status == MeetingStatus.HELD
    assert [body.pk for body in meeting.attended.all()] == [kent.pk]
    assert [body.pk for body in meeting.apologies.all()] == [essex.pk]
    assert AuditEvent.objects.filter(action="record_attendance", record_id="ntig-1").exists()


def test_attendance_by_a_body_that_does_not_exist_is_refused_and_nothing_stored(
    secretariat, tactical
):
    BodyFactory(id="kent")
    MeetingFactory(id="ntig-1", series=tactical[0], date=date(2017, 7, 5), status="scheduled")

    with pytest.raises(ValidationError) as error:
        meeting_record_attendance(
            acting_user=secretariat,
            meeting_id="ntig-1",
            attended=["kent", "atlantis"],
            apologies=[],
        )

    assert "No body has the id 'atlantis'" in messages(error, "attended")
    meeting = Meeting.objects.get(pk="ntig-1")
    assert meeting.status == MeetingStatus.SCHEDULED
    assert not meeting.attended.exists()


def test_a_body_cannot_both_attend_and_send_apologies(secretariat, tactical):
    BodyFactory(id="kent")
    MeetingFactory(id="ntig-1", series=tactical[0], date=date(2017, 7, 5), status="scheduled")

    with pytest.raises(ValidationError) as error:
        meeting_record_attendance(
            acting_user=secretariat, meeting_id="ntig-1", attended=["kent"], apologies=["kent"]
        )

    assert "not both" in messages(error, "apologies")


def test_attendance_is_not_recorded_before_the_meeting_sits(secretariat, tactical):
    later = timezone.localdate() + timedelta(days=3)
    MeetingFactory(id="ntig-later", series=tactical[0], date=later, status="scheduled")

    with pytest.raises(ValidationError) as error:
        meeting_record_attendance(
            acting_user=secretariat, meeting_id="ntig-later", attended=[], apologies=[]
        )

    assert "on or after then" in messages(error, "meeting")


def test_a_decision_of_an_unknown_kind_is_refused_and_nothing_stored(secretariat, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))

    with pytest.raises(ValidationError) as error:
        decision_record(
            acting_user=secretariat, meeting_id="nttcg-1", kind="priority", text="Firearms."
        )

    assert "'priority' is not a kind of decision" in messages(error, "kind")
    assert "collection_priority" in messages(error, "kind")
    assert not Decision.objects.exists()


def test_a_collection_priority_is_recorded_with_its_threats_and_audited(secretariat, tactical):
    ThreatFactory(id="county-lines")
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))

    decision = decision_record(
        acting_user=secretariat,
        meeting_id="nttcg-1",
        kind="collection_priority",
        text="County lines is a priority for intelligence collection.",
        threats=["county-lines"],
    )

    assert decision.pk == "nttcg-1.decision-1"
    assert decision.get_kind_display() == "Priority for intelligence collection only"
    assert [t.pk for t in decision.threats.all()] == ["county-lines"]
    assert AuditEvent.objects.filter(action="record", record_id=decision.pk).exists()


def test_a_decision_needs_a_held_meeting_and_known_threats(secretariat, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19), status="scheduled")

    with pytest.raises(ValidationError) as error:
        decision_record(
            acting_user=secretariat,
            meeting_id="nttcg-1",
            kind="other",
            text="",
            threats=["ghosts"],
        )

    assert "Record its attendance first" in messages(error, "meeting")
    assert "No threat has the id 'ghosts'" in messages(error, "threats")
    assert "Say what the meeting decided" in messages(error, "text")


def test_an_action_is_allocated_to_a_body_with_a_due_date(secretariat, tactical):
    BodyFactory(id="kent")
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))

    action = action_allocate(
        acting_user=secretariat,
        meeting_id="nttcg-1",
        owner="kent",
        text="Map the county lines into Kent.",
        due=date(2017, 7, 19),
    )

    assert action.pk == "nttcg-1.action-1"
    assert (action.owner_id, action.due, action.status) == ("kent", date(2017, 7, 19), "open")
    assert AuditEvent.objects.filter(action="allocate", record_id=action.pk).exists()


def test_an_action_due_before_the_meeting_or_for_no_such_body_is_refused(secretariat, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))

    with pytest.raises(ValidationError) as error:
        action_allocate(
            acting_user=secretariat,
            meeting_id="nttcg-1",
            owner="atlantis",
            text="Report.",
            due=date(2017, 7, 18),
        )

    assert "No body has the id 'atlantis'" in messages(error, "owner")
    assert "18 July 2017 is before it" in messages(error, "due")
    assert not Action.objects.exists()


def test_cancelling_needs_a_reason_and_warns_of_the_meeting_left_without_input(
    secretariat, tactical
):
    ntig, nttcg = tactical
    MeetingFactory(id="ntig-1", series=ntig, date=date(2017, 7, 5), status="scheduled")
    MeetingFactory(id="nttcg-1", series=nttcg, date=date(2017, 7, 19), status="scheduled")
    MeetingFactory(id="nttcg-2", series=nttcg, date=date(2017, 8, 30), status="scheduled")

    with pytest.raises(ValidationError) as error:
        meeting_cancel(acting_user=secretariat, meeting_id="ntig-1", reason="  ")
    cancelled = meeting_cancel(
        acting_user=secretariat, meeting_id="ntig-1", reason="The chair is unavailable."
    )

    assert "Say why" in messages(error, "reason")
    assert [m.pk for m in cancelled.left_without_input] == ["nttcg-1"]
    meeting = Meeting.objects.get(pk="ntig-1")
    assert meeting.status == "cancelled"
    assert meeting.cancellation_reason == "The chair is unavailable."
    event = AuditEvent.objects.get(action="cancel", record_id="ntig-1")
    assert event.detail["left_without_input"] == ["nttcg-1"]


def test_another_sitting_in_the_window_keeps_the_following_meeting_informed(tactical):
    ntig, nttcg = tactical
    MeetingFactory(id="ntig-1", series=ntig, date=date(2017, 7, 5), status="scheduled")
    MeetingFactory(id="ntig-2", series=ntig, date=date(2017, 7, 12), status="scheduled")
    MeetingFactory(id="nttcg-1", series=nttcg, date=date(2017, 7, 19), status="scheduled")

    assert meetings_left_without_input(meeting=Meeting.objects.get(pk="ntig-1")) == []


def test_a_meeting_that_precedes_no_series_leaves_nothing_without_input(tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19), status="scheduled")

    assert meetings_left_without_input(meeting=Meeting.objects.get(pk="nttcg-1")) == []


def test_only_a_scheduled_meeting_can_be_cancelled(secretariat, tactical):
    MeetingFactory(id="ntig-1", series=tactical[0], date=date(2017, 7, 5))

    with pytest.raises(ValidationError) as error:
        meeting_cancel(acting_user=secretariat, meeting_id="ntig-1", reason="Too late.")

    assert "this one is held" in messages(error, "meeting")


def test_after_the_minutes_are_approved_a_change_needs_a_reason_and_is_kept(
    secretariat, chair, tactical
):
    BodyFactory(id="kent")
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    minutes_approve(acting_user=chair, meeting_id="nttcg-1")

    with pytest.raises(ValidationError) as error:
        action_allocate(
            acting_user=secretariat,
            meeting_id="nttcg-1",
            owner="kent",
            text="Report.",
            due=date(2017, 8, 1),
        )
    action = action_allocate(
        acting_user=secretariat,
        meeting_id="nttcg-1",
        owner="kent",
        text="Report.",
        due=date(2017, 8, 1),
        reason="Left out of the draft by mistake.",
    )

    assert "say why its record is being changed" in messages(error, "reason")
    amendment = RecordAmendment.objects.get()
    assert (amendment.what, amendment.reason, amendment.by) == (
        f"action {action.pk}",
        "Left out of the draft by mistake.",
        secretariat,
    )
    event = AuditEvent.objects.get(action="allocate", record_id=action.pk)
    assert event.detail["reason"] == "Left out of the draft by mistake."


def test_minutes_are_approved_once_and_only_for_a_held_meeting(chair, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))
    MeetingFactory(id="nttcg-2", series=tactical[1], date=date(2017, 8, 19), status="scheduled")

    meeting = minutes_approve(acting_user=chair, meeting_id="nttcg-1")
    with pytest.raises(ValidationError) as again:
        minutes_approve(acting_user=chair, meeting_id="nttcg-1")
    with pytest.raises(ValidationError) as not_held:
        minutes_approve(acting_user=chair, meeting_id="nttcg-2")

    assert meeting.minutes_approved is not None
    assert meeting.minutes_approved_by == chair
    assert "were approved on" in messages(again, "meeting")
    assert "was held" in messages(not_held, "meeting")
    assert AuditEvent.objects.filter(action="approve_minutes").count() == 1
