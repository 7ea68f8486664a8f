"""Nobody learns of a submission they may not see: not in its hits, its count or its snippets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from soctasking.accounts.clearance import CLASSIFICATION_ORDER, CompartmentCode
from soctasking.accounts.gate import filter_visible
from soctasking.accounts.models import Compartment, CompartmentGrant, User
from soctasking.intelligence.models import Submission
from soctasking.search.conditions import ROW, visibility_condition
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


# --- compartments held for a while, and the gate's own answer -----------------


def _grant(user: User, *, code: str, by: User, starts, expires, revoked=None) -> None:
    CompartmentGrant.objects.create(
        user=user,
        compartment=Compartment.objects.get(code=code),
        granted_by=by,
        starts=starts,
        expires=expires,
        revoked=revoked,
    )


def test_a_match_carrying_two_compartments_is_hidden_from_a_holder_of_one(chis_analyst):
    SubmissionFactory(id="both", classification="secret", compartments=["chis", "interception"])
    SubmissionFactory(id="chis-only", classification="secret", compartments=["chis"])

    results = submissions_search(user=chis_analyst, query="assessment")

    assert [hit.id for hit in results.hits] == ["chis-only"]
    assert results.count == 1


def test_a_grant_in_force_lets_its_holder_find_the_compartment(analyst, administrator):
    SubmissionFactory(id="chis-report", classification="secret", compartments=["chis"])
    now = timezone.now()
    _grant(analyst, code="chis", by=administrator, starts=now - timedelta(days=1),
           expires=now + timedelta(days=1))  # fmt: skip

    results = submissions_search(user=analyst, query="assessment")

    assert ([hit.id for hit in results.hits], results.count) == (["chis-report"], 1)


def test_an_expired_grant_no_longer_counts(analyst, administrator, monkeypatch):
    SubmissionFactory(id="chis-report", classification="secret", compartments=["chis"])
    now = timezone.now()
    _grant(analyst, code="chis", by=administrator, starts=now, expires=now + timedelta(hours=1))
    assert submissions_search(user=analyst, query="assessment").count == 1

    # The same user object, as within one request, once the grant has run out.
    later = now + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    results = submissions_search(user=analyst, query="assessment")
    assert (results.count, results.hits) == (0, [])


@pytest.mark.parametrize("window", ["expired", "not started", "revoked"])
def test_a_grant_not_in_force_hides_the_compartment(analyst, administrator, window):
    SubmissionFactory(id="chis-report", classification="secret", compartments=["chis"])
    now = timezone.now()
    starts, expires, revoked = {
        "expired": (now - timedelta(days=2), now - timedelta(days=1), None),
        "not started": (now + timedelta(days=1), now + timedelta(days=2), None),
        "revoked": (now - timedelta(days=1), now + timedelta(days=1), now),
    }[window]
    _grant(analyst, code="chis", by=administrator, starts=starts, expires=expires,
           revoked=revoked)  # fmt: skip

    results = submissions_search(user=analyst, query="assessment")

    assert (results.count, results.hits) == (0, [])


def test_the_search_condition_lets_through_exactly_what_the_access_gate_does(
    request, analyst, chis_analyst, contributor, administrator
):
    """Search spells the gate's rule as SQL of its own; this holds the two together."""
    codes = [code for code, _ in CompartmentCode.choices]
    markings = [[], *([code] for code in codes), codes[:2], codes[1:3], codes]
    for classification in CLASSIFICATION_ORDER:
        for n, marking in enumerate(markings):
            SubmissionFactory(
                id=f"{classification}-{n}", classification=classification, compartments=marking
            )
    now = timezone.now()
    day = timedelta(days=1)
    _grant(analyst, code="interception", by=administrator, starts=now - day, expires=now + day)
    _grant(analyst, code="chis", by=administrator, starts=now - 2 * day, expires=now - day)
    _grant(analyst, code="equipment-interference", by=administrator, starts=now + day,
           expires=now + 2 * day)  # fmt: skip
    _grant(chis_analyst, code="financial-intelligence", by=administrator, starts=now - day,
           expires=now + day, revoked=now - timedelta(hours=1))  # fmt: skip
    _grant(contributor, code="chis", by=administrator, starts=now - day, expires=now + day)

    names = ("analyst", "chis_analyst", "contributor", "administrator", "uncleared", "outsider")
    for user in map(request.getfixturevalue, names):
        condition = visibility_condition(user=user, now=now)
        assert condition is not None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {ROW}.id FROM intelligence_submission {ROW} WHERE {condition.sql}",  # noqa: S608 - test SQL
                condition.params,
            )
            found = {row[0] for row in cursor.fetchall()}
        gate = filter_visible(user=user, queryset=Submission.objects.all(), now=now)
        assert found == set(gate.values_list("id", flat=True)), user.username
        assert found  # every persona sees something, so the comparison is not empty = empty


def test_a_deactivated_user_has_no_search_condition(analyst):
    analyst.is_active = False

    assert visibility_condition(user=analyst) is None
