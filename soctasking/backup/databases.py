"""Copying the database out and back in, for each engine, and counting its rows.

SQLite uses its online backup API from the live connection, which copies
the database as one transaction sees it while the service keeps writing
(WAL lets that one reader and the writer run side by side). A restore runs
the same API the other way, from the archived file into the live connection:
the whole database is replaced in one write transaction, so other
connections see either all of the old database or all of the new. Renaming a
file over a live SQLite database instead would be unsafe: its ``-wal`` file
of not-yet-checkpointed pages would then be applied to the wrong database.

PostgreSQL is dumped by ``pg_dump --format=custom`` and restored by
``pg_restore --clean --if-exists --no-owner --single-transaction``. The rows
are counted in a repeatable-read transaction whose snapshot ``pg_dump`` is
given (``--snapshot``), so the counts in the manifest are of exactly what the
dump holds, however busy the service. The password goes to the client
programs in their environment, never on the command line where the process
list shows it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql
from psycopg.conninfo import make_conninfo

#: Options Django reads from ``DATABASES[...]["OPTIONS"]`` itself; the rest are libpq's.
_DJANGO_ONLY_OPTIONS = {"assume_role", "isolation_level", "pool", "server_side_binding"}


class BackupError(Exception):
    """A backup or restore could not be done; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """What a copy of the database holds: the newest migration of each app, rows per table."""

    migrations: dict[str, str]
    tables: dict[str, int]


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor in {"sqlite", "postgresql"}:
        return connection.vendor
    raise BackupError(f"backing up a {connection.vendor} database is not supported")


def _newest_migrations(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    # Migration names start with a zero-padded number, so the greatest name
    # of an app is its newest migration.
    newest: dict[str, str] = {}
    for app, name in rows:
        if name > newest.get(app, ""):
            newest[app] = name
    return newest


# SQLite -------------------------------------------------------------------


def _sqlite_live(connection: BaseDatabaseWrapper) -> sqlite3.Connection:
    connection.ensure_connection()
    live: sqlite3.Connection = connection.connection
    return live


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_dump(*, connection: BaseDatabaseWrapper, to: Path) -> Snapshot:
    """Copy the live database to the file ``to``, and describe the copy."""
    with contextlib.closing(sqlite3.connect(to)) as copy:
        # One step (pages=-1): the source is read in a single transaction, so
        # the copy holds whole transactions only, whatever is written meanwhile.
        _sqlite_live(connection).backup(copy)
        # A file that needs no -wal beside it, whatever mode the live one is in.
        copy.execute("PRAGMA journal_mode=DELETE")
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        counts = {
            name: int(copy.execute(f"SELECT count(*) FROM {_sqlite_quote(name)}").fetchone()[0])  # noqa: S608 - a table name read from the schema, quoted
            for name in tables
        }
        migrations = (
            _newest_migrations(copy.execute("SELECT app, name FROM django_migrations"))
            if "django_migrations" in counts
            else {}
        )
    return Snapshot(migrations=migrations, tables=counts)


def sqlite_restore(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace the live database with the SQLite file ``source``, in one transaction."""
    with contextlib.closing(sqlite3.connect(source)) as archived:
        archived.backup(_sqlite_live(connection))


# PostgreSQL ---------------------------------------------------------------


def _libpq_parameters(connection: BaseDatabaseWrapper) -> dict[str, str]:
    settings_dict: dict[str, Any] = connection.settings_dict
    parameters = {
        key: str(value)
        for key, value in settings_dict.get("OPTIONS", {}).items()
        if key not in _DJANGO_ONLY_OPTIONS and isinstance(value, str | int)
    }
    for key, setting in (("dbname", "NAME"), ("user", "USER"), ("host", "HOST"), ("port", "PORT")):
        if settings_dict.get(setting):
            parameters[key] = str(settings_dict[setting])
    return parameters


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"{program}: not found on PATH; install PostgreSQL's client programs "
            "(Debian: postgresql-client) in the version of the server or newer"
        )
    return found


def _client_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    environment = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        environment["PGPASSWORD"] = str(password)
    return environment


def _run_client(command: list[str], *, connection: BaseDatabaseWrapper) -> None:
    program = Path(command[0]).name
    completed = subprocess.run(  # noqa: S603 - the program is found on PATH; no shell, no user text
        command,
        env=_client_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        detail = completed.stderr.strip() or completed.stdout.strip() or "no message"
        raise BackupError(f"{program} failed with status {completed.returncode}: {detail}")


def _postgresql_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def postgresql_dump(*, connection: BaseDatabaseWrapper, to: Path) -> Snapshot:
    """``pg_dump`` the configured database to ``to``, counting rows in the dump's snapshot."""
    pg_dump = _client("pg_dump")
    parameters = _libpq_parameters(connection)
    password = connection.settings_dict.get("PASSWORD")
    with psycopg.connect(
        make_conninfo(**parameters, **({"password": str(password)} if password else {}))
    ) as held:
        held.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        held.read_only = True
        with held.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None  # noqa: S101 - the function always returns one row
            snapshot = str(row[0])
            tables = _postgresql_tables(cursor)
            counts: dict[str, int] = {}
            for name in tables:
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
                counted = cursor.fetchone()
                counts[name] = int(counted[0]) if counted else 0
            migrations: dict[str, str] = {}
            if "django_migrations" in counts:
                cursor.execute("SELECT app, name FROM django_migrations")
                migrations = _newest_migrations(cursor.fetchall())
            # The snapshot lives as long as this transaction: pg_dump runs inside it.
            _run_client(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={to}",
                    f"--dbname={make_conninfo(**parameters)}",
                ],
                connection=connection,
            )
        held.rollback()
    return Snapshot(migrations=migrations, tables=counts)


def postgresql_restore(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    """``pg_restore`` the dump ``source`` into the configured database, all or nothing."""
    pg_restore = _client("pg_restore")
    # Django's own connection must hold no lock the restore's DROPs wait for.
    connection.close()
    _run_client(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--no-password",
            f"--dbname={make_conninfo(**_libpq_parameters(connection))}",
            str(source),
        ],
        connection=connection,
    )


# Both ---------------------------------------------------------------------


def database_dump(*, connection: BaseDatabaseWrapper, to: Path) -> Snapshot:
    if engine_of(connection) == "sqlite":
        return sqlite_dump(connection=connection, to=to)
    return postgresql_dump(connection=connection, to=to)


def database_restore(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    if engine_of(connection) == "sqlite":
        sqlite_restore(connection=connection, source=source)
    else:
        postgresql_restore(connection=connection, source=source)


def table_counts(
    *, connection: BaseDatabaseWrapper, tables: Iterable[str]
) -> dict[str, int | None]:
    """Rows in each of ``tables`` now, ``None`` for a table that does not exist."""
    existing = set(connection.introspection.table_names(include_views=False))
    counts: dict[str, int | None] = {}
    with connection.cursor() as cursor:
        for name in tables:
            if name not in existing:
                counts[name] = None
                continue
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - a table name from the manifest, quoted
            counts[name] = int(cursor.fetchone()[0])
    return counts
