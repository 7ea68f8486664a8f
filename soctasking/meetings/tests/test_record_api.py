"""The secretariat's API writes of a meeting's record, and GET /meetings/{id}/agenda."""

from __future__ import annotations

from datetime import date

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.meetings.models import Action, Decision, Meeting
from soctasking.testing.factories import BodyFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tactical(db: None):
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg", began=date(2017, 1, 1))
    ntig = MeetingSeriesFactory(
        id="ntig",
        name="NTIG",
        kind="ntig",
        precedes=nttcg,
        precedes_window_days=14,
        precedes_min_lead_days=1,
    )
    BodyFactory(id="kent", name="Kent Police")
    return ntig, nttcg


def bearer(user, *scopes: str) -> dict[str, str]:
    _, raw = token_create(user=user, acting_user=None, scopes=list(scopes))
    return {"Authorization": f"Bearer {raw}"}


def post(client, user, path: str, body: object, *scopes: str):
    return client.post(
        path,
        body,
        content_type="application/json",
        headers=bearer(user, *(scopes or ("meetings",))),
    )


def test_the_secretariat_schedules_a_meeting_through_the_api(client, secretariat, tactical):
    answer = post(
        client, secretariat, "/api/v1/meeting-series/nttcg/meetings", {"date": "2017-07-19"}
    )

    assert answer.status_code == 201
    assert answer.json()["id"] == "nttcg-2017-07-19"
    assert answer.json()["status"] == "scheduled"


def test_a_meeting_before_its_series_began_is_422_naming_the_date(client, secretariat, tactical):
    answer = post(
        client, secretariat, "/api/v1/meeting-series/nttcg/meetings", {"date": "2016-07-19"}
    )

    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == "date"
    assert "before its series began" in error["message"]
    assert not Meeting.objects.exists()


def test_a_body_that_is_not_json_or_of_the_wrong_shape_is_422(client, secretariat, tactical):
    wrong = post(client, secretariat, "/api/v1/meeting-series/nttcg/meetings", {"day": "x"})

    fields = {error["field"] for error in wrong.json()["errors"]}
    assert wrong.status_code == 422
    assert {"date", "day"} <= fields


def test_an_unknown_series_or_meeting_is_404(client, secretariat, tactical):
    assert post(client, secretariat, "/api/v1/meeting-series/nope/meetings", {}).status_code == 404
    assert post(client, secretariat, "/api/v1/meetings/nope/actions", {}).status_code == 404


def test_writing_needs_the_meetings_scope_and_the_secretariat_s_role(
    client, secretariat, analyst, tactical
):
    no_scope = post(
        client, secretariat, "/api/v1/meeting-series/nttcg/meetings", {"date": "2017-07-19"}, "read"
    )
    wrong_role = post(
        client, analyst, "/api/v1/meeting-series/nttcg/meetings", {"date": "2017-07-19"}
    )

    assert no_scope.status_code == 403
    assert "lacks the scope 'meetings'" in no_scope.json()["detail"]
    assert wrong_role.status_code == 403
    assert not Meeting.objects.exists()


def test_attendance_decisions_and_actions_are_recorded_and_refused_by_field(
    client, secretariat, tactical
):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19), status="scheduled")
    base = "/api/v1/meetings/nttcg-1"

    attendance = post(client, secretariat, f"{base}/attendance", {"attended": ["kent", "atlantis"]})
    held = post(client, secretariat, f"{base}/attendance", {"attended": ["kent"]})
    unknown_kind = post(client, secretariat, f"{base}/decisions", {"kind": "priority", "text": "x"})
    decision = post(
        client,
        secretariat,
        f"{base}/decisions",
        {"kind": "collection_priority", "text": "Collect."},
    )
    early = post(
        client,
        secretariat,
        f"{base}/actions",
        {"owner": "kent", "text": "Go.", "due": "2017-07-18"},
    )
    action = post(
        client,
        secretariat,
        f"{base}/actions",
        {"owner": "kent", "text": "Go.", "due": "2017-08-01"},
    )

    assert attendance.status_code == 422
    assert attendance.json()["errors"][0]["field"] == "attended"
    assert held.status_code == 200
    assert held.json()["status"] == "held"
    assert held.json()["attended"] == ["kent"]
    assert unknown_kind.status_code == 422
    assert unknown_kind.json()["errors"][0]["field"] == "kind"
    assert decision.status_code == 201
    assert decision.json()["kind_label"] == "Priority for intelligence collection only"
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "due"
    assert action.status_code == 201
    assert Decision.objects.count() == 1
    assert Action.objects.count() == 1


def test_cancelling_through_the_api_names_the_meetings_left_without_input(
    client, secretariat, tactical
):
    ntig, nttcg = tactical
    MeetingFactory(id="ntig-1", series=ntig, date=date(2017, 7, 12), status="scheduled")
    MeetingFactory(id="nttcg-1", series=nttcg, date=date(2017, 7, 19), status="scheduled")

    answer = post(client, secretariat, "/api/v1/meetings/ntig-1/cancellation", {"reason": "Ill."})

    assert answer.status_code == 200
    assert answer.json()["left_without_input"] == ["nttcg-1"]
    assert answer.json()["meeting"]["cancellation_reason"] == "Ill."


def test_a_chair_approves_the_minutes_once(client, chair, tactical):
    MeetingFactory(id="nttcg-1", series=tactical[1], date=date(2017, 7, 19))

    first = post(client, chair, "/api/v1/meetings/nttcg-1/minutes/approval", {})
    again = post(client, chair, "/api/v1/meetings/nttcg-1/minutes/approval", {})

    assert first.status_code == 200
    assert first.json()["minutes_approved"] is not None
    assert again.status_code == 422


def test_the_agenda_names_the_preceding_group_s_decisions(client, contributor, tactical):
    ntig, nttcg = tactical
    MeetingFactory(id="ntig-1", series=ntig, date=date(2017, 7, 12))
    MeetingFactory(id="nttcg-1", series=nttcg, date=date(2017, 7, 19), status="scheduled")
    client.force_login(contributor)

    answer = client.get("/api/v1/meetings/nttcg-1/agenda")

    assert answer.status_code == 200
    assert answer.json()["preceding"] == [
        {"series": "ntig", "meeting": "ntig-1", "in_window": True, "decisions": []}
    ]
    assert client.get("/api/v1/meetings/nope/agenda").status_code == 404
