"""Checks on prioritisation: national priority threats adopted without an evaluation or an
intelligence group's recommendation, evaluations that argue one side only, and priorities
the approved strategic assessment does not cover.

Findings name decisions, meetings, evaluations, threats and assessments by id;
never an argument's text, which records the evaluators' reasoning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from soctasking.assurance.registry import Finding, check, flag
from soctasking.intelligence.selectors import latest_national_strategic_assessment
from soctasking.meetings.models import Decision, MeetingStatus, SeriesKind
from soctasking.meetings.selectors import current_priority_threats, priority_adoptions
from soctasking.prioritisation.selectors import (
    assessment_threats,
    evaluations_made,
    evaluations_scores_recommending,
    threats_scored,
)
from soctasking.threats.models import Threat


def _has_argument(arguments: object) -> bool:
    """Whether a score's list of arguments holds one that is not blank."""
    if not isinstance(arguments, list):
        return False
    return any(isinstance(argument, str) and argument.strip() for argument in arguments)


def _recommendation_problem(decision: Decision) -> str | None:
    """Why the meeting recorded as recommending ``decision`` is no held NSIG sitting on or
    before the decision's, or ``None`` when it is one."""
    recommending = decision.recommended_by
    if recommending is None:
        return "no national strategic intelligence group recommended them"
    if recommending.series.kind != SeriesKind.NSIG:
        return (
            f"the recommending meeting {recommending.id} is not a national strategic "
            "intelligence group"
        )
    if recommending.status != MeetingStatus.HELD:
        return f"the recommending meeting {recommending.id} was not held ({recommending.status})"
    if recommending.date > decision.meeting.date:
        return (
            f"the recommending meeting {recommending.id} sat after the decision, on "
            f"{recommending.date.isoformat()}"
        )
    return None


@check(
    code="PRI001",
    name="priority-decision-unevaluated",
    severity="high",
    subject="decision",
    recommendation="Evaluate every threat proposed as a national priority, and have the "
    "national strategic intelligence group recommend the set before it is adopted.",
)
def priority_decision_unevaluated(
    *, as_of: date, thresholds: Mapping[str, float]
) -> Iterator[Finding]:
    """A decision of a held meeting adopting national priority threats with no evaluation
    scoring every threat it adopts, or no held NSIG meeting, on or before its own, recommending it.

    An evaluation that scores all but one adopted threat does not suffice;
    nor does a recommending meeting that was cancelled, belongs to another
    series, or sat after the decision.
    """
    decisions = list(priority_adoptions(as_of=as_of))
    scored = threats_scored(
        evaluations={d.evaluation_id for d in decisions if d.evaluation_id is not None}
    )
    for decision in decisions:
        adopted = sorted(threat.id for threat in decision.threats.all())
        problems: list[str] = []
        unscored: list[str] = []
        if decision.evaluation_id is None:
            problems.append("no evaluation is recorded")
        else:
            unscored = [
                threat for threat in adopted if threat not in scored[decision.evaluation_id]
            ]
            if unscored:
                problems.append(
                    f"evaluation {decision.evaluation_id} does not score {', '.join(unscored)}"
                )
        recommendation = _recommendation_problem(decision)
        if recommendation is not None:
            problems.append(recommendation)
        if not problems:
            continue
        meeting = decision.meeting
        yield flag(
            "PRI001",
            subject_id=decision.id,
            message=f"Decision {decision.id} of the {meeting.series.name} of "
            f"{meeting.date.isoformat()} ({meeting.id}) adopted {len(adopted)} national "
            f"priority threats, but {' and '.join(problems)}",
            evidence={
                "decision": decision.id,
                "meeting": meeting.id,
                "date": meeting.date.isoformat(),
                "threats": adopted,
                "evaluation": decision.evaluation_id,
                "unscored_threats": unscored,
                "recommended_by": decision.recommended_by_id,
                "recommended": recommendation is None,
            },
        )


@check(
    code="PRI002",
    name="evaluation-one-sided",
    severity="medium",
    subject="evaluation",
    recommendation="Record the arguments for and against each threat recommended as a "
    "priority before the evaluation goes to the strategic intelligence group.",
)
def evaluation_one_sided(*, as_of: date, thresholds: Mapping[str, float]) -> Iterator[Finding]:
    """An evaluation, dated on or before the date (or undated), with a score recommending a
    threat as a priority but no argument for it or none against it recorded; one finding per
    evaluation, listing the scores.

    A blank argument is no argument. Scores recommending anything but a
    priority are not judged.
    """
    for evaluation in evaluations_made(as_of=as_of):
        one_sided: list[tuple[Threat, list[str]]] = []
        for score in evaluations_scores_recommending(evaluation=evaluation):
            missing = [
                side
                for side, arguments in (
                    ("for", score.arguments_for),
                    ("against", score.arguments_against),
                )
                if not _has_argument(arguments)
            ]
            if missing:
                one_sided.append((score.threat, missing))
        if not one_sided:
            continue
        listed = "; ".join(
            f"{threat.name} ({threat.id}) with no argument {' or '.join(missing)}"
            for threat, missing in one_sided
        )
        made = f", {evaluation.date.isoformat()}" if evaluation.date is not None else ""
        yield flag(
            "PRI002",
            subject_id=evaluation.id,
            message=f"Evaluation {evaluation.id} ({evaluation.method or 'no method'}{made}) "
            f"recommends as national priority threats {listed} recorded",
            evidence={
                "evaluation": evaluation.id,
                "date": evaluation.date.isoformat() if evaluation.date is not None else None,
                "scores": [
                    {"threat": threat.id, "missing": missing} for threat, missing in one_sided
                ],
            },
        )


@check(
    code="PRI003",
    name="priority-outside-assessment",
    severity="medium",
    subject="threat",
    recommendation="Base the national priority threats on the approved national strategic "
    "assessment, or assess the missing threat before it is kept as a priority.",
)
def priority_outside_assessment(
    *, as_of: date, thresholds: Mapping[str, float]
) -> Iterator[Finding]:
    """A current national priority threat that the latest approved national strategic
    assessment issued by the date does not cover.

    The assessment must list the threat itself: covering only its parent
    threat or one of its sub-threats does not count. While no approved
    assessment had been issued, every current priority threat is flagged.
    """
    priorities = current_priority_threats(as_of=as_of)
    if not priorities:
        return
    assessment = latest_national_strategic_assessment(as_of=as_of)
    covered = assessment_threats(assessment=assessment) if assessment is not None else set()
    threats = Threat.objects.in_bulk(sorted(priorities - covered))
    for threat_id in sorted(threats):
        threat = threats[threat_id]
        if assessment is None:
            where = (
                f"no approved national strategic assessment had been issued by {as_of.isoformat()}"
            )
        else:
            where = (
                f"the latest approved national strategic assessment, {assessment.title} "
                f"({assessment.id}), does not cover it"
            )
        yield flag(
            "PRI003",
            subject_id=threat.id,
            message=f"{threat.name} ({threat.id}) is a national priority threat, but {where}",
            evidence={
                "threat": threat.id,
                "assessment": assessment.id if assessment is not None else None,
                "assessment_issued": assessment.issued.isoformat()
                if assessment is not None
                else None,
            },
        )
