from __future__ import annotations

from datetime import date

import pytest

from soctasking.assurance.metrics import UnknownMetricError, metrics_compute
from soctasking.meetings.selectors import current_priority_threats
from soctasking.testing.factories import (
    DecisionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OperationFactory,
    ThreatFactory,
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
