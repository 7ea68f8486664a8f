"""The prioritisation checks: priorities adopted without an evaluation or an NSIG's
recommendation, one-sided evaluations, and priorities the approved assessment leaves out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from soctasking.assurance.selectors import findings_run
from soctasking.meetings.models import Decision, Meeting
from soctasking.prioritisation.models import Evaluation
from soctasking.testing.factories import (
    AssessmentFactory,
    DecisionFactory,
    EvaluationFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ScoreFactory,
    ThreatFactory,
)
from soctasking.threats.models import Threat

pytestmark = pytest.mark.django_db

AS_OF = date(2018, 3, 31)
ADOPTED_ON = date(2018, 3, 21)


def flagged(code: str, as_of: date = AS_OF) -> dict[str, dict[str, Any]]:
    return {f.subject_id: f.to_json() for f in findings_run(as_of=as_of, codes=[code])}


def priority_threats() -> list[Any]:
    return [
        ThreatFactory(id="firearms", name="Firearms"),
        ThreatFactory(id="cyber-crime", name="Cyber crime"),
    ]


def nstcg_sitting(day: date = ADOPTED_ON, status: str = "held") -> Meeting:
    series = MeetingSeriesFactory(
        id="nstcg", name="National strategic tasking and coordination group", kind="nstcg"
    )
    return MeetingFactory(id=f"nstcg-{day.isoformat()}", series=series, date=day, status=status)


def nsig_sitting(day: date = date(2018, 2, 21), status: str = "held") -> Meeting:
    series = MeetingSeriesFactory(
        id="nsig", name="National strategic intelligence group", kind="nsig"
    )
    return MeetingFactory(id=f"nsig-{day.isoformat()}", series=series, date=day, status=status)


def scored_evaluation(threats: list[Threat], evaluation_id: str = "eval-2018-02") -> Evaluation:
    evaluation = EvaluationFactory(id=evaluation_id, date=date(2018, 2, 14))
    for threat in threats:
        ScoreFactory(evaluation=evaluation, threat=threat)
    return evaluation


def adoption(
    *,
    threats: list[Threat],
    meeting: Meeting | None = None,
    evaluation: Evaluation | None = None,
    recommended_by: Meeting | None = None,
    kind: str = "adopt_priority_threats",
) -> Decision:
    decision = DecisionFactory(
        id="adoption",
        meeting=meeting or nstcg_sitting(),
        kind=kind,
        evaluation=evaluation,
        recommended_by=recommended_by,
    )
    decision.threats.set(threats)
    return decision


def test_priorities_adopted_with_no_evaluation_and_no_nsig_are_flagged():
    adoption(threats=priority_threats())

    found = flagged("PRI001")

    assert list(found) == ["adoption"]
    finding = found["adoption"]
    assert finding["severity"] == "high"
    assert finding["subject"] == {"type": "decision", "id": "adoption"}
    assert finding["message"] == (
        "Decision adoption of the National strategic tasking and coordination group of "
        "2018-03-21 (nstcg-2018-03-21) adopted 2 national priority threats, but no evaluation "
        "is recorded and no national strategic intelligence group recommended them"
    )
    assert finding["evidence"]["threats"] == ["cyber-crime", "firearms"]
    assert finding["evidence"]["evaluation"] is None
    assert finding["evidence"]["recommended"] is False


def test_priorities_evaluated_in_full_and_recommended_by_a_held_nsig_are_not_flagged():
    threats = priority_threats()
    adoption(threats=threats, evaluation=scored_evaluation(threats), recommended_by=nsig_sitting())

    assert flagged("PRI001") == {}


def test_an_nsig_recommending_on_the_day_of_the_decision_is_in_time():
    threats = priority_threats()
    adoption(
        threats=threats,
        evaluation=scored_evaluation(threats),
        recommended_by=nsig_sitting(ADOPTED_ON),
    )

    assert flagged("PRI001") == {}


def test_an_evaluation_that_leaves_out_one_adopted_threat_does_not_suffice():
    threats = priority_threats()
    adoption(
        threats=threats, evaluation=scored_evaluation(threats[:1]), recommended_by=nsig_sitting()
    )

    finding = flagged("PRI001")["adoption"]

    assert finding["evidence"]["unscored_threats"] == ["cyber-crime"]
    assert finding["evidence"]["recommended"] is True
    assert "evaluation eval-2018-02 does not score cyber-crime" in finding["message"]


@pytest.mark.parametrize(
    ("recommending", "why"),
    [
        (lambda: nsig_sitting(status="cancelled"), "was not held (cancelled)"),
        (lambda: nsig_sitting(date(2018, 3, 22)), "sat after the decision, on 2018-03-22"),
        (
            lambda: MeetingFactory(id="ntig-2018-02-21", date=date(2018, 2, 21)),
            "is not a national strategic intelligence group",
        ),
    ],
)
def test_a_recommendation_by_anything_but_a_held_nsig_before_the_decision_does_not_count(
    recommending, why
):
    threats = priority_threats()
    adoption(threats=threats, evaluation=scored_evaluation(threats), recommended_by=recommending())

    finding = flagged("PRI001")["adoption"]

    assert finding["evidence"]["recommended"] is False
    assert why in finding["message"]


def test_an_adoption_at_a_cancelled_meeting_is_not_judged():
    adoption(threats=priority_threats(), meeting=nstcg_sitting(status="cancelled"))

    assert flagged("PRI001") == {}


def test_a_collection_priority_decision_is_not_an_adoption_of_national_priorities():
    adoption(threats=priority_threats(), kind="collection_priority")

    assert flagged("PRI001") == {}


def test_an_adoption_is_judged_from_the_day_of_its_meeting():
    adoption(threats=priority_threats())

    assert flagged("PRI001", as_of=date(2018, 3, 20)) == {}
    assert list(flagged("PRI001", as_of=ADOPTED_ON)) == ["adoption"]


def test_a_priority_recommended_with_no_argument_against_is_one_sided():
    evaluation = EvaluationFactory(id="eval-2018-02", date=date(2018, 2, 14))
    ScoreFactory(
        evaluation=evaluation,
        threat=ThreatFactory(id="cyber-crime", name="Cyber crime"),
        recommendation="priority",
        arguments_for=["Tier one risk."],
        arguments_against=[],
    )
    ScoreFactory(
        evaluation=evaluation,
        threat=ThreatFactory(id="firearms", name="Firearms"),
        recommendation="priority",
        arguments_for=["Discharges rising."],
        arguments_against=["Numbers stable."],
    )

    found = flagged("PRI002")

    assert list(found) == ["eval-2018-02"]
    finding = found["eval-2018-02"]
    assert finding["severity"] == "medium"
    assert finding["subject"] == {"type": "evaluation", "id": "eval-2018-02"}
    assert finding["evidence"]["scores"] == [{"threat": "cyber-crime", "missing": ["against"]}]
    assert finding["message"] == (
        "Evaluation eval-2018-02 (morile, 2018-02-14) recommends as national priority threats "
        "Cyber crime (cyber-crime) with no argument against recorded"
    )
    assert "Tier one risk" not in str(finding)


def test_two_one_sided_scores_of_one_evaluation_make_one_finding_and_a_blank_argument_is_none():
    evaluation = EvaluationFactory(id="eval-1")
    ScoreFactory(
        evaluation=evaluation,
        threat=ThreatFactory(id="fraud"),
        recommendation="priority",
        arguments_for=["  "],
        arguments_against=["Fragmented response."],
    )
    ScoreFactory(evaluation=evaluation, threat=ThreatFactory(id="drugs"), recommendation="priority")

    findings = findings_run(as_of=AS_OF, codes=["PRI002"])

    assert len(findings) == 1
    assert sorted(findings[0].evidence["scores"], key=lambda score: score["threat"]) == [
        {"threat": "drugs", "missing": ["for", "against"]},
        {"threat": "fraud", "missing": ["for"]},
    ]


def test_scores_recommending_less_than_a_priority_need_no_arguments():
    evaluation = EvaluationFactory(id="eval-1")
    ScoreFactory(evaluation=evaluation, recommendation="national_threat")
    ScoreFactory(evaluation=evaluation, recommendation="monitor")
    ScoreFactory(evaluation=evaluation, recommendation="")

    assert flagged("PRI002") == {}


def test_an_evaluation_dated_after_the_date_was_not_yet_made_but_an_undated_one_counts():
    ScoreFactory(
        evaluation=EvaluationFactory(id="later", date=date(2018, 4, 1)), recommendation="priority"
    )
    ScoreFactory(
        evaluation=EvaluationFactory(id="on-the-day", date=AS_OF), recommendation="priority"
    )
    ScoreFactory(evaluation=EvaluationFactory(id="undated", date=None), recommendation="priority")

    assert sorted(flagged("PRI002")) == ["on-the-day", "undated"]


def adopt_current_priorities(threats: list[Any], day: date = ADOPTED_ON) -> None:
    decision = DecisionFactory(meeting=nstcg_sitting(day), kind="adopt_priority_threats")
    decision.threats.set(threats)


def test_a_priority_the_latest_approved_assessment_leaves_out_is_flagged():
    firearms, cyber = priority_threats()
    adopt_current_priorities([firearms, cyber])
    AssessmentFactory(id="nsa-2017", title="NSA 2017", issued=date(2017, 3, 1)).threats.set(
        [firearms]
    )

    found = flagged("PRI003")

    assert list(found) == ["cyber-crime"]
    finding = found["cyber-crime"]
    assert finding["severity"] == "medium"
    assert finding["subject"] == {"type": "threat", "id": "cyber-crime"}
    assert finding["evidence"] == {
        "threat": "cyber-crime",
        "assessment": "nsa-2017",
        "assessment_issued": "2017-03-01",
    }
    assert finding["message"] == (
        "Cyber crime (cyber-crime) is a national priority threat, but the latest approved "
        "national strategic assessment, NSA 2017 (nsa-2017), does not cover it"
    )


def test_a_draft_covering_a_priority_does_not_stand_for_the_approved_assessment():
    firearms, cyber = priority_threats()
    adopt_current_priorities([firearms, cyber])
    AssessmentFactory(id="approved", issued=date(2017, 3, 1)).threats.set([firearms, cyber])
    AssessmentFactory(id="draft", status="draft", issued=date(2018, 2, 9)).threats.set([firearms])

    assert flagged("PRI003") == {}

    AssessmentFactory(id="newer-draft", status="draft", issued=date(2018, 3, 1))
    AssessmentFactory(id="newer-approved", status="approved", issued=date(2018, 3, 2)).threats.set(
        [firearms]
    )

    assert list(flagged("PRI003")) == ["cyber-crime"]


def test_an_assessment_approved_after_the_date_was_not_yet_issued():
    firearms, cyber = priority_threats()
    adopt_current_priorities([firearms, cyber])
    AssessmentFactory(id="nsa-2017", issued=date(2017, 3, 1)).threats.set([firearms, cyber])
    AssessmentFactory(id="nsa-2018", issued=date(2018, 4, 1)).threats.set([firearms])

    assert flagged("PRI003") == {}
    assert list(flagged("PRI003", as_of=date(2018, 4, 1))) == ["cyber-crime"]


def test_covering_only_the_parent_threat_does_not_cover_a_priority_sub_threat():
    laundering = ThreatFactory(id="money-laundering")
    high_end = ThreatFactory(id="high-end-money-laundering", kind="sub_threat", parent=laundering)
    adopt_current_priorities([high_end])
    AssessmentFactory(issued=date(2017, 3, 1)).threats.set([laundering])

    assert list(flagged("PRI003")) == ["high-end-money-laundering"]


def test_every_priority_is_flagged_while_no_approved_assessment_has_been_issued():
    adopt_current_priorities(priority_threats())
    AssessmentFactory(status="draft", issued=date(2017, 3, 1))
    AssessmentFactory(kind="national_tactical", issued=date(2017, 3, 1))

    found = flagged("PRI003")

    assert sorted(found) == ["cyber-crime", "firearms"]
    assert found["firearms"]["evidence"]["assessment"] is None
    assert (
        "no approved national strategic assessment had been issued by 2018-03-31"
        in (found["firearms"]["message"])
    )


def test_nothing_is_flagged_before_any_priorities_were_adopted():
    adopt_current_priorities(priority_threats())

    assert flagged("PRI003", as_of=date(2018, 3, 20)) == {}
