from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from soctasking.accounts.models import ApiToken, User
from soctasking.audit.models import AuditEvent
from soctasking.cli import main

pytestmark = pytest.mark.django_db

STRONG = "vellum otter quarry lantern"


def run(*args: str, stdin: io.StringIO | None = None) -> str:
    out = io.StringIO()
    if stdin is None:
        call_command(*args, stdout=out)
    else:
        call_command(*args, stdout=out, stdin=stdin)
    return out.getvalue()


def refused(*args: str, stdin: io.StringIO | None = None) -> CommandError:
    with pytest.raises(CommandError) as error:
        run(*args, stdin=stdin)
    return error.value


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password"
    path.write_text(STRONG + "\n")
    return str(path)


def add_dana(password_file: str) -> str:
    return run(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "analyst",
        "--clearance",
        "secret",
        "--compartment",
        "chis",
        "interception",
        "--password-file",
        password_file,
    )


def create_token(*args: str) -> str:
    """The raw token: the last line of ``token create``."""
    return run("token", "create", *args).splitlines()[-1]


def api_checks(client, raw: str) -> int:
    return client.get("/api/v1/checks", headers={"Authorization": f"Bearer {raw}"}).status_code


def test_user_add_reads_the_password_from_the_first_line_of_a_file(national_unit, password_file):
    assert add_dana(password_file) == "Added dana.\n"

    dana = User.objects.get(username="dana")
    assert dana.check_password(STRONG)
    assert sorted(dana.compartments.values_list("code", flat=True)) == ["chis", "interception"]


def test_user_add_reads_one_line_of_standard_input_when_it_is_not_a_terminal(national_unit):
    stdin = io.StringIO(STRONG + "\nignored\n")

    run(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "chair",
        "--clearance",
        "secret",
        stdin=stdin,
    )

    assert User.objects.get(username="dana").check_password(STRONG)


def test_user_add_prompts_twice_on_a_terminal_and_refuses_entries_that_differ(
    national_unit, monkeypatch
):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    error = refused(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "chair",
        "--clearance",
        "secret",
        stdin=Terminal(),
    )

    assert (error.returncode, str(error)) == (2, "password: the two entries differ")
    assert not User.objects.filter(username="dana").exists()


def test_a_generated_password_is_printed_once_and_works(national_unit):
    out = run(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "analyst",
        "--clearance",
        "secret",
        "--generate-password",
    )

    lines = out.splitlines()
    assert lines[:2] == ["Added dana.", "Their password, shown only this once:"]
    assert len(lines[2]) >= 20
    assert User.objects.get(username="dana").check_password(lines[2])


def test_a_weak_password_is_refused_with_status_2_naming_the_field(national_unit, tmp_path):
    weak = tmp_path / "weak"
    weak.write_text("letmein\n")

    error = refused(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "analyst",
        "--clearance",
        "secret",
        "--password-file",
        str(weak),
    )

    assert error.returncode == 2
    assert "password: This password is too short." in str(error)
    assert not User.objects.filter(username="dana").exists()


def test_unknown_options_are_refused_with_status_2_naming_each_option(national_unit):
    error = refused(
        "user",
        "add",
        "dana",
        "--body",
        "nca",
        "--role",
        "boss",
        "--clearance",
        "secret",
        "--compartment",
        "telepathy",
        "--generate-password",
    )

    assert error.returncode == 2
    assert str(error).splitlines() == [
        "--body: unknown body 'nca'; expected one of: nac",
        "--role: unknown role 'boss'; expected one of: administrator, analyst, secretariat, "
        "chair, contributor, inspector",
        "--compartment: unknown compartment 'telepathy'; expected any of: chis, "
        "equipment-interference, financial-intelligence, interception",
    ]


def test_the_console_exits_2_on_an_unknown_clearance(national_unit, capsys):
    with pytest.raises(SystemExit) as exited:
        main(
            [
                "user",
                "add",
                "dana",
                "--body",
                "nac",
                "--role",
                "analyst",
                "--clearance",
                "cosmic",
                "--generate-password",
            ]
        )

    assert exited.value.code == 2
    assert "--clearance: unknown clearance 'cosmic'; expected one of: official," in (
        capsys.readouterr().err
    )


def test_user_list_is_a_table_of_every_user(analyst, chis_analyst, outsider):
    assert run("user", "list").splitlines() == [
        "USERNAME  BODY        ROLE         CLEARANCE  COMPARTMENTS  ACTIVE",
        "alice     nac         analyst      secret     -             yes",
        "cara      nac         analyst      secret     chis          yes",
        "charlie   force-kent  contributor  official   -             yes",
    ]


def test_user_set_changes_only_what_is_given(chis_analyst, password_file):
    out = run(
        "user",
        "set",
        "cara",
        "--clearance",
        "top-secret",
        "--no-compartments",
        "--inactive",
        "--password-file",
        password_file,
    )

    assert out == (
        "cara: body nac, role analyst, clearance top-secret, compartments none, inactive.\n"
    )
    cara = User.objects.get(username="cara")
    assert (cara.role, cara.clearance, cara.is_active) == ("analyst", "top-secret", False)
    assert not cara.compartments.exists()
    assert cara.check_password(STRONG)


def test_user_set_without_a_change_is_refused_with_status_2(analyst):
    error = refused("user", "set", "alice")

    assert error.returncode == 2
    assert str(error).startswith("nothing to change: give --role, --clearance")


def test_user_set_of_an_unknown_user_is_refused_with_status_2(db):
    error = refused("user", "set", "nobody", "--active")

    assert (error.returncode, str(error)) == (2, "NAME: no user 'nobody'")


def test_a_token_created_on_the_console_authenticates_against_the_api(analyst, client):
    out = run("token", "create", "--user", "alice", "--name", "reporting")
    raw = out.splitlines()[-1]

    token = ApiToken.objects.get()
    assert out.splitlines()[0].startswith(
        f"Token {token.pk} ({token.prefix}) for alice, scopes read, expires"
    )
    assert raw.startswith(token.prefix)
    assert api_checks(client, raw) == 200
    assert api_checks(client, raw + "x") == 401


def test_a_revoked_token_gets_401(analyst, client):
    raw = create_token("--user", "alice")
    token = ApiToken.objects.get()

    out = run("token", "revoke", token.prefix)

    assert out == f"Revoked token {token.pk} ({token.prefix}) of alice.\n"
    assert api_checks(client, raw) == 401


def test_an_expired_token_gets_401(analyst, client):
    raw = create_token("--user", "alice", "--expires-days", "30")
    expires = ApiToken.objects.get().expires
    assert expires is not None
    assert expires - timezone.now() > timedelta(days=29)
    assert api_checks(client, raw) == 200

    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))

    assert api_checks(client, raw) == 401


def test_the_raw_token_is_not_stored_only_its_digest(analyst):
    raw = create_token("--user", "alice")

    stored = ApiToken.objects.values().get()
    assert raw not in json.dumps(stored, default=str)


def test_token_list_never_shows_a_token(analyst, contributor):
    raws = [create_token("--user", "alice", "--name", "reports"), create_token("--user", "bob")]
    run("token", "revoke", str(ApiToken.objects.get(user__username="alice").pk))

    out = run("token", "list")

    lines = out.splitlines()
    assert lines[0].split() == [
        "ID",
        "PREFIX",
        "USER",
        "NAME",
        "SCOPES",
        "CREATED",
        "EXPIRES",
        "REVOKED",
        "LAST",
        "USED",
    ]
    assert [line.split()[2:4] for line in lines[1:]] == [["alice", "reports"], ["bob", "-"]]
    assert all(raw not in out for raw in raws)
    assert run("token", "list", "--user", "bob").count("\n") == 2


def test_an_expiry_of_no_days_is_refused_with_status_2(analyst):
    error = refused("token", "create", "--user", "alice", "--expires-days", "0")

    assert (error.returncode, str(error)) == (2, "--expires-days: expected 1 or more days, got 0")


def test_a_token_for_an_unknown_user_is_refused_with_status_2(db):
    error = refused("token", "create", "--user", "nobody")

    assert (error.returncode, str(error)) == (2, "--user: no user 'nobody'")


def test_revoking_an_unknown_or_ambiguous_token_is_refused_with_status_2(analyst):
    create_token("--user", "alice")
    create_token("--user", "alice")

    unknown = refused("token", "revoke", "soct_zzzzzzzz")
    ambiguous = refused("token", "revoke", "soct_")

    assert (unknown.returncode, ambiguous.returncode) == (2, 2)
    first, second = ApiToken.objects.order_by("pk").values_list("pk", flat=True)
    assert str(ambiguous) == f"PREFIX_OR_ID: 'soct_' names tokens {first}, {second}; give the id"
    assert not ApiToken.objects.filter(revoked__isnull=False).exists()


def test_the_commands_audit_every_change_as_the_system_without_secrets(
    national_unit, password_file
):
    add_dana(password_file)
    run("user", "set", "dana", "--role", "chair", "--password-file", password_file)
    raw = create_token("--user", "dana")
    run("token", "revoke", str(ApiToken.objects.get().pk))

    events = list(AuditEvent.objects.values_list("actor_name", "action", "record_type"))
    assert events == [
        ("system", "create", "user"),
        ("system", "update", "user"),
        ("system", "create", "api_token"),
        ("system", "revoke", "api_token"),
    ]
    trail = json.dumps(list(AuditEvent.objects.values("detail")))
    dana = User.objects.get(username="dana")
    assert STRONG not in trail
    assert dana.password not in trail
    assert raw not in trail
    assert ApiToken.objects.get().digest not in trail
