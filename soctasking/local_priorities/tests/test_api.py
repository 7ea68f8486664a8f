"""The local priorities API: reading, recording by JSON and CSV, and the adoption matrix."""

from __future__ import annotations

from datetime import date

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.local_priorities.models import LocalPriority
from soctasking.testing.factories import (
    BodyFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    ThreatFactory,
    national_priorities_adopted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent():
    ThreatFactory(id="drugs", name="Drugs")
    return BodyFactory(id="kent", name="Kent Police", kind="police_force")


def bearer(user, scopes):
    _, raw = token_create(user=user, acting_user=user, scopes=scopes)
    return {"Authorization": f"Bearer {raw}"}


BODY = {
    "body": "kent",
    "period_start": "2017-04-01",
    "period_end": "2018-03-31",
    "source": "control_strategy",
    "priorities": [{"threat": "drugs"}, {"theme": "Rural crime"}],
}


def test_recording_by_json_answers_201_with_the_record(client, analyst, kent):
    response = client.post(
        "/api/v1/local-priorities",
        BODY,
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert response.status_code == 201
    assert response.json() == {
        "id": "lp-kent-2017-04-01-2018-03-31",
        "body": "kent",
        "period_start": "2017-04-01",
        "period_end": "2018-03-31",
        "source": "control_strategy",
        "document": "",
        "priorities": [{"threat": "drugs", "theme": ""}, {"threat": None, "theme": "Rural crime"}],
    }


def test_bad_json_answers_422_naming_the_priority_and_stores_nothing(client, analyst, kent):
    body = dict(BODY, priorities=[{"threat": "drugs"}, {"threat": "cocaine"}])

    response = client.post(
        "/api/v1/local-priorities",
        body,
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "priorities.1", "message": "No threat has the id 'cocaine'."}]
    }
    assert not LocalPriority.objects.exists()


def test_a_token_without_the_response_scope_is_refused(client, analyst, kent):
    response = client.post(
        "/api/v1/local-priorities",
        BODY,
        content_type="application/json",
        headers=bearer(analyst, ["read"]),
    )

    assert response.status_code == 403
    assert not LocalPriority.objects.exists()


def test_an_inspector_is_refused_403(client, inspector, kent):
    response = client.post(
        "/api/v1/local-priorities",
        BODY,
        content_type="application/json",
        headers=bearer(inspector, ["response"]),
    )

    assert response.status_code == 403


def test_a_csv_import_answers_201_or_422_by_line(client, analyst, kent):
    headers = bearer(analyst, ["response"])
    bad = "body,period_start,period_end,threat\nkent,2017-04-01,2017-01-01,drugs\n"

    refused = client.post(
        "/api/v1/local-priorities/import", bad, content_type="text/csv", headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "line 2, period_end",
            "message": "The period must end on or after the day it starts.",
        }
    ]

    good = "body,period_start,period_end,threat\nkent,2017-04-01,2018-03-31,drugs\n"
    saved = client.post(
        "/api/v1/local-priorities/import", good, content_type="text/csv", headers=headers
    )
    assert saved.status_code == 201
    assert [record["body"] for record in saved.json()] == ["kent"]


def test_a_csv_sent_as_json_answers_415(client, analyst):
    response = client.post(
        "/api/v1/local-priorities/import",
        {},
        content_type="application/json",
        headers=bearer(analyst, ["response"]),
    )

    assert response.status_code == 415


def test_the_register_and_one_record_read_back(client, analyst, kent):
    record = LocalPriorityFactory(body=kent)
    LocalPriorityEntryFactory(local_priority=record, threat_id="drugs")
    headers = bearer(analyst, ["read"])

    listed = client.get("/api/v1/local-priorities", {"body": "kent"}, headers=headers).json()
    one = client.get(f"/api/v1/local-priorities/{record.pk}", headers=headers)

    assert [item["id"] for item in listed["items"]] == [record.pk]
    assert one.json()["priorities"] == [{"threat": "drugs", "theme": ""}]
    assert client.get("/api/v1/local-priorities/nope", headers=headers).status_code == 404


def test_the_adoption_matrix_says_who_adopted_each_priority(client, analyst, kent):
    ThreatFactory(id="firearms")
    national_priorities_adopted(["firearms"], on=date(2017, 4, 1))
    record = LocalPriorityFactory(body=kent)
    LocalPriorityEntryFactory(local_priority=record, threat_id="firearms")

    answer = client.get(
        "/api/v1/adoption", {"as_of": "2017-06-30"}, headers=bearer(analyst, ["read"])
    ).json()

    assert answer["priority_threats"] == ["firearms"]
    [kent_row] = [row for row in answer["bodies"] if row["body"] == "kent"]
    assert kent_row["threats"] == [
        {"threat": "firearms", "adopted": True, "submissions": 0, "concern": False}
    ]
