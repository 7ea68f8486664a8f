from __future__ import annotations

from datetime import date

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from soctasking.testing.factories import CovertAuthorityFactory, OperationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

URL = reverse("assurance:findings")


@pytest.fixture
def picture():
    nightjar = OperationFactory(id="op-17", name="Nightjar", opened=date(2017, 1, 5))
    CovertAuthorityFactory(id="ca-1", operation=nightjar, granted=date(2017, 1, 10))
    ReferralFactory(id="ref-1", route="nttcg", submitted=date(2017, 6, 1))


def test_the_findings_page_lists_each_finding_with_evidence_and_recommendation(
    client, inspector, picture
):
    client.force_login(inspector)

    response = client.get(URL, {"as_of": "2017-06-30"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Operation Nightjar (op-17) is open with no threat linked" in page
    assert '<strong class="govuk-tag govuk-tag--red">high</strong>' in page
    assert '<dt class="govuk-summary-list__key">Opened</dt>' in page
    assert "Link the operation to the threats it tackles" in page
    assert [row["finding"].code for row in response.context["rows"]] == [
        "OPS001",
        "OPS002",
        "OPS003",
        "REF001",
        "REF002",
    ]
    assert response.context["counts"] == {"high": 1, "medium": 3, "low": 1}


def test_anonymous_visitors_are_sent_to_sign_in(client, settings):
    # The sign-in page belongs to the web app; the findings page only has to defer to it.
    settings.LOGIN_URL = "/sign-in/"

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"severity": "high"}, ["OPS003"]),
        ({"code": "REF002"}, ["REF002"]),
        ({"subject_type": "referral"}, ["REF001", "REF002"]),
        ({"as_of": "2017-01-20"}, ["OPS001"]),
    ],
)
def test_filters_narrow_the_list(client, analyst, picture, query, codes):
    client.force_login(analyst)

    response = client.get(URL, {"as_of": "2017-06-30", **query})

    assert response.status_code == 200
    assert [row["finding"].code for row in response.context["rows"]] == codes


def test_a_bad_date_is_explained_and_nothing_is_listed(client, analyst, picture):
    client.force_login(analyst)

    response = client.get(URL, {"as_of": "30/06/2017"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "As of: Enter the date as YYYY-MM-DD" in page
    assert response.context["rows"] == []


def test_an_empty_picture_says_so_honestly(client, analyst):
    client.force_login(analyst)

    response = client.get(URL, {"as_of": "2017-06-30"})

    assert response.status_code == 200
    assert "The checks found nothing as of 30 June 2017" in response.content.decode()


def test_filters_that_match_nothing_say_so(client, analyst, picture):
    client.force_login(analyst)

    response = client.get(URL, {"as_of": "2017-06-30", "subject_type": "meeting"})

    assert "No finding matches these filters" in response.content.decode()
