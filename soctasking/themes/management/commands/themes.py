"""``soctasking themes recompute|train|list|show|add-threat|add-keyword|dismiss|merge``.

``recompute``, ``train`` and ``merge`` are the operator's, acting as the
system; ``recompute`` and ``train`` run at once, or with ``--background``
are left to the tasks worker.
Deciding about a theme is an analyst's act, so ``add-threat``,
``add-keyword`` and ``dismiss`` name the analyst with ``--by``: their role
and clearance are checked, and the trail records them as the actor.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from soctasking.accounts.console import bad_input, table_text, validation_error_to_command_error
from soctasking.accounts.selectors import user_get
from soctasking.assurance.presentation import as_of_parse
from soctasking.assurance.selectors import picture_as_of
from soctasking.themes.normalise import theme_key
from soctasking.themes.selectors import theme_evidence, theme_summaries
from soctasking.themes.services import (
    ThemeNotFoundError,
    theme_add_as_keyword,
    theme_add_as_threat,
    theme_alias_merge,
    theme_dismiss,
    themes_recompute,
    threat_classifier_train,
)

OPTIONS = {
    "reason": "--reason",
    "threat": "--threat",
    "name": "--name",
    "alias": "ALIAS",
    "into": "--into",
    "assessment": "--by",
}


class Command(BaseCommand):
    help = "Rebuild the theme index, list and show themes, and act on a cross-cutting theme."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        recompute = commands.add_parser(
            "recompute", help="rebuild the index from the whole picture"
        )
        train = commands.add_parser(
            "train", help="train the classifier that suggests threats, and flag untagged ones"
        )
        for job in (recompute, train):
            job.add_argument(
                "--background", action="store_true", help="leave it to the tasks worker"
            )
        listing = commands.add_parser("list", help="themes ranked by breadth and growth")
        listing.add_argument("--emerging", action="store_true", help="only those not covered")
        listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
        listing.add_argument("--as-of", help="the date (YYYY-MM-DD); default: the picture's")
        show = commands.add_parser("show", help="one theme's evidence")
        show.add_argument("theme", metavar="THEME", help="the theme, as written")
        for name, what in (
            ("add-threat", "add the theme to the draft assessment as a new threat"),
            ("add-keyword", "add the theme as a keyword of a threat, which joins the draft"),
            ("dismiss", "dismiss the theme; it comes back if it keeps growing"),
        ):
            act = commands.add_parser(name, help=what)
            act.add_argument("theme", metavar="THEME", help="the theme, as written")
            act.add_argument("--by", required=True, metavar="NAME", help="the analyst deciding")
            act.add_argument("--reason", required=True, help="why; recorded and audited")
            if name == "add-threat":
                act.add_argument("--name", default="", help="the new threat's name")
            if name == "add-keyword":
                act.add_argument("--threat", required=True, metavar="ID", help="the threat's id")
        merge = commands.add_parser("merge", help="merge another spelling into a theme")
        merge.add_argument("alias", metavar="ALIAS", help="the spelling to merge")
        merge.add_argument("--into", required=True, metavar="THEME", help="the theme it joins")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "recompute":
            self._recompute(background=options["background"])
        elif subcommand == "train":
            self._train(background=options["background"])
        elif subcommand == "list":
            self._list(options)
        elif subcommand == "show":
            self._show(options["theme"])
        elif subcommand == "merge":
            self._merge(options)
        else:
            self._decide(subcommand, options)

    def _recompute(self, *, background: bool) -> None:
        if background:
            from soctasking.themes.tasks import theme_index_recompute

            result = theme_index_recompute.enqueue()
            self.stdout.write(f"recompute queued as job {result.id}")
            return

        def progress(stage: str, done: int, total: int) -> None:
            sys.stderr.write(f"{stage}: {done:,} of {total:,} submissions\n")

        report = themes_recompute(acting_user=None, progress=progress)
        self.stdout.write(
            f"indexed {report.submissions:,} submissions and {report.local_priorities:,} local "
            f"priorities: {report.named:,} named themes, {report.discovered:,} found in text, "
            f"{report.mentions:,} mentions"
        )

    def _train(self, *, background: bool) -> None:
        if background:
            from soctasking.themes.tasks import threat_classifier_retrain

            result = threat_classifier_retrain.enqueue()
            self.stdout.write(f"training queued as job {result.id}")
            return
        report = threat_classifier_train(acting_user=None)
        for ceiling in report.skipped:
            self.stdout.write(f"{ceiling}: too few sender-tagged submissions, no model")
        for model in report.trained:
            self.stdout.write(
                f"{model.ceiling}: {model.samples:,} submissions, {model.held_out:,} held out; "
                f"precision {model.micro_precision:.1%}, recall {model.micro_recall:.1%}"
            )
            rows = [
                [m.threat, str(m.support), f"{m.precision:.1%}", f"{m.recall:.1%}"]
                for m in model.metrics
            ]
            if rows:
                self.stdout.write(table_text(["threat", "held out", "precision", "recall"], rows))
        self.stdout.write(f"{report.signals:,} untagged-threat signals")

    def _list(self, options: dict[str, Any]) -> None:
        if options["limit"] < 1:
            raise bad_input("--limit: expected a whole number of 1 or more")
        as_of = picture_as_of(explicit=as_of_parse(options["as_of"]))
        summaries = theme_summaries(user=None, as_of=as_of)
        if options["emerging"]:
            summaries = [s for s in summaries if s.covered_by is None]
        rows = [
            [
                s.label,
                str(s.bodies),
                str(s.threats),
                str(s.submissions),
                f"{s.growth:+.0%}",
                s.covered_by or "-",
            ]
            for s in summaries[: options["limit"]]
        ]
        headers = ["theme", "bodies", "threats", "submissions", "growth", "covered by"]
        self.stdout.write(table_text(headers, rows))

    def _show(self, theme: str) -> None:
        evidence = theme_evidence(user=None, key=theme_key(theme), as_of=picture_as_of())
        if evidence is None:
            raise bad_input(f"THEME: no theme {theme!r} is named in the picture")
        summary = evidence.summary
        self.stdout.write(
            f"{summary.label}: {summary.bodies} bodies, {summary.threats} threats, "
            f"{summary.submissions} submissions; covered by {summary.covered_by or 'nothing'}"
        )
        self.stdout.write("bodies: " + ", ".join(body["id"] for body in evidence.bodies))
        self.stdout.write("threats: " + ", ".join(t["id"] for t in evidence.threats))
        self.stdout.write(
            "months: " + ", ".join(f"{month} {count}" for month, count in evidence.months)
        )

    def _merge(self, options: dict[str, Any]) -> None:
        try:
            merged = theme_alias_merge(
                acting_user=None, alias=options["alias"], into=options["into"]
            )
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=OPTIONS) from None
        self.stdout.write(f"merged {merged.key!r} into {merged.theme_id!r}")

    def _decide(self, subcommand: str, options: dict[str, Any]) -> None:
        analyst = user_get(username=options["by"])
        if analyst is None:
            raise bad_input(f"--by: no user {options['by']!r}")
        key, as_of = theme_key(options["theme"]), picture_as_of()
        try:
            if subcommand == "add-threat":
                decision = theme_add_as_threat(
                    acting_user=analyst,
                    key=key,
                    reason=options["reason"],
                    as_of=as_of,
                    name=options["name"],
                )
            elif subcommand == "add-keyword":
                decision = theme_add_as_keyword(
                    acting_user=analyst,
                    key=key,
                    threat_id=options["threat"],
                    reason=options["reason"],
                    as_of=as_of,
                )
            else:
                decision = theme_dismiss(
                    acting_user=analyst, key=key, reason=options["reason"], as_of=as_of
                )
        except PermissionDenied as denied:
            raise CommandError(f"--by: {denied}", returncode=2) from None
        except ThemeNotFoundError:
            raise bad_input(
                f"THEME: no theme {options['theme']!r} that {options['by']} may see"
            ) from None
        except ValidationError as error:
            raise validation_error_to_command_error(error, options=OPTIONS) from None
        self.stdout.write(f"{decision.get_kind_display()}: {decision.theme_key}")
