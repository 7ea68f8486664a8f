"""``soctasking user add|list|set|unlock|reset-second-factor``: users, from the console.

The command acts as the system, so the audit trail records the actor
"system". A password never appears on the command line, where other users
of the machine could read it in the process list: it comes from a file,
from a prompt, from one line of standard input, or is generated.
"""

from __future__ import annotations

import getpass
import secrets
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.core.validators import validate_ipv46_address

from soctasking.accounts.clearance import Classification
from soctasking.accounts.console import bad_input, table_text, validation_error_to_command_error
from soctasking.accounts.lockout import sign_in_unlock
from soctasking.accounts.models import Role, User
from soctasking.accounts.second_factor import second_factor_reset
from soctasking.accounts.selectors import user_get, users_list
from soctasking.accounts.services import user_create, user_update

# The option an operator typed for each field a service may refuse.
OPTIONS = {
    "username": "NAME",
    "body": "--body",
    "role": "--role",
    "clearance": "--clearance",
    "compartments": "--compartment",
    "password": "password",
    "is_active": "--active/--inactive",
}


def _password_from_file(path: str) -> str:
    """The file's first line, without its line ending; the rest of the file is ignored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise bad_input(f"--password-file: cannot read {path}: {error}") from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise bad_input(f"--password-file: {path} has no password on its first line")
    return lines[0]


def _password_prompted() -> str:
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password (again): ") != first:
        raise bad_input("password: the two entries differ")
    return first


def _password_from_stdin(stdin: TextIO) -> str:
    line = stdin.readline().rstrip("\r\n")
    if not line:
        raise bad_input(
            "password: expected one line on standard input "
            "(or use --password-file or --generate-password)"
        )
    return line


def _user_named(username: str) -> User:
    user = user_get(username=username)
    if user is None:
        raise bad_input(f"NAME: no user {username!r}")
    return user


class Command(BaseCommand):
    help = "Add, list and change users; unlock them, reset their second factor."
    # Tests hand in their own standard input, as Django's createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        add = commands.add_parser("add", help="add a user")
        add.add_argument("username", metavar="NAME")
        add.add_argument("--body", required=True, help="the id of the user's body")
        add.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        add.add_argument(
            "--clearance",
            required=True,
            metavar="LEVEL",
            help=f"one of: {', '.join(Classification.values)}",
        )
        add.add_argument(
            "--compartment",
            dest="compartments",
            action="extend",
            nargs="+",
            default=[],
            metavar="C",
            help="a compartment the user holds; repeat or list several",
        )
        source = add.add_mutually_exclusive_group()
        source.add_argument(
            "--password-file",
            metavar="F",
            help="read the password from the first line of this file; without it the "
            "password is prompted for, or read as one line from standard input",
        )
        source.add_argument(
            "--generate-password",
            action="store_true",
            help="generate a strong password and print it once",
        )

        commands.add_parser("list", help="list every user")

        change = commands.add_parser("set", help="change a user; what is not given stays")
        change.add_argument("username", metavar="NAME")
        change.add_argument("--role", help=f"one of: {', '.join(Role.values)}")
        change.add_argument(
            "--clearance", metavar="LEVEL", help=f"one of: {', '.join(Classification.values)}"
        )
        change.add_argument("--body", help="the id of the user's body")
        held = change.add_mutually_exclusive_group()
        held.add_argument(
            "--compartment",
            dest="compartments",
            action="extend",
            nargs="+",
            metavar="C",
            help="the compartments the user holds from now on (replacing the old ones)",
        )
        held.add_argument(
            "--no-compartments",
            dest="compartments",
            action="store_const",
            const=[],
            help="the user holds no compartment",
        )
        active = change.add_mutually_exclusive_group()
        active.add_argument(
            "--active", dest="is_active", action="store_const", const=True, help="may sign in"
        )
        active.add_argument(
            "--inactive",
            dest="is_active",
            action="store_const",
            const=False,
            help="may no longer sign in or use a token",
        )
        change.add_argument(
            "--password-file", metavar="F", help="a new password, from this file's first line"
        )

        unlock = commands.add_parser(
            "unlock", help="lift the lockout that repeated failed sign-ins put on a user or address"
        )
        unlock.add_argument("username", nargs="?", metavar="NAME")
        unlock.add_argument(
            "--ip", dest="ip_address", metavar="ADDRESS", help="also unlock this client address"
        )

        reset = commands.add_parser(
            "reset-second-factor",
            help="remove a user's authenticator and recovery codes; they enrol again at sign-in",
        )
        reset.add_argument("username", metavar="NAME")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        try:
            if subcommand == "add":
                self._add(options)
            elif subcommand == "list":
                self._list()
            elif subcommand == "unlock":
                self._unlock(options)
            elif subcommand == "reset-second-factor":
                self._reset_second_factor(options)
            else:
                self._set(options)
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=OPTIONS) from None

    def _add(self, options: dict[str, Any]) -> None:
        stdin: TextIO = options.get("stdin") or sys.stdin
        generated = False
        if options["password_file"]:
            password = _password_from_file(options["password_file"])
        elif options["generate_password"]:
            # 24 characters of URL-safe base64: 144 random bits.
            password = secrets.token_urlsafe(18)
            generated = True
        elif stdin.isatty():
            password = _password_prompted()
        else:
            password = _password_from_stdin(stdin)
        user = user_create(
            username=options["username"],
            body=options["body"],
            role=options["role"],
            clearance=options["clearance"],
            compartments=options["compartments"],
            password=password,
            acting_user=None,
        )
        self.stdout.write(f"Added {user.get_username()}.")
        if generated:
            self.stdout.write("Their password, shown only this once:")
            self.stdout.write(password)

    def _list(self) -> None:
        rows = [
            [
                user.get_username(),
                user.body_id or "-",
                user.role,
                user.clearance,
                ",".join(sorted(c.code for c in user.compartments.all())) or "-",
                "yes" if user.is_active else "no",
            ]
            for user in users_list()
        ]
        if not rows:
            self.stdout.write("No users.")
            return
        self.stdout.write(
            table_text(["username", "body", "role", "clearance", "compartments", "active"], rows)
        )

    def _set(self, options: dict[str, Any]) -> None:
        changes = {
            name: options[name]
            for name in ("role", "clearance", "body", "compartments", "is_active")
            if options[name] is not None
        }
        if options["password_file"]:
            changes["password"] = _password_from_file(options["password_file"])
        if not changes:
            raise bad_input(
                "nothing to change: give --role, --clearance, --body, --compartment, "
                "--no-compartments, --active, --inactive or --password-file"
            )
        user = _user_named(options["username"])
        user = user_update(user=user, acting_user=None, **changes)
        compartments = ",".join(sorted(c.code for c in user.compartments.all())) or "none"
        self.stdout.write(
            f"{user.get_username()}: body {user.body_id or '-'}, role {user.role}, "
            f"clearance {user.clearance}, compartments {compartments}, "
            f"{'active' if user.is_active else 'inactive'}."
        )

    def _unlock(self, options: dict[str, Any]) -> None:
        username, address = options["username"], options["ip_address"]
        if not username and not address:
            raise bad_input("NAME: give the username to unlock, or --ip ADDRESS, or both")
        if address:
            try:
                validate_ipv46_address(address)
            except ValidationError:
                raise bad_input(f"--ip: {address!r} is not an IPv4 or IPv6 address") from None
        forgotten = sign_in_unlock(username=username, ip_address=address, acting_user=None)
        named = " and ".join(part for part in (username, address) if part)
        if forgotten:
            self.stdout.write(f"Unlocked {named}: their failed sign-ins are forgotten.")
        else:
            self.stdout.write(f"{named} had no failed sign-ins to forget; nothing changed.")

    def _reset_second_factor(self, options: dict[str, Any]) -> None:
        user = _user_named(options["username"])
        name = user.get_username()
        if second_factor_reset(user=user, acting_user=None):
            self.stdout.write(
                f"Reset {name}'s second factor: they set up an authenticator app again "
                "at their next sign-in."
            )
        else:
            self.stdout.write(f"{name} had no second factor set up; nothing changed.")
