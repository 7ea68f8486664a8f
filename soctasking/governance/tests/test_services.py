"""The governance writes: groups and their series, plans with their actions, versions and
approval, progress reports routed to the next NTTCG sitting, and the chair's assurance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.audit.models import AuditEvent
from soctasking.bodies.models import Body
from soctasking.governance.models import (
    ActionPlan,
    AssuranceRecord,
    GovernanceGroup,
    PlanAction,
    ProgressReport,
)
from soctasking.governance.selectors import plans_of_active_groups, threat_coverage
from soctasking.governance.services import (
    GovernanceRecordNotFoundError,
    GroupDetails,
    action_plan_approve,
    action_plan_create,
    action_plan_version_create,
    group_create,
    group_update,
    meeting_assurance_record,
    plan_action_add,
    plan_action_status_set,
    progress_report_submit,
)
from soctasking.meetings.models import Decision, MeetingSeries
from soctasking.meetings.services import meeting_schedule
from soctasking.testing.factories import (
    ActionPlanFactory,
    GovernanceGroupFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ProgressReportFactory,
    ThreatFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _details(**changes: object) -> GroupDetails:
    base: dict[str, object] = {
        "name": "Cyber crime strategic governance group",
        "kind": "sgg",
        "theme": "prosperity",
        "status": "forming",
    }
    base.update(changes)
    return GroupDetails(**base)  # type: ignore[arg-type]


def _approved_plan(*, chair: User, secretariat: User, owner: Body) -> ActionPlan:
    ThreatFactory(id="cyber-crime", name="Cyber crime")
    group = group_create(
        acting_user=secretariat,
        group_id="sgg-cyber",
        details=_details(status="active", chair_id=chair.body_id, threat_ids=("cyber-crime",)),
    )
    plan = action_plan_create(acting_user=chair, group_id=group.id, threat_ids=["cyber-crime"])
    plan_action_add(
        acting_user=chair,
        plan_id=plan.id,
        text="Disrupt the ransomware groups.",
        strand="pursue",
        owner_id=owner.id,
        due=TODAY + timedelta(days=90),
        threat_ids=["cyber-crime"],
    )
    return action_plan_approve(acting_user=chair, plan_id=plan.id, approved=TODAY)


def test_the_secretariat_sets_up_a_group_with_members_threats_and_a_series_of_its_own(
    secretariat: User, national_unit: Body, rocu: Body
) -> None:
    ThreatFactory(id="cyber-crime")
    board = GovernanceGroupFactory(id="board", kind="board", status="active")

    group = group_create(
        acting_user=secretariat,
        group_id="",
        details=_details(
            parent_id=board.id,
            chair_id=national_unit.id,
            member_ids=(rocu.id, national_unit.id),
            threat_ids=("cyber-crime",),
            new_series_cadence="quarterly",
        ),
    )

    assert group.id == "cyber-crime-strategic-governance-group"
    assert set(group.members.values_list("id", flat=True)) == {"nac", "rocu-north-west"}
    assert list(group.threats.values_list("id", flat=True)) == ["cyber-crime"]
    series = MeetingSeries.objects.get(governance_group=group)
    assert (series.kind, series.cadence, series.chair_id) == ("sgg", "quarterly", "nac")
    assert set(series.members.values_list("id", flat=True)) == {"nac", "rocu-north-west"}
    assert AuditEvent.objects.filter(record_type="governance_group", record_id=group.id).exists()
    assert AuditEvent.objects.filter(record_type="meeting_series", record_id=series.id).exists()


def test_a_group_takes_an_existing_series_and_lets_one_go(secretariat: User) -> None:
    kept = MeetingSeriesFactory(id="tg-meetings", kind="threat_group")
    dropped = MeetingSeriesFactory(id="old-meetings", kind="threat_group")
    group = group_create(
        acting_user=secretariat, group_id="tg", details=_details(series_ids=("old-meetings",))
    )

    group_update(
        acting_user=secretariat, group_id=group.id, details=_details(series_ids=(kept.id,))
    )

    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.governance_group_id == "tg"
    assert dropped.governance_group_id is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "committee"}, "kind"),
        ({"theme": "weather"}, "theme"),
        ({"status": "dormant"}, "status"),
        ({"parent_id": "nowhere"}, "parent"),
        ({"chair_id": "nobody"}, "chair"),
        ({"threat_ids": ("no-such-threat",)}, "threats"),
        ({"series_ids": ("no-such-series",)}, "series"),
        ({"new_series_cadence": "hourly"}, "new_series_cadence"),
    ],
)
def test_a_group_with_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    secretariat: User, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        group_create(acting_user=secretariat, group_id="g", details=_details(**changes))

    assert field in refused.value.message_dict
    assert not GovernanceGroup.objects.exists()
    assert not AuditEvent.objects.filter(record_type="governance_group").exists()


def test_a_group_under_a_disbanded_group_or_its_own_child_is_refused(secretariat: User) -> None:
    GovernanceGroupFactory(id="gone", kind="board", status="disbanded")
    parent = GovernanceGroupFactory(id="parent", kind="sgg")
    GovernanceGroupFactory(id="child", kind="threat_group", parent=parent)

    with pytest.raises(ValidationError, match="disbanded"):
        group_create(acting_user=secretariat, group_id="g", details=_details(parent_id="gone"))
    with pytest.raises(ValidationError, match="beneath it"):
        group_update(
            acting_user=secretariat,
            group_id="parent",
            details=_details(kind="threat_group", parent_id="child"),
        )


def test_a_group_with_groups_in_place_beneath_it_cannot_be_disbanded(secretariat: User) -> None:
    parent = GovernanceGroupFactory(id="parent", kind="sgg", status="active")
    GovernanceGroupFactory(id="child", kind="threat_group", parent=parent, status="active")

    with pytest.raises(ValidationError, match="beneath it first"):
        group_update(
            acting_user=secretariat, group_id="parent", details=_details(status="disbanded")
        )

    parent.refresh_from_db()
    assert parent.status == "active"


def test_a_second_series_cannot_be_taken_from_another_group(secretariat: User) -> None:
    MeetingSeriesFactory(id="theirs", governance_group=GovernanceGroupFactory(id="other"))

    with pytest.raises(ValidationError, match="another group"):
        group_create(
            acting_user=secretariat, group_id="g", details=_details(series_ids=("theirs",))
        )


@pytest.mark.parametrize("persona", ["analyst", "chair", "contributor", "inspector"])
def test_only_the_secretariat_and_administrators_keep_groups(
    request: pytest.FixtureRequest, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        group_create(acting_user=user, group_id="g", details=_details())
    assert not GovernanceGroup.objects.exists()


def test_a_plan_is_drafted_approved_and_then_frozen(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)

    assert (plan.draft, plan.approved, plan.version) == (False, TODAY, 1)
    assert plan.actions.get().strand == "pursue"
    with pytest.raises(ValidationError, match="frozen"):
        plan_action_add(
            acting_user=chair,
            plan_id=plan.id,
            text="Another.",
            strand="protect",
            owner_id=rocu.id,
            due=TODAY,
        )
    assert plan.actions.count() == 1


def test_a_draft_plan_counts_for_no_check_until_it_is_approved(
    chair: User, secretariat: User
) -> None:
    ThreatFactory(id="fraud")
    group = group_create(
        acting_user=secretariat,
        group_id="sgg",
        details=_details(status="active", chair_id=chair.body_id),
    )
    action_plan_create(acting_user=chair, group_id=group.id, threat_ids=["fraud"])

    assert list(plans_of_active_groups(approved_before=TODAY + timedelta(days=1))) == []
    assert threat_coverage(as_of=TODAY, statuses=["active"]) == {}


def test_a_new_version_copies_the_plan_and_supersedes_it_once_approved(
    chair: User, secretariat: User, rocu: Body
) -> None:
    first = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)

    second = action_plan_version_create(acting_user=chair, plan_id=first.id)

    assert (second.id, second.version, second.draft) == ("sgg-cyber-sap-v2", 2, True)
    assert second.supersedes_id == first.id
    assert list(second.actions.values_list("text", flat=True)) == ["Disrupt the ransomware groups."]
    in_force = {
        plan.id for plan in plans_of_active_groups(approved_before=TODAY + timedelta(days=1))
    }
    assert in_force == {first.id}
    with pytest.raises(ValidationError, match="already has a next version"):
        action_plan_version_create(acting_user=chair, plan_id=first.id)

    action_plan_approve(acting_user=chair, plan_id=second.id, approved=TODAY)

    in_force = {
        plan.id for plan in plans_of_active_groups(approved_before=TODAY + timedelta(days=1))
    }
    assert in_force == {second.id}
    with pytest.raises(ValidationError, match="replaced"):
        progress_report_submit(acting_user=chair, plan_id=first.id, rating="green", narrative="x")


def test_a_plan_for_a_disbanded_group_is_refused_and_nothing_is_stored(secretariat: User) -> None:
    ThreatFactory(id="fraud")
    GovernanceGroupFactory(id="gone", status="disbanded")

    with pytest.raises(ValidationError) as refused:
        action_plan_create(acting_user=secretariat, group_id="gone", threat_ids=["fraud"])

    assert "disbanded" in refused.value.message_dict["group"][0]
    assert not ActionPlan.objects.exists()
    assert not AuditEvent.objects.filter(record_type="action_plan").exists()


def test_an_action_outside_the_4p_strands_or_the_plan_s_threats_is_refused(
    secretariat: User, rocu: Body
) -> None:
    ThreatFactory(id="fraud")
    ThreatFactory(id="drugs")
    GovernanceGroupFactory(id="sgg", status="active")
    plan = action_plan_create(acting_user=secretariat, group_id="sgg", threat_ids=["fraud"])

    for strand, threats, field in [("punish", [], "strand"), ("pursue", ["drugs"], "threats")]:
        with pytest.raises(ValidationError) as refused:
            plan_action_add(
                acting_user=secretariat,
                plan_id=plan.id,
                text="Act.",
                strand=strand,
                owner_id=rocu.id,
                due=TODAY,
                threat_ids=threats,
            )
        assert field in refused.value.message_dict
    assert not PlanAction.objects.exists()


def test_a_plan_is_approved_by_its_group_s_chair_not_another_chair(
    secretariat: User, chair: User, other_force: Body, rocu: Body
) -> None:
    ThreatFactory(id="fraud")
    GovernanceGroupFactory(id="sgg", status="active", chair=other_force)
    plan = action_plan_create(acting_user=secretariat, group_id="sgg", threat_ids=["fraud"])
    plan_action_add(
        acting_user=secretariat,
        plan_id=plan.id,
        text="Act.",
        strand="protect",
        owner_id=rocu.id,
        due=TODAY,
    )

    with pytest.raises(PermissionDenied):
        action_plan_approve(acting_user=chair, plan_id=plan.id)
    with pytest.raises(PermissionDenied):
        action_plan_approve(acting_user=secretariat, plan_id=plan.id)

    plan.refresh_from_db()
    assert plan.draft


def test_a_plan_with_no_action_is_not_approved(chair: User, secretariat: User) -> None:
    ThreatFactory(id="fraud")
    GovernanceGroupFactory(id="sgg", status="active", chair=chair.body)
    plan = action_plan_create(acting_user=chair, group_id="sgg", threat_ids=["fraud"])

    with pytest.raises(ValidationError, match="at least one action"):
        action_plan_approve(acting_user=chair, plan_id=plan.id)


def test_a_report_goes_to_the_next_scheduled_nttcg_sitting_on_or_after_its_date(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    nttcg = MeetingSeriesFactory(id="nttcg", kind="nttcg")
    MeetingFactory(id="held-today", series=nttcg, date=TODAY, status="held")
    MeetingFactory(id="later", series=nttcg, date=TODAY + timedelta(days=30), status="scheduled")
    MeetingFactory(id="next", series=nttcg, date=TODAY + timedelta(days=7), status="scheduled")
    MeetingFactory(
        id="sgg-next",
        series=MeetingSeriesFactory(kind="sgg"),
        date=TODAY + timedelta(days=1),
        status="scheduled",
    )

    routed = progress_report_submit(
        acting_user=chair, plan_id=plan.id, rating="amber", narrative="Two arrests; one slipped."
    )

    assert routed.meeting is not None
    assert routed.meeting.id == "next"
    report = ProgressReport.objects.get()
    assert (report.to_meeting_id, report.rating, report.submitted_by) == ("next", "amber", chair)
    assert report.summary == "Two arrests; one slipped."
    event = AuditEvent.objects.get(record_type="progress_report")
    assert event.detail["to_meeting"] == "next"


def test_a_sitting_scheduled_on_the_report_s_own_date_takes_it(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    MeetingFactory(
        id="today", series=MeetingSeriesFactory(kind="nttcg"), date=TODAY, status="scheduled"
    )

    routed = progress_report_submit(
        acting_user=chair, plan_id=plan.id, rating="green", narrative="x"
    )

    assert routed.meeting is not None
    assert routed.meeting.id == "today"


def test_a_report_with_no_nttcg_scheduled_is_kept_and_says_it_goes_nowhere(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    MeetingFactory(series=MeetingSeriesFactory(kind="nttcg"), date=TODAY - timedelta(days=1))

    routed = progress_report_submit(acting_user=chair, plan_id=plan.id, rating="red", narrative="x")

    assert routed.meeting is None
    assert ProgressReport.objects.get().to_meeting is None


def test_a_report_that_waited_goes_to_the_nttcg_sitting_scheduled_after_it(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    nttcg = MeetingSeriesFactory(id="nttcg", kind="nttcg")
    MeetingFactory(id="old", series=nttcg, date=TODAY - timedelta(days=90), status="held")
    stale = ProgressReportFactory(plan=plan, date=TODAY - timedelta(days=100), to_meeting=None)
    waited = progress_report_submit(
        acting_user=chair, plan_id=plan.id, rating="amber", narrative="Slipping."
    ).report

    meeting = meeting_schedule(
        acting_user=secretariat, series_id="nttcg", date=TODAY + timedelta(days=14)
    )

    waited.refresh_from_db()
    stale.refresh_from_db()
    assert waited.to_meeting == meeting
    # Dated before the old sitting, it belonged there, not to the new one.
    assert stale.to_meeting is None
    event = AuditEvent.objects.get(action="route")
    assert (event.record_id, event.detail) == (meeting.id, {"progress_reports": [waited.id]})


def test_a_sitting_of_another_series_or_dated_before_the_report_takes_nothing(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    MeetingSeriesFactory(id="nttcg", kind="nttcg")
    MeetingSeriesFactory(id="sgg", kind="sgg")
    waited = progress_report_submit(
        acting_user=chair, plan_id=plan.id, rating="green", narrative="On track."
    ).report

    meeting_schedule(acting_user=secretariat, series_id="sgg", date=TODAY + timedelta(days=3))
    meeting_schedule(acting_user=secretariat, series_id="nttcg", date=TODAY - timedelta(days=3))

    waited.refresh_from_db()
    assert waited.to_meeting is None
    assert not AuditEvent.objects.filter(action="route").exists()


@pytest.mark.parametrize("rating", ["blue", "RED", "", "r"])
def test_a_rating_outside_red_amber_green_is_refused_and_nothing_is_stored(
    chair: User, secretariat: User, rocu: Body, rating: str
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)

    with pytest.raises(ValidationError) as refused:
        progress_report_submit(acting_user=chair, plan_id=plan.id, rating=rating, narrative="x")

    assert "red, amber, green" in refused.value.message_dict["rating"][0]
    assert not ProgressReport.objects.exists()
    assert not AuditEvent.objects.filter(record_type="progress_report").exists()


def test_a_report_on_a_draft_or_dated_in_the_future_or_without_narrative_is_refused(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    draft = action_plan_version_create(acting_user=chair, plan_id=plan.id)

    for plan_id, narrative, on, field in [
        (draft.id, "x", None, "plan"),
        (plan.id, "x", TODAY + timedelta(days=1), "date"),
        (plan.id, "  ", None, "narrative"),
    ]:
        with pytest.raises(ValidationError) as refused:
            progress_report_submit(
                acting_user=chair, plan_id=plan_id, rating="green", narrative=narrative, on=on
            )
        assert field in refused.value.message_dict
    assert not ProgressReport.objects.exists()


def test_a_chair_of_another_body_cannot_report_for_the_group(
    secretariat: User, other_force: Body, rocu: Body
) -> None:
    outsider_chair = User.objects.create(username="olly", body=other_force, role="chair")
    chair_of_group = User.objects.create(username="cleo", body=rocu, role="chair")
    plan = _approved_plan(chair=chair_of_group, secretariat=secretariat, owner=rocu)

    with pytest.raises(PermissionDenied):
        progress_report_submit(
            acting_user=outsider_chair, plan_id=plan.id, rating="green", narrative="x"
        )
    assert not ProgressReport.objects.exists()


def test_progress_on_an_action_is_recorded_on_the_approved_plan(
    chair: User, secretariat: User, rocu: Body
) -> None:
    plan = _approved_plan(chair=chair, secretariat=secretariat, owner=rocu)
    action = plan.actions.get()

    plan_action_status_set(acting_user=chair, action_id=action.id, status="done")

    action.refresh_from_db()
    assert action.status == "done"
    with pytest.raises(ValidationError):
        plan_action_status_set(acting_user=chair, action_id=action.id, status="finished")


def test_the_nttcg_chair_records_assurance_as_a_decision_of_the_sitting(
    chair: User, national_unit: Body
) -> None:
    MeetingFactory(id="nttcg-1", series=MeetingSeriesFactory(kind="nttcg", chair=national_unit))
    ActionPlanFactory(id="sap-1", group=GovernanceGroupFactory(status="active"))

    record = meeting_assurance_record(
        acting_user=chair,
        meeting_id="nttcg-1",
        outcome="concern",
        statement="The plan has not reported for two sittings.",
        plan_ids=["sap-1"],
    )

    decision = Decision.objects.get(meeting_id="nttcg-1")
    assert record.decision == decision
    assert (decision.kind, decision.rationale) == (
        "other",
        "The plan has not reported for two sittings.",
    )
    assert decision.text == "Concern raised on the strategic action plans: sap-1"
    assert list(record.plans.values_list("id", flat=True)) == ["sap-1"]
    assert AuditEvent.objects.filter(record_type="assurance", record_id=decision.id).exists()


def test_assurance_is_refused_from_another_chair_at_a_non_nttcg_or_with_bad_input(
    chair: User, other_force: Body, national_unit: Body
) -> None:
    MeetingFactory(id="theirs", series=MeetingSeriesFactory(kind="nttcg", chair=other_force))
    MeetingFactory(id="ours", series=MeetingSeriesFactory(kind="nttcg", chair=national_unit))
    MeetingFactory(id="sgg-sitting", series=MeetingSeriesFactory(kind="sgg"))

    with pytest.raises(PermissionDenied):
        meeting_assurance_record(
            acting_user=chair, meeting_id="theirs", outcome="given", statement="x"
        )
    with pytest.raises(ValidationError) as refused:
        meeting_assurance_record(
            acting_user=chair, meeting_id="ours", outcome="maybe", statement="x"
        )
    assert "outcome" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        meeting_assurance_record(
            acting_user=chair, meeting_id="ours", outcome="concern", statement="x"
        )
    assert "plans" in refused.value.message_dict
    with pytest.raises(GovernanceRecordNotFoundError):
        meeting_assurance_record(
            acting_user=chair, meeting_id="sgg-sitting", outcome="given", statement="x"
        )
    assert not AssuranceRecord.objects.exists()
    assert not Decision.objects.exists()


def test_a_group_formed_date_is_kept(secretariat: User) -> None:
    group = group_create(
        acting_user=secretariat, group_id="g", details=_details(formed=date(2027, 4, 1))
    )
    assert group.formed == date(2027, 4, 1)
