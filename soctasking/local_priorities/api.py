"""API operations of local priorities: the register, recording (JSON or CSV), and adoption.

A refusal by the services answers 422 ``{"errors": [{"field", "message"}]}``
naming each field (``priorities.2`` for the third priority; ``line 3,
threat`` for a CSV line and column) with nothing stored; a role the
services refuse, 403 ``{"detail"}``; an unknown id, 404 ``{"detail"}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.selectors import picture_as_of
from soctasking.lib.api import ErrorsOut, NotFoundOut, Pages, refusals_answered
from soctasking.local_priorities.models import LocalPriority
from soctasking.local_priorities.selectors import (
    adoption_matrix,
    local_priorities_list,
    local_priority_get,
)
from soctasking.local_priorities.services import (
    LocalPrioritiesIn,
    PriorityIn,
    local_priorities_import_csv,
    local_priorities_record,
)
from soctasking.meetings.selectors import current_priority_threats
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["local priorities"])

CSV_TYPES = frozenset({"text/csv", "text/plain"})


class PriorityOut(Schema):
    threat: str | None = Field(None, description="a catalogued threat's id")
    theme: str = Field(description="free text, when no threat")


class LocalPriorityOut(Schema):
    id: str
    body: str | None = Field(None, alias="body_id", description="none for a shared plan")
    period_start: date | None
    period_end: date | None
    source: str = Field(description="empty when not stated")
    document: str = Field(description="the source document's title or reference")
    priorities: list[PriorityOut]

    @staticmethod
    def resolve_priorities(record: LocalPriority) -> list[dict[str, Any]]:
        return [{"threat": e.threat_id, "theme": e.theme} for e in record.entries.all()]


class LocalPrioritiesQuery(Schema):
    body: str = Field("", description="only this body's")


class PriorityBody(Schema):
    threat: str = Field("", description="a threat's id; or give a theme")
    theme: str = Field("", description="free text; or give a threat")


class LocalPrioritiesBody(Schema):
    body: str = Field(description="the body whose priorities these are")
    period_start: date | None = None
    period_end: date | None = None
    source: str = Field("", description="police_and_crime_plan, control_strategy, ...")
    document: str = Field("", description="the source document's title or reference")
    priorities: list[PriorityBody] = Field(description="threats or themes, in the plan's order")


class AdoptionQuery(Schema):
    as_of: date | None = Field(None, description="default: the loaded picture's date, else today")


class AdoptionCellOut(Schema):
    threat: str
    adopted: bool
    submissions: int = Field(description="its submissions the caller may see that concern it")
    concern: bool = Field(description="not adopted, though a quarter or more of them concern it")


class AdoptionRowOut(Schema):
    body: str
    name: str
    kind: str
    submissions: int = Field(description="its submissions in the year the caller may see")
    threats: list[AdoptionCellOut]


class AdoptionOut(Schema):
    as_of: date
    priority_threats: list[str]
    bodies: list[AdoptionRowOut]


@router.get("/local-priorities", response=list[LocalPriorityOut], summary="Local priorities")
@paginate(Pages)
@token_scope(TokenScope.READ)
def local_priorities_api(
    request: HttpRequest, filters: Query[LocalPrioritiesQuery]
) -> QuerySet[LocalPriority]:
    return local_priorities_list(body=filters.body).prefetch_related("entries")


@router.post(
    "/local-priorities",
    response={201: LocalPriorityOut, 403: NotFoundOut, 422: ErrorsOut},
    summary="Record a body's local priorities for a period",
    description="Recording the same body and period again replaces its priorities. "
    "Contributors record for their own body. On 422 nothing was stored.",
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def local_priorities_post(request: HttpRequest, given: LocalPrioritiesBody) -> Any:
    record = local_priorities_record(
        acting_user=signed_in_user(request),
        given=LocalPrioritiesIn(
            body=given.body,
            period_start=given.period_start,
            period_end=given.period_end,
            source=given.source,
            document=given.document,
            priorities=tuple(PriorityIn(threat=p.threat, theme=p.theme) for p in given.priorities),
        ),
    )
    return Status(201, record)


@router.post(
    "/local-priorities/import",
    response={201: list[LocalPriorityOut], 403: NotFoundOut, 415: ErrorsOut, 422: ErrorsOut},
    summary="Import local priorities from CSV (all or nothing)",
    description="The request body is the CSV, `Content-Type: text/csv`, UTF-8, one priority "
    "a line: body, period_start and period_end required; threat or theme on each line; "
    "source and document optional. On 422 nothing was stored and each error's `field` "
    "names the line and column (`line 3, threat`).",
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    },
)
@refusals_answered
@token_scope(TokenScope.RESPONSE)
def local_priorities_import(request: HttpRequest) -> Any:
    if request.content_type not in CSV_TYPES:
        message = "Send the CSV as the request body, with Content-Type: text/csv."
        return Status(415, {"errors": [{"field": "", "message": message}]})
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return Status(422, {"errors": [{"field": "file", "message": "The file is not UTF-8."}]})
    saved = local_priorities_import_csv(acting_user=signed_in_user(request), text=text)
    return Status(201, saved)


# After the import, whose path this one would otherwise take.
@router.get(
    "/local-priorities/{local_priority_id}",
    response={200: LocalPriorityOut, 404: NotFoundOut},
    summary="One body's local priorities for a period",
)
@token_scope(TokenScope.READ)
def local_priority_api(request: HttpRequest, local_priority_id: str) -> LocalPriority:
    record = local_priority_get(id=local_priority_id)
    if record is None:
        raise HttpError(404, f"No local priorities have the id {local_priority_id!r}.")
    return record


@router.get(
    "/adoption",
    response=AdoptionOut,
    summary="Forces and ROCUs against the national priority threats",
    description="For each police force and ROCU, whether it adopted each current national "
    "priority threat, and how many of its submissions of the past year concern it, counting "
    "only those the caller is cleared to see. The counts by threat are the `adoption` metric.",
)
@token_scope(TokenScope.READ)
def adoption_api(request: HttpRequest, query: Query[AdoptionQuery]) -> dict[str, Any]:
    as_of = picture_as_of(explicit=query.as_of)
    threats = current_priority_threats(as_of=as_of)
    matrix = adoption_matrix(user=signed_in_user(request), as_of=as_of, threat_ids=threats)
    return {
        "as_of": as_of,
        "priority_threats": [threat.pk for threat in matrix.threats],
        "bodies": [
            {
                "body": row.body.pk,
                "name": row.body.name,
                "kind": row.body.kind,
                "submissions": row.submissions,
                "threats": [vars(cell) for cell in row.cells],
            }
            for row in matrix.rows
        ],
    }
