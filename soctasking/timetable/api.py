"""API operations of the timetable: requirements, their rows, acknowledgements, compliance, gaps.

Request bodies and query strings are parsed here rather than by django-ninja,
so that every refusal has one shape, ``{"errors": [{"field", "message"}]}``
with status 422 (413 for a body over Django's upload limit), and names what
was wrong:

- in a JSON body, the field's name as the services key it (``period_end``,
  ``threats.0.threat`` for a nested value), except that the rows of
  ``POST /requirements/{id}/rows`` are named by JSON pointer
  (``/rows/3/due``), as the batch of submissions is;
- in a CSV import, the line and column as the service keys them
  (``line 3, due``; ``line 1`` for the header, ``file`` for the whole);
- in a query string, the parameter's name (``as_of``).

A path naming no requirement, row or body answers 404 ``{"detail"}``; a role
the service refuses, 403 ``{"detail"}``. See docs/timetable-api.md.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Generic, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as SchemaError

from soctasking.accounts.models import TokenScope, User
from soctasking.accounts.reauthentication import require_recent_confirmation
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.selectors import picture_as_of
from soctasking.bodies.models import BodyKind
from soctasking.bodies.selectors import body_get
from soctasking.intelligence.compliance import RowCompliance, RowStatus
from soctasking.intelligence.models import Requirement, SubmissionKind
from soctasking.meetings.models import Meeting
from soctasking.timetable.models import TimetableEscalation
from soctasking.timetable.recurrence import Every, RecurringRule
from soctasking.timetable.selectors import (
    BodyCompliance,
    acknowledgement_of,
    acknowledgements_of,
    compliance_by_body,
    compliance_history,
    compliance_totals,
    escalations_for_meeting,
    escalations_of,
    requirement_default,
    requirement_get,
    requirements_list,
    rows_of,
    sees_everything,
)
from soctasking.timetable.services import (
    MAX_IMPORT_ROWS,
    RowIn,
    gap_escalate,
    requirement_acknowledge,
    requirement_create,
    timetable_row_delete,
    timetable_rows_generate,
    timetable_rows_import_csv,
    timetable_rows_save,
)
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["timetable"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_REASON_LENGTH = 2000
MAX_PAGE = 1_000_000
CSV_TYPES = frozenset({"text/csv", "text/plain"})
AS_OF_DEFAULT = "default: the date the loaded picture describes, else today, as the findings use"

P = ParamSpec("P")
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


# Input: bodies and query strings, validated by pydantic here.


class ThreatPriorityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threat: str = Field(description="a threat's id")
    collection_priority: str = Field("", description="high, medium, low, or empty")


class RequirementIn(BaseModel):
    """Dates may be left out, to be refused by name with every other problem."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field("", description="lower-case letters, digits, '.', '_' or '-'")
    period_start: date | None = None
    period_end: date | None = None
    issued: date | None = None
    threats: list[ThreatPriorityIn] = []


class RowInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field("", description="omit to have one made from requirement, body, product, due")
    body: str = Field("", description="the body that owes the product")
    product: str = Field("", description="a submission kind: " + ", ".join(SubmissionKind.values))
    due: date | None = None
    window_start: date | None = Field(
        None, description="the first day a submission counts; default the period's start"
    )
    deliver_to: str = Field("", description="the body it is sent to")


class RowsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: list[RowInput] = Field(min_length=1, max_length=MAX_IMPORT_ROWS)


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product: str = Field(description="a submission kind: " + ", ".join(SubmissionKind.values))
    every: Every
    days_after: int = Field(description="days after the end of each period that it is due")
    deliver_to: str = Field(description="the body the products are sent to")
    body_kinds: list[BodyKind] = Field([], description="every body of these kinds")
    bodies: list[str] = Field([], description="these bodies, by id")


class AcknowledgementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str | None = Field(None, description="default your own; administrators may name any")


class EscalationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requirement: str
    body: str
    reason: str = Field("", max_length=MAX_REASON_LENGTH)


class PageQuery(BaseModel):
    # Past MAX_PAGE a page's offset would overflow the database's integers.
    page: int = Field(1, ge=1, le=MAX_PAGE)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="items a page")


class RowsQuery(PageQuery):
    body: str = Field("", description="only this body's rows")
    product: SubmissionKind | None = Field(None, description="only rows of this product")


class ComplianceQuery(BaseModel):
    requirement: str = Field(
        "", description="default: the requirement current on as_of, else the latest issued by it"
    )
    body: str = Field("", description="only this body")
    status: RowStatus | None = Field(None, description="only bodies with a row of this status")
    as_of: date | None = Field(None, description=AS_OF_DEFAULT)


class HistoryQuery(BaseModel):
    as_of: date | None = Field(None, description=AS_OF_DEFAULT)


class EscalationsQuery(PageQuery):
    requirement: str = Field("", description="only this requirement's")
    meeting: str = Field(
        "",
        description="only those on this meeting's agenda, with, for the next NTIG meeting, "
        "those waiting for a meeting to be scheduled",
    )


# Output.


class ErrorOut(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorOut]


class DetailOut(Schema):
    detail: str


class ThreatPriorityOut(Schema):
    threat: str
    collection_priority: str


class RequirementOut(Schema):
    id: str
    period_start: date
    period_end: date
    issued: date
    row_count: int
    body_count: int
    threats: list[ThreatPriorityOut]


class RowOut(Schema):
    id: str
    requirement: str = Field(alias="requirement_id")
    body: str = Field(alias="body_id")
    body_name: str = Field(alias="body.name")
    product: str
    due: date
    window_start: date | None
    deliver_to: str = Field(alias="deliver_to_id")


class RowsSavedOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]


class AcknowledgementOut(Schema):
    requirement: str = Field(alias="requirement_id")
    body: str = Field(alias="body_id")
    date: date


class CountsOut(Schema):
    on_time: int
    late: int
    missing: int
    due: int


class RowStatusOut(Schema):
    id: str
    product: str
    due: date
    window_start: date = Field(description="the row's own, else the requirement's period start")
    deliver_to: str
    status: RowStatus
    received: date | None = Field(description="when the first submission meeting it came")
    submission: str | None = Field(description="that submission's id")


class BodyComplianceOut(Schema):
    body: str
    body_name: str
    acknowledged: date | None
    reminders: int = Field(description="reminder emails recorded for its rows")
    escalation: int | None = Field(description="its latest escalation's id")
    escalated_to: str | None = Field(
        description="the meeting that escalation is on the agenda of; null while none is "
        "scheduled, or when never escalated"
    )
    counts: CountsOut
    rows: list[RowStatusOut]


class ComplianceOut(Schema):
    requirement: str
    as_of: date
    judged_on_visible_only: bool = Field(
        description="true when the caller may not see every submission: a row met only by "
        "material they may not see shows as missing to them"
    )
    totals: CountsOut
    bodies: list[BodyComplianceOut]


class RequirementHistoryOut(Schema):
    requirement: str
    period_start: date
    period_end: date
    acknowledged: date | None
    counts: CountsOut
    rows: list[RowStatusOut]


class HistoryOut(Schema):
    body: str
    body_name: str
    as_of: date
    judged_on_visible_only: bool
    requirements: list[RequirementHistoryOut]


class MeetingOut(Schema):
    id: str
    date: date


class EscalationOut(Schema):
    id: int
    requirement: str
    body: str
    rows: list[str] | None = Field(
        description="the rows missing as the escalating user saw them; null unless you may "
        "see every submission, since which rows they left out could betray material you may not"
    )
    meeting: MeetingOut | None = Field(
        description="the NTIG meeting it is on the agenda of; null when none was scheduled "
        "when it was raised"
    )
    reason: str
    raised: datetime
    raised_by: str | None


class PageOut(Schema, Generic[T]):
    count: int = Field(description="items over every page")
    page: int
    limit: int
    items: list[T]


#: What a write under /requirements/{id} may answer besides success.
REFUSALS: dict[int, Any] = {403: DetailOut, 404: DetailOut, 413: ErrorsOut, 422: ErrorsOut}


# Parsing and refusing.


class _RefusedError(Exception):
    def __init__(self, status: int, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.status = status
        self.pairs = pairs


def _errors(pairs: list[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    return {"errors": [{"field": field, "message": message} for field, message in pairs]}


def _service_pairs(
    error: ValidationError, *, field: Callable[[str], str] = str
) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [
        (field(key), message)
        for key, messages in error.message_dict.items()
        for message in messages
    ]


def _row_pointer(key: str) -> str:
    """``/rows/3, due`` (the service's key for the place we gave it) as ``/rows/3/due``."""
    return key.replace(", ", "/", 1) if key.startswith("/rows/") else key


def _schema_pairs(error: SchemaError, *, pointer: bool) -> list[tuple[str, str]]:
    pairs = []
    for problem in error.errors():
        parts = [str(part) for part in problem["loc"]]
        pairs.append(("/" + "/".join(parts) if pointer else ".".join(parts), problem["msg"]))
    return pairs


def _raw_body(request: HttpRequest) -> bytes:
    try:
        return request.body
    except RequestDataTooBig:
        raise _RefusedError(413, [("", "The request is larger than the server accepts.")]) from None


def _body(request: HttpRequest, model: type[M], *, pointer: bool = False) -> M:
    """The JSON request body as ``model``; an empty body counts as ``{}``."""
    raw = _raw_body(request)
    try:
        fields = json.loads(raw) if raw.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _RefusedError(422, [("", f"The body is not JSON: {error}")]) from error
    if not isinstance(fields, dict):
        raise _RefusedError(422, [("", "The body must be a JSON object.")])
    try:
        return model.model_validate(fields)
    except SchemaError as error:
        raise _RefusedError(422, _schema_pairs(error, pointer=pointer)) from error


def _query(request: HttpRequest, model: type[M]) -> M:
    try:
        return model.model_validate(request.GET.dict())
    except SchemaError as error:
        raise _RefusedError(422, _schema_pairs(error, pointer=False)) from error


def _answering(operation: Callable[P, Any]) -> Callable[P, Any]:
    """Answer a refusal raised in ``operation`` with its status and shape."""

    @functools.wraps(operation)
    def answer(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return operation(*args, **kwargs)
        except _RefusedError as refused:
            return Status(refused.status, _errors(refused.pairs))
        except PermissionDenied as denied:
            return Status(403, {"detail": str(denied)})
        except ValidationError as error:
            return Status(422, _errors(_service_pairs(error)))

    return answer


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON Schema with its definitions written in place.

    Pydantic refers to nested models as ``#/$defs/...``, which in an OpenAPI
    document would point at the document's root rather than the schema.
    """
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inlined(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inlined(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inlined(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inlined(value) for value in node]
        return node

    return dict(inlined(schema))


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A query model's fields as OpenAPI parameters, since it is parsed here, not by ninja."""
    schema = _schema(model)
    parameters = []
    for name, spec in schema["properties"].items():
        plain = next(v for v in spec.get("anyOf", [spec]) if v.get("type") != "null")
        plain = {k: v for k, v in plain.items() if k not in {"title", "description"}}
        if spec.get("default") is not None:
            plain["default"] = spec["default"]
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in schema.get("required", []),
                "description": spec.get("description", ""),
                "schema": plain,
            }
        )
    return parameters


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _schema(model)}},
        }
    }


def _requirement(requirement_id: str) -> Requirement:
    requirement = requirement_get(id=requirement_id)
    if requirement is None:
        raise HttpError(404, f"No requirement has the id {requirement_id!r}.")
    return requirement


def _page(
    queryset: QuerySet[Any], query: PageQuery, render: Callable[[Any], Any] = lambda item: item
) -> dict[str, Any]:
    start = (query.page - 1) * query.limit
    items = queryset[start : start + query.limit]
    return {
        "count": queryset.count(),
        "page": query.page,
        "limit": query.limit,
        "items": [render(item) for item in items],
    }


# Rendering.


def _requirement_out(requirement: Requirement) -> dict[str, Any]:
    threats = sorted(requirement.threats.all(), key=lambda one: one.threat_id)
    return {
        "id": requirement.pk,
        "period_start": requirement.period_start,
        "period_end": requirement.period_end,
        "issued": requirement.issued,
        # Annotated by requirements_list; a requirement just issued has none yet.
        "row_count": getattr(requirement, "row_count", 0),
        "body_count": getattr(requirement, "body_count", 0),
        "threats": [
            {"threat": one.threat_id, "collection_priority": one.collection_priority}
            for one in threats
        ],
    }


def _counts_out(counts: Counter[RowStatus]) -> dict[str, int]:
    return {status.value: counts[status] for status in RowStatus}


def _row_status_out(row: RowCompliance) -> dict[str, Any]:
    return {
        "id": row.row.pk,
        "product": row.row.product,
        "due": row.row.due,
        "window_start": row.window_start,
        "deliver_to": row.row.deliver_to_id,
        "status": row.status,
        "received": row.received,
        "submission": row.submission.pk if row.submission is not None else None,
    }


def _body_compliance_out(entry: BodyCompliance) -> dict[str, Any]:
    escalation = entry.escalation
    return {
        "body": entry.body.pk,
        "body_name": entry.body.name,
        "acknowledged": entry.acknowledged,
        "reminders": entry.reminders,
        "escalation": escalation.pk if escalation is not None else None,
        "escalated_to": escalation.meeting_id if escalation is not None else None,
        "counts": _counts_out(entry.counts),
        "rows": [_row_status_out(row) for row in entry.rows],
    }


def compliance_out(
    *, user: User, requirement: Requirement, as_of: date, body: str = "", status: str = ""
) -> dict[str, Any]:
    """The compliance document ``GET /compliance`` returns; ``timetable compliance`` prints it.

    Judged on the submissions ``user`` may see (see the selectors' docstring).
    """
    entries = compliance_by_body(
        user=user, requirement=requirement, as_of=as_of, body=body, status=status
    )
    return {
        "requirement": requirement.pk,
        "as_of": as_of,
        "judged_on_visible_only": not sees_everything(user=user),
        "totals": _counts_out(compliance_totals(entries)),
        "bodies": [_body_compliance_out(entry) for entry in entries],
    }


def _escalation_out(escalation: TimetableEscalation, *, show_rows: bool) -> dict[str, Any]:
    meeting = escalation.meeting
    return {
        "id": escalation.pk,
        "requirement": escalation.requirement_id,
        "body": escalation.body_id,
        "rows": sorted(row.pk for row in escalation.rows.all()) if show_rows else None,
        "meeting": {"id": meeting.pk, "date": meeting.date} if meeting is not None else None,
        "reason": escalation.reason,
        "raised": escalation.raised,
        "raised_by": escalation.raised_by.get_username() if escalation.raised_by else None,
    }


# Requirements.


@router.get(
    "/requirements",
    response={200: PageOut[RequirementOut], 422: ErrorsOut},
    summary="The requirements, latest period first",
    openapi_extra={"parameters": _query_parameters(PageQuery)},
)
@_answering
@token_scope(TokenScope.READ)
def requirements_get(request: HttpRequest) -> Any:
    signed_in_user(request)
    query = _query(request, PageQuery)
    return _page(requirements_list().prefetch_related("threats"), query, _requirement_out)


@router.post(
    "/requirements",
    response={201: RequirementOut, 403: DetailOut, 413: ErrorsOut, 422: ErrorsOut},
    summary="Issue a requirement (analysts and administrators)",
    description="On 422 nothing was stored; each error names its field.",
    openapi_extra=_json_body(RequirementIn),
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def requirement_post(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    payload = _body(request, RequirementIn)
    requirement = requirement_create(
        acting_user=user,
        id=payload.id,
        period_start=payload.period_start,
        period_end=payload.period_end,
        issued=payload.issued,
        threats=[(one.threat, one.collection_priority) for one in payload.threats],
    )
    return Status(201, _requirement_out(requirement))


@router.get(
    "/requirements/{requirement_id}",
    response={200: RequirementOut, 404: DetailOut},
    summary="One requirement",
)
@token_scope(TokenScope.READ)
def requirement_get_api(request: HttpRequest, requirement_id: str) -> Any:
    signed_in_user(request)
    requirement = requirements_list().filter(pk=requirement_id).prefetch_related("threats").first()
    if requirement is None:
        raise HttpError(404, f"No requirement has the id {requirement_id!r}.")
    return _requirement_out(requirement)


# Rows.


@router.get(
    "/requirements/{requirement_id}/rows",
    response={200: PageOut[RowOut], 404: DetailOut, 422: ErrorsOut},
    summary="A requirement's timetable rows, by due date",
    openapi_extra={"parameters": _query_parameters(RowsQuery)},
)
@_answering
@token_scope(TokenScope.READ)
def rows_get(request: HttpRequest, requirement_id: str) -> Any:
    signed_in_user(request)
    requirement = _requirement(requirement_id)
    query = _query(request, RowsQuery)
    product = query.product.value if query.product is not None else ""
    return _page(rows_of(requirement=requirement, body=query.body, product=product), query)


@router.post(
    "/requirements/{requirement_id}/rows",
    response={201: RowsSavedOut, **REFUSALS},
    summary="Add rows to a requirement's timetable, or update them by id (all or nothing)",
    description='JSON: `{"rows": [...]}`. A row without an id gets one made from its '
    "requirement, body, product and due date, so sending the same rows again changes "
    "nothing. On 422 nothing was stored and each error's `field` is the JSON pointer of "
    "the offending value (`/rows/3/due`).",
    openapi_extra=_json_body(RowsIn),
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def rows_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = _requirement(requirement_id)
    payload = _body(request, RowsIn, pointer=True)
    try:
        saved = timetable_rows_save(
            acting_user=user,
            requirement_id=requirement.pk,
            rows=[RowIn(**row.model_dump()) for row in payload.rows],
            where=[f"/rows/{index}" for index in range(len(payload.rows))],
            source="api",
        )
    except ValidationError as error:
        raise _RefusedError(422, _service_pairs(error, field=_row_pointer)) from error
    return Status(201, dataclasses.asdict(saved))


@router.post(
    "/requirements/{requirement_id}/rows/import",
    response={201: RowsSavedOut, 415: ErrorsOut, **REFUSALS},
    summary="Import rows from CSV (all or nothing)",
    description="The request body is the CSV itself, `Content-Type: text/csv`, UTF-8. Its "
    "first line names the columns: body, product, due and deliver_to are required, id and "
    "window_start optional. On 422 nothing was stored and each error's `field` is the "
    "line and column, counting the header as line 1 (`line 3, due`).",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def rows_import_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = _requirement(requirement_id)
    if request.content_type not in CSV_TYPES:
        raise _RefusedError(
            415, [("", "Send the CSV as the request body, with Content-Type: text/csv.")]
        )
    try:
        text = _raw_body(request).decode("utf-8")
    except UnicodeDecodeError as error:
        raise _RefusedError(422, [("file", "The file is not UTF-8 text.")]) from error
    saved = timetable_rows_import_csv(acting_user=user, requirement_id=requirement.pk, text=text)
    return Status(201, dataclasses.asdict(saved))


@router.post(
    "/requirements/{requirement_id}/rows/generate",
    response={201: RowsSavedOut, **REFUSALS},
    summary="Make rows from a recurring rule",
    description="One row a body for every calendar month or quarter ending within the "
    "requirement's period, due `days_after` days after it ends; its window opens the day "
    "after the period ends. Generating again with the same rule changes nothing.",
    openapi_extra=_json_body(RuleIn),
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def rows_generate_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = _requirement(requirement_id)
    payload = _body(request, RuleIn)
    rule = RecurringRule(
        product=payload.product,
        every=payload.every,
        days_after=payload.days_after,
        deliver_to=payload.deliver_to,
        body_kinds=tuple(kind.value for kind in payload.body_kinds),
        bodies=tuple(payload.bodies),
    )
    saved = timetable_rows_generate(acting_user=user, requirement_id=requirement.pk, rule=rule)
    return Status(201, dataclasses.asdict(saved))


@router.delete(
    "/timetable-rows/{row_id}",
    response={204: None, 403: DetailOut, 404: DetailOut},
    summary="Remove a row, with its reminders and its place in any escalation",
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def row_delete(request: HttpRequest, row_id: str) -> Any:
    user = signed_in_user(request)
    try:
        timetable_row_delete(acting_user=user, row_id=row_id)
    except ValidationError as error:
        # The one thing the service refuses, once the role is allowed, is an unknown id.
        raise HttpError(404, " ".join(error.messages)) from error
    return Status(204, None)


# Acknowledgements.


@router.get(
    "/requirements/{requirement_id}/acknowledgements",
    response={200: list[AcknowledgementOut], 404: DetailOut},
    summary="The bodies that acknowledged a requirement, and when",
)
@token_scope(TokenScope.READ)
def acknowledgements_get(request: HttpRequest, requirement_id: str) -> Any:
    signed_in_user(request)
    requirement = _requirement(requirement_id)
    return list(acknowledgements_of(requirement=requirement))


@router.post(
    "/requirements/{requirement_id}/acknowledgements",
    response={200: AcknowledgementOut, 201: AcknowledgementOut, **REFUSALS},
    summary="Acknowledge a requirement for your body, dated today",
    description='The body may be empty, or `{"body": "..."}`: contributors and other '
    "writing roles acknowledge for their own body, administrators for any. 201 with the "
    "new acknowledgement; 200 with the first one, unchanged, when the body had already "
    "acknowledged.",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": _schema(AcknowledgementIn)}},
        }
    },
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def acknowledgement_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = _requirement(requirement_id)
    payload = _body(request, AcknowledgementIn)
    before = acknowledgement_of(requirement=requirement, body_id=payload.body or user.body_id)
    acknowledgement = requirement_acknowledge(
        acting_user=user, requirement_id=requirement.pk, body_id=payload.body
    )
    return Status(200 if before is not None else 201, acknowledgement)


# Compliance.


@router.get(
    "/compliance",
    response={200: ComplianceOut, 404: DetailOut, 422: ErrorsOut},
    summary="Each body's timetable rows in a requirement: on time, late, missing or due",
    description="Judged on the submissions you may see: a row met only by material above "
    "your clearance or in a compartment you do not hold shows as missing, with no "
    "submission, and `judged_on_visible_only` is true unless you may see everything. "
    "Bodies with the most missing rows come first, then those with the most late.",
    openapi_extra={"parameters": _query_parameters(ComplianceQuery)},
)
@_answering
@token_scope(TokenScope.READ)
def compliance_get(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    query = _query(request, ComplianceQuery)
    as_of = picture_as_of(explicit=query.as_of)
    if query.requirement:
        requirement = _requirement(query.requirement)
    else:
        found = requirement_default(as_of=as_of)
        if found is None:
            raise HttpError(404, f"No requirement is current on {as_of} or was issued by then.")
        requirement = found
    return compliance_out(
        user=user,
        requirement=requirement,
        as_of=as_of,
        body=query.body,
        status=query.status.value if query.status is not None else "",
    )


@router.get(
    "/compliance/{body_id}/history",
    response={200: HistoryOut, 404: DetailOut, 422: ErrorsOut},
    summary="A body's rows in every requirement issued by a date, latest first",
    description="Judged on the submissions you may see, as `GET /compliance` is.",
    openapi_extra={"parameters": _query_parameters(HistoryQuery)},
)
@_answering
@token_scope(TokenScope.READ)
def compliance_history_get(request: HttpRequest, body_id: str) -> Any:
    user = signed_in_user(request)
    query = _query(request, HistoryQuery)
    body = body_get(body_id=body_id)
    if body is None:
        raise HttpError(404, f"No body has the id {body_id!r}.")
    as_of = picture_as_of(explicit=query.as_of)
    history = compliance_history(user=user, body=body, as_of=as_of)
    return {
        "body": body.pk,
        "body_name": body.name,
        "as_of": as_of,
        "judged_on_visible_only": not sees_everything(user=user),
        "requirements": [
            {
                "requirement": entry.requirement.pk,
                "period_start": entry.requirement.period_start,
                "period_end": entry.requirement.period_end,
                "acknowledged": entry.acknowledged,
                "counts": _counts_out(entry.counts),
                "rows": [_row_status_out(row) for row in entry.rows],
            }
            for entry in history
        ],
    }


# Escalations.


@router.post(
    "/escalations",
    response={201: EscalationOut, 403: DetailOut, 413: ErrorsOut, 422: ErrorsOut},
    summary="Put a body's missing rows on the next NTIG meeting's agenda",
    description="Analysts, administrators, the secretariat and chairs. The rows are those "
    "missing today as you see them. Refused (422, field `body`) when nothing is missing "
    "or the body's gap already awaits a meeting. With no NTIG meeting scheduled, "
    "`meeting` is null and the first one scheduled takes it.",
    openapi_extra=_json_body(EscalationIn),
)
@_answering
@token_scope(TokenScope.TIMETABLE)
def escalation_post(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    require_recent_confirmation(request)
    payload = _body(request, EscalationIn)
    escalation = gap_escalate(
        acting_user=user,
        requirement_id=payload.requirement,
        body_id=payload.body,
        reason=payload.reason,
    )
    return Status(201, _escalation_out(escalation, show_rows=True))


@router.get(
    "/escalations",
    response={200: PageOut[EscalationOut], 422: ErrorsOut},
    summary="Gaps escalated to the NTIG, latest first",
    openapi_extra={"parameters": _query_parameters(EscalationsQuery)},
)
@_answering
@token_scope(TokenScope.READ)
def escalations_get(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    query = _query(request, EscalationsQuery)
    escalations = escalations_of()
    if query.meeting:
        meeting = Meeting.objects.select_related("series").filter(pk=query.meeting).first()
        if meeting is None:
            raise _RefusedError(422, [("meeting", f"No meeting has the id {query.meeting!r}.")])
        escalations = escalations_for_meeting(meeting=meeting)
    if query.requirement:
        escalations = escalations.filter(requirement_id=query.requirement)
    show_rows = sees_everything(user=user)
    return _page(
        escalations, query, lambda escalation: _escalation_out(escalation, show_rows=show_rows)
    )
