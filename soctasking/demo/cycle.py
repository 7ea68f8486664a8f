"""The demo's meeting cycle: the series and a year of their sittings.

The national meetings sit as the inspection's annex A describes: the NSTCG
six-monthly with the NSIG before it, the NTTCG quarterly with the NTIG
before it, the daily briefing every weekday, the governance groups
quarterly, and the NCA's own tasking meetings. The history repeats the
inspection's findings: an NSIG cancelled before the March 2017 NSTCG; an
NSIG that sat a week after the October NSTCG it should have informed; a May
NTTCG that allocated no tasks; City of London Police absent from every
NSTCG; and daily briefing members who never dialled in while two bodies
with national remits were never invited (see ``soctasking.demo.planted``).
What the meetings decided is in ``soctasking.demo.decisions``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from soctasking.demo.catalogue import ROCU_IDS
from soctasking.demo.decisions import ACTIONS, DECISIONS, action
from soctasking.demo.governance import GROUPS, NOT_SITTING_IN_SUMMER, reported_to
from soctasking.demo.phrases import BRIEFING_UPDATES, fill
from soctasking.demo.timeline import (
    AS_OF,
    NSIG_SITTINGS,
    NSTCG_SITTINGS,
    NTIG_SITTINGS,
    NTTCG_SITTINGS,
    YEAR_END,
    YEAR_START,
    iso,
    meeting_id,
    seeded,
    working_day_on_or_after,
    working_days,
)

Record = dict[str, Any]

_AGENCIES = ("border-force", "hmrc", "immigration-enforcement")
NSTCG_MEMBERS: tuple[str, ...] = (
    "nca",
    "nca-nac",
    "nca-nih",
    *ROCU_IDS,
    "force-metropolitan",
    "force-city-of-london",
    "british-transport-police",
    "police-scotland",
    "psni",
    *_AGENCIES,
    "hmpps",
    "home-office",
    "hmicfrs",
)
NSIG_MEMBERS: tuple[str, ...] = (
    "nca",
    "nca-nac",
    "nca-nih",
    *ROCU_IDS,
    "force-metropolitan",
    "police-scotland",
    "psni",
    *_AGENCIES,
)
NTTCG_MEMBERS: tuple[str, ...] = (
    "nca",
    "nca-nac",
    "nca-nih",
    "nca-tasking",
    *ROCU_IDS,
    "force-metropolitan",
    "force-city-of-london",
    "british-transport-police",
    "police-scotland",
    "psni",
    *_AGENCIES,
    "hmpps",
)
NTIG_MEMBERS: tuple[str, ...] = (
    "nca-nih",
    "nca-nac",
    "nca-rocc",
    *ROCU_IDS,
    "force-metropolitan",
    *_AGENCIES,
)
#: Daily briefing members who never dialled in (MTG004); the first is also
#: outside the timetable although a member of a national tasking series (SUB006).
NDBM_SILENT_MEMBERS: tuple[str, ...] = ("ministry-of-defence-police", "npicc", "npac")
NDBM_MEMBERS: tuple[str, ...] = (
    "nca-nih",
    "nca-nac",
    "nca-rocc",
    "nca-ceop",
    "nca-nccu",
    "nca-msht-unit",
    "nca-border-policing",
    *ROCU_IDS,
    "force-metropolitan",
    "police-scotland",
    "psni",
    *_AGENCIES,
    *NDBM_SILENT_MEMBERS,
)
#: Bodies with national remits that ought to be on the daily briefing and are not (MTG003).
NDBM_UNINVITED: tuple[str, ...] = ("british-transport-police", "force-city-of-london")
#: City of London Police never attends the strategic group (MTG004).
NSTCG_ABSENTEE = "force-city-of-london"

_NCA_TASKING_UNITS: tuple[str, ...] = (
    "nca-tasking",
    "nca-nih",
    "nca-rocc",
    "nca-organised-crime",
    "nca-economic-crime",
    "nca-nccu",
    "nca-border-policing",
    "nca-ceop",
)

#: Guests invited to one sitting beside the series' members.
_GUESTS: dict[str, tuple[str, ...]] = {
    # Fraud's growing prominence brought the Serious Fraud Office to the March 2018 NSTCG.
    meeting_id("nstcg", date(2018, 3, 21)): ("serious-fraud-office",),
}


#: (id, name, kind, chair, cadence, members) of a meeting series.
SeriesRow = tuple[str, str, str, str, str, tuple[str, ...]]

_OPERATIONS_COMMITTEE: tuple[str, ...] = (
    "nca",
    "nca-organised-crime",
    "nca-economic-crime",
    "nca-border-policing",
    "nca-nccu",
    "nca-ceop",
)

NATIONAL_SERIES: tuple[SeriesRow, ...] = (
    (
        "nstcg",
        "National strategic tasking and coordination group",
        "nstcg",
        "nca",
        "six_monthly",
        NSTCG_MEMBERS,
    ),
    ("nsig", "National strategic intelligence group", "nsig", "nca", "six_monthly", NSIG_MEMBERS),
    (
        "nttcg",
        "National tactical tasking and coordination group",
        "nttcg",
        "nca",
        "quarterly",
        NTTCG_MEMBERS,
    ),
    ("ntig", "National tactical intelligence group", "ntig", "nca-nih", "quarterly", NTIG_MEMBERS),
    ("ndbm", "National daily briefing meeting", "ndbm", "nca-nih", "weekdays", NDBM_MEMBERS),
    ("itg", "NCA intelligence tasking group", "itg", "nca-tasking", "weekly", _NCA_TASKING_UNITS),
    (
        "citg",
        "NCA covert intelligence tasking group",
        "citg",
        "nca-tasking",
        "monthly",
        _NCA_TASKING_UNITS[:5],
    ),
    (
        "idm",
        "NCA intelligence development meeting",
        "idm",
        "nca-nih",
        "monthly",
        _NCA_TASKING_UNITS[1:6],
    ),
    (
        "nca-tactical",
        "NCA tactical meeting",
        "tactical",
        "nca",
        "monthly",
        ("nca", *_NCA_TASKING_UNITS),
    ),
    (
        "nca-operations-committee",
        "NCA operations committee",
        "operations_committee",
        "nca",
        "monthly",
        _OPERATIONS_COMMITTEE,
    ),
)

# What some series add: who ought to be members, and which series each must precede.
_SERIES_RULES: dict[str, Record] = {
    "nstcg": {"expected_members": ["british-transport-police", "force-city-of-london"]},
    "nsig": {"precedes": {"series": "nstcg", "window_days": 42, "min_lead_days": 7}},
    "ntig": {"precedes": {"series": "nttcg", "window_days": 28, "min_lead_days": 5}},
    "ndbm": {"expected_members": [*NDBM_UNINVITED, "nca-nih", "nca-nac"]},
}


def _series(row: SeriesRow, **extra: Any) -> Record:
    series_id, name, kind, chair, cadence, members = row
    return {
        "id": series_id,
        "name": name,
        "kind": kind,
        "chair": chair,
        "cadence": cadence,
        "members": list(dict.fromkeys(members)),
        **extra,
    }


def meeting_series() -> list[Record]:
    records = [_series(row, **_SERIES_RULES.get(row[0], {})) for row in NATIONAL_SERIES]
    for group in GROUPS:
        kind = "sgg" if group.kind == "sgg" else "threat_group"
        row = (group.id, group.name, kind, group.chair, "quarterly", group.members)
        records.append(_series(row, governance_group=group.id))
    return records


def _attended(
    rng: random.Random, members: Iterable[str], *, last: bool, absent: Iterable[str] = ()
) -> list[str]:
    """Who took part: the members less those ``absent``, and on all but the last sitting
    an occasional apology, so that every member has attended recently."""
    away = set(absent)
    present = [member for member in members if member not in away]
    if last:
        return present
    return [member for member in present if rng.random() > 0.12]


def _sitting(series: str, day: date, status: str, **parts: Any) -> Record:
    record: Record = {
        "id": meeting_id(series, day),
        "series": series,
        "date": iso(day),
        "status": status,
    }
    record.update({key: value for key, value in parts.items() if value})
    return record


def _national(
    series: str, sittings: dict[date, str], members: tuple[str, ...], rng: random.Random
) -> list[Record]:
    held = sorted(day for day, status in sittings.items() if status == "held")
    records = []
    for day, status in sorted(sittings.items()):
        mid = meeting_id(series, day)
        invited = [*members, *_GUESTS[mid]] if mid in _GUESTS else []
        attended: list[str] = []
        if status == "held":
            absent = [NSTCG_ABSENTEE] if series == "nstcg" else []
            if series == "nstcg" and day == date(2017, 3, 22):
                absent.append("british-transport-police")
            attended = _attended(rng, invited or members, last=day == held[-1], absent=absent)
        records.append(
            _sitting(
                series,
                day,
                status,
                invited=invited,
                attended=attended,
                decisions=DECISIONS.get(mid, []),
                actions=ACTIONS.get(mid, []),
                reports_received=reported_to(day) if series == "nttcg" else [],
            )
        )
    return records


def _quarterly(index: int, group_id: str) -> dict[date, str]:
    """A governance group's default sittings: one a quarter, on a day of its own."""
    months = [(2017, 6), (2017, 9), (2017, 12), (2018, 3)]
    if group_id in NOT_SITTING_IN_SUMMER:
        months = months[1:]
    day = 6 + (index * 5) % 18
    return {working_day_on_or_after(date(year, month, day)): "held" for year, month in months}


def _group_meetings(rng: random.Random) -> list[Record]:
    records: list[Record] = []
    for index, group in enumerate(GROUPS):
        sittings = group.sittings or _quarterly(index, group.id)
        held = sorted(day for day, status in sittings.items() if status == "held")
        for day, status in sorted(sittings.items()):
            mid = meeting_id(group.id, day)
            actions: list[Record] = []
            attended: list[str] = []
            if status == "held":
                attended = _attended(rng, group.members, last=day == held[-1])
                due = day + timedelta(days=rng.choice((28, 42, 56)))
                done = due < AS_OF
                actions.append(
                    action(
                        mid,
                        1,
                        rng.choice(group.members),
                        f"Report progress on the {group.name.lower()}'s actions at the "
                        "next sitting.",
                        due,
                        completed=due - timedelta(days=3) if done else None,
                        threats=group.threats[:1],
                    )
                )
            records.append(_sitting(group.id, day, status, attended=attended, actions=actions))
    return records


def _routine(
    series: str,
    members: tuple[str, ...],
    days: list[date],
    rng: random.Random,
    *,
    updates: bool = False,
) -> list[Record]:
    """Sittings of a frequent series; the daily briefing also records who said what."""
    records = []
    absent = NDBM_SILENT_MEMBERS if series == "ndbm" else ()
    for day in days:
        attended = _attended(rng, members, last=day == days[-1], absent=absent)
        said: list[Record] = []
        if updates:
            for body in rng.sample(attended, rng.randint(2, 4)):
                threat, text = rng.choice(BRIEFING_UPDATES)
                said.append({"body": body, "threats": [threat], "text": fill(rng, text)[0]})
        records.append(_sitting(series, day, "held", attended=attended, updates=said))
    return records


def meetings() -> list[Record]:
    rng = seeded("demo.meetings")
    members = {row[0]: row[5] for row in NATIONAL_SERIES}
    records: list[Record] = []
    for series, sittings in (
        ("nstcg", NSTCG_SITTINGS),
        ("nsig", NSIG_SITTINGS),
        ("nttcg", NTTCG_SITTINGS),
        ("ntig", NTIG_SITTINGS),
    ):
        records += _national(series, sittings, members[series], rng)
    year = list(working_days(YEAR_START, YEAR_END))
    wednesdays = [day for day in year if day.weekday() == 2]
    first_tuesdays = [day for day in year if day.weekday() == 1 and day.day <= 7]
    for series, days in (
        ("ndbm", year),
        ("itg", wednesdays),
        ("citg", wednesdays[1::4]),
        ("idm", first_tuesdays),
        ("nca-tactical", first_tuesdays),
        ("nca-operations-committee", [day + timedelta(days=1) for day in first_tuesdays]),
    ):
        records += _routine(series, members[series], days, rng, updates=series == "ndbm")
    records += _group_meetings(rng)
    return records
