"""Reads of the theme index: the ranking, one theme's evidence, co-occurrence, coverage,
and the submissions whose text points to threats their sender did not tag.

Every read takes ``user``: the counts and lists come only from submissions
that user may see (through the access gate) and from local priorities,
which carry no marking. ``user=None`` is the system, reading everything,
as the XCT001 check does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from soctasking.accounts.gate import filter_visible
from soctasking.intelligence.models import Assessment, AssessmentKind, AssessmentStatus, Submission
from soctasking.themes.index import vocabulary_load
from soctasking.themes.models import (
    DecisionKind,
    Theme,
    ThemeAlias,
    ThemeDecision,
    ThemeMention,
    UntaggedThreatSignal,
)
from soctasking.themes.normalise import theme_key

if TYPE_CHECKING:
    from soctasking.accounts.models import User
    from soctasking.threats.models import Threat

#: Growth compares the mentions of the last this-many days with the same span before.
GROWTH_DAYS = 90


def mentions_visible_to(*, user: User | None, as_of: date | None = None) -> QuerySet[ThemeMention]:
    """The mentions ``user`` may count: of visible submissions, or of local priorities."""
    mentions = ThemeMention.objects.all()
    if as_of is not None:
        mentions = mentions.filter(Q(on__isnull=True) | Q(on__lte=as_of))
    if user is None:
        return mentions
    visible = filter_visible(user=user, queryset=Submission.objects.all()).values("pk")
    return mentions.filter(Q(submission__isnull=True) | Q(submission__in=visible))


def strategic_assessment_latest(*, as_of: date) -> Assessment | None:
    """The latest national strategic assessment, draft or approved, issued on or before the date."""
    return (
        Assessment.objects.filter(
            kind=AssessmentKind.NATIONAL_STRATEGIC,
            status__in=[AssessmentStatus.DRAFT, AssessmentStatus.APPROVED],
            issued__lte=as_of,
        )
        .order_by("-issued", "-id")
        .first()
    )


def strategic_draft_latest() -> Assessment | None:
    """The national strategic assessment now in draft, the one an analyst adds themes to."""
    return (
        Assessment.objects.filter(
            kind=AssessmentKind.NATIONAL_STRATEGIC, status=AssessmentStatus.DRAFT
        )
        .order_by("-issued", "-id")
        .first()
    )


def threat_theme_keys(threat: Threat) -> set[str]:
    """The theme keys a threat's name and keywords stand for."""
    spellings = [threat.name, *(k for k in threat.keywords or [] if isinstance(k, str))]
    return {key for key in (theme_key(spelling) for spelling in spellings) if key}


def coverage(assessment: Assessment | None) -> dict[str, str]:
    """Each theme key the assessment covers, with the id of the threat that covers it.

    A threat covers a theme when its name or one of its keywords is the
    theme, or a spelling an administrator merged into it.
    """
    if assessment is None:
        return {}
    vocabulary = vocabulary_load()
    covered: dict[str, str] = {}
    threats = [*assessment.threats.all(), *assessment.vulnerabilities.all()]
    for threat in sorted(threats, key=lambda t: t.pk):
        for key in threat_theme_keys(threat):
            covered.setdefault(vocabulary.resolve(key), threat.pk)
    return covered


@dataclass
class ThemeSummary:
    key: str
    label: str
    bodies: int
    threats: int
    submissions: int
    mentions: int
    first_seen: date | None
    last_seen: date | None
    recent: int
    before: int
    covered_by: str | None = None

    @property
    def breadth(self) -> int:
        return self.bodies + self.threats

    @property
    def growth(self) -> float:
        """The change in mentions over the last ``GROWTH_DAYS`` days against the span before."""
        return (self.recent - self.before) / max(self.before, 1)

    @property
    def rank_score(self) -> float:
        return self.breadth * (1 + max(self.growth, 0.0))

    @property
    def slug(self) -> str:
        return theme_slug(self.key)


def theme_slug(key: str) -> str:
    """A theme's key as it appears in addresses; keys hold no hyphen, so this reverses."""
    return key.replace(" ", "-")


def theme_key_from_slug(slug: str) -> str:
    return slug.replace("-", " ")


def theme_summaries(
    *, user: User | None, as_of: date, keys: Iterable[str] | None = None
) -> list[ThemeSummary]:
    """Every theme with a mention ``user`` may count, ranked by breadth and growth."""
    mentions = mentions_visible_to(user=user, as_of=as_of)
    if keys is not None:
        mentions = mentions.filter(key__in=list(keys))
    recent_from = as_of - timedelta(days=GROWTH_DAYS)
    before_from = recent_from - timedelta(days=GROWTH_DAYS)
    rows = mentions.values("key").annotate(
        bodies=Count("body", distinct=True),
        submissions=Count("submission", distinct=True),
        mentions=Count("id"),
        first_seen=Min("on"),
        last_seen=Max("on"),
        recent=Count("id", filter=Q(on__gt=recent_from)),
        before=Count("id", filter=Q(on__gt=before_from, on__lte=recent_from)),
    )
    threats = dict(
        mentions.filter(submission__isnull=False)
        .values("key")
        .annotate(threats=Count("submission__threats", distinct=True))
        .values_list("key", "threats")
    )
    labels = dict(Theme.objects.values_list("key", "label"))
    covered = coverage(strategic_assessment_latest(as_of=as_of))
    summaries = [
        ThemeSummary(
            key=row["key"],
            label=labels.get(row["key"], row["key"]),
            bodies=row["bodies"],
            threats=threats.get(row["key"], 0),
            submissions=row["submissions"],
            mentions=row["mentions"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            recent=row["recent"],
            before=row["before"],
            covered_by=covered.get(row["key"]),
        )
        for row in rows
    ]
    summaries.sort(key=lambda s: (-s.rank_score, -s.mentions, s.key))
    return summaries


@dataclass
class ThemeEvidence:
    summary: ThemeSummary
    bodies: list[dict[str, Any]]
    threats: list[dict[str, Any]]
    submissions: list[dict[str, Any]]
    local_priorities: list[dict[str, Any]]
    months: list[tuple[str, int]]
    aliases: list[str]
    decisions: list[ThemeDecision] = field(default_factory=list)


def theme_evidence(
    *, user: User | None, key: str, as_of: date, submission_limit: int = 200
) -> ThemeEvidence | None:
    """Who names the theme, where, tagged with what, and when; ``None`` if ``user`` sees none."""
    summaries = theme_summaries(user=user, as_of=as_of, keys=[key])
    if not summaries:
        return None
    mentions = mentions_visible_to(user=user, as_of=as_of).filter(key=key)
    bodies = list(
        mentions.values("body_id", "body__name")
        .annotate(mentions=Count("id"), last_seen=Max("on"))
        .order_by("-mentions", "body__name")
    )
    threats = list(
        mentions.filter(submission__isnull=False, submission__threats__isnull=False)
        .values("submission__threats", "submission__threats__name")
        .annotate(submissions=Count("submission", distinct=True))
        .order_by("-submissions", "submission__threats__name")
    )
    submission_rows = list(
        mentions.filter(submission__isnull=False)
        .select_related("submission", "body")
        .order_by("-on", "submission_id")[:submission_limit]
    )
    threat_ids: dict[str, list[str]] = defaultdict(list)
    through = Submission.threats.through
    for submission_id, threat_id in through.objects.filter(
        submission_id__in=[m.submission_id for m in submission_rows]
    ).values_list("submission_id", "threat_id"):
        threat_ids[submission_id].append(threat_id)
    submissions = [
        {
            "id": m.submission_id,
            "title": m.submission.title if m.submission else "",
            "classification": m.submission.classification if m.submission else "",
            "body": m.body_id,
            "body_name": m.body.name if m.body else "",
            "on": m.on,
            "source": m.source,
            "threats": sorted(threat_ids[m.submission_id or ""]),
        }
        for m in submission_rows
    ]
    local_priorities = [
        {"id": lp_id, "body": body_id, "on": on}
        for lp_id, body_id, on in mentions.filter(local_priority__isnull=False)
        .order_by("body_id", "local_priority_id")
        .values_list("local_priority_id", "body_id", "on")
    ]
    months = [
        (row["month"].strftime("%Y-%m"), row["mentions"])
        for row in mentions.filter(on__isnull=False)
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(mentions=Count("id"))
        .order_by("month")
    ]
    return ThemeEvidence(
        summary=summaries[0],
        bodies=[
            {
                "id": row["body_id"],
                "name": row["body__name"],
                "mentions": row["mentions"],
                "last_seen": row["last_seen"],
            }
            for row in bodies
            if row["body_id"]
        ],
        threats=[
            {
                "id": row["submission__threats"],
                "name": row["submission__threats__name"],
                "submissions": row["submissions"],
            }
            for row in threats
        ],
        submissions=submissions,
        local_priorities=local_priorities,
        months=months,
        aliases=list(ThemeAlias.objects.filter(theme_id=key).values_list("key", flat=True)),
        decisions=list(ThemeDecision.objects.filter(theme_key=key).select_related("threat")),
    )


def cooccurrence(
    *, user: User | None, as_of: date, keys: list[str]
) -> tuple[list[str], dict[str, dict[str, int]]]:
    """For each theme, how many visible submissions naming it carry each threat."""
    rows = (
        mentions_visible_to(user=user, as_of=as_of)
        .filter(key__in=keys, submission__threats__isnull=False)
        .values("key", "submission__threats")
        .annotate(submissions=Count("submission", distinct=True))
    )
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        cells[row["key"]][row["submission__threats"]] = row["submissions"]
        totals[row["submission__threats"]] += row["submissions"]
    threats = sorted(totals, key=lambda threat: (-totals[threat], threat))
    return threats, dict(cells)


def theme_hidden_from(*, user: User, key: str, as_of: date) -> bool:
    """Whether any submission naming the theme by the date is one ``user`` may not see."""
    every = mentions_visible_to(user=None, as_of=as_of).filter(key=key).count()
    return mentions_visible_to(user=user, as_of=as_of).filter(key=key).count() != every


def dismissals_in_force(
    *, summaries: Iterable[ThemeSummary], regrowth_percent: float
) -> dict[str, ThemeDecision]:
    """The themes whose latest decision dismisses them and that have not grown since.

    A dismissed theme comes back when more bodies name it than did, or its
    mentions have grown by ``regrowth_percent`` or more.
    """
    by_key = {summary.key: summary for summary in summaries}
    latest: dict[str, ThemeDecision] = {}
    for decision in ThemeDecision.objects.filter(theme_key__in=list(by_key)).order_by(
        "theme_key", "-decided", "-id"
    ):
        latest.setdefault(decision.theme_key, decision)
    in_force = {}
    for key, decision in latest.items():
        if decision.kind != DecisionKind.DISMISSED:
            continue
        now = by_key[key]
        grown = now.bodies > decision.bodies_then or now.mentions >= decision.mentions_then * (
            1 + regrowth_percent / 100
        )
        if not grown:
            in_force[key] = decision
    return in_force


@dataclass
class UntaggedSignals:
    """The untagged-threat signals a user may see: the strongest, and a count by threat."""

    total: int
    by_threat: list[dict[str, Any]]
    strongest: list[dict[str, Any]]


def untagged_signals(*, user: User | None, limit: int = 20) -> UntaggedSignals:
    """Submissions whose text points to a threat their sender did not tag, that ``user`` may see.

    Only signals of visible submissions count, and a classifier signal came
    from the model of the submission's own marking, so it tells the reader
    nothing from material above what they may see.
    """
    signals = UntaggedThreatSignal.objects.all()
    if user is not None:
        visible = filter_visible(user=user, queryset=Submission.objects.all()).values("pk")
        signals = signals.filter(submission__in=visible)
    by_threat = list(
        signals.values("threat_id", "threat__name")
        .annotate(submissions=Count("submission", distinct=True))
        .order_by("-submissions", "threat_id")
    )
    strongest = list(
        signals.order_by("-score", "-submission__received", "submission_id", "threat_id").values(
            "submission_id",
            "submission__title",
            "submission__body__name",
            "submission__received",
            "submission__classification",
            "threat_id",
            "threat__name",
            "source",
            "score",
        )[:limit]
    )
    return UntaggedSignals(
        total=signals.values("submission").distinct().count(),
        by_threat=by_threat,
        strongest=[dict(row) for row in strongest],
    )
