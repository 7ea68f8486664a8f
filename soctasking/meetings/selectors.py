"""Reads of the meeting cycle: what was decided, by which sitting, as of a date."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from soctasking.meetings.models import Decision, DecisionKind, Meeting, MeetingStatus
from soctasking.threats.models import Threat


def current_priority_threats(*, as_of: date) -> set[str]:
    """The national priority threats on ``as_of``, as threat ids.

    They are the threats of the ``adopt_priority_threats`` decision of the
    latest held meeting on or before the date: each such decision states the
    full set from that day on. ``collection_priority`` decisions mark
    priorities for intelligence collection only and do not count, nor do
    decisions of meetings that were cancelled or are only scheduled. Should
    one sitting record several such decisions, their threats together are the
    set. Empty when no priorities had been adopted by then.
    """
    adoptions = Decision.objects.filter(
        kind=DecisionKind.ADOPT_PRIORITY_THREATS,
        meeting__status=MeetingStatus.HELD,
        meeting__date__lte=as_of,
    )
    latest = adoptions.order_by("-meeting__date", "-meeting_id").values("meeting_id").first()
    if latest is None:
        return set()
    return set(
        Threat.objects.filter(
            decisions__in=adoptions.filter(meeting_id=latest["meeting_id"])
        ).values_list("id", flat=True)
    )


def meetings_held(*, kind: str, as_of: date) -> QuerySet[Meeting]:
    """Held meetings of the series of ``kind`` on or before ``as_of``, oldest first."""
    return (
        Meeting.objects.filter(series__kind=kind, status=MeetingStatus.HELD, date__lte=as_of)
        .select_related("series")
        .order_by("date", "id")
    )
