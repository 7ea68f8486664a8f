"""The control strategy API: versions, generating a draft, changing its entries with a reason,
findings, history, approval by a held NTTCG meeting, new versions and the comparison."""

from __future__ import annotations

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.governance.models import ControlStrategy, ControlStrategyEntryChange
from soctasking.governance.tests.strategy_picture import COMPLETE, strategy_picture

pytestmark = pytest.mark.django_db

BASE = "/api/v1/control-strategies"


@pytest.fixture
def picture():
    return strategy_picture()


def post(client, path, body, method="post"):
    return getattr(client, method)(path, body, content_type="application/json")


def generated(client) -> str:
    response = post(client, BASE, {})
    assert response.status_code == 201
    return response.json()["id"]


def complete_drugs(client, strategy_id: str):
    response = post(
        client,
        f"{BASE}/{strategy_id}/entries/drugs",
        {
            "response": {
                "intelligence": COMPLETE["response_intelligence"],
                "prevention": COMPLETE["response_prevention"],
                "enforcement": COMPLETE["response_enforcement"],
            },
            "reason": "The expected response",
        },
        method="patch",
    )
    assert response.status_code == 200
    return response


def test_an_analyst_generates_a_draft(client, analyst, picture):
    client.force_login(analyst)

    response = post(client, BASE, {})

    assert response.status_code == 201
    assert response.json() == {
        "id": "cs-nsa-2017",
        "version": 1,
        "status": "draft",
        "based_on": "nsa-2017",
        "derived_from": None,
        "approved_by": None,
        "approval_override": "",
        "approval_findings": [],
        "entries": 4,
    }
    listed = client.get(BASE).json()
    assert listed["count"] == 1
    assert listed["items"][0]["entries"] == 4


def test_generating_with_no_approved_assessment_is_refused_naming_the_field(client, analyst):
    client.force_login(analyst)

    response = post(client, BASE, {"as_of": "2016-01-01"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "as_of"


def test_an_inspector_is_refused_the_writes(client, inspector, picture):
    client.force_login(inspector)

    assert post(client, BASE, {}).status_code == 403
    assert not ControlStrategy.objects.exists()


def test_a_token_without_the_governance_scope_is_refused(client, analyst, picture):
    _, raw = token_create(user=analyst, acting_user=None, scopes=["read"])

    response = client.post(
        BASE, "{}", content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )

    assert response.status_code == 403
    assert "lacks the scope 'governance'" in response.json()["detail"]


def test_an_edit_changes_the_entry_and_clears_the_finding(client, analyst, picture):
    client.force_login(analyst)
    strategy_id = generated(client)
    assert [f["code"] for f in client.get(f"{BASE}/{strategy_id}/findings").json()] == ["CST004"]

    response = complete_drugs(client, strategy_id)

    assert response.json()["level"] == "priority"
    assert response.json()["response"]["enforcement"] == COMPLETE["response_enforcement"]
    assert client.get(f"{BASE}/{strategy_id}/findings").json() == []
    changes = client.get(f"{BASE}/{strategy_id}/changes").json()["items"]
    assert changes[0]["kind"] == "edited"
    assert changes[0]["reason"] == "The expected response"
    assert changes[0]["changed_by"] == analyst.username


def test_an_entry_for_a_threat_that_does_not_exist_is_refused_and_stores_nothing(
    client, analyst, picture
):
    client.force_login(analyst)
    strategy_id = generated(client)

    response = post(
        client,
        f"{BASE}/{strategy_id}/entries",
        {"threat": "county-lines", "level": "band_1", "reason": "The regions made it one"},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "threat",
            "message": "No threat 'county-lines' in the catalogue; choose a catalogued one.",
        }
    ]
    assert ControlStrategy.objects.get().entries.count() == 4
    assert not ControlStrategyEntryChange.objects.exists()


def test_an_entry_is_added_and_removed(client, analyst, picture):
    client.force_login(analyst)
    strategy_id = generated(client)

    added = post(
        client,
        f"{BASE}/{strategy_id}/entries",
        {"threat": "cyber-crime", "level": "band_2", "reason": "In the requirement"},
    )
    removed = post(
        client, f"{BASE}/{strategy_id}/entries/technology/removal", {"reason": "Folded in"}
    )

    assert added.status_code == 201
    assert added.json()["threat"] == "cyber-crime"
    assert removed.status_code == 204
    assert [c["kind"] for c in client.get(f"{BASE}/{strategy_id}/changes").json()["items"]] == [
        "removed",
        "added",
    ]


def test_approval_by_a_meeting_that_did_not_sit_is_refused(client, analyst, chair, picture):
    client.force_login(analyst)
    strategy_id = generated(client)
    complete_drugs(client, strategy_id)
    client.force_login(chair)

    response = post(client, f"{BASE}/{strategy_id}/approval", {"meeting": "nttcg-2017-09-13"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "meeting"
    assert ControlStrategy.objects.get().status == "draft"


def test_approval_is_blocked_while_a_check_holds_unless_overridden(client, analyst, chair, picture):
    client.force_login(analyst)
    strategy_id = generated(client)
    client.force_login(chair)

    blocked = post(client, f"{BASE}/{strategy_id}/approval", {"meeting": "nttcg-2017-06-14"})
    approved = post(
        client,
        f"{BASE}/{strategy_id}/approval",
        {"meeting": "nttcg-2017-06-14", "override_reason": "Responses agreed next quarter"},
    )

    assert blocked.status_code == 422
    assert blocked.json()["errors"][0]["field"] == "override_reason"
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["approval_findings"] == ["CST004"]


def test_an_approved_strategy_answers_409_to_a_change(client, analyst, chair, picture):
    client.force_login(analyst)
    strategy_id = generated(client)
    complete_drugs(client, strategy_id)
    client.force_login(chair)
    post(client, f"{BASE}/{strategy_id}/approval", {"meeting": "nttcg-2017-06-14"})
    client.force_login(analyst)

    response = post(
        client,
        f"{BASE}/{strategy_id}/entries/firearms",
        {"level": "band_1", "reason": "Rising"},
        method="patch",
    )

    assert response.status_code == 409


def test_a_new_version_and_its_comparison_with_the_approved_one(client, analyst, chair, picture):
    client.force_login(analyst)
    strategy_id = generated(client)
    complete_drugs(client, strategy_id)
    client.force_login(chair)
    post(client, f"{BASE}/{strategy_id}/approval", {"meeting": "nttcg-2017-06-14"})
    client.force_login(analyst)

    revision = post(client, f"{BASE}/{strategy_id}/versions", {})
    revision_id = revision.json()["id"]
    post(
        client,
        f"{BASE}/{revision_id}/entries/firearms",
        {"level": "band_1", "response": {"prevention": "Close the routes."}, "reason": "Rising"},
        method="patch",
    )
    comparison = client.get(f"{BASE}/{revision_id}/comparison?earlier={strategy_id}")

    assert revision.status_code == 201
    assert revision.json()["derived_from"] == strategy_id
    assert comparison.status_code == 200
    assert comparison.json() == {
        "earlier": strategy_id,
        "later": revision_id,
        "added": [],
        "removed": [],
        "changed": [
            {
                "threat": "firearms",
                "level": {"before": "listed", "after": "band_1"},
                "responses": [
                    {"response": "prevention", "before": "", "after": "Close the routes."}
                ],
            }
        ],
        "unchanged": 3,
    }


def test_an_unknown_strategy_is_not_found(client, analyst):
    client.force_login(analyst)

    assert client.get(f"{BASE}/no-such/findings").status_code == 404
    assert post(client, f"{BASE}/no-such/versions", {}).status_code == 404
