"""API operations of the meetings app: the series, one series and its meetings, one meeting.

All read only, to any signed-in caller: meetings carry no classified material.
A decision's ``kind`` comes with its label, so that a priority for
intelligence collection is never read as the adoption of national priorities.
"""

from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.meetings.models import DecisionKind, Meeting, MeetingSeries, SeriesKind
from soctasking.meetings.selectors import meeting_get, series_get, series_list, series_meetings

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
    invited: list[str] = Field(
        description="body ids invited; the series' members when the meeting records none"
    )
    attended: list[str]
    did_not_attend: list[str] = Field(
        description="invited to a held meeting and did not attend; apologies are not recorded"
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
    record = meeting_get(meeting_id=meeting_id)
    if record is None:
        raise HttpError(404, f"No meeting has the id {meeting_id!r}.")
    meeting = record.meeting
    attended = {body.id for body in record.attended}
    return MeetingOut(
        id=meeting.id,
        series=meeting.series_id,
        date=meeting.date,
        status=meeting.status,
        invited=[body.id for body in record.invited],
        attended=[body.id for body in record.attended],
        did_not_attend=[body.id for body in record.invited if body.id not in attended]
        if meeting.status == "held"
        else [],
        decisions=[
            DecisionOut(
                id=decision.id,
                kind=decision.kind,
                kind_label=str(DecisionKind(decision.kind).label),
                threats=sorted(threat.id for threat in decision.threats.all()),
                text=decision.text,
                rationale=decision.rationale,
                evaluation=decision.evaluation_id,
                recommended_by=decision.recommended_by_id,
            )
            for decision in record.decisions
        ],
        actions=[
            ActionOut(
                id=action.id,
                owner=action.owner_id,
                text=action.text,
                due=action.due,
                status=action.status,
                completed=action.completed,
            )
            for action in record.actions
        ],
        updates=[
            UpdateOut(
                body=update.body_id,
                threats=sorted(threat.id for threat in update.threats.all()),
                text=update.text,
            )
            for update in record.updates
        ],
    )
