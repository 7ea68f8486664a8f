"""The full-text index over submissions, kept by the database itself on both vendors.

Submissions are written by the ORM, by the bundle loader's raw ``executemany``
upserts and by the intake service, so the index must not depend on Python
code running on save. On SQLite an FTS5 table over ``intelligence_submission``
is kept by triggers; on PostgreSQL a GIN index over an expression of the
row's own columns is kept by PostgreSQL as part of every write.
"""

from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

MIGRATION = ("search", "0001_submission_index")

FTS_TABLE = "search_submission_fts"
GIN_INDEX = "search_submission_document"

# The weighted document PostgreSQL indexes and ranks: a word in the title
# (weight A) counts for more than one in the text (weight B). Queries must
# spell the same expression for PostgreSQL to use the index.
POSTGRESQL_DOCUMENT = (
    "(setweight(to_tsvector('english'::regconfig, {table}.title), 'A')"
    " || setweight(to_tsvector('english'::regconfig, {table}.text), 'B'))"
)

# An external-content FTS5 table stores only the index; snippets read the
# text from the submission row by its rowid. The Porter stemmer makes
# "supplies" find "supply", as PostgreSQL's English configuration does.
SQLITE_CREATE_TABLE = """
CREATE VIRTUAL TABLE search_submission_fts USING fts5(
    title, text,
    content='intelligence_submission', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
)"""

SQLITE_TRIGGERS = {
    "search_submission_fts_insert": """
CREATE TRIGGER search_submission_fts_insert AFTER INSERT ON intelligence_submission BEGIN
    INSERT INTO search_submission_fts(rowid, title, text)
    VALUES (new.rowid, new.title, new.text);
END""",
    "search_submission_fts_delete": """
CREATE TRIGGER search_submission_fts_delete AFTER DELETE ON intelligence_submission BEGIN
    INSERT INTO search_submission_fts(search_submission_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END""",
    # An upsert that finds its row fires this one; other columns changing
    # leave the index alone.
    "search_submission_fts_update": """
CREATE TRIGGER search_submission_fts_update
AFTER UPDATE OF title, text ON intelligence_submission BEGIN
    INSERT INTO search_submission_fts(search_submission_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO search_submission_fts(rowid, title, text)
    VALUES (new.rowid, new.title, new.text);
END""",
}

SQLITE_REBUILD = "INSERT INTO search_submission_fts(search_submission_fts) VALUES ('rebuild')"


def _postgresql_create() -> str:
    document = POSTGRESQL_DOCUMENT.format(table="intelligence_submission")
    return (
        f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON intelligence_submission USING gin ({document})"
    )


def index_create(connection: BaseDatabaseWrapper) -> None:
    """Create the index and fill it from the submissions already stored."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_CREATE_TABLE)
            for trigger in SQLITE_TRIGGERS.values():
                cursor.execute(trigger)
            cursor.execute(SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            cursor.execute(_postgresql_create())


def index_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def index_repair(*, using: str = "default") -> bool:
    """Put back whatever a later migration of the submission table took away; True if it did.

    Django alters a SQLite table by copying it into a new one and dropping
    the old, which drops the triggers with it and may renumber the rowids the
    index points at; PostgreSQL drops an index whose column is dropped. So
    after every migrate, missing triggers are recreated and the index rebuilt
    from the rows, and a missing PostgreSQL index is created again.
    """
    connection = connections[using]
    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return False
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["intelligence_submission"],
            )
            present = {row[0] for row in cursor.fetchall()}
            missing = [sql for name, sql in SQLITE_TRIGGERS.items() if name not in present]
            if not missing:
                return False
            for trigger in missing:
                cursor.execute(trigger)
            cursor.execute(SQLITE_REBUILD)
            return True
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
            if cursor.fetchone() is not None:
                return False
            cursor.execute(_postgresql_create())
            return True
    return False
