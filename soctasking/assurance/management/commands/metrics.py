"""``soctasking metrics``: compute the assurance metrics."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from soctasking.assurance.metrics import metrics_compute
from soctasking.assurance.presentation import as_of_parse, json_text, metrics_text


class Command(BaseCommand):
    help = "Compute the assurance metrics on the stored picture."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            help="the date to compute the metrics as of (YYYY-MM-DD); default: the loaded "
            "bundle's as_of, else today",
        )
        parser.add_argument(
            "--json", action="store_true", help="print a JSON object keyed by metric name"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        metrics = metrics_compute(as_of=as_of_parse(options["as_of"]))
        self.stdout.write(json_text(metrics) if options["json"] else metrics_text(metrics))
