"""API operations of the meetings app: the series, one series and its meetings, one meeting
and its agenda; and the secretariat's writes of a meeting's record.

Reads are open to any signed-in caller: meetings carry no classified
material (the findings on an agenda are those the caller may be shown).
Writes need the secretariat's role (chairs may also approve minutes) and,
with a bearer token, the ``meetings`` scope; refused input is 422 with each
error naming its field, and nothing is stored. A decision's ``kind`` comes
with its label, so that a priority for intelligence collection is never
read as the adoption of national priorities.
"""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BaseModel, ConfigDict

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.lib.api import (
    DetailOut,
    ErrorsOut,
    NotFoundOut,
    Pages,
    json_body,
    json_body_schema,
    refusals_answered,
)
from soctasking.meetings.models import (
    Action,
    Decision,
    DecisionKind,
    Meeting,
    MeetingSeries,
    SeriesKind,
)
from soctasking.meetings.selectors import (
    meeting_agenda,
    meeting_get,
    series_get,
    series_list,
    series_meetings,
)
from soctasking.meetings.services import (
    action_allocate,
    decision_record,
    meeting_cancel,
    meeting_record_attendance,
    meeting_schedule,
    minutes_approve,
)
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["meetings"])


class SeriesQuery(Schema):
    kind: SeriesKind | None = None


class SeriesOut(Schema):
    id: str
    name: str
    kind: str
    chair: str | None = Field(None, alias="chair_id", description="the chair's body id")
    cadence: str = Field(description="empty when not recorded")
    members_count: int
    last_held: date | None = Field(description="the date of its latest held meeting, if any")


class PrecedenceOut(Schema):
    series: str = Field(description="the series this one must sit before")
    window_days: int
    min_lead_days: int


class SeriesDetailOut(Schema):
    id: str
    name: str
    kind: str
    chair: str | None = Field(description="the chair's body id")
    cadence: str = Field(description="empty when not recorded")
    governance_group: str | None
    members: list[str] = Field(description="body ids of the members, by name")
    expected_members: list[str] = Field(
        description="body ids of the bodies that ought to be members, by name"
    )
    precedes: PrecedenceOut | None
    preceded_by: list[str] = Field(description="ids of the series that must sit before this one")


class SittingOut(Schema):
    id: str
    date: date
    status: str
    attended_count: int
    decisions_count: int
    actions_count: int


class DecisionOut(Schema):
    id: str
    kind: str
    kind_label: str = Field(
        description="what the kind means; 'collection_priority' marks priorities for "
        "intelligence collection only, not national priority threats"
    )
    threats: list[str]
    text: str
    rationale: str
    evaluation: str | None
    recommended_by: str | None = Field(description="the meeting that recommended it")


class ActionOut(Schema):
    id: str
    owner: str = Field(description="the owning body's id")
    text: str
    due: date
    status: str
    completed: date | None


class UpdateOut(Schema):
    body: str
    threats: list[str]
    text: str


class MeetingOut(Schema):
    id: str
    series: str
    date: date
    status: str
    cancellation_reason: str = Field(description="why it was cancelled; empty otherwise")
    minutes_approved: datetime | None
    invited: list[str] = Field(
        description="body ids invited; the series' members when the meeting records none"
    )
    attended: list[str]
    apologies: list[str] = Field(description="body ids that sent apologies")
    did_not_attend: list[str] = Field(
        description="invited to a held meeting, did not attend and sent no apologies"
    )
    decisions: list[DecisionOut]
    actions: list[ActionOut]
    updates: list[UpdateOut]


@router.get("/meeting-series", response=list[SeriesOut], summary="The meeting series")
@paginate(Pages)
@token_scope(TokenScope.READ)
def series_list_api(request: HttpRequest, filters: Query[SeriesQuery]) -> QuerySet[MeetingSeries]:
    return series_list(kind=filters.kind)


@router.get(
    "/meeting-series/{series_id}",
    response={200: SeriesDetailOut, 404: NotFoundOut},
    summary="One meeting series",
)
@token_scope(TokenScope.READ)
def series_detail_api(request: HttpRequest, series_id: str) -> SeriesDetailOut:
    record = series_get(series_id=series_id)
    if record is None:
        raise HttpError(404, f"No meeting series has the id {series_id!r}.")
    series = record.series
    precedes = None
    if series.precedes_id is not None:
        precedes = PrecedenceOut(
            series=series.precedes_id,
            window_days=series.precedes_window_days or 0,
            min_lead_days=series.precedes_min_lead_days or 0,
        )
    return SeriesDetailOut(
        id=series.id,
        name=series.name,
        kind=series.kind,
        chair=series.chair_id,
        cadence=series.cadence,
        governance_group=series.governance_group_id,
        members=[body.id for body in record.members],
        expected_members=[body.id for body in record.expected],
        precedes=precedes,
        preceded_by=sorted(before.id for before in series.preceded_by.all()),
    )


@router.get(
    "/meeting-series/{series_id}/meetings",
    response={200: list[SittingOut], 404: NotFoundOut},
    summary="The meetings of one series, latest first",
)
@paginate(Pages)
@token_scope(TokenScope.READ)
def series_meetings_api(request: HttpRequest, series_id: str) -> QuerySet[Meeting]:
    record = series_get(series_id=series_id)
    if record is None:
        raise HttpError(404, f"No meeting series has the id {series_id!r}.")
    return series_meetings(series=record.series)


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, 404: NotFoundOut},
    summary="One meeting: attendance, decisions, actions and updates",
)
@token_scope(TokenScope.READ)
def meeting_detail_api(request: HttpRequest, meeting_id: str) -> MeetingOut:
    return _meeting_out(meeting_id)


def _decision_out(decision: Decision) -> DecisionOut:
    return DecisionOut(
        id=decision.id,
        kind=decision.kind,
        kind_label=str(DecisionKind(decision.kind).label),
        threats=sorted(threat.id for threat in decision.threats.all()),
        text=decision.text,
        rationale=decision.rationale,
        evaluation=decision.evaluation_id,
        recommended_by=decision.recommended_by_id,
    )


def _action_out(action: Action) -> ActionOut:
    return ActionOut(
        id=action.id,
        owner=action.owner_id,
        text=action.text,
        due=action.due,
        status=action.status,
        completed=action.completed,
    )


def _meeting_out(meeting_id: str) -> MeetingOut:
    record = meeting_get(meeting_id=meeting_id)
    if record is None:
        raise HttpError(404, f"No meeting has the id {meeting_id!r}.")
    meeting = record.meeting
    present = {body.id for body in [*record.attended, *record.apologies]}
    return MeetingOut(
        id=meeting.id,
        series=meeting.series_id,
        date=meeting.date,
        status=meeting.status,
        cancellation_reason=meeting.cancellation_reason,
        minutes_approved=meeting.minutes_approved,
        invited=[body.id for body in record.invited],
        attended=[body.id for body in record.attended],
        apologies=[body.id for body in record.apologies],
        did_not_attend=[body.id for body in record.invited if body.id not in present]
        if meeting.status == "held"
        else [],
        decisions=[_decision_out(decision) for decision in record.decisions],
        actions=[_action_out(action) for action in record.actions],
        updates=[
            UpdateOut(
                body=update.body_id,
                threats=sorted(threat.id for threat in update.threats.all()),
                text=update.text,
            )
            for update in record.updates
        ],
    )


# The secretariat's writes.


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScheduleIn(_In):
    date: date
    invited: list[str] = Field(
        default_factory=list, description="body ids; empty invites the series' members"
    )


class AttendanceIn(_In):
    attended: list[str] = Field(description="body ids that took part")
    apologies: list[str] = Field(default_factory=list, description="body ids that sent apologies")
    reason: str = Field("", description="required once the minutes are approved")


class MeetingDecisionIn(_In):
    kind: str = Field(description=f"one of: {', '.join(DecisionKind.values)}")
    text: str
    rationale: str = ""
    threats: list[str] = Field(default_factory=list, description="threat ids")
    reason: str = Field("", description="required once the minutes are approved")


class ActionIn(_In):
    owner: str = Field(description="the owning body's id")
    text: str
    due: date = Field(description="on or after the meeting's date")
    reason: str = Field("", description="required once the minutes are approved")


class CancellationIn(_In):
    reason: str


class CancellationOut(Schema):
    meeting: MeetingOut
    left_without_input: list[str] = Field(
        description="ids of the meetings of the series this one precedes left without its input"
    )


#: What a write about one meeting may answer besides success.
REFUSALS: dict[int, Any] = {403: DetailOut, 404: NotFoundOut, 413: ErrorsOut, 422: ErrorsOut}


def _known_meeting(meeting_id: str) -> None:
    if meeting_get(meeting_id=meeting_id) is None:
        raise HttpError(404, f"No meeting has the id {meeting_id!r}.")


@router.post(
    "/meeting-series/{series_id}/meetings",
    response={201: MeetingOut, **REFUSALS},
    summary="Schedule a meeting of a series",
    description="The secretariat and administrators. Refused (422, field `date`) before the "
    "series began or when the series already has a meeting that day.",
    openapi_extra=json_body_schema(ScheduleIn),
)
@refusals_answered
@token_scope(TokenScope.MEETINGS)
def meeting_schedule_api(request: HttpRequest, series_id: str) -> Any:
    if series_get(series_id=series_id) is None:
        raise HttpError(404, f"No meeting series has the id {series_id!r}.")
    payload = json_body(request, ScheduleIn)
    meeting = meeting_schedule(
        acting_user=signed_in_user(request),
        series_id=series_id,
        date=payload.date,
        invited=payload.invited,
    )
    return Status(201, _meeting_out(meeting.id))


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={200: MeetingOut, **REFUSALS},
    summary="Record who attended a meeting and who sent apologies; the meeting is then held",
    description="The secretariat and administrators. Replaces what was recorded. Refused (422) "
    "for a cancelled meeting, one not yet sat, an unknown body, or a body both attending and "
    "apologising; after the minutes are approved, without a `reason`.",
    openapi_extra=json_body_schema(AttendanceIn),
)
@refusals_answered
@token_scope(TokenScope.MEETINGS)
def meeting_attendance_api(request: HttpRequest, meeting_id: str) -> Any:
    _known_meeting(meeting_id)
    payload = json_body(request, AttendanceIn)
    meeting_record_attendance(
        acting_user=signed_in_user(request),
        meeting_id=meeting_id,
        attended=payload.attended,
        apologies=payload.apologies,
        reason=payload.reason,
    )
    return _meeting_out(meeting_id)


@router.post(
    "/meetings/{meeting_id}/decisions",
    response={201: DecisionOut, **REFUSALS},
    summary="Record a decision of a held meeting",
    description="The secretariat and administrators. Refused (422, field `kind`) for a kind "
    "not in the bundle's list; `collection_priority` is a priority for intelligence "
    "collection only, not the adoption of national priority threats.",
    openapi_extra=json_body_schema(MeetingDecisionIn),
)
@refusals_answered
@token_scope(TokenScope.MEETINGS)
def decision_record_api(request: HttpRequest, meeting_id: str) -> Any:
    _known_meeting(meeting_id)
    payload = json_body(request, MeetingDecisionIn)
    decision = decision_record(
        acting_user=signed_in_user(request),
        meeting_id=meeting_id,
        kind=payload.kind,
        text=payload.text,
        rationale=payload.rationale,
        threats=payload.threats,
        reason=payload.reason,
    )
    return Status(201, _decision_out(decision))


@router.post(
    "/meetings/{meeting_id}/actions",
    response={201: ActionOut, **REFUSALS},
    summary="Allocate an action to a body at a held meeting",
    description="The secretariat and administrators. Refused (422) for an unknown `owner` or "
    "a `due` date before the meeting.",
    openapi_extra=json_body_schema(ActionIn),
)
@refusals_answered
@token_scope(TokenScope.MEETINGS)
def action_allocate_api(request: HttpRequest, meeting_id: str) -> Any:
    _known_meeting(meeting_id)
    payload = json_body(request, ActionIn)
    action = action_allocate(
        acting_user=signed_in_user(request),
        meeting_id=meeting_id,
        owner=payload.owner,
        text=payload.text,
        due=payload.due,
        reason=payload.reason,
    )
    return Status(201, _action_out(action))


@router.post(
    "/meetings/{meeting_id}/cancellation",
    response={200: CancellationOut, **REFUSALS},
    summary="Cancel a scheduled meeting, saying why",
    description="The secretariat and administrators. The answer lists the meetings it leaves "
    "without input: those of the series it must sit before whose window it was in, with no "
    "other sitting of its series there.",
    openapi_extra=json_body_schema(CancellationIn),
)
@refusals_answered
@token_scope(TokenScope.MEETINGS)
def meeting_cancel_api(request: HttpRequest, meeting_id: str) -> Any:
    _known_meeting(meeting_id)
    payload = json_body(request, CancellationIn)
    cancelled = meeting_cancel(
        acting_user=signed_in_user(request), meeting_id=meeting_id, reason=payload.reason
    )
    return CancellationOut(
        meeting=_meeting_out(meeting_id),
        left_without_input=[later.id for later in cancelled.left_without_input],
    )


@router.post(
    "/meetings/{meeting_id}/minutes/approval",
    response={200: MeetingOut, 403: DetailOut, 404: NotFoundOut, 422: ErrorsOut},
    summary="Approve a held meeting's minutes",
    description="The secretariat, chairs and administrators. From then on a change to the "
    "meeting's record needs a `reason`. Refused (422) for a meeting not held or approved already.",
)
@refusals_answered
@token_scope(TokenScope.MEETINGS)
def minutes_approve_api(request: HttpRequest, meeting_id: str) -> Any:
    _known_meeting(meeting_id)
    minutes_approve(acting_user=signed_in_user(request), meeting_id=meeting_id)
    return _meeting_out(meeting_id)


# The agenda.


class OutcomeOut(Schema):
    series: str
    meeting: str | None = Field(description="its latest held meeting by this one's date")
    in_window: bool = Field(description="whether that meeting sat within the precedence window")
    decisions: list[DecisionOut]


class AgendaEscalationOut(Schema):
    body: str
    requirement: str
    reason: str


class AgendaReferralOut(Schema):
    id: str
    subject: str
    from_body: str
    submitted: date


class AgendaFindingOut(Schema):
    code: str
    severity: str
    subject_type: str
    subject_id: str
    message: str


class AgendaReportOut(Schema):
    id: str
    plan: str
    date: date
    rating: str
    summary: str


class OverdueOut(Schema):
    id: str
    meeting: str
    owner: str
    text: str
    due: date


class AgendaOut(Schema):
    meeting: str
    preceding: list[OutcomeOut]
    escalations: list[AgendaEscalationOut]
    referrals: list[AgendaReferralOut]
    findings: list[AgendaFindingOut] = Field(description="those the caller may be shown")
    reports: list[AgendaReportOut] = Field(description="progress reports addressed to the meeting")
    plans_awaiting_report: list[str] = Field(
        description="action plans of active groups yet to report to an NTTCG meeting"
    )
    overdue_actions: list[OverdueOut]


@router.get(
    "/meetings/{meeting_id}/agenda",
    response={200: AgendaOut, 404: NotFoundOut},
    summary="A meeting's agenda, built from its inputs as they stand on its date",
)
@token_scope(TokenScope.READ)
def meeting_agenda_api(request: HttpRequest, meeting_id: str) -> AgendaOut:
    record = meeting_get(meeting_id=meeting_id)
    if record is None:
        raise HttpError(404, f"No meeting has the id {meeting_id!r}.")
    agenda = meeting_agenda(meeting=record.meeting, user=signed_in_user(request))
    return AgendaOut(
        meeting=record.meeting.id,
        preceding=[
            OutcomeOut(
                series=outcome.series.id,
                meeting=outcome.meeting.id if outcome.meeting else None,
                in_window=outcome.in_window,
                decisions=[_decision_out(decision) for decision in outcome.decisions],
            )
            for outcome in agenda.preceding
        ],
        escalations=[
            AgendaEscalationOut(body=e.body_id, requirement=e.requirement_id, reason=e.reason)
            for e in agenda.escalations
        ],
        referrals=[
            AgendaReferralOut(
                id=r.id, subject=r.subject, from_body=r.from_body_id, submitted=r.submitted
            )
            for r in agenda.referrals
        ],
        findings=[
            AgendaFindingOut(
                code=f.code,
                severity=f.severity,
                subject_type=f.subject_type,
                subject_id=f.subject_id,
                message=f.message,
            )
            for f in agenda.findings
        ],
        reports=[
            AgendaReportOut(
                id=r.id, plan=r.plan_id, date=r.date, rating=r.rating, summary=r.summary
            )
            for r in agenda.reports
        ],
        plans_awaiting_report=[plan.id for plan in agenda.plans_awaiting_report],
        overdue_actions=[
            OverdueOut(id=a.id, meeting=a.meeting_id, owner=a.owner_id, text=a.text, due=a.due)
            for a in agenda.overdue_actions
        ],
    )
