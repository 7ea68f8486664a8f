"""GET /api/v1/search: the answer's shape, its refusals, what it never shows, and its audit."""

from __future__ import annotations

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import BodyFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def material():
    nca = BodyFactory(id="nca", name="National Crime Agency")
    SubmissionFactory(
        id="open",
        title="Harbour watch",
        body=nca,
        kind="intelligence_report",
        text="Cocaine <landed> at the harbour.",
    )
    SubmissionFactory(id="secret", body=nca, classification="secret", text="Harbour cocaine.")
    SubmissionFactory(
        id="chis", body=nca, classification="secret", compartments=["chis"], text="Harbour"
    )


def test_anonymous_callers_are_refused(client, material):
    assert client.get("/api/v1/search?q=harbour").status_code == 401


def test_a_bearer_token_is_accepted(client, analyst, material):
    _, raw = token_create(user=analyst, acting_user=analyst)

    response = client.get("/api/v1/search?q=harbour", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_the_answer_has_the_count_and_each_result_with_its_snippet(client, uncleared, material):
    client.force_login(uncleared)

    response = client.get("/api/v1/search", {"q": "cocaine"})

    assert response.status_code == 200
    answer = response.json()
    assert (answer["count"], answer["page"], answer["per_page"]) == (1, 1, 20)
    [result] = answer["results"]
    assert {
        k: result[k] for k in ("id", "title", "body", "body_name", "kind", "classification")
    } == {
        "id": "open",
        "title": "Harbour watch",
        "body": "nca",
        "body_name": "National Crime Agency",
        "kind": "intelligence_report",
        "classification": "official",
    }
    assert "<mark>Cocaine</mark>" in result["snippet"]
    assert "<landed>" not in result["snippet"]
    assert isinstance(result["rank"], float)
    assert "received" in result


def test_hidden_material_is_neither_listed_nor_counted(client, analyst, material):
    client.force_login(analyst)

    answer = client.get("/api/v1/search", {"q": "harbour"}).json()

    assert answer["count"] == 2
    assert sorted(r["id"] for r in answer["results"]) == ["open", "secret"]


def test_filters_and_pages_are_taken_from_the_query(client, analyst, material):
    client.force_login(analyst)

    answer = client.get(
        "/api/v1/search", {"q": "harbour", "body": "nca", "classification": "secret", "per_page": 1}
    ).json()

    assert (answer["count"], [r["id"] for r in answer["results"]]) == (1, ["secret"])


@pytest.mark.parametrize("query", ["", "?q=", "?q=%21%21%21", "?q=+++"])
def test_a_missing_or_empty_query_is_422_saying_what_to_enter(client, analyst, query):
    client.force_login(analyst)

    response = client.get(f"/api/v1/search{query}")

    assert response.status_code == 422
    assert response.json() == {"detail": "q: Enter a word to search for, using letters or numbers."}


@pytest.mark.parametrize(
    "parameter",
    ["kind=pirates", "classification=cosmic", "page=0", "per_page=101", "period_start=x"],
)
def test_a_bad_filter_is_422_naming_it(client, analyst, parameter):
    client.force_login(analyst)

    response = client.get(f"/api/v1/search?q=harbour&{parameter}")

    assert response.status_code == 422
    assert parameter.split("=")[0] in str(response.json())


def test_returning_sensitive_results_is_audited_naming_them(client, analyst, material):
    client.force_login(analyst)

    client.get("/api/v1/search", {"q": "harbour"})

    event = AuditEvent.objects.get(action="search")
    assert (event.actor, event.record_type, event.detail) == (
        analyst,
        "submission",
        {"ids": ["secret"]},
    )


def test_returning_only_official_results_is_not_audited(client, uncleared, material):
    client.force_login(uncleared)

    client.get("/api/v1/search", {"q": "harbour"})

    assert not AuditEvent.objects.filter(action="search").exists()
