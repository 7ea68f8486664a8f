"""Recording each body's local priorities for a period, by form, API or CSV.

A body's local priorities for a period are one record: the plan or strategy
they come from and the priorities it names, each a catalogued threat or a
free-text theme. Recording the same body and period again replaces that
record's priorities, so a corrected return is sent whole.

Contributors record for their own body; analysts and administrators for any.
Every write is all or nothing: every problem is raised together in one
``ValidationError`` keyed by field (and, for CSV, by line), and nothing is
stored unless everything is good.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body
from soctasking.local_priorities.models import LocalPriority, LocalPriorityEntry, PrioritySource
from soctasking.threats.models import Threat

#: Who records local priorities for any body; contributors record for their own.
ANY_BODY_ROLES = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
RECORDING_ROLES = ANY_BODY_ROLES | {Role.CONTRIBUTOR}
CSV_COLUMNS = ("body", "period_start", "period_end", "source", "document", "threat", "theme")
REQUIRED_CSV_COLUMNS = ("body", "period_start", "period_end")
MAX_IMPORT_ROWS = 10_000
MAX_THEME_LENGTH = 300
MAX_DOCUMENT_LENGTH = 300


@dataclass(frozen=True)
class PriorityIn:
    """One priority as given: a threat's id, or a free-text theme (exactly one of them)."""

    threat: str = ""
    theme: str = ""


@dataclass(frozen=True)
class LocalPrioritiesIn:
    """A body's local priorities for one period, as given."""

    body: str
    period_start: date | None
    period_end: date | None
    source: str = ""
    document: str = ""
    priorities: tuple[PriorityIn, ...] = ()


def local_priority_id(*, body: str, period_start: date, period_end: date) -> str:
    """The id a body's local priorities for a period are kept under, the same every time."""
    return f"lp-{body}-{period_start.isoformat()}-{period_end.isoformat()}"


def _may_record_for(user: User, body: str) -> bool:
    if has_role(user=user, roles=ANY_BODY_ROLES):
        return True
    return has_role(user=user, roles={Role.CONTRIBUTOR}) and user.body_id == body


def _problems(
    given: LocalPrioritiesIn, *, acting_user: User, bodies: set[str], threats: set[str]
) -> dict[str, list[str]]:
    """What is wrong with one body's priorities, by field name."""
    problems: dict[str, list[str]] = defaultdict(list)
    if not given.body:
        problems["body"].append("Choose the body whose priorities these are.")
    elif given.body not in bodies:
        problems["body"].append(f"No body has the id {given.body!r}.")
    elif not _may_record_for(acting_user, given.body):
        problems["body"].append("You may record local priorities only for your own body.")
    if given.period_start is None:
        problems["period_start"].append("Enter the date the period starts, as YYYY-MM-DD.")
    if given.period_end is None:
        problems["period_end"].append("Enter the date the period ends, as YYYY-MM-DD.")
    if given.period_start and given.period_end and given.period_end < given.period_start:
        problems["period_end"].append("The period must end on or after the day it starts.")
    if given.source and given.source not in PrioritySource.values:
        problems["source"].append(
            f"{given.source!r} is not one of {', '.join(map(repr, PrioritySource.values))}."
        )
    if len(given.document) > MAX_DOCUMENT_LENGTH:
        problems["document"].append(
            f"Name the document in at most {MAX_DOCUMENT_LENGTH} characters."
        )
    _priority_problems(given.priorities, threats=threats, problems=problems)
    return problems


def _priority_problems(
    priorities: tuple[PriorityIn, ...], *, threats: set[str], problems: dict[str, list[str]]
) -> None:
    if not priorities:
        problems["priorities"].append("Name at least one priority: a threat or a theme.")
    seen: set[tuple[str, str]] = set()
    for index, priority in enumerate(priorities):
        where = f"priorities.{index}"
        if bool(priority.threat) == bool(priority.theme):
            problems[where].append("Give either a threat or a theme, not both and not neither.")
        elif priority.threat and priority.threat not in threats:
            problems[where].append(f"No threat has the id {priority.threat!r}.")
        elif len(priority.theme) > MAX_THEME_LENGTH:
            problems[where].append(f"Write a theme in at most {MAX_THEME_LENGTH} characters.")
        key = (priority.threat, priority.theme.casefold())
        if key in seen:
            problems[where].append("This priority is named twice.")
        seen.add(key)


def _known(given: list[LocalPrioritiesIn]) -> tuple[set[str], set[str]]:
    bodies = set(
        Body.objects.filter(pk__in={g.body for g in given if g.body}).values_list("pk", flat=True)
    )
    named = {p.threat for g in given for p in g.priorities if p.threat}
    threats = set(Threat.objects.filter(pk__in=named).values_list("pk", flat=True))
    return bodies, threats


def _stored(
    given: LocalPrioritiesIn, *, start: date, end: date, acting_user: User, source: str
) -> LocalPriority:
    """Save one body's priorities for ``start`` to ``end``, replacing any recorded; audited."""
    identifier = local_priority_id(body=given.body, period_start=start, period_end=end)
    record = LocalPriority.objects.filter(pk=identifier).first()
    action = "update" if record is not None else "create"
    if record is None:
        record = LocalPriority(id=identifier)
    record.body_id = given.body
    record.period_start = start
    record.period_end = end
    record.source = given.source
    record.document = given.document
    record.full_clean()
    record.save()
    record.entries.all().delete()
    entries = [
        LocalPriorityEntry(
            local_priority=record,
            position=position,
            threat_id=priority.threat or None,
            theme=priority.theme,
        )
        for position, priority in enumerate(given.priorities)
    ]
    for entry in entries:
        entry.full_clean(exclude=["local_priority"])
    LocalPriorityEntry.objects.bulk_create(entries)
    audit_record(
        actor=acting_user,
        action=action,
        record_type="local_priority",
        record_id=record.pk,
        detail={
            "source": source,
            "body": given.body,
            "period": [start.isoformat(), end.isoformat()],
            "priorities": [p.threat or f"theme: {p.theme}" for p in given.priorities],
        },
    )
    return record


def _require_recorder(acting_user: User) -> None:
    if not has_role(user=acting_user, roles=RECORDING_ROLES):
        raise PermissionDenied("Your role does not allow recording local priorities.")


def _cleaned(given: LocalPrioritiesIn) -> LocalPrioritiesIn:
    return LocalPrioritiesIn(
        body=given.body.strip(),
        period_start=given.period_start,
        period_end=given.period_end,
        source=given.source.strip(),
        document=given.document.strip(),
        priorities=tuple(
            PriorityIn(threat=p.threat.strip(), theme=" ".join(p.theme.split()))
            for p in given.priorities
        ),
    )


def local_priorities_record(*, acting_user: User, given: LocalPrioritiesIn) -> LocalPriority:
    """Record a body's local priorities for a period; recording again replaces them."""
    _require_recorder(acting_user)
    given = _cleaned(given)
    bodies, threats = _known([given])
    problems = _problems(given, acting_user=acting_user, bodies=bodies, threats=threats)
    if problems or given.period_start is None or given.period_end is None:
        raise ValidationError(dict(problems))
    with transaction.atomic():
        return _stored(
            given,
            start=given.period_start,
            end=given.period_end,
            acting_user=acting_user,
            source="form",
        )


def _csv_reader(text: str) -> csv.DictReader[str]:
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
    if "threat" not in header and "theme" not in header:
        problems.append("Give a threat column, a theme column, or both.")
    if problems:
        raise ValidationError({"line 1": problems})
    reader.fieldnames = header
    return reader


def _csv_date(value: str, *, key: str, errors: dict[str, list[str]]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[key].append(f"{value!r} is not a date; write it as YYYY-MM-DD.")
        return None


# A line's fields that must agree with the other lines of its body and period.
_SHARED = ("source", "document")


Groups = dict[tuple[str, date, date], list[tuple[str, dict[str, str]]]]


def _csv_lines(reader: csv.DictReader[str], errors: dict[str, list[str]]) -> Groups:
    """The file's lines grouped by body and period, each with its place (``line 3``)."""
    groups: Groups = {}
    lines = 0
    for record in reader:
        line = f"line {reader.line_num}"
        lines += 1
        if lines > MAX_IMPORT_ROWS:
            raise ValidationError({line: f"A file holds at most {MAX_IMPORT_ROWS} lines."})
        if None in record:
            errors[line].append("This line has more values than the header has columns.")
            continue
        values = {name: (record.get(name) or "").strip() for name in CSV_COLUMNS}
        days = {}
        for name in ("period_start", "period_end"):
            if not values[name]:
                errors[f"{line}, {name}"].append("Enter the date, as YYYY-MM-DD.")
            days[name] = _csv_date(values[name], key=f"{line}, {name}", errors=errors)
        start, end = days["period_start"], days["period_end"]
        if start is not None and end is not None:
            groups.setdefault((values["body"], start, end), []).append((line, values))
    if lines == 0:
        raise ValidationError({"file": "The file has a header but no lines of priorities."})
    return groups


def _csv_group(
    members: list[tuple[str, dict[str, str]]],
    *,
    body: str,
    start: date,
    end: date,
    errors: dict[str, list[str]],
) -> LocalPrioritiesIn:
    """One body and period's lines as one record; they must agree on source and document."""
    first_line, first = members[0]
    for line, values in members[1:]:
        for name in _SHARED:
            if values[name] != first[name]:
                errors[f"{line}, {name}"].append(
                    f"Differs from {first_line} for the same body and period "
                    f"({first[name]!r}); give each line the same."
                )
    return _cleaned(
        LocalPrioritiesIn(
            body=body,
            period_start=start,
            period_end=end,
            source=first["source"],
            document=first["document"],
            priorities=tuple(PriorityIn(threat=v["threat"], theme=v["theme"]) for _, v in members),
        )
    )


def _csv_key(name: str, places: list[str]) -> str:
    """Where a record's problem ``name`` lies in the file: the line and column."""
    if name.startswith("priorities."):
        return f"{places[int(name.split('.', 1)[1])]}, threat"
    if name in ("body", "period_end", "source", "document"):
        return f"{places[0]}, {name}"
    return places[0]


def local_priorities_import_csv(*, acting_user: User, text: str) -> list[LocalPriority]:
    """Import local priorities from CSV, one priority a line, all or nothing.

    The first line names the columns: ``body``, ``period_start`` and
    ``period_end`` are required; ``source`` and ``document`` optional; and
    each line names its priority in ``threat`` (a threat's id) or ``theme``
    (free text). Lines of the same body and period make one record, and must
    agree on its source and document. Dates are ISO. Errors are keyed
    ``line N, column``, counting the header as line 1.
    """
    _require_recorder(acting_user)
    reader = _csv_reader(text)
    errors: dict[str, list[str]] = defaultdict(list)
    records = [
        (
            [line for line, _ in members],
            start,
            end,
            _csv_group(members, body=body, start=start, end=end, errors=errors),
        )
        for (body, start, end), members in _csv_lines(reader, errors).items()
    ]
    bodies, threats = _known([given for *_, given in records])
    for places, _, _, given in records:
        problems = _problems(given, acting_user=acting_user, bodies=bodies, threats=threats)
        for name, messages in problems.items():
            errors[_csv_key(name, places)].extend(messages)
    if errors:
        raise ValidationError(dict(errors))
    with transaction.atomic():
        return [
            _stored(given, start=start, end=end, acting_user=acting_user, source="csv")
            for _, start, end, given in records
        ]
