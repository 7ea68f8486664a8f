"""An installation to back up: a data directory of the test's own, records, a stored file.

Backing up and restoring need committed rows and no open transaction: pg_dump
is another process, and SQLite's backup API refuses to write into a
connection inside a transaction. So the tests that back up are marked
``django_db(transaction=True, serialized_rollback=True)``: their rows are
committed, the database is emptied after each, and the rows the migrations
seed (the compartments) are put back. On SQLite, pytest-django's test
database is in memory; the backup API reads it and writes into it through
Django's own connection, the same as it does a file, so these tests run the
code an installation runs. (A file database, with a writer on another
connection, is exercised in ``test_backup.py``.)
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from soctasking.audit.services import audit_record
from soctasking.testing.factories import (
    BodyFactory,
    MeetingFactory,
    OperationFactory,
    SubmissionFactory,
    ThreatFactory,
    UserFactory,
)

backs_up = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPORT_NAME = "submissions/sub-essex/report.pdf"
REPORT = b"%PDF-1.4\n% a stand-in for the assessment Essex Police sent\n"
#: The audit trail grows by an event on each backup and restore; compared on their own.
AUDIT_TABLES = {"audit_auditevent", "audit_auditchainhead"}


@pytest.fixture(autouse=True)
def home(settings: Any, tmp_path: Path) -> Path:
    """A data directory of the test's own, with its uploaded files folder."""
    home = tmp_path / "home"
    (home / "files").mkdir(parents=True)
    settings.HOME = home
    settings.MEDIA_ROOT = home / "files"
    return home


@pytest.fixture
def picture(home: Path) -> dict[str, Any]:
    """Records of several apps, one submission with its original file, a short audit trail."""
    body: Any = BodyFactory(id="force-essex", name="Essex Police")
    threat: Any = ThreatFactory(id="drugs", name="Drugs", keywords=["county lines"])
    analyst: Any = UserFactory(username="alice", body=body, clearance="secret")
    submission: Any = SubmissionFactory(
        id="sub-essex", body=body, title="Coastal supply lines", threats=[threat]
    )
    submission.file.save("report.pdf", ContentFile(REPORT), save=True)
    assert submission.file.name == REPORT_NAME
    operation: Any = OperationFactory(
        id="op-tide", name="Operation Tide", body=body, threats=[threat]
    )
    MeetingFactory(id="meeting-june")
    audit_record(actor=analyst, action="update", record_type="body", record_id=body.id)
    audit_record(actor=None, action="create", record_type="operation", record_id=operation.id)
    return {"body": body, "threat": threat, "analyst": analyst, "submission": submission}


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def every_row(*, exclude: set[str] = AUDIT_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but ``exclude``, in an order that does not depend on storage."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in exclude:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted((tuple(map(_plain, row)) for row in cursor.fetchall()), key=repr)
    return rows


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rewrite_archive(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    extra: dict[str, bytes] | None = None,
    rename: dict[str, str] | None = None,
) -> Path:
    """A copy of ``source`` with its manifest changed by ``manifest``, members renamed or added."""
    with tarfile.open(source) as original, tarfile.open(target, "w") as copy:
        for info in original.getmembers():
            data = member_bytes(original, info.name)
            info.name = (rename or {}).get(info.name, info.name)
            if info.name == "manifest.json" and manifest is not None:
                document = json.loads(data)
                manifest(document)
                data = json.dumps(document).encode()
                info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
        add_members(copy, extra or {})
    return target


def add_members(tar: tarfile.TarFile, members: dict[str, bytes]) -> None:
    for name, data in members.items():
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def member_bytes(tar: tarfile.TarFile, name: str) -> bytes:
    stream = tar.extractfile(name)
    assert stream is not None, name
    return stream.read()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
