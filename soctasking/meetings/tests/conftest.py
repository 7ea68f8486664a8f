"""A small strategic meeting cycle for the meetings pages and API, and the real browser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from soctasking.testing.browser import browser, page, seeded_rows
from soctasking.testing.factories import (
    ActionFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ThreatFactory,
)

__all__ = ["browser", "cycle", "page", "seeded_rows"]


@dataclass
class Cycle:
    nstcg: Any
    nsig: Any
    meeting: Any


@pytest.fixture
def cycle(db: None) -> Cycle:
    """The NSTCG of 4 October 2017, whose NSIG sat a week too late: two members attended, the
    City of London did not; it made county lines a collection priority and adopted firearms as
    the national priority; one action is long overdue."""
    nca = BodyFactory(id="nca", name="National Crime Agency", kind="national_agency")
    kent = BodyFactory(id="force-kent", name="Kent Police")
    city = BodyFactory(id="force-city-of-london", name="City of London Police")
    btp = BodyFactory(id="british-transport-police", name="British Transport Police")
    nstcg = MeetingSeriesFactory(
        id="nstcg",
        name="National strategic tasking and coordination group",
        kind="nstcg",
        cadence="six_monthly",
        chair=nca,
    )
    nstcg.members.set([nca, kent, city])
    nstcg.expected_members.set([city, btp])
    nsig = MeetingSeriesFactory(
        id="nsig",
        name="National strategic intelligence group",
        kind="nsig",
        cadence="six_monthly",
        chair=nca,
        precedes=nstcg,
        precedes_window_days=42,
        precedes_min_lead_days=7,
    )
    nsig.members.set([nca])
    meeting = MeetingFactory(id="nstcg-2017-10-04", series=nstcg, date=date(2017, 10, 4))
    meeting.attended.set([nca, kent])
    MeetingFactory(id="nstcg-2018-03-21", series=nstcg, date=date(2018, 3, 21), status="scheduled")
    MeetingFactory(id="nsig-2017-10-11", series=nsig, date=date(2017, 10, 11)).attended.set([nca])
    collection = DecisionFactory(
        id="nstcg-2017-10-04.decision-1",
        meeting=meeting,
        kind="collection_priority",
        text="County lines is a priority for intelligence collection.",
    )
    collection.threats.set([ThreatFactory(id="county-lines", name="County lines")])
    adoption = DecisionFactory(
        id="nstcg-2017-10-04.decision-2",
        meeting=meeting,
        kind="adopt_priority_threats",
        text="Firearms is the national priority threat.",
        rationale="The chair's summary.",
    )
    adoption.threats.set([ThreatFactory(id="firearms", name="Firearms")])
    ActionFactory(
        id="nstcg-2017-10-04.action-1",
        meeting=meeting,
        owner=kent,
        text="Report on rail hubs.",
        due=date(2017, 11, 30),
    )
    return Cycle(nstcg=nstcg, nsig=nsig, meeting=meeting)
