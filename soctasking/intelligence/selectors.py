"""Reading submissions through the access gate, and their receipts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from soctasking.accounts.gate import filter_visible
from soctasking.intelligence.models import Submission
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
