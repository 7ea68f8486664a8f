"""The findings kept between views: right after every audited change, and only run again then."""

from __future__ import annotations

from datetime import date

import pytest

from soctasking.assurance.selectors import findings_current, findings_run
from soctasking.assurance.services import threshold_set
from soctasking.audit.services import audit_record
from soctasking.testing.factories import OperationFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 6, 30)


def subjects(code: str) -> list[str]:
    return [finding.subject_id for finding in findings_current(as_of=AS_OF, codes=[code])]


def test_the_findings_kept_are_those_a_run_of_every_check_gives():
    OperationFactory(id="op-unlinked", opened=date(2017, 1, 5))
    OperationFactory(id="op-old", opened=date(2016, 1, 5))

    assert findings_current(as_of=AS_OF) == findings_run(as_of=AS_OF)


def test_the_checks_are_not_run_again_while_the_trail_records_no_change(
    django_assert_max_num_queries,
):
    OperationFactory(id="op-unlinked", opened=date(2017, 1, 5))
    assert subjects("OPS001") == ["op-unlinked"]
    # Written by a factory, past the trail: the kept findings cannot know of it.
    OperationFactory(id="op-unseen", opened=date(2017, 1, 6))

    with django_assert_max_num_queries(2):
        kept = subjects("OPS001")

    assert kept == ["op-unlinked"]


def test_an_audited_change_to_the_picture_brings_the_findings_up_to_date():
    OperationFactory(id="op-unlinked", opened=date(2017, 1, 5))
    assert subjects("OPS001") == ["op-unlinked"]
    OperationFactory(id="op-also-unlinked", opened=date(2017, 1, 6))

    audit_record(actor=None, action="create", record_type="operation", record_id="op-also")

    assert subjects("OPS001") == ["op-also-unlinked", "op-unlinked"]


def test_a_read_on_the_trail_keeps_the_findings():
    OperationFactory(id="op-unlinked", opened=date(2017, 1, 5))
    assert subjects("OPS001") == ["op-unlinked"]
    OperationFactory(id="op-unseen", opened=date(2017, 1, 6))

    audit_record(actor=None, action="read", record_type="submission", record_id="s-1")

    assert subjects("OPS001") == ["op-unlinked"]


def test_a_new_threshold_is_applied_at_once(administrator):
    OperationFactory(id="op-quiet", opened=date(2017, 3, 1))
    assert subjects("OPS002") == ["op-quiet"]

    threshold_set(code="OPS002", parameter="inactive_days", value=200, acting_user=administrator)

    assert subjects("OPS002") == []


def test_findings_on_another_date_are_worked_out_for_that_date():
    OperationFactory(id="op-later", opened=date(2017, 6, 1))

    assert subjects("OPS001") == ["op-later"]
    assert [f.subject_id for f in findings_current(as_of=date(2017, 5, 1), codes=["OPS001"])] == []
