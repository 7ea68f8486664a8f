"""Action reminders: before and after the due date, once of each kind, by command and task."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from soctasking.actions.models import ActionReminder
from soctasking.actions.services import action_reminders_send
from soctasking.actions.tasks import action_reminders_daily
from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import ActionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2017, 7, 10)


@pytest.fixture
def owed(rocu, contributor):
    contributor.email = "bob@nw.example"
    contributor.save(update_fields=["email"])
    ActionFactory(id="soon", owner=rocu, due=date(2017, 7, 17), text="Brief the forces")
    ActionFactory(id="too-far", owner=rocu, due=date(2017, 7, 18))
    ActionFactory(id="late", owner=rocu, due=date(2017, 7, 9), text="Send the profile")
    ActionFactory(id="long-late", owner=rocu, due=date(2017, 6, 9))
    ActionFactory(id="done", owner=rocu, due=date(2017, 7, 12), status="done")


def test_a_body_is_reminded_of_actions_due_soon_and_of_those_just_overdue(owed):
    sent = action_reminders_send(today=TODAY)

    assert [(e.kind.value, [a.pk for a in e.actions]) for e in sent] == [
        ("before_due", ["soon"]),
        ("overdue", ["late"]),
    ]
    assert [m.to for m in mail.outbox] == [["bob@nw.example"], ["bob@nw.example"]]
    assert mail.outbox[1].subject == "Overdue actions for North West ROCU"
    assert "Send the profile" in mail.outbox[1].body
    assert "/actions/late/" in mail.outbox[1].body
    assert AuditEvent.objects.filter(action="remind", record_type="body").count() == 2


def test_running_it_again_sends_nothing_twice(owed):
    action_reminders_send(today=TODAY)
    mail.outbox.clear()

    assert action_reminders_send(today=TODAY) == []
    assert mail.outbox == []
    assert ActionReminder.objects.count() == 2


def test_the_command_prints_each_email_and_the_task_sends_them_too(owed):
    out = StringIO()

    call_command("actions", "remind", "--date", "2017-07-10", stdout=out)

    assert out.getvalue().splitlines() == [
        "before_due rocu-north-west (North West ROCU): soon -> bob@nw.example",
        "overdue rocu-north-west (North West ROCU): late -> bob@nw.example",
    ]
    assert action_reminders_daily.call() == 0


def test_a_bad_date_exits_2_naming_the_option():
    with pytest.raises(CommandError) as error:
        call_command("actions", "remind", "--date", "10/07/2017")

    assert error.value.returncode == 2
    assert str(error.value).startswith("--date: expected a date as YYYY-MM-DD")
