"""``soctasking report performance --quarter 2026-Q3 --output FILE``: the quarterly PDF at once.

The operator's, acting as the system. The page and the API make the same
PDF in the background instead (``soctasking db_worker`` runs those jobs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from soctasking.accounts.console import bad_input
from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import quarter_begun
from soctasking.performance.services import performance_report_export


class Command(BaseCommand):
    help = "Write a report as a PDF: performance, the quarterly national performance report."

    def add_arguments(self, parser: CommandParser) -> None:
        reports = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        performance = reports.add_parser(
            "performance", help="the quarterly national performance report"
        )
        performance.add_argument(
            "--quarter", required=True, metavar="YYYY-QN", help="the quarter, e.g. 2026-Q3"
        )
        performance.add_argument(
            "--output", required=True, metavar="FILE", help="where to write the PDF"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quarter = quarter_begun(Quarter.parse(options["quarter"]))
        except ValueError as error:
            raise bad_input(f"--quarter: {error}") from None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise bad_input(f"--output: the folder {output.parent} does not exist")
        digest = performance_report_export(quarter=quarter, output=output, acting_user=None)
        self.stdout.write(f"wrote the {quarter.name} performance report to {output} ({digest})")
