"""Time-limited access to compartments: requests, decisions, grants, and what the gate shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from soctasking.accounts.gate import can_see, filter_visible, user_compartments
from soctasking.accounts.models import (
    AccessRequestStatus,
    Compartment,
    CompartmentAccessRequest,
    CompartmentGrant,
    Role,
    User,
)
from soctasking.accounts.selectors import (
    access_requests_awaiting,
    compartment_grants_of,
    compartments_requestable,
)
from soctasking.accounts.services import (
    access_grant_revoke,
    access_request_create,
    access_request_decide,
    access_request_withdraw,
)
from soctasking.audit.models import AuditEvent
from soctasking.intelligence.models import Submission
from soctasking.testing.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Corroborating source reporting for operation Nightjar"


@pytest.fixture
def chis() -> Compartment:
    return Compartment.objects.get(code="chis")


@pytest.fixture
def chis_report() -> Submission:
    return SubmissionFactory(id="chis-report", classification="secret", compartments=["chis"])


@pytest.fixture
def chis_chair(national_unit) -> User:
    return UserFactory(
        username="chloe",
        body=national_unit,
        role=Role.CHAIR,
        clearance="secret",
        compartments=["chis"],
    )


@pytest.fixture
def new_administrator(national_unit) -> User:
    return UserFactory(
        username="alan", body=national_unit, role=Role.ADMINISTRATOR, clearance="secret"
    )


def visible_ids(user: User, **kwargs) -> list[str]:
    return list(
        filter_visible(user=user, queryset=Submission.objects.all(), **kwargs).values_list(
            "id", flat=True
        )
    )


def fresh(user: User) -> User:
    """The user as the next request would load them, with nothing cached."""
    return User.objects.get(pk=user.pk)


def request_chis(user: User, chis: Compartment, *, days: int = 7) -> CompartmentAccessRequest:
    return access_request_create(requester=user, compartment=chis, reason=REASON, days=days)


def test_a_chis_report_is_visible_from_approval_until_expiry(
    analyst, administrator, chis, chis_report
):
    access_request = request_chis(analyst, chis, days=7)
    assert visible_ids(analyst) == []

    decided = access_request_decide(request=access_request, authoriser=administrator, approve=True)

    grant = decided.grant
    assert grant.expires - grant.starts == timedelta(days=7)
    assert visible_ids(analyst) == ["chis-report"]
    assert can_see(user=fresh(analyst), classification="secret", compartments=["chis"])
    last_moment = grant.expires - timedelta(microseconds=1)
    assert visible_ids(analyst, now=last_moment) == ["chis-report"]
    assert visible_ids(analyst, now=grant.expires) == []
    assert not can_see(
        user=fresh(analyst), classification="secret", compartments=["chis"], now=grant.expires
    )


def test_a_grant_lapses_by_the_clock_alone(analyst, administrator, chis, chis_report, monkeypatch):
    access_request = request_chis(analyst, chis, days=1)
    access_request_decide(request=access_request, authoriser=administrator, approve=True)
    cached = fresh(analyst)
    assert "chis" in user_compartments(cached)
    later = timezone.now() + timedelta(days=1, seconds=1)

    monkeypatch.setattr(timezone, "now", lambda: later)

    assert visible_ids(analyst) == []
    # The holdings read earlier in the request are judged against the clock again.
    assert "chis" not in user_compartments(cached)


def test_a_grant_not_yet_started_shows_nothing(analyst, administrator, chis, chis_report):
    starts = timezone.now() + timedelta(hours=1)
    CompartmentGrant.objects.create(
        user=analyst,
        compartment=chis,
        granted_by=administrator,
        starts=starts,
        expires=starts + timedelta(days=1),
    )
    assert visible_ids(analyst) == []
    assert visible_ids(analyst, now=starts) == ["chis-report"]


def test_a_refused_request_grants_nothing(analyst, administrator, chis, chis_report):
    access_request = request_chis(analyst, chis)

    decided = access_request_decide(
        request=access_request, authoriser=administrator, approve=False, note="Not needed"
    )

    assert decided.status == AccessRequestStatus.REFUSED
    assert decided.decision_note == "Not needed"
    assert not CompartmentGrant.objects.exists()
    assert visible_ids(analyst) == []


def test_a_revoked_grant_stops_at_once(analyst, administrator, chis, chis_report):
    decided = access_request_decide(
        request=request_chis(analyst, chis), authoriser=administrator, approve=True
    )

    access_grant_revoke(grant=decided.grant, acting_user=administrator)

    assert visible_ids(analyst) == []
    assert not can_see(user=fresh(analyst), classification="secret", compartments=["chis"])


def test_nobody_may_approve_their_own_request(new_administrator, administrator):
    interception = Compartment.objects.get(code="interception")
    access_request = access_request_create(
        requester=new_administrator, compartment=interception, reason=REASON, days=3
    )
    # Holding it permanently since makes them an authoriser of it, but not of this.
    new_administrator.compartments.add(interception)

    with pytest.raises(PermissionDenied, match="own request"):
        access_request_decide(request=access_request, authoriser=new_administrator, approve=True)

    assert access_requests_awaiting(authoriser=new_administrator).count() == 0
    assert list(access_requests_awaiting(authoriser=administrator)) == [access_request]


def test_the_database_refuses_a_self_decided_request(analyst, chis):
    access_request = request_chis(analyst, chis)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompartmentAccessRequest.objects.filter(pk=access_request.pk).update(
            status=AccessRequestStatus.APPROVED, decided_by=analyst, decided_at=timezone.now()
        )


def test_a_chair_may_authorise_only_where_configured(analyst, chis, chis_chair, chair):
    access_request = request_chis(analyst, chis)

    with pytest.raises(PermissionDenied, match="chis"):
        access_request_decide(request=access_request, authoriser=chis_chair, approve=True)
    assert access_requests_awaiting(authoriser=chis_chair).count() == 0

    Compartment.objects.filter(code="chis").update(chairs_may_authorise=True)
    # A chair not holding the compartment still may not pass it on.
    assert access_requests_awaiting(authoriser=chair).count() == 0
    with pytest.raises(PermissionDenied):
        access_request_decide(request=access_request, authoriser=chair, approve=True)

    decided = access_request_decide(request=access_request, authoriser=chis_chair, approve=True)
    assert decided.status == AccessRequestStatus.APPROVED


@pytest.mark.parametrize("persona", ["secretariat", "inspector", "contributor", "chis_analyst"])
def test_other_roles_may_not_authorise(request, persona, analyst, chis):
    access_request = request_chis(analyst, chis)
    authoriser = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        access_request_decide(request=access_request, authoriser=authoriser, approve=True)
    assert access_requests_awaiting(authoriser=authoriser).count() == 0


def test_a_duplicate_open_request_is_refused_naming_the_field(analyst, chis):
    request_chis(analyst, chis)

    with pytest.raises(ValidationError) as refused:
        request_chis(analyst, chis)

    assert list(refused.value.message_dict) == ["compartment"]
    assert "awaiting decision" in refused.value.message_dict["compartment"][0]
    assert CompartmentAccessRequest.objects.count() == 1


def test_the_database_refuses_a_second_open_request(analyst, chis):
    first = request_chis(analyst, chis)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompartmentAccessRequest.objects.create(
            requester=analyst, compartment=chis, reason=REASON, days=1, created=first.created
        )


def test_a_new_request_may_follow_a_closed_one(analyst, administrator, chis):
    access_request_decide(
        request=request_chis(analyst, chis), authoriser=administrator, approve=False
    )
    assert request_chis(analyst, chis).status == AccessRequestStatus.REQUESTED


def test_a_compartment_already_held_cannot_be_requested(chis_analyst, analyst, administrator, chis):
    with pytest.raises(ValidationError) as held:
        request_chis(chis_analyst, chis)
    assert "already hold" in held.value.message_dict["compartment"][0]

    access_request_decide(
        request=request_chis(analyst, chis), authoriser=administrator, approve=True
    )
    with pytest.raises(ValidationError):
        request_chis(fresh(analyst), chis)
    assert chis not in compartments_requestable(user=analyst)


@pytest.mark.parametrize("reason", ["", "   ", "need it", "......................", "x y z 1 2 3"])
def test_a_reason_must_say_what_the_access_is_for(analyst, chis, reason):
    with pytest.raises(ValidationError) as refused:
        access_request_create(requester=analyst, compartment=chis, reason=reason, days=5)
    assert list(refused.value.message_dict) == ["reason"]


@pytest.mark.parametrize("days", [0, -1, 91])
def test_the_days_must_be_from_one_to_ninety(analyst, chis, days):
    with pytest.raises(ValidationError) as refused:
        request_chis(analyst, chis, days=days)
    assert list(refused.value.message_dict) == ["days"]


def test_the_database_refuses_a_grant_ending_before_it_starts(analyst, administrator, chis):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        CompartmentGrant.objects.create(
            user=analyst, compartment=chis, granted_by=administrator, starts=now, expires=now
        )


def test_a_decided_request_cannot_be_decided_again(analyst, administrator, chis):
    access_request = request_chis(analyst, chis)
    access_request_decide(request=access_request, authoriser=administrator, approve=False)

    with pytest.raises(ValidationError) as closed:
        access_request_decide(request=access_request, authoriser=administrator, approve=True)

    assert "already refused" in closed.value.message_dict["status"][0]
    assert not CompartmentGrant.objects.exists()


def test_only_the_requester_may_withdraw(analyst, administrator, chis):
    access_request = request_chis(analyst, chis)
    with pytest.raises(PermissionDenied):
        access_request_withdraw(request=access_request, acting_user=administrator)

    withdrawn = access_request_withdraw(request=access_request, acting_user=analyst)

    assert withdrawn.status == AccessRequestStatus.WITHDRAWN
    assert access_requests_awaiting(authoriser=administrator).count() == 0


def test_a_holder_may_give_up_a_grant_but_others_may_not_revoke_it(
    analyst, administrator, secretariat, chis
):
    grant = access_request_decide(
        request=request_chis(analyst, chis), authoriser=administrator, approve=True
    ).grant
    with pytest.raises(PermissionDenied):
        access_grant_revoke(grant=grant, acting_user=secretariat)

    access_grant_revoke(grant=grant, acting_user=analyst)

    assert compartment_grants_of(user=analyst, current_only=True).count() == 0


def test_every_request_decision_and_revocation_is_audited(analyst, administrator, chis):
    access_request = request_chis(analyst, chis)
    grant = access_request_decide(
        request=access_request, authoriser=administrator, approve=True, note="For Nightjar"
    ).grant
    access_grant_revoke(grant=grant, acting_user=administrator)
    refused = request_chis(analyst, chis)
    access_request_decide(request=refused, authoriser=administrator, approve=False)
    withdrawn = request_chis(analyst, chis)
    access_request_withdraw(request=withdrawn, acting_user=analyst)

    events = [
        (e.actor_name, e.action, e.record_type, e.record_id)
        for e in AuditEvent.objects.filter(
            record_type__in=["access_request", "compartment_grant"]
        ).order_by("sequence")
    ]
    assert events == [
        ("alice", "create", "access_request", str(access_request.pk)),
        ("ada", "create", "compartment_grant", str(grant.pk)),
        ("ada", "approve", "access_request", str(access_request.pk)),
        ("ada", "revoke", "compartment_grant", str(grant.pk)),
        ("alice", "create", "access_request", str(refused.pk)),
        ("ada", "refuse", "access_request", str(refused.pk)),
        ("alice", "create", "access_request", str(withdrawn.pk)),
        ("alice", "withdraw", "access_request", str(withdrawn.pk)),
    ]
    created = AuditEvent.objects.get(
        record_type="access_request", action="create", record_id=str(access_request.pk)
    )
    assert created.detail == {
        "requester": "alice",
        "compartment": "chis",
        "days": 7,
        "reason": REASON,
    }
    approval = AuditEvent.objects.get(action="approve")
    assert approval.detail["note"] == "For Nightjar"
    assert approval.detail["expires"] == grant.expires.isoformat()


def test_a_refused_service_call_records_nothing(analyst, chis):
    with pytest.raises(ValidationError):
        access_request_create(requester=analyst, compartment=chis, reason="", days=5)
    assert not AuditEvent.objects.filter(record_type="access_request").exists()
