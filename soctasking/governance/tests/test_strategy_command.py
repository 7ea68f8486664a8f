"""``soctasking strategy``: generating, listing, findings, approval, versions, comparison, PDF."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.audit.models import AuditEvent
from soctasking.cli import main
from soctasking.governance.models import ControlStrategy
from soctasking.governance.tests.strategy_picture import strategy_picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    return strategy_picture()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("strategy", *args, stdout=out)
    return out.getvalue()


def test_generate_makes_a_draft_as_the_system(picture):
    output = run("generate")

    assert output.strip() == "Draft cs-nsa-2017 (version 1) from nsa-2017: 4 entries"
    assert AuditEvent.objects.get(action="generate").actor_name == "system"
    assert "cs-nsa-2017  1        draft" in run("list")


def test_findings_list_what_holds_for_the_draft(picture):
    run("generate")

    found = json.loads(run("findings", "cs-nsa-2017", "--json"))

    assert [finding["code"] for finding in found] == ["CST004"]


def test_approval_while_a_check_holds_exits_2_naming_the_option(picture):
    run("generate")

    with pytest.raises(CommandError, match="--override-reason: CST004 still hold") as refused:
        run("approve", "cs-nsa-2017", "--meeting", "nttcg-2017-06-14")

    assert refused.value.returncode == 2
    assert ControlStrategy.objects.get().status == "draft"


def test_the_console_command_exits_2_on_a_bad_date(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["strategy", "generate", "--as-of", "31/12/2017"])

    assert exited.value.code == 2
    assert "--as-of: expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_approval_by_a_cancelled_meeting_is_refused(picture):
    run("generate")

    with pytest.raises(CommandError, match=r"--meeting: .* not held"):
        run("approve", "cs-nsa-2017", "--meeting", "nttcg-2017-09-13", "--override-reason", "x y")


def test_an_approved_version_is_revised_and_compared(picture, tmp_path):
    run("generate")
    run("approve", "cs-nsa-2017", "--meeting", "nttcg-2017-06-14", "--override-reason", "Agreed")

    assert run("new-version", "cs-nsa-2017").strip() == (
        "Draft cs-nsa-2017-v2 (version 2) from cs-nsa-2017"
    )
    assert run("compare", "cs-nsa-2017", "cs-nsa-2017-v2").strip() == "unchanged: 4"
    target = tmp_path / "strategy.pdf"
    run("pdf", "cs-nsa-2017", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_an_unknown_strategy_exits_2(picture):
    with pytest.raises(CommandError, match="STRATEGY: no control strategy has the id 'nope'"):
        run("findings", "nope")
