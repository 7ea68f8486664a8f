from __future__ import annotations

import pytest

from soctasking.audit.models import AuditEvent
from soctasking.audit.services import audit_record, audit_verify, event_digest

pytestmark = pytest.mark.django_db


def _three_events(actor):
    for n in range(3):
        audit_record(actor=actor, action="update", record_type="body", record_id=f"body-{n}")


def test_an_untouched_chain_verifies(analyst):
    _three_events(analyst)
    assert audit_verify() == []
    assert list(AuditEvent.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_an_edited_event_is_detected(analyst):
    _three_events(analyst)
    AuditEvent.objects.filter(sequence=2).update(record_id="body-99")
    problems = audit_verify()
    assert [p.sequence for p in problems] == [2]
    assert "digest" in problems[0].problem


def test_a_deleted_event_is_detected(analyst):
    _three_events(analyst)
    AuditEvent.objects.filter(sequence=2).delete()
    assert [p.sequence for p in audit_verify()] == [3, 3]


def test_deleting_the_newest_event_is_detected(analyst):
    _three_events(analyst)
    AuditEvent.objects.filter(sequence=3).delete()
    problems = audit_verify()
    assert len(problems) == 1
    assert "newest" in problems[0].problem


def test_an_event_added_after_the_newest_without_the_chain_head_is_detected(analyst):
    _three_events(analyst)
    newest = AuditEvent.objects.get(sequence=3)
    forged = AuditEvent(
        sequence=4,
        at=newest.at,
        actor_name="system",
        action="create",
        record_type="user",
        record_id="mallory",
        detail={},
        previous_digest=newest.digest,
    )
    forged.digest = event_digest(previous_digest=newest.digest, event=forged)
    forged.save(force_insert=True)

    assert [(p.sequence, p.problem) for p in audit_verify()] == [
        (4, "is not the newest event the chain recorded: events were moved or added")
    ]
