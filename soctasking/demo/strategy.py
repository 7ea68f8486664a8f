"""The demo's national control strategy and the local priorities of every body.

The control strategy repeats the three problems the inspection found in the
2017 one: organised acquisitive crime left out although the assessment and
the requirement carry it; a vulnerability reworded ("criminal use of
technology") that the assessment never mentions; and priority levels that
do not match the adopted national priorities (high-end money laundering in
a band), with the expected response left implicit for cyber crime. Local
priorities follow the inspection's description: the firearms threat where
forces meet firearms, six of nine regional units with all six national
priorities, and county lines a priority for eight of them.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from soctasking.demo.catalogue import (
    ASSESSED_VULNERABILITIES,
    FORCE_IDS,
    PRIORITY_THREATS,
    ROCU_IDS,
)
from soctasking.demo.intelligence import NSA_2017, NSA_2017_THREATS
from soctasking.demo.timeline import YEAR_END, YEAR_START, meeting_id, period, seeded

Record = dict[str, Any]

CONTROL_STRATEGY = "cs-2017"
OMITTED_THREAT = "organised-acquisitive-crime"
REWORDED_VULNERABILITY = "criminal-use-of-internet-technology"
UNSOURCED_VULNERABILITY = "criminal-use-of-technology"
BANDED_PRIORITY = "high-end-money-laundering"
IMPLICIT_PRIORITY = "cyber-crime"
# The tactical group approved the strategy at its May 2017 sitting (inspection).
_APPROVED_AT = date(2017, 5, 17)

_BANDS = {
    "drugs": "band_1",
    "county-lines": "band_1",
    "class-a-importation": "band_1",
    BANDED_PRIORITY: "band_1",
    "money-laundering": "band_2",
    "fraud": "band_2",
    "bribery-corruption-and-sanctions-evasion": "band_2",
}

_RESPONSES: dict[str, Record] = {
    "child-sexual-exploitation-and-abuse": {
        "intelligence": "Identify the highest-harm offenders online and overseas.",
        "prevention": "Educate children and parents about online grooming.",
        "enforcement": "Arrest and prosecute contact and online offenders; safeguard victims.",
    },
    "modern-slavery-and-human-trafficking": {
        "intelligence": "Map the networks recruiting and moving victims.",
        "prevention": "Work with labour providers and online platforms to deny exploitation.",
        "enforcement": "Disrupt controllers and recover victims; pursue their assets.",
    },
    "organised-immigration-crime": {
        "intelligence": "Identify facilitators upstream in source and transit countries.",
        "prevention": "Harden freight and general maritime routes.",
        "enforcement": "Dismantle facilitation networks and prosecute organisers.",
    },
    "firearms": {
        "intelligence": "Trace every recovered weapon to its source within 24 hours.",
        "prevention": "Close conversion workshops and the supply of antique firearms.",
        "enforcement": "Seize weapons and ammunition and prosecute suppliers.",
    },
    # Cyber crime's expected response is left implicit: only enforcement is written down.
    IMPLICIT_PRIORITY: {"enforcement": "Pursue the groups behind the most harmful attacks."},
}


def _level(threat: str) -> str:
    if threat in PRIORITY_THREATS and threat != BANDED_PRIORITY:
        return "priority"
    return _BANDS.get(threat, "band_3" if threat in NSA_2017_THREATS else "listed")


def control_strategies() -> list[Record]:
    """The national control strategy the tactical group approved in May 2017."""
    entries: list[Record] = []
    for threat in NSA_2017_THREATS:
        if threat == OMITTED_THREAT:
            continue
        entry: Record = {"threat": threat, "level": _level(threat)}
        if threat in _RESPONSES:
            entry["response"] = _RESPONSES[threat]
        entries.append(entry)
    for vulnerability in ASSESSED_VULNERABILITIES:
        if vulnerability == REWORDED_VULNERABILITY:
            entries.append({"threat": UNSOURCED_VULNERABILITY, "level": "listed"})
        else:
            entries.append({"threat": vulnerability, "level": "listed"})
    return [
        {
            "id": CONTROL_STRATEGY,
            "based_on": NSA_2017,
            "status": "approved",
            "approved_by": meeting_id("nttcg", _APPROVED_AT),
            "entries": entries,
        }
    ]


# Forces that meet firearms criminality most, which the inspection names as
# having adopted the firearms priority; Wiltshire, which rarely meets it, has not.
_FIREARMS_FORCES = frozenset(
    {
        "force-metropolitan",
        "force-greater-manchester",
        "force-west-yorkshire",
        "force-merseyside",
        "force-west-midlands",
    }
)
_NO_FIREARMS = frozenset({"force-wiltshire"})
_PORT_FORCES = frozenset(
    {
        "force-kent",
        "force-sussex",
        "force-hampshire",
        "force-essex",
        "force-humberside",
        "force-suffolk",
    }
)
# Forces whose police and crime plans name county lines in their own words.
_COUNTY_LINES_IN_WORDS = frozenset(
    {"force-devon-and-cornwall", "force-norfolk", "force-cumbria", "force-dyfed-powys"}
)

# Regional units that adopted five of the six national priorities, and the one missing.
_ROCU_GAPS = {
    "rocu-south-west": BANDED_PRIORITY,
    "rocu-wales": BANDED_PRIORITY,
    "rocu-north-east": "organised-immigration-crime",
}
#: The one regional unit without county lines among its priorities.
_ROCU_WITHOUT_COUNTY_LINES = "rocu-north-east"

_NATIONAL_PRIORITIES: dict[str, tuple[str, ...]] = {
    "nca": (*PRIORITY_THREATS, "drugs", "county-lines", "money-laundering", "fraud"),
    # Cyber and modern slavery featured in its control strategy; the others did not.
    "british-transport-police": (
        "cyber-crime",
        "modern-slavery-and-human-trafficking",
        "county-lines",
    ),
    "border-force": (
        "child-sexual-exploitation-and-abuse",
        "modern-slavery-and-human-trafficking",
        "organised-immigration-crime",
        "firearms",
        "class-a-importation",
    ),
    "immigration-enforcement": (
        "organised-immigration-crime",
        "modern-slavery-and-human-trafficking",
        "child-sexual-exploitation-and-abuse",
    ),
    "hmrc": ("money-laundering", "fraud-public-sector"),
    "glaa": (
        "modern-slavery-and-human-trafficking",
        "msht-labour-exploitation",
        "organised-immigration-crime",
    ),
    "police-scotland": (*PRIORITY_THREATS, "drugs"),
    "psni": PRIORITY_THREATS,
}


def _entries(threats: list[str], themes: list[str] | None = None) -> list[Record]:
    return [{"threat": threat} for threat in threats] + [{"theme": theme} for theme in themes or []]


def _force_priorities(force: str, rng: random.Random) -> list[Record]:
    threats: list[str] = []
    if rng.random() < 0.95:
        threats.append("child-sexual-exploitation-and-abuse")
    if rng.random() < 0.85:
        threats.append("modern-slavery-and-human-trafficking")
    if force in _PORT_FORCES or rng.random() < 0.15:
        threats.append("organised-immigration-crime")
    if force in {"force-metropolitan", "force-city-of-london"}:
        threats.append("high-end-money-laundering")
    if force in _FIREARMS_FORCES or (force not in _NO_FIREARMS and rng.random() < 0.35):
        threats.append("firearms")
    if rng.random() < 0.6:
        threats.append("cyber-crime")
    if rng.random() < 0.9:
        threats.append("drugs")
    themes: list[str] = []
    if force in _COUNTY_LINES_IN_WORDS:
        themes.append("county lines")
    elif rng.random() < 0.5:
        threats.append("county-lines")
    if rng.random() < 0.5:
        threats.append("organised-acquisitive-crime")
    if force == "force-city-of-london":
        threats.append("fraud")
    return _entries(threats, themes)


def local_priorities() -> list[Record]:
    """What each force, regional unit and national body adopted for 2017-18."""
    rng = seeded("demo.local_priorities")
    year = period(YEAR_START, YEAR_END)
    records: list[Record] = [
        {
            "id": f"lp-{force}-2017",
            "body": force,
            "period": year,
            "source": "police_and_crime_plan",
            "priorities": _force_priorities(force, rng),
        }
        for force in FORCE_IDS
    ]
    for rocu in ROCU_IDS:
        threats = [t for t in PRIORITY_THREATS if t != _ROCU_GAPS.get(rocu)]
        threats.append("drugs")
        if rocu != _ROCU_WITHOUT_COUNTY_LINES:
            threats.append("county-lines")
        records.append(
            {
                "id": f"lp-{rocu}-2017",
                "body": rocu,
                "period": year,
                "source": "control_strategy",
                "priorities": _entries(threats),
            }
        )
    for body, adopted in _NATIONAL_PRIORITIES.items():
        records.append(
            {
                "id": f"lp-{body}-2017",
                "body": body,
                "period": year,
                "source": "control_strategy",
                "priorities": _entries(list(adopted)),
            }
        )
    return records
