"""The report's pages: the figures for the national roles, asking for the PDF, following it."""

from __future__ import annotations

import pytest

from soctasking.accounts.models import User
from soctasking.performance.models import PerformanceReport, ReportStatus
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns
from soctasking.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/performance/"


def make_user(**fields: object) -> User:
    return UserFactory(**fields)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("analyst", True),
        ("secretariat", True),
        ("chair", True),
        ("inspector", True),
        ("administrator", True),
        ("contributor", False),
        ("outsider", False),
    ],
)
def test_the_report_page_is_for_the_national_roles(client, request, persona, allowed):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(PAGE, {"quarter": QUARTER})

    assert response.status_code == (200 if allowed else 403)


def test_the_page_shows_each_figure_beside_the_previous_quarter_with_charts_and_tables(
    client, analyst
):
    two_quarters_of_returns()
    client.force_login(analyst)

    page = client.get(PAGE, {"quarter": QUARTER}).content.decode()

    assert "2026-Q3 compared with 2026-Q2" in page
    assert page.count('<svg class="performance-chart"') == 4
    assert 'role="img"' in page
    assert '<title id="chart-by-level-title">Disruptions by level, 2026-Q3 and 2026-Q2</title>' in (
        page
    )
    assert "Major: 2026-Q3 1, 2026-Q2 0" in page
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Disruptions by level' in (
        page
    )
    assert "150,000" in page
    assert "+6" in page
    assert "66.7%" in page


def test_a_quarter_not_written_as_year_and_quarter_is_refused_naming_the_field(client, analyst):
    client.force_login(analyst)

    response = client.get(PAGE, {"quarter": "Q3 2026"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_quarter"' in page
    assert "Enter the quarter as the year, a hyphen, Q and its number" in page


def test_asking_for_the_pdf_starts_the_job_and_goes_to_its_progress(client, analyst):
    client.force_login(analyst)

    response = client.post("/performance/reports/", {"quarter": QUARTER})

    report = PerformanceReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/performance/reports/{report.pk}/"
    progress = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in progress
    assert 'hx-trigger="every 2s"' in progress


def test_asking_for_a_bad_quarter_stores_nothing(client, analyst):
    client.force_login(analyst)

    response = client.post("/performance/reports/", {"quarter": "2026-Q9"})

    assert response.status_code == 400
    assert not PerformanceReport.objects.exists()


def test_htmx_gets_only_the_progress_and_stops_asking_once_the_pdf_is_ready(
    client, analyst, reports_root, run_the_worker
):
    two_quarters_of_returns()
    client.force_login(analyst)
    client.post("/performance/reports/", {"quarter": QUARTER})
    report = PerformanceReport.objects.get()
    run_the_worker()

    fragment = client.get(f"/performance/reports/{report.pk}/", headers={"HX-Request": "true"})

    text = fragment.content.decode()
    assert "<html" not in text
    assert "hx-trigger" not in text
    assert "100%" in text
    assert "Download the PDF" in text
    download = client.get(f"/performance/reports/{report.pk}/pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "national-performance-report-2026-Q3.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_readers_report_is_not_found(client, analyst, national_unit):
    someone = make_user(username="else", body=national_unit, role="analyst")
    theirs = PerformanceReport.objects.create(
        quarter=QUARTER, requested_by=someone, status=ReportStatus.QUEUED
    )
    client.force_login(analyst)

    assert client.get(f"/performance/reports/{theirs.pk}/").status_code == 404
    assert client.get(f"/performance/reports/{theirs.pk}/pdf").status_code == 404


def test_a_report_not_yet_ready_has_no_pdf(client, analyst):
    client.force_login(analyst)
    client.post("/performance/reports/", {"quarter": QUARTER})
    report = PerformanceReport.objects.get()

    assert client.get(f"/performance/reports/{report.pk}/pdf").status_code == 404
