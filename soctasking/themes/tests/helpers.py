"""Building small pictures for the theme tests, through the real indexing path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from soctasking.intelligence.models import Submission
from soctasking.testing.factories import AssessmentFactory, SubmissionFactory, ThreatFactory
from soctasking.themes.index import mentions_refresh

AS_OF = dt.date(2018, 3, 31)


def received(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _stored(**fields: Any) -> Submission:
    return SubmissionFactory(**fields)


def named_submission(
    *,
    body: Any,
    threats: list[str],
    themes: list[str] | None = None,
    text: str = "Nothing of note this period.",
    day: dt.date = dt.date(2018, 1, 15),
    **fields: Any,
) -> Submission:
    """A submission stored and indexed as a received one is."""
    submission = _stored(
        body=body,
        themes=themes or [],
        text=text,
        received=received(day),
        threats=[ThreatFactory(id=threat, name=threat.replace("-", " ")) for threat in threats],
        **fields,
    )
    mentions_refresh(submission_ids=[submission.pk])
    return submission


def draft_assessment(*, threats: list[str], issued: dt.date = dt.date(2018, 2, 1)) -> Any:
    assessment = AssessmentFactory(id="nsa-2018-draft", status="draft", issued=issued)
    assessment.threats.set([ThreatFactory(id=threat) for threat in threats])
    return assessment
