"""GET /api/v1/governance-groups, /api/v1/action-plans/{id} and
/api/v1/control-strategies/{id}."""

from __future__ import annotations

from datetime import date

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.testing.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    BodyFactory,
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    PlanActionFactory,
    ProgressReportFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/governance-groups",
    "/api/v1/action-plans/sap-msht",
    "/api/v1/control-strategies/cs-2017",
]


@pytest.fixture
def picture():
    nca = BodyFactory(id="nca", name="National Crime Agency")
    slavery = ThreatFactory(id="msht", name="Modern slavery and human trafficking")
    cyber = ThreatFactory(id="cyber-crime", name="Cyber crime")
    sgg = GovernanceGroupFactory(
        id="sgg-msht",
        name="Modern slavery governance group",
        kind="sgg",
        theme="vulnerability",
        chair=nca,
        formed=date(2015, 4, 1),
    )
    GovernanceGroupFactory(
        id="tg-fraud", name="Private sector fraud threat group", kind="", status="disbanded"
    )
    plan = ActionPlanFactory(id="sap-msht", group=sgg, approved=date(2017, 3, 1))
    plan.threats.set([slavery])
    PlanActionFactory(
        id="sap-msht.action-1",
        plan=plan,
        text="Take down websites advertising victims.",
        owner=nca,
        due=date(2017, 10, 18),
        status="done",
        strand="pursue",
    )
    PlanActionFactory(id="sap-msht.action-2", plan=plan, owner=nca, due=date(2018, 2, 28))
    ProgressReportFactory(
        id="sap-msht.report-1",
        plan=plan,
        date=date(2018, 1, 10),
        to_meeting=MeetingFactory(id="nttcg-2018-01-17", date=date(2018, 1, 17)),
        rating="amber",
        summary="Most actions are on track.",
    )
    ProgressReportFactory(id="sap-msht.report-0", plan=plan, date=date(2017, 10, 11))
    nsa = AssessmentFactory(id="nsa-2017")
    strategy = ControlStrategyFactory(
        id="cs-2017",
        based_on=nsa,
        status="approved",
        approved_by=MeetingFactory(id="nttcg-2017-05-17", date=date(2017, 5, 17)),
    )
    ControlStrategyEntryFactory(
        strategy=strategy,
        threat=cyber,
        level="priority",
        response_enforcement="Pursue the groups behind the most harmful attacks.",
    )
    ControlStrategyEntryFactory(strategy=strategy, threat=slavery, level="band_1")


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_callers_are_refused(client, picture, path):
    assert client.get(path).status_code == 401


@pytest.mark.parametrize("persona", ["contributor", "inspector", "outsider", "uncleared"])
@pytest.mark.parametrize("path", PATHS)
def test_any_signed_in_user_may_read_governance(client, request, picture, persona, path):
    _, token = token_create(user=request.getfixturevalue(persona), acting_user=None)

    assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_groups_are_paginated_by_name_each_with_its_own_fields(client, inspector, picture):
    client.force_login(inspector)

    response = client.get("/api/v1/governance-groups")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": "sgg-msht",
                "name": "Modern slavery governance group",
                "kind": "sgg",
                "theme": "vulnerability",
                "parent": None,
                "chair": "nca",
                "status": "active",
                "formed": "2015-04-01",
            },
            {
                "id": "tg-fraud",
                "name": "Private sector fraud threat group",
                "kind": None,
                "theme": None,
                "parent": None,
                "chair": None,
                "status": "disbanded",
                "formed": None,
            },
        ],
        "count": 2,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=vulnerability", ["sgg-msht"]),
        ("status=disbanded", ["tg-fraud"]),
        ("theme=prosperity&status=active", []),
    ],
)
def test_filters_narrow_the_groups(client, analyst, picture, query, expected):
    client.force_login(analyst)

    items = client.get(f"/api/v1/governance-groups?{query}").json()["items"]

    assert [group["id"] for group in items] == expected


def test_an_unknown_status_is_refused_naming_the_field(client, analyst, picture):
    client.force_login(analyst)

    response = client.get("/api/v1/governance-groups?status=dormant")

    assert response.status_code == 422
    assert "status" in str(response.json())


def test_an_action_plan_carries_its_actions_and_reports_newest_first(client, analyst, picture):
    client.force_login(analyst)

    response = client.get("/api/v1/action-plans/sap-msht")

    assert response.status_code == 200
    plan = response.json()
    assert plan["group"] == "sgg-msht"
    assert plan["approved"] == "2017-03-01"
    assert plan["threats"] == ["msht"]
    assert plan["actions"][0] == {
        "id": "sap-msht.action-1",
        "text": "Take down websites advertising victims.",
        "strand": "pursue",
        "owner": "nca",
        "due": "2017-10-18",
        "status": "done",
    }
    assert plan["actions"][1]["strand"] is None
    assert plan["actions"][1]["status"] == "open"
    assert [report["id"] for report in plan["reports"]] == [
        "sap-msht.report-1",
        "sap-msht.report-0",
    ]
    assert plan["reports"][0] == {
        "id": "sap-msht.report-1",
        "date": "2018-01-10",
        "to_meeting": "nttcg-2018-01-17",
        "rating": "amber",
        "summary": "Most actions are on track.",
    }
    assert plan["reports"][1]["to_meeting"] is None


def test_a_control_strategy_carries_its_entries_with_the_responses_expected(
    client, analyst, picture
):
    client.force_login(analyst)

    response = client.get("/api/v1/control-strategies/cs-2017")

    assert response.status_code == 200
    assert response.json() == {
        "id": "cs-2017",
        "based_on": "nsa-2017",
        "status": "approved",
        "approved_by": "nttcg-2017-05-17",
        "entries": [
            {
                "threat": "cyber-crime",
                "level": "priority",
                "response": {
                    "intelligence": "",
                    "prevention": "",
                    "enforcement": "Pursue the groups behind the most harmful attacks.",
                },
            },
            {
                "threat": "msht",
                "level": "band_1",
                "response": {"intelligence": "", "prevention": "", "enforcement": ""},
            },
        ],
    }


@pytest.mark.parametrize(
    ("path", "noun"),
    [
        ("/api/v1/action-plans/no-such-plan", "action plan"),
        ("/api/v1/control-strategies/no-such-strategy", "control strategy"),
    ],
)
def test_an_unknown_id_is_not_found(client, analyst, path, noun):
    client.force_login(analyst)

    response = client.get(path)

    assert response.status_code == 404
    assert response.json()["detail"].startswith(f"No {noun} has the id")
