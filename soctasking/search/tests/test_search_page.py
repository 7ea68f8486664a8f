"""The /search/ page: the form, results with snippets, pages, errors, and who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import BodyFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


@pytest.fixture
def material():
    nca = BodyFactory(id="nca", name="National Crime Agency")
    SubmissionFactory(id="open", title="Harbour watch", body=nca, text="Cocaine at the <harbour>.")
    SubmissionFactory(
        id="secret", title="Secret harbour", body=nca, classification="secret", text="x"
    )
    SubmissionFactory(
        id="chis", title="Source says harbour", classification="secret", compartments=["chis"]
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_the_first_visit_shows_the_form_and_no_results_or_errors(client, analyst):
    client.force_login(analyst)

    page = client.get(URL).content.decode()

    assert '<h1 class="govuk-heading-xl">Search</h1>' in page
    assert 'id="id_q"' in page
    assert "There is a problem" not in page
    assert "result" not in page.split("</form>")[1]


def test_results_show_the_count_titles_and_escaped_highlighted_snippets(
    client, uncleared, material
):
    client.force_login(uncleared)

    response = client.get(URL, {"q": "cocaine"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 result</h2>" in page
    assert "Harbour watch" in page
    assert "<mark>Cocaine</mark>" in page
    assert "<harbour>" not in page


# persona: the titles a search for "harbour" shows them; every other title is hidden.
SHOWN = {
    "uncleared": ["Harbour watch"],
    "contributor": ["Harbour watch"],
    "analyst": ["Harbour watch", "Secret harbour"],
    "chis_analyst": ["Harbour watch", "Secret harbour", "Source says harbour"],
    "administrator": ["Harbour watch", "Secret harbour", "Source says harbour"],
}
TITLES = ["Harbour watch", "Secret harbour", "Source says harbour"]


@pytest.mark.parametrize("persona", sorted(SHOWN))
def test_each_persona_sees_and_counts_only_what_they_may(request, client, material, persona):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(URL, {"q": "harbour"}).content.decode()

    count = len(SHOWN[persona])
    assert f"{count} result{'s' if count != 1 else ''}</h2>" in page
    for title in TITLES:
        assert (title in page) == (title in SHOWN[persona])


def test_a_search_matching_only_hidden_material_says_nothing_matches(client, analyst, material):
    client.force_login(analyst)

    page = client.get(URL, {"q": "source"}).content.decode()

    assert "0 results</h2>" in page
    assert "No submission you are cleared to see matches these words." in page
    assert "<mark>" not in page


@pytest.mark.parametrize("words", ["", "!!!"])
def test_a_search_without_words_shows_the_error_summary(client, analyst, words):
    client.force_login(analyst)

    response = client.get(URL, {"q": words})

    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#id_q">Enter a word to search for' in page
    assert 'aria-describedby="id_q-hint id_q-error"' in page


def test_a_bad_filter_is_shown_against_its_field(client, analyst):
    client.force_login(analyst)

    response = client.get(URL, {"q": "x", "period_start": "2018-01-01", "period_end": "2017-01-01"})

    assert response.status_code == 400
    assert "Period to must be the same as or after period from" in response.content.decode()


def test_a_filter_that_empties_the_results_says_so(client, analyst, material):
    client.force_login(analyst)

    page = client.get(URL, {"q": "harbour", "kind": "problem_profile"}).content.decode()

    assert "matches these words and filters" in page
    assert 'href="?q=harbour"' in page


def test_results_are_paged_with_the_search_kept_in_the_links(client, analyst):
    for number in range(25):
        SubmissionFactory(id=f"s-{number:02}", text="harbour")
    client.force_login(analyst)

    page = client.get(URL, {"q": "harbour", "page": "2"}).content.decode()

    assert "25 results, page 2 of 2</h2>" in page
    assert 'href="?q=harbour&amp;page=1"' in page
    assert page.count('<h3 class="govuk-heading-s') == 5


def test_showing_sensitive_results_is_audited(client, analyst, material):
    client.force_login(analyst)

    client.get(URL, {"q": "harbour"})

    event = AuditEvent.objects.get(action="search")
    assert (event.actor, event.detail) == (analyst, {"ids": ["secret"]})
