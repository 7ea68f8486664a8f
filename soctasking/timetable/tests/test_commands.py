"""``soctasking timetable ...`` and ``soctasking reminders``: output, who acts, exit statuses."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.cli import main
from soctasking.exchange.models import BundleLoad
from soctasking.intelligence.models import Requirement, Submission, TimetableRow
from soctasking.testing.factories import (
    MeetingFactory,
    MeetingSeriesFactory,
    RequirementFactory,
    SubmissionFactory,
    TimetableRowFactory,
)
from soctasking.timetable.models import TimetableEscalation, TimetableReminder

pytestmark = pytest.mark.django_db

HEADER = "body,product,due,window_start,deliver_to\n"


def make_row(**kwargs: object) -> TimetableRow:
    return TimetableRowFactory(**kwargs)


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def refused(command: str, *args: str) -> CommandError:
    # call_command rather than main: main closes every database connection
    # on the way out, the test's own included.
    with pytest.raises(CommandError) as error:
        run(command, *args)
    return error.value


@pytest.fixture
def requirement() -> Requirement:
    return RequirementFactory(
        id="nir-2026",
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        issued=date(2026, 3, 15),
    )


@pytest.fixture
def current() -> Requirement:
    """A requirement whose period runs around today, for what the services judge on today."""
    today = timezone.localdate()
    return RequirementFactory(
        id="nir-now",
        period_start=today - timedelta(days=200),
        period_end=today + timedelta(days=165),
        issued=today - timedelta(days=210),
    )


def test_list_shows_each_requirement_with_its_rows_and_bodies(
    requirement: Requirement, rocu: Body, other_force: Body
) -> None:
    make_row(requirement=requirement, body=rocu)
    make_row(requirement=requirement, body=rocu)
    make_row(requirement=requirement, body=other_force)
    lines = run("timetable", "list").splitlines()
    assert lines[0].split() == [
        "ID",
        "PERIOD",
        "START",
        "PERIOD",
        "END",
        "ISSUED",
        "ROWS",
        "BODIES",
    ]
    assert lines[1].split() == ["nir-2026", "2026-04-01", "2027-03-31", "2026-03-15", "3", "2"]


class TestImport:
    def test_imports_the_rows_as_the_user_named(
        self,
        tmp_path: Path,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        path = tmp_path / "rows.csv"
        path.write_text(
            HEADER
            + "rocu-north-west,tactical_assessment,2026-07-15,2026-07-01,nac\n"
            + "rocu-north-west,tactical_assessment,2026-10-15,,nac\n",
            encoding="utf-8",
        )
        out = run("timetable", "import", "nir-2026", str(path), "--by", "alice")
        assert out == "nir-2026: 2 created, 0 updated, 0 unchanged\n"
        assert TimetableRow.objects.count() == 2
        assert AuditEvent.objects.get(action="save_rows").actor == analyst
        again = run("timetable", "import", "nir-2026", str(path), "--by", "alice")
        assert again == "nir-2026: 0 created, 0 updated, 2 unchanged\n"

    def test_bad_lines_exit_2_naming_file_line_and_column(
        self,
        tmp_path: Path,
        analyst: User,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
    ) -> None:
        path = tmp_path / "rows.csv"
        path.write_text(
            HEADER
            + "rocu-north-west,tactical_assessment,2026-07-15,,nac\n"
            + "rocu-north-west,haiku,15/10/2026,,nac\n",
            encoding="utf-8",
        )
        error = refused("timetable", "import", "nir-2026", str(path), "--by", "alice")
        assert error.returncode == 2
        assert sorted(line.split(": ")[0] for line in str(error).splitlines()) == [
            f"{path}, line 3, due",
            f"{path}, line 3, product",
        ]
        assert not TimetableRow.objects.exists()

    def test_a_missing_file_an_unknown_requirement_or_user_exit_2(
        self, tmp_path: Path, analyst: User, requirement: Requirement
    ) -> None:
        missing = refused(
            "timetable", "import", "nir-2026", str(tmp_path / "no.csv"), "--by", "alice"
        )
        assert str(missing).startswith("FILE: cannot read")
        path = tmp_path / "rows.csv"
        path.write_text(HEADER + "rocu-north-west,tactical_assessment,2026-07-15,,nac\n")
        unknown = refused("timetable", "import", "nope", str(path), "--by", "alice")
        assert "REQUIREMENT: No requirement has the id 'nope'." in str(unknown).splitlines()
        nobody = refused("timetable", "import", "nir-2026", str(path), "--by", "nobody")
        assert str(nobody) == "--by: no user 'nobody'"
        assert {missing.returncode, unknown.returncode, nobody.returncode} == {2}

    def test_a_contributor_may_not(
        self, tmp_path: Path, contributor: User, requirement: Requirement
    ) -> None:
        path = tmp_path / "rows.csv"
        path.write_text(HEADER)
        error = refused("timetable", "import", "nir-2026", str(path), "--by", "bob")
        assert str(error).startswith("--by: ")
        assert error.returncode == 2


class TestGenerate:
    def test_every_rocu_quarterly(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        args = [
            "generate",
            "nir-2026",
            "--product",
            "tactical_assessment",
            "--every",
            "quarter",
            "--days-after",
            "15",
            "--deliver-to",
            "nac",
            "--kind",
            "rocu",
            "--by",
            "alice",
        ]
        assert run("timetable", *args) == "nir-2026: 4 created, 0 updated, 0 unchanged\n"
        assert run("timetable", *args) == "nir-2026: 0 created, 0 updated, 4 unchanged\n"

    def test_a_bad_rule_exits_2_naming_each_option(
        self, analyst: User, requirement: Requirement, national_unit: Body
    ) -> None:
        error = refused(
            "timetable",
            "generate",
            "nir-2026",
            "--product",
            "haiku",
            "--every",
            "month",
            "--days-after",
            "-1",
            "--deliver-to",
            "nac",
            "--by",
            "alice",
        )
        assert error.returncode == 2
        assert sorted(line.split(": ")[0] for line in str(error).splitlines()) == [
            "--days-after",
            "--kind/--body",
            "--product",
        ]
        assert not TimetableRow.objects.exists()

    def test_an_unknown_period_is_refused_by_the_console(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as exited:
            main(["timetable", "generate", "nir-2026", "--every", "fortnight"])
        assert exited.value.code == 2
        assert "--every" in capsys.readouterr().err


def cells(line: str) -> list[str]:
    """A line of a table, split where its columns are (two spaces or more)."""
    return re.split(r"\s{2,}", line.strip())


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


class TestCompliance:
    """A row of the ROCU due 15 July 2026, met only by a SECRET submission on 10 July."""

    @pytest.fixture
    def secret(self, requirement: Requirement, rocu: Body, national_unit: Body) -> Submission:
        make_row(
            id="q1",
            requirement=requirement,
            body=rocu,
            deliver_to=national_unit,
            due=date(2026, 7, 15),
            window_start=date(2026, 7, 1),
        )
        return SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            kind="tactical_assessment",
            received=at(date(2026, 7, 10)),
            classification="secret",
        )

    def compliance(self, *args: str) -> str:
        return run("timetable", "compliance", "--as-of", "2026-08-01", *args)

    def test_the_table_is_judged_as_the_named_user_sees(
        self, secret: Submission, analyst: User, uncleared: User
    ) -> None:
        low = self.compliance("--by", "una").splitlines()
        assert low[0] == (
            "Requirement nir-2026 on 2026-08-01, as una sees it; a row met only by material "
            "una may not see shows as missing."
        )
        assert cells(low[1]) == [
            "BODY",
            "NAME",
            "ON TIME",
            "LATE",
            "MISSING",
            "DUE",
            "ACKNOWLEDGED",
            "REMINDERS",
            "ESCALATED TO",
        ]
        assert cells(low[2]) == [
            "rocu-north-west",
            "North West ROCU",
            "0",
            "0",
            "1",
            "0",
            "-",
            "0",
            "-",
        ]
        assert low[3] == "Total: 0 on time, 0 late, 1 missing, 0 due"
        high = self.compliance("--by", "alice").splitlines()
        assert cells(high[2])[2:6] == ["1", "0", "0", "0"]

    def test_csv_has_a_line_a_row_with_its_submission_only_for_those_who_may_see_it(
        self, secret: Submission, analyst: User, uncleared: User
    ) -> None:
        high = list(
            csv.DictReader(io.StringIO(self.compliance("--format", "csv", "--by", "alice")))
        )
        low = list(csv.DictReader(io.StringIO(self.compliance("--format", "csv", "--by", "una"))))
        assert [(r["row"], r["status"], r["received"], r["submission"]) for r in high] == [
            ("q1", "on_time", "2026-07-10", secret.pk)
        ]
        assert [(r["row"], r["status"], r["received"], r["submission"]) for r in low] == [
            ("q1", "missing", "", "")
        ]

    def test_json_is_the_api_s_document(self, secret: Submission, uncleared: User) -> None:
        document = json.loads(self.compliance("--format", "json", "--by", "una"))
        assert document["requirement"] == "nir-2026"
        assert document["judged_on_visible_only"] is True
        assert document["bodies"][0]["rows"][0]["status"] == "missing"
        assert document["bodies"][0]["rows"][0]["submission"] is None

    def test_the_date_defaults_to_the_one_the_loaded_picture_describes(
        self, secret: Submission, uncleared: User
    ) -> None:
        BundleLoad.objects.create(sha256="a" * 64, size_bytes=1, as_of=date(2026, 7, 12))
        out = run("timetable", "compliance", "--by", "una")
        assert out.startswith("Requirement nir-2026 on 2026-07-12, as una sees it")
        # On the 12th the row, due on the 15th, was still due.
        assert cells(out.splitlines()[2])[2:6] == ["0", "0", "0", "1"]

    def test_bad_options_exit_2_naming_them(self, requirement: Requirement, analyst: User) -> None:
        assert str(
            refused("timetable", "compliance", "--as-of", "1/8/2026", "--by", "alice")
        ).startswith("--as-of: ")
        unknown = refused("timetable", "compliance", "--requirement", "nope", "--by", "alice")
        assert str(unknown) == "--requirement: no requirement 'nope'"
        none_current = refused("timetable", "compliance", "--as-of", "2020-01-01", "--by", "alice")
        assert str(none_current).startswith("--requirement: no requirement is current")
        assert unknown.returncode == none_current.returncode == 2


class TestEscalate:
    @pytest.fixture
    def gap(self, current: Requirement, rocu: Body, national_unit: Body) -> TimetableRow:
        return make_row(
            id="gap",
            requirement=current,
            body=rocu,
            deliver_to=national_unit,
            due=timezone.localdate() - timedelta(days=20),
        )

    def test_puts_the_gap_on_the_next_ntig_agenda_once(
        self, gap: TimetableRow, secretariat: User, rocu: Body
    ) -> None:
        day = timezone.localdate() + timedelta(days=9)
        MeetingFactory(
            id="ntig-1", series=MeetingSeriesFactory(kind="ntig"), date=day, status="scheduled"
        )
        out = run(
            "timetable", "escalate", "nir-now", rocu.pk, "--reason", "third miss", "--by", "sam"
        )
        escalation = TimetableEscalation.objects.get()
        assert out == (
            f"escalation {escalation.pk}: rocu-north-west in nir-now, 1 missing row (gap), "
            f"to the NTIG meeting ntig-1 on {day}\n"
        )
        assert escalation.raised_by == secretariat
        assert escalation.reason == "third miss"
        again = refused("timetable", "escalate", "nir-now", rocu.pk, "--by", "sam")
        assert str(again).startswith("BODY: North West ROCU's gap is already on the agenda")
        assert again.returncode == 2

    def test_with_no_meeting_it_waits_for_the_first(
        self, gap: TimetableRow, analyst: User, rocu: Body
    ) -> None:
        out = run("timetable", "escalate", "nir-now", rocu.pk, "--by", "alice")
        assert out.endswith("to the first NTIG meeting to be scheduled\n")

    def test_bad_input_or_role_exits_2(
        self, gap: TimetableRow, analyst: User, contributor: User, rocu: Body
    ) -> None:
        unknown = refused("timetable", "escalate", "nope", rocu.pk, "--by", "alice")
        assert str(unknown) == "REQUIREMENT: No requirement has the id 'nope'."
        contributor_refused = refused("timetable", "escalate", "nir-now", rocu.pk, "--by", "bob")
        assert str(contributor_refused).startswith("--by: ")
        assert unknown.returncode == contributor_refused.returncode == 2
        assert not TimetableEscalation.objects.exists()


class TestReminders:
    @pytest.fixture
    def rows(self, current: Requirement, rocu: Body, national_unit: Body) -> None:
        today = timezone.localdate()
        make_row(
            id="soon",
            requirement=current,
            body=rocu,
            deliver_to=national_unit,
            due=today + timedelta(days=3),
            window_start=today - timedelta(days=10),
        )
        make_row(
            id="missed",
            requirement=current,
            body=rocu,
            deliver_to=national_unit,
            product="strategic_assessment",
            due=today - timedelta(days=2),
        )

    def test_prints_a_line_an_email_and_nothing_the_second_time(
        self, rows: None, contributor: User
    ) -> None:
        contributor.email = "bob@rocu.example"
        contributor.save()
        out = run("reminders").splitlines()
        assert sorted(out) == [
            "before_due rocu-north-west (North West ROCU): soon -> bob@rocu.example",
            "missed rocu-north-west (North West ROCU): missed -> bob@rocu.example",
        ]
        assert len(mail.outbox) == 2
        assert run("reminders") == ""
        assert run("reminders", "--verbosity", "2") == "nothing to send\n"
        assert len(mail.outbox) == 2

    def test_a_body_nobody_at_which_has_an_address_is_said_so(self, rows: None) -> None:
        out = run("reminders").splitlines()
        assert all(line.endswith("-> nobody has an address") for line in out)
        assert len(out) == 2
        assert mail.outbox == []
        assert TimetableReminder.objects.count() == 2

    def test_date_judges_the_rows_as_of_that_day(self, rows: None) -> None:
        # A month back, both rows were more than 7 days off: nothing was owed.
        day = timezone.localdate() - timedelta(days=30)
        assert run("reminders", "--date", day.isoformat()) == ""
        assert not TimetableReminder.objects.exists()

    def test_a_bad_date_exits_2(self) -> None:
        error = refused("reminders", "--date", "tomorrow")
        assert str(error).startswith("--date: ")
        assert error.returncode == 2


def test_both_commands_belong_to_the_timetable() -> None:
    commands = get_commands()
    assert commands["timetable"] == commands["reminders"] == "soctasking.timetable"
