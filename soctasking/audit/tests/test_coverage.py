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
