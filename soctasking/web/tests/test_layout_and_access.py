"""Every page: who may open it, and the layout each one shares."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from soctasking.testing.factories import BodyFactory, ThreatFactory
from soctasking.web.context_processors import areas_for

pytestmark = pytest.mark.django_db

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

PAGES = [
    reverse("web:home"),
    reverse("web:intelligence"),
    reverse("web:prioritisation"),
    reverse("meetings:series_list"),
    reverse("governance:groups"),
    reverse("local_priorities:register"),
    reverse("operations:register"),
    reverse("web:referrals"),
    reverse("assurance:findings"),
    reverse("bodies:list"),
    reverse("bodies:detail", args=["force-kent"]),
    reverse("threats:list"),
    reverse("threats:detail", args=["drugs"]),
]


@pytest.fixture(autouse=True)
def records():
    BodyFactory(id="force-kent", name="Kent Police")
    ThreatFactory(id="drugs", name="Drugs supply")


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={url}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", PAGES)
def test_every_signed_in_user_may_open_every_page(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url)

    assert response.status_code == 200
    assert response.templates[0].name != "web/sign_in.html"


@pytest.mark.parametrize(
    "url", [reverse("bodies:detail", args=["no-such-body"]), reverse("threats:detail", args=["x"])]
)
def test_an_unknown_id_is_not_found(client, analyst, url):
    client.force_login(analyst)

    assert client.get(url).status_code == 404


def test_the_layout_names_the_signed_in_user_with_body_role_and_clearance(client, contributor):
    client.force_login(contributor)

    page = client.get(reverse("web:home")).content.decode()

    signed_in = re.search(r'<p [^>]*id="signed-in-user">(.*?)</p>', page, re.S)
    assert signed_in is not None
    assert " ".join(signed_in.group(1).split()) == (
        "Signed in as <strong>bob</strong>: Contributor at North West ROCU, "
        "cleared to OFFICIAL-SENSITIVE"
    )
    assert f'<form method="post" action="{reverse("web:logout")}">' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_layout_has_a_skip_link_phase_banner_navigation_and_footer(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("web:home")).content.decode()

    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert "govuk-phase-banner" in page
    assert '<footer class="govuk-footer">' in page
    labels = re.findall(
        r'class="govuk-service-navigation__link" href="[^"]*"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)',
        page,
    )
    assert [label.strip() for label in labels] == [area.label for area in areas_for(analyst)]
    assert "Audit" not in labels


def test_every_area_is_reached_from_the_navigation(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("web:home")).content.decode()

    for area in areas_for(analyst):
        assert f'href="{reverse(area.url_name)}"' in page


def test_inspectors_are_shown_the_audit_trail(client, inspector):
    client.force_login(inspector)

    page = client.get(reverse("web:home")).content.decode()

    assert f'href="{reverse("audit:events")}"' in page


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (reverse("web:home"), "Home"),
        (reverse("meetings:series_list"), "Meetings"),
        (reverse("assurance:findings"), "Findings"),
        (reverse("bodies:detail", args=["force-kent"]), "Bodies"),
        (reverse("threats:list"), "Threats"),
    ],
)
def test_the_navigation_marks_the_open_area_and_only_that_one(client, analyst, url, current):
    client.force_login(analyst)

    navigation = client.get(url).context["navigation"]

    assert [item["label"] for item in navigation if item["current"]] == [current]


def test_the_current_area_is_announced_to_screen_readers(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("web:referrals")).content.decode()

    assert re.search(
        r'href="/referrals/" aria-current="page">\s*'
        r'<strong class="govuk-service-navigation__active-fallback">Referrals</strong>',
        page,
    )
    assert page.count('aria-current="page"') == 1


def test_the_sign_in_page_shows_no_navigation_or_user(client):
    response = client.get(reverse("web:login"))

    page = response.content.decode()
    assert response.context["navigation"] == []
    assert "govuk-service-navigation" not in page
    assert "Signed in as" not in page


@pytest.mark.parametrize("url", [reverse("web:login"), *PAGES])
def test_pages_start_scripts_only_from_static_files(client, analyst, url):
    # A strict Content Security Policy will refuse inline scripts.
    if url != reverse("web:login"):
        client.force_login(analyst)

    page = client.get(url).content.decode()

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert scripts
    assert all('src="/static/' in attributes and not body.strip() for attributes, body in scripts)
    assert '<script type="module" src="/static/web/init.js"></script>' in page
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in page
    assert " style=" not in page
    assert " onclick=" not in page


def test_govuk_frontend_images_are_sent_to_the_static_files(client):
    response = client.get("/assets/images/favicon.svg")

    assert response.status_code == 301
    assert response["Location"] == "/static/govuk/assets/images/favicon.svg"


def test_the_gov_uk_typeface_is_not_served_outside_gov_uk(client):
    assert client.get("/assets/fonts/bold-b542beb274-v2.woff2").status_code == 404
