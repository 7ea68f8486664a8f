"""The problems the demo picture holds on purpose, and the check that should find each.

Each repeats a finding of the 2018 inspection, so that the assurance checks
have something real to find on the demo, and a reader can see what each
check is for. The tests hold the demo to this list for every check that is
registered; docs/demo.md describes it for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from soctasking.demo import casework, cycle, decisions, governance, intelligence, strategy


@dataclass(frozen=True)
class PlantedProblem:
    """A finding the demo should produce: its check code, subject and why it is there."""

    code: str
    subject_type: str
    subject_id: str
    why: str


PLANTED_PROBLEMS: tuple[PlantedProblem, ...] = (
    PlantedProblem(
        "SUB001",
        "body",
        intelligence.SILENT_ROCU,
        "No assessment from the North East ROCU for any row of the year.",
    ),
    PlantedProblem(
        "SUB002",
        "body",
        intelligence.UNAWARE_ROCU,
        "East Midlands sent its first two tactical assessments a month late.",
    ),
    PlantedProblem(
        "SUB002",
        "body",
        intelligence.LATE_FORCE,
        "British Transport Police sent its strategic assessment six weeks late.",
    ),
    PlantedProblem(
        "SUB003",
        "body",
        intelligence.SILENT_ROCU,
        "The North East ROCU's last assessment came in January 2017.",
    ),
    PlantedProblem(
        "SUB004",
        "body",
        intelligence.UNAWARE_ROCU,
        "East Midlands never acknowledged the requirement.",
    ),
    PlantedProblem(
        "SUB005",
        "body",
        intelligence.MISROUTING_ROCU,
        "The South West ROCU sends its assessments to its coordinator, not the "
        "National Assessment Centre.",
    ),
    PlantedProblem(
        "SUB006",
        "body",
        cycle.NDBM_SILENT_MEMBERS[0],
        "The Ministry of Defence Police is on the daily briefing but has no row in "
        "the requirement.",
    ),
    PlantedProblem(
        "XCT001",
        "theme",
        "county lines",
        "Eight regional units name county lines; the draft 2018 assessment leaves it out.",
    ),
    PlantedProblem(
        "PRI001",
        "decision",
        f"{decisions.UNEVALUATED_ADOPTION}.decision-3",
        "The March 2017 NSTCG adopted the priorities with no evaluation and no NSIG.",
    ),
    PlantedProblem(
        "PRI002",
        "evaluation",
        decisions.EVALUATION,
        "No argument against making cyber crime a priority was recorded.",
    ),
    PlantedProblem(
        "MTG001",
        "meeting",
        "nstcg-2017-10-04",
        "The NSIG sat a week after the October 2017 NSTCG it should have informed.",
    ),
    PlantedProblem(
        "MTG002",
        "meeting",
        decisions.UNEVALUATED_ADOPTION,
        "The NSIG before the March 2017 NSTCG was cancelled.",
    ),
    PlantedProblem(
        "MTG003",
        "series",
        "ndbm",
        "British Transport Police and City of London Police are not invited to the daily briefing.",
    ),
    PlantedProblem("MTG004", "series", "ndbm", "Three daily briefing members never dial in."),
    PlantedProblem(
        "MTG004",
        "series",
        "nstcg",
        "City of London Police has attended none of the last three NSTCGs.",
    ),
    PlantedProblem(
        "MTG005",
        "action",
        "nttcg-2017-07-19.action-3",
        "The guidance on referrals promised in July 2017 has not been circulated.",
    ),
    PlantedProblem(
        "MTG006",
        "meeting",
        "nttcg-2017-05-17",
        "The May 2017 NTTCG heard updates but allocated no task.",
    ),
    PlantedProblem(
        "GOV001",
        "group",
        governance.DORMANT_GROUP,
        "The private sector fraud group has not met since February 2017.",
    ),
    PlantedProblem(
        "GOV002",
        "meeting",
        "nttcg-2017-02-15",
        "No strategic action plan reported to the February 2017 NTTCG, the first in the picture.",
    ),
    PlantedProblem(
        "GOV002",
        "meeting",
        "nttcg-2017-05-17",
        "No strategic action plan reported to the May 2017 NTTCG.",
    ),
    PlantedProblem(
        "GOV002",
        "meeting",
        "nttcg-2017-07-19",
        "No strategic action plan reported to the July 2017 NTTCG.",
    ),
    PlantedProblem(
        "GOV003",
        "action_plan",
        governance.OVERDUE_PLAN,
        "The private sector fraud plan has two actions open past their dates.",
    ),
    PlantedProblem(
        "GOV004",
        "threat",
        strategy.OMITTED_THREAT,
        "No strategic action plan covers organised acquisitive crime.",
    ),
    PlantedProblem(
        "GOV005",
        "threat",
        "modern-slavery-and-human-trafficking",
        "Both the immigration and the modern slavery plans cover modern slavery.",
    ),
    PlantedProblem(
        "CST001",
        "control_strategy",
        strategy.CONTROL_STRATEGY,
        "Organised acquisitive crime and the internet technology vulnerability are "
        "missing from the control strategy.",
    ),
    PlantedProblem(
        "CST002",
        "control_strategy",
        strategy.CONTROL_STRATEGY,
        "'Criminal use of technology' is in the strategy but not the assessment.",
    ),
    PlantedProblem(
        "CST003",
        "control_strategy",
        strategy.CONTROL_STRATEGY,
        "High-end money laundering, a national priority, sits in band 1.",
    ),
    PlantedProblem(
        "CST004",
        "control_strategy",
        strategy.CONTROL_STRATEGY,
        "The response expected to cyber crime is left implicit.",
    ),
    PlantedProblem(
        "OPS001",
        "operation",
        casework.UNLINKED_OPERATION,
        "Intelligence support in Northern Ireland, linked to no national threat.",
    ),
    PlantedProblem(
        "OPS002", "operation", casework.INACTIVE_OPERATION, "Nothing recorded since October 2017."
    ),
    PlantedProblem(
        "OPS003",
        "operation",
        casework.IDLE_AUTHORITY_OPERATION,
        "A CHIS authority granted in October 2017 and never used.",
    ),
    PlantedProblem(
        "REF001",
        "referral",
        casework.STALE_REFERRAL,
        "An adoption request awaiting a decision for over a month.",
    ),
    PlantedProblem(
        "REF002",
        "referral",
        casework.SLOW_ROUTE_REFERRALS[0],
        "Sent to the NTIG, which sits quarterly.",
    ),
    PlantedProblem(
        "REF002",
        "referral",
        casework.SLOW_ROUTE_REFERRALS[1],
        "Sent to the NTTCG, which sits quarterly.",
    ),
)
