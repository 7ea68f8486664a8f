"""``soctasking demo``: a fresh database with the demo picture and a user per role, then serve it.

Everything in the database is replaced: the command is for trying the
application out, never for an installation holding real records.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from soctasking.accounts.clearance import Classification, classification_rank
from soctasking.demo.catalogue import BODY_NAMES
from soctasking.demo.services import (
    DemoUser,
    demo_database_reset,
    demo_picture_load,
    demo_users_create,
)

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


def sign_in_table(users: list[DemoUser]) -> list[str]:
    """The demo users as aligned text rows: who they are and how they sign in."""
    rows = [("Role", "Username", "Password", "Body", "Clearance")]
    for user in users:
        persona = user.persona
        clearance = Classification(persona.clearance).label
        if persona.compartments:
            clearance += f" + {', '.join(persona.compartments)}"
        rows.append(
            (persona.role, persona.username, user.password, BODY_NAMES[persona.body], clearance)
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def second_factor_note(users: list[DemoUser]) -> list[str]:
    """What the users cleared SECRET or above must do at their first sign-in."""
    cleared = [
        user.persona.username
        for user in users
        if classification_rank(user.persona.clearance) >= classification_rank(Classification.SECRET)
    ]
    if not cleared:
        return []
    return [
        "",
        f"Users cleared SECRET or above ({', '.join(cleared)}) also need a code from an",
        "authenticator app: at their first sign-in a page shows a QR code and the secret",
        "to add to one (without an app, `oathtool --totp -b SECRET` prints the code), then",
        "asks for the code; later sign-ins ask for a code again.",
    ]


class Command(BaseCommand):
    help = (
        "Replace the database with the demo picture (docs/demo.md), create one user per "
        "role with a new password each, print how to sign in, and serve the application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="set up the demo and stop; do not serve"
        )
        parser.add_argument("--host", default=DEFAULT_HOST, help=f"default: {DEFAULT_HOST}")
        parser.add_argument(
            "--port", type=_port, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        self.stdout.write("Emptying the database and bringing it up to date...")
        demo_database_reset(verbosity=max(0, options["verbosity"] - 1))
        report = demo_picture_load()
        counts = ", ".join(
            f"{count} {section.replace('_', ' ')}" for section, count in report.counts.items()
        )
        self.stdout.write(f"Loaded the demo picture as of {report.as_of}: {counts}.")
        users = demo_users_create()
        url_host = f"[{host}]" if ":" in host else host
        self.stdout.write("")
        self.stdout.write(f"Sign in at http://{url_host}:{port}/sign-in/ as any of these users:")
        self.stdout.write("")
        for line in sign_in_table(users):
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(
            "The passwords are new each time the demo is set up; they are not shown again."
        )
        for line in second_factor_note(users):
            self.stdout.write(line)
        if not options["no_serve"]:
            call_command("serve", host=host, port=port)
