from __future__ import annotations

from datetime import date

import pytest

from soctasking.assurance.selectors import findings_run
from soctasking.assurance.services import threshold_set
from soctasking.testing.factories import BodyFactory, ReferralFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 6, 30)


def flagged(code: str) -> dict[str, dict]:
    return {f.subject_id: f.to_json() for f in findings_run(as_of=AS_OF, codes=[code])}


def test_a_referral_undecided_after_fourteen_days_is_stale_but_not_on_the_fourteenth():
    north_west = BodyFactory(id="rocu-north-west", name="North West ROCU")
    ReferralFactory(id="fifteen-days", from_body=north_west, submitted=date(2017, 6, 15))
    ReferralFactory(id="fourteen-days", from_body=north_west, submitted=date(2017, 6, 16))

    found = flagged("REF001")

    assert list(found) == ["fifteen-days"]
    assert found["fifteen-days"]["message"].startswith("Referral fifteen-days from North West ROCU")
    assert found["fifteen-days"]["evidence"]["days_waiting"] == 15
    assert found["fifteen-days"]["evidence"]["referral_days"] == 14


def test_an_urgent_referral_is_stale_after_two_days():
    ReferralFactory(id="urgent-three-days", route="urgent", submitted=date(2017, 6, 27))
    ReferralFactory(id="urgent-two-days", route="urgent", submitted=date(2017, 6, 28))

    found = flagged("REF001")

    assert list(found) == ["urgent-three-days"]
    assert found["urgent-three-days"]["evidence"]["urgent_days"] == 2


def test_a_referral_decided_by_the_date_is_not_stale_but_one_decided_after_it_was():
    ReferralFactory(
        id="decided-before",
        submitted=date(2017, 5, 1),
        status="accepted",
        decided=date(2017, 6, 20),
    )
    ReferralFactory(
        id="decided-after", submitted=date(2017, 5, 1), status="declined", decided=date(2017, 7, 5)
    )
    ReferralFactory(id="submitted-after", submitted=date(2017, 7, 1))

    assert list(flagged("REF001")) == ["decided-after"]


def test_an_administrator_can_give_referrals_longer_before_they_are_stale(administrator):
    ReferralFactory(id="fifteen-days", submitted=date(2017, 6, 15))
    ReferralFactory(id="twenty-one-days", submitted=date(2017, 6, 9))

    threshold_set(code="REF001", parameter="referral_days", value=20, acting_user=administrator)

    assert list(flagged("REF001")) == ["twenty-one-days"]


def test_referrals_sent_to_a_quarterly_group_are_flagged_as_a_slow_route():
    for route in ("rocc", "itg", "urgent", "ntig", "nttcg"):
        ReferralFactory(id=f"via-{route}", route=route, status="accepted", decided=date(2017, 5, 2))
    ReferralFactory(id="via-ntig-later", route="ntig", submitted=date(2017, 7, 1))

    found = flagged("REF002")

    assert sorted(found) == ["via-ntig", "via-nttcg"]
    assert found["via-nttcg"]["severity"] == "low"
    assert "National tactical tasking and coordination group" in found["via-nttcg"]["message"]


def test_a_stale_referral_names_its_owner_from_the_workflow(chair):
    ReferralFactory(id="owned", submitted=date(2017, 6, 1), owner=chair)
    ReferralFactory(id="unowned", submitted=date(2017, 6, 1))

    found = flagged("REF001")

    assert found["owned"]["message"].endswith("; its owner is chris")
    assert found["owned"]["evidence"]["owner"] == "chris"
    assert found["unowned"]["message"].endswith("; nobody owns it")


def test_a_referral_withdrawn_before_the_date_is_not_stale():
    ReferralFactory(id="withdrawn", submitted=date(2017, 5, 1), status="withdrawn")

    assert flagged("REF001") == {}
