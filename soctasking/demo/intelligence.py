"""The demo's national assessments, intelligence requirement and submissions.

The 2017 national strategic assessment went through a first draft that left
county lines out, as the inspection found, before an approved edition put
it in; the first draft of the 2018 assessment leaves it out again, although
eight of the nine regional units name it. The requirement's timetable asks
every regional unit for a tactical assessment 15 days after each quarter
and a strategic assessment once a year, and the national forces and
agencies for a yearly strategic assessment. Four units keep it badly, each
as the inspection describes (see ``soctasking.demo.planted``).
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta
from typing import Any

from soctasking.demo.catalogue import (
    ASSESSED_VULNERABILITIES,
    BODY_NAMES,
    FORCE_IDS,
    PRIORITY_THREATS,
    ROCU_IDS,
    THREAT_KEYWORDS,
    THREAT_PARENTS,
    THREATS,
)
from soctasking.demo.phrases import HANDLING_CONDITIONS, REPORTS, fill
from soctasking.demo.timeline import (
    QUARTERS,
    STRATEGIC_DUE,
    STRATEGIC_WINDOW_START,
    YEAR_END,
    YEAR_START,
    Quarter,
    iso,
    office_time,
    period,
    random_day,
    seeded,
    working_day_on_or_after,
)

Record = dict[str, Any]

NIR_ID = "nir-2017"
NSA_2017 = "nsa-2017"
NSA_2017_DRAFT = "nsa-2017-draft"
NSA_2018_DRAFT = "nsa-2018-draft"

#: Where assessments must go, and where the regional coordinators are.
ASSESSMENT_CENTRE = "nca-nac"
INTELLIGENCE_HUB = "nca-nih"
COORDINATORS = "nca-rocc"

_COMPARTMENTS = ("chis", "interception", "equipment-interference", "financial-intelligence")

#: The unit that sent no assessment in the year (SUB001, SUB003).
SILENT_ROCU = "rocu-north-east"
#: The unit unaware of its deadlines: late twice, never acknowledged (SUB002, SUB004).
UNAWARE_ROCU = "rocu-east-midlands"
#: The unit that keeps the timetable but sends to its coordinator (SUB005).
MISROUTING_ROCU = "rocu-south-west"
#: The force whose assessment came late (SUB002; the inspection's recommendation 1).
LATE_FORCE = "british-transport-police"

#: National forces and agencies the requirement asks for a yearly strategic assessment.
STRATEGIC_CONTRIBUTORS: tuple[str, ...] = (
    "british-transport-police",
    "force-metropolitan",
    "force-city-of-london",
    "police-scotland",
    "psni",
    "border-force",
    "hmrc",
    "immigration-enforcement",
)

_CATALOGUED = tuple(row[0] for row in THREATS if row[2] in {"threat", "sub_threat"})
#: Every threat and sub-threat: what the approved 2017 assessment covers.
NSA_2017_THREATS: tuple[str, ...] = _CATALOGUED
#: The drafts leave county lines out.
DRAFT_THREATS: tuple[str, ...] = tuple(t for t in _CATALOGUED if t != "county-lines")

# The quarterly national tactical assessments a quarter's regional assessments feed.
_TACTICAL = (
    (
        "nta-2017-07",
        "National tactical assessment, July to September 2017",
        date(2017, 7, 1),
        date(2017, 9, 30),
        date(2017, 7, 28),
    ),
    (
        "nta-2017-10",
        "National tactical assessment, October to December 2017",
        date(2017, 10, 1),
        date(2017, 12, 31),
        date(2017, 10, 27),
    ),
    (
        "nta-2018-01",
        "National tactical assessment, January to March 2018",
        date(2018, 1, 1),
        date(2018, 3, 31),
        date(2018, 1, 26),
    ),
)
_FED_BY_QUARTER = {"q1": "nta-2017-07", "q2": "nta-2017-10", "q3": "nta-2018-01"}


def assessments() -> list[Record]:
    """The national strategic assessments (two drafts, one approved) and the tactical ones."""
    records: list[Record] = [
        {
            "id": NSA_2017_DRAFT,
            "title": "National Strategic Assessment of Serious and Organised Crime 2017 "
            "(first draft)",
            "kind": "national_strategic",
            "period": period(date(2017, 4, 1), date(2018, 3, 31)),
            "status": "superseded",
            "issued": "2017-02-10",
            "threats": list(DRAFT_THREATS),
            "vulnerabilities": list(ASSESSED_VULNERABILITIES),
        },
        {
            "id": NSA_2017,
            "title": "National Strategic Assessment of Serious and Organised Crime 2017",
            "kind": "national_strategic",
            "period": period(date(2017, 4, 1), date(2018, 3, 31)),
            "status": "approved",
            "issued": "2017-03-22",
            "supersedes": NSA_2017_DRAFT,
            "threats": list(NSA_2017_THREATS),
            "vulnerabilities": list(ASSESSED_VULNERABILITIES),
        },
        {
            "id": NSA_2018_DRAFT,
            "title": "National Strategic Assessment of Serious and Organised Crime 2018 "
            "(first draft)",
            "kind": "national_strategic",
            "period": period(date(2018, 4, 1), date(2019, 3, 31)),
            "status": "draft",
            "issued": "2018-02-09",
            "supersedes": NSA_2017,
            "threats": list(DRAFT_THREATS),
            "vulnerabilities": list(ASSESSED_VULNERABILITIES),
        },
    ]
    previous: str | None = None
    for index, (nta_id, title, start, end, issued) in enumerate(_TACTICAL):
        latest = index == len(_TACTICAL) - 1
        record: Record = {
            "id": nta_id,
            "title": title,
            "kind": "national_tactical",
            "period": period(start, end),
            "status": "approved" if latest else "superseded",
            "issued": iso(issued),
            "threats": [*PRIORITY_THREATS, "drugs", "county-lines", "fraud"],
            "vulnerabilities": ["border-vulnerabilities", "prisons"],
        }
        if previous is not None:
            record["supersedes"] = previous
        records.append(record)
        previous = nta_id
    return records


def _row_id(product: str, body: str) -> str:
    return f"{NIR_ID}.{product}.{body}"


def requirements() -> list[Record]:
    """The 2017-18 national intelligence requirement with its timetable and acknowledgements."""
    collection = [{"threat": threat, "collection_priority": "high"} for threat in PRIORITY_THREATS]
    collection += [
        {"threat": threat, "collection_priority": priority}
        for threat, priority in (
            ("drugs", "medium"),
            ("county-lines", "medium"),
            ("money-laundering", "medium"),
            ("fraud", "medium"),
            ("bribery-corruption-and-sanctions-evasion", "low"),
            ("organised-acquisitive-crime", "low"),
        )
    ]
    timetable: list[Record] = []
    for rocu in ROCU_IDS:
        for quarter in QUARTERS:
            row: Record = {
                "id": _row_id(f"ta-{quarter.key}", rocu),
                "body": rocu,
                "product": "tactical_assessment",
                "due": iso(quarter.due),
                "window_start": iso(quarter.window_start),
                "deliver_to": ASSESSMENT_CENTRE,
            }
            if quarter.key in _FED_BY_QUARTER:
                row["for_assessment"] = _FED_BY_QUARTER[quarter.key]
            timetable.append(row)
    for body in (*ROCU_IDS, *STRATEGIC_CONTRIBUTORS):
        timetable.append(
            {
                "id": _row_id("sa", body),
                "body": body,
                "product": "strategic_assessment",
                "due": iso(STRATEGIC_DUE),
                "window_start": iso(STRATEGIC_WINDOW_START),
                "deliver_to": ASSESSMENT_CENTRE,
                "for_assessment": NSA_2018_DRAFT,
            }
        )
    rng = seeded("demo.requirements")
    acknowledgements = [
        {"body": body, "date": iso(random_day(rng, date(2017, 4, 4), date(2017, 4, 28)))}
        for body in (*ROCU_IDS, *STRATEGIC_CONTRIBUTORS)
        if body != UNAWARE_ROCU
    ]
    return [
        {
            "id": NIR_ID,
            "period": period(YEAR_START, YEAR_END),
            "issued": "2017-04-03",
            "threats": collection,
            "timetable": timetable,
            "acknowledgements": acknowledgements,
        }
    ]


def _grading(rng: random.Random) -> Record:
    grading: Record = {
        "source": rng.choices(("1", "2", "3"), weights=(5, 4, 1))[0],
        "intelligence": rng.choices(("a", "b", "c", "d", "e"), weights=(3, 4, 3, 1, 1))[0],
        "handling": rng.choices(("p", "c"), weights=(3, 1))[0],
    }
    if grading["handling"] == "c":
        grading["conditions"] = rng.choice(HANDLING_CONDITIONS)
    return grading


def _protective_marking(rng: random.Random) -> tuple[str, list[str]]:
    """A classification and, for secret material, often a compartment."""
    classification = rng.choices(
        ("official", "official-sensitive", "secret", "top-secret"), weights=(40, 36, 20, 4)
    )[0]
    compartments: list[str] = []
    if classification == "secret" and rng.random() < 0.6:
        compartments = [rng.choice(_COMPARTMENTS)]
    elif classification == "top-secret":
        compartments = [rng.choice(("interception", "equipment-interference"))]
    return classification, compartments


def _finish(record: Record, rng: random.Random) -> Record:
    """Give about half the records the digest of their text, as senders sometimes do."""
    if rng.random() < 0.5:
        record["sha256"] = hashlib.sha256(record["text"].encode("utf-8")).hexdigest()
    return record


def _keyword_themes(threat_ids: list[str], rng: random.Random) -> list[str]:
    """Themes a sender names: a keyword of each tagged threat, so an assessment covers them."""
    return sorted({rng.choice(THREAT_KEYWORDS[threat]) for threat in threat_ids})


def _tactical_text(body: str, quarter: Quarter, rng: random.Random) -> str:
    name = BODY_NAMES[body]
    highest = rng.sample(PRIORITY_THREATS[:3], 2)
    # The silent unit, the one of nine without county lines among its priorities,
    # does not name it either.
    concern = (
        "Drugs supply through the region's cities remains stable."
        if body == SILENT_ROCU
        else f"County lines are the fastest growing concern: {rng.randint(8, 45)} lines are "
        "assessed to run into the region's market and coastal towns, exploiting children as "
        "runners and cuckooing the homes of vulnerable adults. County lines touch drugs "
        "supply, child exploitation and modern slavery at once and are not owned by any one "
        "threat lead."
    )
    return (
        f"{name}: tactical assessment for {quarter.label}.\n\n"
        f"The highest harms in the region remain {highest[0].replace('-', ' ')} and "
        f"{highest[1].replace('-', ' ')}. {concern}\n\n"
        f"Firearms discharges: {rng.randint(0, 9)}. Organised crime groups mapped: "
        f"{rng.randint(60, 180)}, of which {rng.randint(5, 20)} are newly mapped this quarter.\n\n"
        "Intelligence gaps: the cash returned from drugs supply; the use of encrypted phones "
        "by group principals."
    )


def _tactical(body: str, quarter: Quarter, received: date, rng: random.Random) -> Record:
    named = [
        "child-sexual-exploitation-and-abuse",
        "modern-slavery-and-human-trafficking",
        "firearms",
    ]
    themes = _keyword_themes(named, rng)
    threat_ids = ["drugs", *named]
    if body != SILENT_ROCU:
        themes.insert(0, "county lines")
        threat_ids.insert(1, "county-lines")
    return _finish(
        {
            "id": f"sub-{body}-ta-{quarter.key}",
            "title": f"{BODY_NAMES[body]} tactical assessment, {quarter.label}",
            "body": body,
            "kind": "tactical_assessment",
            "received": office_time(rng, received),
            "received_by": COORDINATORS if body == MISROUTING_ROCU else ASSESSMENT_CENTRE,
            "channel": "email",
            "period": period(quarter.start, quarter.end),
            "threats": threat_ids,
            "themes": themes,
            "grading": {"source": "1", "intelligence": "b", "handling": "p"},
            "classification": "official-sensitive",
            "text": _tactical_text(body, quarter, rng),
        },
        rng,
    )


def _strategic(body: str, received: date, rng: random.Random) -> Record:
    name = BODY_NAMES[body]
    threat_ids = sorted([*rng.sample(PRIORITY_THREATS, 3), "drugs"])
    themes = _keyword_themes(threat_ids, rng)
    county = ""
    if body.startswith("rocu-"):
        themes = ["county lines", *themes]
        county = (
            " County lines remain the region's most visible harm and a priority of its "
            "control strategy."
        )
    return _finish(
        {
            "id": f"sub-{body}-sa-2017",
            "title": f"{name} strategic assessment 2017",
            "body": body,
            "kind": "strategic_assessment",
            "received": office_time(rng, received),
            "received_by": COORDINATORS if body == MISROUTING_ROCU else ASSESSMENT_CENTRE,
            "channel": "email" if body.startswith("rocu-") else "upload",
            "period": period(date(2016, 10, 1), date(2017, 9, 30)),
            "threats": threat_ids,
            "themes": themes,
            "grading": {"source": "1", "intelligence": "b", "handling": "p"},
            "classification": "official-sensitive",
            "text": (
                f"{name}: strategic assessment of serious and organised crime, October 2016 "
                "to September 2017. The assessment ranks the threats the body faces by harm, "
                f"likelihood and its capacity to respond.{county} Recommended priorities: "
                f"{', '.join(t.replace('-', ' ') for t in threat_ids)}."
            ),
        },
        rng,
    )


def _assessment_submissions(rng: random.Random) -> list[Record]:
    records: list[Record] = [
        # The silent unit's last assessment, over a year before the picture's date.
        _tactical(
            SILENT_ROCU,
            Quarter("q3-2016", "October to December 2016", date(2016, 10, 1), date(2016, 12, 31)),
            date(2017, 1, 13),
            rng,
        )
    ]
    for rocu in ROCU_IDS:
        if rocu == SILENT_ROCU:
            continue
        for quarter in QUARTERS[:3]:
            received = random_day(rng, quarter.window_start + timedelta(days=3), quarter.due)
            if rocu == UNAWARE_ROCU and quarter.key in {"q1", "q2"}:
                late = quarter.due + timedelta(days=rng.randint(30, 45))
                received = working_day_on_or_after(late)
            records.append(_tactical(rocu, quarter, received, rng))
    for body in (*ROCU_IDS, *STRATEGIC_CONTRIBUTORS):
        if body == SILENT_ROCU:
            continue
        received = random_day(rng, date(2017, 10, 16), STRATEGIC_DUE - timedelta(days=1))
        if body == LATE_FORCE:
            received = date(2018, 1, 26)
        records.append(_strategic(body, received, rng))
    return records


# Who sends intelligence reports and profiles: every force, and the regional
# units and the two largest forces three times as often.
_REPORTERS: tuple[str, ...] = (
    *FORCE_IDS,
    *(rocu for rocu in ROCU_IDS if rocu != SILENT_ROCU),
    "border-force",
    "hmrc",
    "immigration-enforcement",
    "police-scotland",
    "psni",
    "british-transport-police",
    "glaa",
    "npicc",
    "nca-ceop",
    "nca-nccu",
)
_REPORT_WEIGHTS: tuple[int, ...] = tuple(
    3 if body.startswith(("rocu-", "force-metropolitan", "force-greater-manchester")) else 1
    for body in _REPORTERS
)
_REPORT_KINDS = {
    "intelligence_report": "Intelligence report",
    "problem_profile": "Problem profile",
    "target_profile": "Target profile",
}
_REPORT_COUNT = 320


def _report(number: int, rng: random.Random) -> Record:
    body = rng.choices(_REPORTERS, weights=_REPORT_WEIGHTS)[0]
    threat = rng.choice(sorted(REPORTS))
    title, text = fill(rng, *rng.choice(REPORTS[threat]))
    kind = rng.choices(tuple(_REPORT_KINDS), weights=(16, 2, 2))[0]
    received = random_day(rng, YEAR_START, YEAR_END)
    threat_ids = [threat]
    parent = THREAT_PARENTS.get(threat)
    if parent is not None:
        threat_ids.insert(0, parent)
    if threat == "county-lines":
        # County lines cut across threats: senders tag the exploitation as well.
        threat_ids.append("child-sexual-exploitation-and-abuse")
        themes = ["county lines"]
    else:
        themes = _keyword_themes([threat], rng)
    classification, compartments = _protective_marking(rng)
    record: Record = {
        "id": f"sub-2017-{number:04d}",
        "title": f"{_REPORT_KINDS[kind]}: {title}",
        "body": body,
        "kind": kind,
        "received": office_time(rng, received),
        "received_by": INTELLIGENCE_HUB,
        "channel": rng.choice(("api", "upload", "email")),
        "threats": threat_ids,
        "themes": themes,
        "grading": _grading(rng),
        "classification": classification,
        "text": text,
    }
    if kind != "intelligence_report":
        record["period"] = period(received - timedelta(days=90), received)
    if compartments:
        record["compartments"] = compartments
    return _finish(record, rng)


def submissions() -> list[Record]:
    """The assessments the timetable asks for and a year of intelligence reports, by date."""
    rng = seeded("demo.submissions")
    records = _assessment_submissions(rng)
    records += [_report(number, rng) for number in range(1, _REPORT_COUNT + 1)]
    return sorted(
        records, key=lambda record: (datetime.fromisoformat(record["received"]), record["id"])
    )
