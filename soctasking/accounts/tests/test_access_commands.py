"""``soctasking access list|approve|refuse``: output, the authoriser's rules, exit statuses."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.accounts.models import AccessRequestStatus, Compartment, CompartmentAccessRequest
from soctasking.accounts.services import access_request_create
from soctasking.audit.models import AuditEvent
from soctasking.cli import main

pytestmark = pytest.mark.django_db

REASON = "Corroborating source reporting for operation Nightjar"


@pytest.fixture
def access_request(analyst) -> CompartmentAccessRequest:
    return access_request_create(
        requester=analyst, compartment=Compartment.objects.get(code="chis"), reason=REASON, days=5
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("access", *args, stdout=out)
    return out.getvalue()


def test_list_shows_the_requests_awaiting_decision(access_request):
    lines = run("list").splitlines()
    assert lines[0].split()[:4] == ["ID", "REQUESTER", "COMPARTMENT", "DAYS"]
    assert lines[1].split()[:5] == [str(access_request.pk), "alice", "chis", "5", "requested"]
    assert lines[1].endswith(REASON)


def test_approve_grants_access_recording_the_named_authoriser(access_request, administrator):
    out = run("approve", str(access_request.pk), "--by", "ada", "--note", "For Nightjar")

    assert out.startswith(f"approved request {access_request.pk}: alice in chis until ")
    access_request.refresh_from_db()
    assert access_request.decided_by == administrator
    assert access_request.grant.request_id == access_request.pk
    assert AuditEvent.objects.get(action="approve").actor_name == "ada"
    assert run("list").splitlines()[1:] == []


def test_refuse_grants_nothing(access_request, administrator):
    run("refuse", str(access_request.pk), "--by", "ada")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REFUSED
    assert "refused" in run("list", "--all")


def test_someone_who_may_not_authorise_is_refused_naming_the_option(access_request, chair):
    with pytest.raises(CommandError) as refused:
        run("approve", str(access_request.pk), "--by", "chris")
    assert str(refused.value).startswith("--by: ")
    assert refused.value.returncode == 2


def exit_status(*args: str) -> int:
    # call_command rather than main: main closes every database connection
    # on the way out, the test's own included.
    with pytest.raises(CommandError) as refused:
        run(*args)
    return refused.value.returncode


def test_the_requester_cannot_approve_their_own_request(access_request):
    assert exit_status("approve", str(access_request.pk), "--by", "alice") == 2
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REQUESTED


def test_an_unknown_id_or_user_exits_2(access_request, administrator):
    assert exit_status("approve", "0", "--by", "ada") == 2
    assert exit_status("refuse", str(access_request.pk), "--by", "nobody") == 2


def test_a_missing_authoriser_is_refused_by_the_console(access_request):
    with pytest.raises(SystemExit) as exited:
        main(["access", "approve", str(access_request.pk)])
    assert exited.value.code == 2
