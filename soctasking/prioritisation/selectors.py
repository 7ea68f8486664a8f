"""Reads of prioritisation as of a date: the evaluations made and the assessment they rest on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from soctasking.intelligence.models import Assessment
from soctasking.prioritisation.models import Evaluation, Recommendation, Score


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
