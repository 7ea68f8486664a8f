"""The demo picture loads through the bundle loader, whole and quickly, and the checks find
what it holds on purpose."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

import pytest

from soctasking.assurance.registry import registered_checks
from soctasking.assurance.selectors import findings_run
from soctasking.bodies.models import Body
from soctasking.demo.picture import demo_bundle
from soctasking.demo.planted import PLANTED_PROBLEMS
from soctasking.demo.services import demo_picture_load
from soctasking.exchange.services import bundle_load
from soctasking.intelligence.models import Submission
from soctasking.meetings.models import Meeting
from soctasking.threats.models import Threat

AS_OF = date(2018, 3, 31)


def _subject(finding_type: str, subject_id: str) -> tuple[str, str]:
    # A theme is named in words; compare it however a check spells it.
    if finding_type == "theme":
        subject_id = subject_id.lower().replace("-", " ")
    return finding_type, subject_id


@pytest.fixture
def loaded(db: None) -> Any:
    return demo_picture_load()


def test_the_demo_loads_every_record_into_an_empty_database(loaded):
    bundle = demo_bundle()
    expected = {key: len(value) for key, value in bundle.items() if isinstance(value, list)}
    assert loaded.counts == expected
    assert loaded.as_of == AS_OF


def test_the_loaded_demo_holds_the_forces_rocus_and_national_bodies(loaded):
    assert Body.objects.filter(id__startswith="force-", kind="police_force").count() == 43
    assert Body.objects.filter(kind="rocu").count() == 9
    assert Body.objects.get(id="nca-nac").parent_id == "nca"
    assert Threat.objects.get(id="county-lines").parent_id == "drugs"
    assert Submission.objects.filter(compartments__code="interception").exists()
    assert Meeting.objects.filter(series_id="ndbm", status="held").count() > 200


def test_the_demo_loads_in_a_few_seconds(db):
    document = json.dumps(demo_bundle()).encode()
    started = time.monotonic()
    bundle_load(source=document, acting_user=None)
    assert time.monotonic() - started < 10


def test_loading_the_demo_twice_changes_nothing(loaded):
    again = demo_picture_load()
    assert again.counts == loaded.counts
    assert Body.objects.count() == loaded.counts["bodies"]


def test_the_checks_find_every_planted_problem_they_look_for(loaded):
    registered = set(registered_checks())
    planted = [p for p in PLANTED_PROBLEMS if p.code in registered]
    assert planted, "no check of the planted problems is registered"
    found = {
        (f.code, *_subject(f.subject_type, f.subject_id))
        for f in findings_run(as_of=AS_OF, codes=sorted({p.code for p in planted}))
    }
    missing = [p for p in planted if (p.code, *_subject(p.subject_type, p.subject_id)) not in found]
    assert missing == []


@pytest.mark.parametrize(
    "code",
    [
        "MTG001",
        "MTG002",
        "MTG003",
        "MTG004",
        "MTG005",
        "MTG006",
        "PRI001",
        "PRI002",
        "PRI003",
        "OPS001",
        "OPS002",
        "OPS003",
        "REF001",
        "REF002",
        "GOV001",
        "GOV002",
        "GOV003",
        "GOV004",
        "GOV005",
        "CST001",
        "CST002",
        "CST003",
        "CST004",
        "XCT001",
    ],
)
def test_every_check_but_the_submission_checks_finds_only_the_planted_problems(loaded, code):
    found = {(f.subject_type, f.subject_id) for f in findings_run(as_of=AS_OF, codes=[code])}
    planted = {(p.subject_type, p.subject_id) for p in PLANTED_PROBLEMS if p.code == code}
    assert found == planted


def test_the_meeting_and_prioritisation_findings_on_the_demo_name_what_they_rest_on(loaded):
    found = {
        (f.code, f.subject_id): f
        for f in findings_run(as_of=AS_OF, codes=["MTG001", "MTG002", "MTG004", "PRI001"])
    }
    late = found[("MTG001", "nstcg-2017-10-04")].evidence["prerequisites"][0]
    assert late["sat_too_late"] == [{"meeting": "nsig-2017-10-11", "date": "2017-10-11"}]
    cancelled = found[("MTG002", "nstcg-2017-03-22")].evidence["prerequisites"][0]
    assert cancelled["cancelled"] == [{"meeting": "nsig-2017-02-22", "date": "2017-02-22"}]
    assert found[("MTG004", "nstcg")].evidence["absent"] == ["force-city-of-london"]
    assert sorted(found[("MTG004", "ndbm")].evidence["absent"]) == [
        "ministry-of-defence-police",
        "npac",
        "npicc",
    ]
    unevaluated = found[("PRI001", "nstcg-2017-03-22.decision-3")].evidence
    assert unevaluated["evaluation"] is None
    assert unevaluated["recommended"] is False


def test_the_governance_and_strategy_findings_name_what_was_planted(loaded):
    evidence = {
        (f.code, f.subject_id): f.evidence
        for f in findings_run(
            as_of=AS_OF,
            codes=["GOV003", "GOV004", "GOV005", "CST001", "CST002", "CST003", "CST004"],
        )
    }
    overdue = evidence[("GOV003", "sap-private-sector-fraud")]["actions"]
    assert [action["due"] for action in overdue] == ["2017-11-30", "2018-01-31"]
    assert evidence[("GOV004", "organised-acquisitive-crime")]["assessment"] == "nsa-2017"
    crossover = evidence[("GOV005", "modern-slavery-and-human-trafficking")]["plans"]
    assert [plan["plan"] for plan in crossover] == ["sap-msht", "sap-oic"]
    assert evidence[("CST001", "cs-2017")]["missing"] == [
        "criminal-use-of-internet-technology",
        "organised-acquisitive-crime",
    ]
    assert evidence[("CST001", "cs-2017")]["missing_from_requirement"] == [
        "organised-acquisitive-crime"
    ]
    assert evidence[("CST002", "cs-2017")]["unsourced"] == ["criminal-use-of-technology"]
    assert evidence[("CST003", "cs-2017")]["not_at_priority"] == [
        {"threat": "high-end-money-laundering", "level": "band_1"}
    ]
    assert evidence[("CST003", "cs-2017")]["not_priorities"] == []
    assert evidence[("CST004", "cs-2017")]["entries"] == [
        {"threat": "cyber-crime", "lacking": ["intelligence", "prevention"]}
    ]


def test_rebuilding_the_theme_index_on_the_demo_raises_no_theme_but_county_lines(loaded):
    from soctasking.themes.services import themes_recompute

    themes_recompute(acting_user=None)

    found = [f.subject_id for f in findings_run(as_of=AS_OF, codes=["XCT001"])]
    assert found == ["county lines"]
