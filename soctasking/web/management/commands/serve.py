"""``soctasking serve``: bring the database up to date, then serve the application.

gunicorn serves in production. ``--dev`` runs Django's development server
instead, which reloads on code changes and must never face a network.
Static files are served by WhiteNoise inside the application either way.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

WSGI_APPLICATION = "soctasking.wsgi:application"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {raw!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected 1 to 65535, got {port}")
    return port


def _workers(raw: str) -> int:
    try:
        workers = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {raw!r}") from None
    if workers < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {workers}")
    return workers


def default_workers() -> int:
    """gunicorn's own advice: two workers a processor core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_arguments(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        WSGI_APPLICATION,
    ]


class Command(BaseCommand):
    help = "Bring the database up to date, then serve the application (gunicorn, or --dev)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=DEFAULT_HOST, help=f"default: {DEFAULT_HOST}")
        parser.add_argument(
            "--port", type=_port, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}"
        )
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Django's development server, reloading on code changes; never in production",
        )
        parser.add_argument(
            "--workers",
            type=_workers,
            default=None,
            help="gunicorn worker processes; default: two a processor core, plus one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Django's reloader runs this command again in a child process it
        # marks with RUN_MAIN; the parent has already brought the database up.
        if os.environ.get("RUN_MAIN") != "true":
            call_command("init", verbosity=options["verbosity"], stdout=self.stdout)
        host: str = options["host"]
        port: int = options["port"]
        if options["dev"]:
            address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            call_command("runserver", address)
            return
        workers: int = options["workers"] or default_workers()
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} workers.")
        self.stdout.flush()
        arguments = gunicorn_arguments(host=host, port=port, workers=workers)
        # gunicorn takes over this process, so signals from a service
        # manager (SIGTERM, SIGHUP) reach its arbiter directly.
        os.execv(arguments[0], arguments)  # noqa: S606 - a fixed program, no shell
