"""The meetings pages: the series list, a series and a meeting."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

LIST = reverse("meetings:series_list")


def listed(response):
    return [series.id for series in response.context["pagination"].page]


def test_the_list_shows_each_series_with_its_chair_members_and_last_sitting(client, analyst, cycle):
    client.force_login(analyst)

    response = client.get(LIST)

    assert listed(response) == ["nsig", "nstcg"]
    page = response.content.decode()
    assert "2 meeting series" in page
    assert f'href="{reverse("meetings:series", args=["nstcg"])}"' in page
    assert "National Crime Agency" in page
    assert "4 October 2017" in page
    assert "11 October 2017" in page


def test_the_list_is_filtered_by_kind(client, analyst, cycle):
    client.force_login(analyst)

    assert listed(client.get(LIST, {"kind": "nsig"})) == ["nsig"]
    emptied = client.get(LIST, {"kind": "ndbm"}).content.decode()
    assert "No meeting series is of this kind." in emptied


def test_an_unknown_kind_is_refused_naming_the_field(client, analyst, cycle):
    client.force_login(analyst)

    response = client.get(LIST, {"kind": "weekly-chat"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a kind of meeting series from the list" in page
    assert 'href="#id_kind"' in page


def test_the_list_comes_a_page_at_a_time(client, analyst):
    for number in range(26):
        MeetingSeriesFactory(id=f"series-{number:02}", name=f"Series {number:02}")
    client.force_login(analyst)

    assert len(listed(client.get(LIST))) == 25
    assert listed(client.get(LIST, {"page": 2})) == ["series-25"]


def test_a_series_page_shows_its_chair_cadence_members_expected_members_and_precedence(
    client, analyst, cycle
):
    client.force_login(analyst)

    response = client.get(reverse("meetings:series", args=["nstcg"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Six-monthly" in page
    assert "3 members and 2 expected members" in page
    british_transport = re.search(r"British Transport Police</a></th>\s*<td[^>]*>(.*?)</td>", page)
    assert british_transport is not None
    assert "Not invited" in british_transport.group(1)
    assert "National strategic intelligence group</a> sits between 42 and 7 days before" in page
    assert [m.id for m in response.context["pagination"].page] == [
        "nstcg-2018-03-21",
        "nstcg-2017-10-04",
    ]
    assert "MTG003" in page


def test_the_preceding_series_page_says_which_series_it_must_sit_before(client, analyst, cycle):
    client.force_login(analyst)

    page = client.get(reverse("meetings:series", args=["nsig"])).content.decode()

    assert "between 42 and 7 days before each of its meetings" in page
    assert "The assurance checks found nothing about this series" in page


def test_a_series_lists_its_meetings_a_page_at_a_time(client, analyst):
    series = MeetingSeriesFactory(id="ndbm", kind="ndbm")
    for days in range(26):
        MeetingFactory(id=f"ndbm-{days:02}", series=series, date=date(2018, 1, 1) + timedelta(days))
    client.force_login(analyst)

    second = client.get(reverse("meetings:series", args=["ndbm"]), {"page": 2})

    assert [m.id for m in second.context["pagination"].page] == ["ndbm-00"]


def test_a_meeting_page_shows_its_date_status_and_who_attended_or_did_not(client, analyst, cycle):
    client.force_login(analyst)

    response = client.get(reverse("meetings:meeting", args=["nstcg-2017-10-04"]))

    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">4 October 2017</h1>' in page
    assert "Held" in page
    assert "2 of 3 invited bodies attended (the invitation is the series' members)" in page
    rows = dict(
        re.findall(r">([^<>]+)</a></th>\s*<td class=\"govuk-table__cell\">([^<]+)</td>", page)
    )
    assert rows["City of London Police"] == "Invited, did not attend"
    assert rows["Kent Police"] == "Attended"


def test_decisions_are_shown_by_kind_so_a_collection_priority_is_never_a_national_priority(
    client, analyst, cycle
):
    client.force_login(analyst)

    page = client.get(reverse("meetings:meeting", args=["nstcg-2017-10-04"])).content.decode()

    cards = page.split('<div class="govuk-summary-card">')[1:]
    collection = next(card for card in cards if "County lines" in card)
    adoption = next(card for card in cards if "Firearms" in card)
    assert "Priority for intelligence collection only" in collection
    assert "It does not make these threats national priority threats." in collection
    assert "National priority threats adopted" not in collection
    assert "National priority threats adopted" in adoption
    assert "The full set of national priority threats from 4 October 2017." in adoption


def test_a_meeting_page_lists_actions_with_owner_due_date_and_status(client, analyst, cycle):
    client.force_login(analyst)

    page = client.get(reverse("meetings:meeting", args=["nstcg-2017-10-04"])).content.decode()

    assert "1 action allocated" in page
    assert "Report on rail hubs." in page
    assert "30 November 2017" in page
    assert f'href="{reverse("bodies:detail", args=["force-kent"])}">Kent Police</a>' in page


def test_a_meeting_page_shows_the_findings_about_it_its_decisions_and_its_actions(
    client, analyst, cycle
):
    client.force_login(analyst)

    response = client.get(reverse("meetings:meeting", args=["nstcg-2017-10-04"]))

    codes = [(f.code, f.subject_id) for f in response.context["findings"]]
    assert ("MTG001", "nstcg-2017-10-04") in codes
    assert ("MTG005", "nstcg-2017-10-04.action-1") in codes
    assert ("PRI001", "nstcg-2017-10-04.decision-2") in codes
    assert all(subject.startswith("nstcg-2017-10-04") for _, subject in codes)
    assert "sat too late, on 2017-10-11 (nsig-2017-10-11)" in response.content.decode()


def test_a_scheduled_meeting_has_nobody_marked_absent(client, analyst, cycle):
    client.force_login(analyst)

    page = client.get(reverse("meetings:meeting", args=["nstcg-2018-03-21"])).content.decode()

    assert "did not attend" not in page
    assert "No decisions are recorded for this meeting." in page
    assert "No actions were allocated at this meeting." in page


@pytest.mark.parametrize(
    "url",
    [reverse("meetings:series", args=["nope"]), reverse("meetings:meeting", args=["nope"])],
)
def test_an_unknown_series_or_meeting_is_not_found(client, analyst, url):
    client.force_login(analyst)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url_name", ["series_list", "series", "meeting"])
def test_anonymous_visitors_are_sent_to_sign_in(client, cycle, url_name):
    args = {"series_list": [], "series": ["nstcg"], "meeting": ["nstcg-2017-10-04"]}[url_name]

    response = client.get(reverse(f"meetings:{url_name}", args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(
    "persona",
    ["analyst", "contributor", "secretariat", "chair", "inspector", "outsider", "uncleared"],
)
def test_every_signed_in_persona_reads_the_meeting_pages(request, client, cycle, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("meetings:meeting", args=["nstcg-2017-10-04"])).status_code == 200
