"""The home page: the picture at a glance on the date it describes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from soctasking.exchange.models import BundleLoad
from soctasking.testing.factories import (
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OperationFactory,
    ThreatFactory,
    UserFactory,
)
from soctasking.web.selectors import meetings_upcoming

pytestmark = pytest.mark.django_db

HOME = reverse("web:home")
AS_OF = date(2017, 6, 30)


@pytest.fixture
def loaded_on_30_june():
    BundleLoad.objects.create(sha256="0" * 64, size_bytes=1, as_of=AS_OF)


def test_an_empty_installation_says_no_picture_is_loaded(client, loaded_on_30_june):
    client.force_login(UserFactory(username="root", body=None))

    page = client.get(HOME).content.decode()

    assert "No picture is loaded yet. Load a bundle with <code>soctasking load FILE</code>." in page
    assert "No bodies are recorded yet." in page
    assert "No threats are recorded yet." in page
    assert ", no body recorded," in page
    assert "No national priority threats had been adopted by a held meeting by 30 June 2017" in page
    assert "No meetings are scheduled on or after 30 June 2017." in page


def test_the_home_page_counts_bodies_and_threats_by_kind(client, analyst, loaded_on_30_june):
    BodyFactory(kind="police_force")
    BodyFactory(kind="police_force")
    BodyFactory(kind="")
    ThreatFactory(id="drugs", kind="threat")
    ThreatFactory(kind="sub_threat", parent_id="drugs")
    ThreatFactory(kind="vulnerability")
    client.force_login(analyst)

    response = client.get(HOME)

    summary = response.context["summary"]
    assert [(c.label, c.count) for c in summary.bodies_by_kind] == [
        ("Police force", 2),
        ("National unit", 1),  # the analyst's own body
        ("Not recorded", 1),
    ]
    assert summary.bodies_total == 4
    assert [(c.label, c.count) for c in summary.threats_by_kind] == [
        ("Threat", 1),
        ("Sub-threat", 1),
        ("National vulnerability", 1),
    ]
    page = response.content.decode()
    assert "4 bodies by kind" in page
    assert f'href="{reverse("bodies:list")}?kind=police_force">Police force</a>' in page
    assert "3 threats in the catalogue by kind" in page


def test_the_home_page_names_the_priority_threats_in_force_on_the_picture_date(
    client, analyst, loaded_on_30_june
):
    drugs = ThreatFactory(id="drugs", name="Drugs supply")
    firearms = ThreatFactory(id="firearms", name="Firearms")
    fraud = ThreatFactory(id="fraud", name="Fraud")
    earlier = DecisionFactory(
        kind="adopt_priority_threats", meeting=MeetingFactory(date=date(2017, 1, 10))
    )
    earlier.threats.set([fraud])
    latest = DecisionFactory(
        kind="adopt_priority_threats", meeting=MeetingFactory(date=date(2017, 6, 1))
    )
    latest.threats.set([drugs, firearms])
    after = DecisionFactory(
        kind="adopt_priority_threats", meeting=MeetingFactory(date=date(2017, 7, 5))
    )
    after.threats.set([fraud])
    client.force_login(analyst)

    response = client.get(HOME)

    assert [t.name for t in response.context["summary"].priority_threats] == [
        "Drugs supply",
        "Firearms",
    ]
    assert f'<a class="govuk-link" href="{reverse("threats:detail", args=["drugs"])}">' in (
        response.content.decode()
    )


def test_the_home_page_counts_open_findings_as_the_findings_page_does(
    client, analyst, loaded_on_30_june
):
    OperationFactory(id="op-17", name="Nightjar", opened=date(2017, 1, 5))
    client.force_login(analyst)

    home = client.get(HOME)
    findings = client.get(reverse("assurance:findings"))

    assert home.context["summary"].findings_by_severity == findings.context["counts"]
    assert home.context["summary"].findings_total >= 1
    page = home.content.decode()
    assert f'href="{reverse("assurance:findings")}?severity=medium"' in page
    assert "See every finding" in page


def test_the_home_page_lists_the_next_scheduled_meetings_from_the_picture_date(
    client, analyst, loaded_on_30_june
):
    series = MeetingSeriesFactory(name="National tactical tasking group")
    MeetingFactory(id="past", series=series, date=date(2017, 6, 29), status="scheduled")
    MeetingFactory(id="today", series=series, date=AS_OF, status="scheduled")
    MeetingFactory(id="cancelled", series=series, date=date(2017, 7, 3), status="cancelled")
    MeetingFactory(id="next", series=series, date=date(2017, 7, 10), status="scheduled")
    client.force_login(analyst)

    response = client.get(HOME)

    assert [m.id for m in response.context["summary"].upcoming_meetings] == ["today", "next"]
    assert "10 July 2017" in response.content.decode()


def test_only_the_next_ten_meetings_are_listed(db):
    series = MeetingSeriesFactory()
    for day in range(1, 13):
        MeetingFactory(id=f"m-{day:02}", series=series, date=date(2017, 7, day), status="scheduled")

    upcoming = meetings_upcoming(as_of=AS_OF)

    assert [m.id for m in upcoming] == [f"m-{day:02}" for day in range(1, 11)]


def test_without_a_loaded_picture_the_home_page_describes_today(client, analyst):
    client.force_login(analyst)

    response = client.get(HOME)

    assert response.context["summary"].as_of == timezone.localdate()
