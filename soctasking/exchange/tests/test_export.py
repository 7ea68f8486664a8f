"""Exporting the picture: the same document after a round trip, and only what the user may see."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from soctasking.audit.models import AuditEvent
from soctasking.exchange.tests.conftest import empty_picture, export_text, load

pytestmark = pytest.mark.django_db


def test_export_load_into_an_empty_installation_and_export_again_gives_the_same_document(
    every_section,
):
    load(every_section)
    first = export_text()
    empty_picture()

    load(json.loads(first))

    assert export_text() == first


def test_the_export_carries_every_record_with_defaults_made_explicit(every_section):
    load(every_section)

    exported = json.loads(export_text())

    for section, records in every_section.items():
        if not isinstance(records, list):
            assert exported[section] == records
            continue
        by_id = {record["id"]: record for record in exported[section]}
        assert set(by_id) == {record["id"] for record in records}
        for record in records:
            assert by_id[record["id"]] | record == by_id[record["id"]], record["id"]
    assert exported["submissions"][1]["classification"] == "official"
    assert exported["operations"][0]["disruptions"][0]["outcomes"]["convictions"] == 0


def test_an_export_for_a_user_leaves_out_submissions_above_their_clearance(
    every_section, contributor, chis_analyst
):
    load(every_section)

    for_contributor = json.loads(export_text(contributor))
    for_chis_analyst = json.loads(export_text(chis_analyst))

    assert [s["id"] for s in for_contributor["submissions"]] == ["sub-2"]
    assert "Deal lines" not in json.dumps(for_contributor)
    assert [s["id"] for s in for_chis_analyst["submissions"]] == ["sub-1", "sub-2"]


def test_every_export_is_audited_as_a_read(every_section, analyst):
    load(every_section)

    export_text(analyst)

    event = AuditEvent.objects.filter(action="export").get()
    assert (event.actor, event.detail) == (analyst, {"scope": "visible to the user"})


def test_an_empty_installation_exports_a_valid_empty_bundle():
    assert json.loads(export_text()) == {"format": "soctasking.bundle", "version": 1}


def test_the_export_command_writes_the_whole_picture_to_a_file(every_section, tmp_path):
    load(every_section)
    target = tmp_path / "picture.json"

    call_command("export", out=str(target))

    assert target.read_text(encoding="utf-8") == export_text()
    assert not list(tmp_path.glob(".export-*"))


def test_a_whole_number_too_large_to_be_a_count_stays_a_number_that_loads_again(every_section):
    every_section["operations"][0]["disruptions"][0]["outcomes"]["cash_gbp"] = 1e19
    load(every_section)
    first = export_text()
    empty_picture()

    load(json.loads(first))

    assert export_text() == first
    assert '"cash_gbp": 1e+19' in first


def test_json_objects_export_with_their_keys_in_order_whatever_the_database(every_section):
    every_section["evaluations"][0]["scores"][0]["dimensions"] = {"likelihood": 3.5, "harm": 4}

    load(every_section)

    assert '"dimensions": {"harm": 4, "likelihood": 3.5}' in export_text()
