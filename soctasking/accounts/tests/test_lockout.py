"""Repeated failed sign-ins lock a username or an address out; every lockout is audited."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from soctasking.accounts.lockout import sign_in_unlock
from soctasking.audit.models import AuditEvent
from soctasking.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("web:login")
LIMIT = 5


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def attempt(client: Client, username: str, password: str, *, address: str = "10.0.0.1"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, *, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert attempt(client, username, "not the password", address=address).status_code in {
            200,
            429,
        }


def page_without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_one_failure_short_of_the_limit_still_lets_the_right_password_in(client, contributor):
    fail(client, "bob", LIMIT - 1)

    response = attempt(client, "bob", PASSWORD)

    assert response.status_code == 302
    assert response.wsgi_request.user == contributor


def test_the_limit_of_failures_locks_the_username_out_even_with_the_right_password(
    client, contributor
):
    fail(client, "bob", LIMIT - 1)
    reached = attempt(client, "bob", "not the password")

    response = attempt(client, "bob", PASSWORD)

    assert reached.status_code == 429
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    page = response.content.decode()
    assert "too many failed attempts to sign in. Try again in 30 minutes" in page
    assert '<li><a href="#id_username">There have been too many' in page


def test_a_lockout_is_counted_per_username_from_any_address(client, contributor):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"):
        fail(client, "bob", 1, address=address)

    assert attempt(client, "bob", PASSWORD, address="10.0.0.9").status_code == 429


def test_a_lockout_is_counted_per_address_across_usernames(client, contributor, analyst):
    for username in ("alice", "zed", "yan", "xi", "wu"):
        fail(client, username, 1, address="10.0.0.7")

    assert attempt(client, "bob", PASSWORD, address="10.0.0.7").status_code == 429
    assert attempt(client, "bob", PASSWORD, address="10.0.0.8").status_code == 302


def test_the_lockout_message_is_the_same_for_a_username_that_does_not_exist(client, contributor):
    fail(client, "bob", LIMIT)
    fail(client, "nobody-here", LIMIT, address="10.0.0.2")

    known = attempt(client, "bob", PASSWORD)
    unknown = attempt(client, "nobody-here", PASSWORD, address="10.0.0.2")

    assert known.status_code == unknown.status_code == 429
    assert page_without_tokens(known).replace("bob", "nobody-here") == page_without_tokens(unknown)


def test_the_lockout_ends_after_the_cool_off_period(client, contributor, settings):
    fail(client, "bob", LIMIT)
    settings.AXES_COOLOFF_TIME = timedelta(seconds=0)

    assert attempt(client, "bob", PASSWORD).status_code == 302


def test_a_lockout_is_audited_once_with_the_username_and_address(client, contributor):
    fail(client, "bob", LIMIT - 1)
    attempt(client, "bob", "not the password")
    attempt(client, "bob", PASSWORD)
    attempt(client, "bob", "still not it")

    events = list(AuditEvent.objects.filter(action="lock_out", record_type="sign_in"))
    assert len(events) == 1
    assert events[0].actor_name == "system"
    assert events[0].record_id == "bob"
    assert events[0].detail["username"] == "bob"
    assert events[0].detail["ip_address"] == "10.0.0.1"
    assert events[0].detail["failures"] == LIMIT


def test_attempts_during_a_lockout_do_not_prolong_it(client, contributor, settings):
    fail(client, "bob", LIMIT)
    fail_during = attempt(client, "bob", "guessing on", address="10.0.0.1")
    settings.AXES_COOLOFF_TIME = timedelta(seconds=0)

    assert fail_during.status_code == 429
    assert attempt(client, "bob", PASSWORD).status_code == 302


def test_an_administrator_unlocks_a_user_and_it_is_audited(client, contributor, administrator):
    fail(client, "bob", LIMIT)

    forgotten = sign_in_unlock(username="bob", acting_user=administrator)

    assert forgotten >= 1
    assert attempt(client, "bob", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="unlock")
    assert event.actor_name == "ada"
    assert event.record_id == "bob"
    assert event.detail["failures"] == LIMIT


def test_unlocking_someone_not_locked_changes_and_records_nothing(contributor, administrator):
    assert sign_in_unlock(username="bob", acting_user=administrator) == 0
    assert not AuditEvent.objects.filter(action="unlock").exists()


def test_only_an_administrator_may_unlock(client, contributor, analyst):
    fail(client, "bob", LIMIT)

    with pytest.raises(PermissionDenied):
        sign_in_unlock(username="bob", acting_user=analyst)

    assert attempt(client, "bob", PASSWORD).status_code == 429


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_user_unlock_lifts_a_lockout_from_the_console(client, contributor):
    fail(client, "bob", LIMIT)

    output = run("user", "unlock", "bob")

    assert "Unlocked bob" in output
    assert attempt(client, "bob", PASSWORD).status_code == 302
    assert AuditEvent.objects.get(action="unlock").actor_name == "system"


def test_user_unlock_ip_lifts_an_address_lockout(client, contributor):
    for username in ("zed", "yan", "xi", "wu", "vi"):
        fail(client, username, 1, address="10.0.0.7")

    output = run("user", "unlock", "--ip", "10.0.0.7")

    assert "Unlocked 10.0.0.7" in output
    assert attempt(client, "bob", PASSWORD, address="10.0.0.7").status_code == 302


def test_user_unlock_of_someone_not_locked_says_nothing_changed(contributor):
    assert "nothing changed" in run("user", "unlock", "bob")


def test_user_unlock_needs_a_name_or_an_address():
    with pytest.raises(CommandError) as error:
        run("user", "unlock")
    assert error.value.returncode == 2
    assert str(error.value).startswith("NAME:")


def test_user_unlock_refuses_an_address_that_is_not_one():
    with pytest.raises(CommandError) as error:
        run("user", "unlock", "--ip", "not-an-address")
    assert error.value.returncode == 2
    assert str(error.value).startswith("--ip:")
