"""Nothing escapes the trail: every service write, and every read of sensitive submissions.

The writes: every public function of every ``services`` module (and of the
other modules that write, named in ``OTHER_WRITING_MODULES``) is found by
import and inspection and must be in ``SERVICES``, either as audited, with
the event it writes and how to call it, or as exempt, saying why. A new
service missing from the table fails the test, so it cannot go unaudited
unnoticed. Each audited service is called and must write its event; and,
made to fail just after writing it, must leave neither the event nor its
change behind: the two share one transaction.

The reads: every page and API operation that shows submissions is
requested, and must record the OFFICIAL-SENSITIVE or higher ones it showed,
and only those.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import soctasking
from soctasking.accounts.models import Compartment, CompartmentGrant, User
from soctasking.audit import services as audit_services
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.conftest import PASSWORD
from soctasking.testing.factories import (
    BodyFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
)

pytestmark = pytest.mark.django_db

#: Modules outside ``services`` whose functions write: API tokens, lockouts, second factors.
OTHER_WRITING_MODULES = (
    "soctasking.accounts.tokens",
    "soctasking.accounts.lockout",
    "soctasking.accounts.second_factor",
    "soctasking.governance.strategy.services",
)
REASON = "Corroborating source reporting for operation Nightjar"
TITLE = "Nightjar source reporting"
TEXT = "Cocaine landed at the harbour at night."


@dataclass
class World:
    """The people and records the services are called with."""

    analyst: User
    contributor: User
    administrator: User
    national_unit: Body
    rocu: Body


@dataclass(frozen=True)
class Audited:
    """A service writing the event ``action record_type``.

    ``call`` readies the records the service needs and returns the call. A
    service that cannot run inside a test's transaction has none, and says
    in ``proven_in`` which tests call it and look for its event.
    """

    action: str
    record_type: str
    call: Callable[[World], Callable[[], object]] | None
    proven_in: str = ""
    # False for the trail's own services, whose event is the only thing they write.
    changes_more: bool = True


@dataclass(frozen=True)
class Exempt:
    why: str


# How each audited service is called. Each readies what the call needs (its
# own writes are audited too, before the trail is looked at) and returns the
# call itself.


def _submission_answers(world: World, **overrides: Any) -> dict[str, Any]:
    ThreatFactory(id="drugs")
    answers: dict[str, Any] = {
        "body": world.national_unit,
        "kind": "tactical_assessment",
        "title": TITLE,
        "period_start": dt.date(2026, 7, 1),
        "period_end": dt.date(2026, 9, 30),
        "threats": ["drugs"],
        "classification": "secret",
        "compartments": [],
        "text": TEXT,
    }
    return {**answers, **overrides}


def _user_create(world: World) -> Callable[[], object]:
    from soctasking.accounts.services import user_create

    return lambda: user_create(
        username="dana",
        body=world.national_unit.pk,
        role="analyst",
        clearance="secret",
        compartments=["chis"],
        password=PASSWORD,
        acting_user=world.administrator,
    )


def _user_update(world: World) -> Callable[[], object]:
    from soctasking.accounts.services import user_update

    return lambda: user_update(user=world.analyst, role="chair", acting_user=world.administrator)


def _chis() -> Compartment:
    return Compartment.objects.get(code="chis")


def _access_request(world: World) -> Any:
    from soctasking.accounts.services import access_request_create

    return access_request_create(
        requester=world.analyst, compartment=_chis(), reason=REASON, days=5
    )


def _access_request_create(world: World) -> Callable[[], object]:
    return lambda: _access_request(world)


def _access_request_decide(world: World) -> Callable[[], object]:
    from soctasking.accounts.services import access_request_decide

    asked = _access_request(world)
    return lambda: access_request_decide(
        request=asked, authoriser=world.administrator, approve=True
    )


def _access_request_withdraw(world: World) -> Callable[[], object]:
    from soctasking.accounts.services import access_request_withdraw

    asked = _access_request(world)
    return lambda: access_request_withdraw(request=asked, acting_user=world.analyst)


def _access_grant_revoke(world: World) -> Callable[[], object]:
    from soctasking.accounts.services import access_grant_revoke, access_request_decide

    decided = access_request_decide(
        request=_access_request(world), authoriser=world.administrator, approve=True
    )
    grant = CompartmentGrant.objects.get(request=decided)
    return lambda: access_grant_revoke(grant=grant, acting_user=world.administrator)


def _token_create(world: World) -> Callable[[], object]:
    from soctasking.accounts.tokens import token_create

    return lambda: token_create(user=world.analyst, acting_user=world.analyst, name="nightly")


def _token_revoke(world: World) -> Callable[[], object]:
    from soctasking.accounts.tokens import token_create, token_revoke

    token, _ = token_create(user=world.analyst, acting_user=world.analyst)
    return lambda: token_revoke(token=token, acting_user=world.analyst)


def _threshold_set(world: World) -> Callable[[], object]:
    from soctasking.assurance.services import threshold_set

    return lambda: threshold_set(
        code="REF001", parameter="referral_days", value=20, acting_user=world.administrator
    )


def _threshold_reset(world: World) -> Callable[[], object]:
    from soctasking.assurance.services import threshold_reset, threshold_set

    threshold_set(
        code="REF001", parameter="referral_days", value=20, acting_user=world.administrator
    )
    return lambda: threshold_reset(
        code="REF001", parameter="referral_days", acting_user=world.administrator
    )


def _sensitive_reads(world: World) -> Callable[[], object]:
    return lambda: audit_services.audit_sensitive_reads(
        actor=world.analyst,
        action="list",
        record_type="submission",
        records=[("sub-1", "official"), ("sub-2", "secret")],
    )


def _trail_read(world: World) -> Callable[[], object]:
    return lambda: audit_services.audit_trail_read(
        actor=world.administrator, filters={"actor": "alice"}
    )


def _trail_export(world: World) -> Callable[[], object]:
    return lambda: audit_services.audit_trail_export(actor=world.administrator, filters={})


def _demo_picture_load(world: World) -> Callable[[], object]:
    from soctasking.demo.services import demo_picture_load

    return demo_picture_load


def _demo_users_create(world: World) -> Callable[[], object]:
    from soctasking.demo.services import DEMO_PERSONAS, demo_users_create

    for body_id in {persona.body for persona in DEMO_PERSONAS} - {world.rocu.pk}:
        BodyFactory(id=body_id)
    return demo_users_create


def _bundle_load(world: World) -> Callable[[], object]:
    from soctasking.exchange.services import bundle_load

    document = {
        "format": "soctasking.bundle",
        "version": 1,
        "bodies": [{"id": "nca", "name": "National Crime Agency", "kind": "national_agency"}],
    }
    return lambda: bundle_load(source=json.dumps(document).encode(), acting_user=None)


def _submission_receive(world: World) -> Callable[[], object]:
    from soctasking.intelligence.services import submission_receive

    answers = _submission_answers(world)
    return lambda: submission_receive(acting_user=world.analyst, **answers)


def _submissions_receive_batch(world: World) -> Callable[[], object]:
    from soctasking.intelligence.services import submissions_receive_batch

    answers = _submission_answers(world)
    return lambda: submissions_receive_batch(
        acting_user=world.analyst, submissions=[answers, {**answers, "title": "Second"}]
    )


def _requirement(world: World) -> Any:
    requirement = RequirementFactory(
        id="nir-2026",
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2027, 3, 31),
        issued=dt.date(2026, 3, 15),
    )
    # Missed two days ago, with nothing received: a gap to escalate and remind of.
    TimetableRowFactory(
        id="missed",
        requirement=requirement,
        body=world.rocu,
        deliver_to=world.national_unit,
        due=timezone.localdate() - dt.timedelta(days=2),
    )
    return requirement


def _held_meeting(world: World, **fields: Any) -> str:
    """A held NTTCG meeting of 19 July 2017, with the ROCU a member; its id."""
    from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

    series = MeetingSeriesFactory(id="nttcg", kind="nttcg")
    series.members.set([world.rocu])
    meeting = MeetingFactory(id="nttcg-1", series=series, date=dt.date(2017, 7, 19), **fields)
    return str(meeting.pk)


def _meeting_schedule(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import meeting_schedule
    from soctasking.testing.factories import MeetingSeriesFactory

    MeetingSeriesFactory(id="ntig", kind="ntig")
    return lambda: meeting_schedule(
        acting_user=world.administrator, series_id="ntig", date=dt.date(2027, 7, 5)
    )


def _meeting_record_attendance(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import meeting_record_attendance

    meeting_id = _held_meeting(world, status="scheduled")
    return lambda: meeting_record_attendance(
        acting_user=world.administrator,
        meeting_id=meeting_id,
        attended=[world.rocu.pk],
        apologies=[world.national_unit.pk],
    )


def _meeting_decision_record(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import decision_record

    meeting_id = _held_meeting(world)
    return lambda: decision_record(
        acting_user=world.administrator,
        meeting_id=meeting_id,
        kind="collection_priority",
        text="County lines is a priority for intelligence collection.",
    )


def _action_allocate(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import action_allocate

    meeting_id = _held_meeting(world)
    return lambda: action_allocate(
        acting_user=world.administrator,
        meeting_id=meeting_id,
        owner=world.rocu.pk,
        text="Map the lines into the region.",
        due=dt.date(2017, 8, 1),
    )


def _meeting_cancel(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import meeting_cancel

    meeting_id = _held_meeting(world, status="scheduled")
    return lambda: meeting_cancel(
        acting_user=world.administrator, meeting_id=meeting_id, reason="The chair is ill."
    )


def _meetings_schedule_year(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import meetings_schedule_year
    from soctasking.testing.factories import MeetingSeriesFactory

    MeetingSeriesFactory(id="nttcg", kind="nttcg", cadence="quarterly")
    return lambda: meetings_schedule_year(acting_user=world.administrator, year=2027)


def _series_create(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import SeriesIn, series_create

    return lambda: series_create(
        acting_user=world.administrator,
        id="ntig",
        series=SeriesIn(name="NTIG", kind="ntig", members=[world.rocu.pk]),
    )


def _series_update(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import SeriesIn, series_update
    from soctasking.testing.factories import MeetingSeriesFactory

    MeetingSeriesFactory(id="ntig", kind="ntig")
    return lambda: series_update(
        acting_user=world.administrator,
        series_id="ntig",
        series=SeriesIn(name="Tactical group", kind="ntig", expected_members_rule="national_remit"),
    )


def _minutes_approve(world: World) -> Callable[[], object]:
    from soctasking.meetings.services import minutes_approve

    meeting_id = _held_meeting(world)
    return lambda: minutes_approve(acting_user=world.administrator, meeting_id=meeting_id)


def _requirement_create(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import requirement_create

    ThreatFactory(id="drugs")
    return lambda: requirement_create(
        acting_user=world.analyst,
        id="nir-2027",
        period_start=dt.date(2027, 4, 1),
        period_end=dt.date(2028, 3, 31),
        issued=dt.date(2027, 3, 1),
        threats=[("drugs", "high")],
    )


def _timetable_rows_save(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import RowIn, timetable_rows_save

    _requirement(world)
    row = RowIn(
        body=world.rocu.pk,
        product="tactical_assessment",
        due=dt.date(2026, 7, 15),
        deliver_to=world.national_unit.pk,
    )
    return lambda: timetable_rows_save(
        acting_user=world.analyst, requirement_id="nir-2026", rows=[row]
    )


def _timetable_rows_import_csv(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import timetable_rows_import_csv

    _requirement(world)
    text = f"body,product,due,deliver_to\n{world.rocu.pk},tactical_assessment,2026-07-15,nac\n"
    return lambda: timetable_rows_import_csv(
        acting_user=world.analyst, requirement_id="nir-2026", text=text
    )


def _timetable_rows_generate(world: World) -> Callable[[], object]:
    from soctasking.timetable.recurrence import Every, RecurringRule
    from soctasking.timetable.services import timetable_rows_generate

    _requirement(world)
    rule = RecurringRule(
        product="tactical_assessment",
        every=Every.QUARTER,
        days_after=15,
        deliver_to=world.national_unit.pk,
        bodies=(world.rocu.pk,),
    )
    return lambda: timetable_rows_generate(
        acting_user=world.analyst, requirement_id="nir-2026", rule=rule
    )


def _timetable_row_delete(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import timetable_row_delete

    _requirement(world)
    return lambda: timetable_row_delete(acting_user=world.analyst, row_id="missed")


def _requirement_acknowledge(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import requirement_acknowledge

    _requirement(world)
    return lambda: requirement_acknowledge(acting_user=world.contributor, requirement_id="nir-2026")


def _gap_escalate(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import gap_escalate

    _requirement(world)
    return lambda: gap_escalate(
        acting_user=world.analyst, requirement_id="nir-2026", body_id=world.rocu.pk
    )


def _reminders_send(world: World) -> Callable[[], object]:
    from soctasking.timetable.services import reminders_send

    _requirement(world)
    return lambda: reminders_send(days_before=7, missed_within=30)


def _lockout_record(world: World) -> Callable[[], object]:
    from django.http import HttpRequest

    from soctasking.accounts.lockout import lockout_record

    request = HttpRequest()
    # What django-axes marks on the request that reached the limit.
    request.axes_failures_since_start = 5
    return lambda: lockout_record(request=request, username="bob", ip_address="10.0.0.1")


def _sign_in_unlock(world: World) -> Callable[[], object]:
    from axes.models import AccessAttempt

    from soctasking.accounts.lockout import sign_in_unlock

    AccessAttempt.objects.create(
        username="bob",
        ip_address="10.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/sign-in/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    return lambda: sign_in_unlock(username="bob", acting_user=world.administrator)


def _second_factor_enrol(world: World) -> Callable[[], object]:
    from soctasking.accounts.second_factor import second_factor_enrol, totp_device_pending
    from soctasking.testing.auth import current_code

    device = totp_device_pending(user=world.analyst)
    return lambda: second_factor_enrol(device=device, code=current_code(device))


def _recovery_code_use(world: World) -> Callable[[], object]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from soctasking.accounts.second_factor import second_factor_verify

    device = StaticDevice.objects.create(user=world.analyst, name="recovery codes")
    StaticToken.objects.create(device=device, token="abcd2345")
    return lambda: second_factor_verify(user=world.analyst, code="abcd2345")


def _second_factor_reset(world: World) -> Callable[[], object]:
    from soctasking.accounts.second_factor import second_factor_reset
    from soctasking.testing.auth import totp_device_enrolled

    totp_device_enrolled(world.analyst)
    return lambda: second_factor_reset(user=world.analyst, acting_user=world.administrator)


def _theme_named(world: World) -> None:
    """County lines named by the ROCU in a submission, and a draft assessment to add it to."""
    from soctasking.testing.factories import AssessmentFactory
    from soctasking.themes.index import mentions_refresh

    ThreatFactory(id="drugs")
    AssessmentFactory(id="nsa-draft", status="draft", issued=dt.date(2026, 1, 1))
    named = SubmissionFactory(body=world.rocu, themes=["county lines", "deal lines"])
    mentions_refresh(submission_ids=[named.pk])


def _themes_recompute(world: World) -> Callable[[], object]:
    from soctasking.themes.services import themes_recompute

    _theme_named(world)
    return lambda: themes_recompute(acting_user=world.administrator)


def _threat_classifier_train(world: World) -> Callable[[], object]:
    import tempfile

    from django.test import override_settings

    from soctasking.themes.services import threat_classifier_train

    drugs = ThreatFactory(id="drugs-trained")
    phrases = ["county lines", "trap house", "cannabis farm", "crack cocaine"]
    for number in range(20):
        text = f"heroin supply {phrases[number % 4]} {number}"
        SubmissionFactory(body=world.rocu, text=text, threats=[drugs])

    def train() -> object:
        # The models are files under SOCTASKING_HOME: a home of the test's own.
        with tempfile.TemporaryDirectory() as home, override_settings(HOME=home):
            return threat_classifier_train(acting_user=world.administrator)

    return train


def _theme_add_as_threat(world: World) -> Callable[[], object]:
    from soctasking.themes.services import theme_add_as_threat

    _theme_named(world)
    return lambda: theme_add_as_threat(
        acting_user=world.analyst, key="county line", reason=REASON, as_of=timezone.localdate()
    )


def _theme_add_as_keyword(world: World) -> Callable[[], object]:
    from soctasking.themes.services import theme_add_as_keyword

    _theme_named(world)
    return lambda: theme_add_as_keyword(
        acting_user=world.analyst,
        key="county line",
        threat_id="drugs",
        reason=REASON,
        as_of=timezone.localdate(),
    )


def _theme_dismiss(world: World) -> Callable[[], object]:
    from soctasking.themes.services import theme_dismiss

    _theme_named(world)
    return lambda: theme_dismiss(
        acting_user=world.analyst, key="county line", reason=REASON, as_of=timezone.localdate()
    )


def _theme_alias_merge(world: World) -> Callable[[], object]:
    from soctasking.themes.services import theme_alias_merge

    _theme_named(world)
    return lambda: theme_alias_merge(
        acting_user=world.administrator, alias="deal lines", into="county lines"
    )


def _performance_report_request(world: World) -> Callable[[], object]:
    from soctasking.performance.services import performance_report_request

    return lambda: performance_report_request(quarter="2026-Q3", acting_user=world.analyst)


def _performance_report_export(world: World) -> Callable[[], object]:
    import tempfile

    from soctasking.performance.quarters import Quarter
    from soctasking.performance.services import performance_report_export

    folder = Path(tempfile.mkdtemp(prefix="coverage-report-"))
    return lambda: performance_report_export(
        quarter=Quarter(2026, 3), output=folder / "report.pdf", acting_user=None
    )


def _governance_group(world: World) -> Any:
    from soctasking.governance.services import GroupDetails, group_create

    ThreatFactory(id="drugs")
    return group_create(
        acting_user=world.administrator,
        group_id="sgg-drugs",
        details=GroupDetails(
            name="Drugs governance group",
            kind="sgg",
            theme="commodity",
            status="active",
            chair_id=world.national_unit.pk,
            threat_ids=("drugs",),
        ),
    )


def _governance_group_create(world: World) -> Callable[[], object]:
    from soctasking.governance.services import GroupDetails, group_create

    return lambda: group_create(
        acting_user=world.administrator,
        group_id="sgg-drugs",
        details=GroupDetails(name="Drugs governance group", kind="sgg", theme="", status="forming"),
    )


def _governance_group_update(world: World) -> Callable[[], object]:
    from soctasking.governance.services import GroupDetails, group_update

    group = _governance_group(world)
    return lambda: group_update(
        acting_user=world.administrator,
        group_id=group.pk,
        details=GroupDetails(name="Renamed", kind="sgg", theme="", status="active"),
    )


def _action_plan_draft(world: World) -> Any:
    from soctasking.governance.services import action_plan_create

    group = _governance_group(world)
    return action_plan_create(
        acting_user=world.administrator, group_id=group.pk, threat_ids=["drugs"]
    )


def _action_plan_create(world: World) -> Callable[[], object]:
    from soctasking.governance.services import action_plan_create

    group = _governance_group(world)
    return lambda: action_plan_create(
        acting_user=world.administrator, group_id=group.pk, threat_ids=["drugs"]
    )


def _plan_action(world: World, plan: Any) -> Any:
    from soctasking.governance.services import plan_action_add

    return plan_action_add(
        acting_user=world.administrator,
        plan_id=plan.pk,
        text="Disrupt the importers.",
        strand="pursue",
        owner_id=world.rocu.pk,
        due=dt.date(2027, 9, 30),
    )


def _plan_action_add(world: World) -> Callable[[], object]:
    plan = _action_plan_draft(world)
    return lambda: _plan_action(world, plan)


def _action_plan_approved(world: World) -> Any:
    from soctasking.governance.services import action_plan_approve

    plan = _action_plan_draft(world)
    _plan_action(world, plan)
    return action_plan_approve(acting_user=world.administrator, plan_id=plan.pk)


def _action_plan_approve(world: World) -> Callable[[], object]:
    from soctasking.governance.services import action_plan_approve

    plan = _action_plan_draft(world)
    _plan_action(world, plan)
    return lambda: action_plan_approve(acting_user=world.administrator, plan_id=plan.pk)


def _plan_action_status_set(world: World) -> Callable[[], object]:
    from soctasking.governance.services import plan_action_status_set

    plan = _action_plan_approved(world)
    action = plan.actions.get()
    return lambda: plan_action_status_set(
        acting_user=world.administrator, action_id=action.pk, status="done"
    )


def _action_plan_version_create(world: World) -> Callable[[], object]:
    from soctasking.governance.services import action_plan_version_create

    plan = _action_plan_approved(world)
    return lambda: action_plan_version_create(acting_user=world.administrator, plan_id=plan.pk)


def _progress_report_submit(world: World) -> Callable[[], object]:
    from soctasking.governance.services import progress_report_submit

    plan = _action_plan_approved(world)
    return lambda: progress_report_submit(
        acting_user=world.administrator, plan_id=plan.pk, rating="amber", narrative="Slipping."
    )


def _progress_reports_route(world: World) -> Callable[[], object]:
    from soctasking.governance.services import progress_report_submit, progress_reports_route
    from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

    plan = _action_plan_approved(world)
    progress_report_submit(
        acting_user=world.administrator, plan_id=plan.pk, rating="green", narrative="On track."
    )
    meeting = MeetingFactory.create(
        id="nttcg-later",
        series=MeetingSeriesFactory.create(kind="nttcg"),
        date=dt.date(2099, 1, 6),
        status="scheduled",
    )
    return lambda: progress_reports_route(acting_user=world.administrator, meeting=meeting)


def _meeting_assurance_record(world: World) -> Callable[[], object]:
    from soctasking.governance.services import meeting_assurance_record
    from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

    meeting = MeetingFactory(id="nttcg-1", series=MeetingSeriesFactory(kind="nttcg"))
    return lambda: meeting_assurance_record(
        acting_user=world.administrator,
        meeting_id=meeting.pk,
        outcome="given",
        statement="The plans are on track.",
    )


def _strategy_draft(world: World) -> Any:
    from soctasking.governance.strategy.services import control_strategy_generate
    from soctasking.governance.tests.strategy_picture import AS_OF, strategy_picture

    strategy_picture(loaded_as_of=False)
    return control_strategy_generate(acting_user=world.analyst, as_of=AS_OF)


def _control_strategy_generate(world: World) -> Callable[[], object]:
    from soctasking.governance.strategy.services import control_strategy_generate
    from soctasking.governance.tests.strategy_picture import AS_OF, strategy_picture

    strategy_picture(loaded_as_of=False)
    return lambda: control_strategy_generate(acting_user=world.analyst, as_of=AS_OF)


def _control_strategy_entry_add(world: World) -> Callable[[], object]:
    from soctasking.governance.strategy.services import EntryAnswers, control_strategy_entry_add

    draft = _strategy_draft(world)
    return lambda: control_strategy_entry_add(
        acting_user=world.analyst,
        strategy_id=draft.id,
        threat_id="cyber-crime",
        answers=EntryAnswers(level="band_2"),
        reason=REASON,
    )


def _control_strategy_entry_edit(world: World) -> Callable[[], object]:
    from soctasking.governance.strategy.services import EntryAnswers, control_strategy_entry_edit

    draft = _strategy_draft(world)
    return lambda: control_strategy_entry_edit(
        acting_user=world.analyst,
        strategy_id=draft.id,
        threat_id="firearms",
        answers=EntryAnswers(level="band_1"),
        reason=REASON,
    )


def _control_strategy_entry_remove(world: World) -> Callable[[], object]:
    from soctasking.governance.strategy.services import control_strategy_entry_remove

    draft = _strategy_draft(world)
    return lambda: control_strategy_entry_remove(
        acting_user=world.analyst, strategy_id=draft.id, threat_id="technology", reason=REASON
    )


def _control_strategy_approve(world: World) -> Callable[[], object]:
    from soctasking.governance.strategy.services import control_strategy_approve
    from soctasking.governance.tests.strategy_picture import AS_OF

    draft = _strategy_draft(world)
    return lambda: control_strategy_approve(
        acting_user=world.administrator,
        strategy_id=draft.id,
        meeting_id="nttcg-2017-06-14",
        as_of=AS_OF,
        override_reason=REASON,
    )


def _control_strategy_new_version(world: World) -> Callable[[], object]:
    from soctasking.governance.strategy.services import (
        control_strategy_approve,
        control_strategy_new_version,
    )
    from soctasking.governance.tests.strategy_picture import AS_OF

    draft = _strategy_draft(world)
    control_strategy_approve(
        acting_user=world.administrator,
        strategy_id=draft.id,
        meeting_id="nttcg-2017-06-14",
        as_of=AS_OF,
        override_reason=REASON,
    )
    return lambda: control_strategy_new_version(acting_user=world.analyst, strategy_id=draft.id)


# prioritisation: a template of one group, approved, and a round on it.
PRIORITISATION_GROUPS = [
    {
        "code": "harm",
        "name": "Harm",
        "dimensions": [
            {
                "code": "physical",
                "name": "Physical harm",
                "weight": 1,
                "levels": [{"label": "Low", "value": 1}, {"label": "High", "value": 2}],
            }
        ],
    }
]


def _scoring_template(world: World, *, approved: bool) -> Any:
    from soctasking.prioritisation.models import ScoringTemplate

    return ScoringTemplate.objects.create(
        id="audited",
        family="audited",
        name="Audited",
        groups=PRIORITISATION_GROUPS,
        formula="harm",
        status="approved" if approved else "draft",
    )


def _scoring_template_create(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.services import scoring_template_create

    return lambda: scoring_template_create(
        acting_user=world.administrator,
        id="audited",
        name="Audited",
        groups=PRIORITISATION_GROUPS,
        formula="harm",
    )


def _scoring_template_revise(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.services import scoring_template_revise

    template = _scoring_template(world, approved=True)
    return lambda: scoring_template_revise(
        acting_user=world.administrator,
        template=template,
        name="Audited, doubled",
        groups=PRIORITISATION_GROUPS,
        formula="harm * 2",
    )


def _scoring_template_set_status(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.services import scoring_template_set_status

    template = _scoring_template(world, approved=False)
    return lambda: scoring_template_set_status(
        acting_user=world.administrator, template=template, status="approved"
    )


def _evaluation_open(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.services import evaluation_open
    from soctasking.testing.factories import AssessmentFactory

    template = _scoring_template(world, approved=True)
    assessment = AssessmentFactory.create()
    return lambda: evaluation_open(
        acting_user=world.analyst,
        id="audited-round",
        assessment=assessment,
        template=template,
        on=dt.date(2026, 5, 1),
        priority_line=1,
    )


def _score_record(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.models import Evaluation
    from soctasking.prioritisation.services import score_record
    from soctasking.testing.factories import AssessmentFactory

    template = _scoring_template(world, approved=True)
    threat = ThreatFactory.create(id="drugs")
    assessment = AssessmentFactory.create()
    assessment.threats.set([threat])
    evaluation = Evaluation.objects.create(
        id="audited-round", assessment=assessment, template=template, priority_line=1
    )
    return lambda: score_record(
        acting_user=world.analyst,
        evaluation=evaluation,
        threat=threat,
        values={"physical": 2},
        justifications={"physical": "Hospital admissions doubled."},
    )


def _scored_round(world: World) -> Any:
    from soctasking.prioritisation.models import Evaluation, Score
    from soctasking.testing.factories import AssessmentFactory

    template = _scoring_template(world, approved=True)
    threat = ThreatFactory.create(id="drugs")
    assessment = AssessmentFactory.create()
    assessment.threats.set([threat])
    evaluation = Evaluation.objects.create(
        id="audited-round", assessment=assessment, template=template
    )
    Score.objects.create(evaluation=evaluation, threat=threat, total=2, rank=1)
    return evaluation


def _recommendation_record(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.services import recommendation_record
    from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

    evaluation = _scored_round(world)
    nsig = MeetingFactory.create(series=MeetingSeriesFactory.create(kind="nsig"))
    return lambda: recommendation_record(
        acting_user=world.administrator,
        evaluation=evaluation,
        meeting=nsig,
        recommendations={"drugs": "priority"},
        reasons={"drugs": "The widest harm."},
    )


def _evaluation_decision_record(world: World) -> Callable[[], object]:
    from soctasking.prioritisation.services import decision_record
    from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

    evaluation = _scored_round(world)
    evaluation.meeting = MeetingFactory.create(series=MeetingSeriesFactory.create(kind="nsig"))
    evaluation.save()
    evaluation.scores.update(recommendation="priority")
    nstcg = MeetingFactory.create(series=MeetingSeriesFactory.create(kind="nstcg"))
    return lambda: decision_record(
        acting_user=world.administrator,
        evaluation=evaluation,
        meeting=nstcg,
        kind="adopt_priority_threats",
        threat_ids=["drugs"],
        rationale="As recommended.",
        departures={},
    )


def _referral_submitted(world: World) -> Any:
    from soctasking.testing.factories import ReferralFactory

    return ReferralFactory(id="kestrel", from_body=world.rocu)


def _referral_submit(world: World) -> Callable[[], object]:
    from soctasking.referrals.services import referral_submit

    return lambda: referral_submit(
        acting_user=world.contributor,
        id="kestrel",
        subject="Adopt Operation Kestrel",
        kind="adoption",
        detail="It reaches into three regions.",
        urgent=False,
        threats=[],
    )


def _local_priorities_record(world: World) -> Callable[[], object]:
    from soctasking.local_priorities.services import (
        LocalPrioritiesIn,
        PriorityIn,
        local_priorities_record,
    )

    ThreatFactory(id="drugs")
    given = LocalPrioritiesIn(
        body=world.rocu.pk,
        period_start=dt.date(2017, 4, 1),
        period_end=dt.date(2018, 3, 31),
        priorities=(PriorityIn(threat="drugs"), PriorityIn(theme="Rural crime")),
    )
    return lambda: local_priorities_record(acting_user=world.contributor, given=given)


def _local_priorities_import_csv(world: World) -> Callable[[], object]:
    from soctasking.local_priorities.services import local_priorities_import_csv

    ThreatFactory(id="drugs")
    text = f"body,period_start,period_end,threat\n{world.rocu.pk},2017-04-01,2018-03-31,drugs\n"
    return lambda: local_priorities_import_csv(acting_user=world.analyst, text=text)


def _operation(world: World) -> Any:
    from soctasking.testing.factories import OperationFactory

    return OperationFactory(id="op-nightjar", body=world.rocu, opened=dt.date(2017, 1, 1))


def _operation_open(world: World) -> Callable[[], object]:
    from soctasking.operations.services import operation_open

    return lambda: operation_open(
        acting_user=world.contributor,
        id="op-kestrel",
        name="Kestrel",
        body=world.rocu.pk,
        opened=dt.date(2017, 1, 1),
        threats=[],
    )


def _referral_route(world: World) -> Callable[[], object]:
    from soctasking.referrals.services import referral_route

    _referral_submitted(world)
    return lambda: referral_route(
        acting_user=world.administrator, referral_id="kestrel", route="itg", note=""
    )


def _referral_assign(world: World) -> Callable[[], object]:
    from soctasking.referrals.services import referral_assign

    _referral_submitted(world)
    return lambda: referral_assign(
        acting_user=world.administrator,
        referral_id="kestrel",
        owner=world.administrator.get_username(),
    )


def _referral_decide(world: World) -> Callable[[], object]:
    from soctasking.referrals.services import referral_decide

    _referral_submitted(world)
    return lambda: referral_decide(
        acting_user=world.administrator, referral_id="kestrel", decision="accepted", reasons=REASON
    )


def _referral_withdraw(world: World) -> Callable[[], object]:
    from soctasking.referrals.services import referral_withdraw

    _referral_submitted(world)
    return lambda: referral_withdraw(
        acting_user=world.contributor, referral_id="kestrel", reason=REASON
    )


def _action_update(world: World) -> Callable[[], object]:
    from soctasking.actions.services import action_update
    from soctasking.testing.factories import ActionFactory

    ActionFactory(id="brief-forces", owner=world.rocu)
    return lambda: action_update(
        acting_user=world.contributor, action_id="brief-forces", status="done", note=REASON
    )


def _action_reminders_send(world: World) -> Callable[[], object]:
    from soctasking.actions.services import action_reminders_send
    from soctasking.testing.factories import ActionFactory

    ActionFactory(id="brief-forces", owner=world.rocu, due=dt.date(2017, 7, 12))
    return lambda: action_reminders_send(today=dt.date(2017, 7, 10))


def _activity_record(world: World) -> Callable[[], object]:
    from soctasking.operations.services import activity_record

    _operation(world)
    return lambda: activity_record(
        acting_user=world.analyst,
        operation_id="op-nightjar",
        date=dt.date(2017, 2, 1),
        kind="search",
    )


def _covert_authority_grant(world: World) -> Callable[[], object]:
    from soctasking.operations.services import covert_authority_grant

    _operation(world)
    return lambda: covert_authority_grant(
        acting_user=world.analyst,
        operation_id="op-nightjar",
        kind="directed_surveillance",
        granted=dt.date(2017, 2, 1),
    )


def _covert_authority_use_record(world: World) -> Callable[[], object]:
    from soctasking.operations.services import covert_authority_use_record
    from soctasking.testing.factories import CovertAuthorityFactory

    authority = CovertAuthorityFactory(operation=_operation(world), granted=dt.date(2017, 2, 1))
    return lambda: covert_authority_use_record(
        acting_user=world.analyst, authority_id=authority.pk, date=dt.date(2017, 2, 5)
    )


def _disruption_record(world: World) -> Callable[[], object]:
    from soctasking.operations.services import Outcomes, disruption_record

    _operation(world)
    return lambda: disruption_record(
        acting_user=world.analyst,
        operation_id="op-nightjar",
        date=dt.date(2017, 3, 1),
        level="major",
        threats=[],
        outcomes=Outcomes(arrests=2, charges=1, convictions=1),
    )


def _operations_close(world: World) -> Callable[[], object]:
    from soctasking.operations.services import operations_close

    _operation(world)
    return lambda: operations_close(
        acting_user=world.analyst,
        operation_ids=["op-nightjar"],
        reason="No activity for a year",
        closed_on=dt.date(2018, 1, 1),
    )


# Every public function of the services modules, keyed by its dotted name.
SERVICES: dict[str, Audited | Exempt] = {
    # accounts
    "soctasking.accounts.services.user_create": Audited("create", "user", _user_create),
    "soctasking.accounts.services.user_update": Audited("update", "user", _user_update),
    "soctasking.accounts.services.access_request_create": Audited(
        "create", "access_request", _access_request_create
    ),
    "soctasking.accounts.services.access_request_decide": Audited(
        "approve", "access_request", _access_request_decide
    ),
    "soctasking.accounts.services.access_request_withdraw": Audited(
        "withdraw", "access_request", _access_request_withdraw
    ),
    "soctasking.accounts.services.access_grant_revoke": Audited(
        "revoke", "compartment_grant", _access_grant_revoke
    ),
    "soctasking.accounts.services.require_administrator": Exempt(
        "a check of the acting user's role; writes nothing"
    ),
    "soctasking.accounts.services.access_reason_check": Exempt(
        "checks the wording of a reason; writes nothing"
    ),
    "soctasking.accounts.tokens.token_create": Audited("create", "api_token", _token_create),
    "soctasking.accounts.tokens.token_revoke": Audited("revoke", "api_token", _token_revoke),
    "soctasking.accounts.tokens.token_in_force": Exempt(
        "reads a presented token; its one write is the token's last-used time, as for "
        "token_authenticate, which it serves"
    ),
    "soctasking.accounts.tokens.token_authenticate": Exempt(
        "reads a presented token; its one write is the token's last-used time, at most a "
        "minute's resolution, which changes nobody's access and would flood the trail"
    ),
    "soctasking.accounts.lockout.lockout_record": Audited(
        "lock_out", "sign_in", _lockout_record, changes_more=False
    ),
    "soctasking.accounts.lockout.sign_in_unlock": Audited("unlock", "sign_in", _sign_in_unlock),
    "soctasking.accounts.lockout.lockout_minutes": Exempt(
        "reads the cool-off period from the settings; writes nothing"
    ),
    "soctasking.accounts.lockout.lockout_until": Exempt(
        "works out when a lockout ends; writes nothing"
    ),
    "soctasking.accounts.second_factor.second_factor_enrol": Audited(
        "enrol", "second_factor", _second_factor_enrol
    ),
    "soctasking.accounts.second_factor.second_factor_verify": Audited(
        "use_recovery_code", "second_factor", _recovery_code_use
    ),
    "soctasking.accounts.second_factor.second_factor_reset": Audited(
        "reset", "second_factor", _second_factor_reset
    ),
    "soctasking.accounts.second_factor.totp_device_pending": Exempt(
        "makes the unconfirmed device whose secret is being shown; it opens nothing until "
        "a code confirms it, which second_factor_enrol records"
    ),
    "soctasking.accounts.second_factor.second_factor_required": Exempt(
        "judges a clearance; writes nothing"
    ),
    "soctasking.accounts.second_factor.second_factor_enrolled": Exempt(
        "reads whether a device is confirmed; writes nothing"
    ),
    "soctasking.accounts.second_factor.totp_secret_text": Exempt(
        "formats a device's secret for the page; writes nothing"
    ),
    "soctasking.accounts.second_factor.totp_qr_data_uri": Exempt(
        "draws a device's address as a QR code; writes nothing"
    ),
    # assurance
    "soctasking.assurance.services.threshold_set": Audited(
        "set", "check_threshold", _threshold_set
    ),
    "soctasking.assurance.services.threshold_reset": Audited(
        "reset", "check_threshold", _threshold_reset
    ),
    # audit: the trail itself
    "soctasking.audit.services.audit_record": Exempt(
        "appends the event every audited write calls it for: the trail itself"
    ),
    "soctasking.audit.services.audit_sensitive_reads": Audited(
        "list", "submission", _sensitive_reads, changes_more=False
    ),
    "soctasking.audit.services.audit_trail_read": Audited(
        "read", "audit_event", _trail_read, changes_more=False
    ),
    "soctasking.audit.services.audit_trail_export": Audited(
        "export", "audit_event", _trail_export, changes_more=False
    ),
    "soctasking.audit.services.audit_verify": Exempt("reads the trail to check its chain"),
    "soctasking.audit.services.event_digest": Exempt("computes a digest; writes nothing"),
    # backup: a backup or restore refuses to run inside a transaction, as every test but
    # the backup app's own runs
    "soctasking.backup.services.backup_create": Audited(
        "create", "backup", None, proven_in="soctasking/backup/tests/test_backup.py"
    ),
    "soctasking.backup.services.backup_restore": Audited(
        "restore", "backup", None, proven_in="soctasking/backup/tests/test_restore.py"
    ),
    "soctasking.backup.services.backup_verify": Exempt(
        "reads an archive and checks it; changes nothing"
    ),
    "soctasking.backup.services.default_archive_name": Exempt("names an archive; writes nothing"),
    # demo
    "soctasking.demo.services.demo_database_reset": Exempt(
        "empties every table, the trail with it, for the demo, which starts from nothing "
        "by design and is never for an installation holding real records (docs/demo.md)"
    ),
    "soctasking.demo.services.demo_picture_load": Audited("load", "bundle", _demo_picture_load),
    "soctasking.demo.services.demo_users_create": Audited("create", "user", _demo_users_create),
    # exchange
    "soctasking.exchange.services.bundle_load": Audited("load", "bundle", _bundle_load),
    # governance: the control strategy
    "soctasking.governance.strategy.services.control_strategy_generate": Audited(
        "generate", "control_strategy", _control_strategy_generate
    ),
    "soctasking.governance.strategy.services.control_strategy_entry_add": Audited(
        "entry_added", "control_strategy", _control_strategy_entry_add
    ),
    "soctasking.governance.strategy.services.control_strategy_entry_edit": Audited(
        "entry_edited", "control_strategy", _control_strategy_entry_edit
    ),
    "soctasking.governance.strategy.services.control_strategy_entry_remove": Audited(
        "entry_removed", "control_strategy", _control_strategy_entry_remove
    ),
    "soctasking.governance.strategy.services.control_strategy_approve": Audited(
        "approve", "control_strategy", _control_strategy_approve
    ),
    "soctasking.governance.strategy.services.control_strategy_new_version": Audited(
        "new_version", "control_strategy", _control_strategy_new_version
    ),
    # intelligence
    "soctasking.intelligence.services.submission_receive": Audited(
        "receive", "submission", _submission_receive
    ),
    "soctasking.intelligence.services.submissions_receive_batch": Audited(
        "receive_batch", "submission", _submissions_receive_batch
    ),
    "soctasking.intelligence.services.receipt_of": Exempt(
        "builds the receipt of a stored submission; writes nothing"
    ),
    "soctasking.intelligence.services.threats_suggested": Exempt(
        "reads the threat catalogue; writes nothing"
    ),
    "soctasking.intelligence.services.submission_problems": Exempt(
        "checks a submission's answers; stores nothing"
    ),
    # meetings
    "soctasking.meetings.services.meeting_schedule": Audited(
        "schedule", "meeting", _meeting_schedule
    ),
    "soctasking.meetings.services.meeting_record_attendance": Audited(
        "record_attendance", "meeting", _meeting_record_attendance
    ),
    "soctasking.meetings.services.decision_record": Audited(
        "record", "decision", _meeting_decision_record
    ),
    "soctasking.meetings.services.action_allocate": Audited("allocate", "action", _action_allocate),
    "soctasking.meetings.services.meeting_cancel": Audited("cancel", "meeting", _meeting_cancel),
    "soctasking.meetings.services.meetings_schedule_year": Audited(
        "schedule_year", "meeting_series", _meetings_schedule_year
    ),
    "soctasking.meetings.services.series_create": Audited(
        "create", "meeting_series", _series_create
    ),
    "soctasking.meetings.services.series_update": Audited(
        "update", "meeting_series", _series_update
    ),
    "soctasking.meetings.services.minutes_approve": Audited(
        "approve_minutes", "meeting", _minutes_approve
    ),
    # local priorities
    "soctasking.local_priorities.services.local_priority_id": Exempt(
        "makes the id a body's priorities for a period are kept under; writes nothing"
    ),
    "soctasking.local_priorities.services.local_priorities_record": Audited(
        "create", "local_priority", _local_priorities_record
    ),
    "soctasking.local_priorities.services.local_priorities_import_csv": Audited(
        "create", "local_priority", _local_priorities_import_csv
    ),
    # operations
    "soctasking.operations.services.operation_recordable_by": Exempt(
        "answers whether a user may record for an operation; writes nothing"
    ),
    "soctasking.operations.services.operation_open": Audited("open", "operation", _operation_open),
    "soctasking.operations.services.activity_record": Audited(
        "record_activity", "operation", _activity_record
    ),
    "soctasking.operations.services.covert_authority_grant": Audited(
        "grant_authority", "operation", _covert_authority_grant
    ),
    "soctasking.operations.services.covert_authority_use_record": Audited(
        "use_authority", "operation", _covert_authority_use_record
    ),
    "soctasking.operations.services.disruption_record": Audited(
        "record_disruption", "operation", _disruption_record
    ),
    "soctasking.operations.services.operations_close": Audited(
        "close", "operation", _operations_close
    ),
    # themes
    "soctasking.themes.services.themes_recompute": Audited(
        "recompute", "theme_index", _themes_recompute
    ),
    "soctasking.themes.services.theme_add_as_threat": Audited(
        "new_threat", "theme", _theme_add_as_threat
    ),
    "soctasking.themes.services.theme_add_as_keyword": Audited(
        "keyword", "theme", _theme_add_as_keyword
    ),
    "soctasking.themes.services.theme_dismiss": Audited("dismissed", "theme", _theme_dismiss),
    "soctasking.themes.services.theme_alias_merge": Audited("merge", "theme", _theme_alias_merge),
    # performance
    "soctasking.performance.services.performance_report_request": Audited(
        "request", "performance_report", _performance_report_request
    ),
    "soctasking.performance.services.performance_report_generate": Audited(
        "generate",
        "performance_report",
        None,
        proven_in="soctasking/performance/tests/test_report_job.py: the worker's job records "
        "each stage in a transaction of its own, so that the page can follow it",
    ),
    "soctasking.performance.services.performance_report_export": Audited(
        "export", "performance_report", _performance_report_export
    ),
    # governance
    "soctasking.governance.services.group_create": Audited(
        "create", "governance_group", _governance_group_create
    ),
    "soctasking.governance.services.group_update": Audited(
        "update", "governance_group", _governance_group_update
    ),
    "soctasking.governance.services.action_plan_create": Audited(
        "create", "action_plan", _action_plan_create
    ),
    "soctasking.governance.services.plan_action_add": Audited(
        "create", "plan_action", _plan_action_add
    ),
    "soctasking.governance.services.plan_action_status_set": Audited(
        "update", "plan_action", _plan_action_status_set
    ),
    "soctasking.governance.services.action_plan_approve": Audited(
        "approve", "action_plan", _action_plan_approve
    ),
    "soctasking.governance.services.action_plan_version_create": Audited(
        "create", "action_plan", _action_plan_version_create
    ),
    "soctasking.governance.services.progress_report_submit": Audited(
        "submit", "progress_report", _progress_report_submit
    ),
    "soctasking.governance.services.progress_reports_route": Audited(
        "route", "meeting", _progress_reports_route
    ),
    "soctasking.governance.services.meeting_assurance_record": Audited(
        "record", "assurance", _meeting_assurance_record
    ),
    "soctasking.governance.services.may_keep_plans_of": Exempt(
        "a read: whether a user may write a group's plans"
    ),
    "soctasking.governance.services.may_approve_plans_of": Exempt(
        "a read: whether a user may approve a group's plans"
    ),
    "soctasking.governance.services.may_give_assurance_at": Exempt(
        "a read: whether a user may record assurance at a sitting"
    ),
    # actions
    "soctasking.actions.services.action_update": Audited("update", "action", _action_update),
    "soctasking.actions.services.action_reminders_send": Audited(
        "remind", "body", _action_reminders_send
    ),
    "soctasking.actions.services.may_update": Exempt(
        "decides whether a user may update an action; writes nothing"
    ),
    # referrals
    "soctasking.referrals.services.referral_submit": Audited(
        "create", "referral", _referral_submit
    ),
    "soctasking.referrals.services.referral_route": Audited("route", "referral", _referral_route),
    "soctasking.referrals.services.referral_assign": Audited(
        "assign", "referral", _referral_assign
    ),
    "soctasking.referrals.services.referral_decide": Audited(
        "decide", "referral", _referral_decide
    ),
    "soctasking.referrals.services.referral_withdraw": Audited(
        "withdraw", "referral", _referral_withdraw
    ),
    "soctasking.themes.services.threat_classifier_train": Audited(
        "train", "threat_classifier", _threat_classifier_train
    ),
    # timetable
    "soctasking.timetable.services.requirement_create": Audited(
        "create", "requirement", _requirement_create
    ),
    "soctasking.timetable.services.timetable_rows_save": Audited(
        "save_rows", "requirement", _timetable_rows_save
    ),
    "soctasking.timetable.services.timetable_rows_import_csv": Audited(
        "save_rows", "requirement", _timetable_rows_import_csv
    ),
    "soctasking.timetable.services.timetable_rows_generate": Audited(
        "save_rows", "requirement", _timetable_rows_generate
    ),
    "soctasking.timetable.services.timetable_row_delete": Audited(
        "delete", "timetable_row", _timetable_row_delete
    ),
    "soctasking.timetable.services.requirement_acknowledge": Audited(
        "acknowledge", "requirement", _requirement_acknowledge
    ),
    "soctasking.timetable.services.gap_escalate": Audited("escalate", "requirement", _gap_escalate),
    "soctasking.timetable.services.reminders_send": Audited("remind", "body", _reminders_send),
    # prioritisation
    "soctasking.prioritisation.services.scoring_template_create": Audited(
        "create", "scoring_template", _scoring_template_create
    ),
    "soctasking.prioritisation.services.scoring_template_revise": Audited(
        "version", "scoring_template", _scoring_template_revise
    ),
    "soctasking.prioritisation.services.scoring_template_set_status": Audited(
        "approved", "scoring_template", _scoring_template_set_status
    ),
    "soctasking.prioritisation.services.evaluation_open": Audited(
        "open", "evaluation", _evaluation_open
    ),
    "soctasking.prioritisation.services.score_record": Audited(
        "score", "evaluation", _score_record
    ),
    "soctasking.prioritisation.services.recommendation_record": Audited(
        "recommend", "evaluation", _recommendation_record
    ),
    "soctasking.prioritisation.services.decision_record": Audited(
        "decide", "decision", _evaluation_decision_record
    ),
}


def _exists(name: str) -> bool:
    """Whether the function ``name`` is there (an app's services may be mid-change)."""
    module, _, function = name.rpartition(".")
    try:
        return inspect.isfunction(getattr(importlib.import_module(module), function, None))
    except ModuleNotFoundError:
        return False


def _audited(*, changing: bool = False) -> list[str]:
    """The audited services called here; with ``changing``, those changing more than the trail."""
    return sorted(
        name
        for name, entry in SERVICES.items()
        if isinstance(entry, Audited)
        and entry.call is not None
        and (entry.changes_more or not changing)
        and _exists(name)
    )


def service_modules() -> list[str]:
    """Every ``soctasking.<app>.services`` module (or package, with its modules), and the others."""
    root = Path(soctasking.__file__).parent
    names = [f"soctasking.{path.parent.name}.services" for path in root.glob("*/services.py")]
    for path in root.glob("*/services/**/*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted({*names, *OTHER_WRITING_MODULES})


def public_functions(module: ModuleType) -> Iterator[str]:
    """The functions ``module`` defines whose names do not start with an underscore."""
    for name, value in vars(module).items():
        defined_here = inspect.isfunction(value) and value.__module__ == module.__name__
        if defined_here and not name.startswith("_"):
            yield f"{module.__name__}.{name}"


def test_every_public_service_function_is_audited_or_exempt_with_a_reason():
    modules = service_modules()
    found = {
        name for module in modules for name in public_functions(importlib.import_module(module))
    }

    assert {"soctasking.accounts.services", "soctasking.intelligence.services"} <= set(modules)
    assert sorted(found - SERVICES.keys()) == [], "add each to SERVICES, audited or exempt"
    for name, entry in SERVICES.items():
        if isinstance(entry, Exempt):
            assert len(entry.why.split()) >= 4, f"{name}: say why it is exempt"
        elif entry.call is None:
            assert entry.proven_in, f"{name}: call it here, or say which tests prove its event"


@pytest.fixture
def world(analyst, contributor, administrator, national_unit, rocu) -> World:
    return World(
        analyst=analyst,
        contributor=contributor,
        administrator=administrator,
        national_unit=national_unit,
        rocu=rocu,
    )


@pytest.mark.parametrize("name", _audited())
def test_each_audited_service_writes_its_event(world, name):
    entry = SERVICES[name]
    assert isinstance(entry, Audited)
    assert entry.call is not None
    call = entry.call(world)
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()

    call()

    written = AuditEvent.objects.filter(sequence__gt=before or 0)
    assert (entry.action, entry.record_type) in {(e.action, e.record_type) for e in written}
    # A submission's title and text are as classified as the submission: never in the trail.
    details = json.dumps([e.detail for e in written])
    assert TITLE not in details
    assert TEXT not in details


class RefusedError(Exception):
    """Raised just after an event is written, to see what a failure leaves behind."""


def _everything() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, to compare before and after."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.parametrize("name", _audited(changing=True))
def test_a_failure_after_the_event_leaves_neither_the_event_nor_the_change(
    world, monkeypatch, name
):
    entry = SERVICES[name]
    assert isinstance(entry, Audited)
    assert entry.call is not None
    call = entry.call(world)
    real = audit_services.audit_record

    def record_then_fail(**kwargs: Any) -> AuditEvent:
        real(**kwargs)
        raise RefusedError

    # Wherever a module calls audit_record by name, it now fails once the event is written.
    for module in list(sys.modules.values()):
        if (
            module.__name__.startswith("soctasking.")
            and getattr(module, "audit_record", None) is real
        ):
            monkeypatch.setattr(module, "audit_record", record_then_fail)
    before = _everything()

    with pytest.raises(RefusedError):
        call()

    assert _everything() == before


# The pages and API operations that show submissions, and the action each records.
READS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "web:intelligence": ("list", lambda s: reverse("web:intelligence")),
    "search:search": ("search", lambda s: reverse("search:search") + "?q=harbour"),
    "intelligence:ours": ("list", lambda s: reverse("intelligence:ours")),
    "intelligence:ours_csv": ("export", lambda s: reverse("intelligence:ours_csv")),
    "intelligence:receipt": (
        "read_receipt",
        lambda s: reverse("intelligence:receipt", args=[s["shown"].pk]),
    ),
    "intelligence:receipt_download": (
        "read_receipt",
        lambda s: reverse("intelligence:receipt_download", args=[s["shown"].pk]),
    ),
    "intelligence:file": (
        "read_file",
        lambda s: reverse("intelligence:file", args=[s["shown"].pk]),
    ),
    "api-v1:search_api": ("search", lambda s: "/api/v1/search?q=harbour"),
    "api-v1:submission_get": ("read", lambda s: f"/api/v1/submissions/{s['shown'].pk}"),
    "api-v1:submission_receipt_get": (
        "read_receipt",
        lambda s: f"/api/v1/submissions/{s['shown'].pk}/receipt",
    ),
    "api-v1:submission_file_get": (
        "read_file",
        lambda s: f"/api/v1/submissions/{s['shown'].pk}/file",
    ),
}
# The routes about submissions that show none: sending one is a write, audited as such.
READS_EXEMPT = {
    "intelligence:submit": "the form to send a submission; sending is audited as receive",
    "api-v1:submission_post": "sends a submission; audited as receive",
    "api-v1:submissions_batch_post": "sends a batch; audited as receive_batch",
}


def _routes(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}", str(pattern.pattern)


def test_every_route_about_submissions_is_checked_for_its_reads():
    about_submissions = {
        name
        for name, route in _routes(get_resolver().url_patterns)
        if name.startswith(("intelligence:", "search:", "web:intelligence"))
        or (name.startswith("api-v1:") and route.startswith(("submissions", "search")))
    }

    assert about_submissions == READS.keys() | READS_EXEMPT.keys()


@pytest.fixture
def submissions(analyst, national_unit) -> dict[str, Any]:
    """An OFFICIAL and a SECRET submission of the analyst's body, each with a file, and a
    SECRET one in a compartment the analyst does not hold."""

    def submission(id: str, classification: str, **fields: Any) -> Any:
        return SubmissionFactory(
            id=id,
            reference=f"SUB-{id.upper()}",
            title=f"Harbour {id}",
            text="Cocaine landed at the harbour.",
            body=national_unit,
            received_by=national_unit,
            classification=classification,
            file=ContentFile(b"harbour", name=f"{id}.txt"),
            filename=f"{id}.txt",
            **fields,
        )

    return {
        "open": submission("open", "official"),
        "shown": submission("shown", "secret"),
        "hidden": submission("hidden", "secret", compartments=["chis"]),
    }


def _new_events(before: int | None) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(sequence__gt=before or 0))


@pytest.mark.parametrize("route", sorted(READS))
def test_each_page_and_operation_showing_submissions_records_the_sensitive_ones(
    client, analyst, submissions, route
):
    action, url = READS[route]
    client.force_login(analyst)
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()

    response = client.get(url(submissions))
    if response.streaming:
        b"".join(response.streaming_content)

    assert response.status_code == 200
    assert [(e.actor_name, e.action, e.record_type, e.detail) for e in _new_events(before)] == [
        ("alice", action, "submission", {"ids": ["shown"]})
    ]


@pytest.mark.parametrize(
    "route",
    sorted(name for name in READS if name.endswith(("receipt", "file", "_get", "download"))),
)
def test_showing_only_official_material_records_nothing(client, analyst, submissions, route):
    _, url = READS[route]
    client.force_login(analyst)
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()

    response = client.get(url({"shown": submissions["open"]}))
    if response.streaming:
        b"".join(response.streaming_content)

    assert response.status_code == 200
    assert _new_events(before) == []


def test_exporting_the_picture_is_recorded(client, analyst, submissions):
    client.force_login(analyst)

    response = client.get("/api/v1/bundle")
    b"".join(response.streaming_content)

    assert AuditEvent.objects.filter(actor_name="alice", action="export", record_type="bundle")


# The Django admin writes through its own views, not the services. What it lets
# a superuser write, model by model: audited, or a known gap, listed so that a
# new writable model cannot appear unnoticed (docs/audit.md says what is not audited).
EVERY_WRITE = frozenset({"add", "change", "delete"})
# The admins that record some writes themselves, through their services or in
# their own words; every other write through the admin is recorded by the site.
ADMIN_RECORDS_ITSELF: dict[str, frozenset[str]] = {
    "accounts.User": frozenset({"add", "change"}),
    "accounts.Compartment": frozenset({"change"}),
    "assurance.CheckThreshold": EVERY_WRITE,
}


def test_every_admin_on_the_site_records_its_writes():
    from django.contrib import admin

    from soctasking.audit.admin_site import AuditedModelAdmin

    registry = admin.site._registry.items()
    assert [m._meta.label for m, a in registry if not isinstance(a, AuditedModelAdmin)] == []
    assert {
        model._meta.label: model_admin.trail_records_itself
        for model, model_admin in registry
        if model_admin.trail_records_itself
    } == ADMIN_RECORDS_ITSELF
