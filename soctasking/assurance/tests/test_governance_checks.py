"""The governance checks: dormant groups, plans that do not report or let actions slip,
threats no plan covers, and threats two groups' plans both claim."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from soctasking.assurance.selectors import findings_run
from soctasking.assurance.services import threshold_set
from soctasking.assurance.tests.records import assessment, built, new_threat
from soctasking.governance.models import ActionPlan, GovernanceGroup, ProgressReport
from soctasking.meetings.models import Meeting, MeetingSeries
from soctasking.testing.factories import (
    ActionPlanFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PlanActionFactory,
    ProgressReportFactory,
)
from soctasking.threats.models import Threat

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 12, 31)


def flagged(code: str, as_of: date = AS_OF) -> dict[str, dict[str, Any]]:
    return {f.subject_id: f.to_json() for f in findings_run(as_of=as_of, codes=[code])}


def group_meeting(group: GovernanceGroup, day: date, status: str = "held") -> Meeting:
    series = group.series.first() or MeetingSeriesFactory(
        id=f"{group.id}-series", kind="threat_group", governance_group=group
    )
    return MeetingFactory(
        id=f"{group.id}-{day.isoformat()}", series=series, date=day, status=status
    )


def plan(group: GovernanceGroup | None, *threats: Threat, **fields: Any) -> ActionPlan:
    made = built(ActionPlanFactory(group=group, **fields), ActionPlan)
    made.threats.set(threats)
    return made


def report(plan: ActionPlan, day: date, **fields: Any) -> ProgressReport:
    return ProgressReportFactory(plan=plan, date=day, **fields)


def group(id: str, *threats: Threat, **fields: Any) -> GovernanceGroup:
    made = built(GovernanceGroupFactory(id=id, **fields), GovernanceGroup)
    made.threats.set(threats)
    return made


# GOV001 group-dormant


def test_a_group_whose_last_meeting_was_over_dormant_days_ago_is_dormant():
    fraud = group("tg-private-sector-fraud", name="Private sector fraud threat group")
    group_meeting(fraud, AS_OF - timedelta(days=181))

    found = flagged("GOV001")

    assert list(found) == ["tg-private-sector-fraud"]
    finding = found["tg-private-sector-fraud"]
    assert finding["subject"] == {"type": "group", "id": "tg-private-sector-fraud"}
    assert finding["severity"] == "high"
    assert finding["message"] == (
        "Private sector fraud threat group (tg-private-sector-fraud), active, has held no "
        "meeting in the last 180 days (last held 2017-07-03)"
    )
    assert finding["evidence"] == {
        "group": "tg-private-sector-fraud",
        "status": "active",
        "series": ["tg-private-sector-fraud-series"],
        "last_held": "2017-07-03",
        "dormant_days": 180,
    }


def test_a_meeting_exactly_dormant_days_ago_keeps_a_group_awake():
    group_meeting(group("on-the-boundary"), AS_OF - timedelta(days=180))
    group_meeting(group("a-day-over"), AS_OF - timedelta(days=181))

    assert list(flagged("GOV001")) == ["a-day-over"]


def test_a_group_that_never_met_is_dormant_whether_or_not_it_has_a_series():
    group("no-series")
    only_cancelled = group("only-cancelled")
    group_meeting(only_cancelled, date(2017, 10, 1), status="cancelled")
    group_meeting(only_cancelled, date(2017, 11, 1), status="scheduled")

    found = flagged("GOV001")

    assert sorted(found) == ["no-series", "only-cancelled"]
    assert found["no-series"]["evidence"]["series"] == []
    assert found["no-series"]["evidence"]["last_held"] is None
    assert "(it has never met)" in found["only-cancelled"]["message"]


def test_a_meeting_after_the_date_does_not_wake_a_dormant_group():
    late = group("met-only-later")
    group_meeting(late, date(2017, 1, 10))
    group_meeting(late, AS_OF + timedelta(days=1))

    found = flagged("GOV001")

    assert found["met-only-later"]["evidence"]["last_held"] == "2017-01-10"


def test_forming_groups_can_be_dormant_but_disbanded_ones_cannot():
    group("forming", status="forming")
    group("disbanded", status="disbanded")

    assert list(flagged("GOV001")) == ["forming"]


def test_a_group_formed_within_dormant_days_is_not_yet_dormant_nor_one_formed_after_the_date():
    group("formed-180-days-ago", formed=AS_OF - timedelta(days=180))
    group("formed-181-days-ago", formed=AS_OF - timedelta(days=181))
    group("formed-later", formed=AS_OF + timedelta(days=1))

    assert list(flagged("GOV001")) == ["formed-181-days-ago"]


def test_an_administrator_can_lengthen_dormant_days(administrator):
    group_meeting(group("quiet"), AS_OF - timedelta(days=200))
    threshold_set(code="GOV001", parameter="dormant_days", value=365, acting_user=administrator)

    assert flagged("GOV001") == {}


def test_a_group_meeting_in_any_of_its_series_is_awake():
    awake = group("two-series")
    MeetingSeriesFactory(id="old-series", kind="threat_group", governance_group=awake)
    newer = MeetingSeriesFactory(id="new-series", kind="threat_group", governance_group=awake)
    MeetingFactory(series=newer, date=date(2017, 11, 1))

    assert flagged("GOV001") == {}


# GOV002 plan-not-reported


def nttcg(day: date, status: str = "held") -> Meeting:
    series, _ = MeetingSeries.objects.get_or_create(
        id="nttcg",
        defaults={"name": "National tactical tasking and coordination group", "kind": "nttcg"},
    )
    return MeetingFactory(id=f"nttcg-{day.isoformat()}", series=series, date=day, status=status)


def test_an_nttcg_that_received_no_report_from_a_plan_is_flagged_listing_the_plans():
    owner = group("sgg-cyber")
    plan(owner, id="sap-cyber", approved=date(2017, 1, 18))
    plan(owner, id="sap-silent", approved=date(2017, 1, 18))
    reported = plan(group("sgg-oic"), id="sap-oic", approved=date(2017, 1, 18))
    nttcg(date(2017, 2, 15))
    may = nttcg(date(2017, 5, 17))
    may.reports_received.add(report(reported, date(2017, 5, 10)))

    found = flagged("GOV002")

    assert list(found) == ["nttcg-2017-02-15", "nttcg-2017-05-17"]
    finding = found["nttcg-2017-05-17"]
    assert finding["subject"] == {"type": "meeting", "id": "nttcg-2017-05-17"}
    assert finding["severity"] == "high"
    assert finding["message"] == (
        "National tactical tasking and coordination group sitting nttcg-2017-05-17 on "
        "2017-05-17 received no progress report from 2 strategic action plans since the "
        "previous sitting on 2017-02-15: sap-cyber, sap-silent"
    )
    assert finding["evidence"] == {
        "meeting": "nttcg-2017-05-17",
        "series": "nttcg",
        "date": "2017-05-17",
        "previous_sitting": "2017-02-15",
        "plans": [
            {"plan": "sap-cyber", "group": "sgg-cyber"},
            {"plan": "sap-silent", "group": "sgg-cyber"},
        ],
    }
    first = found["nttcg-2017-02-15"]
    assert first["evidence"]["previous_sitting"] is None
    assert "(no earlier sitting is recorded)" in first["message"]
    assert len(first["evidence"]["plans"]) == 3


def test_a_report_received_at_the_meeting_or_addressed_to_it_counts():
    received = plan(group("received"), id="sap-received")
    addressed = plan(group("addressed"), id="sap-addressed")
    sitting = nttcg(date(2017, 5, 17))
    sitting.reports_received.add(report(received, date(2017, 5, 10)))
    report(addressed, date(2017, 5, 10), to_meeting=sitting)

    assert flagged("GOV002") == {}


def test_only_reports_dated_after_the_previous_nttcg_count():
    on_the_day = plan(group("on-the-day"), id="sap-on-the-day")
    day_after = plan(group("day-after"), id="sap-day-after")
    earlier = nttcg(date(2017, 2, 15))
    for one in (on_the_day, day_after):
        earlier.reports_received.add(report(one, date(2017, 2, 8)))
    later = nttcg(date(2017, 5, 17))
    later.reports_received.add(report(on_the_day, date(2017, 2, 15)))
    later.reports_received.add(report(day_after, date(2017, 2, 16)))

    found = flagged("GOV002")

    assert list(found) == ["nttcg-2017-05-17"]
    assert found["nttcg-2017-05-17"]["evidence"]["plans"] == [
        {"plan": "sap-on-the-day", "group": "on-the-day"}
    ]


def test_a_report_to_the_previous_nttcg_does_not_count_for_the_next():
    reporting = plan(group("reporting"), id="sap-reporting")
    earlier = nttcg(date(2017, 2, 15))
    earlier.reports_received.add(report(reporting, date(2017, 2, 8)))
    nttcg(date(2017, 5, 17))

    assert list(flagged("GOV002")) == ["nttcg-2017-05-17"]


def test_the_previous_nttcg_is_the_previous_held_one():
    reporting = plan(group("reporting"), id="sap-reporting")
    nttcg(date(2017, 2, 15))
    nttcg(date(2017, 4, 12), status="cancelled")
    may = nttcg(date(2017, 5, 17))
    may.reports_received.add(report(reporting, date(2017, 3, 1)))

    found = flagged("GOV002")

    assert list(found) == ["nttcg-2017-02-15"]


def test_plans_of_forming_or_disbanded_groups_and_of_no_group_owe_no_report():
    plan(group("forming", status="forming"))
    plan(group("disbanded", status="disbanded"))
    plan(None)
    nttcg(date(2017, 5, 17))

    assert flagged("GOV002") == {}


def test_a_plan_approved_on_the_day_of_the_nttcg_owes_it_no_report_but_one_approved_before_does():
    plan(group("on-the-day"), id="sap-on-the-day", approved=date(2017, 5, 17))
    plan(group("day-before"), id="sap-day-before", approved=date(2017, 5, 16))
    plan(group("formed-later", formed=date(2017, 6, 1)), id="sap-formed-later")
    nttcg(date(2017, 5, 17))

    found = flagged("GOV002")

    assert found["nttcg-2017-05-17"]["evidence"]["plans"] == [
        {"plan": "sap-day-before", "group": "day-before"}
    ]


def test_only_held_nttcg_meetings_on_or_before_the_date_are_flagged():
    plan(group("silent"))
    nttcg(date(2017, 5, 17), status="cancelled")
    nttcg(date(2017, 7, 19), status="scheduled")
    nttcg(AS_OF + timedelta(days=1))
    MeetingFactory(series=MeetingSeriesFactory(kind="ntig"), date=date(2017, 5, 1))

    assert flagged("GOV002") == {}


# GOV003 plan-action-overdue


def test_a_plan_with_actions_open_past_due_is_flagged_once_listing_them():
    fraud = plan(group("tg-fraud", name="Private sector fraud threat group"), id="sap-fraud")
    PlanActionFactory(id="sap-fraud.action-1", plan=fraud, due=date(2017, 11, 30), strand="pursue")
    PlanActionFactory(id="sap-fraud.action-2", plan=fraud, due=date(2017, 12, 30))
    PlanActionFactory(id="sap-fraud.action-3", plan=fraud, due=AS_OF)

    found = flagged("GOV003")

    assert list(found) == ["sap-fraud"]
    finding = found["sap-fraud"]
    assert finding["subject"] == {"type": "action_plan", "id": "sap-fraud"}
    assert finding["severity"] == "medium"
    assert finding["message"] == (
        "Strategic action plan sap-fraud of Private sector fraud threat group (tg-fraud) has 2 "
        "actions open past the due date: sap-fraud.action-1 (due 2017-11-30), "
        "sap-fraud.action-2 (due 2017-12-30)"
    )
    assert [action["id"] for action in finding["evidence"]["actions"]] == [
        "sap-fraud.action-1",
        "sap-fraud.action-2",
    ]
    assert finding["evidence"]["actions"][0]["strand"] == "pursue"
    assert finding["evidence"]["actions"][1]["days_overdue"] == 1


def test_done_and_cancelled_actions_are_never_overdue():
    finished = plan(group("finished"))
    PlanActionFactory(plan=finished, due=date(2017, 6, 1), status="done")
    PlanActionFactory(plan=finished, due=date(2017, 6, 1), status="cancelled")

    assert flagged("GOV003") == {}


def test_actions_of_a_plan_approved_after_the_date_are_not_yet_overdue():
    later = plan(group("later"), approved=AS_OF + timedelta(days=1))
    PlanActionFactory(plan=later, due=date(2017, 6, 1))
    on_the_day = plan(group("on-the-day"), id="sap-on-the-day", approved=AS_OF)
    PlanActionFactory(plan=on_the_day, due=date(2017, 6, 1))

    assert list(flagged("GOV003")) == ["sap-on-the-day"]


# GOV004 threat-without-plan


def test_a_threat_of_the_approved_assessment_no_plan_covers_is_flagged():
    acquisitive = new_threat(id="organised-acquisitive-crime", name="Organised acquisitive crime")
    drugs = new_threat(id="drugs", name="Drugs")
    assessment(acquisitive, drugs, id="nsa-2017")
    plan(group("tg-drugs"), drugs)
    group("tg-acquisitive", acquisitive)

    found = flagged("GOV004")

    assert list(found) == ["organised-acquisitive-crime"]
    finding = found["organised-acquisitive-crime"]
    assert finding["subject"] == {"type": "threat", "id": "organised-acquisitive-crime"}
    assert finding["severity"] == "medium"
    assert finding["message"] == (
        "Organised acquisitive crime (organised-acquisitive-crime), a threat of the national "
        "strategic assessment nsa-2017, is covered by no strategic action plan of an active "
        "governance group; groups listing it: tg-acquisitive"
    )
    assert finding["evidence"] == {
        "threat": "organised-acquisitive-crime",
        "assessment": "nsa-2017",
        "groups": ["tg-acquisitive"],
    }


def test_only_threats_of_kind_threat_need_a_plan():
    drugs = new_threat(id="drugs")
    county_lines = new_threat(id="county-lines", kind="sub_threat", parent=drugs)
    borders = new_threat(id="borders", kind="vulnerability")
    assessment(drugs, county_lines, vulnerabilities=(borders,))
    plan(group("tg-drugs"), drugs)

    assert flagged("GOV004") == {}


def test_a_plan_covering_only_a_sub_threat_does_not_cover_its_parent():
    drugs = new_threat(id="drugs")
    county_lines = new_threat(id="county-lines", kind="sub_threat", parent=drugs)
    assessment(drugs, county_lines)
    plan(group("tg-county-lines"), county_lines)

    assert list(flagged("GOV004")) == ["drugs"]


def test_plans_of_forming_or_disbanded_groups_or_approved_later_cover_nothing():
    forming, disbanded, later, today = (new_threat(id=name) for name in ("a", "b", "c", "d"))
    assessment(forming, disbanded, later, today)
    plan(group("forming", status="forming"), forming)
    plan(group("disbanded", status="disbanded"), disbanded)
    plan(group("later"), later, approved=AS_OF + timedelta(days=1))
    plan(group("today"), today, approved=AS_OF)

    found = flagged("GOV004")

    assert sorted(found) == ["a", "b", "c"]
    assert "no group lists it" in found["a"]["message"]


def test_the_latest_approved_assessment_counts_not_a_later_draft_nor_an_older_edition():
    older, current, drafted = (new_threat(id=name) for name in ("older", "current", "drafted"))
    assessment(older, id="nsa-2016", issued=date(2016, 3, 1))
    assessment(current, id="nsa-2017", issued=date(2017, 3, 1))
    assessment(drafted, id="nsa-2018-draft", issued=date(2017, 12, 1), status="draft")
    assessment(drafted, id="nsa-2018", issued=AS_OF + timedelta(days=1))

    found = flagged("GOV004")

    assert list(found) == ["current"]
    assert found["current"]["evidence"]["assessment"] == "nsa-2017"


def test_nothing_needs_a_plan_before_an_assessment_is_approved():
    assessment(new_threat(), status="draft")
    assessment(new_threat(), status="superseded")
    assessment(new_threat(), kind="national_tactical")

    assert flagged("GOV004") == {}


# GOV005 plan-crossover


def test_a_threat_in_the_plans_of_two_groups_is_a_crossover():
    slavery = new_threat(
        id="modern-slavery-and-human-trafficking", name="Modern slavery and human trafficking"
    )
    plan(group("sgg-oic"), slavery, id="sap-oic")
    plan(group("sgg-msht"), slavery, id="sap-msht")

    found = flagged("GOV005")

    assert list(found) == ["modern-slavery-and-human-trafficking"]
    finding = found["modern-slavery-and-human-trafficking"]
    assert finding["severity"] == "low"
    assert finding["subject"] == {"type": "threat", "id": "modern-slavery-and-human-trafficking"}
    assert finding["message"] == (
        "Modern slavery and human trafficking (modern-slavery-and-human-trafficking) is covered "
        "by the strategic action plans of 2 governance groups: sap-msht (sgg-msht), "
        "sap-oic (sgg-oic)"
    )
    assert finding["evidence"]["plans"] == [
        {"plan": "sap-msht", "group": "sgg-msht"},
        {"plan": "sap-oic", "group": "sgg-oic"},
    ]


def test_two_plans_of_one_group_are_no_crossover():
    drugs = new_threat(id="drugs")
    owner = group("tg-drugs")
    plan(owner, drugs)
    plan(owner, drugs)

    assert flagged("GOV005") == {}


def test_a_disbanded_groups_plan_or_one_approved_later_makes_no_crossover():
    disbanded, later, forming = (new_threat(id=name) for name in ("a", "b", "c"))
    for threat in (disbanded, later, forming):
        plan(group(f"owner-of-{threat.id}"), threat)
    plan(group("disbanded", status="disbanded"), disbanded)
    plan(group("later"), later, approved=AS_OF + timedelta(days=1))
    plan(group("forming", status="forming"), forming)

    assert list(flagged("GOV005")) == ["c"]
