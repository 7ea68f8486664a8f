"""POST /api/v1/submissions, and reading a submission and its receipt, for every persona."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from soctasking.accounts.models import User
from soctasking.accounts.tokens import token_create
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Submission
from soctasking.intelligence.tests.conftest import (
    PHRASE,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    stored_files,
    xlsx_bytes,
    zip_bomb_docx,
)
from soctasking.testing.factories import SubmissionFactory

URL = "/api/v1/submissions"


def _json(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "tactical_assessment",
        "title": "Quarterly tactical assessment",
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
        "threats": ["drugs"],
        "classification": "official",
        "compartments": [],
        "text": PHRASE,
    }
    fields.update(overrides)
    return fields


def _file(name: str, data: bytes) -> dict[str, str]:
    return {"name": name, "content_base64": base64.b64encode(data).decode()}


def _post(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post(URL, body, content_type="application/json", headers=headers)


def _fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def as_contributor(
    client: Client, contributor: User, catalogue: dict[str, Any], national_unit: Body
) -> Client:
    client.force_login(contributor)
    return client


def test_a_json_submission_gets_its_receipt(as_contributor: Client, contributor: User) -> None:
    response = _post(as_contributor, _json())
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["reference"].startswith("SUB-")
    assert receipt["receiving_unit"] == "nac"
    assert receipt["body"] == contributor.body_id
    assert receipt["recorded"]["threats"] == ["drugs"]
    assert not receipt["replayed"]
    assert Submission.objects.get(pk=receipt["submission"]).channel == "api"


def test_a_json_submission_may_carry_its_file_in_base64(as_contributor: Client) -> None:
    response = _post(as_contributor, _json(text=None, file=_file("a.pdf", pdf_bytes())))
    assert response.status_code == 201
    assert Submission.objects.get().text == PHRASE


def test_a_multipart_submission_with_a_file_gets_its_receipt(
    as_contributor: Client, media_root: Path
) -> None:
    form = _json(text="", threats=["drugs", "fraud"], compartments="")
    form["file"] = SimpleUploadedFile("figures.xlsx", xlsx_bytes())
    response = as_contributor.post(URL, form)
    assert response.status_code == 201, response.json()
    assert response.json()["recorded"]["threats"] == ["drugs", "fraud"]
    submission = Submission.objects.get()
    assert PHRASE in submission.text
    assert len(stored_files(media_root)) == 1


def test_a_multipart_file_name_keeps_no_folder(as_contributor: Client) -> None:
    form = _json(text="", compartments="")
    form["file"] = SimpleUploadedFile("../../etc/report.docx", docx_bytes())
    response = as_contributor.post(URL, form)
    assert response.status_code == 201
    assert Submission.objects.get().filename == "report.docx"


def test_a_bearer_token_may_send(
    client: Client, contributor: User, catalogue: dict[str, Any], national_unit: Body
) -> None:
    _, raw = token_create(user=contributor, acting_user=contributor)
    response = _post(client, _json(), Authorization=f"Bearer {raw}")
    assert response.status_code == 201


def test_without_sign_in_the_answer_is_401(client: Client, catalogue: dict[str, Any]) -> None:
    assert _post(client, _json()).status_code == 401


def test_a_repeated_idempotency_key_returns_the_first_receipt(as_contributor: Client) -> None:
    first = _post(as_contributor, _json(), **{"Idempotency-Key": "retry-1"})
    second = _post(as_contributor, _json(), **{"Idempotency-Key": "retry-1"})
    assert first.status_code == second.status_code == 201
    assert second.json()["reference"] == first.json()["reference"]
    assert second.json()["replayed"]
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"kind": None}, {"kind"}),
        ({"period_start": "2026-13-01"}, {"period_start"}),
        ({"threats": []}, {"threats"}),
        ({"classification": "restricted"}, {"classification"}),
        ({"compartments": ["chis"]}, {"compartments"}),
        ({"classification": "secret"}, {"classification"}),
        ({"body": "force-kent"}, {"body"}),
        ({"body": "no-such-body"}, {"body"}),
        (
            {"kind": "intelligence_report"},
            {"grading_source", "grading_intelligence", "grading_handling"},
        ),
        (
            {
                "kind": "intelligence_report",
                "grading_source": "9",
                "grading_intelligence": "z",
                "grading_handling": "c",
            },
            {"grading_source", "grading_intelligence", "grading_conditions"},
        ),
        ({"unexpected": 1}, {"unexpected"}),
        ({"title": "x" * 501}, {"title"}),
        ({"text": None, "file": _file("a.pdf", b"not a pdf")}, {"file"}),
        ({"text": None, "file": _file("a.pdf", encrypted_pdf_bytes())}, {"file"}),
        ({"text": None, "file": _file("a.pdf", b"%PDF-1.7\n\x00\xff")}, {"file"}),
        ({"text": None, "file": _file("../a.txt", b"words")}, {"file"}),
        (
            {"text": None, "file": {"name": "a.txt", "content_base64": "not base64!"}},
            {"file.content_base64"},
        ),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(
    as_contributor: Client,
    other_force: Body,
    media_root: Path,
    overrides: dict[str, Any],
    fields: set[str],
) -> None:
    body = {key: value for key, value in _json(**overrides).items() if value is not None}
    response = _post(as_contributor, body)
    assert response.status_code == 422, response.json()
    assert _fields(response) == fields
    assert all(error["message"] for error in response.json()["errors"])
    assert Submission.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_body_that_is_not_json_is_422(as_contributor: Client) -> None:
    response = as_contributor.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == ""


def test_a_zip_bomb_docx_is_422(as_contributor: Client, settings: Any) -> None:
    settings.SOCTASKING_MAX_UNZIPPED_BYTES = 1024**2
    bomb = zip_bomb_docx(unpacked=4 * 1024**2)
    response = _post(as_contributor, _json(text=None, file=_file("bomb.docx", bomb)))
    assert response.status_code == 422
    assert _fields(response) == {"file"}
    assert Submission.objects.count() == 0


def test_a_file_over_the_limit_is_413(as_contributor: Client, settings: Any) -> None:
    settings.SOCTASKING_MAX_UPLOAD_BYTES = 2000
    response = _post(as_contributor, _json(text=None, file=_file("big.txt", b"a" * 2001)))
    assert response.status_code == 413
    assert _fields(response) == {"file"}


def test_a_request_over_the_limit_is_413_before_it_is_read(
    as_contributor: Client, settings: Any
) -> None:
    # The test client sends the body whole; the view decides from the
    # Content-Length alone, as it would for a 200 MB upload.
    settings.SOCTASKING_MAX_UPLOAD_BYTES = 10
    response = _post(as_contributor, _json(text="x" * (2 * 1024**2)))
    assert response.status_code == 413
    assert _fields(response) == {"file"}
    assert Submission.objects.count() == 0


def test_the_server_keeps_serving_after_bad_input(as_contributor: Client) -> None:
    _post(as_contributor, _json(text=None, file=_file("a.pdf", b"%PDF-\xff")))
    assert _post(as_contributor, _json()).status_code == 201


# Who may read an OFFICIAL-SENSITIVE submission of the ROCU, and a SECRET
# CHIS one: 200 or 404, never 403, so existence does not leak.
READS = [
    ("contributor", (200, 404)),
    ("analyst", (200, 404)),
    ("chis_analyst", (200, 200)),
    ("administrator", (200, 200)),
    ("inspector", (200, 404)),
    ("outsider", (404, 404)),
    ("uncleared", (404, 404)),
]


@pytest.fixture
def stored(rocu: Body, national_unit: Body) -> dict[str, Any]:
    sensitive = SubmissionFactory(
        body=rocu,
        received_by=national_unit,
        classification="official-sensitive",
        reference="SUB-20260101-AAAAAA",
    )
    chis = SubmissionFactory(body=rocu, received_by=national_unit, classification="secret")
    chis.compartments.set(["chis"])
    return {"sensitive": sensitive, "chis": chis}


@pytest.mark.parametrize(("persona", "expected"), READS)
def test_reading_a_submission_depends_on_clearance_and_compartments(
    request: pytest.FixtureRequest,
    client: Client,
    stored: dict[str, Any],
    persona: str,
    expected: tuple[int, int],
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for suffix in ("", "/receipt"):
        for name, status in zip(("sensitive", "chis"), expected, strict=True):
            response = client.get(f"{URL}/{stored[name].pk}{suffix}")
            assert response.status_code == status, (persona, name, suffix)
        assert client.get(f"{URL}/no-such-id{suffix}").status_code == 404


def test_reading_a_sensitive_submission_is_audited(
    client: Client, analyst: User, stored: dict[str, Any]
) -> None:
    client.force_login(analyst)
    response = client.get(f"{URL}/{stored['sensitive'].pk}")
    assert response.json()["text"] == stored["sensitive"].text
    event = AuditEvent.objects.get(action="read", record_type="submission")
    assert event.actor == analyst
    assert event.detail == {"ids": [stored["sensitive"].pk]}


def test_reading_an_official_submission_is_not_audited(
    client: Client, analyst: User, rocu: Body
) -> None:
    official = SubmissionFactory(body=rocu, classification="official")
    client.force_login(analyst)
    assert client.get(f"{URL}/{official.pk}").status_code == 200
    assert not AuditEvent.objects.filter(action="read").exists()


def test_the_receipt_matches_what_was_returned_on_receipt(as_contributor: Client) -> None:
    sent = _post(as_contributor, _json()).json()
    # Only the answer to sending carries the suggestions; the receipt is the rest of it.
    sent.pop("suggested_threats")
    fetched = as_contributor.get(f"{URL}/{sent['submission']}/receipt").json()
    assert fetched | {"replayed": False} == sent


def test_the_original_file_comes_back_as_sent(as_contributor: Client) -> None:
    data = pdf_bytes()
    sent = _post(as_contributor, _json(text=None, file=_file("q3.pdf", data))).json()
    response = as_contributor.get(f"{URL}/{sent['submission']}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment;")
    text_only = _post(as_contributor, _json()).json()
    assert as_contributor.get(f"{URL}/{text_only['submission']}/file").status_code == 404


def test_another_body_s_uncleared_user_cannot_fetch_the_file(
    as_contributor: Client, outsider: User
) -> None:
    body = _json(text=None, classification="official-sensitive", file=_file("q.pdf", pdf_bytes()))
    sent = _post(as_contributor, body).json()
    as_contributor.force_login(outsider)
    assert as_contributor.get(f"{URL}/{sent['submission']}/file").status_code == 404
