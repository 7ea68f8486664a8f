"""Reads behind the home page and the read-only area lists.

Each area's list is a plain queryset in display order, ready to paginate;
anything classified passes through the access gate first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from soctasking.accounts.gate import filter_visible
from soctasking.assurance.presentation import severity_counts
from soctasking.assurance.selectors import findings_current, findings_visible_to
from soctasking.bodies.selectors import bodies_count_by_kind
from soctasking.intelligence.models import Submission
from soctasking.lib.counts import ChoiceCount
from soctasking.meetings.models import Meeting, MeetingStatus
from soctasking.meetings.selectors import current_priority_threats
from soctasking.prioritisation.models import Evaluation
from soctasking.threats.models import Threat
from soctasking.threats.selectors import threats_count_by_kind, threats_named

if TYPE_CHECKING:
    from soctasking.accounts.models import User

UPCOMING_MEETINGS = 10

# What a list of submissions may show. The text never leaves the database
# for a list: it is the classified content, and reading it is audited.
SUBMISSION_LIST_FIELDS = ("id", "title", "body__name", "kind", "received", "classification")


@dataclass(frozen=True)
class HomeSummary:
    """The picture at a glance on one date."""

    as_of: date
    bodies_by_kind: list[ChoiceCount]
    threats_by_kind: list[ChoiceCount]
    priority_threats: list[Threat]
    findings_by_severity: dict[str, int]
    upcoming_meetings: list[Meeting]

    @property
    def bodies_total(self) -> int:
        return sum(item.count for item in self.bodies_by_kind)

    @property
    def threats_total(self) -> int:
        return sum(item.count for item in self.threats_by_kind)

    @property
    def findings_total(self) -> int:
        return sum(self.findings_by_severity.values())


def meetings_upcoming(*, as_of: date, limit: int = UPCOMING_MEETINGS) -> list[Meeting]:
    """The next ``limit`` scheduled meetings on or after ``as_of``, soonest first."""
    return list(
        Meeting.objects.filter(status=MeetingStatus.SCHEDULED, date__gte=as_of)
        .select_related("series")
        .order_by("date", "id")[:limit]
    )


def home_summary(*, user: User, as_of: date) -> HomeSummary:
    """Counts of bodies and threats, the priority threats, open findings and what meets next.

    Nothing here is classified. The findings counted are those ``user`` may
    be shown: a check may withhold a finding from those not cleared for all
    its evidence (XCT001), and a count must not tell them it is there.
    """
    return HomeSummary(
        as_of=as_of,
        bodies_by_kind=bodies_count_by_kind(),
        threats_by_kind=threats_count_by_kind(),
        priority_threats=threats_named(ids=current_priority_threats(as_of=as_of)),
        findings_by_severity=severity_counts(
            findings_visible_to(user=user, findings=findings_current(as_of=as_of), as_of=as_of)
        ),
        upcoming_meetings=meetings_upcoming(as_of=as_of),
    )


def submissions_visible_to(*, user: User) -> QuerySet[Submission]:
    """Submissions ``user`` may see, newest first, carrying only what a list shows."""
    return (
        filter_visible(user=user, queryset=Submission.objects.all())
        .select_related("body")
        .only(*SUBMISSION_LIST_FIELDS)
        .order_by("-received", "id")
    )


def evaluations_list() -> QuerySet[Evaluation]:
    """Evaluations, latest first, with their assessment and how many threats each scored."""
    return (
        Evaluation.objects.select_related("assessment", "meeting__series")
        .annotate(threats_scored=Count("scores"))
        .order_by("-date", "id")
    )
