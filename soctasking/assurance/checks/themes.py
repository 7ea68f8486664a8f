"""The cross-cutting theme check: a theme many bodies name, across threats, left out.

The check runs as the system over the whole picture. What it shows to a
user depends on what that user may see: a finding is shown only to users
cleared for every submission that names the theme, since its subject and
evidence come from them (docs/themes.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING

from soctasking.assurance.registry import Finding, check, flag
from soctasking.themes.selectors import (
    dismissals_in_force,
    strategic_assessment_latest,
    theme_evidence,
    theme_hidden_from,
    theme_summaries,
)

if TYPE_CHECKING:
    from soctasking.accounts.models import User

#: "Submissions tagged with at least 2 distinct threats".
MIN_THREATS = 2
#: The evidence lists at most this many submissions, newest first, and says how many in all.
EVIDENCE_SUBMISSIONS = 100


def _shown_to(*, finding: Finding, user: User, as_of: date) -> bool:
    key = str(finding.evidence.get("theme_key", ""))
    return bool(key) and not theme_hidden_from(user=user, key=key, as_of=as_of)


@check(
    code="XCT001",
    name="cross-cutting-unrecognised",
    severity="high",
    subject="theme",
    thresholds={"min_bodies": 3, "regrowth_percent": 50},
    recommendation="Add the theme to the draft national strategic assessment, as a new threat "
    "or as a keyword of a threat it belongs to, or dismiss it with a reason.",
    visible_to=_shown_to,
)
def cross_cutting_unrecognised(
    *, as_of: date, thresholds: Mapping[str, float]
) -> Iterator[Finding]:
    """A theme named by at least ``min_bodies`` bodies, in submissions tagged with at least two
    threats, that the latest national strategic assessment (draft or approved) covers by no
    threat whose name or keywords match it.

    A theme may be named as a submission's theme, as a local priority, or in
    a submission's text. A dismissed theme is not flagged again until more
    bodies name it, or its mentions grow by ``regrowth_percent``.
    """
    assessment = strategic_assessment_latest(as_of=as_of)
    min_bodies = int(thresholds["min_bodies"])
    candidates = [
        summary
        for summary in theme_summaries(user=None, as_of=as_of)
        if summary.bodies >= min_bodies
        and summary.threats >= MIN_THREATS
        and summary.covered_by is None
    ]
    dismissed = dismissals_in_force(
        summaries=candidates, regrowth_percent=thresholds["regrowth_percent"]
    )
    for summary in candidates:
        if summary.key in dismissed:
            continue
        evidence = theme_evidence(
            user=None, key=summary.key, as_of=as_of, submission_limit=EVIDENCE_SUBMISSIONS
        )
        if evidence is None:
            continue
        where = assessment.id if assessment is not None else "none"
        yield flag(
            "XCT001",
            subject_id=summary.label,
            message=f"'{summary.label}' is named by {summary.bodies} bodies in "
            f"{summary.submissions} submissions across {summary.threats} threats, but the "
            + (
                f"latest national strategic assessment ({assessment.title}) does not cover it"
                if assessment is not None
                else "picture holds no national strategic assessment to cover it"
            ),
            evidence={
                "theme_key": summary.key,
                "assessment": where,
                "bodies": [body["id"] for body in evidence.bodies],
                "threats": [threat["id"] for threat in evidence.threats],
                "submissions": [s["id"] for s in evidence.submissions],
                "submissions_total": summary.submissions,
                "local_priorities": [lp["id"] for lp in evidence.local_priorities],
                "first_seen": summary.first_seen.isoformat() if summary.first_seen else None,
                "last_seen": summary.last_seen.isoformat() if summary.last_seen else None,
                "min_bodies": min_bodies,
            },
        )
