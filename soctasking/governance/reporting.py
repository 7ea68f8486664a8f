"""The assurance report for a sitting of the national tactical tasking and coordination group
(NTTCG): every strategic action plan in force of an active group, with its last progress
report and the trend of its ratings, its overdue actions, and whether it reported to this
sitting; the threats covered and not; the crossovers between plans; and the dormant groups.

The picture is the one on the sitting's date. The threats without a plan, the crossovers
and the dormant groups are the findings of GOV004, GOV005 and GOV001 on that date, so the
report and the checks always agree. This module reads the assurance registry, which reads
the governance selectors; it is apart from them so neither imports the other in a loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.template.loader import render_to_string

from soctasking.assurance.registry import Finding
from soctasking.assurance.selectors import findings_run
from soctasking.governance.models import (
    ActionPlan,
    AssuranceRecord,
    GroupStatus,
    PlanAction,
    ProgressReport,
    Rating,
)
from soctasking.governance.selectors import (
    Coverage,
    assurance_records_of,
    nttcg_sitting_before,
    plan_actions_overdue,
    plans_in_force_of_active_groups,
    plans_reported_to,
    threat_coverage,
)
from soctasking.meetings.models import Meeting

#: How many of a plan's latest reports its trend shows.
TREND_REPORTS = 4
_SCORE = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}
#: GOV.UK's red, orange and green, for the squares of the trend; the words are always written.
RATING_FILL = {Rating.RED: "#d4351c", Rating.AMBER: "#f47738", Rating.GREEN: "#00703c"}
SQUARE, GAP = 14, 6


@dataclass(frozen=True)
class TrendSquare:
    """One report's rating, drawn as a square of the trend chart."""

    x: int
    fill: str
    rating: str


@dataclass(frozen=True)
class PlanAssurance:
    """One plan as the report shows it."""

    plan: ActionPlan
    reports: list[ProgressReport]
    overdue: list[PlanAction]
    reported_to_this_sitting: bool

    @property
    def last_report(self) -> ProgressReport | None:
        return self.reports[-1] if self.reports else None

    @property
    def squares(self) -> list[TrendSquare]:
        return [
            TrendSquare(
                x=index * (SQUARE + GAP),
                fill=RATING_FILL[Rating(report.rating)],
                rating=Rating(report.rating).label.lower(),
            )
            for index, report in enumerate(self.reports)
        ]

    @property
    def chart_width(self) -> int:
        return max(0, len(self.reports) * (SQUARE + GAP) - GAP)

    @property
    def trend(self) -> str:
        """``improving``, ``worsening`` or ``steady`` between the last two reports; ``first
        report`` with one, ``no report`` with none."""
        if not self.reports:
            return "no report"
        if len(self.reports) == 1:
            return "first report"
        before = _SCORE[Rating(self.reports[-2].rating)]
        now = _SCORE[Rating(self.reports[-1].rating)]
        if now > before:
            return "improving"
        if now < before:
            return "worsening"
        return "steady"


@dataclass(frozen=True)
class AssuranceReport:
    """What an NTTCG sitting needs to give assurance on the plans, or raise a concern."""

    meeting: Meeting
    previous_sitting: Meeting | None
    plans: list[PlanAssurance]
    covered: list[Coverage]
    uncovered: list[Finding]
    crossovers: list[Finding]
    dormant: list[Finding]
    records: list[AssuranceRecord]

    @property
    def as_of(self) -> date:
        return self.meeting.date

    @property
    def not_reported(self) -> list[PlanAssurance]:
        return [one for one in self.plans if not one.reported_to_this_sitting]

    @property
    def overdue_count(self) -> int:
        return sum(len(one.overdue) for one in self.plans)


def assurance_report(*, meeting: Meeting) -> AssuranceReport:
    """The assurance report for ``meeting``, an NTTCG sitting, on its date."""
    as_of = meeting.date
    previous = nttcg_sitting_before(meeting=meeting)
    reported = plans_reported_to(meeting=meeting, since=previous.date if previous else None)
    overdue = {
        plan_id: list(actions)
        for plan_id, actions in groupby(
            plan_actions_overdue(as_of=as_of), key=lambda action: action.plan_id
        )
    }
    plans = [
        PlanAssurance(
            plan=plan,
            reports=list(plan.reports.all())[-TREND_REPORTS:],
            overdue=overdue.get(plan.id, []),
            reported_to_this_sitting=plan.id in reported,
        )
        for plan in plans_in_force_of_active_groups(as_of=as_of)
    ]
    coverage = threat_coverage(as_of=as_of, statuses=[GroupStatus.ACTIVE])
    findings = findings_run(as_of=as_of, codes=["GOV001", "GOV004", "GOV005"])
    return AssuranceReport(
        meeting=meeting,
        previous_sitting=previous,
        plans=plans,
        covered=sorted(coverage.values(), key=lambda one: (one.threat.name, one.threat.id)),
        uncovered=[finding for finding in findings if finding.code == "GOV004"],
        crossovers=[finding for finding in findings if finding.code == "GOV005"],
        dormant=[finding for finding in findings if finding.code == "GOV001"],
        records=list(assurance_records_of(meeting=meeting)),
    )


def assurance_report_pdf(*, report: AssuranceReport) -> bytes:
    """The report as a PDF, drawn by WeasyPrint from its own print template."""
    # Imported here, as loading its libraries is slow; it ships no type information.
    from weasyprint import HTML

    html = render_to_string("governance/assurance_report_pdf.html", {"report": report})
    document: bytes = HTML(string=html).write_pdf()
    return document
