"""The demo bundle itself: deterministic, valid, self-consistent and true to the inspection."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from soctasking.demo.picture import demo_bundle
from soctasking.exchange.validation import bundle_schema

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")

# Where each kind of record is defined: (section, path to the nested list or ()).
DEFINITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bodies": ("bodies", ()),
    "threats": ("threats", ()),
    "assessments": ("assessments", ()),
    "requirements": ("requirements", ()),
    "timetable_rows": ("requirements", ("timetable",)),
    "submissions": ("submissions", ()),
    "meeting_series": ("meeting_series", ()),
    "meetings": ("meetings", ()),
    "decisions": ("meetings", ("decisions",)),
    "actions": ("meetings", ("actions",)),
    "evaluations": ("evaluations", ()),
    "governance_groups": ("governance_groups", ()),
    "action_plans": ("action_plans", ()),
    "plan_actions": ("action_plans", ("actions",)),
    "progress_reports": ("action_plans", ("reports",)),
    "control_strategies": ("control_strategies", ()),
    "local_priorities": ("local_priorities", ()),
    "operations": ("operations", ()),
    "covert_authorities": ("operations", ("covert_authorities",)),
    "disruptions": ("operations", ("disruptions",)),
    "referrals": ("referrals", ()),
}

# Every reference bundle.md defines: (section, path within a record, kind referred to);
# "*" steps into each element of a list.
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("bodies", ("parent",), "bodies"),
    ("threats", ("parent",), "threats"),
    ("assessments", ("supersedes",), "assessments"),
    ("assessments", ("threats", "*"), "threats"),
    ("assessments", ("vulnerabilities", "*"), "threats"),
    ("requirements", ("threats", "*", "threat"), "threats"),
    ("requirements", ("timetable", "*", "body"), "bodies"),
    ("requirements", ("timetable", "*", "deliver_to"), "bodies"),
    ("requirements", ("timetable", "*", "for_assessment"), "assessments"),
    ("requirements", ("acknowledgements", "*", "body"), "bodies"),
    ("submissions", ("body",), "bodies"),
    ("submissions", ("received_by",), "bodies"),
    ("submissions", ("threats", "*"), "threats"),
    ("meeting_series", ("chair",), "bodies"),
    ("meeting_series", ("members", "*"), "bodies"),
    ("meeting_series", ("expected_members", "*"), "bodies"),
    ("meeting_series", ("governance_group",), "governance_groups"),
    ("meeting_series", ("precedes", "series"), "meeting_series"),
    ("meetings", ("series",), "meeting_series"),
    ("meetings", ("attended", "*"), "bodies"),
    ("meetings", ("invited", "*"), "bodies"),
    ("meetings", ("decisions", "*", "threats", "*"), "threats"),
    ("meetings", ("decisions", "*", "evaluation"), "evaluations"),
    ("meetings", ("decisions", "*", "recommended_by"), "meetings"),
    ("meetings", ("actions", "*", "owner"), "bodies"),
    ("meetings", ("actions", "*", "threats", "*"), "threats"),
    ("meetings", ("reports_received", "*"), "progress_reports"),
    ("meetings", ("updates", "*", "body"), "bodies"),
    ("meetings", ("updates", "*", "threats", "*"), "threats"),
    ("evaluations", ("assessment",), "assessments"),
    ("evaluations", ("meeting",), "meetings"),
    ("evaluations", ("scores", "*", "threat"), "threats"),
    ("governance_groups", ("parent",), "governance_groups"),
    ("governance_groups", ("chair",), "bodies"),
    ("governance_groups", ("threats", "*"), "threats"),
    ("action_plans", ("group",), "governance_groups"),
    ("action_plans", ("threats", "*"), "threats"),
    ("action_plans", ("actions", "*", "owner"), "bodies"),
    ("action_plans", ("actions", "*", "threats", "*"), "threats"),
    ("action_plans", ("reports", "*", "to_meeting"), "meetings"),
    ("control_strategies", ("based_on",), "assessments"),
    ("control_strategies", ("approved_by",), "meetings"),
    ("control_strategies", ("entries", "*", "threat"), "threats"),
    ("local_priorities", ("body",), "bodies"),
    ("local_priorities", ("priorities", "*", "threat"), "threats"),
    ("operations", ("body",), "bodies"),
    ("operations", ("threats", "*"), "threats"),
    ("operations", ("disruptions", "*", "threats", "*"), "threats"),
    ("referrals", ("from_body",), "bodies"),
    ("referrals", ("threats", "*"), "threats"),
)


def _walk(value: Any, path: tuple[str, ...], pointer: str) -> Iterator[tuple[str, Any]]:
    """Every value at ``path`` below ``value``, with its JSON pointer."""
    if not path:
        yield pointer, value
        return
    step, rest = path[0], path[1:]
    if step == "*":
        for index, item in enumerate(value):
            yield from _walk(item, rest, f"{pointer}/{index}")
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest, f"{pointer}/{step}")


def _defined(bundle: dict[str, Any]) -> dict[str, list[str]]:
    ids: dict[str, list[str]] = {}
    for kind, (section, nested) in DEFINITIONS.items():
        path = ("*", *(step for key in nested for step in (key, "*")), "id")
        ids[kind] = [value for _, value in _walk(bundle[section], path, f"/{section}")]
    return ids


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    return demo_bundle()


def test_two_calls_give_equal_bundles(bundle):
    assert demo_bundle() == bundle


def test_the_bundle_round_trips_through_json_unchanged(bundle):
    assert json.loads(json.dumps(bundle)) == bundle


def test_the_bundle_names_its_format_version_and_date(bundle):
    assert bundle["format"] == "soctasking.bundle"
    assert bundle["version"] == 1
    assert bundle["as_of"] == "2018-03-31"


def test_the_bundle_is_valid_against_the_shipped_schema(bundle):
    validator = Draft7Validator(bundle_schema(), format_checker=FormatChecker())
    problems = [
        f"/{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(bundle)
    ]
    assert problems == []


def test_every_id_matches_the_id_pattern(bundle):
    bad = [
        (kind, record_id)
        for kind, ids in _defined(bundle).items()
        for record_id in ids
        if not ID_RE.match(record_id)
    ]
    assert bad == []


def test_ids_are_unique_within_each_kind_including_nested_records(bundle):
    duplicates = {
        kind: [record_id for record_id, count in Counter(ids).items() if count > 1]
        for kind, ids in _defined(bundle).items()
    }
    assert {kind: ids for kind, ids in duplicates.items() if ids} == {}


def test_every_kind_of_record_is_present(bundle):
    assert all(_defined(bundle).values())


def test_every_reference_points_at_a_record_in_the_bundle(bundle):
    defined = {kind: set(ids) for kind, ids in _defined(bundle).items()}
    dangling = [
        (pointer, kind, value)
        for section, path, kind in REFERENCES
        for pointer, value in _walk(bundle[section], ("*", *path), f"/{section}")
        if value not in defined[kind]
    ]
    assert dangling == []


def test_the_demo_makes_every_kind_of_reference_the_cross_check_follows(bundle):
    unused = [
        (section, path)
        for section, path, _ in REFERENCES
        if not list(_walk(bundle[section], ("*", *path), ""))
    ]
    assert unused == []


def test_dates_and_date_times_parse_and_date_times_carry_an_offset(bundle):
    for submission in bundle["submissions"]:
        assert datetime.fromisoformat(submission["received"]).utcoffset() is not None
    for meeting in bundle["meetings"]:
        date.fromisoformat(meeting["date"])


def test_submission_digests_when_given_are_those_of_the_text(bundle):
    digested = [s for s in bundle["submissions"] if "sha256" in s]
    assert digested
    for submission in digested:
        text = submission["text"].encode("utf-8")
        assert submission["sha256"] == hashlib.sha256(text).hexdigest()


def test_conditional_handling_always_records_its_conditions(bundle):
    gradings = [s["grading"] for s in bundle["submissions"]]
    assert {g["handling"] for g in gradings} == {"p", "c"}
    assert all(g.get("conditions") for g in gradings if g["handling"] == "c")


def test_submissions_span_every_classification_and_some_compartments(bundle):
    submissions = bundle["submissions"]
    assert {s.get("classification", "official") for s in submissions} == {
        "official",
        "official-sensitive",
        "secret",
        "top-secret",
    }
    assert any(s.get("compartments") for s in submissions)
    assert 300 <= len(submissions) <= 600


def test_there_are_the_43_territorial_forces_of_england_and_wales_with_regions(bundle):
    forces = [b for b in bundle["bodies"] if b["id"].startswith("force-")]
    assert len(forces) == 43
    assert {b["nation"] for b in forces} == {"england", "wales"}
    assert all(b["kind"] == "police_force" and b["region"] for b in forces)
    assert "Metropolitan Police Service" in {b["name"] for b in forces}


def test_there_are_nine_rocus_one_a_region(bundle):
    rocus = [b for b in bundle["bodies"] if b.get("kind") == "rocu"]
    assert len(rocus) == 9
    assert len({b["region"] for b in rocus}) == 9


def test_national_units_belong_to_the_national_crime_agency(bundle):
    bodies = {b["id"]: b for b in bundle["bodies"]}
    assert bodies["nca"]["kind"] == "national_agency"
    assert bodies["nca-nac"]["name"] == "National Assessment Centre"
    assert bodies["nca-nih"]["parent"] == "nca"


def test_sub_threats_have_parents_and_assessments_list_vulnerabilities_apart(bundle):
    threats = {t["id"]: t for t in bundle["threats"]}
    assert all(t.get("parent") for t in threats.values() if t["kind"] == "sub_threat")
    assert threats["county-lines"]["parent"] == "drugs"
    for assessment in bundle["assessments"]:
        assert {threats[t]["kind"] for t in assessment["vulnerabilities"]} == {"vulnerability"}
        assert "vulnerability" not in {threats[t]["kind"] for t in assessment["threats"]}


def test_every_rocu_owes_a_tactical_assessment_15_days_after_each_quarter(bundle):
    rows = bundle["requirements"][0]["timetable"]
    tactical = [r for r in rows if r["product"] == "tactical_assessment"]
    assert len(tactical) == 9 * 4
    assert {r["due"] for r in tactical} == {"2017-07-15", "2017-10-15", "2018-01-15", "2018-04-15"}
    assert len([r for r in rows if r["product"] == "strategic_assessment"]) >= 9


def test_the_daily_briefing_sits_on_weekdays_only(bundle):
    days = [date.fromisoformat(m["date"]) for m in bundle["meetings"] if m["series"] == "ndbm"]
    assert len(days) > 200
    assert all(day.weekday() < 5 for day in days)


def test_the_latest_priority_adoption_is_evaluated_and_recommended_by_the_nsig(bundle):
    meetings = {m["id"]: m for m in bundle["meetings"]}
    adoptions = [
        (meeting["date"], decision)
        for meeting in bundle["meetings"]
        for decision in meeting.get("decisions", [])
        if decision["kind"] == "adopt_priority_threats"
    ]
    _, latest = max(adoptions, key=lambda pair: pair[0])
    assert latest["evaluation"] == bundle["evaluations"][0]["id"]
    assert meetings[latest["recommended_by"]]["series"] == "nsig"


def test_the_draft_strategic_assessment_leaves_out_county_lines_that_rocus_name(bundle):
    draft = next(a for a in bundle["assessments"] if a["status"] == "draft")
    assert "county-lines" not in draft["threats"]
    naming = {
        s["body"]
        for s in bundle["submissions"]
        if "county lines" in s.get("themes", []) and s["body"].startswith("rocu-")
    }
    assert len(naming) == 8
