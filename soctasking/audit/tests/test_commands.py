from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.audit.models import AuditChainHead, AuditEvent
from soctasking.audit.services import audit_record, event_digest
from soctasking.cli import main

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def trail(analyst, contributor):
    audit_record(actor=analyst, action="update", record_type="body", record_id="nac")
    audit_record(actor=None, action="create", record_type="user", record_id="dana")
    audit_record(actor=contributor, action="read", record_type="submission", record_id="sub-1")


def test_an_intact_trail_verifies_with_status_0_and_its_length(trail, capsys):
    main(["audit", "verify"])  # returning, rather than raising SystemExit, is status 0

    assert capsys.readouterr().out == "audit trail intact: 3 events\n"


def test_verification_can_show_the_newest_digest_to_keep_elsewhere(trail):
    newest = AuditEvent.objects.get(sequence=3)

    out = run("audit", "verify", "--digest")

    assert out.splitlines() == [
        "audit trail intact: 3 events",
        f"newest event 3: digest {newest.digest}",
    ]


def test_an_empty_trail_is_intact(db):
    assert run("audit", "verify") == "audit trail intact: 0 events\n"


def test_a_tampered_trail_fails_with_status_1_listing_each_problem(trail, capsys):
    AuditEvent.objects.filter(sequence=2).update(actor_name="alice")
    AuditEvent.objects.filter(sequence=3).update(detail={"reason": "nothing to see"})

    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify"])

    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "event 2: content does not match its digest",
        "event 3: content does not match its digest",
    ]
    assert "audit trail broken: 2 problems" in captured.err


def refused_verification() -> list[str]:
    """What ``audit verify`` says, once it has refused with status 1."""
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", stdout=out)
    assert refused.value.returncode == 1
    return out.getvalue().splitlines()


def test_a_deleted_event_fails_verification_naming_the_event_after_the_gap(trail):
    AuditEvent.objects.filter(sequence=2).delete()

    assert refused_verification() == [
        "event 3: expected event 2 next; events are missing or reordered",
        "event 3: does not chain from the event before it",
    ]


def test_a_reordered_pair_fails_verification_naming_both(trail):
    # Swap the sequences of events 2 and 3, through a number nobody uses.
    AuditEvent.objects.filter(sequence=2).update(sequence=99)
    AuditEvent.objects.filter(sequence=3).update(sequence=2)
    AuditEvent.objects.filter(sequence=99).update(sequence=3)

    assert refused_verification() == [
        "event 2: does not chain from the event before it",
        "event 2: content does not match its digest",
        "event 3: does not chain from the event before it",
        "event 3: content does not match its digest",
        "event 3: is not the newest event the chain recorded: events were moved or added",
    ]


def test_an_event_inserted_in_the_middle_fails_verification_naming_where(trail):
    # A forger who knows the scheme: make room after event 1, write an event
    # that chains from it correctly, and move the chain head on.
    AuditEvent.objects.filter(sequence=3).update(sequence=4)
    AuditEvent.objects.filter(sequence=2).update(sequence=3)
    first = AuditEvent.objects.get(sequence=1)
    forged = AuditEvent(
        sequence=2,
        at=first.at,
        actor_name="system",
        action="create",
        record_type="user",
        record_id="mallory",
        detail={},
        previous_digest=first.digest,
    )
    forged.digest = event_digest(previous_digest=first.digest, event=forged)
    forged.save(force_insert=True)
    AuditChainHead.objects.filter(id=1).update(last_sequence=4)

    assert refused_verification() == [
        "event 3: does not chain from the event before it",
        "event 3: content does not match its digest",
        "event 4: content does not match its digest",
    ]


def test_an_edited_event_fails_verification_naming_only_it(trail):
    AuditEvent.objects.filter(sequence=2).update(detail={"role": "administrator"})

    assert refused_verification() == ["event 2: content does not match its digest"]


def test_audit_list_shows_the_newest_events_oldest_first(trail):
    lines = run("audit", "list", "--limit", "2").splitlines()

    assert lines[0].split() == [
        "SEQ",
        "AT",
        "ACTOR",
        "ACTION",
        "RECORD",
        "TYPE",
        "RECORD",
        "ID",
        "DETAIL",
    ]
    assert [line.split()[:1] + line.split()[3:7] for line in lines[1:]] == [
        ["2", "system", "create", "user", "dana"],
        ["3", "bob", "read", "submission", "sub-1"],
    ]


def test_audit_list_narrows_by_record_type_and_actor(trail):
    by_type = run("audit", "list", "--record-type", "body").splitlines()
    by_actor = run("audit", "list", "--actor", "system").splitlines()
    neither = run("audit", "list", "--record-type", "body", "--actor", "system")

    assert [line.split()[0] for line in by_type[1:]] == ["1"]
    assert [line.split()[0] for line in by_actor[1:]] == ["2"]
    assert neither == "No audit events.\n"


def test_audit_list_refuses_a_limit_below_1_with_status_2(db):
    with pytest.raises(CommandError) as refused:
        run("audit", "list", "--limit", "0")

    assert (refused.value.returncode, str(refused.value)) == (
        2,
        "--limit: expected a whole number, 1 or more, got 0",
    )
