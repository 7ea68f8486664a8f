from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.audit.models import AuditEvent
from soctasking.audit.services import audit_record
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


def test_a_deleted_event_fails_verification(trail):
    AuditEvent.objects.filter(sequence=1).delete()

    with pytest.raises(CommandError) as refused:
        run("audit", "verify")

    assert refused.value.returncode == 1


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
