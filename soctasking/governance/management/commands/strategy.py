"""``soctasking strategy generate|list|findings|approve|new-version|compare|pdf``.

The operator's console for the national control strategy, acting as the
system: generate a draft from the approved national strategic assessment and
the national priorities, list the versions, show what CST001-CST004 find in
one, record a held NTTCG meeting's approval, start a new draft from an
approved version, compare two versions, and write one as a PDF. Entries are
edited, each with its reason, on the draft's page or through the API.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.accounts.console import bad_input, table_text, validation_error_to_command_error
from soctasking.assurance.presentation import as_of_parse
from soctasking.assurance.selectors import picture_as_of
from soctasking.governance.models import ControlStrategy
from soctasking.governance.selectors import control_strategy_get
from soctasking.governance.strategy.publication import strategy_document, strategy_pdf
from soctasking.governance.strategy.selectors import (
    control_strategy_versions,
    strategies_compare,
    strategy_findings,
)
from soctasking.governance.strategy.services import (
    StrategyNotDraftError,
    control_strategy_approve,
    control_strategy_generate,
    control_strategy_new_version,
)

OPTIONS = {
    "as_of": "--as-of",
    "id": "--id",
    "meeting": "--meeting",
    "override_reason": "--override-reason",
    "strategy": "STRATEGY",
}


class Command(BaseCommand):
    help = "Draft, approve, version, compare and print the national control strategy."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        generate = commands.add_parser(
            "generate", help="a draft from the approved national strategic assessment"
        )
        generate.add_argument("--as-of", help="the date (YYYY-MM-DD); default: the picture's")
        generate.add_argument("--id", default="", help="the draft's id; default cs-<assessment>")
        commands.add_parser("list", help="every version, newest first")
        findings = commands.add_parser("findings", help="what CST001-CST004 find in one")
        findings.add_argument("strategy", metavar="STRATEGY", help="the strategy's id")
        findings.add_argument("--as-of", help="the date (YYYY-MM-DD); default: the picture's")
        findings.add_argument("--json", action="store_true", help="as JSON")
        approve = commands.add_parser("approve", help="record a held NTTCG meeting's approval")
        approve.add_argument("strategy", metavar="STRATEGY", help="the draft's id")
        approve.add_argument("--meeting", required=True, help="the id of the held NTTCG meeting")
        approve.add_argument("--override-reason", default="", help="why, if any check still holds")
        approve.add_argument(
            "--as-of", help="the date checked (YYYY-MM-DD); default: the picture's"
        )
        version = commands.add_parser("new-version", help="a new draft from an approved version")
        version.add_argument("strategy", metavar="STRATEGY", help="the approved version's id")
        version.add_argument("--id", default="", help="the new draft's id")
        compare = commands.add_parser("compare", help="what changed between two versions")
        compare.add_argument("earlier", metavar="EARLIER", help="the earlier version's id")
        compare.add_argument("later", metavar="LATER", help="the later version's id")
        compare.add_argument("--json", action="store_true", help="as JSON")
        pdf = commands.add_parser("pdf", help="write one version as a PDF")
        pdf.add_argument("strategy", metavar="STRATEGY", help="the strategy's id")
        pdf.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        try:
            if subcommand == "generate":
                self._generate(options)
            elif subcommand == "list":
                self._list()
            elif subcommand == "findings":
                self._findings(options)
            elif subcommand == "approve":
                self._approve(options)
            elif subcommand == "new-version":
                self._new_version(options)
            elif subcommand == "compare":
                self._compare(options)
            else:
                self._pdf(options)
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=OPTIONS) from None
        except StrategyNotDraftError as error:
            raise CommandError(str(error)) from None

    def _strategy(self, strategy_id: str, name: str = "STRATEGY") -> ControlStrategy:
        strategy = control_strategy_get(strategy_id=strategy_id)
        if strategy is None:
            raise bad_input(f"{name}: no control strategy has the id {strategy_id!r}")
        return strategy

    def _generate(self, options: dict[str, Any]) -> None:
        as_of = picture_as_of(explicit=as_of_parse(options["as_of"]))
        strategy = control_strategy_generate(
            acting_user=None, as_of=as_of, strategy_id=options["id"]
        )
        self.stdout.write(
            f"Draft {strategy.id} (version {strategy.version}) from {strategy.based_on_id}: "
            f"{strategy.entries.count()} entries"
        )

    def _list(self) -> None:
        rows = [
            [
                strategy.id,
                str(strategy.version),
                strategy.status,
                strategy.based_on_id or "-",
                strategy.approved_by_id or "-",
            ]
            for strategy in control_strategy_versions()
        ]
        self.stdout.write(table_text(["id", "version", "status", "based on", "approved by"], rows))

    def _findings(self, options: dict[str, Any]) -> None:
        strategy = self._strategy(options["strategy"])
        as_of = picture_as_of(explicit=as_of_parse(options["as_of"]))
        found = strategy_findings(strategy=strategy, as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps([finding.to_json() for finding in found], indent=2))
            return
        for finding in found:
            self.stdout.write(
                f"{finding.code} {finding.name} ({finding.severity}): {finding.message}"
            )
        if not found:
            self.stdout.write(f"No check holds for {strategy.id} as of {as_of.isoformat()}")

    def _approve(self, options: dict[str, Any]) -> None:
        self._strategy(options["strategy"])
        strategy = control_strategy_approve(
            acting_user=None,
            strategy_id=options["strategy"],
            meeting_id=options["meeting"],
            as_of=picture_as_of(explicit=as_of_parse(options["as_of"])),
            override_reason=options["override_reason"],
        )
        held = (
            f"; approved while {', '.join(strategy.approval_findings)} held"
            if strategy.approval_findings
            else ""
        )
        self.stdout.write(f"{strategy.id} approved by {strategy.approved_by_id}{held}")

    def _new_version(self, options: dict[str, Any]) -> None:
        self._strategy(options["strategy"])
        draft = control_strategy_new_version(
            acting_user=None, strategy_id=options["strategy"], new_id=options["id"]
        )
        self.stdout.write(f"Draft {draft.id} (version {draft.version}) from {options['strategy']}")

    def _compare(self, options: dict[str, Any]) -> None:
        earlier = self._strategy(options["earlier"], "EARLIER")
        later = self._strategy(options["later"], "LATER")
        comparison = strategies_compare(earlier=earlier, later=later)
        lines = {
            "added": [
                f"{one.threat.id} ({one.after.level})" for one in comparison.added if one.after
            ],
            "removed": [
                f"{one.threat.id} ({one.before.level})" for one in comparison.removed if one.before
            ],
            "changed": [
                one.threat.id
                + (
                    f": level {one.before.level} -> {one.after.level}"
                    if one.before and one.after and one.level_changed
                    else ""
                )
                + "".join(
                    f"; {change.label.lower()} response rewritten" for change in one.responses
                )
                for one in comparison.changed
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps({**lines, "unchanged": comparison.unchanged}, indent=2))
            return
        for kind, entries in lines.items():
            for entry in entries:
                self.stdout.write(f"{kind}: {entry}")
        self.stdout.write(f"unchanged: {comparison.unchanged}")

    def _pdf(self, options: dict[str, Any]) -> None:
        document = strategy_document(strategy_id=options["strategy"])
        if document is None:
            raise bad_input(f"STRATEGY: no control strategy has the id {options['strategy']!r}")
        target = Path(options["output"])
        try:
            target.write_bytes(strategy_pdf(document=document))
        except OSError as error:
            raise CommandError(f"--output: cannot write {target}: {error.strerror}") from None
        self.stdout.write(f"Wrote {target}")
