"""Background tasks of actions, for the tasks backend (django-tasks) to run daily."""

from __future__ import annotations

from django_tasks import task

from soctasking.actions.services import action_reminders_send


@task()
def action_reminders_daily() -> int:
    """Send the day's action reminders; the number of emails, for the task's result."""
    return len(action_reminders_send())
