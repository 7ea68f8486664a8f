"""The NSIG's recommendation on a round and the NSTCG's typed decision, through the services."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from soctasking.assurance.checks.prioritisation import priority_decision_unevaluated
from soctasking.meetings.models import Decision, DecisionKind, Meeting
from soctasking.prioritisation.models import Evaluation, Score, ScoringTemplate
from soctasking.prioritisation.services import decision_record, recommendation_record
from soctasking.prioritisation.tests.test_pages import make_assessment, make_threat
from soctasking.prioritisation.tests.test_scoring import GROUPS
from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db


def make_meeting(kind: str, on: date, **kwargs: object) -> Meeting:
    return MeetingFactory(series=MeetingSeriesFactory(kind=kind), date=on, **kwargs)


@pytest.fixture
def scored_round() -> Evaluation:
    """A round scoring firearms 5, drugs 4.5 and fraud 1, on a template of harm x likelihood."""
    template = ScoringTemplate.objects.create(
        id="simple",
        family="simple",
        name="Simple",
        groups=GROUPS,
        formula="harm * likelihood",
        status="approved",
    )
    assessment = make_assessment()
    threats = [make_threat(id=name, name=name.title()) for name in ("firearms", "drugs", "fraud")]
    assessment.threats.set(threats)
    evaluation = Evaluation.objects.create(
        id="round-2017", assessment=assessment, template=template, date=dt.date(2017, 5, 1)
    )
    for rank, (threat, total) in enumerate(zip(threats, (5.0, 4.5, 1.0), strict=True), 1):
        Score.objects.create(
            evaluation=evaluation,
            threat=threat,
            total=total,
            rank=rank,
            dimensions={"a": 1, "b": 1, "l": 1},
            arguments_for=["Harm"],
            arguments_against=["Cost"],
        )
    return evaluation


@pytest.fixture
def nsig() -> Meeting:
    return make_meeting("nsig", dt.date(2017, 5, 20))


@pytest.fixture
def nstcg() -> Meeting:
    return make_meeting("nstcg", dt.date(2017, 6, 1))


RECOMMENDED = {"firearms": "priority", "drugs": "priority", "fraud": "monitor"}
REASONS = {"firearms": "Deaths rising.", "drugs": "Widest harm.", "fraud": "Well handled."}


def _recommend(chair, evaluation, meeting):
    return recommendation_record(
        acting_user=chair,
        evaluation=evaluation,
        meeting=meeting,
        recommendations=RECOMMENDED,
        reasons=REASONS,
    )


def test_the_nsig_records_a_recommendation_and_reason_for_every_threat(chair, scored_round, nsig):
    _recommend(chair, scored_round, nsig)

    scored_round.refresh_from_db()
    assert scored_round.meeting == nsig
    assert {
        s.threat_id: (s.recommendation, s.recommendation_reason) for s in scored_round.scores.all()
    } == {
        "firearms": ("priority", "Deaths rising."),
        "drugs": ("priority", "Widest harm."),
        "fraud": ("monitor", "Well handled."),
    }


def test_a_recommendation_missing_a_threat_or_a_reason_is_refused_whole(chair, scored_round, nsig):
    with pytest.raises(ValidationError) as refused:
        recommendation_record(
            acting_user=chair,
            evaluation=scored_round,
            meeting=nsig,
            recommendations={"firearms": "priority", "drugs": "priority"},
            reasons={"firearms": "Deaths rising.", "drugs": " "},
        )

    assert set(refused.value.message_dict) == {
        "recommendations.fraud",
        "reasons.drugs",
        "reasons.fraud",
    }
    assert not scored_round.scores.exclude(recommendation="").exists()


def test_only_an_nsig_meeting_recommends(chair, scored_round, nstcg):
    with pytest.raises(ValidationError) as refused:
        _recommend(chair, scored_round, nstcg)

    assert list(refused.value.message_dict) == ["meeting"]


def test_an_analyst_does_not_record_the_groups_outcomes(analyst, scored_round, nsig):
    with pytest.raises(PermissionDenied):
        _recommend(analyst, scored_round, nsig)


def test_adopting_what_was_recommended_needs_no_departure_and_satisfies_pri001(
    chair, scored_round, nsig, nstcg
):
    _recommend(chair, scored_round, nsig)

    decision = decision_record(
        acting_user=chair,
        evaluation=scored_round,
        meeting=nstcg,
        kind=DecisionKind.ADOPT_PRIORITY_THREATS,
        threat_ids=["firearms", "drugs"],
        rationale="The two threats of greatest harm.",
        departures={},
    )

    assert decision.kind == "adopt_priority_threats"
    assert decision.recommended_by == nsig
    assert decision.evaluation == scored_round
    assert sorted(t.pk for t in decision.threats.all()) == ["drugs", "firearms"]
    assert decision.departures == {}
    findings = list(priority_decision_unevaluated(as_of=dt.date(2017, 7, 1), thresholds={}))
    assert findings == []


def test_each_departure_from_the_recommendation_needs_its_reason(chair, scored_round, nsig, nstcg):
    _recommend(chair, scored_round, nsig)

    with pytest.raises(ValidationError) as refused:
        decision_record(
            acting_user=chair,
            evaluation=scored_round,
            meeting=nstcg,
            kind=DecisionKind.ADOPT_PRIORITY_THREATS,
            threat_ids=["firearms", "fraud"],
            rationale="Fraud matters more this year.",
            departures={"fraud": "Ministerial priority."},
        )

    assert list(refused.value.message_dict) == ["departures.drugs"]
    assert not Decision.objects.exists()


def test_a_departure_with_its_reasons_is_recorded(chair, scored_round, nsig, nstcg):
    _recommend(chair, scored_round, nsig)

    decision = decision_record(
        acting_user=chair,
        evaluation=scored_round,
        meeting=nstcg,
        kind=DecisionKind.ADOPT_PRIORITY_THREATS,
        threat_ids=["firearms", "fraud"],
        rationale="Fraud matters more this year.",
        departures={"fraud": "Ministerial priority.", "drugs": "Funded separately."},
    )

    assert decision.departures == {"drugs": "Funded separately.", "fraud": "Ministerial priority."}


def test_making_a_recommended_priority_a_collection_priority_only_is_a_departure(
    chair, scored_round, nsig, nstcg
):
    _recommend(chair, scored_round, nsig)

    with pytest.raises(ValidationError) as refused:
        decision_record(
            acting_user=chair,
            evaluation=scored_round,
            meeting=nstcg,
            kind=DecisionKind.COLLECTION_PRIORITY,
            threat_ids=["drugs", "fraud"],
            rationale="Too little is known.",
            departures={},
        )

    assert list(refused.value.message_dict) == ["departures.drugs"]


def test_adopting_a_threat_not_in_the_assessment_is_refused_and_nothing_stored(
    chair, scored_round, nsig, nstcg
):
    _recommend(chair, scored_round, nsig)
    make_threat(id="cyber")

    with pytest.raises(ValidationError) as refused:
        decision_record(
            acting_user=chair,
            evaluation=scored_round,
            meeting=nstcg,
            kind=DecisionKind.ADOPT_PRIORITY_THREATS,
            threat_ids=["firearms", "drugs", "cyber"],
            rationale="As recommended, and cyber.",
            departures={"cyber": "New"},
        )

    assert refused.value.message_dict["threats"][0].startswith("cyber is not in the assessment")
    assert not Decision.objects.exists()


def test_no_decision_before_the_nsig_has_recommended(chair, scored_round, nstcg):
    with pytest.raises(ValidationError) as refused:
        decision_record(
            acting_user=chair,
            evaluation=scored_round,
            meeting=nstcg,
            kind=DecisionKind.ADOPT_PRIORITY_THREATS,
            threat_ids=["firearms"],
            rationale="Obvious.",
            departures={},
        )

    assert "evaluation" in refused.value.message_dict


def test_a_decision_of_another_kind_or_group_is_refused(chair, scored_round, nsig):
    _recommend(chair, scored_round, nsig)

    with pytest.raises(ValidationError) as refused:
        decision_record(
            acting_user=chair,
            evaluation=scored_round,
            meeting=nsig,
            kind=DecisionKind.ADOPT_NATIONAL_THREATS,
            threat_ids=["firearms"],
            rationale="Obvious.",
            departures={},
        )

    assert set(refused.value.message_dict) == {"meeting", "kind"}
