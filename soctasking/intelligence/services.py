"""Receiving a submission from a contributing body, and suggesting its threats."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from soctasking.accounts.clearance import Classification, classification_rank
from soctasking.accounts.gate import can_write, user_compartments
from soctasking.accounts.models import Compartment, Role
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body
from soctasking.intelligence.extraction import (
    Extracted,
    ExtractionError,
    extract,
    filename_checked,
    stored_name,
)
from soctasking.intelligence.lookups import Lookups
from soctasking.intelligence.models import (
    Channel,
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
    Submission,
    SubmissionKind,
)
from soctasking.themes.index import mentions_refresh
from soctasking.themes.suggestions import keyword_matcher, untagged_signals_refresh
from soctasking.threats.models import Threat

if TYPE_CHECKING:
    from soctasking.accounts.models import User

# Analysts and administrators receive on behalf of any body (a report that
# came by post, say); everyone else sends only for their own.
ANY_BODY_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
# Without the ambiguous 0/O and 1/I/L, so a reference read over the phone is
# read right.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_BATCH = 10_000
RECORDED_LABELS = {
    "title": "Title",
    "kind": "Kind",
    "period_start": "Period starts",
    "period_end": "Period ends",
    "threats": "Threats",
    "classification": "Classification",
    "compartments": "Compartments",
    "grading": "Grading (3x5x2)",
    "grading_conditions": "Handling conditions",
    "channel": "Channel",
    "filename": "File name",
    "content_type": "File type",
    "size_bytes": "File size (bytes)",
    "text_characters": "Characters of text",
}


@dataclass(frozen=True)
class UploadedFile:
    """A file as the sender gave it: its name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Receipt:
    """What the sender is given once their submission is stored."""

    submission_id: str
    reference: str
    sha256: str
    received: datetime
    receiving_unit_id: str
    receiving_unit_name: str
    body_id: str
    body_name: str
    recorded: dict[str, Any]
    replayed: bool = False

    def recorded_shown(self) -> list[tuple[str, str]]:
        """What was recorded, as (label, value) lines for people to read."""
        rows = []
        for key, value in self.recorded.items():
            if isinstance(value, list):
                shown = ", ".join(str(item) for item in value)
            else:
                shown = "" if value is None else str(value)
            rows.append((RECORDED_LABELS.get(key, key), shown or "None"))
        return rows

    def as_text(self) -> str:
        """The receipt as plain text, to download and keep."""
        lines = [
            "Submission receipt",
            "",
            f"Reference: {self.reference}",
            f"SHA-256: {self.sha256}",
            f"Received: {self.received.isoformat()}",
            f"Receiving unit: {self.receiving_unit_name} ({self.receiving_unit_id})",
            f"Submitted for: {self.body_name} ({self.body_id})",
            "",
            "Recorded:",
        ]
        lines.extend(f"  {label}: {shown}" for label, shown in self.recorded_shown())
        return "\n".join(lines) + "\n"


def receipt_of(
    submission: Submission,
    *,
    replayed: bool = False,
    threats: list[Threat] | None = None,
    compartments: list[Compartment] | None = None,
) -> Receipt:
    """The receipt of a stored submission; ``threats`` and ``compartments`` when already known."""
    if threats is None:
        threats = list(submission.threats.all())
    if compartments is None:
        compartments = list(submission.compartments.all())
    grading = ""
    if submission.grading_source:
        grading = (
            f"{submission.grading_source}{submission.grading_intelligence.upper()}"
            f"{submission.grading_handling.upper()}"
        )
    recorded: dict[str, Any] = {
        "title": submission.title,
        "kind": submission.kind,
        "period_start": submission.period_start.isoformat() if submission.period_start else "",
        "period_end": submission.period_end.isoformat() if submission.period_end else "",
        "threats": sorted(t.pk for t in threats),
        "classification": submission.classification,
        "compartments": sorted(c.pk for c in compartments),
        "grading": grading,
        "grading_conditions": submission.grading_conditions,
        "channel": submission.channel,
        "filename": submission.filename,
        "content_type": submission.content_type,
        "size_bytes": submission.size_bytes,
        "text_characters": len(submission.text),
    }
    return Receipt(
        submission_id=submission.pk,
        reference=submission.reference,
        sha256=submission.sha256,
        received=submission.received,
        receiving_unit_id=submission.received_by.pk,
        receiving_unit_name=submission.received_by.name,
        body_id=submission.body.pk,
        body_name=submission.body.name,
        recorded=recorded,
        replayed=replayed,
    )


def threats_suggested(*, text: str) -> list[Threat]:
    """Threats whose name or one of whose keywords appears in ``text``, as whole words."""
    named = keyword_matcher().threats_in(text)
    by_id = Threat.objects.in_bulk(named)
    return [by_id[threat_id] for threat_id in named]


def _new_reference(received: datetime) -> str:
    suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"SUB-{timezone.localdate(received):%Y%m%d}-{suffix}"


def _replay(*, user: User, key: str) -> Receipt | None:
    if not key:
        return None
    earlier = (
        Submission.objects.select_related("body", "received_by")
        .filter(submitted_by=user, idempotency_key=key)
        .first()
    )
    return receipt_of(earlier, replayed=True) if earlier is not None else None


def _choice_error(value: str, choices: Iterable[str]) -> str:
    return f"{value!r} is not one of {', '.join(repr(c) for c in choices)}."


def submission_receive(
    *,
    acting_user: User,
    body: Body | None,
    kind: str,
    title: str,
    period_start: date | None,
    period_end: date | None,
    threats: list[str],
    classification: str,
    compartments: list[str],
    grading_source: str = "",
    grading_intelligence: str = "",
    grading_handling: str = "",
    grading_conditions: str = "",
    themes: list[str] | None = None,
    text: str | None = None,
    file: UploadedFile | None = None,
    idempotency_key: str | None = None,
    channel: str = Channel.API,
) -> Receipt:
    """Store a submission with its file and text, and return its receipt.

    All or nothing: every problem is raised together in one
    ``ValidationError`` keyed by field, and on any failure neither a row nor
    a file is left behind. The receipt is returned only once the
    transaction has committed (the caller's, when called inside one, as a
    batch is). A repeated ``idempotency_key`` from the same
    user returns the first submission's receipt and stores nothing.
    """
    if not can_write(user=acting_user):
        raise PermissionDenied("Your role does not allow sending submissions.")
    key = (idempotency_key or "").strip()
    if len(key) > 255:
        raise ValidationError({"idempotency_key": "An Idempotency-Key is at most 255 characters."})
    replay = _replay(user=acting_user, key=key)
    if replay is not None:
        return replay

    checked = _checked(
        acting_user=acting_user,
        body=body,
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        threats=threats,
        classification=classification,
        compartments=compartments,
        grading=(grading_source, grading_intelligence, grading_handling, grading_conditions),
        text=text or "",
        file=file,
    )
    if checked.errors or body is None or checked.receiving_unit is None:
        raise ValidationError(checked.errors)
    content, extracted = checked.content, checked.extracted

    received = timezone.now()
    digest = hashlib.sha256(file.data if file is not None else content.encode()).hexdigest()
    submission = Submission(
        title=title.strip(),
        body=body,
        kind=kind,
        received=received,
        received_by=checked.receiving_unit,
        channel=channel,
        period_start=period_start,
        period_end=period_end,
        themes=themes or [],
        grading_source=grading_source,
        grading_intelligence=grading_intelligence,
        grading_handling=grading_handling,
        grading_conditions=grading_conditions.strip(),
        classification=classification,
        text=content,
        sha256=digest,
        submitted_by=acting_user,
        idempotency_key=key,
    )
    try:
        with transaction.atomic():
            _store(
                submission, file=file, extracted_type=extracted.content_type if extracted else ""
            )
            submission.threats.set(checked.threats)
            submission.compartments.set(checked.compartments)
            mentions_refresh(submission_ids=[submission.pk])
            untagged_signals_refresh(submission_ids=[submission.pk])
            audit_record(
                actor=acting_user,
                action="receive",
                record_type="submission",
                record_id=submission.pk,
                detail={
                    "reference": submission.reference,
                    "sha256": digest,
                    "body": body.pk,
                    "classification": classification,
                    "channel": channel,
                },
            )
    except IntegrityError:
        _remove_file(submission)
        # Another request with the same key committed first: its receipt is
        # the answer to this one too.
        replay = _replay(user=acting_user, key=key)
        if replay is not None:
            return replay
        raise
    except BaseException:
        _remove_file(submission)
        raise
    return receipt_of(submission)


class BatchInvalidError(Exception):
    """A batch refused whole; each problem is (JSON pointer, message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def submissions_receive_batch(
    *,
    acting_user: User,
    submissions: list[dict[str, Any]],
    idempotency_key: str | None = None,
    channel: str = Channel.API,
) -> list[Receipt]:
    """Receive many submissions, all or nothing, and return their receipts in order.

    Each item holds ``submission_receive``'s keyword arguments other than
    the acting user, key and channel, and is held to the same rules. Every
    item is checked before anything is stored, and every problem is
    reported as ``/submissions/<index>/<field>``; then all are inserted in
    bulk in one transaction, with one audit event naming each, and if
    anything fails none is kept, their files included. With
    ``idempotency_key``, item ``i`` is stored with the key ``<key>/<i>``, so a
    retried batch returns the first receipts and stores nothing.
    """
    if not can_write(user=acting_user):
        raise PermissionDenied("Your role does not allow sending submissions.")
    if not submissions or len(submissions) > MAX_BATCH:
        raise BatchInvalidError(
            [("/submissions", f"Send between 1 and {MAX_BATCH} submissions in a batch.")]
        )
    key = (idempotency_key or "").strip()
    if len(key) > 240:
        # Room for "/<index>" within the stored key's 255 characters.
        raise BatchInvalidError([("Idempotency-Key", "A batch's key is at most 240 characters.")])
    keys = [f"{key}/{index}" if key else "" for index in range(len(submissions))]
    if key:
        earlier = (
            Submission.objects.select_related("body", "received_by")
            .prefetch_related("threats", "compartments")
            .filter(submitted_by=acting_user, idempotency_key__in=keys)
        )
        replayed = {s.idempotency_key: s for s in earlier}
        if replayed:
            # A batch is stored whole, so one item found means all were.
            return [receipt_of(replayed[k], replayed=True) for k in keys if k in replayed]
    rows, checked = _batch_checked(
        acting_user=acting_user, submissions=submissions, keys=keys, channel=channel
    )
    written: list[str] = []
    try:
        with transaction.atomic():
            for row, item, one in zip(rows, submissions, checked, strict=True):
                file: UploadedFile | None = item.get("file")
                if file is not None:
                    _attach(row, file=file, extracted=one.extracted)
                    written.append(row.file.name)
            Submission.objects.bulk_create(rows, batch_size=1000)
            Submission.threats.through.objects.bulk_create(
                [
                    Submission.threats.through(submission_id=row.pk, threat_id=threat.pk)
                    for row, one in zip(rows, checked, strict=True)
                    for threat in one.threats
                ],
                batch_size=1000,
            )
            Submission.compartments.through.objects.bulk_create(
                [
                    Submission.compartments.through(submission_id=row.pk, compartment_id=c.pk)
                    for row, one in zip(rows, checked, strict=True)
                    for c in one.compartments
                ],
                batch_size=1000,
            )
            mentions_refresh(submission_ids=[row.pk for row in rows])
            untagged_signals_refresh(submission_ids=[row.pk for row in rows])
            audit_record(
                actor=acting_user,
                action="receive_batch",
                record_type="submission",
                detail={
                    "channel": channel,
                    "submissions": [
                        {"id": row.pk, "reference": row.reference, "sha256": row.sha256}
                        for row in rows
                    ],
                },
            )
    except BaseException:
        _remove_files(written)
        raise
    # Built from what was inserted, not read back: thousands of reads saved.
    return [
        receipt_of(row, threats=one.threats, compartments=one.compartments)
        for row, one in zip(rows, checked, strict=True)
    ]


def _batch_checked(
    *, acting_user: User, submissions: list[dict[str, Any]], keys: list[str], channel: str
) -> tuple[list[Submission], list[_Checked]]:
    """The batch's rows, unsaved but with their references, once every item passes."""
    lookups = Lookups()
    checked: list[_Checked] = []
    errors: list[tuple[str, str]] = []
    for index, item in enumerate(submissions):
        one = _checked(
            acting_user=acting_user,
            lookups=lookups,
            **_check_arguments(item),
        )
        checked.append(one)
        if one.errors:
            errors.extend(
                (f"/submissions/{index}/{field}", message)
                for field, messages in ValidationError(one.errors).message_dict.items()
                for message in messages
            )
    if errors:
        raise BatchInvalidError(errors)
    received = timezone.now()
    rows = [
        _unsaved(
            item, one, acting_user=acting_user, key=keys[index], channel=channel, received=received
        )
        for index, (item, one) in enumerate(zip(submissions, checked, strict=True))
    ]
    _give_references(rows)
    for index, row in enumerate(rows):
        # The field rules the checks above do not repeat (a title's length,
        # say); the relations and constraints were checked above, and the
        # database enforces them again on insert.
        try:
            row.full_clean(
                exclude=["file", "threats", "compartments", "body", "received_by", "submitted_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors.extend(
                (f"/submissions/{index}/{field}", message)
                for field, messages in error.message_dict.items()
                for message in messages
            )
    if errors:
        raise BatchInvalidError(errors)
    return rows, checked


def _check_arguments(item: dict[str, Any]) -> dict[str, Any]:
    """A batch item's answers as ``_checked`` takes them."""
    return {
        "body": item.get("body"),
        "kind": item.get("kind", ""),
        "title": item.get("title", ""),
        "period_start": item.get("period_start"),
        "period_end": item.get("period_end"),
        "threats": item.get("threats", []),
        "classification": item.get("classification", ""),
        "compartments": item.get("compartments", []),
        "grading": (
            item.get("grading_source", ""),
            item.get("grading_intelligence", ""),
            item.get("grading_handling", ""),
            item.get("grading_conditions", ""),
        ),
        "text": item.get("text") or "",
        "file": item.get("file"),
    }


def _unsaved(
    item: dict[str, Any],
    one: _Checked,
    *,
    acting_user: User,
    key: str,
    channel: str,
    received: datetime,
) -> Submission:
    file: UploadedFile | None = item.get("file")
    return Submission(
        title=item["title"].strip(),
        body=item["body"],
        kind=item["kind"],
        received=received,
        received_by=one.receiving_unit,
        channel=channel,
        period_start=item["period_start"],
        period_end=item["period_end"],
        themes=item.get("themes") or [],
        grading_source=item.get("grading_source", ""),
        grading_intelligence=item.get("grading_intelligence", ""),
        grading_handling=item.get("grading_handling", ""),
        grading_conditions=item.get("grading_conditions", "").strip(),
        classification=item["classification"],
        text=one.content,
        sha256=hashlib.sha256(file.data if file is not None else one.content.encode()).hexdigest(),
        submitted_by=acting_user,
        idempotency_key=key,
    )


def _give_references(rows: list[Submission]) -> None:
    """A fresh reference, and the id made from it, for each of ``rows``."""
    taken: set[str] = set()
    pending = list(rows)
    while pending:
        for row in pending:
            row.reference = _new_reference(row.received)
            row.pk = row.reference.lower()
        ids = [row.pk for row in pending]
        clashes = set(Submission.objects.filter(pk__in=ids).values_list("pk", flat=True))
        fresh = []
        for row in pending:
            if row.pk in clashes or row.pk in taken:
                fresh.append(row)
            else:
                taken.add(row.pk)
        pending = fresh


def _attach(row: Submission, *, file: UploadedFile, extracted: Extracted | None) -> None:
    row.filename = file.name
    row.content_type = extracted.content_type if extracted else ""
    row.size_bytes = len(file.data)
    row.file.save(stored_name(file.name), ContentFile(file.data), save=False)
    _make_durable(row.file.name)


def _make_durable(name: str) -> None:
    """Flush a stored file, and the folders that name it, to disk before the row commits.

    A receipt promises the file survives a power cut, not only a crash: the
    operating system may otherwise hold the bytes in memory after the
    database has committed the row that points at them.
    """
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        return  # storage that is not a local disk makes its own promises
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    for folder in (path.parent, path.parent.parent):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _remove_files(names: list[str]) -> None:
    """The batch's transaction has rolled back, so the files it wrote must go too."""
    for name in names:
        default_storage.delete(name)


@dataclass
class _Checked:
    errors: dict[str, list[ValidationError]]
    receiving_unit: Body | None
    threats: list[Threat]
    compartments: list[Compartment]
    content: str
    extracted: Extracted | None


def _checked(
    *,
    acting_user: User,
    body: Body | None,
    kind: str,
    title: str,
    period_start: date | None,
    period_end: date | None,
    threats: list[str],
    classification: str,
    compartments: list[str],
    grading: tuple[str, str, str, str],
    text: str,
    file: UploadedFile | None,
    lookups: Lookups | None = None,
) -> _Checked:
    problems = _Problems(lookups or Lookups())
    receiving_unit = problems.check_body(acting_user=acting_user, body=body, kind=kind)
    problems.check_metadata(
        kind=kind, title=title, period_start=period_start, period_end=period_end
    )
    known_threats = problems.check_threats(threats)
    known_compartments = problems.check_marking(
        acting_user=acting_user, classification=classification, compartments=compartments
    )
    source, intelligence, handling, conditions = grading
    problems.check_grading(
        kind=kind,
        source=source,
        intelligence=intelligence,
        handling=handling,
        conditions=conditions,
    )
    content, extracted = problems.check_content(text=text, file=file)
    return _Checked(
        errors=problems.errors,
        receiving_unit=receiving_unit,
        threats=known_threats,
        compartments=known_compartments,
        content=content,
        extracted=extracted,
    )


def submission_problems(
    *,
    acting_user: User,
    body: Body | None,
    kind: str,
    title: str,
    period_start: date | None,
    period_end: date | None,
    threats: list[str],
    classification: str,
    compartments: list[str],
    grading_source: str = "",
    grading_intelligence: str = "",
    grading_handling: str = "",
    grading_conditions: str = "",
    text: str | None = None,
    file: UploadedFile | None = None,
) -> dict[str, list[str]]:
    """What ``submission_receive`` would refuse in these answers, by field, storing nothing.

    A page whose form already found some problems uses it to report the
    rest at the same time, so the sender puts everything right in one go.
    """
    checked = _checked(
        acting_user=acting_user,
        body=body,
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        threats=threats,
        classification=classification,
        compartments=compartments,
        grading=(grading_source, grading_intelligence, grading_handling, grading_conditions),
        text=text or "",
        file=file,
    )
    return ValidationError(checked.errors).message_dict if checked.errors else {}


def _remove_file(submission: Submission) -> None:
    """The transaction has rolled back, so the file it wrote must go too."""
    if submission.file:
        submission.file.delete(save=False)


def _store(submission: Submission, *, file: UploadedFile | None, extracted_type: str) -> None:
    """Give the submission its reference and id, write its file, and insert it."""
    for _attempt in range(5):
        submission.reference = _new_reference(submission.received)
        submission.pk = submission.reference.lower()
        if not Submission.objects.filter(pk=submission.pk).exists():
            break
    else:
        raise IntegrityError("no free submission reference")
    if file is not None:
        submission.filename = file.name
        submission.content_type = extracted_type
        submission.size_bytes = len(file.data)
        submission.file.save(stored_name(file.name), ContentFile(file.data), save=False)
        _make_durable(submission.file.name)
    submission.full_clean(exclude=["threats", "compartments"], validate_unique=False)
    submission.save(force_insert=True)


class _Problems:
    """Every problem with a submission, by field, so they are reported together."""

    def __init__(self, lookups: Lookups) -> None:
        self.errors: dict[str, list[ValidationError]] = {}
        self.lookups = lookups

    def refuse(self, field: str, message: str, code: str = "invalid") -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def check_body(self, *, acting_user: User, body: Body | None, kind: str) -> Body | None:
        """The unit that receives the submission, once the sender may send for ``body``."""
        if body is None:
            self.refuse("body", "Say which body the submission is for.")
            return None
        if acting_user.role not in ANY_BODY_ROLES and body.pk != acting_user.body_id:
            self.refuse("body", "You may send submissions only for your own body.")
            return None
        unit = self.lookups.receiving_unit(body=body, kind=kind)
        if unit is None:
            self.refuse("body", "No unit is set up to receive this submission.")
        return unit

    def check_metadata(
        self, *, kind: str, title: str, period_start: date | None, period_end: date | None
    ) -> None:
        if kind not in SubmissionKind.values:
            message = _choice_error(kind, SubmissionKind.values) if kind else "Choose a kind."
            self.refuse("kind", message)
        if not title.strip():
            self.refuse("title", "Enter a title.")
        if period_start is None:
            self.refuse("period_start", "Enter the date the period starts.")
        if period_end is None:
            self.refuse("period_end", "Enter the date the period ends.")
        if period_start and period_end and period_end < period_start:
            self.refuse("period_end", "The period must end on or after the day it starts.")

    def check_threats(self, threats: list[str]) -> list[Threat]:
        threat_ids = list(dict.fromkeys(threats))
        known = self.lookups.threats(threat_ids)
        if not threat_ids:
            self.refuse("threats", "Choose at least one threat.")
        unknown = sorted(set(threat_ids) - {t.pk for t in known})
        if unknown:
            self.refuse("threats", f"No threat has the id {', '.join(map(repr, unknown))}.")
        return known

    def check_marking(
        self, *, acting_user: User, classification: str, compartments: list[str]
    ) -> list[Compartment]:
        """The compartments, once the sender holds the clearance and each compartment."""
        if classification not in Classification.values:
            self.refuse("classification", _choice_error(classification, Classification.values))
        elif classification_rank(classification) > classification_rank(acting_user.clearance):
            self.refuse("classification", "You may not mark a submission above your own clearance.")
        codes = list(dict.fromkeys(compartments))
        known = self.lookups.compartments(codes)
        unknown = sorted(set(codes) - {c.pk for c in known})
        not_held = sorted(set(codes) - user_compartments(acting_user))
        if unknown:
            self.refuse(
                "compartments", f"No compartment has the code {', '.join(map(repr, unknown))}."
            )
        elif not_held:
            self.refuse("compartments", f"You do not hold {', '.join(not_held)}.")
        return known

    def check_grading(
        self, *, kind: str, source: str, intelligence: str, handling: str, conditions: str
    ) -> None:
        """3x5x2: required whole for an intelligence report, whole or absent otherwise."""
        is_report = kind == SubmissionKind.INTELLIGENCE_REPORT
        if is_report or any((source, intelligence, handling)):
            for field, value, choices in (
                ("grading_source", source, SourceEvaluation.values),
                ("grading_intelligence", intelligence, IntelligenceAssessment.values),
                ("grading_handling", handling, HandlingCode.values),
            ):
                if not value:
                    self.refuse(
                        field,
                        "An intelligence report needs its full 3x5x2 grading."
                        if is_report
                        else "Give all three parts of the grading, or none.",
                    )
                elif value not in choices:
                    self.refuse(field, f"No such grading code: {_choice_error(value, choices)}")
        if handling == HandlingCode.C and not conditions.strip():
            self.refuse(
                "grading_conditions", "Record the handling conditions when the handling code is C."
            )

    def check_content(
        self, *, text: str, file: UploadedFile | None
    ) -> tuple[str, Extracted | None]:
        """The submission's text: the file's, once it is accepted, or the text sent."""
        if file is not None and text.strip():
            self.refuse("text", "Send either a file or text, not both.")
        elif file is not None:
            try:
                filename_checked(file.name)
                extracted = extract(data=file.data, name=file.name)
            except ExtractionError as error:
                self.refuse("file", error.message, error.code)
            else:
                return extracted.text, extracted
        elif not text.strip():
            self.refuse("text", "Attach a file or enter the text.")
        return text, None
