"""``soctasking backup [--out PATH]``: the database and the uploaded files as one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.backup.services import BackupError, DestinationInvalidError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive (docs/backup.md); "
        "by default SOCTASKING_HOME/backups/soctasking-<UTC time>.tar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            metavar="PATH",
            help="the archive to write, or a folder to write it in; never replaces a file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: str | None = options["out"]
        try:
            result = backup_create(
                destination=Path(out) if out is not None else None, acting_user=None
            )
        except DestinationInvalidError as invalid:
            raise CommandError(f"--out: {invalid}", returncode=2) from None
        except BackupError as failed:
            raise CommandError(str(failed)) from None
        manifest = result.manifest
        self.stdout.write(
            f"Backed up {manifest.row_count:,} rows in {len(manifest.tables)} tables "
            f"({manifest.engine_name}) and {manifest.file_count:,} files "
            f"to {result.path}: {result.size:,} bytes, sha256 {result.sha256}"
        )
