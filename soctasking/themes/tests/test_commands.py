"""``soctasking themes``: rebuild, list, show and decide from the console."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from soctasking.cli import main
from soctasking.testing.factories import BodyFactory
from soctasking.themes.models import DecisionKind, ThemeAlias, ThemeDecision
from soctasking.themes.tests.helpers import draft_assessment, named_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    draft_assessment(threats=["drugs"])
    for n, threat in enumerate(["drugs", "csea", "drugs"]):
        named_submission(
            body=BodyFactory(id=f"rocu-{n}"), threats=[threat], themes=["county lines"]
        )


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command("themes", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_recompute_reports_what_it_indexed(picture):
    assert "indexed 3 submissions" in run("recompute")


def test_list_and_show_give_the_ranking_and_the_evidence(picture):
    assert "county lines" in run("list", "--emerging", "--as-of", "2018-03-31")
    shown = run("show", "County-Lines")
    assert "3 bodies" in shown
    assert "rocu-0" in shown


def test_an_analyst_named_with_by_dismisses_a_theme(picture, analyst):
    run("dismiss", "county lines", "--by", "alice", "--reason", "A drugs matter.")

    assert ThemeDecision.objects.get().kind == DecisionKind.DISMISSED


def test_merge_acts_as_the_system(picture):
    named_submission(body=BodyFactory(id="rocu-x"), threats=["drugs"], themes=["CL drugs lines"])

    run("merge", "CL drugs lines", "--into", "county lines")

    assert ThemeAlias.objects.get().theme_id == "county line"


@pytest.mark.parametrize(
    "arguments",
    [
        ["dismiss", "county lines", "--by", "nobody", "--reason", "x"],
        ["dismiss", "county lines", "--by", "bob", "--reason", "x"],
        ["dismiss", "no such theme", "--by", "alice", "--reason", "x"],
        ["dismiss", "county lines", "--by", "alice", "--reason", "  "],
        ["add-keyword", "county lines", "--threat", "none", "--by", "alice", "--reason", "x"],
        ["merge", "!!!", "--into", "county lines"],
        ["show", "nothing here"],
        ["list", "--limit", "0"],
    ],
)
def test_bad_input_is_refused_with_status_2_and_stores_nothing(
    picture, analyst, contributor, arguments
):
    with pytest.raises(CommandError) as refused:
        run(*arguments)

    assert refused.value.returncode == 2
    assert not ThemeDecision.objects.exists()
    assert not ThemeAlias.objects.exists()


def test_the_console_exits_2_naming_the_option(picture, capsys):
    # The console closes the database connection as it exits: nothing is read after it.
    with pytest.raises(SystemExit) as exited:
        main(["themes", "dismiss", "county lines", "--by", "nobody", "--reason", "x"])

    assert exited.value.code == 2
    assert "--by: no user 'nobody'" in capsys.readouterr().err
