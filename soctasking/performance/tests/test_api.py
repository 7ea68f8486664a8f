"""The report's API: figures, asking for the PDF, following it and downloading it."""

from __future__ import annotations

import pytest

from soctasking.performance.models import PerformanceReport
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns

pytestmark = pytest.mark.django_db


def test_the_figures_of_a_quarter_come_beside_the_previous_quarter(client, analyst):
    two_quarters_of_returns()
    client.force_login(analyst)

    answer = client.get(f"/api/v1/performance/{QUARTER}")

    assert answer.status_code == 200
    figures = answer.json()
    assert figures["previous_quarter"] == "2026-Q2"
    assert figures["disruptions"]["total"] == {"current": 3, "previous": 2}


def test_a_bad_quarter_is_refused_with_422_naming_the_field(client, analyst):
    client.force_login(analyst)

    answer = client.get("/api/v1/performance/2026-Q5")

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "quarter"
    assert "expected YEAR-QN" in answer.json()["errors"][0]["message"]


def test_a_quarter_that_has_not_begun_is_refused_with_422(client, analyst):
    client.force_login(analyst)

    answer = client.get("/api/v1/performance/8999-Q1")

    assert answer.status_code == 422
    assert "has not begun" in answer.json()["errors"][0]["message"]


def test_a_contributor_gets_403(client, contributor):
    client.force_login(contributor)

    assert client.get(f"/api/v1/performance/{QUARTER}").status_code == 403
    answer = client.post(
        "/api/v1/performance-reports", {"quarter": QUARTER}, content_type="application/json"
    )
    assert answer.status_code == 403
    assert not PerformanceReport.objects.exists()


def test_a_report_asked_for_is_followed_to_its_pdf(client, analyst, reports_root, run_the_worker):
    two_quarters_of_returns()
    client.force_login(analyst)

    asked = client.post(
        "/api/v1/performance-reports", {"quarter": QUARTER}, content_type="application/json"
    )

    assert asked.status_code == 202
    report_id = asked.json()["id"]
    assert asked.json()["status"] == "queued"
    assert asked.json()["pdf"] is None
    run_the_worker()
    followed = client.get(f"/api/v1/performance-reports/{report_id}").json()
    assert (followed["status"], followed["progress"]) == ("done", 100)
    assert followed["pdf"] == f"/api/v1/performance-reports/{report_id}/pdf"
    pdf = client.get(followed["pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_asking_for_a_bad_quarter_is_refused_with_422_and_nothing_stored(client, analyst):
    client.force_login(analyst)

    answer = client.post(
        "/api/v1/performance-reports", {"quarter": "next"}, content_type="application/json"
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "quarter"
    assert not PerformanceReport.objects.exists()


def test_a_report_of_nobody_known_answers_404(client, analyst):
    client.force_login(analyst)

    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/api/v1/performance-reports/{missing}").status_code == 404
    assert client.get(f"/api/v1/performance-reports/{missing}/pdf").status_code == 404
