"""The timetable API's operations: requirements, rows, acknowledgements, compliance, gaps."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from soctasking.accounts.models import TokenScope
from soctasking.accounts.reauthentication import require_recent_confirmation
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.selectors import picture_as_of
from soctasking.bodies.selectors import body_get
from soctasking.meetings.models import Meeting
from soctasking.timetable.api.answers import (
    RefusedError,
    answering,
    compliance_out,
    counts_out,
    escalation_out,
    openapi_json_body,
    openapi_query_parameters,
    openapi_schema,
    paginate,
    parse_body,
    parse_query,
    raw_body,
    requirement_or_404,
    requirement_out,
    row_pointer,
    row_status_out,
    service_pairs,
)
from soctasking.timetable.api.schemas import (
    CSV_TYPES,
    REFUSALS,
    AcknowledgementIn,
    AcknowledgementOut,
    ComplianceOut,
    ComplianceQuery,
    DetailOut,
    ErrorsOut,
    EscalationIn,
    EscalationOut,
    EscalationsQuery,
    HistoryOut,
    HistoryQuery,
    PageOut,
    PageQuery,
    RequirementIn,
    RequirementOut,
    RowOut,
    RowsIn,
    RowsQuery,
    RowsSavedOut,
    RuleIn,
)
from soctasking.timetable.recurrence import RecurringRule
from soctasking.timetable.selectors import (
    acknowledgement_of,
    acknowledgements_of,
    compliance_history,
    escalations_for_meeting,
    escalations_of,
    requirement_default,
    requirements_list,
    rows_of,
    sees_everything,
)
from soctasking.timetable.services import (
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

# Requirements.


@router.get(
    "/requirements",
    response={200: PageOut[RequirementOut], 422: ErrorsOut},
    summary="The requirements, latest period first",
    openapi_extra={"parameters": openapi_query_parameters(PageQuery)},
)
@answering
@token_scope(TokenScope.READ)
def requirements_get(request: HttpRequest) -> Any:
    signed_in_user(request)
    query = parse_query(request, PageQuery)
    return paginate(requirements_list().prefetch_related("threats"), query, requirement_out)


@router.post(
    "/requirements",
    response={201: RequirementOut, 403: DetailOut, 413: ErrorsOut, 422: ErrorsOut},
    summary="Issue a requirement (analysts and administrators)",
    description="On 422 nothing was stored; each error names its field.",
    openapi_extra=openapi_json_body(RequirementIn),
)
@answering
@token_scope(TokenScope.TIMETABLE)
def requirement_post(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    payload = parse_body(request, RequirementIn)
    requirement = requirement_create(
        acting_user=user,
        id=payload.id,
        period_start=payload.period_start,
        period_end=payload.period_end,
        issued=payload.issued,
        threats=[(one.threat, one.collection_priority) for one in payload.threats],
    )
    return Status(201, requirement_out(requirement))


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
    return requirement_out(requirement)


# Rows.


@router.get(
    "/requirements/{requirement_id}/rows",
    response={200: PageOut[RowOut], 404: DetailOut, 422: ErrorsOut},
    summary="A requirement's timetable rows, by due date",
    openapi_extra={"parameters": openapi_query_parameters(RowsQuery)},
)
@answering
@token_scope(TokenScope.READ)
def rows_get(request: HttpRequest, requirement_id: str) -> Any:
    signed_in_user(request)
    requirement = requirement_or_404(requirement_id)
    query = parse_query(request, RowsQuery)
    product = query.product.value if query.product is not None else ""
    return paginate(rows_of(requirement=requirement, body=query.body, product=product), query)


@router.post(
    "/requirements/{requirement_id}/rows",
    response={201: RowsSavedOut, **REFUSALS},
    summary="Add rows to a requirement's timetable, or update them by id (all or nothing)",
    description='JSON: `{"rows": [...]}`. A row without an id gets one made from its '
    "requirement, body, product and due date, so sending the same rows again changes "
    "nothing. On 422 nothing was stored and each error's `field` is the JSON pointer of "
    "the offending value (`/rows/3/due`).",
    openapi_extra=openapi_json_body(RowsIn),
)
@answering
@token_scope(TokenScope.TIMETABLE)
def rows_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = requirement_or_404(requirement_id)
    payload = parse_body(request, RowsIn, pointer=True)
    try:
        saved = timetable_rows_save(
            acting_user=user,
            requirement_id=requirement.pk,
            rows=[RowIn(**row.model_dump()) for row in payload.rows],
            where=[f"/rows/{index}" for index in range(len(payload.rows))],
            source="api",
        )
    except ValidationError as error:
        raise RefusedError(422, service_pairs(error, field=row_pointer)) from error
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
@answering
@token_scope(TokenScope.TIMETABLE)
def rows_import_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = requirement_or_404(requirement_id)
    if request.content_type not in CSV_TYPES:
        raise RefusedError(
            415, [("", "Send the CSV as the request body, with Content-Type: text/csv.")]
        )
    try:
        text = raw_body(request).decode("utf-8")
    except UnicodeDecodeError as error:
        raise RefusedError(422, [("file", "The file is not UTF-8 text.")]) from error
    saved = timetable_rows_import_csv(acting_user=user, requirement_id=requirement.pk, text=text)
    return Status(201, dataclasses.asdict(saved))


@router.post(
    "/requirements/{requirement_id}/rows/generate",
    response={201: RowsSavedOut, **REFUSALS},
    summary="Make rows from a recurring rule",
    description="One row a body for every calendar month or quarter ending within the "
    "requirement's period, due `days_after` days after it ends; its window opens the day "
    "after the period ends. Generating again with the same rule changes nothing.",
    openapi_extra=openapi_json_body(RuleIn),
)
@answering
@token_scope(TokenScope.TIMETABLE)
def rows_generate_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = requirement_or_404(requirement_id)
    payload = parse_body(request, RuleIn)
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
@answering
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
    requirement = requirement_or_404(requirement_id)
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
            "content": {"application/json": {"schema": openapi_schema(AcknowledgementIn)}},
        }
    },
)
@answering
@token_scope(TokenScope.TIMETABLE)
def acknowledgement_post(request: HttpRequest, requirement_id: str) -> Any:
    user = signed_in_user(request)
    requirement = requirement_or_404(requirement_id)
    payload = parse_body(request, AcknowledgementIn)
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
    openapi_extra={"parameters": openapi_query_parameters(ComplianceQuery)},
)
@answering
@token_scope(TokenScope.READ)
def compliance_get(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    query = parse_query(request, ComplianceQuery)
    as_of = picture_as_of(explicit=query.as_of)
    if query.requirement:
        requirement = requirement_or_404(query.requirement)
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
    openapi_extra={"parameters": openapi_query_parameters(HistoryQuery)},
)
@answering
@token_scope(TokenScope.READ)
def compliance_history_get(request: HttpRequest, body_id: str) -> Any:
    user = signed_in_user(request)
    query = parse_query(request, HistoryQuery)
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
                "counts": counts_out(entry.counts),
                "rows": [row_status_out(row) for row in entry.rows],
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
    openapi_extra=openapi_json_body(EscalationIn),
)
@answering
@token_scope(TokenScope.TIMETABLE)
def escalation_post(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    require_recent_confirmation(request)
    payload = parse_body(request, EscalationIn)
    escalation = gap_escalate(
        acting_user=user,
        requirement_id=payload.requirement,
        body_id=payload.body,
        reason=payload.reason,
    )
    return Status(201, escalation_out(escalation, show_rows=True))


@router.get(
    "/escalations",
    response={200: PageOut[EscalationOut], 422: ErrorsOut},
    summary="Gaps escalated to the NTIG, latest first",
    openapi_extra={"parameters": openapi_query_parameters(EscalationsQuery)},
)
@answering
@token_scope(TokenScope.READ)
def escalations_get(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    query = parse_query(request, EscalationsQuery)
    escalations = escalations_of()
    if query.meeting:
        meeting = Meeting.objects.select_related("series").filter(pk=query.meeting).first()
        if meeting is None:
            raise RefusedError(422, [("meeting", f"No meeting has the id {query.meeting!r}.")])
        escalations = escalations_for_meeting(meeting=meeting)
    if query.requirement:
        escalations = escalations.filter(requirement_id=query.requirement)
    show_rows = sees_everything(user=user)
    return paginate(
        escalations, query, lambda escalation: escalation_out(escalation, show_rows=show_rows)
    )
