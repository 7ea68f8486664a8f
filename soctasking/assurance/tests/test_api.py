from __future__ import annotations

from datetime import date

import pytest

from soctasking.accounts.tokens import token_create
from soctasking.testing.factories import OperationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    OperationFactory(id="op-17", name="Nightjar", opened=date(2017, 1, 5))
    ReferralFactory(id="ref-1", route="nttcg", submitted=date(2017, 6, 1))


@pytest.mark.parametrize(
    "persona", ["analyst", "contributor", "secretariat", "chair", "inspector", "uncleared"]
)
def test_any_signed_in_user_may_read_the_findings(client, request, persona, picture):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/api/v1/findings", {"as_of": "2017-06-30"})

    assert response.status_code == 200
    assert [(f["code"], f["subject"]["id"]) for f in response.json()] == [
        ("OPS001", "op-17"),
        ("OPS002", "op-17"),
        ("REF001", "ref-1"),
        ("REF002", "ref-1"),
    ]


def test_a_bearer_token_reads_the_findings(contributor, client, picture):
    _, raw = token_create(user=contributor, acting_user=contributor)

    response = client.get(
        "/api/v1/findings?as_of=2017-06-30&code=REF002", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )

    assert response.status_code == 200
    finding = response.json()[0]
    assert finding["subject"] == {"type": "referral", "id": "ref-1"}
    assert finding["severity"] == "low"
    assert finding["evidence"]["route"] == "nttcg"


@pytest.mark.parametrize("path", ["/api/v1/findings", "/api/v1/metrics", "/api/v1/checks"])
def test_anonymous_callers_are_refused(client, path):
    assert client.get(path).status_code == 401


def test_findings_filter_by_code_severity_and_subject(client, analyst, picture):
    client.force_login(analyst)

    def codes(**query):
        response = client.get("/api/v1/findings", {"as_of": "2017-06-30", **query})
        assert response.status_code == 200
        return [(f["code"], f["subject"]["id"]) for f in response.json()]

    assert codes(code=["OPS002", "REF001"]) == [("OPS002", "op-17"), ("REF001", "ref-1")]
    assert codes(severity="low") == [("REF002", "ref-1")]
    assert codes(subject_type="referral") == [("REF001", "ref-1"), ("REF002", "ref-1")]
    assert codes(subject_id="op-17") == [("OPS001", "op-17"), ("OPS002", "op-17")]


def test_a_bad_date_is_refused_naming_as_of(client, analyst):
    client.force_login(analyst)

    response = client.get("/api/v1/findings", {"as_of": "2017-13-01"})

    assert response.status_code == 422
    assert any("as_of" in error["loc"] for error in response.json()["detail"])


def test_an_unknown_code_is_refused_naming_code(client, analyst):
    client.force_login(analyst)

    response = client.get("/api/v1/findings", {"code": "XYZ001"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("code: unknown check code XYZ001")


def test_metrics_are_keyed_by_name(client, analyst, picture):
    client.force_login(analyst)

    response = client.get("/api/v1/metrics", {"as_of": "2017-06-30"})

    assert response.status_code == 200
    share = response.json()["priority_activity_share"]
    assert (share["as_of"], share["open_operations"], share["on_priority"]) == ("2017-06-30", 1, 0)
    assert share["monthly"][-1]["month"] == "2017-06"


def test_checks_lists_the_registry_with_thresholds_in_force(client, analyst, administrator):
    from soctasking.assurance.services import threshold_set

    threshold_set(code="REF001", parameter="urgent_days", value=3, acting_user=administrator)
    client.force_login(analyst)

    response = client.get("/api/v1/checks")

    assert response.status_code == 200
    checks = {c["code"]: c for c in response.json()}
    assert checks["REF001"]["thresholds"] == {"referral_days": 14, "urgent_days": 3}
    assert checks["REF001"]["default_thresholds"] == {"referral_days": 14, "urgent_days": 2}
    assert checks["OPS003"]["severity"] == "high"
    assert checks["OPS001"]["subject"] == "operation"
    assert checks["REF002"]["name"] == "referral-slow-route"


@pytest.mark.parametrize("path", ["/api/v1/findings", "/api/v1/metrics"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_a_date_at_the_end_of_the_calendar_is_refused_naming_as_of(client, analyst, path, as_of):
    # Counting back or on from it by months or years would leave the calendar.
    client.force_login(analyst)

    response = client.get(path, {"as_of": as_of})

    assert response.status_code == 422
    assert any("as_of" in error["loc"] for error in response.json()["detail"])
