"""``soctasking restore``: an archive checked whole, then the database and files put back."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql
from psycopg.conninfo import make_conninfo

from soctasking.audit.models import AuditEvent
from soctasking.audit.services import audit_record, audit_verify
from soctasking.backup import services
from soctasking.backup.services import backup_create, backup_restore
from soctasking.bodies.models import Body
from soctasking.cli import main
from soctasking.intelligence.models import Submission
from soctasking.testing.factories import BodyFactory

from .conftest import (
    REPORT,
    REPORT_NAME,
    add_members,
    backs_up,
    every_file,
    every_row,
    rewrite_archive,
)

pytestmark = backs_up


@pytest.fixture
def archive(picture, tmp_path) -> Path:
    return backup_create(destination=tmp_path / "nightly.tar", acting_user=None).path


def _change_everything(media_root: Path) -> None:
    """What might happen between the backup and the restore: edits, deletions, new records."""
    Body.objects.filter(id="force-essex").update(name="Renamed")
    Submission.objects.filter(id="sub-essex").delete()
    BodyFactory(id="force-kent", name="Kent Police")
    (media_root / REPORT_NAME).unlink()
    (media_root / "submissions" / "stray.txt").write_bytes(b"not in the backup")
    audit_record(actor=None, action="delete", record_type="submission", record_id="sub-essex")


def test_a_restore_puts_back_every_row_and_every_file_as_they_were_backed_up(
    picture, home, tmp_path
):
    media_root = home / "files"
    rows_then, files_then = every_row(), every_file(media_root)
    events_then = list(AuditEvent.objects.order_by("sequence").values_list("digest", flat=True))
    archive = backup_create(destination=tmp_path / "nightly.tar", acting_user=None).path
    _change_everything(media_root)
    assert every_row() != rows_then
    assert every_file(media_root) != files_then

    call_command("restore", str(archive), yes=True)

    assert every_row() == rows_then
    assert every_file(media_root) == files_then
    assert files_then == {REPORT_NAME: REPORT}
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [event.digest for event in events[:-1]] == events_then
    assert (events[-1].action, events[-1].record_type) == ("restore", "backup")


def test_after_a_restore_the_audit_chain_verifies_and_records_the_restore(archive, home, capsys):
    _change_everything(home / "files")
    # Tampering after the backup is undone by restoring the trail as it was.
    AuditEvent.objects.filter(sequence=1).update(actor_name="mallory")
    assert audit_verify() != []

    main(["restore", str(archive), "--yes"])

    assert audit_verify() == []
    restore = AuditEvent.objects.latest("sequence")
    assert (restore.actor_name, restore.action, restore.record_id) == (
        "system",
        "restore",
        "nightly.tar",
    )
    assert "every table's rows match the archive" in capsys.readouterr().out


def test_without_yes_a_restore_only_checks_the_archive_and_exits_with_status_2(
    archive, home, capsys
):
    _change_everything(home / "files")
    rows, files = every_row(exclude=set()), every_file(home / "files")

    with pytest.raises(SystemExit) as exited:
        main(["restore", str(archive)])

    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert "backup taken" in captured.out
    assert "and 1 files" in captured.out
    assert "--yes: restoring replaces" in captured.err
    assert every_row(exclude=set()) == rows
    assert every_file(home / "files") == files


def _tamper(path: Path, member: str) -> Path:
    """Flip one byte of ``member``'s data in place, leaving the tar itself readable."""
    with tarfile.open(path) as tar:
        offset = tar.getmember(member).offset_data
    with path.open("r+b") as raw:
        raw.seek(offset)
        byte = raw.read(1)
        raw.seek(offset)
        raw.write(bytes([byte[0] ^ 0xFF]))
    return path


def _database_member() -> str:
    return "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"


def _other_engine_member() -> str:
    return "database.pgdump" if connection.vendor == "sqlite" else "database.sqlite3"


def _other_engine(document: dict) -> None:
    document["engine"] = "postgresql" if document["engine"] == "sqlite" else "sqlite"
    document["members"][_other_engine_member()] = document["members"].pop(_database_member())


BAD_ARCHIVES = {
    "missing": (lambda archive, tmp: tmp / "no-such.tar", "no such file"),
    "not an archive": (
        lambda archive, tmp: _written(tmp / "notes.tar", b"meeting notes, not a backup\n"),
        "is not a backup archive (not a tar file",
    ),
    "a tar without a manifest": (
        lambda archive, tmp: _tar(tmp / "other.tar", {"notes.txt": b"hello"}),
        "no manifest.json: this is not a soctasking backup",
    ),
    "truncated": (
        lambda archive, tmp: _written(
            tmp / "cut.tar", archive.read_bytes()[: archive.stat().st_size // 2]
        ),
        "the archive is truncated or damaged",
    ),
    "a tampered stored file": (
        lambda archive, tmp: _tamper(archive, "files/submissions/sub-essex/report.pdf"),
        "member 'files/submissions/sub-essex/report.pdf' does not match its SHA-256",
    ),
    "a tampered database": (
        lambda archive, tmp: _tamper(archive, _database_member()),
        "does not match its SHA-256 in the manifest: the archive is damaged or was altered",
    ),
    "a member the manifest does not list": (
        lambda archive, tmp: rewrite_archive(
            archive, tmp / "extra.tar", extra={"files/planted.txt": b"planted"}
        ),
        "member 'files/planted.txt' is not listed in the manifest",
    ),
    "a member outside the files folder": (
        lambda archive, tmp: rewrite_archive(
            archive, tmp / "escape.tar", extra={"files/../../escaped.txt": b"escaped"}
        ),
        "member 'files/../../escaped.txt' is not a name a backup holds",
    ),
    "a newer migration state": (
        lambda archive, tmp: rewrite_archive(
            archive,
            tmp / "newer.tar",
            manifest=lambda document: document["migrations"].update(
                accounts="9999_from_a_later_version"
            ),
        ),
        "migration accounts.9999_from_a_later_version applied, which this version of "
        "soctasking does not have: the archive is from a newer version",
    ),
    "another database engine": (
        lambda archive, tmp: rewrite_archive(
            archive,
            tmp / "engine.tar",
            manifest=_other_engine,
            rename={_database_member(): _other_engine_member()},
        ),
        "database; this installation uses",
    ),
}


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        add_members(tar, members)
    return path


@pytest.mark.parametrize("bad", BAD_ARCHIVES.keys())
def test_an_archive_that_cannot_be_restored_exits_with_status_2_changing_nothing(
    bad, archive, home, tmp_path, capsys
):
    make, message = BAD_ARCHIVES[bad]
    source = make(archive, tmp_path)
    _change_everything(home / "files")
    rows, files = every_row(exclude=set()), every_file(home / "files")
    capsys.readouterr()

    with pytest.raises(SystemExit) as exited:
        main(["restore", str(source), "--yes"])

    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert f"{source}: cannot restore from it" in error
    assert message in error
    assert every_row(exclude=set()) == rows
    assert every_file(home / "files") == files
    assert not (tmp_path / "escaped.txt").exists()
    assert [path.name for path in home.iterdir()] == ["files"]


def test_a_compressed_archive_restores_as_the_archive_itself(archive, home, tmp_path):
    rows = every_row()
    compressed = tmp_path / "nightly.tar.gz"
    compressed.write_bytes(gzip.compress(archive.read_bytes()))
    _change_everything(home / "files")

    backup_restore(source=compressed, acting_user=None)

    assert every_row() == rows


def test_an_archive_older_than_the_code_restores_and_asks_for_init(archive, tmp_path, capsys):
    older = rewrite_archive(
        archive,
        tmp_path / "older.tar",
        manifest=lambda document: document["migrations"].update(accounts="0001_initial"),
    )

    main(["restore", str(older), "--yes"])

    assert "run `soctasking init` to apply them" in capsys.readouterr().out


def test_when_the_database_cannot_be_replaced_the_files_are_put_back(archive, home, monkeypatch):
    _change_everything(home / "files")
    rows, files = every_row(exclude=set()), every_file(home / "files")

    def fail(**kwargs):
        raise services.BackupError("pg_restore failed with status 1: the disk is full")

    monkeypatch.setattr(services, "database_restore", fail)
    with pytest.raises(CommandError, match="the disk is full") as failed:
        call_command("restore", str(archive), yes=True)

    assert failed.value.returncode == 1
    assert every_row(exclude=set()) == rows
    assert every_file(home / "files") == files
    assert [path.name for path in home.iterdir()] == ["files"]


# The drill an operator runs on PostgreSQL (docs/backup.md): restore the
# archive into a scratch database, by running `soctasking restore` configured
# for it, and compare.


@pytest.fixture
def scratch_database():
    """An empty database beside the test database, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the restore drill restores a pg_dump archive into a second PostgreSQL database"
        )
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore_drill"
    parameters = {
        key: str(settings_dict[setting])
        for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))
        if settings_dict[setting]
    }
    if settings_dict["PASSWORD"]:
        parameters["password"] = str(settings_dict["PASSWORD"])
    server = make_conninfo(dbname=settings_dict["NAME"], **parameters)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or "5432"
    url = f"postgresql://{user}{password}@{host}:{port}/{name}"
    try:
        yield {"url": url, "conninfo": make_conninfo(dbname=name, **parameters)}
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _one(cursor: psycopg.Cursor[tuple[Any, ...]]) -> tuple[Any, ...]:
    row = cursor.fetchone()
    assert row is not None
    return row


def _soctasking(*args: str, home: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SOCTASKING_HOME": str(home),
        "SOCTASKING_DATABASE_URL": database_url,
    }
    return subprocess.run(
        [str(Path(sys.executable).with_name("soctasking")), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_restore_drill_brings_a_postgresql_backup_back_in_a_scratch_database(
    archive, scratch_database, tmp_path
):
    from soctasking.backup.archive import archive_read

    manifest = archive_read(source=archive)
    drill_home = tmp_path / "drill"

    restored = _soctasking(
        "restore", str(archive), "--yes", home=drill_home, database_url=scratch_database["url"]
    )
    verified = _soctasking("audit", "verify", home=drill_home, database_url=scratch_database["url"])

    assert restored.returncode == 0, restored.stderr
    assert "every table's rows match the archive" in restored.stdout
    assert verified.returncode == 0, verified.stderr
    with psycopg.connect(scratch_database["conninfo"]) as scratch:
        counts = {
            table: _one(
                scratch.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            )[0]
            for table in manifest.tables
        }
        body = scratch.execute("SELECT name FROM bodies_body WHERE id = 'force-essex'").fetchone()
        submission = scratch.execute(
            "SELECT title, file FROM intelligence_submission WHERE id = 'sub-essex'"
        ).fetchone()
        threats = scratch.execute(
            "SELECT threat_id FROM intelligence_submission_threats "
            "WHERE submission_id = 'sub-essex'"
        ).fetchall()
        user = scratch.execute(
            "SELECT clearance, body_id FROM accounts_user WHERE username = 'alice'"
        ).fetchone()
    # The restore added one event to the restored trail, recording itself.
    assert counts == {
        **manifest.tables,
        "audit_auditevent": manifest.tables["audit_auditevent"] + 1,
    }
    assert body == ("Essex Police",)
    assert submission == ("Coastal supply lines", REPORT_NAME)
    assert threats == [("drugs",)]
    assert user == ("secret", "force-essex")
    assert (drill_home / "files" / REPORT_NAME).read_bytes() == REPORT
    # The installation backed up is untouched by its drill.
    assert Body.objects.get(id="force-essex").name == "Essex Police"
