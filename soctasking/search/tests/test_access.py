"""Nobody learns of a submission they may not see: not in its hits, its count or its snippets."""

from __future__ import annotations

import pytest

from soctasking.accounts.models import User
from soctasking.search.selectors import submissions_search
from soctasking.testing.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

# id: (classification, compartments, a word only that submission holds)
MATERIAL = {
    "official": ("official", [], "anchovy"),
    "sensitive": ("official-sensitive", [], "barnacle"),
    "secret": ("secret", [], "cormorant"),
    "secret-chis": ("secret", ["chis"], "dolphin"),
    "top-secret": ("top-secret", [], "eelgrass"),
    "top-secret-interception": ("top-secret", ["interception"], "flounder"),
}

# Who may see what: clearance at or above the classification AND every compartment.
ALLOWED = {
    "uncleared": {"official"},
    "contributor": {"official", "sensitive"},
    "analyst": {"official", "sensitive", "secret"},
    "chis_analyst": {"official", "sensitive", "secret", "secret-chis"},
    "administrator": set(MATERIAL),
}


@pytest.fixture
def material():
    for record_id, (classification, compartments, word) in MATERIAL.items():
        SubmissionFactory(
            id=record_id,
            title=f"Harbour report {record_id}",
            classification=classification,
            compartments=compartments,
            text=f"Harbour activity; {word} seen.",
        )


@pytest.fixture(params=sorted(ALLOWED))
def persona(request) -> tuple[str, User]:
    return request.param, request.getfixturevalue(request.param)


def test_hits_and_count_hold_only_what_the_persona_may_see(material, persona):
    name, user = persona

    results = submissions_search(user=user, query="harbour")

    assert {hit.id for hit in results.hits} == ALLOWED[name]
    assert results.count == len(ALLOWED[name])


def test_a_query_matching_only_hidden_material_finds_nothing_at_all(material, persona):
    name, user = persona
    for record_id, (_, _, word) in MATERIAL.items():
        results = submissions_search(user=user, query=word)
        if record_id in ALLOWED[name]:
            assert [hit.id for hit in results.hits] == [record_id]
            assert word in str(results.hits[0].snippet)
        else:
            assert (results.count, results.hits) == (0, [])


def test_a_filter_naming_hidden_material_counts_nothing(material, persona):
    name, user = persona

    results = submissions_search(user=user, query="harbour", classification="top-secret")

    expected = {i for i in ALLOWED[name] if MATERIAL[i][0] == "top-secret"}
    assert {hit.id for hit in results.hits} == expected
    assert results.count == len(expected)


def test_pages_count_only_visible_material(material, contributor):
    results = submissions_search(user=contributor, query="harbour", page=2, per_page=1)

    assert (results.count, results.page, results.num_pages) == (2, 2, 2)


def test_a_deactivated_user_finds_nothing(material, administrator):
    administrator.is_active = False
    administrator.save(update_fields=["is_active"])

    results = submissions_search(user=administrator, query="harbour")

    assert (results.count, results.hits) == (0, [])
