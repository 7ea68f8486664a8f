"""Actions: our actions across meetings, status updates with notes, the page and the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from soctasking.accounts.tokens import token_create
from soctasking.actions.models import ActionUpdate
from soctasking.actions.selectors import actions_of_body
from soctasking.actions.services import action_update
from soctasking.audit.models import AuditEvent
from soctasking.meetings.models import Action
from soctasking.testing.factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_our_actions_are_the_body_s_own_across_every_meeting(contributor, rocu, other_force):
    today = timezone.localdate()
    ActionFactory(id="ntig-one", owner=rocu, meeting=MeetingFactory(), due=today)
    ActionFactory(id="nttcg-two", owner=rocu, meeting=MeetingFactory(), due=today)
    ActionFactory(id="not-ours", owner=other_force)

    assert [a.pk for a in actions_of_body(user=contributor, on=today)] == ["ntig-one", "nttcg-two"]


def test_overdue_means_open_and_past_its_due_date(contributor, rocu):
    today = timezone.localdate()
    ActionFactory(id="late", owner=rocu, due=today - timedelta(days=1))
    ActionFactory(id="due-today", owner=rocu, due=today)
    ActionFactory(id="done-late", owner=rocu, due=today - timedelta(days=9), status="done")

    overdue = actions_of_body(user=contributor, status="overdue", on=today)

    assert [a.pk for a in overdue] == ["late"]


def test_the_owner_marks_an_action_done_with_a_note_kept_in_its_history(contributor, rocu):
    ActionFactory(id="brief-forces", owner=rocu)

    action_update(
        acting_user=contributor, action_id="brief-forces", status="done", note="Briefed all five."
    )

    action = Action.objects.get(pk="brief-forces")
    assert (action.status, action.completed) == ("done", timezone.localdate())
    assert [(u.status, u.note) for u in ActionUpdate.objects.all()] == [
        ("done", "Briefed all five.")
    ]
    assert AuditEvent.objects.filter(action="update", record_type="action").count() == 1


def test_reopening_an_action_clears_its_completion(contributor, rocu):
    ActionFactory(id="a", owner=rocu, status="done", completed=date(2017, 6, 2))

    action_update(acting_user=contributor, action_id="a", status="open", note="Not finished.")

    assert Action.objects.get(pk="a").completed is None


def test_an_over_long_note_or_unknown_status_is_refused_by_field_and_nothing_stored(
    contributor, rocu
):
    ActionFactory(id="a", owner=rocu)

    with pytest.raises(ValidationError) as refused:
        action_update(acting_user=contributor, action_id="a", status="finished", note="x" * 2001)

    assert set(refused.value.message_dict) == {"status", "note"}
    assert refused.value.message_dict["note"] == [
        "The note must be 2000 characters or fewer; this has 2001."
    ]
    assert not ActionUpdate.objects.exists()
    assert Action.objects.get(pk="a").status == "open"


def test_another_body_may_not_update_but_the_secretariat_may(outsider, secretariat, rocu):
    ActionFactory(id="a", owner=rocu)

    with pytest.raises(PermissionDenied):
        action_update(acting_user=outsider, action_id="a", status="done", note="Not ours")
    action_update(acting_user=secretariat, action_id="a", status="cancelled", note="Overtaken")

    assert Action.objects.get(pk="a").status == "cancelled"


def test_the_page_lists_our_actions_and_takes_an_update(client, contributor, rocu):
    ActionFactory(
        id="a", owner=rocu, text="Brief the forces on the new threat", due=date(2017, 1, 1)
    )
    client.force_login(contributor)

    listed = client.get(reverse("actions:ours")).content.decode()
    refused = client.post(reverse("actions:update", args=["a"]), {"status": "done"})
    saved = client.post(reverse("actions:update", args=["a"]), {"status": "done", "note": "Done."})
    page = client.get(reverse("actions:detail", args=["a"])).content.decode()

    assert "Brief the forces on the new threat" in listed
    assert "Overdue" in listed
    assert refused.status_code == 400
    assert 'href="#id_note"' in refused.content.decode()
    assert saved.status_code == 302
    assert "Done." in page


def test_another_body_sees_no_update_form_and_is_refused(client, outsider, rocu):
    ActionFactory(id="a", owner=rocu)
    client.force_login(outsider)

    page = client.get(reverse("actions:detail", args=["a"])).content.decode()
    refused = client.post(reverse("actions:update", args=["a"]), {"status": "done", "note": "x"})

    assert "Save the update" not in page
    assert refused.status_code == 403


def test_the_api_lists_ours_and_takes_an_update(client, contributor, rocu):
    ActionFactory(id="a", owner=rocu)
    _, raw = token_create(user=contributor, acting_user=contributor, scopes=["read", "tasking"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    listed = client.get("/api/v1/actions/ours", **headers).json()
    refused = client.post(
        "/api/v1/actions/a/updates", {"status": "x"}, content_type="application/json", **headers
    )
    saved = client.post(
        "/api/v1/actions/a/updates",
        {"status": "done", "note": "Sent."},
        content_type="application/json",
        **headers,
    )

    assert [item["id"] for item in listed["items"]] == ["a"]
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"status", "note"}
    assert saved.status_code == 201
    assert saved.json()["updates"][0]["note"] == "Sent."
