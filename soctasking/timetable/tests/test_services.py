from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.models import Acknowledgement, Requirement, TimetableRow
from soctasking.meetings.models import Meeting
from soctasking.testing.factories import (
    BodyFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
    UserFactory,
)
from soctasking.timetable.models import TimetableEscalation, TimetableReminder
from soctasking.timetable.recurrence import Every, RecurringRule
from soctasking.timetable.selectors import compliance_by_body, escalations_for_meeting
from soctasking.timetable.services import (
    RowIn,
    gap_escalate,
    reminders_send,
    requirement_acknowledge,
    requirement_create,
    timetable_row_delete,
    timetable_rows_generate,
    timetable_rows_import_csv,
    timetable_rows_save,
)

pytestmark = pytest.mark.django_db


def make_row(**kwargs: object) -> TimetableRow:
    return TimetableRowFactory(**kwargs)


def make_meeting(**kwargs: object) -> Meeting:
    return MeetingFactory(**kwargs)


def make_user(**kwargs: object) -> User:
    return UserFactory(**kwargs)


@pytest.fixture
def requirement() -> Requirement:
    return RequirementFactory(
        id="nir-2026",
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
        issued=date(2026, 3, 15),
    )


def errors_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


class TestRequirementCreate:
    def test_stores_the_threats_with_their_collection_priorities(self, analyst: User) -> None:
        ThreatFactory(id="drugs")
        ThreatFactory(id="fraud")
        requirement = requirement_create(
            acting_user=analyst,
            id="nir-2027",
            period_start=date(2027, 4, 1),
            period_end=date(2028, 3, 31),
            issued=date(2027, 3, 1),
            threats=[("drugs", "high"), ("fraud", "")],
        )
        assert dict(requirement.threats.values_list("threat_id", "collection_priority")) == {
            "drugs": "high",
            "fraud": "",
        }
        assert AuditEvent.objects.filter(action="create", record_id="nir-2027").exists()

    def test_bad_input_names_each_field_and_stores_nothing(
        self, analyst: User, requirement: Requirement
    ) -> None:
        with pytest.raises(ValidationError) as refused:
            requirement_create(
                acting_user=analyst,
                id="nir-2026",
                period_start=date(2027, 4, 1),
                period_end=date(2027, 1, 1),
                issued=None,
                threats=[("no-such-threat", "urgent")],
            )
        errors = errors_of(refused)
        assert set(errors) == {"id", "period_end", "issued", "threats"}
        assert "already exists" in errors["id"][0]
        assert Requirement.objects.count() == 1

    def test_a_contributor_may_not_issue_one(self, contributor: User) -> None:
        with pytest.raises(PermissionDenied):
            requirement_create(
                acting_user=contributor,
                id="nir-x",
                period_start=date(2027, 4, 1),
                period_end=date(2028, 3, 31),
                issued=date(2027, 3, 1),
                threats=[],
            )


class TestRowsSave:
    def test_a_row_without_an_id_gets_one_and_saving_again_changes_nothing(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        row = RowIn(
            body=rocu.pk,
            product="tactical_assessment",
            due=date(2026, 7, 15),
            deliver_to=national_unit.pk,
        )
        first = timetable_rows_save(acting_user=analyst, requirement_id="nir-2026", rows=[row])
        again = timetable_rows_save(acting_user=analyst, requirement_id="nir-2026", rows=[row])
        assert first.created == ["nir-2026.rocu-north-west.ta.20260715"]
        assert again.created == []
        assert again.unchanged == first.created
        assert TimetableRow.objects.count() == 1

    def test_a_row_of_another_requirement_is_refused(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        make_row(id="taken", body=rocu, deliver_to=national_unit)
        with pytest.raises(ValidationError) as refused:
            timetable_rows_save(
                acting_user=analyst,
                requirement_id="nir-2026",
                rows=[
                    RowIn(
                        id="taken",
                        body=rocu.pk,
                        product="tactical_assessment",
                        due=date(2026, 7, 15),
                        deliver_to=national_unit.pk,
                    )
                ],
            )
        assert "is a row of requirement" in errors_of(refused)["id"][0]


class TestCsvImport:
    HEADER = "body,product,due,window_start,deliver_to\n"

    def test_imports_every_row(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        text = (
            self.HEADER
            + "rocu-north-west,tactical_assessment,2026-07-15,2026-07-01,nac\n"
            + "rocu-north-west,tactical_assessment,2026-10-15,,nac\n"
        )
        saved = timetable_rows_import_csv(acting_user=analyst, requirement_id="nir-2026", text=text)
        assert len(saved.created) == 2
        rows = TimetableRow.objects.order_by("due")
        assert [(r.due, r.window_start) for r in rows] == [
            (date(2026, 7, 15), date(2026, 7, 1)),
            (date(2026, 10, 15), None),
        ]

    def test_one_bad_line_stores_nothing_and_names_line_and_column(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        text = (
            self.HEADER
            + "rocu-north-west,tactical_assessment,2026-07-15,,nac\n"
            + "nowhere,tactical_assessment,15/10/2026,,nac\n"
            + "rocu-north-west,haiku,2026-10-15,2026-11-01,nac\n"
        )
        with pytest.raises(ValidationError) as refused:
            timetable_rows_import_csv(acting_user=analyst, requirement_id="nir-2026", text=text)
        errors = errors_of(refused)
        assert set(errors) == {
            "line 3, body",
            "line 3, due",
            "line 4, product",
            "line 4, window_start",
        }
        assert "YYYY-MM-DD" in errors["line 3, due"][0]
        assert TimetableRow.objects.count() == 0

    def test_a_header_without_required_columns_is_refused(
        self, analyst: User, requirement: Requirement
    ) -> None:
        with pytest.raises(ValidationError) as refused:
            timetable_rows_import_csv(
                acting_user=analyst, requirement_id="nir-2026", text="body,due,colour\nx,y,z\n"
            )
        assert errors_of(refused)["line 1"] == [
            "Columns missing: product, deliver_to.",
            "Columns not known: colour (expected id, body, product, due, window_start, "
            "deliver_to).",
        ]


class TestGenerate:
    def test_every_rocu_a_tactical_assessment_15_days_after_each_quarter(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        BodyFactory(id="rocu-east", name="Eastern ROCU", kind=BodyKind.ROCU)
        rule = RecurringRule(
            product="tactical_assessment",
            every=Every.QUARTER,
            days_after=15,
            deliver_to=national_unit.pk,
            body_kinds=(BodyKind.ROCU,),
        )
        saved = timetable_rows_generate(acting_user=analyst, requirement_id="nir-2026", rule=rule)
        assert len(saved.created) == 8
        rows = TimetableRow.objects.filter(body=rocu).order_by("due")
        assert [(r.window_start, r.due) for r in rows] == [
            (date(2026, 7, 1), date(2026, 7, 15)),
            (date(2026, 10, 1), date(2026, 10, 15)),
            (date(2027, 1, 1), date(2027, 1, 15)),
            (date(2027, 4, 1), date(2027, 4, 15)),
        ]
        again = timetable_rows_generate(acting_user=analyst, requirement_id="nir-2026", rule=rule)
        assert again.created == []
        assert len(again.unchanged) == 8

    def test_monthly_rows_for_named_bodies(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        rule = RecurringRule(
            product="intelligence_report",
            every=Every.MONTH,
            days_after=5,
            deliver_to=national_unit.pk,
            bodies=(rocu.pk,),
        )
        saved = timetable_rows_generate(acting_user=analyst, requirement_id="nir-2026", rule=rule)
        assert len(saved.created) == 12
        assert TimetableRow.objects.order_by("due")[0].due == date(2026, 5, 5)

    def test_a_rule_for_nobody_is_refused(
        self, analyst: User, requirement: Requirement, national_unit: Body
    ) -> None:
        rule = RecurringRule(
            product="tactical_assessment",
            every=Every.QUARTER,
            days_after=-1,
            deliver_to=national_unit.pk,
        )
        with pytest.raises(ValidationError) as refused:
            timetable_rows_generate(acting_user=analyst, requirement_id="nir-2026", rule=rule)
        assert set(errors_of(refused)) == {"bodies", "days_after"}


def test_deleting_a_row_is_audited(analyst: User, requirement: Requirement) -> None:
    row = make_row(requirement=requirement)
    timetable_row_delete(acting_user=analyst, row_id=row.pk)
    assert not TimetableRow.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="delete", record_id=row.pk).exists()


class TestAcknowledge:
    def test_a_contributor_acknowledges_once_for_their_body(
        self, contributor: User, requirement: Requirement, rocu: Body
    ) -> None:
        make_row(requirement=requirement, body=rocu)
        first = requirement_acknowledge(acting_user=contributor, requirement_id="nir-2026")
        again = requirement_acknowledge(acting_user=contributor, requirement_id="nir-2026")
        assert first.pk == again.pk
        assert first.date == timezone.localdate()
        assert Acknowledgement.objects.count() == 1

    def test_not_for_another_body_nor_without_rows(
        self, contributor: User, requirement: Requirement, other_force: Body
    ) -> None:
        make_row(requirement=requirement, body=other_force)
        with pytest.raises(ValidationError) as other:
            requirement_acknowledge(
                acting_user=contributor, requirement_id="nir-2026", body_id=other_force.pk
            )
        with pytest.raises(ValidationError) as none:
            requirement_acknowledge(acting_user=contributor, requirement_id="nir-2026")
        assert "only for your own body" in errors_of(other)["body"][0]
        assert "has no rows" in errors_of(none)["body"][0]
        assert Acknowledgement.objects.count() == 0

    def test_an_inspector_may_not(
        self, inspector: User, requirement: Requirement, national_unit: Body
    ) -> None:
        make_row(requirement=requirement, body=national_unit)
        with pytest.raises(PermissionDenied):
            requirement_acknowledge(acting_user=inspector, requirement_id="nir-2026")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


class TestReminders:
    @pytest.fixture
    def rows(
        self, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> dict[str, TimetableRow]:
        today = timezone.localdate()
        return {
            "soon": make_row(
                id="soon",
                requirement=requirement,
                body=rocu,
                deliver_to=national_unit,
                product="tactical_assessment",
                due=today + timedelta(days=3),
                window_start=today - timedelta(days=10),
            ),
            "later": make_row(
                id="later",
                requirement=requirement,
                body=rocu,
                deliver_to=national_unit,
                product="tactical_assessment",
                due=today + timedelta(days=40),
                window_start=today + timedelta(days=20),
            ),
            "missed": make_row(
                id="missed",
                requirement=requirement,
                body=rocu,
                deliver_to=national_unit,
                product="strategic_assessment",
                due=today - timedelta(days=2),
            ),
            "old": make_row(
                id="old",
                requirement=requirement,
                body=rocu,
                deliver_to=national_unit,
                product="problem_profile",
                due=today - timedelta(days=200),
            ),
        }

    def test_due_soon_and_just_missed_rows_are_emailed_once(
        self, rows: dict[str, TimetableRow], contributor: User
    ) -> None:
        contributor.email = "bob@rocu.example"
        contributor.save()
        sent = reminders_send(days_before=7, missed_within=30)
        assert {(r.kind, tuple(row.pk for row in r.rows)) for r in sent} == {
            ("before_due", ("soon",)),
            ("missed", ("missed",)),
        }
        assert len(mail.outbox) == 2
        assert all(message.to == ["bob@rocu.example"] for message in mail.outbox)
        missed = next(m for m in mail.outbox if m.subject.startswith("Missed"))
        assert "Strategic assessment" in missed.body
        assert "/timetable/compliance/rocu-north-west/" in missed.body
        assert reminders_send(days_before=7, missed_within=30) == []
        assert len(mail.outbox) == 2

    def test_a_row_met_in_time_is_not_reminded(
        self, rows: dict[str, TimetableRow], rocu: Body, national_unit: Body, contributor: User
    ) -> None:
        contributor.email = "bob@rocu.example"
        contributor.save()
        SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            kind="tactical_assessment",
            received=timezone.now(),
        )
        sent = reminders_send(days_before=7, missed_within=30)
        assert [row.pk for r in sent for row in r.rows] == ["missed"]

    def test_a_body_without_addresses_is_recorded_with_nobody(
        self, rows: dict[str, TimetableRow]
    ) -> None:
        sent = reminders_send(days_before=7, missed_within=30)
        assert len(sent) == 2
        assert mail.outbox == []
        assert [(r.row_id, r.recipients) for r in TimetableReminder.objects.order_by("row")] == [
            ("missed", []),
            ("soon", []),
        ]


class TestEscalate:
    @pytest.fixture
    def missing_row(
        self, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> TimetableRow:
        return make_row(
            id="gap",
            requirement=requirement,
            body=rocu,
            deliver_to=national_unit,
            due=timezone.localdate() - timedelta(days=20),
        )

    def test_goes_to_the_next_scheduled_ntig_and_only_once(
        self, analyst: User, requirement: Requirement, rocu: Body, missing_row: TimetableRow
    ) -> None:
        series = MeetingSeriesFactory(id="ntig", kind="ntig")
        today = timezone.localdate()
        make_meeting(id="ntig-past", series=series, date=today - timedelta(days=3), status="held")
        later = make_meeting(
            id="ntig-2", series=series, date=today + timedelta(days=30), status="scheduled"
        )
        nearer = make_meeting(
            id="ntig-1", series=series, date=today + timedelta(days=9), status="scheduled"
        )
        escalation = gap_escalate(
            acting_user=analyst, requirement_id="nir-2026", body_id=rocu.pk, reason="third miss"
        )
        assert escalation.meeting == nearer
        assert [row.pk for row in escalation.rows.all()] == ["gap"]
        assert list(escalations_for_meeting(meeting=nearer)) == [escalation]
        assert list(escalations_for_meeting(meeting=later)) == []
        with pytest.raises(ValidationError) as again:
            gap_escalate(acting_user=analyst, requirement_id="nir-2026", body_id=rocu.pk)
        assert "already on the agenda of the NTIG meeting" in errors_of(again)["body"][0]
        assert TimetableEscalation.objects.count() == 1

    def test_with_no_meeting_scheduled_it_waits_for_the_first(
        self, analyst: User, requirement: Requirement, rocu: Body, missing_row: TimetableRow
    ) -> None:
        escalation = gap_escalate(acting_user=analyst, requirement_id="nir-2026", body_id=rocu.pk)
        assert escalation.meeting is None
        series = MeetingSeriesFactory(id="ntig", kind="ntig")
        first = make_meeting(
            series=series, date=timezone.localdate() + timedelta(days=5), status="scheduled"
        )
        assert list(escalations_for_meeting(meeting=first)) == [escalation]

    def test_a_body_with_nothing_missing_is_refused(
        self, analyst: User, requirement: Requirement, national_unit: Body
    ) -> None:
        with pytest.raises(ValidationError) as refused:
            gap_escalate(acting_user=analyst, requirement_id="nir-2026", body_id=national_unit.pk)
        assert "has no missing rows" in errors_of(refused)["body"][0]

    def test_a_contributor_may_not_escalate(
        self, contributor: User, requirement: Requirement, rocu: Body, missing_row: TimetableRow
    ) -> None:
        with pytest.raises(PermissionDenied):
            gap_escalate(acting_user=contributor, requirement_id="nir-2026", body_id=rocu.pk)

    def test_a_row_met_by_material_the_user_cannot_see_is_still_missing_to_them(
        self,
        requirement: Requirement,
        rocu: Body,
        national_unit: Body,
        missing_row: TimetableRow,
    ) -> None:
        SubmissionFactory(
            body=rocu,
            received_by=national_unit,
            kind="tactical_assessment",
            received=at(missing_row.due - timedelta(days=1)),
            classification="secret",
        )
        low = make_user(username="lo", body=national_unit, role="secretariat", clearance="official")
        high = make_user(username="hi", body=national_unit, role="secretariat", clearance="secret")
        assert gap_escalate(acting_user=low, requirement_id="nir-2026", body_id=rocu.pk)
        TimetableEscalation.objects.all().delete()
        with pytest.raises(ValidationError):
            gap_escalate(acting_user=high, requirement_id="nir-2026", body_id=rocu.pk)


class TestRegressions:
    def test_a_waiting_escalation_goes_to_the_first_meeting_after_it_and_is_then_heard(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        today = timezone.localdate()
        make_row(
            id="gap",
            requirement=requirement,
            body=rocu,
            deliver_to=national_unit,
            due=today - timedelta(days=40),
        )
        waiting = gap_escalate(acting_user=analyst, requirement_id="nir-2026", body_id=rocu.pk)
        TimetableEscalation.objects.filter(pk=waiting.pk).update(
            raised=timezone.now() - timedelta(days=30)
        )
        series = MeetingSeriesFactory(id="ntig", kind="ntig")
        sat = make_meeting(series=series, date=today - timedelta(days=10), status="held")
        later = make_meeting(series=series, date=today + timedelta(days=20), status="scheduled")
        assert list(escalations_for_meeting(meeting=sat)) == [waiting]
        assert list(escalations_for_meeting(meeting=later)) == []
        again = gap_escalate(acting_user=analyst, requirement_id="nir-2026", body_id=rocu.pk)
        assert again.meeting == later

    def test_a_made_id_never_reaches_into_another_requirement(
        self, analyst: User, national_unit: Body
    ) -> None:
        RequirementFactory(id="nir", period_start=date(2026, 4, 1), period_end=date(2027, 3, 31))
        RequirementFactory(id="nir.x", period_start=date(2026, 4, 1), period_end=date(2027, 3, 31))
        BodyFactory(id="rocu")
        BodyFactory(id="x.rocu")
        theirs = RowIn(
            body="rocu",
            product="tactical_assessment",
            due=date(2026, 7, 15),
            deliver_to=national_unit.pk,
        )
        timetable_rows_save(acting_user=analyst, requirement_id="nir.x", rows=[theirs])
        ours = RowIn(
            body="x.rocu",
            product="tactical_assessment",
            due=date(2026, 7, 15),
            deliver_to=national_unit.pk,
        )
        with pytest.raises(ValidationError) as refused:
            timetable_rows_save(acting_user=analyst, requirement_id="nir", rows=[ours])
        assert "is a row of requirement 'nir.x'" in errors_of(refused)["id"][0]
        assert TimetableRow.objects.get(pk="nir.x.rocu.ta.20260715").body_id == "rocu"

    def test_every_given_as_plain_text_is_understood(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        rule = RecurringRule(
            product="tactical_assessment",
            every="quarter",  # type: ignore[arg-type]
            days_after=15,
            deliver_to=national_unit.pk,
            bodies=(rocu.pk,),
        )
        saved = timetable_rows_generate(acting_user=analyst, requirement_id="nir-2026", rule=rule)
        assert len(saved.created) == 4

    def test_compliance_on_a_date_shows_only_what_was_done_by_then(
        self, analyst: User, requirement: Requirement, rocu: Body, national_unit: Body
    ) -> None:
        make_row(
            requirement=requirement, body=rocu, deliver_to=national_unit, due=date(2026, 7, 15)
        )
        Acknowledgement.objects.create(requirement=requirement, body=rocu, date=date(2026, 9, 1))
        [before] = compliance_by_body(user=analyst, requirement=requirement, as_of=date(2026, 8, 1))
        [after] = compliance_by_body(user=analyst, requirement=requirement, as_of=date(2026, 9, 1))
        assert before.acknowledged is None
        assert after.acknowledged == date(2026, 9, 1)
