"""Meetings as an iCalendar (RFC 5545) feed, written with the standard library.

Each meeting is an all-day event (the record keeps its date, not its time):
``DTSTART`` is its date and ``DTEND`` the day after, as RFC 5545 3.6.1 has
an all-day event end. Its ``UID`` is the meeting's id at this service, so a
calendar that subscribes updates an event rather than repeating it; a
cancelled meeting stays in the feed with ``STATUS:CANCELLED`` so that
subscribers drop it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from soctasking.meetings.models import Meeting, MeetingStatus

PRODID = "-//soctasking//Meeting cycle//EN"
#: RFC 5545 3.1: lines longer than 75 octets are folded.
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    limit = LINE_OCTETS
    for character in line:
        if len((current + character).encode()) > limit:
            parts.append(current)
            current = ""
            # A continuation line starts with a space, which counts towards its 75.
            limit = LINE_OCTETS - 1
        current += character
    parts.append(current)
    return "\r\n ".join(parts)


def _status(meeting: Meeting) -> str:
    return "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"


def calendar_of(*, meetings: Iterable[Meeting], name: str, domain: str, stamp: datetime) -> str:
    """The meetings as a VCALENDAR called ``name``; ``stamp`` is when the feed was made (UTC)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        kind, status = meeting.series.get_kind_display(), meeting.get_status_display()
        description = f"{kind}. Status: {status}."
        if meeting.cancellation_reason:
            description += f" Cancelled: {meeting.cancellation_reason}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.id}@{domain}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{meeting.date + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(meeting.series.name)}",
            f"DESCRIPTION:{escape_text(description)}",
            f"STATUS:{_status(meeting)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
