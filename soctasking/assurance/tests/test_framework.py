from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from soctasking.assurance.models import CheckThreshold
from soctasking.assurance.registry import Finding, UnknownCheckError, registered_checks
from soctasking.assurance.selectors import (
    checks_in_force,
    findings_about,
    findings_run,
    picture_as_of,
    thresholds_in_force,
)
from soctasking.assurance.services import threshold_reset, threshold_set
from soctasking.audit.models import AuditEvent
from soctasking.exchange.models import BundleLoad
from soctasking.testing.factories import OperationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_a_finding_serialises_to_the_shape_the_spec_gives():
    finding = Finding(
        code="SUB001",
        name="submission-missing",
        severity="high",
        subject_type="body",
        subject_id="rocu-north-east",
        message="No tactical assessment",
        evidence={"row": "nir-2017.q1-ne", "due": "2017-01-15"},
        recommendation="Resolve with the unit.",
    )

    assert finding.to_json() == {
        "code": "SUB001",
        "name": "submission-missing",
        "severity": "high",
        "subject": {"type": "body", "id": "rocu-north-east"},
        "message": "No tactical assessment",
        "evidence": {"row": "nir-2017.q1-ne", "due": "2017-01-15"},
        "recommendation": "Resolve with the unit.",
    }


def test_the_registry_holds_the_operation_and_referral_checks_with_their_defaults():
    checks = registered_checks()

    assert {"OPS001", "OPS002", "OPS003", "REF001", "REF002"} <= set(checks)
    assert list(checks) == sorted(checks)
    assert dict(checks["OPS002"].thresholds) == {"inactive_days": 90}
    assert dict(checks["REF001"].thresholds) == {"referral_days": 14, "urgent_days": 2}
    assert checks["OPS003"].severity == "high"
    assert checks["OPS001"].description.startswith("An operation open on the date")


def test_findings_come_sorted_by_code_then_subject():
    OperationFactory(id="op-b", opened=date(2016, 1, 1))
    OperationFactory(id="op-a", opened=date(2016, 1, 1))
    ReferralFactory(id="ref-a", route="ntig", submitted=date(2017, 1, 1))

    found = [(f.code, f.subject_id) for f in findings_run(as_of=date(2017, 6, 30))]

    assert found == [
        ("OPS001", "op-a"),
        ("OPS001", "op-b"),
        ("OPS002", "op-a"),
        ("OPS002", "op-b"),
        ("REF001", "ref-a"),
        ("REF002", "ref-a"),
    ]


def test_findings_can_be_narrowed_by_code_severity_and_subject():
    OperationFactory(id="op-a", opened=date(2016, 1, 1))
    ReferralFactory(id="ref-a", route="ntig", submitted=date(2017, 1, 1))
    as_of = date(2017, 6, 30)

    assert {f.code for f in findings_run(as_of=as_of, codes=["ops001", "REF002"])} == {
        "OPS001",
        "REF002",
    }
    assert {f.code for f in findings_run(as_of=as_of, severities=["low"])} == {"REF002"}
    assert {f.subject_id for f in findings_run(as_of=as_of, subject_type="referral")} == {"ref-a"}
    assert {f.code for f in findings_run(as_of=as_of, subject_id="op-a")} == {"OPS001", "OPS002"}


def test_findings_about_some_subjects_are_those_and_only_those():
    OperationFactory(id="op-a", opened=date(2016, 1, 1))
    OperationFactory(id="op-b", opened=date(2016, 1, 1))
    ReferralFactory(id="ref-a", route="ntig", submitted=date(2017, 1, 1))
    ReferralFactory(id="op-a", route="ntig", submitted=date(2017, 1, 1))

    found = findings_about(
        subjects=[("operation", "op-a"), ("referral", "ref-a")], as_of=date(2017, 6, 30)
    )

    assert [(f.code, f.subject_type, f.subject_id) for f in found] == [
        ("OPS001", "operation", "op-a"),
        ("OPS002", "operation", "op-a"),
        ("REF001", "referral", "ref-a"),
        ("REF002", "referral", "ref-a"),
    ]
    assert findings_about(subjects=[], as_of=date(2017, 6, 30)) == []


def test_an_unknown_check_code_is_refused_by_name():
    with pytest.raises(UnknownCheckError, match="unknown check code NOPE01; expected one of"):
        findings_run(as_of=date(2017, 6, 30), codes=["NOPE01"])


def test_the_picture_date_is_the_one_given_first():
    BundleLoad.objects.create(sha256="a" * 64, size_bytes=1, as_of=date(2017, 6, 30))

    assert picture_as_of(explicit=date(2018, 1, 1)) == date(2018, 1, 1)


def test_the_picture_date_is_the_latest_loaded_bundle_that_carried_one():
    BundleLoad.objects.create(sha256="a" * 64, size_bytes=1, as_of=date(2017, 6, 30))
    BundleLoad.objects.create(sha256="b" * 64, size_bytes=1, as_of=date(2017, 9, 30))
    BundleLoad.objects.create(sha256="c" * 64, size_bytes=1, as_of=None)

    assert picture_as_of() == date(2017, 9, 30)


def test_the_picture_date_is_today_when_no_bundle_carried_one():
    BundleLoad.objects.create(sha256="c" * 64, size_bytes=1, as_of=None)

    assert picture_as_of() == timezone.localdate()


def test_an_administrator_overrides_a_threshold_and_it_is_audited(administrator):
    threshold_set(code="OPS002", parameter="inactive_days", value=30, acting_user=administrator)

    assert thresholds_in_force()["OPS002"] == {"inactive_days": 30}
    event = AuditEvent.objects.get(record_type="check_threshold")
    assert event.record_id == "OPS002.inactive_days"
    assert event.actor == administrator
    assert event.detail["value"] == 30
    assert event.detail["previous"] is None
    described = {c["code"]: c for c in checks_in_force()}["OPS002"]
    assert described["thresholds"] == {"inactive_days": 30.0}
    assert described["default_thresholds"] == {"inactive_days": 90}


def test_an_overridden_threshold_changes_what_a_check_flags(administrator):
    OperationFactory(id="sixty-days", opened=date(2017, 5, 1))
    as_of = date(2017, 6, 30)
    assert findings_run(as_of=as_of, codes=["OPS002"]) == []

    threshold_set(code="OPS002", parameter="inactive_days", value=30, acting_user=administrator)

    assert [f.subject_id for f in findings_run(as_of=as_of, codes=["OPS002"])] == ["sixty-days"]


def test_setting_a_threshold_again_updates_it_and_resetting_restores_the_default(administrator):
    threshold_set(code="REF001", parameter="urgent_days", value=3, acting_user=administrator)
    threshold_set(code="REF001", parameter="urgent_days", value=4, acting_user=administrator)

    assert CheckThreshold.objects.get().value == 4
    events = AuditEvent.objects.filter(record_type="check_threshold").order_by("sequence")
    assert [event.detail["previous"] for event in events] == [None, 3]

    threshold_reset(code="REF001", parameter="urgent_days", acting_user=administrator)

    assert thresholds_in_force()["REF001"] == {"referral_days": 14, "urgent_days": 2}
    assert not CheckThreshold.objects.exists()


@pytest.mark.parametrize(
    ("code", "parameter", "value", "field"),
    [
        ("NOPE01", "inactive_days", 30, "code"),
        ("OPS002", "unused_days", 30, "parameter"),
        ("OPS001", "inactive_days", 30, "parameter"),
        ("OPS002", "inactive_days", -1, "value"),
        ("OPS002", "inactive_days", float("nan"), "value"),
    ],
)
def test_a_bad_threshold_is_refused_naming_the_field_and_nothing_is_stored(
    administrator, code, parameter, value, field
):
    with pytest.raises(ValidationError) as refused:
        threshold_set(code=code, parameter=parameter, value=value, acting_user=administrator)

    assert field in refused.value.message_dict
    assert not CheckThreshold.objects.exists()
    assert not AuditEvent.objects.filter(record_type="check_threshold").exists()


def test_only_an_administrator_may_change_a_threshold(analyst, inspector):
    for user in (analyst, inspector):
        with pytest.raises(PermissionDenied):
            threshold_set(code="OPS002", parameter="inactive_days", value=30, acting_user=user)

    assert not CheckThreshold.objects.exists()
