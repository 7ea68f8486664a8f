"""Reads of prioritisation: scoring templates, a round's ranked table with its movement and
sensitivity, and, as of a date, the evaluations made and the assessment they rest on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from soctasking.accounts.gate import filter_visible
from soctasking.accounts.models import User
from soctasking.intelligence.models import Assessment, Submission
from soctasking.meetings.models import Decision
from soctasking.prioritisation import scoring
from soctasking.prioritisation.models import Evaluation, Recommendation, Score, ScoringTemplate
from soctasking.threats.models import Threat


def threats_scored(*, evaluations: Iterable[str]) -> dict[str, set[str]]:
    """The threat ids each of ``evaluations`` scored, by evaluation id."""
    scored: dict[str, set[str]] = defaultdict(set)
    scores = Score.objects.filter(evaluation_id__in=list(evaluations))
    for evaluation_id, threat_id in scores.values_list("evaluation_id", "threat_id"):
        scored[evaluation_id].add(threat_id)
    return scored


def evaluations_made(*, as_of: date) -> QuerySet[Evaluation]:
    """Evaluations dated on or before ``as_of``, or undated, with their scores' threats."""
    return (
        Evaluation.objects.filter(Q(date__lte=as_of) | Q(date__isnull=True))
        .prefetch_related("scores__threat")
        .order_by("id")
    )


def evaluations_scores_recommending(
    *, evaluation: Evaluation, recommendation: str = Recommendation.PRIORITY
) -> list[Score]:
    """The scores of ``evaluation`` (fetched with :func:`evaluations_made`) recommending
    ``recommendation``, in rank order."""
    return [score for score in evaluation.scores.all() if score.recommendation == recommendation]


def assessment_threats(*, assessment: Assessment) -> set[str]:
    """The ids of the threats and sub-threats ``assessment`` covers."""
    return set(assessment.threats.values_list("id", flat=True))


def scoring_templates_list(*, status: str | None = None) -> QuerySet[ScoringTemplate]:
    """Every version of every scoring template, or those of one status; families together."""
    templates = ScoringTemplate.objects.annotate(rounds=Count("evaluations"))
    if status:
        templates = templates.filter(status=status)
    return templates.order_by("family", "-version")


def template_structure(template: ScoringTemplate) -> scoring.Structure:
    """The checked structure of a stored template."""
    return scoring.structure_parse(groups=template.groups, formula=template.formula)


def scoring_template_get(*, template_id: str) -> ScoringTemplate | None:
    return (
        ScoringTemplate.objects.annotate(rounds=Count("evaluations"))
        .select_related("previous")
        .filter(pk=template_id)
        .first()
    )


def scoring_template_versions(*, template: ScoringTemplate) -> QuerySet[ScoringTemplate]:
    """Every version of ``template``'s family, newest first."""
    return ScoringTemplate.objects.filter(family=template.family).order_by("-version")


def evaluation_get(*, evaluation_id: str) -> Evaluation | None:
    return (
        Evaluation.objects.select_related("assessment", "template", "meeting")
        .filter(pk=evaluation_id)
        .first()
    )


def evaluation_previous(*, evaluation: Evaluation) -> Evaluation | None:
    """The round before ``evaluation``: the latest dated earlier, of any assessment."""
    if evaluation.date is None:
        return None
    return (
        Evaluation.objects.filter(date__lt=evaluation.date)
        .exclude(pk=evaluation.pk)
        .order_by("-date", "-id")
        .first()
    )


@dataclass(frozen=True)
class RankedRow:
    """One threat's line in a round's ranked table."""

    score: Score
    threat: Threat
    rank: int
    total: float
    above_line: bool
    movement: int | None
    sensitivity: scoring.Sensitivity | None
    # Never a count of the rest: that a hidden submission is cited is itself not to be seen.
    visible_evidence: list[dict[str, str]]


@dataclass(frozen=True)
class RoundView:
    evaluation: Evaluation
    previous: Evaluation | None
    structure: scoring.Structure | None
    rows: list[RankedRow]
    unscored: list[Threat]


def _visible_evidence(*, user: User, links: list[dict[str, str]]) -> list[dict[str, str]]:
    """The evidence links ``user`` may follow: submissions only if they may see them."""
    submission_ids = [link["ref"] for link in links if link.get("kind") == "submission"]
    seen = set(
        filter_visible(
            user=user, queryset=Submission.objects.filter(pk__in=submission_ids)
        ).values_list("pk", flat=True)
    )
    return [link for link in links if link.get("kind") != "submission" or link["ref"] in seen]


def evaluation_round(*, user: User, evaluation: Evaluation) -> RoundView:
    """A round's ranked table: each score with its movement since the previous round and,
    for a round on a template, its sensitivity to each weight changed by ±20%."""
    scores = list(evaluation.scores.select_related("threat").order_by("rank", "threat_id"))
    structure = template_structure(evaluation.template) if evaluation.template else None
    previous = evaluation_previous(evaluation=evaluation)
    previous_ranks = (
        {s.threat_id: s.rank for s in previous.scores.all() if s.rank is not None}
        if previous is not None
        else {}
    )
    current = {s.threat_id: s.rank for s in scores if s.rank is not None}
    moved = scoring.movements(current, previous_ranks) if previous is not None else {}
    sensitive: dict[str, scoring.Sensitivity] = {}
    if structure is not None:
        codes = {d.code for d in structure.dimensions}
        # A score stored otherwise than through score_record may lack a dimension: it has a
        # rank, but no sensitivity can be worked out for it, nor for the round around it.
        if scores and all(codes <= set(s.dimensions) for s in scores):
            sensitive = scoring.sensitivity(
                structure,
                {s.threat_id: {k: float(s.dimensions[k]) for k in codes} for s in scores},
                evaluation.priority_line,
            )
    rows = []
    for score in scores:
        rank = score.rank or 0
        line = evaluation.priority_line
        rows.append(
            RankedRow(
                score=score,
                threat=score.threat,
                rank=rank,
                total=score.total or 0.0,
                above_line=line is not None and rank <= line,
                movement=moved.get(score.threat_id),
                sensitivity=sensitive.get(score.threat_id),
                visible_evidence=_visible_evidence(user=user, links=list(score.evidence)),
            )
        )
    scored = {s.threat_id for s in scores}
    unscored = (
        [t for t in evaluation.assessment.threats.order_by("name") if t.pk not in scored]
        if evaluation.assessment is not None
        else []
    )
    return RoundView(
        evaluation=evaluation, previous=previous, structure=structure, rows=rows, unscored=unscored
    )


def decision_get(*, decision_id: str) -> Decision | None:
    """A decision on a round, with its meeting, recommending meeting and round."""
    return (
        Decision.objects.select_related(
            "meeting__series", "recommended_by__series", "evaluation__template"
        )
        .prefetch_related("threats")
        .filter(pk=decision_id, evaluation__isnull=False)
        .first()
    )


def round_decisions(*, evaluation: Evaluation) -> QuerySet[Decision]:
    """The decisions taken on ``evaluation``, oldest first."""
    return evaluation.decisions.select_related("meeting__series").prefetch_related("threats")
