"""``soctasking actions remind``: email owner bodies about actions due soon or overdue.

Meant to run daily from cron (or enqueue ``soctasking.actions.tasks.action_reminders_daily``
on the tasks backend). Each action gets at most one reminder of each kind, ever, so running
it twice in a day sends nothing the second time; the command acts as the system. It prints
one line per email, and nothing when there was nothing to send.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.actions.services import DAYS_BEFORE, OVERDUE_WITHIN, action_reminders_send
from soctasking.assurance.presentation import as_of_parse


class Command(BaseCommand):
    help = "Actions allocated by meetings: remind (email owner bodies of actions due or overdue)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        remind = subcommands.add_parser(
            "remind",
            help=f"email each body about open actions due within {DAYS_BEFORE} days, and "
            f"those overdue by at most {OVERDUE_WITHIN}; never the same twice",
        )
        remind.add_argument("--date", metavar="YYYY-MM-DD", help="judge as of this day")
        remind.add_argument("--days-before", type=int, default=DAYS_BEFORE, metavar="N")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days_before"] < 0:
            raise CommandError("--days-before: expected 0 or more days", returncode=2)
        emails = action_reminders_send(
            today=as_of_parse(options["date"], option="--date"),
            days_before=options["days_before"],
        )
        for email in emails:
            ids = ", ".join(action.pk for action in email.actions)
            to = ", ".join(email.recipients) if email.recipients else "nobody has an address"
            self.stdout.write(
                f"{email.kind.value} {email.body.pk} ({email.body.name}): {ids} -> {to}"
            )
        if not emails and options["verbosity"] > 1:
            self.stdout.write("nothing to send")
