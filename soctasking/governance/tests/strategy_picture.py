"""The picture the control strategy tests draft from: an approved national strategic assessment
with threats, a sub-threat and a vulnerability; an NSTCG that made drugs the national priority;
and NTTCG sittings held, scheduled and cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from soctasking.assurance.tests.records import built
from soctasking.exchange.models import BundleLoad
from soctasking.intelligence.models import Assessment
from soctasking.meetings.models import Meeting
from soctasking.testing.factories import (
    AssessmentFactory,
    DecisionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ThreatFactory,
)

AS_OF = date(2017, 12, 31)
COMPLETE = {
    "response_intelligence": "Map the county lines networks.",
    "response_prevention": "Safeguard the children they exploit.",
    "response_enforcement": "Dismantle the lines and arrest their holders.",
}


@dataclass
class StrategyPicture:
    assessment: Assessment
    nttcg_held: Meeting
    nttcg_scheduled: Meeting
    nttcg_cancelled: Meeting
    nsig_held: Meeting


def strategy_picture(*, loaded_as_of: bool = True) -> StrategyPicture:
    """The picture; with ``loaded_as_of`` a loaded bundle dates it 31 December 2017."""
    if loaded_as_of:
        BundleLoad.objects.create(sha256="0" * 64, size_bytes=1, as_of=AS_OF)
    drugs = ThreatFactory(id="drugs", name="Drugs")
    firearms = ThreatFactory(id="firearms", name="Firearms")
    cannabis = ThreatFactory(id="cannabis", name="Cannabis", kind="sub_threat", parent=drugs)
    technology = ThreatFactory(id="technology", name="Technology", kind="vulnerability")
    ThreatFactory(id="cyber-crime", name="Cyber crime")
    nsa = AssessmentFactory(
        id="nsa-2017", title="National strategic assessment 2017", issued=date(2017, 3, 1)
    )
    nsa.threats.set([drugs, firearms, cannabis])
    nsa.vulnerabilities.set([technology])
    nstcg = MeetingSeriesFactory(id="nstcg", name="National strategic group", kind="nstcg")
    adoption = DecisionFactory(
        meeting=MeetingFactory(id="nstcg-2017-04-10", series=nstcg, date=date(2017, 4, 10)),
        kind="adopt_priority_threats",
    )
    adoption.threats.set([drugs])
    nttcg = MeetingSeriesFactory(id="nttcg", name="National tactical group", kind="nttcg")
    nsig = MeetingSeriesFactory(id="nsig", name="Strategic intelligence group", kind="nsig")

    def meeting(**fields: object) -> Meeting:
        return built(MeetingFactory(**fields), Meeting)

    return StrategyPicture(
        assessment=built(nsa, Assessment),
        nttcg_held=meeting(id="nttcg-2017-06-14", series=nttcg, date=date(2017, 6, 14)),
        nttcg_scheduled=meeting(
            id="nttcg-2018-01-17", series=nttcg, date=date(2018, 1, 17), status="scheduled"
        ),
        nttcg_cancelled=meeting(
            id="nttcg-2017-09-13", series=nttcg, date=date(2017, 9, 13), status="cancelled"
        ),
        nsig_held=meeting(id="nsig-2017-05-02", series=nsig, date=date(2017, 5, 2)),
    )
