"""The control strategy services: a draft generated from the assessment and the priorities,
entries changed with a reason each, approval by a held NTTCG meeting, and new versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from soctasking.assurance.tests.records import built
from soctasking.audit.models import AuditEvent
from soctasking.governance.models import (
    ControlStrategy,
    ControlStrategyEntry,
    ControlStrategyEntryChange,
)
from soctasking.governance.strategy.selectors import strategies_compare, strategy_findings
from soctasking.governance.strategy.services import (
    EntryAnswers,
    StrategyNotDraftError,
    control_strategy_approve,
    control_strategy_entry_add,
    control_strategy_entry_edit,
    control_strategy_entry_remove,
    control_strategy_generate,
    control_strategy_new_version,
)
from soctasking.governance.tests.strategy_picture import AS_OF, COMPLETE, strategy_picture
from soctasking.meetings.models import Decision
from soctasking.testing.factories import ControlStrategyEntryFactory, ControlStrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    return strategy_picture(loaded_as_of=False)


def approved_strategy(**fields) -> ControlStrategy:
    return built(ControlStrategyFactory(status="approved", **fields), ControlStrategy)


def levels(strategy: ControlStrategy) -> dict[str, str]:
    return dict(strategy.entries.values_list("threat_id", "level"))


def codes(strategy: ControlStrategy) -> list[str]:
    return [finding.code for finding in strategy_findings(strategy=strategy, as_of=AS_OF)]


def complete_priorities(strategy: ControlStrategy, analyst) -> None:
    control_strategy_entry_edit(
        acting_user=analyst,
        strategy_id=strategy.id,
        threat_id="drugs",
        answers=EntryAnswers(**COMPLETE),
        reason="The tactical group's expected response to the priority",
    )


# Generating a draft


def test_a_draft_holds_every_threat_sub_threat_and_vulnerability_of_the_assessment(
    picture, analyst
):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    assert strategy.id == "cs-nsa-2017"
    assert strategy.status == "draft"
    assert strategy.based_on_id == "nsa-2017"
    assert strategy.version == 1
    assert levels(strategy) == {
        "cannabis": "listed",
        "drugs": "priority",
        "firearms": "listed",
        "technology": "listed",
    }
    assert "cyber-crime" not in levels(strategy)


def test_a_generated_draft_writes_no_response_so_the_priority_is_flagged_implicit(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    assert set(strategy.entries.values_list("response_intelligence", flat=True)) == {""}
    assert codes(strategy) == ["CST004"]


def test_a_draft_keeps_the_bands_of_the_strategy_in_force_but_not_its_priorities(picture, analyst):
    in_force = approved_strategy(id="cs-2016", based_on=picture.assessment)
    ControlStrategyEntryFactory(strategy=in_force, threat_id="firearms", level="band_1")
    ControlStrategyEntryFactory(strategy=in_force, threat_id="technology", level="priority")

    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    assert levels(strategy)["firearms"] == "band_1"
    assert levels(strategy)["technology"] == "listed"
    assert strategy.version == 2


def test_generating_is_audited_with_what_the_draft_holds(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    event = AuditEvent.objects.get(action="generate", record_type="control_strategy")
    assert event.record_id == strategy.id
    assert event.detail["entries"] == 4
    assert event.detail["priority_threats"] == ["drugs"]


def test_without_an_approved_assessment_no_draft_is_generated(analyst):
    with pytest.raises(ValidationError) as refused:
        control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    assert "No approved national strategic assessment" in str(refused.value.message_dict["as_of"])
    assert not ControlStrategy.objects.exists()


def test_a_contributor_may_not_generate_a_draft(picture, contributor):
    with pytest.raises(PermissionDenied):
        control_strategy_generate(acting_user=contributor, as_of=AS_OF)
    assert not ControlStrategy.objects.exists()


# Changing entries


def test_an_edit_records_what_changed_and_why(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    control_strategy_entry_edit(
        acting_user=analyst,
        strategy_id=strategy.id,
        threat_id="firearms",
        answers=EntryAnswers(level="band_1", response_enforcement="Take the guns off the streets."),
        reason="Firearms discharges rose by a third",
    )

    change = ControlStrategyEntryChange.objects.get()
    assert change.kind == "edited"
    assert change.changes == {
        "level": ["listed", "band_1"],
        "response_enforcement": ["", "Take the guns off the streets."],
    }
    assert change.reason == "Firearms discharges rose by a third"
    assert change.changed_by == analyst
    event = AuditEvent.objects.get(action="entry_edited")
    assert event.detail["fields"] == ["level", "response_enforcement"]
    assert event.detail["reason"] == "Firearms discharges rose by a third"


def test_writing_the_priority_responses_clears_the_implicit_response_finding(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    complete_priorities(strategy, analyst)

    assert codes(strategy) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_edit_without_a_reason_is_refused_and_stores_nothing(picture, analyst, reason):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_entry_edit(
            acting_user=analyst,
            strategy_id=strategy.id,
            threat_id="firearms",
            answers=EntryAnswers(level="band_1"),
            reason=reason,
        )

    assert "reason" in refused.value.message_dict
    assert levels(strategy)["firearms"] == "listed"
    assert not ControlStrategyEntryChange.objects.exists()


def test_an_edit_that_changes_nothing_is_refused(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_entry_edit(
            acting_user=analyst,
            strategy_id=strategy.id,
            threat_id="firearms",
            answers=EntryAnswers(level="listed"),
            reason="No real change",
        )

    assert "Nothing would change" in refused.value.message_dict["level"][0]
    assert not ControlStrategyEntryChange.objects.exists()


def test_an_unknown_level_is_refused_naming_the_field(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_entry_edit(
            acting_user=analyst,
            strategy_id=strategy.id,
            threat_id="firearms",
            answers=EntryAnswers(level="band_4"),
            reason="Banded lower",
        )

    assert "level" in refused.value.message_dict


def test_an_entry_for_a_threat_that_does_not_exist_is_refused_and_stores_nothing(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_entry_add(
            acting_user=analyst,
            strategy_id=strategy.id,
            threat_id="county-lines",
            answers=EntryAnswers(level="band_2"),
            reason="Eight of nine regions made it a priority",
        )

    assert refused.value.message_dict["threat"] == [
        "No threat 'county-lines' in the catalogue; choose a catalogued one."
    ]
    assert strategy.entries.count() == 4
    assert not ControlStrategyEntryChange.objects.exists()
    assert not AuditEvent.objects.filter(action="entry_added").exists()


def test_an_added_entry_is_recorded_with_its_reason(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    control_strategy_entry_add(
        acting_user=analyst,
        strategy_id=strategy.id,
        threat_id="cyber-crime",
        answers=EntryAnswers(level="band_2"),
        reason="Held in the requirement",
    )

    assert levels(strategy)["cyber-crime"] == "band_2"
    assert ControlStrategyEntryChange.objects.get().kind == "added"
    assert codes(strategy) == ["CST002", "CST004"]


def test_a_threat_already_in_the_strategy_cannot_be_added_twice(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_entry_add(
            acting_user=analyst,
            strategy_id=strategy.id,
            threat_id="firearms",
            answers=EntryAnswers(level="band_2"),
            reason="Twice",
        )

    assert "already has an entry" in refused.value.message_dict["threat"][0]


def test_a_removed_entry_keeps_its_last_wording_in_the_history(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    control_strategy_entry_remove(
        acting_user=analyst,
        strategy_id=strategy.id,
        threat_id="technology",
        reason="Folded into cyber crime",
    )

    assert "technology" not in levels(strategy)
    change = ControlStrategyEntryChange.objects.get()
    assert change.kind == "removed"
    assert change.changes["level"] == ["listed", None]
    assert codes(strategy) == ["CST001", "CST004"]


def test_an_approved_strategy_does_not_change(picture, analyst):
    strategy = approved_strategy(based_on=picture.assessment)
    ControlStrategyEntryFactory(strategy=strategy, threat_id="drugs", level="priority")

    with pytest.raises(StrategyNotDraftError):
        control_strategy_entry_edit(
            acting_user=analyst,
            strategy_id=strategy.id,
            threat_id="drugs",
            answers=EntryAnswers(level="band_1"),
            reason="Demoted",
        )
    assert levels(strategy) == {"drugs": "priority"}


# Approving


def test_a_draft_with_no_finding_is_approved_by_a_held_nttcg_meeting(picture, analyst, chair):
    previous = approved_strategy(id="cs-2016", based_on=picture.assessment)
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)
    complete_priorities(strategy, analyst)

    approved = control_strategy_approve(
        acting_user=chair, strategy_id=strategy.id, meeting_id="nttcg-2017-06-14", as_of=AS_OF
    )

    assert approved.status == "approved"
    assert approved.approved_by_id == "nttcg-2017-06-14"
    assert approved.approval_override == ""
    previous.refresh_from_db()
    assert previous.status == "superseded"
    decision = Decision.objects.get(kind="approve_control_strategy")
    assert decision.meeting_id == "nttcg-2017-06-14"
    event = AuditEvent.objects.get(action="approve", record_type="control_strategy")
    assert event.detail["superseded"] == ["cs-2016"]


def test_approval_is_blocked_while_a_check_holds(picture, analyst, chair):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_approve(
            acting_user=chair, strategy_id=strategy.id, meeting_id="nttcg-2017-06-14", as_of=AS_OF
        )

    assert refused.value.message_dict["override_reason"][0].startswith("CST004 still hold")
    strategy.refresh_from_db()
    assert strategy.status == "draft"
    assert not Decision.objects.filter(kind="approve_control_strategy").exists()


def test_an_override_reason_lets_the_meeting_approve_it_as_it_is(picture, analyst, chair):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    approved = control_strategy_approve(
        acting_user=chair,
        strategy_id=strategy.id,
        meeting_id="nttcg-2017-06-14",
        as_of=AS_OF,
        override_reason="The responses follow from the threat groups' plans next quarter",
    )

    assert approved.status == "approved"
    assert approved.approval_findings == ["CST004"]
    assert approved.approval_override.startswith("The responses follow")


@pytest.mark.parametrize(
    ("meeting_id", "message"),
    [
        ("nttcg-2018-01-17", "recorded as scheduled, not held"),
        ("nttcg-2017-09-13", "recorded as cancelled, not held"),
        ("nsig-2017-05-02", "the national tactical tasking and coordination group approves"),
        ("nttcg-2099-01-01", "No meeting 'nttcg-2099-01-01' is recorded."),
    ],
)
def test_a_meeting_that_did_not_happen_approves_nothing(
    picture, analyst, chair, meeting_id, message
):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)
    complete_priorities(strategy, analyst)

    with pytest.raises(ValidationError) as refused:
        control_strategy_approve(
            acting_user=chair, strategy_id=strategy.id, meeting_id=meeting_id, as_of=AS_OF
        )

    assert message in refused.value.message_dict["meeting"][0]
    strategy.refresh_from_db()
    assert strategy.status == "draft"
    assert strategy.approved_by is None
    assert not AuditEvent.objects.filter(action="approve").exists()


def test_an_analyst_does_not_record_the_approval(picture, analyst):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(PermissionDenied):
        control_strategy_approve(
            acting_user=analyst, strategy_id=strategy.id, meeting_id="nttcg-2017-06-14", as_of=AS_OF
        )


# Versions


def test_a_new_version_copies_the_approved_one_and_names_it(picture, analyst, chair):
    strategy = control_strategy_generate(acting_user=analyst, as_of=AS_OF)
    complete_priorities(strategy, analyst)
    control_strategy_approve(
        acting_user=chair, strategy_id=strategy.id, meeting_id="nttcg-2017-06-14", as_of=AS_OF
    )

    draft = control_strategy_new_version(acting_user=analyst, strategy_id=strategy.id)

    assert draft.status == "draft"
    assert draft.version == 2
    assert draft.derived_from_id == strategy.id
    assert draft.id == "cs-nsa-2017-v2"
    assert levels(draft) == levels(strategy)
    drugs = ControlStrategyEntry.objects.get(strategy=draft, threat_id="drugs")
    assert drugs.response_enforcement == COMPLETE["response_enforcement"]


def test_only_one_draft_at_a_time_from_a_version(picture, analyst):
    approved = approved_strategy(id="cs-2017", based_on=picture.assessment)
    first = control_strategy_new_version(acting_user=analyst, strategy_id=approved.id)

    with pytest.raises(ValidationError) as refused:
        control_strategy_new_version(acting_user=analyst, strategy_id=approved.id)

    assert refused.value.message_dict["strategy"] == [
        f"Draft {first.id} is already open from cs-2017; edit it."
    ]


def test_a_new_version_starts_only_from_an_approved_one(picture, analyst):
    draft = control_strategy_generate(acting_user=analyst, as_of=AS_OF)

    with pytest.raises(ValidationError) as refused:
        control_strategy_new_version(acting_user=analyst, strategy_id=draft.id)

    assert "starts from an approved one" in refused.value.message_dict["strategy"][0]


def test_the_comparison_lists_entries_added_removed_and_changed(picture, analyst):
    approved = approved_strategy(id="cs-2017", based_on=picture.assessment)
    for threat, level in [("drugs", "priority"), ("firearms", "listed"), ("technology", "listed")]:
        ControlStrategyEntryFactory(strategy=approved, threat_id=threat, level=level)
    draft = control_strategy_new_version(acting_user=analyst, strategy_id=approved.id)
    control_strategy_entry_edit(
        acting_user=analyst,
        strategy_id=draft.id,
        threat_id="firearms",
        answers=EntryAnswers(level="band_1", response_prevention="Close the supply routes."),
        reason="Rising threat",
    )
    control_strategy_entry_remove(
        acting_user=analyst, strategy_id=draft.id, threat_id="technology", reason="Folded in"
    )
    control_strategy_entry_add(
        acting_user=analyst,
        strategy_id=draft.id,
        threat_id="cannabis",
        answers=EntryAnswers(level="band_3"),
        reason="Assessed separately",
    )

    comparison = strategies_compare(earlier=approved, later=draft)

    assert [one.threat.id for one in comparison.added] == ["cannabis"]
    assert [one.threat.id for one in comparison.removed] == ["technology"]
    [firearms] = comparison.changed
    assert firearms.level_changed
    assert firearms.before is not None
    assert firearms.after is not None
    assert (firearms.before.level, firearms.after.level) == ("listed", "band_1")
    assert [(r.label, r.before, r.after) for r in firearms.responses] == [
        ("Prevention", "", "Close the supply routes.")
    ]
    assert comparison.unchanged == 1
