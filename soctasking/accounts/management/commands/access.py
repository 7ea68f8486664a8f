"""``soctasking access list|approve|refuse``: requests for compartment access from the console.

A decision needs an authoriser, so ``approve`` and ``refuse`` name one with
``--by``: the rules are theirs (an administrator, or a chair where the
compartment allows, holding it, and not the requester), and the audit trail
records them as the actor, since it is their decision the operator enters.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.accounts.console import (
    bad_input,
    table_text,
    validation_error_to_command_error,
    when_text,
)
from soctasking.accounts.models import CompartmentAccessRequest
from soctasking.accounts.selectors import access_requests_list, user_get
from soctasking.accounts.services import access_request_decide

OPTIONS = {"status": "ID", "note": "--note"}


class Command(BaseCommand):
    help = "List requests for access to compartments, and approve or refuse them."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        listing = commands.add_parser("list", help="requests awaiting decision, oldest first")
        listing.add_argument("--all", action="store_true", help="every request, decided or not")

        for name in ("approve", "refuse"):
            decide = commands.add_parser(name, help=f"{name} a request awaiting decision")
            decide.add_argument("id", type=int, metavar="ID", help="the request's id, as listed")
            decide.add_argument(
                "--by", required=True, metavar="NAME", help="the authoriser whose decision it is"
            )
            decide.add_argument("--note", default="", metavar="TEXT", help="shown to the requester")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            self._list(all_requests=options["all"])
            return
        self._decide(options, approve=options["subcommand"] == "approve")

    def _list(self, *, all_requests: bool) -> None:
        rows = [
            [
                str(r.pk),
                r.requester.get_username(),
                r.compartment_id,
                str(r.days),
                r.status,
                when_text(r.created),
                r.decided_by.get_username() if r.decided_by else "-",
                r.reason,
            ]
            for r in access_requests_list(open_only=not all_requests)
        ]
        headers = ["id", "requester", "compartment", "days", "status", "asked", "decided by"]
        self.stdout.write(table_text([*headers, "reason"], rows))

    def _decide(self, options: dict[str, Any], *, approve: bool) -> None:
        authoriser = user_get(username=options["by"])
        if authoriser is None:
            raise bad_input(f"--by: no user {options['by']!r}")
        access_request = CompartmentAccessRequest.objects.filter(pk=options["id"]).first()
        if access_request is None:
            raise bad_input(f"ID: no request for access has the id {options['id']}")
        try:
            decided = access_request_decide(
                request=access_request, authoriser=authoriser, approve=approve, note=options["note"]
            )
        except PermissionDenied as denied:
            raise CommandError(f"--by: {denied}", returncode=2) from None
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=OPTIONS) from None
        grant = getattr(decided, "grant", None)
        until = f" until {when_text(grant.expires)}" if grant is not None else ""
        self.stdout.write(
            f"{decided.status} request {decided.pk}: {decided.requester.get_username()} "
            f"in {decided.compartment_id}{until}"
        )
