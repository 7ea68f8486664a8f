"""POST /api/v1/submissions/batch: many submissions, all or nothing, errors by JSON pointer."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

from soctasking.accounts.models import User
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Submission
from soctasking.intelligence.tests.conftest import docx_bytes, stored_files

URL = "/api/v1/submissions/batch"


def _item(number: int, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": "tactical_assessment",
        "title": f"Assessment {number}",
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
        "threats": ["drugs"],
        "classification": "official",
        "compartments": [],
        "text": f"Text of assessment {number}",
    }
    item.update(overrides)
    return item


def _with_file(number: int) -> dict[str, Any]:
    content = base64.b64encode(docx_bytes()).decode()
    return _item(number, text=None, file={"name": f"a{number}.docx", "content_base64": content})


def _post(client: Client, items: list[dict[str, Any]], **headers: str) -> Any:
    return client.post(
        URL, {"submissions": items}, content_type="application/json", headers=headers
    )


@pytest.fixture
def as_contributor(
    client: Client, contributor: User, catalogue: dict[str, Any], national_unit: Body
) -> Client:
    client.force_login(contributor)
    return client


def test_a_batch_is_stored_whole_with_a_receipt_each(
    as_contributor: Client, media_root: Path
) -> None:
    response = _post(as_contributor, [_item(0), _with_file(1), _item(2)])
    assert response.status_code == 201
    receipts = response.json()["receipts"]
    assert [r["recorded"]["title"] for r in receipts] == [
        "Assessment 0",
        "Assessment 1",
        "Assessment 2",
    ]
    assert len({r["reference"] for r in receipts}) == 3
    assert Submission.objects.count() == 3
    assert len(stored_files(media_root)) == 1
    assert Submission.objects.get(pk=receipts[1]["submission"]).text.startswith("County lines")


def test_every_bad_item_is_named_by_its_pointer_and_nothing_is_stored(
    as_contributor: Client, media_root: Path
) -> None:
    response = _post(
        as_contributor,
        [
            _with_file(0),
            _item(1, title=""),
            _item(2, kind="intelligence_report"),
            _item(3, classification="secret"),
            _item(4, body="no-such-body"),
        ],
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {
        "/submissions/1/title",
        "/submissions/2/grading_source",
        "/submissions/2/grading_intelligence",
        "/submissions/2/grading_handling",
        "/submissions/3/classification",
        "/submissions/4/body",
    }
    assert Submission.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_field_rule_of_the_model_names_its_pointer(as_contributor: Client) -> None:
    response = _post(as_contributor, [_item(0), _item(1, title="x" * 501)])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["/submissions/1/title"]
    assert Submission.objects.count() == 0


def test_a_schema_error_names_its_pointer(as_contributor: Client) -> None:
    response = _post(as_contributor, [_item(0), _item(1, period_end="not a date")])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["/submissions/1/period_end"]


def test_a_failure_while_storing_keeps_nothing_of_the_batch(
    as_contributor: Client, media_root: Path
) -> None:
    # The audit event is written last, after every file and row.
    with (
        mock.patch(
            "soctasking.intelligence.services.audit_record",
            side_effect=DatabaseError("disk full"),
        ),
        pytest.raises(DatabaseError),
    ):
        _post(as_contributor, [_with_file(0), _with_file(1), _item(2)])
    assert Submission.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_batch_is_audited_once_naming_each_submission(as_contributor: Client) -> None:
    receipts = _post(as_contributor, [_item(0), _item(1)]).json()["receipts"]
    event = AuditEvent.objects.get(action="receive_batch")
    assert [s["reference"] for s in event.detail["submissions"]] == [
        r["reference"] for r in receipts
    ]
    assert [s["sha256"] for s in event.detail["submissions"]] == [r["sha256"] for r in receipts]


def test_stored_rows_match_their_receipts(as_contributor: Client) -> None:
    receipts = _post(as_contributor, [_item(0, threats=["drugs", "fraud"]), _with_file(1)]).json()[
        "receipts"
    ]
    for receipt in receipts:
        fetched = as_contributor.get(f"/api/v1/submissions/{receipt['submission']}/receipt").json()
        assert fetched == receipt


def test_a_retried_batch_returns_the_first_receipts(as_contributor: Client) -> None:
    first = _post(as_contributor, [_item(0), _item(1)], **{"Idempotency-Key": "batch-1"})
    again = _post(as_contributor, [_item(0), _item(1)], **{"Idempotency-Key": "batch-1"})
    assert again.status_code == 201
    assert [r["reference"] for r in again.json()["receipts"]] == [
        r["reference"] for r in first.json()["receipts"]
    ]
    assert all(r["replayed"] for r in again.json()["receipts"])
    assert Submission.objects.count() == 2


def test_an_empty_batch_is_refused(as_contributor: Client) -> None:
    response = _post(as_contributor, [])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "/submissions"


def test_more_than_ten_thousand_are_refused(as_contributor: Client) -> None:
    response = _post(as_contributor, [_item(0)] * 10_001)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "/submissions"
    assert Submission.objects.count() == 0


def test_a_batch_over_the_byte_limit_is_413(as_contributor: Client, settings: Any) -> None:
    settings.SOCTASKING_MAX_BATCH_BYTES = 1000
    response = _post(as_contributor, [_item(n) for n in range(20)])
    assert response.status_code == 413


def test_an_inspector_may_not_send_a_batch(
    client: Client, inspector: User, catalogue: dict[str, Any]
) -> None:
    client.force_login(inspector)
    assert _post(client, [_item(0)]).status_code == 403
