"""GET /api/v1/meeting-series, /meeting-series/{id}, /meeting-series/{id}/meetings and
/meetings/{id}."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/meeting-series",
    "/api/v1/meeting-series/nstcg",
    "/api/v1/meeting-series/nstcg/meetings",
    "/api/v1/meetings/nstcg-2017-10-04",
]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_callers_are_refused(client, cycle, path):
    assert client.get(path).status_code == 401


@pytest.mark.parametrize("path", PATHS)
def test_any_signed_in_caller_may_read(client, outsider, cycle, path):
    client.force_login(outsider)

    assert client.get(path).status_code == 200


def test_the_series_list_is_paginated_and_filtered_by_kind(client, analyst, cycle):
    client.force_login(analyst)

    every = client.get("/api/v1/meeting-series").json()
    nsig = client.get("/api/v1/meeting-series", {"kind": "nsig"}).json()

    assert every["count"] == 2
    assert every["items"][1] == {
        "id": "nstcg",
        "name": "National strategic tasking and coordination group",
        "kind": "nstcg",
        "chair": "nca",
        "cadence": "six_monthly",
        "members_count": 3,
        "last_held": "2017-10-04",
    }
    assert [item["id"] for item in nsig["items"]] == ["nsig"]


def test_an_unknown_kind_is_refused_naming_the_field(client, analyst, cycle):
    client.force_login(analyst)

    response = client.get("/api/v1/meeting-series", {"kind": "weekly-chat"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


def test_a_series_carries_its_members_expected_members_and_precedence(client, analyst, cycle):
    client.force_login(analyst)

    nstcg = client.get("/api/v1/meeting-series/nstcg").json()
    nsig = client.get("/api/v1/meeting-series/nsig").json()

    assert nstcg["members"] == ["force-city-of-london", "force-kent", "nca"]
    assert nstcg["expected_members"] == ["british-transport-police", "force-city-of-london"]
    assert nstcg["precedes"] is None
    assert nstcg["preceded_by"] == ["nsig"]
    assert nsig["precedes"] == {"series": "nstcg", "window_days": 42, "min_lead_days": 7}


def test_a_series_meetings_come_latest_first_with_their_counts(client, analyst, cycle):
    client.force_login(analyst)

    meetings = client.get("/api/v1/meeting-series/nstcg/meetings").json()

    assert meetings["count"] == 2
    assert meetings["items"][1] == {
        "id": "nstcg-2017-10-04",
        "date": "2017-10-04",
        "status": "held",
        "attended_count": 2,
        "decisions_count": 2,
        "actions_count": 1,
    }


def test_a_meeting_carries_attendance_typed_decisions_and_actions(client, analyst, cycle):
    client.force_login(analyst)

    meeting = client.get("/api/v1/meetings/nstcg-2017-10-04").json()

    assert meeting["invited"] == ["force-city-of-london", "force-kent", "nca"]
    assert meeting["attended"] == ["force-kent", "nca"]
    assert meeting["did_not_attend"] == ["force-city-of-london"]
    kinds = {d["id"]: (d["kind"], d["kind_label"]) for d in meeting["decisions"]}
    assert kinds == {
        "nstcg-2017-10-04.decision-1": (
            "collection_priority",
            "Priority for intelligence collection only",
        ),
        "nstcg-2017-10-04.decision-2": (
            "adopt_priority_threats",
            "National priority threats adopted",
        ),
    }
    assert meeting["actions"] == [
        {
            "id": "nstcg-2017-10-04.action-1",
            "owner": "force-kent",
            "text": "Report on rail hubs.",
            "due": "2017-11-30",
            "status": "open",
            "completed": None,
        }
    ]


def test_nobody_is_absent_from_a_meeting_not_yet_held(client, analyst, cycle):
    client.force_login(analyst)

    meeting = client.get("/api/v1/meetings/nstcg-2018-03-21").json()

    assert meeting["status"] == "scheduled"
    assert meeting["did_not_attend"] == []


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/v1/meeting-series/nope", "No meeting series has the id 'nope'."),
        ("/api/v1/meeting-series/nope/meetings", "No meeting series has the id 'nope'."),
        ("/api/v1/meetings/nope", "No meeting has the id 'nope'."),
    ],
)
def test_an_unknown_series_or_meeting_is_not_found(client, analyst, path, detail):
    client.force_login(analyst)

    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": detail}
