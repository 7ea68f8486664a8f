"""``soctasking timetable list|import|generate|compliance|escalate``: the submission timetable.

Everything but ``list`` acts as the user named with ``--by``, since the
rules are that user's: analysts and administrators keep the rows; analysts,
administrators, the secretariat and chairs escalate; and compliance is
judged on the submissions that user may see, so the console shows what they
would see and the audit trail records them as the actor.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.accounts.console import bad_input, table_text, validation_error_to_command_error
from soctasking.accounts.models import User
from soctasking.accounts.selectors import user_get
from soctasking.assurance.presentation import as_of_parse
from soctasking.assurance.selectors import picture_as_of
from soctasking.bodies.models import BodyKind
from soctasking.intelligence.compliance import RowStatus
from soctasking.timetable.api import compliance_out
from soctasking.timetable.recurrence import Every, RecurringRule
from soctasking.timetable.selectors import requirement_default, requirement_get, requirements_list
from soctasking.timetable.services import (
    RowsSaved,
    gap_escalate,
    timetable_rows_generate,
    timetable_rows_import_csv,
)

GENERATE_OPTIONS = {
    "requirement": "REQUIREMENT",
    "product": "--product",
    "every": "--every",
    "days_after": "--days-after",
    "deliver_to": "--deliver-to",
    "bodies": "--kind/--body",
    "body_kinds": "--kind",
}
ESCALATE_OPTIONS = {"requirement": "REQUIREMENT", "body": "BODY", "reason": "--reason"}
CSV_HEADER = [
    "requirement",
    "body",
    "body_name",
    "row",
    "product",
    "due",
    "window_start",
    "deliver_to",
    "status",
    "received",
    "submission",
]


def _saved_text(saved: RowsSaved) -> str:
    return (
        f"{len(saved.created)} created, {len(saved.updated)} updated, "
        f"{len(saved.unchanged)} unchanged"
    )


class Command(BaseCommand):
    help = (
        "The submission timetable: list requirements, import or generate rows, show "
        "compliance, and escalate a body's gaps to the next NTIG meeting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        commands.add_parser("list", help="the requirements, with how many rows and bodies each")

        importing = commands.add_parser("import", help="add or update rows from a CSV file")
        importing.add_argument("requirement", metavar="REQUIREMENT", help="the requirement's id")
        importing.add_argument(
            "file",
            metavar="FILE",
            help="UTF-8 CSV; columns body, product, due, deliver_to, and optionally id, "
            "window_start",
        )
        self._by(importing, "the analyst or administrator importing them")

        generate = commands.add_parser("generate", help="make rows from a recurring rule")
        generate.add_argument("requirement", metavar="REQUIREMENT", help="the requirement's id")
        generate.add_argument("--product", required=True, help="the submission kind owed")
        generate.add_argument(
            "--every", required=True, choices=[every.value for every in Every], help="how often"
        )
        generate.add_argument(
            "--days-after",
            required=True,
            type=int,
            metavar="N",
            help="days after the end of each month or quarter that it is due",
        )
        generate.add_argument(
            "--deliver-to", required=True, metavar="BODY", help="the body it is sent to"
        )
        generate.add_argument(
            "--kind",
            action="append",
            default=[],
            choices=BodyKind.values,
            metavar="KIND",
            help="every body of this kind; repeat for several",
        )
        generate.add_argument(
            "--body", action="append", default=[], metavar="BODY", help="a body; repeat for several"
        )
        self._by(generate, "the analyst or administrator making them")

        compliance = commands.add_parser(
            "compliance", help="each body's rows: on time, late, missing or due"
        )
        compliance.add_argument(
            "--requirement",
            metavar="REQUIREMENT",
            help="default: the requirement current on the date, else the latest issued by it",
        )
        compliance.add_argument(
            "--as-of",
            metavar="DATE",
            help="YYYY-MM-DD; default: the date the loaded picture describes, else today",
        )
        compliance.add_argument("--format", choices=["table", "csv", "json"], default="table")
        self._by(compliance, "the user whose view of the submissions it is judged on")

        escalate = commands.add_parser(
            "escalate", help="put a body's missing rows on the next NTIG meeting's agenda"
        )
        escalate.add_argument("requirement", metavar="REQUIREMENT", help="the requirement's id")
        escalate.add_argument("body", metavar="BODY", help="the body's id")
        escalate.add_argument("--reason", default="", metavar="TEXT", help="why, for the agenda")
        self._by(escalate, "the analyst, administrator, secretariat officer or chair raising it")

    @staticmethod
    def _by(parser: CommandParser, help_text: str) -> None:
        parser.add_argument("--by", required=True, metavar="NAME", help=help_text)

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "list":
            self._list()
            return
        user = user_get(username=options["by"])
        if user is None:
            raise bad_input(f"--by: no user {options['by']!r}")
        try:
            getattr(self, f"_{subcommand}")(user, options)
        except PermissionDenied as denied:
            raise CommandError(f"--by: {denied}", returncode=2) from None

    def _list(self) -> None:
        fields = ["id", "period_start", "period_end", "issued", "row_count", "body_count"]
        rows = [[str(value) for value in one] for one in requirements_list().values_list(*fields)]
        headers = ["id", "period start", "period end", "issued", "rows", "bodies"]
        self.stdout.write(table_text(headers, rows))

    def _import(self, user: User, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise bad_input(f"FILE: {path} is not UTF-8 text") from None
        except OSError as error:
            raise bad_input(f"FILE: cannot read {path}: {error.strerror}") from None
        try:
            saved = timetable_rows_import_csv(
                acting_user=user, requirement_id=options["requirement"], text=text
            )
        except ValidationError as error:
            # The service keys problems "line 3, due": say which file they are lines of.
            where = {key: f"{path}, {key}" for key in error.message_dict if key.startswith("line")}
            where |= {"file": f"FILE {path}", "requirement": "REQUIREMENT"}
            raise validation_error_to_command_error(error, options=where) from None
        self.stdout.write(f"{options['requirement']}: {_saved_text(saved)}")

    def _generate(self, user: User, options: dict[str, Any]) -> None:
        rule = RecurringRule(
            product=options["product"],
            every=Every(options["every"]),
            days_after=options["days_after"],
            deliver_to=options["deliver_to"],
            body_kinds=tuple(options["kind"]),
            bodies=tuple(options["body"]),
        )
        try:
            saved = timetable_rows_generate(
                acting_user=user, requirement_id=options["requirement"], rule=rule
            )
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=GENERATE_OPTIONS) from None
        self.stdout.write(f"{options['requirement']}: {_saved_text(saved)}")

    def _compliance(self, user: User, options: dict[str, Any]) -> None:
        as_of = picture_as_of(explicit=as_of_parse(options["as_of"]))
        if options["requirement"]:
            requirement = requirement_get(id=options["requirement"])
            if requirement is None:
                raise bad_input(f"--requirement: no requirement {options['requirement']!r}")
        else:
            requirement = requirement_default(as_of=as_of)
            if requirement is None:
                raise bad_input(
                    f"--requirement: no requirement is current on {as_of} or was issued by "
                    "then; name one"
                )
        # The same document GET /api/v1/compliance returns to this user.
        document = compliance_out(user=user, requirement=requirement, as_of=as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(document, indent=2, default=str))
        elif options["format"] == "csv":
            self.stdout.write(self._csv(document), ending="")
        else:
            self.stdout.write(self._table(document, user=user))

    @staticmethod
    def _csv(document: dict[str, Any]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for body in document["bodies"]:
            for row in body["rows"]:
                writer.writerow(
                    [
                        document["requirement"],
                        body["body"],
                        body["body_name"],
                        row["id"],
                        row["product"],
                        row["due"],
                        row["window_start"],
                        row["deliver_to"],
                        row["status"],
                        row["received"] or "",
                        row["submission"] or "",
                    ]
                )
        return buffer.getvalue()

    @staticmethod
    def _table(document: dict[str, Any], *, user: User) -> str:
        as_of: date = document["as_of"]
        name = user.get_username()
        caveat = (
            f"; a row met only by material {name} may not see shows as missing"
            if document["judged_on_visible_only"]
            else ""
        )
        statuses = [status.value for status in RowStatus]
        rows = [
            [
                body["body"],
                body["body_name"],
                *(str(body["counts"][status]) for status in statuses),
                str(body["acknowledged"] or "-"),
                str(body["reminders"]),
                body["escalated_to"] or ("waiting" if body["escalation"] else "-"),
            ]
            for body in document["bodies"]
        ]
        headers = ["body", "name", "on time", "late", "missing", "due"]
        table = table_text([*headers, "acknowledged", "reminders", "escalated to"], rows)
        totals = ", ".join(
            f"{document['totals'][status]} {status.replace('_', ' ')}" for status in statuses
        )
        return (
            f"Requirement {document['requirement']} on {as_of}, as {name} sees it{caveat}.\n"
            f"{table}\nTotal: {totals}"
        )

    def _escalate(self, user: User, options: dict[str, Any]) -> None:
        try:
            escalation = gap_escalate(
                acting_user=user,
                requirement_id=options["requirement"],
                body_id=options["body"],
                reason=options["reason"],
            )
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=ESCALATE_OPTIONS) from None
        meeting = escalation.meeting
        where = (
            f"the NTIG meeting {meeting.pk} on {meeting.date}"
            if meeting is not None
            else "the first NTIG meeting to be scheduled"
        )
        rows = sorted(row.pk for row in escalation.rows.all())
        self.stdout.write(
            f"escalation {escalation.pk}: {escalation.body_id} in {escalation.requirement_id}, "
            f"{len(rows)} missing row{'s' if len(rows) != 1 else ''} ({', '.join(rows)}), "
            f"to {where}"
        )
