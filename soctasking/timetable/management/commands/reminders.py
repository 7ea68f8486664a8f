"""``soctasking reminders``: email bodies about timetable rows due soon or just missed.

Meant to run daily from cron. Each row gets at most one reminder of each
kind, ever, so running it twice in a day sends nothing the second time.
Rows are judged on every submission received, as the assurance checks judge
them; the command acts as the system. It prints one line per email, and
nothing when there was nothing to send, so cron mails only when it did
something (or failed).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from soctasking.assurance.presentation import as_of_parse
from soctasking.timetable.services import ReminderEmail, reminders_send


def _line(email: ReminderEmail) -> str:
    rows = ", ".join(row.pk for row in email.rows)
    to = ", ".join(email.recipients) if email.recipients else "nobody has an address"
    return f"{email.kind.value} {email.body.pk} ({email.body.name}): {rows} -> {to}"


class Command(BaseCommand):
    help = (
        "Email each body about its timetable rows due within SOCTASKING_REMINDER_DAYS days, "
        "and rows missed within SOCTASKING_REMINDER_MISSED_DAYS days; never the same twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="judge the rows as of this day rather than today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        emails = reminders_send(today=as_of_parse(options["date"], option="--date"))
        for email in emails:
            self.stdout.write(_line(email))
        if not emails and options["verbosity"] > 1:
            self.stdout.write("nothing to send")
