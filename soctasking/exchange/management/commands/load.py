"""``soctasking load FILE|-``: load a picture bundle, all or nothing."""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.exchange.services import bundle_load
from soctasking.exchange.validation import BundleInvalid


class TerminalProgress:
    """A progress line on a terminal, redrawn at most a few times a second."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.last_drawn = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last_drawn < 0.2 and (total is None or done < total):
            return
        self.last_drawn = now
        megabytes = done / 1_000_000
        if total:
            share = min(done / total, 1.0)
            bar = "#" * int(share * 30)
            line = f"\rLoading [{bar:<30}] {share:4.0%}  {megabytes:,.1f} of {total / 1e6:,.1f} MB"
        else:
            line = f"\rLoading {megabytes:,.1f} MB"
        self.stream.write(line)
        self.stream.flush()

    def finish(self) -> None:
        if self.last_drawn:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Load a picture bundle (docs/bundle.md) from FILE, or from standard input with -."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the bundle to load, or - for standard input")
        parser.add_argument(
            "--quiet", action="store_true", help="no progress line, only the summary"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        source: Any = sys.stdin.buffer if name == "-" else name
        progress = None
        if not options["quiet"] and sys.stderr.isatty():
            progress = TerminalProgress(sys.stderr)
        try:
            report = bundle_load(source=source, acting_user=None, progress=progress)
        except FileNotFoundError:
            raise CommandError(f"file: no such file {name!r}", returncode=2) from None
        except IsADirectoryError:
            raise CommandError(f"file: {name!r} is a directory", returncode=2) from None
        except BundleInvalid as invalid:
            lines = [invalid.summary(), *(f"  {problem}" for problem in invalid.problems)]
            if invalid.total > len(invalid.problems):
                lines.append(f"  ... and {invalid.total - len(invalid.problems)} more")
            raise CommandError("\n".join(lines), returncode=2) from None
        finally:
            if progress is not None:
                progress.finish()
        counts = ", ".join(f"{count} {section}" for section, count in report.counts.items())
        self.stdout.write(
            f"Loaded {report.size_bytes:,} bytes (sha256 {report.sha256}): {counts or 'no records'}"
        )
        if report.as_of is not None:
            self.stdout.write(f"The picture is as of {report.as_of.isoformat()}.")
