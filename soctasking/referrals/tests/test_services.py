"""The referrals workflow's services: refer, route, own, decide, withdraw; refused whole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from soctasking.audit.models import AuditEvent
from soctasking.referrals.models import Referral, ReferralEvent, ReferralStatus
from soctasking.referrals.selectors import (
    ServiceLevel,
    referral_timer,
    referrals_queue,
    referrals_visible_to,
)
from soctasking.referrals.services import (
    referral_assign,
    referral_decide,
    referral_route,
    referral_submit,
    referral_withdraw,
)
from soctasking.testing.factories import ReferralFactory, ThreatFactory

pytestmark = pytest.mark.django_db

LEVEL = ServiceLevel(referral_days=14, urgent_days=2)


def refer(user, **overrides):
    answers = {
        "id": "nw-2027-001",
        "subject": "Firearms supply into Merseyside",
        "kind": "support",
        "detail": "We need national covert surveillance for four weeks.",
        "urgent": False,
        "threats": [],
    }
    return referral_submit(acting_user=user, **{**answers, **overrides})


def test_a_rocu_refers_to_its_regional_coordinator_and_the_step_is_recorded(contributor):
    ThreatFactory(id="firearms")

    referral = refer(contributor, threats=["firearms"])

    assert referral.route == "rocc"
    assert referral.status == "submitted"
    assert referral.from_body_id == "rocu-north-west"
    assert referral.submitted == timezone.localdate()
    assert list(referral.threats.values_list("pk", flat=True)) == ["firearms"]
    assert [e.kind for e in ReferralEvent.objects.filter(referral=referral)] == ["submitted"]
    event = AuditEvent.objects.get(record_type="referral", record_id="nw-2027-001")
    assert (event.action, event.actor_name) == ("create", "bob")


def test_an_urgent_referral_goes_straight_to_the_head_of_tasking(contributor):
    assert refer(contributor, urgent=True).route == "urgent"


def test_bad_input_is_refused_naming_every_field_and_nothing_is_stored(contributor):
    with pytest.raises(ValidationError) as refused:
        refer(contributor, id="Bad Id", subject="", kind="favour", detail="x" * 4001, threats=["x"])

    assert set(refused.value.message_dict) == {"id", "subject", "kind", "detail", "threats"}
    assert refused.value.message_dict["detail"] == [
        "What is needed and why must be 4000 characters or fewer; this has 4001."
    ]
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(record_type="referral").exists()


def test_only_a_regional_unit_refers(analyst, outsider, inspector):
    for user in (analyst, outsider, inspector):
        with pytest.raises(PermissionDenied):
            refer(user)
    assert not Referral.objects.exists()


def test_the_coordinator_sends_it_to_the_itg_but_never_to_a_quarterly_group(
    contributor, secretariat
):
    refer(contributor)

    with pytest.raises(ValidationError) as refused:
        referral_route(acting_user=secretariat, referral_id="nw-2027-001", route="ntig", note="")
    routed = referral_route(
        acting_user=secretariat, referral_id="nw-2027-001", route="itg", note="For Thursday's ITG"
    )

    assert "quarterly groups sit too seldom" in refused.value.message_dict["route"][0]
    assert routed.route == "itg"
    assert [(e.kind, e.note) for e in routed.events.all()] == [
        ("submitted", ""),
        ("routed", "For Thursday's ITG"),
    ]


def test_a_contributor_cannot_route_own_or_decide(contributor):
    refer(contributor)
    with pytest.raises(PermissionDenied):
        referral_route(acting_user=contributor, referral_id="nw-2027-001", route="itg", note="")
    with pytest.raises(PermissionDenied):
        referral_assign(acting_user=contributor, referral_id="nw-2027-001", owner="bob")
    with pytest.raises(PermissionDenied):
        referral_decide(
            acting_user=contributor, referral_id="nw-2027-001", decision="accepted", reasons="ok"
        )
    assert Referral.objects.get().status == "submitted"


def test_the_owner_must_be_someone_who_decides_referrals(contributor, secretariat, chair):
    refer(contributor)

    with pytest.raises(ValidationError) as not_a_decider:
        referral_assign(acting_user=secretariat, referral_id="nw-2027-001", owner="bob")
    with pytest.raises(ValidationError) as nobody:
        referral_assign(acting_user=secretariat, referral_id="nw-2027-001", owner="zed")
    owned = referral_assign(acting_user=secretariat, referral_id="nw-2027-001", owner="chris")

    assert "choose a chair" in not_a_decider.value.message_dict["owner"][0]
    assert "No active user has the username 'zed'" in nobody.value.message_dict["owner"][0]
    assert owned.owner == chair


def test_a_decision_needs_reasons_and_is_then_final(contributor, chair):
    refer(contributor)

    with pytest.raises(ValidationError) as no_reasons:
        referral_decide(acting_user=chair, referral_id="nw-2027-001", decision="maybe", reasons="")
    decided = referral_decide(
        acting_user=chair,
        referral_id="nw-2027-001",
        decision="accepted",
        reasons="Firearms are a national priority; surveillance team allocated.",
    )
    with pytest.raises(ValidationError) as again:
        referral_decide(
            acting_user=chair, referral_id="nw-2027-001", decision="declined", reasons="No."
        )

    assert set(no_reasons.value.message_dict) == {"decision", "reasons"}
    assert decided.status == ReferralStatus.ACCEPTED
    assert decided.decided == timezone.localdate()
    assert decided.owner == chair
    assert "already accepted" in again.value.message_dict["status"][0]
    assert [e.kind for e in decided.events.all()] == ["submitted", "accepted"]


def test_only_the_referring_body_withdraws_and_only_before_a_decision(contributor, outsider, chair):
    refer(contributor)

    with pytest.raises(Referral.DoesNotExist):
        referral_withdraw(acting_user=outsider, referral_id="nw-2027-001", reason="Not ours")
    with pytest.raises(PermissionDenied):
        referral_withdraw(acting_user=chair, referral_id="nw-2027-001", reason="Not theirs")
    with pytest.raises(ValidationError) as no_reason:
        referral_withdraw(acting_user=contributor, referral_id="nw-2027-001", reason=" ")
    withdrawn = referral_withdraw(
        acting_user=contributor, referral_id="nw-2027-001", reason="Suspects charged locally"
    )

    assert "reason" in no_reason.value.message_dict
    assert withdrawn.status == "withdrawn"


def test_a_region_sees_its_own_referrals_and_the_national_roles_see_all(
    contributor, outsider, analyst, inspector
):
    ReferralFactory(id="ours", from_body=contributor.body)
    ReferralFactory(id="theirs", from_body=outsider.body)

    def seen(user):
        return sorted(r.pk for r in referrals_visible_to(user=user))

    assert seen(contributor) == ["ours"]
    assert seen(outsider) == ["theirs"]
    assert seen(analyst) == seen(inspector) == ["ours", "theirs"]


def test_the_timer_counts_against_fourteen_days_and_two_when_urgent():
    on = date(2017, 6, 30)
    fourteen = ReferralFactory(submitted=on - timedelta(days=14))
    fifteen = ReferralFactory(submitted=on - timedelta(days=15))
    urgent = ReferralFactory(route="urgent", submitted=on - timedelta(days=3))
    decided = ReferralFactory(
        submitted=date(2017, 6, 1), status="accepted", decided=date(2017, 6, 10)
    )

    def timer(referral):
        return referral_timer(referral=referral, as_of=on, service_level=LEVEL)

    assert (timer(fourteen).late, timer(fourteen).days_left) == (False, 0)
    assert timer(fourteen).describe() == "0 days left: a decision is due by 30 June 2017"
    assert timer(fifteen).late
    assert timer(fifteen).describe() == "1 days overdue: a decision was due by 29 June 2017"
    assert (timer(urgent).allowed, timer(urgent).late) == (2, True)
    assert not timer(decided).awaiting
    assert timer(decided).describe() == "Decided in 9 days, within the 14 allowed"


def test_the_queue_filters_by_status_route_owner_and_lateness(analyst, chair):
    on = date(2017, 6, 30)
    ReferralFactory(id="late-itg", route="itg", submitted=date(2017, 6, 1), owner=chair)
    ReferralFactory(id="fresh-rocc", route="rocc", submitted=date(2017, 6, 29))
    ReferralFactory(id="done", status="declined", submitted=date(2017, 5, 1), decided=on)

    def ids(**filters):
        return [r.pk for r in referrals_queue(user=analyst, service_level=LEVEL, **filters)]

    assert ids(status="declined") == ["done"]
    assert ids(route="itg") == ["late-itg"]
    assert ids(owner="chris") == ["late-itg"]
    assert sorted(ids(owner="none")) == ["done", "fresh-rocc"]
    assert ids(late_on=on) == ["late-itg"]
