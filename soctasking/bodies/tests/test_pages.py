"""The bodies list and a body's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.bodies.models import Body
from soctasking.testing.factories import BodyFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("bodies:list")


@pytest.fixture
def bodies():
    nca = BodyFactory(id="nca", name="National Crime Agency", kind="national_agency", nation="uk")
    BodyFactory(
        id="nca-nac",
        name="National Assessment Centre",
        kind="national_unit",
        parent=nca,
        nation="uk",
    )
    BodyFactory(id="force-gwent", name="Gwent Police", kind="police_force", nation="wales")
    BodyFactory(
        id="force-kent",
        name="Kent Police",
        kind="police_force",
        nation="england",
        region="south-east",
    )
    return nca


def listed(response):
    return [body.id for body in response.context["pagination"].page]


def test_the_list_shows_every_body_by_name(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get(LIST)

    assert listed(response) == ["force-gwent", "force-kent", "nac", "nca-nac", "nca"]
    page = response.content.decode()
    assert "5 bodies" in page
    assert f'<a class="govuk-link" href="{reverse("bodies:detail", args=["nca"])}">' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "police_force"}, ["force-gwent", "force-kent"]),
        ({"nation": "uk"}, ["nca-nac", "nca"]),
        ({"kind": "police_force", "nation": "wales"}, ["force-gwent"]),
        ({"q": "national"}, ["nac", "nca-nac", "nca"]),
        ({"q": "  KENT "}, ["force-kent"]),
    ],
)
def test_filters_narrow_the_list(client, analyst, bodies, query, expected):
    client.force_login(analyst)

    assert listed(client.get(LIST, query)) == expected


def test_filters_that_match_nothing_say_so(client, analyst, bodies):
    client.force_login(analyst)

    page = client.get(LIST, {"q": "atlantis"}).content.decode()

    assert "No body matches these filters." in page
    assert "<table" not in page


def test_an_unknown_kind_is_explained_against_its_field(client, analyst, bodies):
    client.force_login(analyst)

    response = client.get(LIST, {"kind": "pirates"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Bodies " in page
    assert '<li><a href="#id_kind">Choose a kind of body from the list</a></li>' in page
    assert 'aria-describedby="id_kind-error"' in page
    assert "govuk-select--error" in page


def test_with_no_bodies_the_list_says_how_to_load_them(client):
    client.force_login(UserFactory(username="root", body=None))

    page = client.get(LIST).content.decode()

    assert (
        "No bodies are recorded yet. Load a bundle with <code>soctasking load FILE</code>." in page
    )


def test_the_list_comes_a_page_at_a_time_keeping_the_filters(client, analyst):
    for number in range(30):
        BodyFactory(id=f"force-{number:02}", name=f"Force {number:02}", kind="police_force")
    client.force_login(analyst)

    first = client.get(LIST, {"kind": "police_force"})
    second = client.get(LIST, {"kind": "police_force", "page": "2"})

    assert len(listed(first)) == 25
    assert listed(second) == [f"force-{number}" for number in range(25, 30)]
    assert 'href="?kind=police_force&amp;page=2" rel="next"' in first.content.decode()
    assert "30 bodies, page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("page_number", ["0", "99", "many"])
def test_a_page_number_out_of_range_still_shows_a_page(client, analyst, bodies, page_number):
    client.force_login(analyst)

    response = client.get(LIST, {"page": page_number})

    assert response.status_code == 200
    assert listed(response)


def test_a_body_page_shows_its_kind_parent_units_and_region(client, analyst, bodies):
    client.force_login(analyst)

    nca = client.get(reverse("bodies:detail", args=["nca"])).content.decode()
    kent = client.get(reverse("bodies:detail", args=["force-kent"])).content.decode()

    assert '<h1 class="govuk-heading-xl">National Crime Agency</h1>' in nca
    assert "National agency" in nca
    assert (
        f'href="{reverse("bodies:detail", args=["nca-nac"])}">National Assessment Centre</a>'
        in (nca)
    )
    assert "south-east" in kent
    assert "No units are recorded under Kent Police." in kent
    unit = client.get(reverse("bodies:detail", args=["nca-nac"])).content.decode()
    assert f'href="{reverse("bodies:detail", args=["nca"])}">National Crime Agency</a>' in unit


@pytest.fixture
def kent_submissions(bodies):
    kent = Body.objects.get(id="force-kent")
    for level in ["official", "official-sensitive", "secret", "top-secret"]:
        SubmissionFactory(id=f"kent-{level}", body=kent, classification=level)
    SubmissionFactory(
        id="kent-chis",
        body=kent,
        classification="official",
        compartments=["chis"],
        kind="intelligence_report",
    )


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("uncleared", 1),
        ("contributor", 2),
        ("analyst", 3),
        ("chis_analyst", 4),
        ("administrator", 5),
    ],
)
def test_a_body_page_counts_only_the_submissions_the_reader_may_see(
    client, request, kent_submissions, persona, visible
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("bodies:detail", args=["force-kent"]))

    assert response.context["submissions_total"] == visible
    page = response.content.decode()
    assert (
        f"{visible} submission{'s' if visible > 1 else ''} from Kent Police "
        "that you are cleared to see"
    ) in page


def test_submissions_are_counted_by_kind(client, administrator, kent_submissions):
    client.force_login(administrator)

    response = client.get(reverse("bodies:detail", args=["force-kent"]))

    assert [(c.label, c.count) for c in response.context["submission_counts"]] == [
        ("Tactical assessment", 4),
        ("Intelligence report", 1),
    ]


def test_a_body_with_nothing_the_reader_may_see_says_so(client, uncleared, bodies):
    SubmissionFactory(body=bodies, classification="secret")
    client.force_login(uncleared)

    response = client.get(reverse("bodies:detail", args=["nca"]))

    assert response.context["submissions_total"] == 0
    assert "No submissions from National Crime Agency that you are cleared to see" in (
        response.content.decode()
    )
