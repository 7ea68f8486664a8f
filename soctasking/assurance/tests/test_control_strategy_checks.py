"""The control strategy checks: threats left out, entries the assessment never mentions,
priority levels that do not match the national priorities, and responses left implicit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from soctasking.assurance.selectors import findings_run
from soctasking.assurance.tests.records import assessment, built, new_threat
from soctasking.governance.models import ControlStrategy
from soctasking.intelligence.models import Assessment, Requirement, RequirementThreat
from soctasking.testing.factories import (
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    DecisionFactory,
    MeetingFactory,
    RequirementFactory,
)
from soctasking.threats.models import Threat

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 12, 31)
COMPLETE = {
    "response_intelligence": "Identify the groups.",
    "response_prevention": "Deny them victims.",
    "response_enforcement": "Arrest and prosecute.",
}


def flagged(code: str, as_of: date = AS_OF) -> dict[str, dict[str, Any]]:
    return {f.subject_id: f.to_json() for f in findings_run(as_of=as_of, codes=[code])}


def strategy(
    based_on: Assessment | None, *entries: tuple[Threat, str], **fields: Any
) -> ControlStrategy:
    made = built(ControlStrategyFactory(based_on=based_on, **fields), ControlStrategy)
    for threat, level in entries:
        ControlStrategyEntryFactory(strategy=made, threat=threat, level=level)
    return made


def adopt(day: date, *threats: Threat, status: str = "held") -> None:
    decision = DecisionFactory(
        meeting=MeetingFactory(date=day, status=status), kind="adopt_priority_threats"
    )
    decision.threats.set(threats)


def require(*threats: Threat, **fields: Any) -> None:
    requirement = built(RequirementFactory(**fields), Requirement)
    for threat in threats:
        RequirementThreat.objects.create(requirement=requirement, threat=threat)


# CST001 strategy-omission


def test_threats_and_vulnerabilities_of_the_assessment_left_out_are_an_omission():
    drugs, acquisitive = new_threat(id="drugs"), new_threat(id="organised-acquisitive-crime")
    internet = new_threat(id="criminal-use-of-internet-technology", kind="vulnerability")
    nsa = assessment(drugs, acquisitive, vulnerabilities=(internet,), id="nsa-2017")
    strategy(nsa, (drugs, "band_1"), id="cs-2017", status="approved")

    found = flagged("CST001")

    assert list(found) == ["cs-2017"]
    finding = found["cs-2017"]
    assert finding["subject"] == {"type": "control_strategy", "id": "cs-2017"}
    assert finding["severity"] == "high"
    assert finding["message"] == (
        "Control strategy cs-2017 (approved) leaves out 2 threats of its assessment or the "
        "current requirement: criminal-use-of-internet-technology, organised-acquisitive-crime"
    )
    assert finding["evidence"] == {
        "strategy": "cs-2017",
        "assessment": "nsa-2017",
        "requirement": None,
        "missing": ["criminal-use-of-internet-technology", "organised-acquisitive-crime"],
        "missing_from_assessment": [
            "criminal-use-of-internet-technology",
            "organised-acquisitive-crime",
        ],
        "missing_from_requirement": [],
    }


def test_a_threat_of_the_current_requirement_left_out_is_an_omission_but_not_of_another():
    drugs, acquisitive, past = (new_threat(id=name) for name in ("drugs", "oac", "past"))
    require(acquisitive, drugs, id="nir-2017")
    require(past, id="nir-2016", period_start=date(2016, 4, 1), period_end=date(2017, 3, 31))
    strategy(assessment(drugs), (drugs, "band_1"), id="cs-2017")

    found = flagged("CST001")

    assert found["cs-2017"]["evidence"]["requirement"] == "nir-2017"
    assert found["cs-2017"]["evidence"]["missing"] == ["oac"]
    assert found["cs-2017"]["evidence"]["missing_from_requirement"] == ["oac"]
    assert found["cs-2017"]["evidence"]["missing_from_assessment"] == []


def test_a_strategy_with_every_assessed_and_required_threat_at_any_level_omits_nothing():
    drugs, fraud = new_threat(id="drugs"), new_threat(id="fraud")
    borders = new_threat(id="borders", kind="vulnerability")
    require(fraud)
    strategy(
        assessment(drugs, vulnerabilities=(borders,)),
        (drugs, "priority"),
        (fraud, "band_3"),
        (borders, "listed"),
    )

    assert flagged("CST001") == {}


def test_an_entry_for_the_parent_does_not_stand_for_a_sub_threat():
    drugs = new_threat(id="drugs")
    county_lines = new_threat(id="county-lines", kind="sub_threat", parent=drugs)
    strategy(assessment(drugs, county_lines), (drugs, "band_1"), id="cs")

    assert flagged("CST001")["cs"]["evidence"]["missing"] == ["county-lines"]


def test_drafts_are_checked_but_superseded_strategies_are_not():
    nsa = assessment(new_threat(id="drugs"))
    strategy(nsa, id="cs-draft", status="draft")
    strategy(nsa, id="cs-approved", status="approved")
    strategy(nsa, id="cs-superseded", status="superseded")

    assert sorted(flagged("CST001")) == ["cs-approved", "cs-draft"]


def test_a_strategy_based_on_an_assessment_issued_after_the_date_is_not_checked_yet():
    strategy(assessment(new_threat(), issued=date(2018, 1, 1)), id="cs-later")
    strategy(assessment(new_threat(), issued=AS_OF), id="cs-on-the-day")

    assert list(flagged("CST001")) == ["cs-on-the-day"]


# CST002 strategy-unsourced-entry


def test_an_entry_the_assessment_does_not_mention_is_unsourced():
    internet = new_threat(id="criminal-use-of-internet-technology", kind="vulnerability")
    technology = new_threat(id="criminal-use-of-technology", kind="vulnerability")
    drugs = new_threat(id="drugs")
    nsa = assessment(drugs, vulnerabilities=(internet,), id="nsa-2017")
    strategy(nsa, (drugs, "band_1"), (internet, "listed"), (technology, "listed"), id="cs-2017")

    found = flagged("CST002")

    assert list(found) == ["cs-2017"]
    finding = found["cs-2017"]
    assert finding["severity"] == "medium"
    assert finding["message"] == (
        "Control strategy cs-2017 (draft) has 1 entry not found in the assessment nsa-2017: "
        "criminal-use-of-technology"
    )
    assert finding["evidence"] == {
        "strategy": "cs-2017",
        "assessment": "nsa-2017",
        "unsourced": ["criminal-use-of-technology"],
    }


def test_a_strategy_whose_entries_are_all_in_its_assessment_is_sourced():
    drugs = new_threat(id="drugs")
    borders = new_threat(id="borders", kind="vulnerability")
    strategy(assessment(drugs, vulnerabilities=(borders,)), (drugs, "band_1"), (borders, "listed"))

    assert flagged("CST002") == {}


def test_a_strategy_based_on_no_assessment_has_no_entry_sourced():
    strategy(None, (new_threat(id="drugs"), "band_1"), id="cs-unbased")

    found = flagged("CST002")

    assert found["cs-unbased"]["evidence"] == {
        "strategy": "cs-unbased",
        "assessment": None,
        "unsourced": ["drugs"],
    }
    assert "not found in any assessment, as it is based on none" in found["cs-unbased"]["message"]


# CST003 strategy-priority-unclear


def test_a_national_priority_placed_in_a_band_or_left_out_is_unclear():
    laundering, firearms, cyber = (
        new_threat(id=name) for name in ("high-end-money-laundering", "firearms", "cyber")
    )
    adopt(date(2017, 3, 22), laundering, firearms, cyber)
    nsa = assessment(laundering, firearms, cyber)
    strategy(nsa, (laundering, "band_1"), (firearms, "priority"), id="cs-2017")

    found = flagged("CST003")

    assert list(found) == ["cs-2017"]
    finding = found["cs-2017"]
    assert finding["severity"] == "medium"
    assert finding["message"] == (
        "Control strategy cs-2017 (draft) does not match the current national priorities; "
        "national priority threats not at the priority level: cyber (absent), "
        "high-end-money-laundering (band_1)"
    )
    assert finding["evidence"] == {
        "strategy": "cs-2017",
        "priority_threats": ["cyber", "firearms", "high-end-money-laundering"],
        "not_at_priority": [
            {"threat": "cyber", "level": None},
            {"threat": "high-end-money-laundering", "level": "band_1"},
        ],
        "not_priorities": [],
    }


def test_an_entry_at_the_priority_level_that_is_no_national_priority_is_unclear():
    firearms, drugs = new_threat(id="firearms"), new_threat(id="drugs")
    adopt(date(2017, 3, 22), firearms)
    strategy(assessment(firearms, drugs), (firearms, "priority"), (drugs, "priority"), id="cs")

    found = flagged("CST003")

    assert found["cs"]["evidence"]["not_priorities"] == ["drugs"]
    assert found["cs"]["evidence"]["not_at_priority"] == []
    assert "not national priorities: drugs" in found["cs"]["message"]


def test_a_strategy_whose_priority_level_holds_exactly_the_national_priorities_is_clear():
    firearms, drugs = new_threat(id="firearms"), new_threat(id="drugs")
    adopt(date(2017, 3, 22), firearms)
    strategy(assessment(firearms, drugs), (firearms, "priority"), (drugs, "band_1"))

    assert flagged("CST003") == {}


def test_the_priorities_are_those_of_the_latest_held_adoption_on_or_before_the_date():
    firearms, drugs = new_threat(id="firearms"), new_threat(id="drugs")
    adopt(date(2017, 3, 22), firearms)
    adopt(date(2017, 10, 4), drugs, status="cancelled")
    adopt(date(2018, 3, 21), drugs)
    strategy(assessment(firearms, drugs), (firearms, "priority"), (drugs, "band_1"), id="cs")

    assert flagged("CST003") == {}
    assert flagged("CST003", as_of=date(2018, 3, 21))["cs"]["evidence"]["priority_threats"] == [
        "drugs"
    ]


def test_before_any_adoption_every_entry_at_the_priority_level_is_unclear():
    firearms = new_threat(id="firearms")
    strategy(assessment(firearms), (firearms, "priority"), id="cs")

    assert flagged("CST003")["cs"]["evidence"]["not_priorities"] == ["firearms"]


# CST004 strategy-response-implicit


def test_a_priority_entry_without_all_three_responses_is_implicit():
    cyber, firearms = new_threat(id="cyber-crime"), new_threat(id="firearms")
    cs = strategy(assessment(cyber, firearms), id="cs-2017", status="approved")
    ControlStrategyEntryFactory(
        strategy=cs, threat=cyber, level="priority", response_enforcement="Pursue the groups."
    )
    ControlStrategyEntryFactory(strategy=cs, threat=firearms, level="priority", **COMPLETE)

    found = flagged("CST004")

    assert list(found) == ["cs-2017"]
    finding = found["cs-2017"]
    assert finding["severity"] == "medium"
    assert finding["message"] == (
        "Control strategy cs-2017 (approved) leaves the expected response implicit for 1 "
        "priority entry: cyber-crime (no intelligence or prevention response)"
    )
    assert finding["evidence"] == {
        "strategy": "cs-2017",
        "entries": [{"threat": "cyber-crime", "lacking": ["intelligence", "prevention"]}],
    }


def test_a_response_of_nothing_but_spaces_is_no_response():
    cs = strategy(assessment(), id="cs")
    ControlStrategyEntryFactory(
        strategy=cs,
        threat=new_threat(id="firearms"),
        level="priority",
        **{**COMPLETE, "response_prevention": "   "},
    )

    assert flagged("CST004")["cs"]["evidence"]["entries"] == [
        {"threat": "firearms", "lacking": ["prevention"]}
    ]


def test_entries_below_the_priority_level_need_no_written_response():
    cs = strategy(assessment(), id="cs")
    ControlStrategyEntryFactory(strategy=cs, threat=new_threat(id="drugs"), level="band_1")
    ControlStrategyEntryFactory(strategy=cs, threat=new_threat(), level="priority", **COMPLETE)

    assert flagged("CST004") == {}
