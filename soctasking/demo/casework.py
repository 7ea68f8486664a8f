"""The demo's operations, with their activity, disruptions and covert authorities, and referrals.

Most operations are generated: each is linked to a threat, records activity
every few weeks, and uses every covert authority it holds. Three are
written out by hand to show what the NCA's review team looks for (an
operation linked to no threat, one with nothing recorded for five months,
one holding an authority it never used), and the referrals include those
sent to the quarterly groups out of habit and one left undecided
(see ``soctasking.demo.planted``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from soctasking.demo.timeline import AS_OF, iso, random_day, seeded

Record = dict[str, Any]

UNLINKED_OPERATION = "op-tarnbrook"
INACTIVE_OPERATION = "op-halvergate"
IDLE_AUTHORITY_OPERATION = "op-wenlock"
STALE_REFERRAL = "ref-2018-003"
SLOW_ROUTE_REFERRALS = ("ref-2017-001", "ref-2017-002")

# Lead bodies and the threats their operations tackle.
_LEADS: dict[str, tuple[str, ...]] = {
    "nca-organised-crime": ("drugs", "class-a-importation", "firearms", "firearms-importation"),
    "nca-economic-crime": (
        "high-end-money-laundering",
        "fraud",
        "bribery-corruption-and-sanctions-evasion",
    ),
    "nca-ukfiu": ("money-laundering", "high-end-money-laundering"),
    "nca-nccu": ("cyber-crime", "cyber-attacks-on-uk-victims", "cyber-online-marketplace"),
    "nca-ceop": ("child-sexual-exploitation-and-abuse", "cse-online", "cse-transnational"),
    "nca-msht-unit": ("modern-slavery-and-human-trafficking", "msht-sexual-exploitation"),
    "nca-border-policing": ("organised-immigration-crime", "oic-clandestine-entry"),
    "rocu-north-west": ("firearms", "county-lines", "drugs"),
    "rocu-yorkshire-and-the-humber": ("modern-slavery-and-human-trafficking", "drugs"),
    "rocu-west-midlands": ("firearms", "county-lines", "msht-labour-exploitation"),
    "rocu-eastern": ("county-lines", "organised-acquisitive-crime", "cyber-crime"),
    "rocu-south-east": ("organised-immigration-crime", "county-lines"),
    "rocu-south-west": ("county-lines", "drugs"),
    "rocu-wales": ("county-lines", "child-sexual-exploitation-and-abuse"),
    "rocu-east-midlands": ("money-laundering", "drugs"),
    "force-metropolitan": ("firearms", "county-lines", "fraud"),
    "force-greater-manchester": ("firearms", "drugs"),
    "border-force": ("class-a-importation", "oic-clandestine-entry"),
    "hmrc": ("money-laundering", "fraud-public-sector"),
    "immigration-enforcement": ("organised-immigration-crime", "oic-document-fraud"),
}

# Invented code words; none is a real operation.
_CODE_WORDS = (
    "Alder",
    "Bracken",
    "Cairnfield",
    "Dunlin",
    "Eskdale",
    "Fernhill",
    "Gorsebank",
    "Hazelrig",
    "Ingleby",
    "Juniper",
    "Kestrelmoor",
    "Larchwood",
    "Merrow",
    "Nettlecombe",
    "Oakhanger",
    "Pennant",
    "Quillfoot",
    "Rookhope",
    "Sandling",
    "Thornaby",
    "Ullswick",
    "Vetchfield",
    "Whinmoor",
    "Yarrowby",
    "Ashcombe",
    "Birkdale",
    "Corriefell",
    "Dunsop",
    "Elderfield",
    "Foxglove",
    "Greysike",
    "Hollinsend",
    "Ivybridge",
    "Kilnsey",
    "Lowther",
    "Marshwood",
    "Norbury",
    "Oxclose",
    "Pikestone",
    "Redesmere",
)

_AUTHORITY_KINDS = (
    ("directed surveillance", 90),
    ("CHIS use and conduct", 365),
    ("property interference", 90),
    ("targeted interception warrant", 180),
    ("equipment interference warrant", 180),
)
_ACTIVITY_NOTES = {
    "intelligence": "Intelligence development on the principal's associates.",
    "search": "Warrant executed at a residential address.",
    "arrest": "Arrest of a courier.",
    "charge": "Suspect charged and remanded.",
    "seizure": "Seizure at a storage unit.",
    "other": "Case conference with the Crown Prosecution Service.",
}


def _outcomes(threat: str, level: str, rng: random.Random) -> Record:
    scale = {"major": 3, "moderate": 2, "minor": 1}[level]
    outcomes: Record = {"arrests": rng.randint(1, 4) * scale}
    outcomes["charges"] = rng.randint(0, outcomes["arrests"])
    if rng.random() < 0.4:
        outcomes["convictions"] = rng.randint(0, outcomes["charges"])
    if threat in {"drugs", "county-lines", "class-a-importation"}:
        outcomes["drugs_kg"] = round(rng.uniform(0.2, 12.0) * scale**2, 1)
        outcomes["cash_gbp"] = float(rng.randint(2, 80) * 1000)
    elif threat.startswith("firearms"):
        outcomes["firearms"] = rng.randint(1, 4) * scale
    elif "money-laundering" in threat or threat.startswith("fraud"):
        outcomes["cash_gbp"] = float(rng.randint(20, 400) * 1000)
        outcomes["assets_denied_gbp"] = float(rng.randint(50, 2000) * 1000 * scale)
    return outcomes


def _generated(word: str, rng: random.Random) -> Record:
    lead = rng.choice(sorted(_LEADS))
    threats = sorted(set(rng.sample(_LEADS[lead], rng.randint(1, 2))))
    opened = random_day(rng, date(2016, 4, 1), date(2017, 12, 15))
    closed: date | None = None
    if rng.random() < 0.25:
        closed = min(opened + timedelta(days=rng.randint(120, 420)), AS_OF - timedelta(days=7))
    end = closed or AS_OF
    op_id = f"op-{word.lower()}"
    activity: list[Record] = []
    day = opened + timedelta(days=rng.randint(5, 20))
    while day < end:
        kind = rng.choice(tuple(_ACTIVITY_NOTES))
        activity.append({"date": iso(day), "kind": kind, "note": _ACTIVITY_NOTES[kind]})
        day += timedelta(days=rng.randint(14, 50))
    if closed is None and (not activity or activity[-1]["date"] < iso(AS_OF - timedelta(60))):
        # Open operations are kept recent: only the hand-written one is left inactive.
        activity.append(
            {
                "date": iso(AS_OF - timedelta(days=rng.randint(3, 40))),
                "kind": "intelligence",
                "note": _ACTIVITY_NOTES["intelligence"],
            }
        )
    disruptions: list[Record] = []
    for index in range(rng.choice((0, 1, 1, 2, 3))):
        level = rng.choices(("major", "moderate", "minor"), weights=(1, 3, 4))[0]
        threat = rng.choice(threats)
        on = opened + timedelta(days=rng.randint(30, max(31, (end - opened).days - 1)))
        disruptions.append(
            {
                "id": f"{op_id}.disruption-{index + 1}",
                "date": iso(min(on, end)),
                "level": level,
                "threats": [threat],
                "outcomes": _outcomes(threat, level, rng),
            }
        )
    authorities: list[Record] = []
    if rng.random() < 0.4:
        for index in range(rng.randint(1, 2)):
            kind, days = rng.choice(_AUTHORITY_KINDS)
            latest_grant = max(opened, end - timedelta(days=10))
            granted = opened + timedelta(days=rng.randint(0, (latest_grant - opened).days))
            expires = granted + timedelta(days=days)
            used_by = min(expires, end)
            last_used = granted + timedelta(days=rng.randint(0, max(0, (used_by - granted).days)))
            authorities.append(
                {
                    "id": f"{op_id}.authority-{index + 1}",
                    "kind": kind,
                    "granted": iso(granted),
                    "expires": iso(expires),
                    "last_used": iso(last_used),
                }
            )
    record: Record = {
        "id": op_id,
        "name": word,
        "body": lead,
        "opened": iso(opened),
        "status": "closed" if closed else "open",
        "threats": threats,
        "activity": activity,
        "disruptions": disruptions,
    }
    if closed is not None:
        record["closed"] = iso(closed)
    if authorities:
        record["covert_authorities"] = authorities
    return record


# Written out by hand: what the review team should find.
_PLANTED: tuple[Record, ...] = (
    {
        # Intelligence support to the Northern Ireland organised crime task force
        # against paramilitary criminality: justified, but linked to no national threat.
        "id": UNLINKED_OPERATION,
        "name": "Tarnbrook",
        "body": "nca-organised-crime",
        "opened": "2017-06-12",
        "status": "open",
        "threats": [],
        "activity": [
            {
                "date": "2017-07-03",
                "kind": "intelligence",
                "note": "Intelligence support to the Northern Ireland Organised Crime Task Force.",
            },
            {
                "date": "2018-03-20",
                "kind": "intelligence",
                "note": "Financial profiles of paramilitary-linked businesses shared with PSNI.",
            },
        ],
    },
    {
        # Nothing recorded since October 2017.
        "id": INACTIVE_OPERATION,
        "name": "Halvergate",
        "body": "rocu-yorkshire-and-the-humber",
        "opened": "2017-03-06",
        "status": "open",
        "threats": ["organised-acquisitive-crime"],
        "activity": [
            {"date": "2017-04-11", "kind": "search", "note": "Search of a vehicle breaker's yard."},
            {
                "date": "2017-10-24",
                "kind": "intelligence",
                "note": "Stolen plant traced to a port of export.",
            },
        ],
        "disruptions": [
            {
                "id": f"{INACTIVE_OPERATION}.disruption-1",
                "date": "2017-05-19",
                "level": "minor",
                "threats": ["organised-acquisitive-crime"],
                "outcomes": {"arrests": 2},
            },
        ],
    },
    {
        "id": IDLE_AUTHORITY_OPERATION,
        "name": "Wenlock",
        "body": "nca-organised-crime",
        "opened": "2017-08-01",
        "status": "open",
        "threats": ["firearms", "firearms-importation"],
        "activity": [
            {"date": "2017-09-14", "kind": "seizure", "note": "Parcel of pistol parts seized."},
            {"date": "2018-03-07", "kind": "arrest", "note": "Arrest of the parcel's recipient."},
        ],
        "covert_authorities": [
            {
                "id": f"{IDLE_AUTHORITY_OPERATION}.authority-1",
                "kind": "directed surveillance",
                "granted": "2018-01-08",
                "expires": "2018-04-07",
                "last_used": "2018-03-06",
            },
            # Granted in October and never used since.
            {
                "id": f"{IDLE_AUTHORITY_OPERATION}.authority-2",
                "kind": "CHIS use and conduct",
                "granted": "2017-10-02",
                "expires": "2018-10-01",
            },
        ],
        "disruptions": [
            {
                "id": f"{IDLE_AUTHORITY_OPERATION}.disruption-1",
                "date": "2018-03-07",
                "level": "moderate",
                "threats": ["firearms"],
                "note": "Supply route for pistol parts closed.",
                "outcomes": {"arrests": 1, "charges": 1, "firearms": 3},
            },
        ],
    },
)


def operations() -> list[Record]:
    rng = seeded("demo.operations")
    generated = [_generated(word, rng) for word in _CODE_WORDS]
    return [*_PLANTED, *generated]


# (id, subject, from, kind, submitted, route, threats, status, decided)
_REFERRALS: tuple[tuple[str, str, str, str, str, str, tuple[str, ...], str, str | None], ...] = (
    (
        "ref-2017-001",
        "Adoption of a firearms supply investigation spanning three regions",
        "rocu-north-west",
        "adoption",
        "2017-05-02",
        "ntig",
        ("firearms",),
        "declined",
        "2017-07-05",
    ),
    (
        "ref-2017-002",
        "Specialist support to a labour exploitation investigation",
        "rocu-eastern",
        "support",
        "2017-06-08",
        "nttcg",
        ("modern-slavery-and-human-trafficking",),
        "accepted",
        "2017-07-19",
    ),
    (
        "ref-2017-003",
        "Cell-site analysis for a county lines investigation",
        "rocu-wales",
        "support",
        "2017-06-20",
        "rocc",
        ("county-lines",),
        "accepted",
        "2017-06-28",
    ),
    (
        "ref-2017-004",
        "Adoption of a people smuggling network investigation",
        "rocu-south-east",
        "adoption",
        "2017-08-14",
        "itg",
        ("organised-immigration-crime",),
        "accepted",
        "2017-08-23",
    ),
    (
        "ref-2017-005",
        "Armed response support for an imminent firearms handover",
        "rocu-west-midlands",
        "support",
        "2017-09-04",
        "urgent",
        ("firearms",),
        "accepted",
        "2017-09-04",
    ),
    (
        "ref-2017-006",
        "Technical support to a ransomware investigation",
        "rocu-yorkshire-and-the-humber",
        "support",
        "2017-10-09",
        "rocc",
        ("cyber-crime",),
        "accepted",
        "2017-10-18",
    ),
    (
        "ref-2017-007",
        "Intelligence support on a deal line crossing two regions",
        "rocu-south-west",
        "support",
        "2017-11-13",
        "rocc",
        ("county-lines",),
        "accepted",
        "2017-11-22",
    ),
    (
        "ref-2017-008",
        "Adoption of a money laundering investigation into a solicitor",
        "rocu-east-midlands",
        "adoption",
        "2017-12-04",
        "itg",
        ("high-end-money-laundering",),
        "declined",
        "2017-12-13",
    ),
    (
        "ref-2018-001",
        "Victim identification support in an online abuse case",
        "rocu-north-west",
        "support",
        "2018-01-15",
        "itg",
        ("child-sexual-exploitation-and-abuse",),
        "accepted",
        "2018-01-24",
    ),
    (
        "ref-2018-002",
        "Urgent surveillance support on a firearms supplier",
        "rocu-eastern",
        "support",
        "2018-02-05",
        "urgent",
        ("firearms",),
        "accepted",
        "2018-02-06",
    ),
    (
        STALE_REFERRAL,
        "Adoption of a trafficking investigation with victims in four regions",
        "rocu-south-east",
        "adoption",
        "2018-02-26",
        "itg",
        ("modern-slavery-and-human-trafficking",),
        "submitted",
        None,
    ),
    (
        "ref-2018-004",
        "Forensic accountancy support to a drugs investigation",
        "rocu-wales",
        "support",
        "2018-03-12",
        "rocc",
        ("drugs",),
        "accepted",
        "2018-03-21",
    ),
    (
        "ref-2018-005",
        "Support to a county lines intensification week",
        "rocu-west-midlands",
        "support",
        "2018-03-26",
        "rocc",
        ("county-lines",),
        "submitted",
        None,
    ),
    (
        "ref-2018-006",
        "Support to a vehicle crime investigation",
        "force-kent",
        "support",
        "2018-03-08",
        "rocc",
        ("organised-acquisitive-crime",),
        "withdrawn",
        "2018-03-15",
    ),
)


def referrals() -> list[Record]:
    records = []
    for ref_id, subject, from_body, kind, submitted, route, threats, status, decided in _REFERRALS:
        record: Record = {
            "id": ref_id,
            "subject": subject,
            "from_body": from_body,
            "kind": kind,
            "submitted": submitted,
            "route": route,
            "threats": list(threats),
            "status": status,
        }
        if decided is not None:
            record["decided"] = decided
        records.append(record)
    return records
