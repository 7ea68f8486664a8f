"""API operations of the intelligence app: sending a submission, reading it and its receipt.

``POST /submissions`` takes either JSON (the file, if any, base64-encoded)
or a multipart form (the file as the part named ``file``). The body is read
here rather than by django-ninja so both encodings share one validation and
one error shape, ``{"errors": [{"field", "message"}]}``, and so a body over
the size limit is refused from its Content-Length before any of it is read.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from soctasking.accounts.models import TokenScope, User
from soctasking.accounts.scopes import token_scope
from soctasking.audit.services import audit_sensitive_reads
from soctasking.bodies.models import Body
from soctasking.intelligence.extraction import max_upload_bytes
from soctasking.intelligence.models import Channel
from soctasking.intelligence.selectors import receipt_get, submission_get_visible
from soctasking.intelligence.services import (
    MAX_BATCH,
    BatchInvalidError,
    Receipt,
    UploadedFile,
    submission_problems,
    submission_receive,
    submissions_receive_batch,
)
from soctasking.themes.suggestions import submission_suggestions
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["intelligence"])

# Room for the other fields of a multipart form, and for base64's four bytes
# in every three, above the file size limit.
ENVELOPE_BYTES = 1024**2


def max_batch_bytes() -> int:
    """A batch is JSON held in memory while it is checked, so it has a limit of its own."""
    return int(settings.SOCTASKING_MAX_BATCH_BYTES)


class FileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="the file's name as the sender has it, without any folder")
    content_base64: str = Field(description="the file's bytes, base64-encoded")


class SubmissionIn(BaseModel):
    """One submission as JSON; ``text`` or ``file``, not both."""

    model_config = ConfigDict(extra="forbid")

    body: str | None = Field(None, description="the submitting body's id; default your own")
    kind: str
    title: str
    period_start: date
    period_end: date
    threats: list[str] = Field(description="threat ids; at least one")
    classification: str
    compartments: list[str] = Field(description="compartment codes; may be empty")
    grading_source: str = ""
    grading_intelligence: str = ""
    grading_handling: str = ""
    grading_conditions: str = ""
    themes: list[str] = []
    text: str | None = None
    file: FileIn | None = None


class ErrorOut(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorOut]


class DetailOut(Schema):
    detail: str


class ReceiptOut(Schema):
    submission: str = Field(description="the submission's id")
    reference: str
    sha256: str = Field(description="of the original file, or of the text when no file was sent")
    received: datetime
    receiving_unit: str = Field(description="id of the unit that received it")
    receiving_unit_name: str
    body: str
    recorded: dict[str, Any] = Field(description="what was recorded, as stored")
    replayed: bool = Field(description="true when an earlier request with this key made it")


class ThreatSuggestionOut(Schema):
    threat: str = Field(description="the threat's id")
    name: str
    sources: list[str] = Field(
        description="`keyword`: the text names it or a keyword of it; `classifier`: the text "
        "reads like submissions tagged with it"
    )
    probability: float | None = Field(description="the classifier's, when it suggested it")
    tagged: bool = Field(description="whether the sender tagged the submission with it")


class SubmissionReceivedOut(ReceiptOut):
    suggested_threats: list[ThreatSuggestionOut] = Field(
        description="the threats its text concerns, from the catalogue and the classifier "
        "trained on material at or below the sender's clearance (docs/themes.md)"
    )


class GradingOut(Schema):
    source: str
    intelligence: str
    handling: str
    conditions: str


class SubmissionOut(Schema):
    id: str
    reference: str
    title: str
    body: str
    kind: str
    received: datetime
    received_by: str
    channel: str
    period_start: date | None
    period_end: date | None
    threats: list[str]
    themes: list[str]
    grading: GradingOut | None
    classification: str
    compartments: list[str]
    text: str
    sha256: str
    filename: str
    content_type: str
    size_bytes: int | None


def _receipt_out(receipt: Receipt) -> ReceiptOut:
    return ReceiptOut(
        submission=receipt.submission_id,
        reference=receipt.reference,
        sha256=receipt.sha256,
        received=receipt.received,
        receiving_unit=receipt.receiving_unit_id,
        receiving_unit_name=receipt.receiving_unit_name,
        body=receipt.body_id,
        recorded=receipt.recorded,
        replayed=receipt.replayed,
    )


def _errors(pairs: list[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    return {"errors": [{"field": field, "message": message} for field, message in pairs]}


def validation_errors(error: ValidationError) -> list[tuple[str, str]]:
    """A service's ``ValidationError`` as (field, message) pairs."""
    if hasattr(error, "error_dict"):
        return [
            (field, message)
            for field, problems in error.message_dict.items()
            for message in problems
        ]
    return [("", message) for message in error.messages]


def _too_large(error: ValidationError) -> bool:
    problems = getattr(error, "error_dict", {}).get("file", [])
    return any(problem.code == "too_large" for problem in problems)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _from_multipart(request: HttpRequest) -> tuple[dict[str, Any], UploadedFile | None]:
    fields: dict[str, Any] = {
        key: request.POST.get(key)
        for key in request.POST
        if key not in {"threats", "compartments", "themes"}
    }
    for key in ("threats", "compartments", "themes"):
        if key in request.POST:
            fields[key] = [value for value in request.POST.getlist(key) if value]
    upload = request.FILES.get("file")
    file = None
    if upload is not None:
        file = UploadedFile(name=upload.name or "", data=upload.read(max_upload_bytes() + 1))
    return fields, file


class _RequestRefusedError(Exception):
    def __init__(self, status: int, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.status = status
        self.pairs = pairs


def _from_json(raw: bytes) -> dict[str, Any]:
    try:
        fields = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _RequestRefusedError(422, [("", f"The body is not JSON: {error}")]) from error
    if not isinstance(fields, dict):
        raise _RequestRefusedError(422, [("", "The body must be a JSON object.")])
    return fields


def _parsed(request: HttpRequest) -> tuple[SubmissionIn, UploadedFile | None]:
    limit = max_upload_bytes()
    if _content_length(request) > limit * 4 // 3 + ENVELOPE_BYTES:
        raise _RequestRefusedError(
            413, [("file", f"The request is larger than the limit of {limit} bytes.")]
        )
    file = None
    if request.content_type == "multipart/form-data":
        fields, file = _from_multipart(request)
    else:
        fields = _from_json(request.read(limit * 4 // 3 + ENVELOPE_BYTES + 1))
    try:
        submission = SubmissionIn.model_validate(fields)
    except SchemaError as error:
        raise _RequestRefusedError(
            422,
            [
                (".".join(str(part) for part in problem["loc"]), problem["msg"])
                for problem in error.errors()
            ],
        ) from error
    if submission.file is not None:
        file = _decoded_file(submission.file, field="file.content_base64")
    return submission, file


def _decoded_file(file: FileIn, *, field: str) -> UploadedFile:
    try:
        data = base64.b64decode(file.content_base64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise _RequestRefusedError(422, [(field, "This is not base64.")]) from error
    return UploadedFile(name=file.name, data=data)


def _arguments(
    submission: SubmissionIn, *, body: Body | None, file: UploadedFile | None
) -> dict[str, Any]:
    """One submission as ``submission_receive``'s keyword arguments."""
    return {
        "body": body,
        "kind": submission.kind,
        "title": submission.title,
        "period_start": submission.period_start,
        "period_end": submission.period_end,
        "threats": submission.threats,
        "classification": submission.classification,
        "compartments": submission.compartments,
        "grading_source": submission.grading_source,
        "grading_intelligence": submission.grading_intelligence,
        "grading_handling": submission.grading_handling,
        "grading_conditions": submission.grading_conditions,
        "themes": submission.themes,
        "text": submission.text,
        "file": file,
    }


@router.post(
    "/submissions",
    response={201: SubmissionReceivedOut, 403: DetailOut, 413: ErrorsOut, 422: ErrorsOut},
    summary="Send a submission, and get its receipt and the threats its text suggests",
    description="JSON (a file, if any, as `file: {name, content_base64}`) or multipart/form-data "
    "(the file as the part `file`; `threats` and `compartments` repeated, or one empty "
    "`compartments` for none). Send an `Idempotency-Key` header: a retry with the same key "
    "returns the first receipt (`replayed: true`) and stores nothing new. On 413 or 422 "
    "nothing was stored; each error names its field. See docs/intake.md.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": SubmissionIn.model_json_schema()},
                "multipart/form-data": {"schema": {"type": "object"}},
            },
        },
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
            }
        ],
    },
)
@token_scope(TokenScope.SUBMIT)
def submission_post(request: HttpRequest) -> Status[Any]:
    user = signed_in_user(request)
    try:
        submission, file = _parsed(request)
    except _RequestRefusedError as refused:
        return Status(refused.status, _errors(refused.pairs))
    body_id = submission.body if submission.body is not None else user.body_id
    body = Body.objects.filter(pk=body_id).first() if body_id else None
    if body is None and submission.body is not None:
        return Status(422, _errors([("body", f"No body has the id {submission.body!r}.")]))
    try:
        receipt = submission_receive(
            acting_user=user,
            idempotency_key=request.headers.get("Idempotency-Key"),
            channel=Channel.API,
            **_arguments(submission, body=body, file=file),
        )
    except ValidationError as error:
        return Status(413 if _too_large(error) else 422, _errors(validation_errors(error)))
    suggestions = [
        ThreatSuggestionOut(
            threat=s.threat_id,
            name=s.name,
            sources=s.sources,
            probability=s.probability,
            tagged=s.tagged,
        )
        for s in submission_suggestions(user=user, submission_id=receipt.submission_id)
    ]
    return Status(
        201,
        SubmissionReceivedOut(**_receipt_out(receipt).model_dump(), suggested_threats=suggestions),
    )


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    submissions: list[SubmissionIn] = Field(max_length=MAX_BATCH)


class BatchOut(Schema):
    receipts: list[ReceiptOut]


def _batch_parsed(request: HttpRequest, user: User) -> list[dict[str, Any]]:
    limit = max_batch_bytes()
    if _content_length(request) > limit:
        raise _RequestRefusedError(
            413, [("", f"The request is larger than the limit of {limit} bytes.")]
        )
    try:
        batch = BatchIn.model_validate(_from_json(request.read(limit + 1)))
    except SchemaError as error:
        raise _RequestRefusedError(
            422,
            [
                ("/" + "/".join(str(part) for part in problem["loc"]), problem["msg"])
                for problem in error.errors()
            ],
        ) from error
    wanted = {item.body for item in batch.submissions if item.body is not None}
    bodies = {body.pk: body for body in Body.objects.filter(pk__in=wanted)}
    problems: list[tuple[str, str]] = []
    arguments = []
    for index, item in enumerate(batch.submissions):
        file = None
        if item.file is not None:
            try:
                file = _decoded_file(item.file, field=f"/submissions/{index}/file/content_base64")
            except _RequestRefusedError as refused:
                problems.extend(refused.pairs)
        if item.body is not None and item.body not in bodies:
            problems.append((f"/submissions/{index}/body", f"No body has the id {item.body!r}."))
        body = bodies.get(item.body) if item.body is not None else user.body
        arguments.append(_arguments(item, body=body, file=file))
    if problems:
        # Report the other items' problems too, so one retry can put all right.
        flawed = {pointer.split("/")[2] for pointer, _ in problems}
        problems.extend(
            (f"/submissions/{index}/{field}", message)
            for index, item in enumerate(arguments)
            if str(index) not in flawed
            for field, messages in submission_problems(
                acting_user=user, **{k: v for k, v in item.items() if k != "themes"}
            ).items()
            for message in messages
        )
        raise _RequestRefusedError(422, problems)
    return arguments


@router.post(
    "/submissions/batch",
    response={201: BatchOut, 403: DetailOut, 413: ErrorsOut, 422: ErrorsOut},
    summary="Send up to 10,000 submissions at once, all or nothing",
    description='JSON: `{"submissions": [...]}`, each item as for `POST /submissions`. '
    "Every item is checked first; on 422 nothing was stored and each error's `field` is "
    "the JSON pointer of the offending value (`/submissions/3/title`). With an "
    "`Idempotency-Key`, a retried batch returns the first receipts and stores nothing.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BatchIn.model_json_schema()}},
        }
    },
)
@token_scope(TokenScope.SUBMIT)
def submissions_batch_post(request: HttpRequest) -> Status[Any]:
    user = signed_in_user(request)
    try:
        arguments = _batch_parsed(request, user)
        receipts = submissions_receive_batch(
            acting_user=user,
            submissions=arguments,
            idempotency_key=request.headers.get("Idempotency-Key"),
            channel=Channel.API,
        )
    except _RequestRefusedError as refused:
        return Status(refused.status, _errors(refused.pairs))
    except BatchInvalidError as invalid:
        return Status(422, _errors(invalid.errors))
    return Status(201, {"receipts": [_receipt_out(receipt) for receipt in receipts]})


@router.get(
    "/submissions/{submission_id}",
    response={200: SubmissionOut, 404: DetailOut},
    summary="One submission, with its text",
    description="404 when there is no such submission or you may not see it: the answer "
    "never says which. Reading an OFFICIAL-SENSITIVE or higher submission is audited.",
)
@token_scope(TokenScope.READ)
def submission_get(request: HttpRequest, submission_id: str) -> SubmissionOut:
    user = signed_in_user(request)
    try:
        submission = submission_get_visible(user=user, id=submission_id)
    except Http404 as missing:
        raise HttpError(404, "No submission you may see has this id.") from missing
    audit_sensitive_reads(
        actor=user,
        action="read",
        record_type="submission",
        records=[(submission.pk, submission.classification)],
    )
    grading = None
    if submission.grading_source:
        grading = GradingOut(
            source=submission.grading_source,
            intelligence=submission.grading_intelligence,
            handling=submission.grading_handling,
            conditions=submission.grading_conditions,
        )
    return SubmissionOut(
        id=submission.pk,
        reference=submission.reference,
        title=submission.title,
        body=submission.body_id,
        kind=submission.kind,
        received=submission.received,
        received_by=submission.received_by_id,
        channel=submission.channel,
        period_start=submission.period_start,
        period_end=submission.period_end,
        threats=sorted(t.pk for t in submission.threats.all()),
        themes=list(submission.themes),
        grading=grading,
        classification=submission.classification,
        compartments=sorted(c.pk for c in submission.compartments.all()),
        text=submission.text,
        sha256=submission.sha256,
        filename=submission.filename,
        content_type=submission.content_type,
        size_bytes=submission.size_bytes,
    )


@router.get(
    "/submissions/{submission_id}/receipt",
    response={200: ReceiptOut, 404: DetailOut},
    summary="A submission's receipt",
    description="404 when there is no such submission or you may not see it.",
)
@token_scope(TokenScope.READ)
def submission_receipt_get(request: HttpRequest, submission_id: str) -> ReceiptOut:
    user = signed_in_user(request)
    try:
        receipt = receipt_get(user=user, id=submission_id)
    except Http404 as missing:
        raise HttpError(404, "No submission you may see has this id.") from missing
    # A receipt shows the title, and a sensitive submission's title is itself sensitive.
    audit_sensitive_reads(
        actor=user,
        action="read_receipt",
        record_type="submission",
        records=[(receipt.submission_id, receipt.recorded["classification"])],
    )
    return _receipt_out(receipt)


@router.get(
    "/submissions/{submission_id}/file",
    response={200: None, 404: DetailOut},
    summary="A submission's original file, as sent",
    description="Always `application/octet-stream` as an attachment. 404 when there is no "
    "such submission, you may not see it, or it came without a file. Reading the file of an "
    "OFFICIAL-SENSITIVE or higher submission is audited.",
)
@token_scope(TokenScope.READ)
def submission_file_get(request: HttpRequest, submission_id: str) -> FileResponse:
    user = signed_in_user(request)
    try:
        submission = submission_get_visible(user=user, id=submission_id)
    except Http404 as missing:
        raise HttpError(404, "No submission you may see has this id.") from missing
    if not submission.file:
        raise HttpError(404, "This submission came without a file.")
    audit_sensitive_reads(
        actor=user,
        action="read_file",
        record_type="submission",
        records=[(submission.pk, submission.classification)],
    )
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=submission.filename or submission.file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
