"""The governance pages: the groups, a group, an action plan, and a control strategy with
the quality-assurance findings about it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.exchange.models import BundleLoad
from soctasking.testing.factories import (
    ActionPlanFactory,
    AssessmentFactory,
    BodyFactory,
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    DecisionFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PlanActionFactory,
    ProgressReportFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("governance:groups")
PERSONAS = [
    "analyst",
    "contributor",
    "secretariat",
    "chair",
    "inspector",
    "administrator",
    "outsider",
    "uncleared",
    "chis_analyst",
]


@pytest.fixture
def picture():
    # The picture describes 31 March 2018, as a loaded bundle would say.
    BundleLoad.objects.create(sha256="0" * 64, size_bytes=1, as_of=date(2018, 3, 31))
    nca = BodyFactory(id="nca", name="National Crime Agency")
    glaa = BodyFactory(id="glaa", name="Gangmasters and Labour Abuse Authority")
    slavery = ThreatFactory(id="msht", name="Modern slavery and human trafficking")
    cyber = ThreatFactory(id="cyber-crime", name="Cyber crime")
    fraud = ThreatFactory(id="fraud", name="Fraud")
    sgg = GovernanceGroupFactory(
        id="sgg-msht",
        name="Modern slavery governance group",
        kind="sgg",
        theme="vulnerability",
        chair=nca,
        formed=date(2015, 4, 1),
    )
    sgg.threats.set([slavery])
    GovernanceGroupFactory(
        id="dg-msht", name="Modern slavery delivery group", kind="delivery_group", parent=sgg
    )
    GovernanceGroupFactory(
        id="tg-fraud",
        name="Private sector fraud threat group",
        kind="threat_group",
        theme="prosperity",
        status="disbanded",
    )
    series = MeetingSeriesFactory(
        id="sgg-msht", name="Modern slavery governance group", kind="sgg", governance_group=sgg
    )
    MeetingFactory(id="sgg-msht-2017-12-06", series=series, date=date(2017, 12, 6))
    MeetingFactory(id="sgg-msht-2018-03-07", series=series, date=date(2018, 3, 7))
    MeetingFactory(
        id="sgg-msht-2018-06-06", series=series, date=date(2018, 6, 6), status="scheduled"
    )
    plan = ActionPlanFactory(id="sap-msht", group=sgg, approved=date(2017, 3, 1))
    plan.threats.set([slavery])
    PlanActionFactory(
        id="sap-msht.action-1",
        plan=plan,
        text="Take down websites advertising victims.",
        owner=nca,
        due=date(2017, 10, 18),
        status="done",
        strand="pursue",
    )
    PlanActionFactory(
        id="sap-msht.action-2",
        plan=plan,
        text="Inspect labour providers for forced labour.",
        owner=glaa,
        due=date(2018, 2, 28),
        strand="prevent",
    )
    nttcg = MeetingFactory(
        id="nttcg-2018-01-17",
        series=MeetingSeriesFactory(
            id="nttcg", name="National tactical tasking and coordination group"
        ),
        date=date(2018, 1, 17),
    )
    ProgressReportFactory(
        id="sap-msht.report-1",
        plan=plan,
        date=date(2018, 1, 10),
        to_meeting=nttcg,
        rating="amber",
        summary="Most actions are on track.",
    )
    nsa = AssessmentFactory(id="nsa-2017", title="National strategic assessment 2017")
    nsa.threats.set([slavery, cyber])
    strategy = ControlStrategyFactory(id="cs-2017", based_on=nsa, status="approved")
    ControlStrategyEntryFactory(
        strategy=strategy,
        threat=slavery,
        level="priority",
        response_intelligence="Map the networks recruiting victims.",
        response_prevention="Deny exploitation through labour providers.",
        response_enforcement="Disrupt controllers and recover victims.",
    )
    ControlStrategyEntryFactory(
        strategy=strategy,
        threat=cyber,
        level="priority",
        response_enforcement="Pursue the groups behind the most harmful attacks.",
    )
    ControlStrategyEntryFactory(strategy=strategy, threat=fraud, level="band_2")
    adoption = DecisionFactory(
        meeting=MeetingFactory(date=date(2017, 3, 22)), kind="adopt_priority_threats"
    )
    adoption.threats.set([slavery, cyber])


def listed(response):
    return [group.id for group in response.context["pagination"].page]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url",
    [
        LIST,
        reverse("governance:group", args=["sgg-msht"]),
        reverse("governance:action_plan", args=["sap-msht"]),
        reverse("governance:control_strategy", args=["cs-2017"]),
    ],
)
def test_every_signed_in_user_may_read_the_governance_pages(client, request, picture, persona, url):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, picture):
    response = client.get(reverse("governance:control_strategy", args=["cs-2017"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_the_groups_are_listed_by_name_with_links_and_the_control_strategies(
    client, analyst, picture
):
    client.force_login(analyst)

    response = client.get(LIST)

    assert listed(response) == ["dg-msht", "sgg-msht", "tg-fraud"]
    page = response.content.decode()
    assert "3 governance groups" in page
    assert f'href="{reverse("governance:group", args=["sgg-msht"])}"' in page
    assert f'href="{reverse("governance:control_strategy", args=["cs-2017"])}"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "vulnerability"}, ["sgg-msht"]),
        ({"status": "disbanded"}, ["tg-fraud"]),
        ({"status": "active"}, ["dg-msht", "sgg-msht"]),
        ({"theme": "prosperity", "status": "active"}, []),
    ],
)
def test_filters_narrow_the_groups(client, analyst, picture, query, expected):
    client.force_login(analyst)

    assert listed(client.get(LIST, query)) == expected


def test_filters_that_match_nothing_say_so(client, analyst, picture):
    client.force_login(analyst)

    page = client.get(LIST, {"theme": "commodity"}).content.decode()

    assert "No governance group matches these filters." in page


def test_an_unknown_status_is_explained_against_its_field(client, analyst, picture):
    client.force_login(analyst)

    response = client.get(LIST, {"status": "dormant"})

    assert response.status_code == 400
    assert '<a href="#id_status">Choose a status from the list</a>' in response.content.decode()


def test_the_groups_come_a_page_at_a_time(client, analyst):
    for number in range(30):
        GovernanceGroupFactory(id=f"group-{number:02}", name=f"Group {number:02}")
    client.force_login(analyst)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(listed(first)) == 25
    assert listed(second) == [f"group-{number}" for number in range(25, 30)]


def test_a_group_page_shows_its_threats_plans_sub_groups_and_last_sitting(client, analyst, picture):
    client.force_login(analyst)

    page = client.get(reverse("governance:group", args=["sgg-msht"])).content.decode()

    assert "Modern slavery and human trafficking" in page
    assert f'href="{reverse("governance:action_plan", args=["sap-msht"])}"' in page
    assert "Modern slavery delivery group" in page
    assert "7 March 2018" in page
    assert "6 June 2018" in page
    assert "National Crime Agency" in page


def test_a_group_page_shows_the_last_sitting_on_or_before_the_picture_date(
    client, analyst, picture
):
    BundleLoad.objects.create(sha256="1" * 64, size_bytes=1, as_of=date(2018, 3, 6))
    client.force_login(analyst)

    response = client.get(reverse("governance:group", args=["sgg-msht"]))

    (sittings,) = response.context["sittings"]
    assert sittings.last_held.id == "sgg-msht-2017-12-06"
    assert sittings.next_scheduled.id == "sgg-msht-2018-06-06"


def test_an_action_plan_page_shows_actions_by_strand_and_rated_reports(client, analyst, picture):
    client.force_login(analyst)

    response = client.get(reverse("governance:action_plan", args=["sap-msht"]))

    assert [strand.label for strand in response.context["strands"]] == ["Pursue", "Prevent"]
    page = response.content.decode()
    assert "Inspect labour providers for forced labour." in page
    assert "Gangmasters and Labour Abuse Authority" in page
    assert "28 February 2018" in page
    assert '<strong class="govuk-tag govuk-tag--yellow">Amber</strong>' in page
    assert "National tactical tasking and coordination group, 17 January 2018" in page


def test_a_control_strategy_page_shows_entries_by_level_and_its_findings(client, analyst, picture):
    client.force_login(analyst)

    response = client.get(reverse("governance:control_strategy", args=["cs-2017"]))

    assert [level.label for level in response.context["levels"]] == [
        "National priority",
        "Band 2",
    ]
    assert sorted(finding.code for finding in response.context["findings"]) == [
        "CST002",
        "CST004",
    ]
    page = response.content.decode()
    assert "Disrupt controllers and recover victims." in page
    assert "Quality assurance" in page
    assert "leaves the expected response implicit for 1 priority entry" in page


def test_a_control_strategy_the_checks_find_nothing_wrong_with_says_so(client, analyst):
    threat = ThreatFactory(id="drugs", name="Drugs")
    nsa = AssessmentFactory()
    nsa.threats.set([threat])
    strategy = ControlStrategyFactory(id="cs-sound", based_on=nsa)
    ControlStrategyEntryFactory(strategy=strategy, threat=threat, level="band_1")
    client.force_login(analyst)

    page = client.get(reverse("governance:control_strategy", args=["cs-sound"])).content.decode()

    assert "The checks find nothing wrong with this control strategy." in page


@pytest.mark.parametrize(
    "url_name", ["governance:group", "governance:action_plan", "governance:control_strategy"]
)
def test_an_unknown_id_is_not_found(client, analyst, url_name):
    client.force_login(analyst)

    assert client.get(reverse(url_name, args=["no-such-record"])).status_code == 404
