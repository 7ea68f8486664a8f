"""What the national meetings decided and allocated, and the evaluation the NSIG considered.

The March 2017 NSTCG adopted the six national priority threats on the
chair's summary, with no evaluation and no NSIG to recommend them; the
March 2018 NSTCG adopted them on the NSIG's recommendation and a MoRiLE
evaluation of the draft 2018 assessment, in which the case against cyber
crime was never written down. The July 2017 NTTCG's action to circulate
guidance on referrals is still open (see ``soctasking.demo.planted``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from soctasking.demo.catalogue import NATIONAL_THREATS, PRIORITY_THREATS
from soctasking.demo.intelligence import NSA_2018_DRAFT
from soctasking.demo.timeline import iso, meeting_id

Record = dict[str, Any]

EVALUATION = "eval-2018-02"
PRIORITY_ADOPTION = meeting_id("nstcg", date(2018, 3, 21))
UNEVALUATED_ADOPTION = meeting_id("nstcg", date(2017, 3, 22))


def action(
    meeting: str,
    number: int,
    owner: str,
    text: str,
    due: date,
    *,
    completed: date | None = None,
    threats: Iterable[str] = (),
) -> Record:
    """An action a meeting allocated: done if it has a completion date, otherwise open."""
    record: Record = {
        "id": f"{meeting}.action-{number}",
        "owner": owner,
        "text": text,
        "due": iso(due),
        "status": "done" if completed is not None else "open",
    }
    if completed is not None:
        record["completed"] = iso(completed)
    if threats:
        record["threats"] = list(threats)
    return record


DECISIONS: dict[str, list[Record]] = {
    UNEVALUATED_ADOPTION: [
        {
            "id": f"{UNEVALUATED_ADOPTION}.decision-1",
            "kind": "approve_assessment",
            "text": "The national strategic assessment 2017 is approved, with county lines "
            "inserted after contributors' feedback.",
        },
        {
            "id": f"{UNEVALUATED_ADOPTION}.decision-2",
            "kind": "adopt_national_threats",
            "threats": list(NATIONAL_THREATS),
            "text": "The threats of the national strategic assessment 2017 are the national "
            "threats.",
        },
        # Adopted on the chair's summary: the NSIG that should have evaluated them was
        # cancelled, and no evaluation is recorded (PRI001).
        {
            "id": f"{UNEVALUATED_ADOPTION}.decision-3",
            "kind": "adopt_priority_threats",
            "threats": list(PRIORITY_THREATS),
            "text": "The six national priority threats are adopted for the next six months.",
            "rationale": "Summary by the chair; most were priorities in the preceding six months.",
        },
    ],
    meeting_id("nstcg", date(2017, 10, 4)): [
        {
            "id": "nstcg-2017-10-04.decision-1",
            "kind": "collection_priority",
            "threats": ["county-lines"],
            "text": "County lines is made a priority for intelligence collection. It is not a "
            "national priority threat.",
        },
    ],
    meeting_id("nsig", date(2018, 2, 21)): [
        {
            "id": "nsig-2018-02-21.decision-1",
            "kind": "other",
            "threats": list(PRIORITY_THREATS),
            "evaluation": EVALUATION,
            "text": "The group recommends to the NSTCG the six threats ranked highest by the "
            "MoRiLE evaluation as national priority threats.",
        },
    ],
    PRIORITY_ADOPTION: [
        {
            "id": f"{PRIORITY_ADOPTION}.decision-1",
            "kind": "adopt_priority_threats",
            "threats": list(PRIORITY_THREATS),
            "evaluation": EVALUATION,
            "recommended_by": meeting_id("nsig", date(2018, 2, 21)),
            "text": "The six national priority threats are adopted from today.",
            "rationale": "As recommended by the NSIG on the MoRiLE evaluation of the draft "
            "national strategic assessment 2018.",
        },
        {
            "id": f"{PRIORITY_ADOPTION}.decision-2",
            "kind": "other",
            "text": "Approval of the draft national strategic assessment 2018 is deferred to "
            "the next sitting while contributors' feedback is considered.",
        },
    ],
    meeting_id("nttcg", date(2017, 5, 17)): [
        {
            "id": "nttcg-2017-05-17.decision-1",
            "kind": "approve_control_strategy",
            "text": "The national control strategy 2017 is approved, with the internet "
            "technology vulnerability broadened to the criminal use of technology.",
        },
    ],
    meeting_id("nttcg", date(2017, 7, 19)): [
        {
            "id": "nttcg-2017-07-19.decision-1",
            "kind": "other",
            "text": "Requests for NCA support or adoption go to the regional organised crime "
            "coordinator for the ITG, or in urgent cases straight to the head of tasking; "
            "not to the NTIG.",
        },
    ],
}

ACTIONS: dict[str, list[Record]] = {
    UNEVALUATED_ADOPTION: [
        action(
            UNEVALUATED_ADOPTION,
            1,
            "nca",
            "NTTCG to review and approve the national control strategy.",
            date(2017, 5, 31),
            completed=date(2017, 5, 17),
        ),
    ],
    "nstcg-2017-10-04": [
        action(
            "nstcg-2017-10-04",
            1,
            "nca-nac",
            "Consult contributors on a submission "
            "timetable for bodies other than the regional units.",
            date(2018, 3, 31),
            completed=date(2018, 3, 14),
        ),
        action(
            "nstcg-2017-10-04",
            2,
            "nca-nac",
            "Design a clear process to evaluate and "
            "prioritise the threats of the national strategic assessment.",
            date(2018, 2, 28),
            completed=date(2018, 2, 14),
        ),
    ],
    PRIORITY_ADOPTION: [
        action(
            PRIORITY_ADOPTION,
            1,
            "nca-nac",
            "Revise the draft national strategic "
            "assessment 2018 in the light of contributors' feedback.",
            date(2018, 4, 30),
        ),
        action(
            PRIORITY_ADOPTION,
            2,
            "force-city-of-london",
            "Nominate a representative to "
            "attend the NSTCG and the other national tasking meetings.",
            date(2018, 4, 30),
        ),
    ],
    "nttcg-2017-02-15": [
        action(
            "nttcg-2017-02-15",
            1,
            "nca-nac",
            "Bring the draft national strategic assessment 2017 to the NSTCG in March.",
            date(2017, 3, 22),
            completed=date(2017, 3, 22),
        ),
    ],
    "nttcg-2017-07-19": [
        action(
            "nttcg-2017-07-19",
            1,
            "nca-msht-unit",
            "Take down websites advertising victims of modern slavery.",
            date(2017, 10, 18),
            completed=date(2017, 10, 9),
            threats=["modern-slavery-and-human-trafficking"],
        ),
        action(
            "nttcg-2017-07-19",
            2,
            "rocu-west-midlands",
            "Identify the controllers behind the websites the NCA takes down.",
            date(2017, 10, 18),
            completed=date(2017, 10, 16),
            threats=["modern-slavery-and-human-trafficking"],
        ),
        # Still open six months after it fell due (MTG005).
        action(
            "nttcg-2017-07-19",
            3,
            "nca-tasking",
            "Circulate guidance on the regional "
            "organised crime coordinators and how regions refer work to the NCA.",
            date(2017, 9, 30),
        ),
    ],
    "nttcg-2017-10-18": [
        action(
            "nttcg-2017-10-18",
            1,
            "nca",
            "Arrange routine progress reports from every strategic action plan to this group.",
            date(2018, 1, 17),
            completed=date(2018, 1, 10),
        ),
        action(
            "nttcg-2017-10-18",
            2,
            "force-city-of-london",
            "Establish the private sector fraud group and confirm it meets the needs of its plan.",
            date(2018, 4, 30),
            threats=["fraud-private-sector"],
        ),
    ],
    "nttcg-2018-01-17": [
        action(
            "nttcg-2018-01-17",
            1,
            "nca-organised-crime",
            "Share converted-weapon intelligence with every region within 24 hours of recovery.",
            date(2018, 3, 16),
            completed=date(2018, 3, 12),
            threats=["firearms"],
        ),
        action(
            "nttcg-2018-01-17",
            2,
            "british-transport-police",
            "Run a joint operation at rail hubs against county lines runners with three regions.",
            date(2018, 4, 30),
            threats=["county-lines"],
        ),
    ],
    "ntig-2018-01-03": [
        action(
            "ntig-2018-01-03",
            1,
            "nca-rocc",
            "Resolve with the North East ROCU why no assessment has come since January 2017.",
            date(2018, 2, 28),
            completed=date(2018, 2, 20),
        ),
    ],
}


class _Score(NamedTuple):
    """One threat's line in the MoRiLE evaluation; confidence is a percentage."""

    threat: str
    harm: float
    likelihood: float
    confidence: int
    capacity: int
    capability: int
    recommendation: str
    arguments_for: tuple[str, ...]
    arguments_against: tuple[str, ...]


# The MoRiLE evaluation of the 2018 draft; risk is harm times likelihood.
_SCORES: tuple[_Score, ...] = (
    _Score(
        "child-sexual-exploitation-and-abuse",
        5.0,
        4.8,
        85,
        3,
        3,
        "priority",
        ("Severe, lasting harm to children; scale growing online.",),
        ("Response led by safeguarding partners as much as by law enforcement.",),
    ),
    _Score(
        "modern-slavery-and-human-trafficking",
        4.6,
        4.5,
        70,
        2,
        3,
        "priority",
        ("Victims hidden in legitimate work in every region.",),
        ("Intelligence picture still immature; recording varies between forces.",),
    ),
    _Score(
        "firearms",
        4.8,
        4.0,
        80,
        3,
        4,
        "priority",
        ("Discharges concentrated where gangs supply drugs.",),
        ("Numbers of discharges broadly stable.",),
    ),
    _Score(
        "organised-immigration-crime",
        4.2,
        4.4,
        75,
        3,
        3,
        "priority",
        ("Clandestine entry endangers life; networks also traffic victims.",),
        ("Much of the network is beyond UK jurisdiction.",),
    ),
    _Score(
        "high-end-money-laundering",
        4.0,
        4.3,
        55,
        2,
        2,
        "priority",
        ("Enables all other threats; UK a destination for corrupt wealth.",),
        ("Few regional units have the capability to investigate it.",),
    ),
    # The case for cyber crime was put; the case against was never recorded (PRI002).
    _Score(
        "cyber-crime",
        4.1,
        4.2,
        65,
        2,
        2,
        "priority",
        ("Tier one risk in the national security risk assessment.",),
        (),
    ),
    _Score(
        "drugs",
        4.3,
        3.8,
        80,
        4,
        4,
        "national_threat",
        ("Drives county lines violence and exploitation.",),
        ("Largely tackled locally; already within every force's priorities.",),
    ),
    _Score(
        "fraud",
        3.6,
        4.6,
        60,
        2,
        2,
        "national_threat",
        ("Most commonly experienced crime in England and Wales.",),
        ("Response fragmented between agencies.",),
    ),
    _Score(
        "money-laundering",
        3.5,
        4.2,
        60,
        3,
        3,
        "national_threat",
        ("Cash-based laundering supports street-level supply.",),
        ("High-end laundering carries the greater harm.",),
    ),
    _Score(
        "bribery-corruption-and-sanctions-evasion",
        3.2,
        3.0,
        45,
        2,
        2,
        "national_threat",
        ("Undermines confidence in UK institutions.",),
        ("Low volume of cases.",),
    ),
    _Score(
        "organised-acquisitive-crime",
        2.8,
        3.4,
        70,
        4,
        4,
        "monitor",
        ("Vehicle and plant theft rising in rural forces.",),
        ("Well handled by forces and regions without national coordination.",),
    ),
)


def evaluations() -> list[Record]:
    """The MoRiLE evaluation the NSIG considered in February 2018."""
    ranked = sorted(_SCORES, key=lambda score: -score.harm * score.likelihood)
    scores = []
    for rank, line in enumerate(ranked, start=1):
        score: Record = {
            "threat": line.threat,
            "dimensions": {
                "harm": line.harm,
                "likelihood": line.likelihood,
                "confidence": line.confidence,
                "capacity": line.capacity,
                "capability": line.capability,
            },
            "total": round(line.harm * line.likelihood, 2),
            "rank": rank,
            "arguments_for": list(line.arguments_for),
            "recommendation": line.recommendation,
        }
        if line.arguments_against:
            score["arguments_against"] = list(line.arguments_against)
        scores.append(score)
    return [
        {
            "id": EVALUATION,
            "assessment": NSA_2018_DRAFT,
            "method": "morile",
            "date": "2018-02-14",
            "meeting": meeting_id("nsig", date(2018, 2, 21)),
            "scores": scores,
        }
    ]
