"""Appending to the audit trail, and verifying it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from soctasking.accounts.clearance import is_sensitive
from soctasking.accounts.gate import require_role
from soctasking.audit.models import AuditChainHead, AuditEvent
from soctasking.audit.selectors import AUDIT_EVENT, AUDIT_READERS

if TYPE_CHECKING:
    from soctasking.accounts.models import User

GENESIS_DIGEST = "0" * 64
SYSTEM_ACTOR = "system"
#: Reading the trail with the same filters again within this long records nothing new.
READ_RECORDED_EVERY = timedelta(minutes=15)


def _canonical(
    *,
    sequence: int,
    at: datetime,
    actor_name: str,
    action: str,
    record_type: str,
    record_id: str,
    detail: dict[str, Any],
) -> bytes:
    return json.dumps(
        {
            "sequence": sequence,
            "at": at.isoformat(),
            "actor": actor_name,
            "action": action,
            "record_type": record_type,
            "record_id": record_id,
            "detail": detail,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode()


def event_digest(*, previous_digest: str, event: AuditEvent) -> str:
    content = _canonical(
        sequence=event.sequence,
        at=event.at,
        actor_name=event.actor_name,
        action=event.action,
        record_type=event.record_type,
        record_id=event.record_id,
        detail=event.detail,
    )
    return hashlib.sha256(previous_digest.encode() + content).hexdigest()


def audit_record(
    *,
    actor: User | None,
    action: str,
    record_type: str,
    record_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Call it from within the service's ``transaction.atomic()`` so the event
    and the change it records commit or roll back together.
    """
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_digest": GENESIS_DIGEST, "last_sequence": 0}
        )
        # Round-trip through JSON so the digest is computed over exactly what
        # the database will hand back to the verifier.
        clean_detail: dict[str, Any] = json.loads(json.dumps(detail or {}, default=str))
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            at=timezone.now(),
            actor=actor,
            actor_name=actor.get_username() if actor is not None else SYSTEM_ACTOR,
            action=action,
            record_type=record_type,
            record_id=record_id,
            detail=clean_detail,
            previous_digest=head.last_digest,
        )
        event.digest = event_digest(previous_digest=head.last_digest, event=event)
        event.save(force_insert=True)
        head.last_digest = event.digest
        head.last_sequence = event.sequence
        head.save(update_fields=["last_digest", "last_sequence"])
    return event


def audit_sensitive_reads(
    *, actor: User, action: str, record_type: str, records: Iterable[tuple[str, str]]
) -> AuditEvent | None:
    """Record that ``actor`` was shown the OFFICIAL-SENSITIVE or higher ones of ``records``.

    ``records`` are (id, classification) pairs of what a page or response
    showed; one event names every sensitive id, and nothing is written when
    none was sensitive.
    """
    shown = [record_id for record_id, classification in records if is_sensitive(classification)]
    if not shown:
        return None
    return audit_record(actor=actor, action=action, record_type=record_type, detail={"ids": shown})


def audit_trail_read(*, actor: User, filters: dict[str, str]) -> AuditEvent | None:
    """Record that ``actor`` read the trail narrowed by ``filters``: one ``read audit_event``.

    Only inspectors and administrators read the trail. Reading the same
    selection again within ``READ_RECORDED_EVERY`` (a refresh, the next
    page) records nothing, so paging through the trail does not flood it;
    any other selection is a new read.
    """
    require_role(user=actor, roles=AUDIT_READERS)
    detail = {"filters": filters}
    recent = (
        AuditEvent.objects.filter(
            actor_name=actor.get_username(),
            at__gte=timezone.now() - READ_RECORDED_EVERY,
            action="read",
            record_type=AUDIT_EVENT,
        )
        .order_by("-sequence")
        .values_list("detail", flat=True)[:50]
    )
    if detail in list(recent):
        return None
    return audit_record(actor=actor, action="read", record_type=AUDIT_EVENT, detail=detail)


def audit_trail_export(*, actor: User, filters: dict[str, str]) -> AuditEvent:
    """Record that ``actor`` downloaded the events ``filters`` select: one ``export audit_event``.

    Every download is recorded, the same one twice included: each is a copy
    of the trail leaving the service.
    """
    require_role(user=actor, roles=AUDIT_READERS)
    return audit_record(
        actor=actor, action="export", record_type=AUDIT_EVENT, detail={"filters": filters}
    )


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    problem: str


def audit_verify() -> list[ChainProblem]:
    """Every break in the chain: an edited, deleted, inserted or reordered event."""
    problems: list[ChainProblem] = []
    previous_digest = GENESIS_DIGEST
    expected_sequence = 1
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            problems.append(
                ChainProblem(
                    event.sequence,
                    f"expected event {expected_sequence} next; events are missing or reordered",
                )
            )
        if event.previous_digest != previous_digest:
            problems.append(ChainProblem(event.sequence, "does not chain from the event before it"))
        if event_digest(previous_digest=event.previous_digest, event=event) != event.digest:
            problems.append(ChainProblem(event.sequence, "content does not match its digest"))
        previous_digest = event.digest
        expected_sequence = event.sequence + 1
    head = AuditChainHead.objects.filter(id=1).first()
    newest = expected_sequence - 1
    if head is not None and (head.last_sequence, head.last_digest) != (newest, previous_digest):
        problems.append(
            ChainProblem(head.last_sequence, "the newest events have been deleted")
            if head.last_sequence > newest
            else ChainProblem(
                newest, "is not the newest event the chain recorded: events were moved or added"
            )
        )
    return problems
