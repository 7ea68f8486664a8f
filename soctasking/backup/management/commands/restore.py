"""``soctasking restore ARCHIVE --yes``: put back the database and files of a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.backup.archive import Manifest
from soctasking.backup.services import (
    ArchiveInvalidError,
    BackupError,
    backup_restore,
    backup_verify,
)


def _described(manifest: Manifest) -> str:
    return (
        f"a {manifest.engine_name} backup taken {manifest.created.isoformat()}: "
        f"{manifest.row_count:,} rows in {len(manifest.tables)} tables "
        f"and {manifest.file_count:,} files"
    )


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup archive "
        "(docs/backup.md). Without --yes, only check the archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", metavar="ARCHIVE", help="an archive `soctasking backup` wrote"
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace this installation's database and files; without it nothing changes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["archive"])
        try:
            if not options["yes"]:
                manifest = backup_verify(source=source)
                self.stdout.write(f"{source} is {_described(manifest)}.")
                raise CommandError(
                    "--yes: restoring replaces this installation's database and uploaded "
                    "files with the archive's; run again with --yes to do so",
                    returncode=2,
                )
            result = backup_restore(source=source, acting_user=None)
        except ArchiveInvalidError as invalid:
            lines = [
                f"{source}: cannot restore from it",
                *(f"  {line}" for line in str(invalid).splitlines()),
            ]
            raise CommandError("\n".join(lines), returncode=2) from None
        except BackupError as failed:
            raise CommandError(str(failed)) from None
        self.stdout.write(
            f"Restored {_described(result.manifest)}; every table's rows match the archive."
        )
        if result.migrations_to_apply:
            self.stdout.write(
                f"The archive predates {len(result.migrations_to_apply)} migrations of this "
                "version: run `soctasking init` to apply them."
            )
