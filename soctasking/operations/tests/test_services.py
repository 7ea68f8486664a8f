"""Recording operations, activity, authorities and disruptions; closing them in bulk."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from soctasking.audit.models import AuditEvent
from soctasking.operations.models import Disruption, Operation
from soctasking.operations.services import (
    Outcomes,
    activity_record,
    covert_authority_grant,
    covert_authority_use_record,
    disruption_record,
    operation_open,
    operations_close,
)
from soctasking.testing.factories import (
    CovertAuthorityFactory,
    DisruptionFactory,
    OperationFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

OPENED = date(2017, 1, 1)


@pytest.fixture
def nightjar(rocu):
    ThreatFactory(id="drugs")
    return OperationFactory(id="op-nightjar", name="Nightjar", body=rocu, opened=OPENED)


def test_a_contributor_opens_an_operation_their_body_leads_and_it_is_audited(contributor):
    ThreatFactory(id="drugs")

    operation = operation_open(
        acting_user=contributor,
        id="op-kestrel",
        name="Kestrel",
        body=contributor.body_id,
        opened=OPENED,
        threats=["drugs"],
    )

    assert [t.pk for t in operation.threats.all()] == ["drugs"]
    assert AuditEvent.objects.filter(record_id="op-kestrel", action="open").exists()


def test_a_contributor_may_not_open_one_another_body_leads(contributor, other_force):
    with pytest.raises(ValidationError) as refused:
        operation_open(
            acting_user=contributor,
            id="op-kestrel",
            name="Kestrel",
            body=other_force.pk,
            opened=OPENED,
            threats=[],
        )

    assert refused.value.message_dict == {
        "body": ["You may record only operations your own body leads."]
    }


def test_activity_before_the_operation_opened_is_refused_on_its_date(analyst, nightjar):
    with pytest.raises(ValidationError) as refused:
        activity_record(
            acting_user=analyst, operation_id=nightjar.pk, date=date(2016, 12, 31), kind="search"
        )

    assert refused.value.message_dict == {
        "date": ["The activity is dated before the operation opened (2017-01-01)."]
    }


def test_activity_is_logged_in_order(analyst, nightjar):
    activity_record(acting_user=analyst, operation_id=nightjar.pk, date=OPENED, kind="search")
    activity_record(acting_user=analyst, operation_id=nightjar.pk, date=OPENED, kind="arrest")

    assert [a.kind for a in nightjar.activity.all()] == ["search", "arrest"]


def test_each_use_of_an_authority_is_kept_and_the_latest_is_its_last_use(analyst, nightjar):
    authority = covert_authority_grant(
        acting_user=analyst,
        operation_id=nightjar.pk,
        kind="directed_surveillance",
        granted=date(2017, 2, 1),
        expires=date(2017, 8, 1),
    )

    covert_authority_use_record(
        acting_user=analyst, authority_id=authority.pk, date=date(2017, 3, 5)
    )
    covert_authority_use_record(
        acting_user=analyst, authority_id=authority.pk, date=date(2017, 2, 9)
    )

    authority.refresh_from_db()
    assert authority.last_used == date(2017, 3, 5)
    assert [use.date for use in authority.uses.all()] == [date(2017, 2, 9), date(2017, 3, 5)]


def test_a_use_outside_the_authority_s_life_is_refused(analyst, nightjar):
    authority = CovertAuthorityFactory(
        operation=nightjar, granted=date(2017, 2, 1), expires=date(2017, 3, 1)
    )

    with pytest.raises(ValidationError) as early:
        covert_authority_use_record(
            acting_user=analyst, authority_id=authority.pk, date=date(2017, 1, 5)
        )
    with pytest.raises(ValidationError) as late:
        covert_authority_use_record(
            acting_user=analyst, authority_id=authority.pk, date=date(2017, 3, 2)
        )

    assert list(early.value.message_dict) == list(late.value.message_dict) == ["date"]
    assert not authority.uses.exists()


def test_a_disruption_is_recorded_with_its_outcomes_threats_and_an_id_of_its_own(analyst, nightjar):
    disruption = disruption_record(
        acting_user=analyst,
        operation_id=nightjar.pk,
        date=date(2017, 5, 1),
        level="major",
        threats=["drugs"],
        outcomes=Outcomes(arrests=4, charges=3, convictions=3, drugs_kg=12.5, cash_gbp=0),
    )

    assert disruption.pk == "op-nightjar-disruption-1"
    assert (disruption.charges, disruption.convictions, disruption.drugs_kg) == (3, 3, 12.5)
    assert AuditEvent.objects.filter(record_id=nightjar.pk, action="record_disruption").exists()


def test_an_inconsistent_return_names_each_field_and_stores_nothing(analyst, nightjar):
    with pytest.raises(ValidationError) as refused:
        disruption_record(
            acting_user=analyst,
            operation_id=nightjar.pk,
            date=date(2016, 6, 1),
            level="huge",
            threats=["drugs", "nothing"],
            outcomes=Outcomes(charges=2, convictions=5, drugs_kg=-1.0, firearms=-2),
        )

    assert refused.value.message_dict == {
        "date": ["The disruption is dated before its operation opened (2017-01-01)."],
        "level": ["Choose major, moderate or minor."],
        "threats": ["No threat has the id 'nothing'."],
        "drugs_kg": ["Drugs seized (kg) cannot be negative; enter 0 or more."],
        "firearms": ["Firearms seized cannot be negative; enter 0 or more."],
        "convictions": ["Convictions (5) cannot be more than charges (2)."],
    }
    assert not Disruption.objects.exists()


@pytest.mark.parametrize(
    "outcome",
    [{"convictions": 3, "charges": 2}, {"drugs_kg": -0.5}, {"cash_gbp": -1}],
    ids=["convictions-above-charges", "negative-drugs", "negative-cash"],
)
def test_the_database_refuses_an_inconsistent_return_written_around_the_service(nightjar, outcome):
    with pytest.raises(IntegrityError), transaction.atomic():
        DisruptionFactory(operation=nightjar, **outcome)


def test_a_reviewer_closes_operations_at_once_with_a_reason_each_audited(analyst, rocu):
    first = OperationFactory(body=rocu)
    second = OperationFactory(body=rocu)

    operations_close(
        acting_user=analyst,
        operation_ids=[first.pk, second.pk],
        reason="No activity for a year",
        closed_on=date(2017, 9, 30),
    )

    for operation in (first, second):
        operation.refresh_from_db()
        assert (operation.status, operation.closed, operation.closure_reason) == (
            "closed",
            date(2017, 9, 30),
            "No activity for a year",
        )
        event = AuditEvent.objects.get(record_id=operation.pk, action="close")
        assert event.detail["reason"] == "No activity for a year"


def test_closing_one_that_is_not_open_refuses_them_all(analyst, rocu):
    open_one = OperationFactory(body=rocu)
    closed = OperationFactory(body=rocu, status="closed", closed=date(2017, 2, 1))

    with pytest.raises(ValidationError) as refused:
        operations_close(
            acting_user=analyst,
            operation_ids=[open_one.pk, closed.pk],
            reason="Unproductive",
            closed_on=date(2017, 9, 30),
        )

    assert refused.value.message_dict == {
        "operations": [f"{closed.name} ({closed.pk}) is not open."]
    }
    open_one.refresh_from_db()
    assert open_one.status == "open"


def test_a_close_needs_a_reason(analyst, nightjar):
    with pytest.raises(ValidationError) as refused:
        operations_close(
            acting_user=analyst,
            operation_ids=[nightjar.pk],
            reason=" ",
            closed_on=date(2017, 9, 30),
        )

    assert list(refused.value.message_dict) == ["reason"]


@pytest.mark.parametrize("persona", ["contributor", "inspector", "chair"])
def test_only_the_review_team_closes_operations(request, persona, nightjar):
    with pytest.raises(PermissionDenied):
        operations_close(
            acting_user=request.getfixturevalue(persona),
            operation_ids=[nightjar.pk],
            reason="Unproductive",
            closed_on=date(2017, 9, 30),
        )
    assert Operation.objects.get(pk=nightjar.pk).status == "open"
