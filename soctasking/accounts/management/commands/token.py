"""``soctasking token create|list|revoke``: API bearer tokens from the server's console.

The raw token is printed once, alone on the last line of ``token create`` so
a script can take it with ``tail -n 1``; only its SHA-256 digest is stored,
and ``token list`` shows the public prefix, never the token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from soctasking.accounts.console import (
    bad_input,
    table_text,
    validation_error_to_command_error,
    when_text,
)
from soctasking.accounts.models import TokenScope, User
from soctasking.accounts.selectors import tokens_list, tokens_matching, user_get
from soctasking.accounts.tokens import token_create, token_revoke

OPTIONS = {"user": "--user", "name": "--name", "expires": "--expires-days", "scopes": "--scope"}


def _user_named(username: str) -> User:
    user = user_get(username=username)
    if user is None:
        raise bad_input(f"--user: no user {username!r}")
    return user


class Command(BaseCommand):
    help = "Create, list and revoke API bearer tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        create = commands.add_parser("create", help="create a token and print it once")
        create.add_argument("--user", required=True, metavar="NAME", help="the token acts as them")
        create.add_argument("--name", default="", metavar="N", help="what the token is for")
        create.add_argument(
            "--expires-days",
            type=int,
            metavar="D",
            help="the token stops working after this many days; default: never",
        )

        create.add_argument(
            "--scope",
            dest="scopes",
            action="extend",
            nargs="+",
            metavar="SCOPE",
            help=f"what the token may be used for; repeat or list several, from: "
            f"{', '.join(TokenScope.values)}; default: read",
        )

        listing = commands.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument("--user", metavar="NAME", help="only this user's tokens")

        revoke = commands.add_parser("revoke", help="revoke a token from now on")
        revoke.add_argument(
            "key", metavar="PREFIX_OR_ID", help="the token's id or prefix, as token list shows"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        try:
            if subcommand == "create":
                self._create(options)
            elif subcommand == "list":
                self._list(options)
            else:
                self._revoke(options)
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=OPTIONS) from None

    def _create(self, options: dict[str, Any]) -> None:
        days = options["expires_days"]
        if days is not None and days < 1:
            raise bad_input(f"--expires-days: expected 1 or more days, got {days}")
        user = _user_named(options["user"])
        expires = timezone.now() + timedelta(days=days) if days is not None else None
        token, raw = token_create(
            user=user,
            acting_user=None,
            name=options["name"],
            expires=expires,
            scopes=options["scopes"] or [TokenScope.READ],
        )
        self.stdout.write(
            f"Token {token.pk} ({token.prefix}) for {user.get_username()}, "
            f"scopes {', '.join(token.scopes)}, "
            f"expires {when_text(token.expires, missing='never')}."
        )
        self.stdout.write("Store it now; it cannot be shown again:")
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        user = _user_named(options["user"]) if options["user"] else None
        rows = [
            [
                str(token.pk),
                token.prefix,
                token.user.get_username(),
                token.name or "-",
                ",".join(token.scopes) or "-",
                when_text(token.created),
                when_text(token.expires, missing="never"),
                when_text(token.revoked),
                when_text(token.last_used, missing="never"),
            ]
            for token in tokens_list(user=user)
        ]
        if not rows:
            self.stdout.write("No tokens.")
            return
        headers = [
            "id",
            "prefix",
            "user",
            "name",
            "scopes",
            "created",
            "expires",
            "revoked",
            "last used",
        ]
        self.stdout.write(table_text(headers, rows))

    def _revoke(self, options: dict[str, Any]) -> None:
        key = options["key"]
        matches = tokens_matching(key=key)
        if not matches:
            raise bad_input(f"PREFIX_OR_ID: no token {key!r} (see token list)")
        if len(matches) > 1:
            ids = ", ".join(str(token.pk) for token in matches)
            raise bad_input(f"PREFIX_OR_ID: {key!r} names tokens {ids}; give the id")
        already = matches[0].revoked
        token = token_revoke(token=matches[0], acting_user=None)
        if already is not None:
            self.stdout.write(f"Token {token.pk} ({token.prefix}) was already revoked.")
        else:
            self.stdout.write(
                f"Revoked token {token.pk} ({token.prefix}) of {token.user.get_username()}."
            )
