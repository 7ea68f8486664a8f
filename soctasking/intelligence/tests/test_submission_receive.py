"""Receiving a submission: what is stored, who may send what, and nothing half-stored on failure."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError

from soctasking.accounts.models import User
from soctasking.audit.models import AuditEvent
from soctasking.audit.services import audit_verify
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Channel, Submission
from soctasking.intelligence.services import (
    UploadedFile,
    submission_receive,
    threats_suggested,
)
from soctasking.intelligence.tests.conftest import (
    PHRASE,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    stored_files,
)
from soctasking.testing.factories import BodyFactory, TimetableRowFactory


def _send(user: User, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "acting_user": user,
        "body": user.body,
        "kind": "tactical_assessment",
        "title": "Quarterly tactical assessment",
        "period_start": dt.date(2026, 7, 1),
        "period_end": dt.date(2026, 9, 30),
        "threats": ["drugs"],
        "classification": "official",
        "compartments": [],
        "channel": Channel.UPLOAD,
    }
    if "file" not in overrides and "text" not in overrides:
        fields["file"] = UploadedFile(name="assessment.docx", data=docx_bytes())
    fields.update(overrides)
    return submission_receive(**fields)


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.message_dict)


@pytest.fixture
def ready(catalogue: dict[str, Any], national_unit: Body) -> None:
    """A catalogue to tag with and a national unit to receive."""


@pytest.mark.usefixtures("ready")
class TestAccepted:
    def test_a_file_is_stored_with_its_text_digest_and_receipt(
        self, contributor: User, media_root: Path
    ) -> None:
        data = docx_bytes()
        receipt = _send(contributor, file=UploadedFile(name="Q3 assessment.docx", data=data))
        submission = Submission.objects.get(pk=receipt.submission_id)
        assert submission.text == PHRASE
        assert submission.sha256 == hashlib.sha256(data).hexdigest() == receipt.sha256
        assert submission.filename == "Q3 assessment.docx"
        assert submission.size_bytes == len(data)
        assert submission.content_type.endswith("wordprocessingml.document")
        assert submission.file.read() == data
        assert submission.file.name == f"submissions/{submission.pk}/Q3_assessment.docx"
        assert submission.reference == receipt.reference
        assert receipt.reference.startswith("SUB-")
        assert submission.submitted_by == contributor
        assert submission.received_by.pk == "nac"
        assert receipt.receiving_unit_id == "nac"
        assert receipt.recorded["threats"] == ["drugs"]
        assert receipt.recorded["filename"] == "Q3 assessment.docx"
        assert stored_files(media_root) == [media_root / submission.file.name]

    def test_text_without_a_file_is_digested_as_utf8(self, contributor: User) -> None:
        receipt = _send(contributor, text="Cocaine supply")
        assert receipt.sha256 == hashlib.sha256(b"Cocaine supply").hexdigest()
        assert Submission.objects.get(pk=receipt.submission_id).filename == ""

    def test_an_intelligence_report_with_conditions_is_graded(self, contributor: User) -> None:
        receipt = _send(
            contributor,
            kind="intelligence_report",
            grading_source="1",
            grading_intelligence="b",
            grading_handling="c",
            grading_conditions="Not to be shared outside policing.",
        )
        submission = Submission.objects.get(pk=receipt.submission_id)
        assert (submission.grading_source, submission.grading_intelligence) == ("1", "b")
        assert receipt.recorded["grading"] == "1BC"

    def test_the_timetable_names_the_receiving_unit(self, contributor: User) -> None:
        regional_hub = BodyFactory(id="regional-hub")
        TimetableRowFactory(
            body=contributor.body, product="tactical_assessment", deliver_to=regional_hub
        )
        assert _send(contributor).receiving_unit_id == "regional-hub"

    def test_an_analyst_may_send_for_another_body(self, analyst: User, rocu: Body) -> None:
        receipt = _send(analyst, body=rocu, classification="secret")
        assert receipt.body_id == rocu.pk

    def test_receiving_is_audited_in_the_chain(self, contributor: User) -> None:
        receipt = _send(contributor)
        event = AuditEvent.objects.get(action="receive", record_id=receipt.submission_id)
        assert event.actor == contributor
        assert event.detail["sha256"] == receipt.sha256
        assert event.detail["reference"] == receipt.reference
        assert audit_verify() == []


@pytest.mark.usefixtures("ready")
class TestIdempotency:
    def test_a_repeated_key_returns_the_first_receipt_and_stores_nothing(
        self, contributor: User, media_root: Path
    ) -> None:
        first = _send(contributor, idempotency_key="k-1")
        again = _send(contributor, idempotency_key="k-1", title="Changed on retry")
        assert again.replayed
        assert (again.reference, again.submission_id) == (first.reference, first.submission_id)
        assert Submission.objects.count() == 1
        assert len(stored_files(media_root)) == 1
        assert AuditEvent.objects.filter(action="receive").count() == 1

    def test_the_same_key_from_another_user_is_another_submission(
        self, contributor: User, rocu: Body
    ) -> None:
        colleague = User.objects.create(
            username="dee", body=rocu, role="contributor", clearance="official"
        )
        _send(contributor, idempotency_key="k-1")
        _send(colleague, idempotency_key="k-1")
        assert Submission.objects.count() == 2

    def test_without_a_key_each_send_is_new(self, contributor: User) -> None:
        _send(contributor)
        _send(contributor)
        assert Submission.objects.count() == 2


@pytest.mark.usefixtures("ready")
class TestRefused:
    def test_every_missing_field_is_named_together(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(
                contributor,
                kind="",
                title=" ",
                period_start=None,
                period_end=None,
                threats=[],
                text="",
                file=None,
            )
        assert _fields(refused) == {
            "kind",
            "title",
            "period_start",
            "period_end",
            "threats",
            "text",
        }

    def test_unknown_codes_are_named(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(
                contributor,
                kind="novel",
                threats=["drugs", "no-such-threat"],
                classification="restricted",
                compartments=["no-such-compartment"],
            )
        assert _fields(refused) == {"kind", "threats", "classification", "compartments"}
        assert "no-such-threat" in refused.value.message_dict["threats"][0]

    def test_an_intelligence_report_needs_its_grading(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(contributor, kind="intelligence_report")
        assert _fields(refused) == {"grading_source", "grading_intelligence", "grading_handling"}

    def test_a_grading_code_that_does_not_exist_is_named(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(
                contributor,
                kind="intelligence_report",
                grading_source="4",
                grading_intelligence="f",
                grading_handling="x",
            )
        assert _fields(refused) == {"grading_source", "grading_intelligence", "grading_handling"}
        assert "No such grading code" in refused.value.message_dict["grading_source"][0]

    def test_handling_code_c_needs_its_conditions(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(
                contributor,
                kind="intelligence_report",
                grading_source="2",
                grading_intelligence="c",
                grading_handling="c",
            )
        assert _fields(refused) == {"grading_conditions"}

    def test_a_period_ending_before_it_starts_is_refused(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(contributor, period_start=dt.date(2026, 9, 1), period_end=dt.date(2026, 8, 1))
        assert _fields(refused) == {"period_end"}

    def test_a_contributor_cannot_send_for_another_body(
        self, contributor: User, other_force: Body
    ) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(contributor, body=other_force)
        assert "only for your own body" in refused.value.message_dict["body"][0]

    def test_a_contributor_cannot_mark_above_their_clearance(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(contributor, classification="secret")
        assert _fields(refused) == {"classification"}

    def test_a_compartment_the_sender_does_not_hold_is_refused(self, analyst: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(analyst, compartments=["chis"])
        assert "You do not hold chis" in refused.value.message_dict["compartments"][0]

    def test_a_compartment_the_sender_holds_is_recorded(self, chis_analyst: User) -> None:
        receipt = _send(chis_analyst, compartments=["chis"], classification="secret")
        assert receipt.recorded["compartments"] == ["chis"]

    def test_an_inspector_may_not_send(self, inspector: User) -> None:
        with pytest.raises(PermissionDenied):
            _send(inspector)

    def test_a_file_and_text_together_are_refused(self, contributor: User) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(contributor, text="words", file=UploadedFile(name="a.txt", data=b"words"))
        assert _fields(refused) == {"text"}

    @pytest.mark.parametrize(
        ("name", "data", "code"),
        [
            ("report.pdf", b"plain words", "mismatch"),
            ("locked.pdf", encrypted_pdf_bytes(), "encrypted"),
            ("../../etc/cron.d/x.txt", b"words", "invalid"),
            ("report.pdf", b"%PDF-1.4\n garbage", "invalid"),
        ],
    )
    def test_a_bad_file_is_named_and_nothing_is_stored(
        self, contributor: User, media_root: Path, name: str, data: bytes, code: str
    ) -> None:
        with pytest.raises(ValidationError) as refused:
            _send(contributor, file=UploadedFile(name=name, data=data))
        assert _fields(refused) == {"file"}
        assert refused.value.error_dict["file"][0].code == code
        assert Submission.objects.count() == 0
        assert stored_files(media_root) == []
        assert not AuditEvent.objects.filter(action="receive").exists()

    def test_a_failure_after_the_file_is_written_removes_it(
        self, contributor: User, media_root: Path
    ) -> None:
        with (
            mock.patch(
                "soctasking.intelligence.services.audit_record",
                side_effect=DatabaseError("disk full"),
            ),
            pytest.raises(DatabaseError),
        ):
            _send(contributor, file=UploadedFile(name="report.pdf", data=pdf_bytes()))
        assert Submission.objects.count() == 0
        assert stored_files(media_root) == []


@pytest.mark.usefixtures("ready")
def test_threats_are_suggested_from_names_and_keywords() -> None:
    text = "Fraud rings and COUNTY LINES; cocaine; no trafficker here."
    assert [t.pk for t in threats_suggested(text=text)] == ["drugs", "fraud"]


@pytest.mark.usefixtures("ready")
def test_no_threat_is_suggested_for_unrelated_text() -> None:
    assert threats_suggested(text="Quarterly budget") == []
