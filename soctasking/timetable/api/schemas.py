"""The timetable API's input and output schemas, and the limits they enforce."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

from soctasking.bodies.models import BodyKind
from soctasking.intelligence.compliance import RowStatus
from soctasking.intelligence.models import SubmissionKind
from soctasking.timetable.recurrence import Every
from soctasking.timetable.services import (
    MAX_IMPORT_ROWS,
)

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_REASON_LENGTH = 2000
MAX_PAGE = 1_000_000
CSV_TYPES = frozenset({"text/csv", "text/plain"})
AS_OF_DEFAULT = "default: the date the loaded picture describes, else today, as the findings use"

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


class EscalationMeetingOut(Schema):
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
    meeting: EscalationMeetingOut | None = Field(
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
