"""The submit page, the receipt page and its download, and 'our submissions' with its CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from soctasking.accounts.models import User
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Submission
from soctasking.intelligence.tests.conftest import PHRASE, docx_bytes, stored_files
from soctasking.testing.factories import SubmissionFactory

SUBMIT = "/intelligence/submissions/new/"
OURS = "/intelligence/our-submissions/"


def _form(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "tactical_assessment",
        "title": "Quarterly tactical assessment",
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
        "threats": ["drugs"],
        "classification": "official",
        "idempotency_key": "page-key-1",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def as_contributor(
    client: Client, contributor: User, catalogue: dict[str, Any], national_unit: Body
) -> Client:
    client.force_login(contributor)
    return client


# Who may open the submit page: every role that writes; inspectors only read.
SUBMIT_ACCESS = [
    ("contributor", 200),
    ("analyst", 200),
    ("secretariat", 200),
    ("chair", 200),
    ("administrator", 200),
    ("outsider", 200),
    ("inspector", 403),
]


@pytest.mark.parametrize(("persona", "status"), SUBMIT_ACCESS)
def test_the_submit_page_is_open_to_writing_roles(
    request: pytest.FixtureRequest, db: None, client: Client, persona: str, status: int
) -> None:
    # ``db`` is named so the test runs before the browser tests empty the
    # database: the persona is only looked up by name.
    client.force_login(request.getfixturevalue(persona))
    assert client.get(SUBMIT).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    for url in (SUBMIT, OURS, "/intelligence/our-submissions.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_a_contributor_offers_only_their_own_body_and_clearance(as_contributor: Client) -> None:
    page = as_contributor.get(SUBMIT).content.decode()
    assert "Submitted for <strong>North West ROCU</strong>" in page
    assert 'value="official-sensitive"' in page
    assert 'value="secret"' not in page


def test_an_analyst_chooses_the_body(client: Client, analyst: User, rocu: Body) -> None:
    client.force_login(analyst)
    page = client.get(SUBMIT).content.decode()
    assert f'<option value="{rocu.pk}"' in page


def test_sending_a_file_shows_the_receipt_at_once(
    as_contributor: Client, contributor: User, media_root: Path
) -> None:
    form = _form(file=SimpleUploadedFile("assessment.docx", docx_bytes()))
    response = as_contributor.post(SUBMIT, form, follow=True)
    submission = Submission.objects.get()
    assert response.redirect_chain[-1][0] == f"/intelligence/submissions/{submission.pk}/receipt/"
    page = response.content.decode()
    assert submission.reference in page
    assert submission.sha256 in page
    assert "National Assessment Centre" in page
    assert submission.channel == "upload"
    assert submission.text == PHRASE
    assert len(stored_files(media_root)) == 1


def test_sending_the_page_twice_stores_it_once(as_contributor: Client) -> None:
    first = as_contributor.post(SUBMIT, _form(text="Cocaine supply"))
    second = as_contributor.post(SUBMIT, _form(text="Cocaine supply"))
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1


def test_errors_are_summarised_and_linked_to_their_fields(
    as_contributor: Client, media_root: Path
) -> None:
    response = as_contributor.post(
        SUBMIT,
        _form(
            title="",
            threats=[],
            kind="intelligence_report",
            file=SimpleUploadedFile("report.pdf", b"not a pdf at all"),
        ),
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_title">Enter a title</a>' in page
    assert '<a href="#id_file">' in page
    assert "its content is plain text" in page
    assert Submission.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_service_s_errors_reach_the_fields(as_contributor: Client) -> None:
    response = as_contributor.post(
        SUBMIT,
        _form(
            text="words",
            kind="intelligence_report",
            grading_source="1",
            grading_intelligence="a",
            grading_handling="c",
        ),
    )
    page = response.content.decode()
    assert '<a href="#id_grading_conditions">' in page
    assert Submission.objects.count() == 0


def test_threats_are_suggested_and_ticked_without_storing(as_contributor: Client) -> None:
    response = as_contributor.post(
        SUBMIT,
        _form(threats=["fraud"], action="suggest", text="Phishing and county lines."),
    )
    page = response.content.decode()
    assert "Suggested from the text" in page
    assert "<strong>Drugs</strong>" in page
    assert "<strong>Fraud</strong>" in page
    assert 'value="drugs" checked' in page
    assert 'value="fraud" checked' in page
    assert 'value="mlit" checked' not in page
    assert Submission.objects.count() == 0


def test_suggesting_from_a_file_names_a_bad_file(as_contributor: Client) -> None:
    response = as_contributor.post(
        SUBMIT,
        _form(action="suggest", file=SimpleUploadedFile("a.docx", b"plain words")),
    )
    assert '<a href="#id_file">' in response.content.decode()


@pytest.fixture
def sent(rocu: Body, national_unit: Body) -> dict[str, Any]:
    return {
        "official": SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            reference="SUB-20260701-AAAAAA",
            title="=HYPERLINK(evil)",
        ),
        "secret": SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            reference="SUB-20260701-BBBBBB",
            classification="secret",
        ),
        "sensitive": SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            reference="SUB-20260701-CCCCCC",
            classification="official-sensitive",
        ),
        "loaded": SubmissionFactory(body=rocu, received_by=national_unit),
        "elsewhere": SubmissionFactory(received_by=national_unit, reference="SUB-20260701-DDDDDD"),
    }


def test_our_submissions_lists_the_body_s_receipts_within_clearance(
    as_contributor: Client, sent: dict[str, Any]
) -> None:
    page = as_contributor.get(OURS).content.decode()
    assert "SUB-20260701-AAAAAA" in page
    assert "SUB-20260701-CCCCCC" in page
    assert "SUB-20260701-BBBBBB" not in page  # above Bob's clearance
    assert "SUB-20260701-DDDDDD" not in page  # another body's
    assert sent["loaded"].title not in page  # came in a bundle, no receipt
    event = AuditEvent.objects.get(action="list", record_type="submission")
    assert event.detail == {"ids": [sent["sensitive"].pk]}


def test_our_submissions_exports_as_csv(as_contributor: Client, sent: dict[str, Any]) -> None:
    response = as_contributor.get("/intelligence/our-submissions.csv")
    assert response["Content-Disposition"] == 'attachment; filename="our-submissions.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["reference"] for row in rows} == {"SUB-20260701-AAAAAA", "SUB-20260701-CCCCCC"}
    titles = {row["title"] for row in rows}
    assert "'=HYPERLINK(evil)" in titles
    assert AuditEvent.objects.filter(action="export", record_type="submission").count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("contributor", 200),
        ("analyst", 200),
        ("inspector", 200),
        ("outsider", 404),
        ("uncleared", 404),
    ],
)
def test_a_receipt_page_needs_clearance_for_its_submission(
    request: pytest.FixtureRequest, client: Client, sent: dict[str, Any], persona: str, status: int
) -> None:
    client.force_login(request.getfixturevalue(persona))
    pk = sent["sensitive"].pk
    assert client.get(f"/intelligence/submissions/{pk}/receipt/").status_code == status
    assert client.get(f"/intelligence/submissions/{pk}/receipt.txt").status_code == status


def test_the_receipt_downloads_as_plain_text(as_contributor: Client, sent: dict[str, Any]) -> None:
    official = sent["official"]
    response = as_contributor.get(f"/intelligence/submissions/{official.pk}/receipt.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "SUB-20260701-AAAAAA" in response["Content-Disposition"]
    text = response.content.decode()
    assert "Reference: SUB-20260701-AAAAAA" in text
    assert f"SHA-256: {official.sha256}" in text
    assert "Receiving unit: National Assessment Centre (nac)" in text


def test_a_user_of_no_body_is_told_so(client: Client, catalogue: dict[str, Any]) -> None:
    loner = User.objects.create(username="lone", role="analyst", clearance="official")
    client.force_login(loner)
    assert "belongs to no body" in client.get(OURS).content.decode()


def test_the_original_file_downloads_as_sent(as_contributor: Client) -> None:
    data = docx_bytes()
    form = _form(file=SimpleUploadedFile("Q3 assessment.docx", data))
    receipt_page = as_contributor.post(SUBMIT, form, follow=True).content.decode()
    submission = Submission.objects.get()
    url = f"/intelligence/submissions/{submission.pk}/file"
    assert url in receipt_page
    response = as_contributor.get(url)
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Q3 assessment.docx" in response["Content-Disposition"]


def test_the_original_file_needs_clearance(
    client: Client,
    outsider: User,
    contributor: User,
    catalogue: dict[str, Any],
    national_unit: Body,
) -> None:
    client.force_login(contributor)
    client.post(
        SUBMIT,
        _form(
            classification="official-sensitive",
            file=SimpleUploadedFile("a.docx", docx_bytes()),
        ),
    )
    submission = Submission.objects.get()
    url = f"/intelligence/submissions/{submission.pk}/file"
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(action="read_file")
    assert event.detail == {"ids": [submission.pk]}
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_submission_without_a_file_has_none_to_download(
    as_contributor: Client, sent: dict[str, Any]
) -> None:
    url = f"/intelligence/submissions/{sent['official'].pk}/file"
    assert as_contributor.get(url).status_code == 404
