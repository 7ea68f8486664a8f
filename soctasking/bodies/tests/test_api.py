"""GET /api/v1/bodies and /api/v1/bodies/{id}."""

from __future__ import annotations

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.testing.factories import BodyFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    nca = BodyFactory(
        id="nca",
        name="National Crime Agency",
        kind="national_agency",
        nation="uk",
        national_remit=True,
    )
    BodyFactory(id="nca-sfu", name="Serious Fraud Unit", kind="national_unit", parent=nca)
    kent = BodyFactory(
        id="force-kent",
        name="Kent Police",
        kind="police_force",
        nation="england",
        region="south-east",
    )
    for level in ["official", "official-sensitive", "secret"]:
        SubmissionFactory(id=f"kent-{level}", body=kent, received_by=nca, classification=level)


@pytest.mark.parametrize("path", ["/api/v1/bodies", "/api/v1/bodies/nca"])
def test_anonymous_callers_are_refused(client, bodies, path):
    assert client.get(path).status_code == 401


def test_the_list_is_paginated_and_each_body_carries_its_own_fields(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get("/api/v1/bodies")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert [item["id"] for item in body["items"]] == ["force-kent", "nac", "nca", "nca-sfu"]
    assert body["items"][3] == {
        "id": "nca-sfu",
        "name": "Serious Fraud Unit",
        "kind": "national_unit",
        "parent": "nca",
        "nation": "",
        "region": "",
        "national_remit": False,
    }


def test_the_list_pages_through_with_page_and_page_size(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get("/api/v1/bodies", {"page": 2, "page_size": 3})

    assert response.json() == {
        "items": [
            {
                "id": "nca-sfu",
                "name": "Serious Fraud Unit",
                "kind": "national_unit",
                "parent": "nca",
                "nation": "",
                "region": "",
                "national_remit": False,
            }
        ],
        "count": 4,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "police_force"}, ["force-kent"]),
        ({"nation": "uk"}, ["nca"]),
        ({"kind": "national_unit", "nation": "uk"}, []),
    ],
)
def test_the_list_filters_by_kind_and_nation(client, analyst, bodies, query, expected):
    client.force_login(analyst)

    response = client.get("/api/v1/bodies", query)

    assert [item["id"] for item in response.json()["items"]] == expected


def test_an_unknown_kind_is_refused_naming_the_parameter(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get("/api/v1/bodies", {"kind": "pirates"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "kind"]


def test_one_body_carries_its_units_and_the_submissions_the_caller_may_see(client, analyst, bodies):
    client.force_login(analyst)

    nca = client.get("/api/v1/bodies/nca").json()
    kent = client.get("/api/v1/bodies/force-kent").json()

    assert nca == {
        "id": "nca",
        "name": "National Crime Agency",
        "kind": "national_agency",
        "parent": None,
        "nation": "uk",
        "region": "",
        "national_remit": True,
        "units": ["nca-sfu"],
        "submissions": [],
    }
    assert kent["submissions"] == [{"kind": "tactical_assessment", "count": 3}]


@pytest.mark.parametrize(("persona", "count"), [("uncleared", 1), ("contributor", 2)])
def test_submissions_above_the_callers_clearance_are_not_counted(
    client, request, bodies, persona, count
):
    client.force_login(request.getfixturevalue(persona))

    kent = client.get("/api/v1/bodies/force-kent").json()

    assert kent["submissions"] == [{"kind": "tactical_assessment", "count": count}]


def test_a_bearer_token_counts_as_its_user(client, contributor, bodies):
    _, raw = token_create(user=contributor, acting_user=contributor)

    response = client.get("/api/v1/bodies/force-kent", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert response.json()["submissions"] == [{"kind": "tactical_assessment", "count": 2}]


def test_an_unknown_id_is_not_found(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get("/api/v1/bodies/no-such-body")

    assert response.status_code == 404
    assert response.json() == {"detail": "No body has the id 'no-such-body'."}


def test_a_page_too_far_to_count_to_is_refused_not_crashed_on(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get("/api/v1/bodies", {"page": 2**63})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]
