from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.cli import main
from soctasking.exchange.models import BundleLoad
from soctasking.testing.factories import OperationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def picture():
    OperationFactory(id="op-17", name="Nightjar", opened=date(2017, 1, 5))
    ReferralFactory(id="ref-1", route="nttcg", submitted=date(2017, 6, 1))


def test_findings_json_is_a_list_of_findings_in_the_spec_shape(picture):
    findings = json.loads(run("findings", "--json", "--as-of", "2017-06-30"))

    assert [(f["code"], f["subject"]["id"]) for f in findings] == [
        ("OPS001", "op-17"),
        ("OPS002", "op-17"),
        ("REF001", "ref-1"),
        ("REF002", "ref-1"),
    ]
    assert set(findings[0]) == {
        "code",
        "name",
        "severity",
        "subject",
        "message",
        "evidence",
        "recommendation",
    }


def test_findings_can_be_narrowed_by_code_and_severity(picture):
    by_code = json.loads(run("findings", "--json", "--as-of", "2017-06-30", "--code", "REF002"))
    by_severity = json.loads(
        run("findings", "--json", "--as-of", "2017-06-30", "--severity", "low")
    )

    assert [f["code"] for f in by_code] == ["REF002"]
    assert [f["code"] for f in by_severity] == ["REF002"]


def test_findings_default_to_the_loaded_bundles_date(picture):
    BundleLoad.objects.create(sha256="a" * 64, size_bytes=1, as_of=date(2017, 1, 10))

    findings = json.loads(run("findings", "--json"))

    # On 10 January the operation was five days old and the referral not yet made.
    assert [(f["code"], f["subject"]["id"]) for f in findings] == [("OPS001", "op-17")]


def test_findings_as_text_is_a_table_with_a_summary(picture):
    text = run("findings", "--as-of", "2017-06-30")

    assert text.startswith("4 findings as of 2017-06-30 (0 high, 3 medium, 1 low)")
    assert "OPS001  medium    operation op-17  Operation Nightjar (op-17) is open" in text


def test_findings_as_text_says_when_there_are_none():
    assert run("findings", "--as-of", "2017-06-30").strip() == "No findings as of 2017-06-30."


def test_a_bad_as_of_date_exits_2_naming_the_option():
    with pytest.raises(CommandError, match="--as-of: expected a date as YYYY-MM-DD") as refused:
        run("findings", "--as-of", "2017-13-01")
    assert refused.value.returncode == 2


def test_an_unknown_code_exits_2_naming_the_option():
    with pytest.raises(CommandError, match="--code: unknown check code XYZ001") as refused:
        run("findings", "--code", "XYZ001")
    assert refused.value.returncode == 2


def test_the_console_command_exits_2_on_a_bad_date(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["metrics", "--as-of", "30/06/2017"])

    assert exited.value.code == 2
    assert "--as-of: expected a date as YYYY-MM-DD, got '30/06/2017'" in capsys.readouterr().err


def test_metrics_json_is_keyed_by_metric_name(picture):
    metrics = json.loads(run("metrics", "--json", "--as-of", "2017-06-30"))

    share = metrics["priority_activity_share"]
    assert share["as_of"] == "2017-06-30"
    assert (share["open_operations"], share["on_priority"], share["share"]) == (1, 0, 0.0)
    assert len(share["monthly"]) == 12


def test_metrics_as_text_shows_each_metric_and_its_monthly_table(picture):
    text = run("metrics", "--as-of", "2017-06-30")

    # Metrics come by name: adoption, disruptions, priority_activity_share, timetable.
    assert text.startswith("adoption\n  as_of: 2017-06-30")
    assert "\n\npriority_activity_share\n  as_of: 2017-06-30" in text
    assert "  rows: on_time: 0; late: 0; missing: 0; due: 0" in text
    assert "  open_operations: 1" in text
    assert "MONTH    OPEN_OPERATIONS  ON_PRIORITY  SHARE" in text
    assert "2016-12  0                0            none" in text
