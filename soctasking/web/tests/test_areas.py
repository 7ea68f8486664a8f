"""The read-only area lists: what each shows, its empty state, and who sees which submissions."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import (
    BodyFactory,
    EvaluationFactory,
    GovernanceGroupFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    OperationFactory,
    ReferralFactory,
    ScoreFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

EMPTY_STATES = {
    "web:intelligence": "No submissions you are cleared to see are recorded.",
    "web:prioritisation": "No evaluations are recorded yet.",
    "meetings:series_list": "No meetings are recorded yet.",
    "governance:groups": "No governance groups are recorded yet.",
    "local_priorities:register": "No local priorities are recorded yet.",
    "operations:register": "No operations are recorded yet.",
    "web:referrals": "No referrals are recorded yet.",
}


@pytest.mark.parametrize(("url_name", "sentence"), EMPTY_STATES.items())
def test_an_empty_area_says_so_and_how_to_load_a_picture(client, analyst, url_name, sentence):
    client.force_login(analyst)

    page = client.get(reverse(url_name)).content.decode()

    assert sentence in page
    assert "Load a bundle with <code>soctasking load FILE</code>." in page
    assert "<table" not in page


def test_governance_lists_groups_with_their_chair(client, analyst):
    chair = BodyFactory(name="National Crime Agency")
    GovernanceGroupFactory(name="Drugs threat group", kind="threat_group", chair=chair)
    client.force_login(analyst)

    page = client.get(reverse("governance:groups")).content.decode()

    assert "Drugs threat group" in page
    assert "National Crime Agency" in page


def test_operations_list_the_lead_body_and_status(client, analyst):
    OperationFactory(name="Nightjar", body=BodyFactory(name="Kent Police"), opened=date(2017, 1, 5))
    client.force_login(analyst)

    page = client.get(reverse("operations:register")).content.decode()

    assert "Nightjar" in page
    assert "Kent Police" in page
    assert "5 January 2017" in page


def test_referrals_list_who_referred_and_by_which_route(client, analyst):
    ReferralFactory(subject="Firearms supply in the north west", route="itg")
    client.force_login(analyst)

    page = client.get(reverse("web:referrals")).content.decode()

    assert "Firearms supply in the north west" in page
    assert "Intelligence tasking group" in page


def test_local_priorities_count_the_entries_of_each_body(client, analyst):
    adopted = LocalPriorityFactory(body=BodyFactory(name="Merseyside Police"))
    LocalPriorityEntryFactory(local_priority=adopted)
    LocalPriorityEntryFactory(local_priority=adopted, position=1)
    client.force_login(analyst)

    response = client.get(reverse("local_priorities:register"))

    [listed] = response.context["pagination"].page
    assert listed.entries_count == 2
    assert "Merseyside Police" in response.content.decode()


def test_prioritisation_lists_evaluations_with_how_many_threats_they_scored(client, analyst):
    evaluation = EvaluationFactory(id="eval-2017", method="morile")
    ScoreFactory(evaluation=evaluation)
    ScoreFactory(evaluation=evaluation)
    client.force_login(analyst)

    response = client.get(reverse("web:prioritisation"))

    [listed] = response.context["pagination"].page
    assert listed.threats_scored == 2
    assert "eval-2017" in response.content.decode()


@pytest.fixture
def submissions():
    sender = BodyFactory(id="force-merseyside", name="Merseyside Police")
    levels = ["official", "official-sensitive", "secret", "top-secret"]
    for level in levels:
        SubmissionFactory(
            id=f"sub-{level}", title=f"Report marked {level}", body=sender, classification=level
        )
    SubmissionFactory(
        id="sub-chis",
        title="Report from a source",
        body=sender,
        classification="secret",
        compartments=["chis"],
    )


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("uncleared", ["official"]),
        ("outsider", ["official"]),
        ("contributor", ["official", "official-sensitive"]),
        ("analyst", ["official", "official-sensitive", "secret"]),
        ("chis_analyst", ["official", "official-sensitive", "secret", "chis"]),
        ("administrator", ["official", "official-sensitive", "secret", "top-secret", "chis"]),
    ],
)
def test_intelligence_lists_only_submissions_within_clearance_and_compartments(
    client, request, submissions, persona, visible
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("web:intelligence"))

    listed = {submission.id for submission in response.context["pagination"].page}
    assert listed == {f"sub-{name}" for name in visible}
    page = response.content.decode()
    assert f"{len(visible)} submission{'s' if len(visible) > 1 else ''} you are cleared to see" in (
        page
    )
    hidden = {"official", "official-sensitive", "secret", "top-secret"} - set(visible)
    for level in hidden:
        assert f"Report marked {level}" not in page


def test_intelligence_never_shows_or_loads_the_text_of_a_submission(client, analyst, submissions):
    client.force_login(analyst)

    response = client.get(reverse("web:intelligence"))

    assert "Drug supply lines" not in response.content.decode()
    for submission in response.context["pagination"].page:
        assert "text" in submission.get_deferred_fields()


def test_intelligence_shows_the_marking_of_each_submission(client, analyst, submissions):
    client.force_login(analyst)

    page = client.get(reverse("web:intelligence")).content.decode()

    assert '<strong class="govuk-tag govuk-tag--grey">OFFICIAL-SENSITIVE</strong>' in page
    assert "Merseyside Police" in page


def test_area_lists_come_a_page_at_a_time_with_govuk_pagination(client, analyst):
    for number in range(30):
        ReferralFactory(id=f"ref-{number:02}", submitted=date(2017, 1, 1))
    client.force_login(analyst)

    first = client.get(reverse("web:referrals"))
    second = client.get(reverse("web:referrals"), {"page": 2})

    assert len(first.context["pagination"].page) == 25
    assert len(second.context["pagination"].page) == 5
    assert "30 referrals, page 2 of 2" in second.content.decode()
    assert '<nav class="govuk-pagination" aria-label="Pagination">' in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_listing_sensitive_submissions_is_audited_as_a_read_of_what_was_shown(
    client, analyst, submissions
):
    client.force_login(analyst)

    client.get(reverse("web:intelligence"))

    event = AuditEvent.objects.get(action="list", record_type="submission")
    assert event.actor == analyst
    assert sorted(event.detail["ids"]) == ["sub-official-sensitive", "sub-secret"]


def test_a_list_showing_nothing_sensitive_writes_no_audit_event(client, uncleared, submissions):
    client.force_login(uncleared)

    client.get(reverse("web:intelligence"))

    assert not AuditEvent.objects.filter(action="list").exists()
