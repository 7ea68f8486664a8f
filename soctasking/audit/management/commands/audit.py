"""``soctasking audit verify|list``: check the audit trail's hash chain, and read it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.accounts.console import bad_input, table_text, when_text
from soctasking.audit.models import AuditEvent
from soctasking.audit.selectors import audit_events_list
from soctasking.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail, or list its newest events."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        verify = commands.add_parser(
            "verify", help="check that no event was edited, deleted, inserted or reordered"
        )
        verify.add_argument(
            "--digest",
            action="store_true",
            help="also print the newest event's digest, to keep outside the database",
        )
        listing = commands.add_parser("list", help="the newest events, oldest first")
        listing.add_argument("--record-type", help="only events about this type (e.g. user)")
        listing.add_argument("--actor", help="only events by this username (or system)")
        listing.add_argument(
            "--limit", type=int, default=50, metavar="N", help="at most N events; default 50"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify(show_digest=options["digest"])
        else:
            self._list(options)

    def _verify(self, *, show_digest: bool) -> None:
        problems = audit_verify()
        if problems:
            for problem in problems:
                self.stdout.write(f"event {problem.sequence}: {problem.problem}")
            raise CommandError(f"audit trail broken: {len(problems)} problems")
        self.stdout.write(f"audit trail intact: {AuditEvent.objects.count()} events")
        newest = AuditEvent.objects.order_by("-sequence").first()
        if show_digest and newest is not None:
            # Someone able to rewrite the database could rebuild the whole
            # chain; a digest kept elsewhere (a ticket, a log) shows that too.
            self.stdout.write(f"newest event {newest.sequence}: digest {newest.digest}")

    def _list(self, options: dict[str, Any]) -> None:
        limit = options["limit"]
        if limit < 1:
            raise bad_input(f"--limit: expected a whole number, 1 or more, got {limit}")
        events = audit_events_list(
            record_type=options["record_type"], actor=options["actor"], limit=limit
        )
        if not events:
            self.stdout.write("No audit events.")
            return
        rows = [
            [
                str(event.sequence),
                when_text(event.at),
                event.actor_name,
                event.action,
                event.record_type,
                event.record_id or "-",
                json.dumps(event.detail, sort_keys=True, ensure_ascii=False),
            ]
            for event in events
        ]
        headers = ["seq", "at", "actor", "action", "record type", "record id", "detail"]
        self.stdout.write(table_text(headers, rows))
