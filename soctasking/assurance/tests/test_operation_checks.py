from __future__ import annotations

from datetime import date

import pytest

from soctasking.assurance.selectors import findings_run
from soctasking.testing.factories import (
    ActivityFactory,
    CovertAuthorityFactory,
    DisruptionFactory,
    OperationFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 6, 30)


def flagged(code: str, as_of: date = AS_OF) -> dict[str, dict]:
    return {f.subject_id: f.to_json() for f in findings_run(as_of=as_of, codes=[code])}


def test_an_open_operation_with_no_threat_is_flagged_as_unlinked():
    OperationFactory(id="op-17", name="Nightjar", opened=date(2017, 1, 5))
    OperationFactory(id="op-18", name="Linked", threats=[ThreatFactory(id="drugs")])

    found = flagged("OPS001")

    assert list(found) == ["op-17"]
    assert found["op-17"]["message"] == "Operation Nightjar (op-17) is open with no threat linked"
    assert found["op-17"]["subject"] == {"type": "operation", "id": "op-17"}
    assert found["op-17"]["severity"] == "medium"
    assert found["op-17"]["evidence"]["opened"] == "2017-01-05"


def test_operations_not_open_on_the_date_are_not_flagged_as_unlinked():
    OperationFactory(id="closed-before", status="closed", closed=date(2017, 6, 1))
    OperationFactory(id="not-yet-opened", opened=date(2017, 7, 1))
    OperationFactory(id="suspended", status="suspended")
    OperationFactory(id="closed-later", status="closed", closed=date(2017, 7, 10))
    OperationFactory(id="opened-on-the-day", opened=AS_OF)

    assert sorted(flagged("OPS001")) == ["closed-later", "opened-on-the-day"]


def test_an_operation_opened_over_the_inactive_days_with_nothing_recorded_is_inactive():
    OperationFactory(id="ninety-one-days", opened=date(2017, 3, 31))
    OperationFactory(id="ninety-days", opened=date(2017, 4, 1))

    found = flagged("OPS002")

    assert list(found) == ["ninety-one-days"]
    assert found["ninety-one-days"]["evidence"]["last_activity"] is None
    assert found["ninety-one-days"]["evidence"]["inactive_days"] == 90
    assert "no activity or disruption in the last 90 days" in found["ninety-one-days"]["message"]


def test_activity_exactly_inactive_days_ago_keeps_an_operation_active():
    on_boundary = OperationFactory(id="on-boundary", opened=date(2016, 1, 1))
    ActivityFactory(operation=on_boundary, date=date(2017, 4, 1))
    day_before = OperationFactory(id="day-before", opened=date(2016, 1, 1))
    ActivityFactory(operation=day_before, date=date(2017, 3, 31))

    found = flagged("OPS002")

    assert list(found) == ["day-before"]
    assert found["day-before"]["evidence"]["last_activity"] == "2017-03-31"


def test_a_recent_disruption_counts_as_activity_but_one_after_the_date_does_not():
    disrupted = OperationFactory(id="disrupted", opened=date(2016, 1, 1))
    DisruptionFactory(operation=disrupted, date=date(2017, 5, 1))
    later = OperationFactory(id="later", opened=date(2016, 1, 1))
    ActivityFactory(operation=later, date=date(2017, 7, 5))
    DisruptionFactory(operation=later, date=date(2017, 7, 5))

    found = flagged("OPS002")

    assert list(found) == ["later"]
    assert found["later"]["evidence"]["last_disruption"] is None


def test_a_closed_operation_is_never_inactive():
    OperationFactory(id="closed", opened=date(2016, 1, 1), status="closed", closed=date(2017, 1, 1))

    assert flagged("OPS002") == {}


def test_a_covert_authority_granted_over_unused_days_ago_and_never_used_is_flagged():
    operation = OperationFactory(id="op-1", name="Kestrel")
    CovertAuthorityFactory(id="ca-31", operation=operation, granted=date(2017, 5, 30))
    CovertAuthorityFactory(
        id="ca-30", operation=OperationFactory(id="op-2"), granted=date(2017, 5, 31)
    )

    found = flagged("OPS003")

    assert list(found) == ["op-1"]
    assert found["op-1"]["severity"] == "high"
    assert [a["id"] for a in found["op-1"]["evidence"]["authorities"]] == ["ca-31"]
    assert "ca-31 (directed_surveillance, granted 2017-05-30)" in found["op-1"]["message"]


def test_an_authority_expiring_on_the_date_is_still_unexpired_but_an_expired_one_is_not():
    CovertAuthorityFactory(
        operation=OperationFactory(id="expires-today"), granted=date(2017, 1, 1), expires=AS_OF
    )
    CovertAuthorityFactory(
        operation=OperationFactory(id="expired"),
        granted=date(2017, 1, 1),
        expires=date(2017, 6, 29),
    )

    assert list(flagged("OPS003")) == ["expires-today"]


def test_an_authority_used_since_its_grant_is_not_flagged_but_one_used_only_before_is():
    CovertAuthorityFactory(
        operation=OperationFactory(id="used"),
        granted=date(2017, 1, 10),
        last_used=date(2017, 6, 1),
    )
    CovertAuthorityFactory(
        operation=OperationFactory(id="used-before-grant"),
        granted=date(2017, 1, 10),
        last_used=date(2017, 1, 9),
    )

    found = flagged("OPS003")

    assert list(found) == ["used-before-grant"]
    assert found["used-before-grant"]["evidence"]["authorities"][0]["last_used"] == "2017-01-09"


def test_two_unused_authorities_of_one_operation_make_one_finding():
    operation = OperationFactory(id="op-1")
    CovertAuthorityFactory(id="ca-a", operation=operation, granted=date(2017, 1, 10))
    CovertAuthorityFactory(id="ca-b", operation=operation, granted=date(2017, 2, 10))

    findings = findings_run(as_of=AS_OF, codes=["OPS003"])

    assert len(findings) == 1
    assert [a["id"] for a in findings[0].evidence["authorities"]] == ["ca-a", "ca-b"]
    assert "holds 2 covert authorities" in findings[0].message
