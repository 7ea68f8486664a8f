"""``soctasking backup``: the database and every uploaded file, checksummed, in one archive."""

from __future__ import annotations

import json
import re
import sqlite3
import tarfile
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ConnectionHandler

from soctasking.audit.models import AuditEvent
from soctasking.backup.databases import BackupError, sqlite_dump
from soctasking.backup.services import backup_create
from soctasking.bodies.models import Body
from soctasking.cli import main
from soctasking.threats.models import Threat

from .conftest import REPORT, backs_up, member_bytes, sha256

DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@backs_up
def test_a_backup_holds_the_database_every_uploaded_file_and_a_manifest_of_both(picture, tmp_path):
    result = backup_create(destination=tmp_path / "nightly.tar", acting_user=None)

    stored_file = f"files/{picture['submission'].file.name}"
    database_member = DATABASE_MEMBER[connection.vendor]
    with tarfile.open(result.path) as archive:
        assert sorted(archive.getnames()) == sorted([database_member, stored_file, "manifest.json"])
        contents = {name: member_bytes(archive, name) for name in archive.getnames()}
    manifest = json.loads(contents["manifest.json"])
    assert contents[stored_file] == REPORT
    assert manifest["format"] == "soctasking.backup"
    assert manifest["engine"] == connection.vendor
    assert manifest["members"] == {
        name: {"sha256": sha256(data), "bytes": len(data)}
        for name, data in contents.items()
        if name != "manifest.json"
    }
    assert manifest["tables"]["bodies_body"] == Body.objects.count()
    assert manifest["tables"]["intelligence_submission"] == 1
    assert manifest["tables"]["threats_threat"] == Threat.objects.count()
    newest_accounts = max(
        name for app, name in MigrationLoader(None).disk_migrations if app == "accounts"
    )
    assert manifest["migrations"]["accounts"] == newest_accounts
    assert result.sha256 == sha256(result.path.read_bytes())
    assert result.size == result.path.stat().st_size


@backs_up
def test_by_default_the_archive_goes_to_the_backups_folder_readable_by_its_owner_only(
    picture, home, capsys
):
    main(["backup"])

    archives = list((home / "backups").iterdir())
    assert len(archives) == 1
    assert re.fullmatch(r"soctasking-\d{8}T\d{6}Z\.tar", archives[0].name)
    assert archives[0].stat().st_mode & 0o777 == 0o600
    out = capsys.readouterr().out
    assert f"to {archives[0]}:" in out
    assert "and 1 files" in out


@backs_up
def test_out_may_name_a_folder_to_write_the_archive_in(picture, tmp_path):
    call_command("backup", out=str(tmp_path))

    assert [path.suffix for path in tmp_path.glob("soctasking-*")] == [".tar"]


@backs_up
def test_a_backup_never_replaces_a_file_and_exits_with_status_2(picture, tmp_path, capsys):
    existing = tmp_path / "precious.tar"
    existing.write_bytes(b"last week's backup")

    with pytest.raises(SystemExit) as exited:
        main(["backup", "--out", str(existing)])

    assert exited.value.code == 2
    assert "--out:" in capsys.readouterr().err
    assert existing.read_bytes() == b"last week's backup"


@backs_up
def test_a_backup_into_a_missing_folder_exits_with_status_2_naming_it(picture, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["backup", "--out", str(tmp_path / "no" / "such" / "backup.tar")])

    assert exited.value.code == 2
    assert f"--out: no such folder '{tmp_path / 'no' / 'such'}'" in capsys.readouterr().err


@backs_up
def test_a_backup_into_the_uploaded_files_folder_is_refused(picture, home):
    with pytest.raises(CommandError, match="inside the uploaded files folder") as refused:
        call_command("backup", out=str(home / "files"))

    assert refused.value.returncode == 2
    assert [path.name for path in (home / "files").iterdir()] == ["submissions"]


@backs_up
def test_a_backup_is_recorded_in_the_audit_trail_it_leaves_behind(picture, tmp_path):
    result = backup_create(destination=tmp_path / "nightly.tar", acting_user=picture["analyst"])

    event = AuditEvent.objects.latest("sequence")
    assert (event.action, event.record_type, event.record_id) == ("create", "backup", "nightly.tar")
    assert event.actor_name == "alice"
    assert event.detail["sha256"] == result.sha256
    # The archive holds the trail as it was before the backup was taken.
    assert result.manifest.tables["audit_auditevent"] == AuditEvent.objects.count() - 1


def test_a_backup_inside_a_transaction_is_refused(db, tmp_path):
    with pytest.raises(BackupError, match="inside a database transaction"):
        backup_create(destination=tmp_path / "nightly.tar", acting_user=None)

    assert not (tmp_path / "nightly.tar").exists()


@backs_up
def test_without_pg_dump_on_the_path_a_backup_fails_saying_what_to_install(
    picture, tmp_path, monkeypatch, capsys
):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL only; SQLite is copied by its backup API")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    with pytest.raises(SystemExit) as exited:
        main(["backup", "--out", str(tmp_path / "nightly.tar")])

    assert exited.value.code == 1
    assert "pg_dump: not found on PATH" in capsys.readouterr().err
    # Neither the archive nor anything half-written is left beside it.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home"]


def test_a_sqlite_copy_taken_while_another_connection_writes_holds_whole_transactions(
    tmp_path, django_db_blocker
):
    """The service's copy of a file database, in WAL mode, while a writer commits batches.

    The writer inserts rows 50 at a time, each batch one transaction; a copy
    that caught a transaction half-way would hold a number of rows that is
    not a multiple of 50.
    """
    live_path = tmp_path / "live.sqlite3"
    with sqlite3.connect(live_path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE sightings (batch INTEGER, item INTEGER)")
    stop = threading.Event()
    committed = threading.Semaphore(0)

    def write() -> None:
        writer = sqlite3.connect(live_path, timeout=30, isolation_level=None)
        batch = 0
        while not stop.is_set():
            writer.execute("BEGIN IMMEDIATE")
            writer.executemany(
                "INSERT INTO sightings VALUES (?, ?)", [(batch, item) for item in range(50)]
            )
            writer.execute("COMMIT")
            batch += 1
            committed.release()
        writer.close()

    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(live_path)}}
    )
    live = handler["default"]
    writer_thread = threading.Thread(target=write)
    writer_thread.start()
    try:
        # A database of the test's own, not pytest-django's test database.
        with django_db_blocker.unblock():
            counts = []
            for attempt in range(5):
                assert committed.acquire(timeout=30)
                copy = tmp_path / f"copy-{attempt}.sqlite3"
                snapshot = sqlite_dump(connection=live, to=copy)
                with sqlite3.connect(copy) as check:
                    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                    rows = check.execute("SELECT count(*) FROM sightings").fetchone()[0]
                assert snapshot.tables == {"sightings": rows}
                counts.append(rows)
            live.close()
    finally:
        stop.set()
        writer_thread.join()
    assert all(rows > 0 and rows % 50 == 0 for rows in counts), counts
    assert counts == sorted(counts)
