"""GET /api/v1/threats and /api/v1/threats/{id}."""

from __future__ import annotations

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.testing.factories import ThreatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    drugs = ThreatFactory(
        id="drugs", name="Drugs supply", theme="commodity", keywords=["county lines"]
    )
    ThreatFactory(id="drugs-cl", name="County lines", kind="sub_threat", parent=drugs)
    ThreatFactory(id="fraud", name="Fraud", theme="prosperity")


@pytest.mark.parametrize("path", ["/api/v1/threats", "/api/v1/threats/drugs"])
def test_anonymous_callers_are_refused(client, catalogue, path):
    assert client.get(path).status_code == 401


def test_the_catalogue_is_paginated_and_each_threat_carries_its_own_fields(
    client, inspector, catalogue
):
    client.force_login(inspector)

    response = client.get("/api/v1/threats")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": "drugs-cl",
                "name": "County lines",
                "kind": "sub_threat",
                "parent": "drugs",
                "theme": "",
            },
            {
                "id": "drugs",
                "name": "Drugs supply",
                "kind": "threat",
                "parent": None,
                "theme": "commodity",
            },
            {
                "id": "fraud",
                "name": "Fraud",
                "kind": "threat",
                "parent": None,
                "theme": "prosperity",
            },
        ],
        "count": 3,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "sub_threat"}, ["drugs-cl"]),
        ({"theme": "prosperity"}, ["fraud"]),
        ({"kind": "vulnerability"}, []),
    ],
)
def test_the_catalogue_filters_by_kind_and_theme(client, analyst, catalogue, query, expected):
    client.force_login(analyst)

    response = client.get("/api/v1/threats", query)

    assert [item["id"] for item in response.json()["items"]] == expected


def test_an_unknown_theme_is_refused_naming_the_parameter(client, analyst, catalogue):
    client.force_login(analyst)

    response = client.get("/api/v1/threats", {"theme": "piracy"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "theme"]


def test_one_threat_carries_its_keywords_and_sub_threats(client, contributor, catalogue):
    _, raw = token_create(user=contributor, acting_user=contributor)

    response = client.get("/api/v1/threats/drugs", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert response.json() == {
        "id": "drugs",
        "name": "Drugs supply",
        "kind": "threat",
        "parent": None,
        "theme": "commodity",
        "keywords": ["county lines"],
        "sub_threats": ["drugs-cl"],
    }


def test_an_unknown_id_is_not_found(client, analyst, catalogue):
    client.force_login(analyst)

    response = client.get("/api/v1/threats/no-such-threat")

    assert response.status_code == 404
    assert response.json() == {"detail": "No threat has the id 'no-such-threat'."}


def test_a_page_too_far_to_count_to_is_refused_not_crashed_on(client, analyst):
    client.force_login(analyst)

    response = client.get("/api/v1/threats", {"page": 2**63})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]
