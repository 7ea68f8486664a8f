"""The referral pages: refer, our referrals, the queue, one referral and each step's form."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.referrals.models import Referral
from soctasking.testing.factories import ReferralFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "id": "nw-2027-002",
    "subject": "Adopt Operation Kestrel",
    "kind": "adoption",
    "detail": "The network reaches into three regions and abroad.",
}


def test_a_rocu_contributor_refers_and_then_sees_where_it_stands(client, contributor):
    client.force_login(contributor)

    response = client.post(reverse("referrals:new"), ANSWERS)
    page = client.get(response["Location"]).content.decode()
    ours = client.get(reverse("referrals:ours")).content.decode()

    assert response.status_code == 302
    assert "Referral nw-2027-002 sent to the regional organised crime coordinator." in page
    assert "14 days left: a decision is due by" in page
    assert "Nobody yet" in page
    assert "Withdraw it" in page
    assert "Record the decision" not in page
    assert "Adopt Operation Kestrel" in ours


def test_the_refer_form_names_each_field_in_error_and_stores_nothing(client, contributor):
    client.force_login(contributor)

    response = client.post(
        reverse("referrals:new"), {**ANSWERS, "id": "Not An Id", "detail": "x" * 4001}
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert page.count('class="govuk-error-summary"') == 1
    assert 'href="#id_id"' in page
    assert "What is needed and why must be 4000 characters or fewer; this has 4001." in page
    assert 'href="#id_detail"' in page
    assert not Referral.objects.exists()


def test_only_a_regional_unit_sees_the_refer_form(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("referrals:new")).status_code == 403


def test_the_chair_owns_routes_and_decides_with_reasons_the_region_reads(
    client, chair, contributor, rocu
):
    ReferralFactory(id="kestrel", from_body=rocu, submitted=date(2017, 6, 1))
    client.force_login(chair)

    client.post(reverse("referrals:assign", args=["kestrel"]), {"assign-owner": "chris"})
    client.post(reverse("referrals:route", args=["kestrel"]), {"route-route": "urgent"})
    response = client.post(
        reverse("referrals:decide", args=["kestrel"]),
        {"decision-decision": "declined", "decision-reasons": "Local resources suffice."},
    )
    client.force_login(contributor)
    page = client.get(reverse("referrals:detail", args=["kestrel"])).content.decode()

    assert response.status_code == 302
    assert "Declined" in page
    assert "Local resources suffice." in page
    assert "Owner assigned: chris" in page
    assert "Routed to the urgent, to the head of tasking" in page


def test_a_decision_without_reasons_is_refused_on_the_page(client, chair, rocu):
    ReferralFactory(id="kestrel", from_body=rocu)
    client.force_login(chair)

    response = client.post(
        reverse("referrals:decide", args=["kestrel"]), {"decision-decision": "accepted"}
    )

    assert response.status_code == 400
    assert 'href="#id_decision-reasons"' in response.content.decode()
    assert Referral.objects.get().status == "submitted"


def test_another_region_is_answered_as_if_the_referral_did_not_exist(client, outsider, rocu):
    ReferralFactory(id="kestrel", from_body=rocu)
    client.force_login(outsider)

    assert client.get(reverse("referrals:detail", args=["kestrel"])).status_code == 404
    assert "kestrel" not in client.get(reverse("web:referrals")).content.decode()
    assert (
        client.post(
            reverse("referrals:withdraw", args=["kestrel"]), {"withdraw-reason": "x"}
        ).status_code
        == 404
    )


def test_a_contributor_cannot_decide_their_own_referral(client, contributor, rocu):
    ReferralFactory(id="kestrel", from_body=rocu)
    client.force_login(contributor)

    response = client.post(
        reverse("referrals:decide", args=["kestrel"]),
        {"decision-decision": "accepted", "decision-reasons": "We like it"},
    )

    assert response.status_code == 403
    assert Referral.objects.get().status == "submitted"


def test_the_queue_filters_to_overdue_referrals(client, secretariat):
    ReferralFactory(id="old", subject="Old request", submitted=date(2017, 1, 2))
    ReferralFactory(id="done", subject="Done request", status="accepted", decided=date(2017, 5, 3))
    client.force_login(secretariat)

    page = client.get(reverse("referrals:queue"), {"late": "yes"}).content.decode()

    assert "Old request" in page
    assert "Done request" not in page
    assert "days overdue" in page
    assert "14 days for a decision, 2 when urgent" in page
