"""Writing a meeting's life: scheduling it, recording who came and what it decided and
allocated, cancelling it, and approving its minutes.

The secretariat (and administrators) keep the record; chairs may also
approve minutes. Every write is all or nothing: each problem is raised
together in one ``ValidationError`` keyed by the field it is about, and
nothing is stored unless everything is good.

Once a held meeting's minutes are approved they are the agreed record, so
any later change to its attendance, decisions or actions needs a reason,
kept as a ``RecordAmendment`` beside the audit event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from soctasking.accounts.gate import require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body
from soctasking.lib.records import RECORD_ID_RE
from soctasking.meetings.models import (
    Action,
    ActionStatus,
    Cadence,
    Decision,
    DecisionKind,
    ExpectedMembersRule,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    RecordAmendment,
    SeriesKind,
)
from soctasking.meetings.selectors import meetings_left_without_input, year_plan
from soctasking.threats.models import Threat

#: Who schedules meetings and keeps their record.
RECORDING_ROLES = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT})
#: Who approves a held meeting's minutes.
APPROVING_ROLES = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR})
#: The longest text a decision, action or reason may carry.
MAX_TEXT = 5000
#: The years a meeting may be scheduled in; outside them a date is a slip of the keyboard.
FIRST_YEAR, LAST_YEAR = 1990, 2999

Errors = dict[str, list[str]]


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(dict(errors))


def _meeting(meeting_id: str) -> Meeting:
    meeting = Meeting.objects.select_related("series").filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError({"meeting": [f"No meeting has the id {meeting_id!r}."]})
    return meeting


def _unknown_bodies(body_ids: list[str]) -> list[str]:
    known = set(Body.objects.filter(pk__in=body_ids).values_list("pk", flat=True))
    return sorted(set(body_ids) - known)


def _text(errors: Errors, field: str, value: str, *, required: str | None) -> str:
    text = value.strip()
    if required is not None and not text:
        errors[field].append(required)
    if len(text) > MAX_TEXT:
        errors[field].append(f"Write at most {MAX_TEXT} characters; this has {len(text)}.")
    return text


def _after_approval(errors: Errors, meeting: Meeting, reason: str) -> str:
    """The reason for changing an approved record, required once the minutes are approved."""
    reason = _text(errors, "reason", reason, required=None)
    if meeting.minutes_approved is not None and not reason:
        errors["reason"].append(
            "The minutes of this meeting are approved: say why its record is being changed."
        )
    return reason


def _amend(meeting: Meeting, *, acting_user: User | None, what: str, reason: str) -> None:
    """Keep the reason for a change made after approval, in the caller's transaction."""
    if meeting.minutes_approved is None:
        return
    amendment = RecordAmendment(
        meeting=meeting, at=timezone.now(), by=acting_user, what=what, reason=reason
    )
    amendment.full_clean()
    amendment.save()


def _held_meeting(errors: Errors, meeting: Meeting, what: str) -> None:
    if meeting.status != MeetingStatus.HELD:
        errors["meeting"].append(
            f"{what} are recorded for a meeting that was held; this one is "
            f"{meeting.get_status_display().lower()}. Record its attendance first."
        )


def meeting_schedule(
    *,
    acting_user: User | None,
    series_id: str,
    date: date | None,
    invited: list[str] | None = None,
) -> Meeting:
    """Schedule a sitting of a series on a date, inviting the series' members by default.

    Its id is the series' id and the date. Refused when the series is
    unknown, the date is before the series began, or the series already
    has a sitting that day; or when an invited body does not exist.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    errors: Errors = defaultdict(list)
    series = MeetingSeries.objects.filter(pk=series_id).first()
    if series is None:
        errors["series"].append(f"No meeting series has the id {series_id!r}.")
    if date is None:
        errors["date"].append("Enter the date of the meeting.")
    elif not FIRST_YEAR <= date.year <= LAST_YEAR:
        errors["date"].append(f"Enter a date between the years {FIRST_YEAR} and {LAST_YEAR}.")
    if series is not None and date is not None and "date" not in errors:
        if series.began is not None and date < series.began:
            errors["date"].append(
                f"{series.name} began on {series.began:%d %B %Y}; "
                "a meeting cannot be dated before its series began."
            )
        if Meeting.objects.filter(series=series, date=date).exists():
            errors["date"].append(f"{series.name} already has a meeting on {date:%d %B %Y}.")
    unknown = _unknown_bodies(invited or [])
    if unknown:
        errors["invited"].append(f"No body has the id {', '.join(map(repr, unknown))}.")
    if errors or series is None or date is None:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        meeting = Meeting(id=f"{series.id[:89]}-{date:%Y-%m-%d}", series=series, date=date)
        meeting.full_clean()
        meeting.save(force_insert=True)
        if invited:
            meeting.invited.set(Body.objects.filter(pk__in=invited))
        audit_record(
            actor=acting_user,
            action="schedule",
            record_type="meeting",
            record_id=meeting.id,
            detail={"series": series.id, "date": date.isoformat(), "invited": invited or []},
        )
        # Imported here: the governance services import this app's models.
        from soctasking.governance.services import progress_reports_route

        progress_reports_route(acting_user=acting_user, meeting=meeting)
    return meeting


def meeting_record_attendance(
    *,
    acting_user: User | None,
    meeting_id: str,
    attended: list[str],
    apologies: list[str],
    reason: str = "",
) -> Meeting:
    """Record who attended a meeting and who sent apologies, and so that it was held.

    Replaces what was recorded before. Refused for a cancelled meeting, one
    whose day has not yet come, a body that does not exist, or a body both
    attending and apologising; after the minutes are approved, without a
    reason.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    meeting = _meeting(meeting_id)
    errors: Errors = defaultdict(list)
    if meeting.status == MeetingStatus.CANCELLED:
        errors["meeting"].append("This meeting was cancelled; nobody attended it.")
    elif meeting.date > timezone.localdate():
        errors["meeting"].append(
            f"This meeting sits on {meeting.date:%d %B %Y}; record its attendance on or after then."
        )
    for field, ids in (("attended", attended), ("apologies", apologies)):
        unknown = _unknown_bodies(ids)
        if unknown:
            errors[field].append(f"No body has the id {', '.join(map(repr, unknown))}.")
    both = sorted(set(attended) & set(apologies))
    if both:
        errors["apologies"].append(
            f"{', '.join(both)} attended; a body either attended or sent apologies, not both."
        )
    reason = _after_approval(errors, meeting, reason)
    _raise_if(errors)
    with transaction.atomic():
        meeting.status = MeetingStatus.HELD
        meeting.full_clean()
        meeting.save(update_fields=["status"])
        meeting.attended.set(Body.objects.filter(pk__in=attended))
        meeting.apologies.set(Body.objects.filter(pk__in=apologies))
        _amend(meeting, acting_user=acting_user, what="attendance", reason=reason)
        audit_record(
            actor=acting_user,
            action="record_attendance",
            record_type="meeting",
            record_id=meeting.id,
            detail={
                "attended": sorted(set(attended)),
                "apologies": sorted(set(apologies)),
                "reason": reason,
            },
        )
    return meeting


def _next_id(meeting: Meeting, word: str, taken: set[str]) -> str:
    number = len(taken) + 1
    while f"{meeting.id[:80]}.{word}-{number}" in taken:
        number += 1
    return f"{meeting.id[:80]}.{word}-{number}"


def decision_record(
    *,
    acting_user: User | None,
    meeting_id: str,
    kind: str,
    text: str,
    rationale: str = "",
    threats: list[str] | None = None,
    reason: str = "",
) -> Decision:
    """Record what a held meeting decided, typed by one of the bundle's kinds of decision.

    ``collection_priority`` makes threats priorities for intelligence
    collection only; ``adopt_priority_threats`` states the full set of
    national priority threats. Refused for an unknown kind or threat, an
    empty text, a meeting not held, or after approval without a reason.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    meeting = _meeting(meeting_id)
    errors: Errors = defaultdict(list)
    _held_meeting(errors, meeting, "Decisions")
    if kind not in DecisionKind.values:
        errors["kind"].append(
            f"{kind!r} is not a kind of decision; expected one of: "
            + ", ".join(DecisionKind.values)
            + "."
        )
    text = _text(errors, "text", text, required="Say what the meeting decided.")
    rationale = _text(errors, "rationale", rationale, required=None)
    threat_ids = sorted(set(threats or []))
    known = set(Threat.objects.filter(pk__in=threat_ids).values_list("pk", flat=True))
    if set(threat_ids) - known:
        missing = ", ".join(repr(t) for t in threat_ids if t not in known)
        errors["threats"].append(f"No threat has the id {missing}.")
    reason = _after_approval(errors, meeting, reason)
    _raise_if(errors)
    with transaction.atomic():
        taken = set(Decision.objects.filter(meeting=meeting).values_list("id", flat=True))
        decision = Decision(
            id=_next_id(meeting, "decision", taken),
            meeting=meeting,
            kind=kind,
            text=text,
            rationale=rationale,
        )
        decision.full_clean()
        decision.save(force_insert=True)
        decision.threats.set(Threat.objects.filter(pk__in=threat_ids))
        _amend(meeting, acting_user=acting_user, what=f"decision {decision.id}", reason=reason)
        audit_record(
            actor=acting_user,
            action="record",
            record_type="decision",
            record_id=decision.id,
            detail={"meeting": meeting.id, "kind": kind, "threats": threat_ids, "reason": reason},
        )
    return decision


def action_allocate(
    *,
    acting_user: User | None,
    meeting_id: str,
    owner: str,
    text: str,
    due: date | None,
    reason: str = "",
) -> Action:
    """Allocate a task to a body at a held meeting, with a due date on or after the meeting.

    Refused for a body that does not exist, a due date before the meeting,
    an empty text, a meeting not held, or after approval without a reason.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    meeting = _meeting(meeting_id)
    errors: Errors = defaultdict(list)
    _held_meeting(errors, meeting, "Actions")
    if not Body.objects.filter(pk=owner).exists():
        errors["owner"].append(f"No body has the id {owner!r}.")
    text = _text(errors, "text", text, required="Say what the body is to do.")
    if due is None:
        errors["due"].append("Enter the date the action is due.")
    elif due < meeting.date:
        errors["due"].append(
            f"An action is due on or after the meeting that allocates it "
            f"({meeting.date:%d %B %Y}); {due:%d %B %Y} is before it."
        )
    reason = _after_approval(errors, meeting, reason)
    if errors or due is None:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        taken = set(Action.objects.filter(meeting=meeting).values_list("id", flat=True))
        action = Action(
            id=_next_id(meeting, "action", taken),
            meeting=meeting,
            owner_id=owner,
            text=text,
            due=due,
            status=ActionStatus.OPEN,
        )
        action.full_clean()
        action.save(force_insert=True)
        _amend(meeting, acting_user=acting_user, what=f"action {action.id}", reason=reason)
        audit_record(
            actor=acting_user,
            action="allocate",
            record_type="action",
            record_id=action.id,
            detail={
                "meeting": meeting.id,
                "owner": owner,
                "due": due.isoformat(),
                "reason": reason,
            },
        )
    return action


@dataclass(frozen=True)
class Cancellation:
    """A cancelled meeting and the meetings of the series it precedes left without its input."""

    meeting: Meeting
    left_without_input: list[Meeting]


def meeting_cancel(*, acting_user: User | None, meeting_id: str, reason: str) -> Cancellation:
    """Cancel a scheduled meeting, saying why.

    Returns the meetings it leaves without input: those of the series it
    must sit before (``precedes``) whose window it was in, when no other
    sitting of its series remains in that window.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    meeting = _meeting(meeting_id)
    errors: Errors = defaultdict(list)
    if meeting.status != MeetingStatus.SCHEDULED:
        errors["meeting"].append(
            f"Only a scheduled meeting can be cancelled; this one is "
            f"{meeting.get_status_display().lower()}."
        )
    reason = _text(errors, "reason", reason, required="Say why the meeting is cancelled.")
    _raise_if(errors)
    with transaction.atomic():
        left = meetings_left_without_input(meeting=meeting)
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancellation_reason = reason
        meeting.full_clean()
        meeting.save(update_fields=["status", "cancellation_reason"])
        audit_record(
            actor=acting_user,
            action="cancel",
            record_type="meeting",
            record_id=meeting.id,
            detail={"reason": reason, "left_without_input": [m.id for m in left]},
        )
    return Cancellation(meeting=meeting, left_without_input=left)


def minutes_approve(*, acting_user: User | None, meeting_id: str) -> Meeting:
    """Approve a held meeting's minutes; from then on changes to its record need a reason."""
    if acting_user is not None:
        require_role(user=acting_user, roles=APPROVING_ROLES)
    meeting = _meeting(meeting_id)
    errors: Errors = defaultdict(list)
    if meeting.status != MeetingStatus.HELD:
        errors["meeting"].append("Only the minutes of a meeting that was held can be approved.")
    elif meeting.minutes_approved is not None:
        approved = timezone.localtime(meeting.minutes_approved)
        errors["meeting"].append(f"These minutes were approved on {approved:%d %B %Y}.")
    _raise_if(errors)
    with transaction.atomic():
        meeting.minutes_approved = timezone.now()
        meeting.minutes_approved_by = acting_user
        meeting.full_clean()
        meeting.save(update_fields=["minutes_approved", "minutes_approved_by"])
        audit_record(
            actor=acting_user,
            action="approve_minutes",
            record_type="meeting",
            record_id=meeting.id,
        )
    return meeting


def meetings_schedule_year(*, acting_user: User | None, year: int) -> list[Meeting]:
    """Schedule every sitting the year's plan gives that is not yet recorded, all or nothing.

    Refused, storing nothing, when the precedence rules loop or a planned
    date is before its series began. Returns the meetings made, by date.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": [f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}."]})
    try:
        plan = year_plan(year=year)
    except ValueError as error:
        raise ValidationError({"year": [str(error)]}) from error
    series = {one.id: one for one in MeetingSeries.objects.all()}
    taken = set(Meeting.objects.values_list("series_id", "date"))
    wanted = [s for s in plan.sittings if (s.series, s.date) not in taken]
    errors: Errors = defaultdict(list)
    for sitting in wanted:
        began = series[sitting.series].began
        if began is not None and sitting.date < began:
            errors["year"].append(
                f"{series[sitting.series].name} would sit on {sitting.date:%d %B %Y}, "
                f"before the series began on {began:%d %B %Y}."
            )
    _raise_if(errors)
    made = []
    with transaction.atomic():
        for sitting in wanted:
            meeting = Meeting(
                id=f"{sitting.series[:89]}-{sitting.date:%Y-%m-%d}",
                series=series[sitting.series],
                date=sitting.date,
            )
            meeting.full_clean()
            meeting.save(force_insert=True)
            made.append(meeting)
        audit_record(
            actor=acting_user,
            action="schedule_year",
            record_type="meeting_series",
            detail={
                "year": year,
                "scheduled": [m.id for m in made],
                "warnings": [w.message for w in plan.warnings],
            },
        )
        from soctasking.governance.services import progress_reports_route

        for meeting in sorted(made, key=lambda sitting: (sitting.date, sitting.id)):
            progress_reports_route(acting_user=acting_user, meeting=meeting)
    return made


@dataclass(frozen=True)
class SeriesIn:
    """A series as given: body and series ids, the expected-members rule and its list."""

    name: str
    kind: str
    cadence: str = ""
    chair: str = ""
    began: date | None = None
    members: list[str] = default(default_factory=list)
    expected_members_rule: str = ExpectedMembersRule.EXPLICIT
    expected_members: list[str] = default(default_factory=list)
    precedes: str = ""
    window_days: int | None = None
    min_lead_days: int | None = None


def _series_problems(given: SeriesIn, *, series_id: str) -> Errors:
    errors: Errors = defaultdict(list)
    if not given.name.strip():
        errors["name"].append("Enter the name of the series.")
    if given.kind not in SeriesKind.values:
        errors["kind"].append(
            f"{given.kind!r} is not a kind of series; expected one of: "
            + ", ".join(SeriesKind.values)
            + "."
        )
    if given.cadence and given.cadence not in Cadence.values:
        errors["cadence"].append(
            f"{given.cadence!r} is not a cadence; expected one of: " + ", ".join(Cadence.values)
        )
    if given.chair and not Body.objects.filter(pk=given.chair).exists():
        errors["chair"].append(f"No body has the id {given.chair!r}.")
    for name, ids in (("members", given.members), ("expected_members", given.expected_members)):
        unknown = _unknown_bodies(ids)
        if unknown:
            errors[name].append(f"No body has the id {', '.join(map(repr, unknown))}.")
    if given.expected_members_rule not in ExpectedMembersRule.values:
        errors["expected_members_rule"].append(
            "Choose the bodies listed, or every body with a national remit."
        )
    if given.precedes:
        _precedence_problems(errors, given, series_id=series_id)
    return errors


def _precedence_problems(errors: Errors, given: SeriesIn, *, series_id: str) -> None:
    if given.precedes == series_id:
        errors["precedes"].append("A series cannot sit before itself.")
        return
    if not MeetingSeries.objects.filter(pk=given.precedes).exists():
        errors["precedes"].append(f"No meeting series has the id {given.precedes!r}.")
        return
    chain = [series_id]
    following: str | None = given.precedes
    while following is not None:
        if following in chain:
            errors["precedes"].append(
                "The precedence rules would loop: " + " before ".join([*chain, following]) + "."
            )
            return
        chain.append(following)
        following = (
            MeetingSeries.objects.filter(pk=following).values_list("precedes_id", flat=True).first()
        )
    if given.window_days is None:
        errors["window_days"].append("Enter how many days before at the earliest it must sit.")
    if given.min_lead_days is None:
        errors["min_lead_days"].append("Enter how many days before at the latest it must sit.")
    if (
        given.window_days is not None
        and given.min_lead_days is not None
        and given.min_lead_days > given.window_days
    ):
        errors["min_lead_days"].append(
            "The least lead must be no more than the window: it sits between the two."
        )


def _series_write(series: MeetingSeries, given: SeriesIn) -> None:
    series.name = given.name.strip()
    series.kind = given.kind
    series.cadence = given.cadence
    series.chair_id = given.chair or None
    series.began = given.began
    series.expected_members_rule = given.expected_members_rule
    series.precedes_id = given.precedes or None
    series.precedes_window_days = given.window_days if given.precedes else None
    series.precedes_min_lead_days = given.min_lead_days if given.precedes else None
    series.full_clean()
    series.save()
    series.members.set(Body.objects.filter(pk__in=given.members))
    if given.expected_members_rule == ExpectedMembersRule.NATIONAL_REMIT:
        series.expected_members.set(Body.objects.filter(national_remit=True))
    else:
        series.expected_members.set(Body.objects.filter(pk__in=given.expected_members))


def _series_detail(series: MeetingSeries) -> dict[str, object]:
    return {
        "name": series.name,
        "kind": series.kind,
        "cadence": series.cadence,
        "chair": series.chair_id,
        "began": series.began.isoformat() if series.began else None,
        "members": sorted(series.members.values_list("pk", flat=True)),
        "expected_members_rule": series.expected_members_rule,
        "expected_members": sorted(series.expected_members.values_list("pk", flat=True)),
        "precedes": series.precedes_id,
        "window_days": series.precedes_window_days,
        "min_lead_days": series.precedes_min_lead_days,
    }


def series_create(*, acting_user: User | None, id: str, series: SeriesIn) -> MeetingSeries:
    """Create a meeting series. With the rule "every body with a national remit" its expected
    members are those bodies as they are now; otherwise the bodies listed."""
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    errors = _series_problems(series, series_id=id)
    if not RECORD_ID_RE.match(id):
        errors["id"].append(
            "An id is 1 to 100 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    elif MeetingSeries.objects.filter(pk=id).exists():
        errors["id"].append(f"A meeting series with the id {id!r} already exists.")
    _raise_if(errors)
    with transaction.atomic():
        made = MeetingSeries(id=id)
        _series_write(made, series)
        audit_record(
            actor=acting_user,
            action="create",
            record_type="meeting_series",
            record_id=id,
            detail=_series_detail(made),
        )
    return made


def series_update(*, acting_user: User | None, series_id: str, series: SeriesIn) -> MeetingSeries:
    """Change a meeting series; its expected members are set again from its rule."""
    if acting_user is not None:
        require_role(user=acting_user, roles=RECORDING_ROLES)
    existing = MeetingSeries.objects.filter(pk=series_id).first()
    if existing is None:
        raise ValidationError({"series": [f"No meeting series has the id {series_id!r}."]})
    _raise_if(_series_problems(series, series_id=series_id))
    with transaction.atomic():
        before = _series_detail(existing)
        _series_write(existing, series)
        audit_record(
            actor=acting_user,
            action="update",
            record_type="meeting_series",
            record_id=series_id,
            detail={"before": before, "after": _series_detail(existing)},
        )
    return existing
