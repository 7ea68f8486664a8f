"""The themes pages and API: ranked, with evidence, only from what the reader may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import BodyFactory, ThreatFactory
from soctasking.themes.models import DecisionKind, ThemeDecision
from soctasking.themes.tests.helpers import draft_assessment, named_submission
from soctasking.threats.models import Threat

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    """County lines named by three bodies across two threats; a SECRET report names it too,
    with a theme of its own no one else names."""
    draft_assessment(threats=["drugs"])
    for n, threat in enumerate(["drugs", "csea", "drugs"]):
        named_submission(
            body=BodyFactory(id=f"rocu-{n}", name=f"ROCU {n}"),
            threats=[threat],
            themes=["county lines"],
            title=f"Report {n}",
        )
    named_submission(
        body=BodyFactory(id="rocu-secret", name="Secret ROCU"),
        threats=["csea"],
        themes=["county lines", "nightjar ring"],
        classification="secret",
        title="Secret nightjar report",
    )


def test_the_ranking_shows_emerging_themes_with_counts_from_visible_submissions(
    client, analyst, contributor, picture
):
    client.force_login(analyst)
    page = client.get(reverse("themes:list")).content.decode()
    assert "county lines" in page
    assert "nightjar ring" in page

    client.force_login(contributor)
    page = client.get(reverse("themes:list")).content.decode()
    assert "county lines" in page
    assert "nightjar" not in page


def test_the_api_counts_only_what_the_caller_may_see(client, analyst, contributor, picture):
    client.force_login(analyst)
    seen = {t["key"]: t for t in client.get("/api/v1/themes").json()}
    assert seen["county line"]["bodies"] == 4
    assert seen["county line"]["covered_by"] is None
    assert "nightjar ring" in seen

    client.force_login(contributor)
    seen = {t["key"]: t for t in client.get("/api/v1/themes").json()}
    assert seen["county line"]["bodies"] == 3
    assert "nightjar ring" not in seen
    assert client.get("/api/v1/themes/nightjar-ring").status_code == 404


def test_a_themes_evidence_lists_bodies_threats_submissions_and_months(client, analyst, picture):
    client.force_login(analyst)

    evidence = client.get("/api/v1/themes/county-line").json()

    assert sorted(b["id"] for b in evidence["bodies_naming"]) == [
        "rocu-0",
        "rocu-1",
        "rocu-2",
        "rocu-secret",
    ]
    assert {t["id"]: t["submissions"] for t in evidence["threats_tagged"]} == {
        "drugs": 2,
        "csea": 2,
    }
    assert len(evidence["submissions_naming"]) == 4
    assert evidence["months"] == [{"month": "2018-01", "mentions": 4}]
    page = client.get(reverse("themes:detail", args=["county-line"])).content.decode()
    assert "Secret nightjar report" in page
    assert "Does not cover it" in page


def test_showing_a_themes_evidence_records_the_sensitive_submissions_shown(
    client, analyst, picture
):
    client.force_login(analyst)
    before = AuditEvent.objects.count()

    client.get(reverse("themes:detail", args=["county-line"]))

    shown = AuditEvent.objects.order_by("sequence")[before:]
    assert [(e.action, e.record_type) for e in shown] == [("list", "submission")]
    assert len(shown[0].detail["ids"]) == 1


def test_a_theme_nobody_names_answers_404(client, analyst, picture):
    client.force_login(analyst)

    assert client.get(reverse("themes:detail", args=["no-such-theme"])).status_code == 404
    assert client.get("/api/v1/themes/no-such-theme").status_code == 404


def test_an_analyst_adds_a_theme_as_a_keyword_and_the_draft_covers_it(client, analyst, picture):
    client.force_login(analyst)

    answer = client.post(
        reverse("themes:decide", args=["county-line"]),
        {"action": "keyword", "threat": "drugs", "reason": "County lines is drug supply."},
    )

    assert answer.status_code == 302
    decision = ThemeDecision.objects.get()
    assert decision.kind == DecisionKind.KEYWORD
    assert decision.threat_id == "drugs"
    assert "county lines" in Threat.objects.get(pk="drugs").keywords
    seen = {t["key"]: t for t in client.get("/api/v1/themes").json()}
    assert seen["county line"]["covered_by"] == "drugs"


def test_a_decision_without_a_reason_is_refused_naming_the_field_and_stores_nothing(
    client, analyst, picture
):
    client.force_login(analyst)

    page = client.post(
        reverse("themes:decide", args=["county-line"]), {"action": "dismissed", "reason": " "}
    )
    api = client.post(
        "/api/v1/themes/county-line/decisions",
        {"action": "keyword", "reason": "Because."},
        content_type="application/json",
    )

    assert page.status_code == 400
    assert "Give the reason for the decision." in page.content.decode()
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "threat"
    assert not ThemeDecision.objects.exists()


def test_a_new_threat_named_like_one_in_the_catalogue_is_refused(client, analyst, picture):
    ThreatFactory(id="county-lines", name="County lines")
    client.force_login(analyst)

    answer = client.post(
        "/api/v1/themes/county-line/decisions",
        {"action": "new_threat", "reason": "Cuts across threats."},
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "name"
    assert not ThemeDecision.objects.exists()


def test_a_new_threat_joins_the_draft_and_covers_the_theme(client, analyst, picture):
    client.force_login(analyst)

    answer = client.post(
        "/api/v1/themes/county-line/decisions",
        {"action": "new_threat", "name": "Urban drug lines", "reason": "Cuts across threats."},
        content_type="application/json",
    )

    assert answer.status_code == 201
    assert answer.json()["threat"] == "urban-drug-lines"
    seen = {t["key"]: t for t in client.get("/api/v1/themes").json()}
    assert seen["county line"]["covered_by"] == "urban-drug-lines"


def test_an_analyst_who_cannot_see_all_the_evidence_cannot_act_on_it(client, uncleared, picture):
    client.force_login(uncleared)

    answer = client.post(
        "/api/v1/themes/county-line/decisions",
        {"action": "dismissed", "reason": "Not ours."},
        content_type="application/json",
    )

    assert answer.status_code == 404
    assert not ThemeDecision.objects.exists()


def test_a_contributor_cannot_act_on_a_theme(client, contributor, picture):
    client.force_login(contributor)

    page = client.post(
        reverse("themes:decide", args=["county-line"]), {"action": "dismissed", "reason": "No."}
    )
    api = client.post(
        "/api/v1/themes/county-line/decisions",
        {"action": "dismissed", "reason": "No."},
        content_type="application/json",
    )

    assert page.status_code == 403
    assert api.status_code == 403
    assert not ThemeDecision.objects.exists()


def test_only_administrators_merge_spellings(client, analyst, administrator, picture):
    named_submission(body=BodyFactory(id="rocu-x"), threats=["drugs"], themes=["CL drugs lines"])
    client.force_login(analyst)
    refused = client.post(
        "/api/v1/theme-aliases",
        {"alias": "CL drugs lines", "into": "county lines"},
        content_type="application/json",
    )
    assert refused.status_code == 403

    client.force_login(administrator)
    merged = client.post(reverse("themes:merge", args=["county-line"]), {"alias": "CL drugs lines"})

    assert merged.status_code == 302
    seen = {t["key"]: t for t in client.get("/api/v1/themes").json()}
    assert "cl drug line" not in seen
    assert seen["county line"]["bodies"] == 5
    empty = client.post(
        "/api/v1/theme-aliases",
        {"alias": "!!!", "into": "county lines"},
        content_type="application/json",
    )
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "alias"


def test_the_finding_is_withheld_from_a_reader_not_cleared_for_all_its_evidence(
    client, analyst, contributor, picture
):
    client.force_login(analyst)
    shown = client.get("/api/v1/findings?code=XCT001&as_of=2018-03-31").json()
    page = client.get(reverse("assurance:findings") + "?code=XCT001&as_of=2018-03-31")
    assert [f["subject"]["id"] for f in shown] == ["county lines"]
    assert "Look into theme county lines and act on it" in page.content.decode()

    client.force_login(contributor)
    withheld = client.get("/api/v1/findings?code=XCT001&as_of=2018-03-31").json()
    page = client.get(reverse("assurance:findings") + "?code=XCT001&as_of=2018-03-31")
    assert withheld == []
    assert "county lines" not in page.content.decode()


def test_the_home_page_counts_no_finding_withheld_from_the_reader(
    client, analyst, contributor, picture
):
    client.force_login(analyst)
    seen = client.get(reverse("web:home")).context["summary"]
    client.force_login(contributor)
    withheld = client.get(reverse("web:home")).context["summary"]

    assert seen.findings_by_severity["high"] == withheld.findings_by_severity["high"] + 1
    assert seen.findings_total == withheld.findings_total + 1
