"""How the timetable API parses requests, refuses bad ones in one shape, and renders records."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError
from pydantic import BaseModel
from pydantic import ValidationError as SchemaError

from soctasking.accounts.models import User
from soctasking.intelligence.compliance import RowCompliance, RowStatus
from soctasking.intelligence.models import Requirement
from soctasking.timetable.api.schemas import PageQuery
from soctasking.timetable.models import TimetableEscalation
from soctasking.timetable.selectors import (
    BodyCompliance,
    compliance_by_body,
    compliance_totals,
    requirement_get,
    sees_everything,
)

P = ParamSpec("P")
M = TypeVar("M", bound=BaseModel)


# Parsing and refusing.


class RefusedError(Exception):
    def __init__(self, status: int, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.status = status
        self.pairs = pairs


def _errors(pairs: list[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    return {"errors": [{"field": field, "message": message} for field, message in pairs]}


def service_pairs(
    error: ValidationError, *, field: Callable[[str], str] = str
) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [
        (field(key), message)
        for key, messages in error.message_dict.items()
        for message in messages
    ]


def row_pointer(key: str) -> str:
    """``/rows/3, due`` (the service's key for the place we gave it) as ``/rows/3/due``."""
    return key.replace(", ", "/", 1) if key.startswith("/rows/") else key


def _schema_pairs(error: SchemaError, *, pointer: bool) -> list[tuple[str, str]]:
    pairs = []
    for problem in error.errors():
        parts = [str(part) for part in problem["loc"]]
        pairs.append(("/" + "/".join(parts) if pointer else ".".join(parts), problem["msg"]))
    return pairs


def raw_body(request: HttpRequest) -> bytes:
    try:
        return request.body
    except RequestDataTooBig:
        raise RefusedError(413, [("", "The request is larger than the server accepts.")]) from None


def parse_body(request: HttpRequest, model: type[M], *, pointer: bool = False) -> M:
    """The JSON request body as ``model``; an empty body counts as ``{}``."""
    raw = raw_body(request)
    try:
        fields = json.loads(raw) if raw.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RefusedError(422, [("", f"The body is not JSON: {error}")]) from error
    if not isinstance(fields, dict):
        raise RefusedError(422, [("", "The body must be a JSON object.")])
    try:
        return model.model_validate(fields)
    except SchemaError as error:
        raise RefusedError(422, _schema_pairs(error, pointer=pointer)) from error


def parse_query(request: HttpRequest, model: type[M]) -> M:
    try:
        return model.model_validate(request.GET.dict())
    except SchemaError as error:
        raise RefusedError(422, _schema_pairs(error, pointer=False)) from error


def answering(operation: Callable[P, Any]) -> Callable[P, Any]:
    """Answer a refusal raised in ``operation`` with its status and shape."""

    @functools.wraps(operation)
    def answer(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return operation(*args, **kwargs)
        except RefusedError as refused:
            return Status(refused.status, _errors(refused.pairs))
        except PermissionDenied as denied:
            return Status(403, {"detail": str(denied)})
        except ValidationError as error:
            return Status(422, _errors(service_pairs(error)))

    return answer


def openapi_schema(model: type[BaseModel]) -> dict[str, Any]:
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


def openapi_query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """A query model's fields as OpenAPI parameters, since it is parsed here, not by ninja."""
    schema = openapi_schema(model)
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


def openapi_json_body(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": openapi_schema(model)}},
        }
    }


def requirement_or_404(requirement_id: str) -> Requirement:
    requirement = requirement_get(id=requirement_id)
    if requirement is None:
        raise HttpError(404, f"No requirement has the id {requirement_id!r}.")
    return requirement


def paginate(
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


def requirement_out(requirement: Requirement) -> dict[str, Any]:
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


def counts_out(counts: Counter[RowStatus]) -> dict[str, int]:
    return {status.value: counts[status] for status in RowStatus}


def row_status_out(row: RowCompliance) -> dict[str, Any]:
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
        "counts": counts_out(entry.counts),
        "rows": [row_status_out(row) for row in entry.rows],
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
        "totals": counts_out(compliance_totals(entries)),
        "bodies": [_body_compliance_out(entry) for entry in entries],
    }


def escalation_out(escalation: TimetableEscalation, *, show_rows: bool) -> dict[str, Any]:
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
