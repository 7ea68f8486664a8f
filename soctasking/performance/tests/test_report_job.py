"""Asking for the PDF queues a background job; the worker makes it, stage by stage."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks_db.models import DBTaskResult

from soctasking.audit.models import AuditEvent
from soctasking.performance import services
from soctasking.performance.models import PerformanceReport, ReportStatus
from soctasking.performance.services import performance_report_request
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns

pytestmark = pytest.mark.django_db


def test_asking_for_the_report_queues_its_job_and_audits_the_request(analyst):
    report = performance_report_request(quarter=QUARTER, acting_user=analyst)

    assert report.status == ReportStatus.QUEUED
    assert report.progress == 0
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"report_id": str(report.pk)}
    event = AuditEvent.objects.get(record_type="performance_report", action="request")
    assert (event.actor, event.record_id, event.detail) == (
        analyst,
        str(report.pk),
        {"quarter": QUARTER},
    )


def test_a_quarter_not_written_as_year_and_quarter_is_refused_and_nothing_queued(analyst):
    with pytest.raises(ValidationError) as refused:
        performance_report_request(quarter="2026-13", acting_user=analyst)

    assert "expected YEAR-QN" in refused.value.message_dict["quarter"][0]
    assert not PerformanceReport.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_quarter_that_has_not_begun_is_refused_as_it_has_no_figures(analyst):
    with pytest.raises(ValidationError) as refused:
        performance_report_request(quarter="8999-Q4", acting_user=analyst)

    assert "8999-Q4 has not begun" in refused.value.message_dict["quarter"][0]
    assert not PerformanceReport.objects.exists()


def test_a_contributor_may_not_ask_for_the_national_report(contributor):
    with pytest.raises(PermissionDenied):
        performance_report_request(quarter=QUARTER, acting_user=contributor)
    assert not PerformanceReport.objects.exists()


def test_the_worker_makes_the_pdf_under_the_reports_folder_recording_each_stage(
    analyst, reports_root, monkeypatch, run_the_worker
):
    two_quarters_of_returns()
    report = performance_report_request(quarter=QUARTER, acting_user=analyst)
    stages: list[tuple[str, int]] = []
    record = services._stage_record

    def watched(report, *, stage, progress):
        record(report, stage=stage, progress=progress)
        stored = PerformanceReport.objects.get(pk=report.pk)
        stages.append((stored.stage, stored.progress))

    monkeypatch.setattr(services, "_stage_record", watched)

    run_the_worker()

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    path = reports_root / report.file
    assert path.read_bytes().startswith(b"%PDF")
    assert report.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [stage for stage, _ in stages] == [
        "Reading the figures",
        "Disruptions and outcomes read",
        "Priority activity share read",
        "Local priority adoption read",
        "Timetable compliance read",
        "Laying out the PDF",
    ]
    progress = [percent for _, percent in stages]
    assert progress == sorted(progress)
    assert progress[-1] < 100
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    done = AuditEvent.objects.get(record_type="performance_report", action="generate")
    assert done.actor is None
    assert done.detail["sha256"] == report.sha256


def test_a_report_that_cannot_be_made_is_marked_failed_and_audited(
    analyst, monkeypatch, run_the_worker
):
    report = performance_report_request(quarter=QUARTER, acting_user=analyst)

    def broken(figures):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "report_pdf", broken)

    run_the_worker()

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: no fonts"
    assert report.file == ""
    assert DBTaskResult.objects.get().status == "FAILED"
    assert AuditEvent.objects.filter(record_type="performance_report", action="fail").exists()
