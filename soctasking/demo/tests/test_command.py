"""``soctasking demo``: a fresh picture, a user per role who can sign in, then the server."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from soctasking.accounts.models import User
from soctasking.bodies.models import Body
from soctasking.demo.management.commands import demo as demo_command
from soctasking.demo.services import DEMO_PERSONAS
from soctasking.testing.factories import BodyFactory

ROLES = {"administrator", "analyst", "secretariat", "chair", "contributor", "inspector"}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _passwords(output: str) -> dict[str, str]:
    """Each username's password, read from the sign-in table the command prints."""
    passwords = {}
    for line in output.splitlines():
        cells = line.split()
        if len(cells) > 2 and cells[0] in ROLES:
            passwords[cells[1]] = cells[2]
    return passwords


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        demo_command, "call_command", lambda *args, **kwargs: calls.append((args, kwargs))
    )
    return calls


def test_the_demo_creates_one_user_per_role_who_can_sign_in(db, served):
    output = _run("--no-serve")
    passwords = _passwords(output)
    assert {persona.username for persona in DEMO_PERSONAS} == set(passwords)
    assert {user.role for user in User.objects.all()} == ROLES
    for username, password in passwords.items():
        request = RequestFactory().post("/sign-in/")
        assert authenticate(request, username=username, password=password), username


def test_the_demo_prints_the_sign_in_address_and_every_username(db, served):
    output = _run("--no-serve", "--host", "demo.example", "--port", "8123")
    assert "http://demo.example:8123/sign-in/" in output
    for persona in DEMO_PERSONAS:
        assert persona.username in output
    assert served == []


def test_the_demo_says_which_users_need_an_authenticator_app_and_how_to_set_it_up(db, served):
    output = _run("--no-serve")
    cleared = [p.username for p in DEMO_PERSONAS if p.clearance in {"secret", "top-secret"}]
    assert cleared
    assert f"Users cleared SECRET or above ({', '.join(cleared)}) also need a code" in output
    assert "a page shows a QR code and the secret" in output


def test_the_demo_gives_users_their_body_clearance_and_compartments(db, served):
    _run("--no-serve")
    contributor = User.objects.get(username="contributor")
    assert contributor.body_id == "rocu-north-west"
    assert contributor.clearance == "official-sensitive"
    analyst = User.objects.get(username="analyst")
    assert set(analyst.compartments.values_list("code", flat=True)) == {"chis", "interception"}


# Flushing a database is not possible inside a test's transaction on PostgreSQL;
# the migrations' rows (the compartments) are restored after the test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_replaces_whatever_the_database_held(served):
    BodyFactory(id="leftover", name="Left over from before")
    _run("--no-serve")
    assert not Body.objects.filter(id="leftover").exists()
    assert Body.objects.filter(kind="rocu").count() == 9


# Flushing a database is not possible inside a test's transaction on PostgreSQL;
# the migrations' rows (the compartments) are restored after the test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_setup_gives_new_passwords(served):
    first = _passwords(_run("--no-serve"))
    second = _passwords(_run("--no-serve"))
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_the_demo_serves_on_the_host_and_port_given(db, served):
    _run("--host", "demo.example", "--port", "8123")
    assert served == [(("serve",), {"host": "demo.example", "port": 8123})]


def test_the_demo_refuses_a_port_that_is_not_a_number(db, served):
    with pytest.raises(CommandError, match="expected a number"):
        _run("--no-serve", "--port", "eighty")
