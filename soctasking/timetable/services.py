"""Writing the submission timetable: requirements, rows, acknowledgements, reminders, escalations.

Analysts and administrators issue requirements and keep their rows, one at
a time, from a recurring rule, or from CSV. Every write of rows is all or
nothing: every problem is raised together in one ``ValidationError`` whose
keys name the field (and, for CSV, the line), and nothing is stored unless
all rows are good.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from soctasking.accounts.gate import WRITING_ROLES, has_role, require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.compliance import RowStatus, timetable_statuses
from soctasking.intelligence.models import (
    Acknowledgement,
    CollectionPriority,
    Requirement,
    RequirementThreat,
    SubmissionKind,
    TimetableRow,
)
from soctasking.lib.records import RECORD_ID_RE
from soctasking.meetings.models import Meeting
from soctasking.threats.models import Threat
from soctasking.timetable.models import ReminderKind, TimetableEscalation, TimetableReminder
from soctasking.timetable.recurrence import Occurrence, RecurringRule, occurrences, row_id
from soctasking.timetable.selectors import (
    next_ntig_meeting,
    pending_escalation,
    visible_submissions,
)

if TYPE_CHECKING:
    pass

#: Who issues requirements and keeps their timetable.
MANAGING_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
#: Who may put a body's gap to the tactical intelligence group.
ESCALATING_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR})
#: Who acknowledges for any body rather than only their own.
ANY_BODY_ROLES = frozenset({Role.ADMINISTRATOR})
CSV_COLUMNS = ("id", "body", "product", "due", "window_start", "deliver_to")
REQUIRED_CSV_COLUMNS = ("body", "product", "due", "deliver_to")
MAX_IMPORT_ROWS = 10_000


@dataclass(frozen=True)
class RowIn:
    """One timetable row as given; ``id`` empty to have one made from its content."""

    body: str
    product: str
    due: date | None
    deliver_to: str
    window_start: date | None = None
    id: str = ""


@dataclass
class RowsSaved:
    """What a write of rows did: the rows made and the rows changed, by id."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _choice_error(value: str, choices: Iterable[str]) -> str:
    return f"{value!r} is not one of {', '.join(repr(c) for c in choices)}."


def _today() -> date:
    return timezone.localdate()


def requirement_create(
    *,
    acting_user: User,
    id: str,
    period_start: date | None,
    period_end: date | None,
    issued: date | None,
    threats: list[tuple[str, str]],
) -> Requirement:
    """Issue a national intelligence requirement with its threats and collection priorities.

    ``threats`` are (threat id, collection priority) pairs; a priority may be
    empty. Refused whole, naming each field, when anything is wrong.
    """
    require_role(user=acting_user, roles=MANAGING_ROLES)
    errors: dict[str, list[str]] = defaultdict(list)
    if not RECORD_ID_RE.match(id):
        errors["id"].append(
            "An id is 1 to 100 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    elif Requirement.objects.filter(pk=id).exists():
        errors["id"].append(f"A requirement with the id {id!r} already exists.")
    if period_start is None:
        errors["period_start"].append("Enter the date the period starts.")
    if period_end is None:
        errors["period_end"].append("Enter the date the period ends.")
    if period_start and period_end and period_end < period_start:
        errors["period_end"].append("The period must end on or after the day it starts.")
    if issued is None:
        errors["issued"].append("Enter the date the requirement is issued.")
    threat_ids = [threat for threat, _ in threats]
    known = set(Threat.objects.filter(pk__in=threat_ids).values_list("pk", flat=True))
    unknown = sorted(set(threat_ids) - known)
    if unknown:
        errors["threats"].append(f"No threat has the id {', '.join(map(repr, unknown))}.")
    if len(set(threat_ids)) != len(threat_ids):
        errors["threats"].append("Name each threat once.")
    for threat, priority in threats:
        if priority and priority not in CollectionPriority.values:
            errors["threats"].append(
                f"{threat}: collection priority "
                + _choice_error(priority, CollectionPriority.values)
            )
    if errors or period_start is None or period_end is None or issued is None:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        requirement = Requirement.objects.create(
            id=id, period_start=period_start, period_end=period_end, issued=issued
        )
        RequirementThreat.objects.bulk_create(
            RequirementThreat(requirement=requirement, threat_id=threat, collection_priority=p)
            for threat, p in threats
        )
        audit_record(
            actor=acting_user,
            action="create",
            record_type="requirement",
            record_id=requirement.pk,
            detail={
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "issued": issued.isoformat(),
                "threats": dict(threats),
            },
        )
    return requirement


def _requirement(requirement_id: str) -> Requirement:
    requirement = Requirement.objects.filter(pk=requirement_id).first()
    if requirement is None:
        raise ValidationError({"requirement": f"No requirement has the id {requirement_id!r}."})
    return requirement


def _row_problems(
    row: RowIn, *, requirement: Requirement, bodies: set[str], owners: dict[str, str]
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if row.id and not RECORD_ID_RE.match(row.id):
        problems["id"] = (
            "An id is 1 to 100 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    elif row.id and owners.get(row.id, requirement.pk) != requirement.pk:
        problems["id"] = f"This id is a row of requirement {owners[row.id]!r}."
    for name, value in (("body", row.body), ("deliver_to", row.deliver_to)):
        if not value:
            problems[name] = "Enter a body's id."
        elif value not in bodies:
            problems[name] = f"No body has the id {value!r}."
    if row.product not in SubmissionKind.values:
        problems["product"] = (
            _choice_error(row.product, SubmissionKind.values)
            if row.product
            else "Choose a product."
        )
    if row.due is None:
        problems["due"] = "Enter the date it is due."
    elif row.due < requirement.period_start:
        problems["due"] = (
            f"It is due before the requirement's period starts ({requirement.period_start})."
        )
    if row.window_start is not None and row.due is not None and row.window_start > row.due:
        problems["window_start"] = "The window must open on or before the due date."
    return problems


@dataclass(frozen=True)
class _CheckedRow:
    id: str
    row: RowIn
    due: date


def _rows_checked(
    rows: list[RowIn], *, requirement: Requirement, where: list[str]
) -> list[_CheckedRow]:
    """Each row with its id (given, or made from its content), once all are good.

    ``where`` names each row's place for the error keys (``line 3``, say):
    a problem is keyed ``"<where>, <field>"``.
    """
    named = {value for row in rows for value in (row.body, row.deliver_to) if value}
    bodies = set(Body.objects.filter(pk__in=named).values_list("pk", flat=True))
    given = [row.id for row in rows if row.id]
    owners = dict(TimetableRow.objects.filter(pk__in=given).values_list("pk", "requirement_id"))
    errors: dict[str, list[str]] = defaultdict(list)
    checked: list[_CheckedRow] = []
    seen: dict[str, str] = {}
    for place, row in zip(where, rows, strict=True):
        problems = _row_problems(row, requirement=requirement, bodies=bodies, owners=owners)
        for name, message in problems.items():
            errors[f"{place}, {name}" if place else name].append(message)
        if problems or row.due is None:
            continue
        identifier = row.id or row_id(
            requirement=requirement.pk, body=row.body, product=row.product, due=row.due
        )
        if identifier in seen:
            key = f"{place}, id" if place else "id"
            errors[key].append(f"The same row as {seen[identifier]}.")
            continue
        seen[identifier] = place or "another row"
        checked.append(_CheckedRow(identifier, row, row.due))
    # A made id can equal another requirement's row id (ids may hold dots);
    # saving must never reach into another requirement.
    elsewhere = dict(
        TimetableRow.objects.filter(pk__in=[one.id for one in checked])
        .exclude(requirement=requirement)
        .values_list("pk", "requirement_id")
    )
    for place, one in zip(where, rows, strict=True):
        match = next((c for c in checked if c.row is one), None)
        if match is not None and match.id in elsewhere:
            key = f"{place}, id" if place else "id"
            errors[key].append(
                f"The id {match.id!r} is a row of requirement {elsewhere[match.id]!r}; "
                "give this row an id of its own."
            )
    if errors:
        raise ValidationError(dict(errors))
    return checked


def timetable_rows_save(
    *,
    acting_user: User,
    requirement_id: str,
    rows: list[RowIn],
    where: list[str] | None = None,
    source: str = "form",
) -> RowsSaved:
    """Add ``rows`` to a requirement's timetable, or update the rows with their ids.

    All or nothing. A row without an id gets one made from its requirement,
    body, product and due date, so saving the same rows again changes
    nothing.
    """
    require_role(user=acting_user, roles=MANAGING_ROLES)
    requirement = _requirement(requirement_id)
    places = (
        where
        if where is not None
        else ["" if len(rows) == 1 else f"row {i + 1}" for i in range(len(rows))]
    )
    checked = _rows_checked(rows, requirement=requirement, where=places)
    saved = RowsSaved()
    with transaction.atomic():
        existing = TimetableRow.objects.in_bulk([one.id for one in checked])
        creating: list[TimetableRow] = []
        updating: list[TimetableRow] = []
        for one in checked:
            identifier = one.id
            values = {
                "body_id": one.row.body,
                "product": one.row.product,
                "due": one.due,
                "window_start": one.row.window_start,
                "deliver_to_id": one.row.deliver_to,
            }
            stored = existing.get(identifier)
            if stored is None:
                creating.append(TimetableRow(id=identifier, requirement=requirement, **values))
                saved.created.append(identifier)
            elif any(getattr(stored, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(stored, name, value)
                updating.append(stored)
                saved.updated.append(identifier)
            else:
                saved.unchanged.append(identifier)
        TimetableRow.objects.bulk_create(creating)
        TimetableRow.objects.bulk_update(
            updating, ["body", "product", "due", "window_start", "deliver_to"]
        )
        if saved.created or saved.updated:
            audit_record(
                actor=acting_user,
                action="save_rows",
                record_type="requirement",
                record_id=requirement.pk,
                detail={"source": source, "created": saved.created, "updated": saved.updated},
            )
    return saved


def _csv_reader(text: str) -> csv.DictReader[str]:
    """A reader over the rows, once the header names every required column and no other."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise ValidationError({"file": "The file is empty; its first line must name the columns."})
    missing = [name for name in REQUIRED_CSV_COLUMNS if name not in header]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    problems = []
    if missing:
        problems.append(f"Columns missing: {', '.join(missing)}.")
    if unknown:
        problems.append(
            f"Columns not known: {', '.join(unknown)} (expected {', '.join(CSV_COLUMNS)})."
        )
    if problems:
        raise ValidationError({"line 1": problems})
    reader.fieldnames = header
    return reader


def _csv_row(record: dict[str, str], *, line: str, errors: dict[str, list[str]]) -> RowIn:
    values = {name: (record.get(name) or "").strip() for name in CSV_COLUMNS}
    dates: dict[str, date | None] = {}
    for name in ("due", "window_start"):
        try:
            dates[name] = date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            errors[f"{line}, {name}"].append(
                f"{values[name]!r} is not a date; write it as YYYY-MM-DD."
            )
    return RowIn(
        id=values["id"],
        body=values["body"],
        product=values["product"],
        due=dates.get("due"),
        window_start=dates.get("window_start"),
        deliver_to=values["deliver_to"],
    )


def timetable_rows_import_csv(*, acting_user: User, requirement_id: str, text: str) -> RowsSaved:
    """Import timetable rows from CSV, all or nothing.

    The first line names the columns: ``body``, ``product``, ``due`` and
    ``deliver_to`` are required, ``id`` and ``window_start`` optional, in any
    order. Dates are ISO (``2026-07-15``). Errors are keyed ``line N,
    column``, counting the header as line 1.
    """
    require_role(user=acting_user, roles=MANAGING_ROLES)
    reader = _csv_reader(text)
    rows: list[RowIn] = []
    places: list[str] = []
    errors: dict[str, list[str]] = defaultdict(list)
    for record in reader:
        line = f"line {reader.line_num}"
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ValidationError({line: f"A file holds at most {MAX_IMPORT_ROWS} rows."})
        if None in record:
            errors[line].append("This line has more values than the header has columns.")
            continue
        rows.append(_csv_row(record, line=line, errors=errors))
        places.append(line)
    if not rows and not errors:
        raise ValidationError({"file": "The file has a header but no rows."})
    try:
        _rows_checked(rows, requirement=_requirement(requirement_id), where=places)
    except ValidationError as invalid:
        for key, messages in invalid.message_dict.items():
            # A date already refused as unreadable is not refused again as missing.
            if key not in errors:
                errors[key].extend(messages)
    if errors:
        raise ValidationError(dict(errors))
    return timetable_rows_save(
        acting_user=acting_user,
        requirement_id=requirement_id,
        rows=rows,
        where=places,
        source="csv",
    )


def timetable_rows_generate(
    *, acting_user: User, requirement_id: str, rule: RecurringRule
) -> RowsSaved:
    """Rows from a recurring rule, one a body for each period ending within the requirement.

    Generating again with the same rule changes nothing; see
    ``soctasking.timetable.recurrence`` for the periods and windows.
    """
    require_role(user=acting_user, roles=MANAGING_ROLES)
    requirement = _requirement(requirement_id)
    errors: dict[str, list[str]] = defaultdict(list)
    if not rule.body_kinds and not rule.bodies:
        errors["bodies"].append("Choose the kinds of body, or the bodies, the rule is for.")
    if rule.days_after < 0 or rule.days_after > 366:
        errors["days_after"].append("Give a number of days from 0 to 366.")
    if rule.product not in SubmissionKind.values:
        errors["product"].append(_choice_error(rule.product, SubmissionKind.values))
    unknown_kinds = sorted(set(rule.body_kinds) - set(BodyKind.values))
    if unknown_kinds:
        errors["body_kinds"].append(
            f"No kind of body is called {', '.join(map(repr, unknown_kinds))}."
        )
    named = set(Body.objects.filter(pk__in=rule.bodies).values_list("pk", flat=True))
    unknown = sorted(set(rule.bodies) - named)
    if unknown:
        errors["bodies"].append(f"No body has the id {', '.join(map(repr, unknown))}.")
    if not Body.objects.filter(pk=rule.deliver_to).exists():
        errors["deliver_to"].append(f"No body has the id {rule.deliver_to!r}.")
    periods: list[Occurrence] = []
    if "days_after" not in errors:
        try:
            periods = occurrences(rule, start=requirement.period_start, end=requirement.period_end)
        except (OverflowError, ValueError):
            # A period ending in December 9999 has nothing after it to fall due on.
            errors["days_after"].append("The products would fall due after the year 9999.")
    if not periods and not errors:
        errors["every"].append("No such period ends within the requirement's period.")
    if errors:
        raise ValidationError(dict(errors))
    bodies = (
        Body.objects.filter(kind__in=rule.body_kinds) | Body.objects.filter(pk__in=rule.bodies)
    ).order_by("id")
    if not bodies.exists():
        raise ValidationError({"body_kinds": "No body is of the kinds chosen."})
    rows = [
        RowIn(
            body=body.pk,
            product=rule.product,
            due=period.due,
            window_start=period.window_start,
            deliver_to=rule.deliver_to,
        )
        for body in bodies.distinct()
        for period in periods
    ]
    return timetable_rows_save(
        acting_user=acting_user, requirement_id=requirement.pk, rows=rows, source="rule"
    )


def timetable_row_delete(*, acting_user: User, row_id: str) -> None:
    """Remove a row, with its reminders and its place in any escalation."""
    require_role(user=acting_user, roles=MANAGING_ROLES)
    row = TimetableRow.objects.filter(pk=row_id).first()
    if row is None:
        raise ValidationError({"row": f"No timetable row has the id {row_id!r}."})
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="delete",
            record_type="timetable_row",
            record_id=row.pk,
            detail={"requirement": row.requirement_id, "body": row.body_id, "due": str(row.due)},
        )
        row.delete()


def requirement_acknowledge(
    *, acting_user: User, requirement_id: str, body_id: str | None = None
) -> Acknowledgement:
    """A body confirms it knows its rows in a requirement, dated today.

    Contributors acknowledge for their own body, administrators for any.
    Acknowledging again keeps the first date: SUB004 judges the first.
    """
    if not has_role(user=acting_user, roles=WRITING_ROLES):
        raise PermissionDenied("Your role does not allow acknowledging a requirement.")
    requirement = _requirement(requirement_id)
    wanted = body_id or acting_user.body_id
    if wanted is None:
        raise ValidationError({"body": "Say which body is acknowledging."})
    if wanted != acting_user.body_id and acting_user.role not in ANY_BODY_ROLES:
        raise ValidationError({"body": "You may acknowledge only for your own body."})
    if not TimetableRow.objects.filter(requirement=requirement, body_id=wanted).exists():
        raise ValidationError(
            {"body": f"{wanted!r} has no rows in requirement {requirement.pk!r} to acknowledge."}
        )
    with transaction.atomic():
        acknowledgement, made = Acknowledgement.objects.get_or_create(
            requirement=requirement, body_id=wanted, defaults={"date": _today()}
        )
        if made:
            audit_record(
                actor=acting_user,
                action="acknowledge",
                record_type="requirement",
                record_id=requirement.pk,
                detail={"body": wanted, "date": acknowledgement.date.isoformat()},
            )
    return acknowledgement


def gap_escalate(
    *, acting_user: User, requirement_id: str, body_id: str, reason: str = ""
) -> TimetableEscalation:
    """Put a body's missing rows in a requirement on the next NTIG meeting's agenda.

    The rows are those missing today as the escalating user sees them. A
    body whose gap is already awaiting a meeting is refused, naming it; with
    no NTIG meeting scheduled, the escalation waits for the first one.
    """
    require_role(user=acting_user, roles=ESCALATING_ROLES)
    requirement = _requirement(requirement_id)
    body = Body.objects.filter(pk=body_id).first()
    if body is None:
        raise ValidationError({"body": f"No body has the id {body_id!r}."})
    today = _today()
    missing = [
        status.row
        for status in timetable_statuses(
            as_of=today,
            requirement=requirement,
            rows=TimetableRow.objects.filter(body=body),
            submissions=visible_submissions(user=acting_user),
        )
        if status.status == RowStatus.MISSING
    ]
    if not missing:
        raise ValidationError({"body": f"{body.name} has no missing rows in {requirement.pk}."})
    waiting = pending_escalation(requirement=requirement, body=body, today=today)
    if waiting is not None:
        where = (
            f"the NTIG meeting on {waiting.meeting.date:%-d %B %Y}"
            if waiting.meeting is not None
            else "the next NTIG meeting to be scheduled"
        )
        raise ValidationError({"body": f"{body.name}'s gap is already on the agenda of {where}."})
    meeting: Meeting | None = next_ntig_meeting(on_or_after=today)
    with transaction.atomic():
        escalation = TimetableEscalation.objects.create(
            requirement=requirement,
            body=body,
            meeting=meeting,
            reason=reason.strip(),
            raised=timezone.now(),
            raised_by=acting_user,
        )
        escalation.rows.set(missing)
        audit_record(
            actor=acting_user,
            action="escalate",
            record_type="requirement",
            record_id=requirement.pk,
            detail={
                "body": body.pk,
                "rows": [row.pk for row in missing],
                "meeting": meeting.pk if meeting is not None else None,
            },
        )
    return escalation


@dataclass(frozen=True)
class ReminderEmail:
    """One email sent to a body about some of its rows."""

    body: Body
    kind: ReminderKind
    rows: tuple[TimetableRow, ...]
    recipients: tuple[str, ...]


def _recipients(body_ids: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    users = (
        User.objects.filter(body_id__in=list(body_ids), is_active=True, role__in=WRITING_ROLES)
        .exclude(email="")
        .order_by("email")
        .values_list("body_id", "email")
    )
    for body_id, email in users:
        found[body_id].append(email)
    return found


def reminders_send(
    *, today: date | None = None, days_before: int | None = None, missed_within: int | None = None
) -> list[ReminderEmail]:
    """Email each body about rows due within ``days_before`` days, and rows just missed.

    A row gets at most one reminder of each kind, ever, so running this
    daily (or twice) never repeats one. A "missed" reminder goes only for
    rows whose due date passed within ``missed_within`` days, so loading an
    old picture does not mail every gap in its history. Rows are judged on
    every submission received, as the assurance checks judge them. A body
    nobody at which has an address is recorded as reminded with no
    recipients, and shows so on the compliance page.
    """
    today = today or _today()
    days_before = settings.SOCTASKING_REMINDER_DAYS if days_before is None else days_before
    missed_within = (
        settings.SOCTASKING_REMINDER_MISSED_DAYS if missed_within is None else missed_within
    )
    reminded = set(TimetableReminder.objects.values_list("row_id", "kind"))
    owed: dict[tuple[str, ReminderKind], list[TimetableRow]] = defaultdict(list)
    for status in timetable_statuses(as_of=today):
        row = status.row
        if status.status == RowStatus.DUE and (row.due - today).days <= days_before:
            kind = ReminderKind.BEFORE_DUE
        elif status.status == RowStatus.MISSING and row.due >= today - timedelta(missed_within):
            kind = ReminderKind.MISSED
        else:
            continue
        if (row.pk, kind.value) not in reminded:
            owed[(row.body_id, kind)].append(row)
    addresses = _recipients(body for body, _ in owed)
    sent: list[ReminderEmail] = []
    for (body_id, kind), rows in sorted(owed.items()):
        body = rows[0].body
        recipients = addresses.get(body_id, [])
        # Sent before it is recorded: should recording fail, the next run
        # sends it again, and a reminder twice is better than none.
        if recipients:
            send_mail(
                subject=render_to_string(
                    "timetable/email/reminder_subject.txt",
                    {"kind": kind, "body": body, "rows": rows},
                ).strip(),
                message=render_to_string(
                    "timetable/email/reminder.txt",
                    {
                        "kind": kind,
                        "body": body,
                        "rows": rows,
                        "today": today,
                        "base_url": settings.SOCTASKING_BASE_URL,
                    },
                ),
                from_email=None,
                recipient_list=recipients,
            )
        now = timezone.now()
        with transaction.atomic():
            TimetableReminder.objects.bulk_create(
                TimetableReminder(row=row, kind=kind, sent=now, recipients=recipients)
                for row in rows
            )
            audit_record(
                actor=None,
                action="remind",
                record_type="body",
                record_id=body_id,
                detail={"kind": kind.value, "rows": [row.pk for row in rows], "to": recipients},
            )
        sent.append(ReminderEmail(body, kind, tuple(rows), tuple(recipients)))
    return sent
