"""Reads of the audit trail: the console's listing, and the inspectors' page and CSV.

The trail names records of every classification. Every event is shown to
those who may read the trail, with its record's type and id; what an event's
detail says of a record the reader may not see is withheld
(``audit_events_shown``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from soctasking.accounts.clearance import Classification, CompartmentCode
from soctasking.accounts.gate import can_see, filter_visible
from soctasking.accounts.models import Role
from soctasking.audit.models import AuditEvent
from soctasking.intelligence.models import Submission

if TYPE_CHECKING:
    from soctasking.accounts.models import User

#: Who may read the trail: inspectors, whose work it is, and administrators.
AUDIT_READERS = frozenset({Role.INSPECTOR, Role.ADMINISTRATOR})
#: The record type of the trail's own events (reading and exporting it).
AUDIT_EVENT = "audit_event"
#: Actions that record a read or a refusal: every other action changed something.
#: An action missing here only makes :func:`latest_change_digest` move more often.
READ_ACTIONS = frozenset(
    {"read", "read_file", "read_receipt", "list", "export", "search", "load_refused"}
)
#: Events that record who did what without changing the picture.
UNCHANGING_ACTIONS = READ_ACTIONS | {"sign_in", "sign_out"}
CSV_COLUMNS = (
    "sequence",
    "at",
    "actor",
    "action",
    "record_type",
    "record_id",
    "detail",
    "withheld",
    "digest",
)
# A page shows this much of each value in an event's detail; the CSV shows all of it.
_SHOWN_ITEMS = 5
_SHOWN_CHARACTERS = 120
_SHOWN_DIGEST = 12
_DIGEST_RE = re.compile(r"[0-9a-f]{40,}")


def audit_events_list(
    *, record_type: str | None = None, actor: str | None = None, limit: int | None = None
) -> list[AuditEvent]:
    """The newest ``limit`` events (all when ``None``) matching what is given, oldest first."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if record_type is not None:
        events = events.filter(record_type=record_type)
    if actor is not None:
        events = events.filter(actor_name=actor)
    if limit is None:
        return list(events.order_by("sequence"))
    return list(reversed(events.order_by("-sequence")[:limit]))


@dataclass(frozen=True)
class AuditFilters:
    """What to narrow the trail to; an empty value narrows nothing. Dates are whole local days."""

    actor: str = ""
    action: str = ""
    record_type: str = ""
    record_id: str = ""
    since: date | None = None
    until: date | None = None

    def given(self) -> dict[str, str]:
        """The filters that narrow, as text: what a read of the trail records."""
        values = {
            "actor": self.actor,
            "action": self.action,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {name: value for name, value in values.items() if value}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_filtered(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events matching ``filters``, newest first."""
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_name=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.record_type:
        events = events.filter(record_type=filters.record_type)
    if filters.record_id:
        events = events.filter(record_id=filters.record_id)
    if filters.since is not None:
        events = events.filter(at__gte=_start_of(filters.since))
    if filters.until is not None:
        events = events.filter(at__lt=_start_of(filters.until + timedelta(days=1)))
    return events.order_by("-sequence")


def latest_change_digest() -> str:
    """The digest of the newest event that changed something, or ``""`` on an empty trail.

    Every change is audited in its own transaction, so this stamp moves with
    every change to the picture and with nothing else: what is worked out
    from the picture can be kept until it moves.
    """
    digest = (
        AuditEvent.objects.exclude(action__in=UNCHANGING_ACTIONS)
        .order_by("-sequence")
        .values_list("digest", flat=True)
        .first()
    )
    return digest or ""


def audit_actions() -> list[str]:
    """Every action the trail holds, to choose from."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_record_types() -> list[str]:
    """Every record type the trail holds, to choose from."""
    return list(
        AuditEvent.objects.order_by("record_type").values_list("record_type", flat=True).distinct()
    )


@dataclass(frozen=True)
class ShownEvent:
    """An event as a reader of the trail is shown it: ``detail`` less what they may not see."""

    sequence: int
    at: datetime
    actor_name: str
    action: str
    record_type: str
    record_id: str
    detail: dict[str, Any]
    withheld: bool
    digest: str

    @property
    def summary(self) -> str:
        """The detail in a line: each value shortened, long lists cut to their first few items."""
        return "; ".join(f"{key}: {_short(value)}" for key, value in sorted(self.detail.items()))


def _short(value: Any) -> str:
    if isinstance(value, list):
        shown = ", ".join(_short(item) for item in value[:_SHOWN_ITEMS])
        more = len(value) - _SHOWN_ITEMS
        return f"[{shown}{f' and {more} more' if more > 0 else ''}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_short(v)}" for k, v in sorted(value.items())) + "}"
    text = "none" if value is None else str(value)
    if _DIGEST_RE.fullmatch(text):
        return text[:_SHOWN_DIGEST] + "…"
    return text if len(text) <= _SHOWN_CHARACTERS else text[: _SHOWN_CHARACTERS - 1] + "…"


def _batch_items(event: AuditEvent) -> list[dict[str, Any]]:
    """The submissions a ``receive_batch`` event names, each with its reference and digest."""
    items = event.detail.get("submissions") if event.record_type == "submission" else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


class _Reader:
    """What one reader of the trail may see of the records that events describe."""

    def __init__(self, viewer: User) -> None:
        self.viewer = viewer
        # Cleared to the top with every compartment: nothing is above them.
        self.sees_everything = can_see(
            user=viewer,
            classification=Classification.TOP_SECRET,
            compartments=CompartmentCode.values,
        )

    def hidden_submissions(self, events: list[AuditEvent]) -> set[str]:
        """The submissions whose description ``events`` carry that the reader may not see.

        A submission no longer stored counts as hidden: its classification is not known.
        """
        if self.sees_everything:
            return set()
        described = {
            e.record_id for e in events if e.record_type == "submission" and e.record_id
        } | {str(item.get("id")) for e in events for item in _batch_items(e)}
        if not described:
            return set()
        visible = filter_visible(
            user=self.viewer, queryset=Submission.objects.filter(pk__in=described)
        ).values_list("pk", flat=True)
        return described - set(visible)

    def shown(self, event: AuditEvent, hidden: set[str]) -> ShownEvent:
        detail, withheld = self.detail(event, hidden)
        return ShownEvent(
            sequence=event.sequence,
            at=event.at,
            actor_name=event.actor_name,
            action=event.action,
            record_type=event.record_type,
            record_id=event.record_id,
            detail=detail,
            withheld=withheld,
            digest=event.digest,
        )

    def detail(self, event: AuditEvent, hidden: set[str]) -> tuple[dict[str, Any], bool]:
        detail: dict[str, Any] = event.detail if isinstance(event.detail, dict) else {}
        if event.record_type == "submission" and event.record_id in hidden:
            # A receipt's digest, body and classification describe the submission.
            return {}, True
        items = _batch_items(event)
        if any(str(item.get("id")) in hidden for item in items):
            return {
                **detail,
                "submissions": [
                    {"id": item.get("id"), "withheld": True}
                    if str(item.get("id")) in hidden
                    else item
                    for item in items
                ],
            }, True
        first = detail.get("first")
        if event.action == "load_refused" and isinstance(first, str) and not self.sees_everything:
            # A refused bundle's first problem may quote the start of any value in
            # it, of any classification: the reader is told where, not what.
            return {**detail, "first": first.split(": ", 1)[0]}, True
        return detail, False


def audit_events_shown(*, viewer: User, events: Iterable[AuditEvent]) -> list[ShownEvent]:
    """``events`` as ``viewer`` is shown them.

    Every event is shown, with its record's type and id. What the detail
    says of a submission above the viewer's clearance, or in a compartment
    they do not hold, is withheld, as is the quoted value in a refused
    bundle's first problem unless the viewer may see everything.
    """
    reader = _Reader(viewer)
    listed = list(events)
    hidden = reader.hidden_submissions(listed)
    return [reader.shown(event, hidden) for event in listed]


def _defused(value: str) -> str:
    # A cell starting with = + - or @ is a formula to a spreadsheet.
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


class _CsvLines:
    """Rows written as CSV text, handed back a batch at a time for streaming."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def __call__(self, rows: Iterable[Iterable[object]]) -> str:
        self.writer.writerows(rows)
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _csv_row(event: ShownEvent) -> list[object]:
    return [
        event.sequence,
        event.at.isoformat(),
        _defused(event.actor_name),
        _defused(event.action),
        _defused(event.record_type),
        _defused(event.record_id),
        json.dumps(event.detail, sort_keys=True, ensure_ascii=False),
        "yes" if event.withheld else "no",
        event.digest,
    ]


def audit_events_csv(
    *, viewer: User, events: QuerySet[AuditEvent], chunk_size: int = 1000
) -> Iterator[str]:
    """The lines of the trail's CSV export, header first, then a chunk of events at a time.

    Each row's detail is all of what ``viewer`` is shown of it, as JSON.
    """
    lines = _CsvLines()
    yield lines([CSV_COLUMNS])
    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=chunk_size):
        chunk.append(event)
        if len(chunk) == chunk_size:
            yield lines(map(_csv_row, audit_events_shown(viewer=viewer, events=chunk)))
            chunk = []
    if chunk:
        yield lines(map(_csv_row, audit_events_shown(viewer=viewer, events=chunk)))


def audit_events_count() -> int:
    """How many events the trail holds."""
    return AuditEvent.objects.count()
