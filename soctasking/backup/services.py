"""Backing up the installation (the database and the uploaded files) and restoring it.

A backup is one archive (``archive.py``): the database copied as one
transaction saw it (``databases.py``), then every uploaded file, then a
manifest with the checksum of each. Files are copied after the database, and
uploads are written once and never changed, so every file a row of the copy
refers to is in the archive; a file uploaded meanwhile may be there too,
unreferenced.

A restore first unpacks the whole archive into a staging folder beside the
files, checking every checksum and that this version of soctasking knows
every migration the archive records; any problem refuses the archive before
anything of the installation has changed. Then the files folder is swapped
for the archive's by renaming, the database is replaced in one transaction
(the files are swapped back if that fails), and the rows of every table are
counted against the manifest. Both are recorded in the audit trail: the
backup in the trail it leaves behind, the restore in the trail it brings back.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from soctasking.audit.services import audit_record
from soctasking.backup.archive import (
    ENGINE_NAMES,
    FILES,
    ArchiveInvalidError,
    Manifest,
    archive_read,
    archive_write,
)
from soctasking.backup.databases import (
    BackupError,
    database_dump,
    database_restore,
    engine_of,
    table_counts,
)

if TYPE_CHECKING:
    from soctasking.accounts.models import User

__all__ = [
    "ArchiveInvalidError",
    "BackupError",
    "BackupResult",
    "DestinationInvalidError",
    "RestoreResult",
    "backup_create",
    "backup_restore",
    "backup_verify",
]


class DestinationInvalidError(Exception):
    """The archive cannot be written where it was asked to be."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: Manifest


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    #: Migrations this version has that the archive's database predates, as
    #: ``app.name``: run ``soctasking init`` to apply them.
    migrations_to_apply: list[str]


def _connection() -> BaseDatabaseWrapper:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        # pg_dump would not see the caller's uncommitted rows, and SQLite's
        # backup would copy them; neither can restore into an open transaction.
        raise BackupError("a backup or restore cannot run inside a database transaction")
    return connection


def default_archive_name(created: datetime) -> str:
    return f"soctasking-{created.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar"


def _destination(destination: Path | None, created: datetime) -> Path:
    if destination is None:
        folder = Path(settings.HOME) / "backups"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        destination = folder / default_archive_name(created)
    elif destination.is_dir():
        destination = destination / default_archive_name(created)
    elif not destination.parent.is_dir():
        raise DestinationInvalidError(f"no such folder {str(destination.parent)!r}")
    if destination.exists():
        raise DestinationInvalidError(
            f"{str(destination)!r} exists; a backup never replaces a file"
        )
    if destination.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise DestinationInvalidError(
            f"{str(destination)!r} is inside the uploaded files folder, which the archive copies"
        )
    return destination


def backup_create(*, destination: Path | None = None, acting_user: User | None) -> BackupResult:
    """Back up the database and the uploaded files into one archive at ``destination``.

    ``destination`` may name the archive or a folder to put it in; by default
    it is ``SOCTASKING_HOME/backups/soctasking-<UTC time>.tar``. An existing
    file is never replaced.
    """
    connection = _connection()
    engine = engine_of(connection)
    created = datetime.now(tz=UTC).replace(microsecond=0)
    target = _destination(destination, created)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".soctasking-backup-") as staging:
        dump = Path(staging) / "database"
        snapshot = database_dump(connection=connection, to=dump)
        written = archive_write(
            destination=target,
            created=created,
            engine=engine,
            database=dump,
            files_root=Path(settings.MEDIA_ROOT),
            migrations=snapshot.migrations,
            tables=snapshot.tables,
        )
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="create",
            record_type="backup",
            record_id=target.name,
            detail={"path": str(target), "sha256": written.sha256, "bytes": written.size},
        )
    return BackupResult(
        path=target, sha256=written.sha256, size=written.size, manifest=written.manifest
    )


def _check_restorable(manifest: Manifest, *, engine: str) -> list[str]:
    """Refuse an archive this installation cannot take; the migrations it would still need."""
    if manifest.engine != engine:
        raise ArchiveInvalidError(
            [
                f"the archive holds a {manifest.engine_name} database; this installation "
                f"uses {ENGINE_NAMES[engine]}"
            ]
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, name in sorted(manifest.migrations.items())
        if (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise ArchiveInvalidError(
            [
                f"the archive's database has migration {migration} applied, which this version "
                "of soctasking does not have: the archive is from a newer version; upgrade "
                "soctasking, then restore"
                for migration in unknown
            ]
        )
    return [
        f"{app}.{name}"
        for app, name in sorted(loader.graph.leaf_nodes())
        if manifest.migrations.get(app) != name
    ]


def backup_verify(*, source: Path) -> Manifest:
    """The archive's manifest, once every member has matched it and it could be restored here.

    Reads the whole archive and changes nothing; ``ArchiveInvalidError`` lists
    each problem.
    """
    manifest = archive_read(source=source)
    _check_restorable(manifest, engine=engine_of(connections[DEFAULT_DB_ALIAS]))
    return manifest


def backup_restore(*, source: Path, acting_user: User | None) -> RestoreResult:
    """Replace the database and the uploaded files with those of the archive ``source``.

    ``ArchiveInvalidError`` (a damaged archive, one from a newer version or
    another database engine) is raised before anything has changed.
    ``BackupError`` is raised when the database could not be replaced (the
    files are then put back), or when, once replaced, a table's rows do not
    number what the manifest says.
    """
    connection = _connection()
    engine = engine_of(connection)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the files folder, so that swapping it in is a rename on
    # one file system.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".soctasking-restore-") as name:
        staging = Path(name)
        manifest = archive_read(source=source, unpack_to=staging)
        migrations_to_apply = _check_restorable(manifest, engine=engine)
        restored_files = staging / FILES
        restored_files.mkdir(exist_ok=True)
        previous_files = staging / "files-before-restore"
        had_files = media_root.exists()
        if had_files:
            os.rename(media_root, previous_files)
        os.rename(restored_files, media_root)
        try:
            database_restore(connection=connection, source=staging / manifest.database_member)
        except BaseException:
            shutil.rmtree(media_root)
            if had_files:
                os.rename(previous_files, media_root)
            raise
    counts = table_counts(connection=connection, tables=manifest.tables)
    mismatches = [
        f"{table}: {'missing' if counts[table] is None else f'{counts[table]} rows'}, "
        f"the archive had {expected}"
        for table, expected in manifest.tables.items()
        if counts[table] != expected
    ]
    if mismatches:
        raise BackupError(
            "the database was replaced, but its rows do not match the archive's:\n"
            + "\n".join(mismatches)
        )
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action="restore",
            record_type="backup",
            record_id=source.name,
            detail={
                "path": str(source),
                "created": manifest.created.isoformat(),
                "rows": manifest.row_count,
                "files": manifest.file_count,
            },
        )
    return RestoreResult(manifest=manifest, migrations_to_apply=migrations_to_apply)
