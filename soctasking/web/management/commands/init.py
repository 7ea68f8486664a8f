"""``soctasking init``: create the database, or bring it up to date."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def database_description(settings_dict: dict[str, Any]) -> str:
    """Where the database is, for a person to read; never its password."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"at {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"{settings_dict['NAME']} on {host}{port}"


class Command(BaseCommand):
    help = "Create the database, or bring it up to date by applying any new migrations."

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        existed = "django_migrations" in connection.introspection.table_names()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        # -v 2 and above shows each migration as Django applies it.
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        where = database_description(connection.settings_dict)
        count = f"{len(pending)} migration{'s' if len(pending) != 1 else ''}"
        if not pending:
            self.stdout.write(f"The database {where} is up to date; there was nothing to apply.")
        elif existed:
            self.stdout.write(f"Brought the database {where} up to date: applied {count}.")
        else:
            self.stdout.write(f"Created the database {where}: applied {count}.")
