"""Reading submissions through the access gate, and their receipts; the national
assessments and the threats of the requirement as they stood on a date."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from soctasking.accounts.gate import filter_visible
from soctasking.intelligence.compliance import current_requirement
from soctasking.intelligence.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Requirement,
    Submission,
)
from soctasking.intelligence.services import Receipt, receipt_of

if TYPE_CHECKING:
    from soctasking.accounts.models import User
    from soctasking.bodies.models import Body

CSV_COLUMNS = (
    "reference",
    "id",
    "title",
    "kind",
    "received",
    "receiving_unit",
    "channel",
    "period_start",
    "period_end",
    "classification",
    "filename",
    "sha256",
)


def submission_get_visible(*, user: User, id: str) -> Submission:
    """One submission ``user`` may see; 404 otherwise.

    Never 403: a refusal would tell the reader that a record they are not
    cleared for exists.
    """
    submission = (
        filter_visible(user=user, queryset=Submission.objects.all())
        .select_related("body", "received_by")
        .prefetch_related("threats", "compartments")
        .filter(pk=id)
        .first()
    )
    if submission is None:
        raise Http404("No submission you may see has this id.")
    return submission


def submission_visible(*, user: User, id: str) -> bool:
    """Whether ``user`` may see the submission ``id``; False also when there is none."""
    return filter_visible(user=user, queryset=Submission.objects.filter(pk=id)).exists()


def receipt_get(*, user: User, id: str) -> Receipt:
    """The receipt of a submission ``user`` may see; 404 otherwise."""
    return receipt_of(submission_get_visible(user=user, id=id))


def submissions_of_body(*, user: User, body: Body | None) -> QuerySet[Submission]:
    """What ``body`` has sent through the service and ``user`` may see, newest first.

    A user of no body has sent nothing.
    """
    if body is None:
        return Submission.objects.none()
    return (
        filter_visible(user=user, queryset=Submission.objects.filter(body=body))
        .exclude(reference="")
        .select_related("received_by")
        .order_by("-received", "id")
    )


def submissions_csv(*, submissions: QuerySet[Submission]) -> Iterator[str]:
    """The rows of the 'our submissions' export, header first, one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flushed() -> str:
        line = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return line

    writer.writerow(CSV_COLUMNS)
    yield flushed()
    for submission in submissions.iterator(chunk_size=500):
        writer.writerow(
            [
                submission.reference,
                submission.pk,
                # A cell starting with = + - or @ is a formula to a spreadsheet.
                _defused(submission.title),
                submission.kind,
                submission.received.isoformat(),
                submission.received_by_id,
                submission.channel,
                submission.period_start.isoformat() if submission.period_start else "",
                submission.period_end.isoformat() if submission.period_end else "",
                submission.classification,
                _defused(submission.filename),
                submission.sha256,
            ]
        )
        yield flushed()


def _defused(value: str) -> str:
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def latest_national_strategic_assessment(
    *, as_of: date, approved_only: bool = True
) -> Assessment | None:
    """The national strategic assessment issued latest on or before ``as_of``.

    Only an approved one unless ``approved_only`` is false, when a draft
    counts too; a superseded edition never does. Status is as stored: an
    edition superseded since the date no longer counts as approved on it.
    The threats and vulnerabilities are prefetched.
    """
    statuses = [AssessmentStatus.APPROVED]
    if not approved_only:
        statuses.append(AssessmentStatus.DRAFT)
    return (
        Assessment.objects.filter(
            kind=AssessmentKind.NATIONAL_STRATEGIC, status__in=statuses, issued__lte=as_of
        )
        .prefetch_related("threats", "vulnerabilities")
        .order_by("-issued", "-id")
        .first()
    )


def current_requirement_threats(*, as_of: date) -> tuple[Requirement | None, set[str]]:
    """The current requirement on ``as_of`` and the ids of the threats it asks for.

    ``(None, set())`` on a date no requirement's period contains.
    """
    requirement = current_requirement(as_of=as_of)
    if requirement is None:
        return None, set()
    return requirement, set(requirement.threats.values_list("threat_id", flat=True))
