from __future__ import annotations

from datetime import date, timedelta

import pytest

from soctasking.assurance.metrics import UnknownMetricError, metrics_compute
from soctasking.meetings.selectors import current_priority_threats
from soctasking.testing.factories import (
    BodyFactory,
    DecisionFactory,
    DisruptionFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OperationFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 6, 30)


def decide(kind, on, status, threats, series):
    decision = DecisionFactory(
        kind=kind, meeting=MeetingFactory(series=series, date=on, status=status)
    )
    decision.threats.set(threats)


@pytest.fixture
def picture():
    """Priorities: fraud from 15 January, drugs and firearms from 20 April 2017.

    A cancelled meeting (1 June) and a scheduled one (10 June) would have
    made cyber the priority, and a collection priority (10 May) names cyber
    too: none of those counts.
    """
    drugs = ThreatFactory(id="drugs")
    county_lines = ThreatFactory(id="county-lines", kind="sub_threat", parent=drugs)
    firearms = ThreatFactory(id="firearms")
    fraud = ThreatFactory(id="fraud")
    cyber = ThreatFactory(id="cyber")
    nstcg = MeetingSeriesFactory(kind="nstcg")
    nttcg = MeetingSeriesFactory(kind="nttcg")
    decide("adopt_priority_threats", date(2017, 1, 15), "held", [fraud], nstcg)
    decide("adopt_priority_threats", date(2017, 4, 20), "held", [drugs, firearms], nstcg)
    decide("collection_priority", date(2017, 5, 10), "held", [cyber], nttcg)
    decide("adopt_priority_threats", date(2017, 6, 1), "cancelled", [cyber], nstcg)
    decide("adopt_priority_threats", date(2017, 6, 10), "scheduled", [cyber], nstcg)

    OperationFactory(id="op-a", opened=date(2017, 2, 1), threats=[county_lines])
    OperationFactory(id="op-b", opened=date(2017, 1, 1), threats=[firearms, fraud])
    OperationFactory(id="op-c", opened=date(2017, 3, 1), threats=[cyber])
    OperationFactory(id="op-d", opened=date(2017, 5, 1))
    OperationFactory(
        id="op-e",
        opened=date(2017, 1, 1),
        status="closed",
        closed=date(2017, 6, 15),
        threats=[drugs],
    )
    OperationFactory(id="op-f", opened=date(2017, 7, 5), threats=[drugs])


def test_current_priority_threats_come_from_the_latest_held_adoption(picture):
    assert current_priority_threats(as_of=date(2017, 1, 14)) == set()
    assert current_priority_threats(as_of=date(2017, 1, 15)) == {"fraud"}
    assert current_priority_threats(as_of=date(2017, 4, 19)) == {"fraud"}
    assert current_priority_threats(as_of=date(2017, 4, 20)) == {"drugs", "firearms"}
    assert current_priority_threats(as_of=AS_OF) == {"drugs", "firearms"}


def test_priority_activity_share_counts_open_operations_on_priority_threats(picture):
    share = metrics_compute(as_of=AS_OF)["priority_activity_share"]

    # Open on 30 June: a (county lines, a sub-threat of drugs), b (firearms),
    # c (cyber, only a collection priority), d (no threat). e closed on 15 June.
    assert share["as_of"] == "2017-06-30"
    assert share["open_operations"] == 4
    assert share["on_priority"] == 2
    assert share["share"] == 0.5
    assert share["priority_threats"] == ["drugs", "firearms"]


def test_priority_activity_share_month_by_month_uses_each_month_ends_picture(picture):
    monthly = metrics_compute(as_of=AS_OF)["priority_activity_share"]["monthly"]

    assert [m["month"] for m in monthly] == [
        "2016-07", "2016-08", "2016-09", "2016-10", "2016-11", "2016-12",
        "2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06",
    ]  # fmt: skip
    points = [(m["open_operations"], m["on_priority"], m["share"]) for m in monthly]
    assert points[:6] == [(0, 0, None)] * 6
    assert points[6:] == [
        (2, 1, 0.5),  # January: b on fraud; e on drugs, not yet a priority
        (3, 1, 0.3333),  # February: a opens, county lines not yet a priority
        (4, 1, 0.25),  # March: c opens
        (4, 3, 0.75),  # April: drugs and firearms adopted; a, b, e count
        (5, 3, 0.6),  # May: d opens; the collection priority on cyber does not count
        (4, 2, 0.5),  # June: e closed; the cancelled meeting's cyber does not count
    ]


def test_the_current_month_point_is_the_as_of_date_not_the_month_end(picture):
    share = metrics_compute(as_of=date(2017, 6, 12))["priority_activity_share"]

    # On 12 June e is still open: a, b, c, d, e with a, b, e on priority.
    assert (share["open_operations"], share["on_priority"]) == (5, 3)
    assert share["monthly"][-1] == {
        "month": "2017-06",
        "open_operations": 5,
        "on_priority": 3,
        "share": 0.6,
    }


def test_share_is_null_with_no_open_operations():
    share = metrics_compute(as_of=AS_OF)["priority_activity_share"]

    assert share["open_operations"] == 0
    assert share["share"] is None
    assert share["priority_threats"] == []


def test_an_unknown_metric_is_refused_by_name():
    with pytest.raises(UnknownMetricError, match="unknown metric nope"):
        metrics_compute(as_of=AS_OF, names=["nope"])


def adopt(body, *threats, start=date(2017, 4, 1), end=date(2018, 3, 31)):
    plan = LocalPriorityFactory(body=body, period_start=start, period_end=end)
    for threat in threats:
        LocalPriorityEntryFactory(local_priority=plan, threat=threat)


def test_adoption_counts_forces_and_rocus_naming_each_priority_or_a_sub_threat_of_it(picture):
    drugs = ThreatFactory(id="drugs")
    county_lines = ThreatFactory(id="county-lines")
    firearms = ThreatFactory(id="firearms")
    kent = BodyFactory(id="kent", kind="police_force")
    essex = BodyFactory(id="essex", kind="police_force")
    BodyFactory(id="surrey", kind="police_force")
    north_west = BodyFactory(id="rocu-nw", kind="rocu")
    border_force = BodyFactory(id="border-force", kind="law_enforcement_agency")
    adopt(kent, county_lines)  # a sub-threat of drugs
    adopt(essex, drugs, firearms)
    adopt(north_west, firearms)
    adopt(border_force, firearms)  # neither a force nor a ROCU
    adopt(BodyFactory(id="lapsed", kind="police_force"), drugs, end=date(2017, 5, 31))
    LocalPriorityEntryFactory(local_priority=LocalPriorityFactory(body=None), threat=drugs)

    adoption = metrics_compute(as_of=AS_OF, names=["adoption"])["adoption"]

    # Forces: kent, essex, surrey, lapsed, and the picture's operation bodies.
    assert adoption["rocus"] == 1
    assert adoption["priority_threats"] == ["drugs", "firearms"]
    assert [
        (row["threat"], row["police_forces"], row["rocus"], row["bodies"])
        for row in adoption["by_threat"]
    ] == [
        ("drugs", 2, 0, ["essex", "kent"]),
        ("firearms", 1, 1, ["essex", "rocu-nw"]),
    ]


def test_adoption_reads_the_local_priorities_in_force_on_the_date(picture):
    drugs = ThreatFactory(id="drugs")
    adopt(BodyFactory(id="kent", kind="police_force"), drugs, start=date(2017, 7, 1))
    adopt(BodyFactory(id="essex", kind="police_force"), drugs, start=None, end=None)

    adoption = metrics_compute(as_of=AS_OF, names=["adoption"])["adoption"]

    assert adoption["by_threat"][0]["bodies"] == ["essex"]


def test_adoption_with_no_priorities_counts_nothing():
    BodyFactory(id="kent", kind="police_force")

    adoption = metrics_compute(as_of=AS_OF, names=["adoption"])["adoption"]

    assert adoption == {
        "as_of": "2017-06-30",
        "police_forces": 1,
        "rocus": 0,
        "priority_threats": [],
        "by_threat": [],
    }


def test_timetable_counts_the_current_requirements_rows_by_status_body_kind_and_body():
    requirement = RequirementFactory(id="nir-2017")
    kent = BodyFactory(id="kent", name="Kent Police", kind="police_force")
    north_west = BodyFactory(id="rocu-nw", name="North West ROCU", kind="rocu")
    nac = BodyFactory(id="nac", kind="national_unit")

    def row(body, due):
        TimetableRowFactory(requirement=requirement, body=body, due=due,
                            window_start=due - timedelta(days=30), deliver_to=nac)  # fmt: skip

    def sent(body, on):
        SubmissionFactory(
            body=body, kind="tactical_assessment", received_by=nac, received=f"{on}T12:00Z"
        )

    row(kent, date(2017, 4, 15))  # on time
    sent(kent, date(2017, 4, 14))
    row(north_west, date(2017, 4, 20))  # late
    sent(north_west, date(2017, 4, 25))
    row(north_west, date(2017, 6, 20))  # missing
    row(kent, date(2017, 7, 15))  # still due
    TimetableRowFactory(requirement=RequirementFactory(id="nir-2016",
        period_start=date(2016, 4, 1), period_end=date(2017, 3, 31)), body=kent,
        due=date(2016, 7, 15), deliver_to=nac)  # fmt: skip

    timetable = metrics_compute(as_of=AS_OF, names=["timetable"])["timetable"]

    assert timetable["requirement"] == "nir-2017"
    assert timetable["rows"] == {"on_time": 1, "late": 1, "missing": 1, "due": 1}
    assert timetable["by_body_kind"] == [
        {"kind": "police_force", "on_time": 1, "late": 0, "missing": 0, "due": 1},
        {"kind": "rocu", "on_time": 0, "late": 1, "missing": 1, "due": 0},
    ]
    assert [(row["body"], row["missing"], row["late"]) for row in timetable["by_body"]] == [
        ("rocu-nw", 1, 1),
        ("kent", 0, 0),
    ]


def test_timetable_with_no_current_requirement_is_empty():
    RequirementFactory(period_start=date(2018, 4, 1), period_end=date(2019, 3, 31))

    timetable = metrics_compute(as_of=AS_OF, names=["timetable"])["timetable"]

    assert timetable["requirement"] is None
    assert timetable["rows"] == {"on_time": 0, "late": 0, "missing": 0, "due": 0}
    assert timetable["by_body"] == []


def test_disruptions_are_counted_by_level_threat_and_quarter_with_outcomes_summed():
    drugs = ThreatFactory(id="drugs", name="Drugs")
    firearms = ThreatFactory(id="firearms", name="Firearms")
    first = DisruptionFactory(date=date(2017, 2, 10), level="major", arrests=3, charges=2,
                              drugs_kg=1.25, cash_gbp=1000.5)  # fmt: skip
    first.threats.set([drugs, firearms])
    second = DisruptionFactory(date=date(2017, 3, 31), level="minor", arrests=1, drugs_kg=0.5)
    second.threats.set([drugs])
    DisruptionFactory(date=date(2017, 4, 1), level="minor", firearms=2)
    DisruptionFactory(date=date(2017, 7, 1), level="major", arrests=50)  # after the date

    disruptions = metrics_compute(as_of=AS_OF, names=["disruptions"])["disruptions"]

    assert disruptions["total"] == 3
    assert disruptions["outcomes"] == {
        "arrests": 4, "charges": 2, "convictions": None, "drugs_kg": 1.75,
        "firearms": 2, "cash_gbp": 1000.5, "assets_denied_gbp": None,
    }  # fmt: skip
    assert [(row["level"], row["count"]) for row in disruptions["by_level"]] == [
        ("major", 1),
        ("moderate", 0),
        ("minor", 2),
    ]
    assert disruptions["by_level"][1]["outcomes"]["arrests"] is None
    by_threat = [(row["threat"], row["count"], row["outcomes"]["arrests"])
                 for row in disruptions["by_threat"]]  # fmt: skip
    assert by_threat == [("drugs", 2, 4), ("firearms", 1, 3)]
    assert [(row["quarter"], row["count"]) for row in disruptions["by_quarter"]] == [
        ("2017-Q1", 2),
        ("2017-Q2", 1),
    ]
    assert disruptions["by_quarter"][0]["outcomes"]["drugs_kg"] == 1.75
