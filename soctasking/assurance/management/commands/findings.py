"""``soctasking findings``: run the assurance checks and list what they find."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.assurance.presentation import as_of_parse, findings_text, json_text
from soctasking.assurance.registry import SEVERITIES, UnknownCheckError
from soctasking.assurance.selectors import findings_run, picture_as_of


class Command(BaseCommand):
    help = "Run the assurance checks against the stored picture and list the findings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            help="the date to check the picture as of (YYYY-MM-DD); default: the loaded "
            "bundle's as_of, else today",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON list of findings")
        parser.add_argument(
            "--code", action="extend", nargs="+", help="only these checks (e.g. OPS001)"
        )
        parser.add_argument("--severity", choices=SEVERITIES, help="only this severity")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = picture_as_of(explicit=as_of_parse(options["as_of"]))
        severity = options["severity"]
        try:
            findings = findings_run(
                as_of=as_of,
                codes=options["code"],
                severities=[severity] if severity else None,
            )
        except UnknownCheckError as error:
            raise CommandError(f"--code: {error}", returncode=2) from None
        if options["json"]:
            self.stdout.write(json_text([finding.to_json() for finding in findings]))
        else:
            self.stdout.write(findings_text(findings, as_of=as_of))
