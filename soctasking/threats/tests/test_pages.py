"""The threat catalogue and a threat's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.testing.factories import ThreatFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("threats:list")


@pytest.fixture
def catalogue():
    drugs = ThreatFactory(
        id="drugs",
        name="Drugs supply",
        theme="commodity",
        keywords=["county lines", "cocaine"],
    )
    ThreatFactory(id="drugs-cl", name="County lines", kind="sub_threat", parent=drugs)
    ThreatFactory(id="fraud", name="Fraud", theme="prosperity")
    ThreatFactory(id="border", name="Border insecurity", kind="vulnerability")


def listed(response):
    return [threat.id for threat in response.context["pagination"].page]


def test_the_catalogue_lists_every_threat_by_name(client, analyst, catalogue):
    client.force_login(analyst)

    response = client.get(LIST)

    assert listed(response) == ["border", "drugs-cl", "drugs", "fraud"]
    page = response.content.decode()
    assert "4 threats" in page
    assert f'<a class="govuk-link" href="{reverse("threats:detail", args=["fraud"])}">' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "sub_threat"}, ["drugs-cl"]),
        ({"kind": "vulnerability"}, ["border"]),
        ({"theme": "prosperity"}, ["fraud"]),
        ({"kind": "threat", "theme": "commodity"}, ["drugs"]),
    ],
)
def test_filters_narrow_the_catalogue(client, analyst, catalogue, query, expected):
    client.force_login(analyst)

    assert listed(client.get(LIST, query)) == expected


def test_filters_that_match_nothing_say_so(client, analyst, catalogue):
    client.force_login(analyst)

    page = client.get(LIST, {"theme": "cross_cutting"}).content.decode()

    assert "No threat matches these filters." in page


def test_an_unknown_theme_is_explained_against_its_field(client, analyst, catalogue):
    client.force_login(analyst)

    response = client.get(LIST, {"theme": "piracy"})

    assert response.status_code == 400
    assert '<li><a href="#id_theme">Choose a theme from the list</a></li>' in (
        response.content.decode()
    )


def test_an_empty_catalogue_says_how_to_load_one(client, analyst):
    client.force_login(analyst)

    page = client.get(LIST).content.decode()

    assert (
        "No threats are recorded yet. Load a bundle with <code>soctasking load FILE</code>." in page
    )


def test_the_catalogue_comes_a_page_at_a_time(client, analyst):
    for number in range(26):
        ThreatFactory(id=f"t-{number:02}", name=f"Threat {number:02}")
    client.force_login(analyst)

    second = client.get(LIST, {"page": 2})

    assert listed(second) == ["t-25"]
    assert 'href="?page=1" rel="prev"' in second.content.decode()


def test_a_threat_page_shows_its_sub_threats_and_keywords(client, analyst, catalogue):
    client.force_login(analyst)

    page = client.get(reverse("threats:detail", args=["drugs"])).content.decode()

    assert '<h1 class="govuk-heading-xl">Drugs supply</h1>' in page
    assert f'href="{reverse("threats:detail", args=["drugs-cl"])}">County lines</a>' in page
    assert "<li>county lines</li>" in page
    assert "<li>cocaine</li>" in page
    assert "Commodity" in page


def test_a_sub_threat_page_links_to_its_parent(client, analyst, catalogue):
    client.force_login(analyst)

    page = client.get(reverse("threats:detail", args=["drugs-cl"])).content.decode()

    assert f'href="{reverse("threats:detail", args=["drugs"])}">Drugs supply</a>' in page
    assert "No sub-threats are recorded under County lines." in page
    assert "No keywords are recorded for County lines." in page


def test_a_user_without_a_body_may_still_read_the_catalogue(client, catalogue):
    client.force_login(UserFactory(username="root", body=None))

    assert client.get(reverse("threats:detail", args=["fraud"])).status_code == 200
