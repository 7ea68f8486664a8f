"""``soctasking export [--out FILE]``: write the whole picture as a bundle."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.exchange.selectors import bundle_export


class Command(BaseCommand):
    help = "Export the whole picture as a bundle (docs/bundle.md), to FILE or standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="the file to write; default: standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        out: str | None = options["out"]
        if out is None:
            counts = bundle_export(out=sys.stdout, user=None)
            sys.stdout.flush()
        else:
            target = Path(out)
            if not target.parent.is_dir():
                raise CommandError(f"--out: no such directory {str(target.parent)!r}", returncode=2)
            # Written beside the target and renamed into place, so a failed
            # export never leaves a truncated bundle where a good one was.
            handle, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=".export-", suffix=".json"
            )
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    counts = bundle_export(out=stream, user=None)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            total = sum(counts.values())
            self.stderr.write(f"Exported {total:,} records to {target}")
