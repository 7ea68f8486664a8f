"""The prioritisation API: templates, opening a round, scoring, the ranked table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from soctasking.prioritisation.models import Evaluation, Score, ScoringTemplate
from soctasking.prioritisation.tests.test_pages import make_assessment, make_threat
from soctasking.prioritisation.tests.test_scoring import GROUPS

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2017() -> Evaluation:
    template = ScoringTemplate.objects.create(
        id="simple",
        family="simple",
        name="Simple",
        groups=GROUPS,
        formula="harm * likelihood",
        status="approved",
    )
    assessment = make_assessment()
    assessment.threats.set([make_threat(id="x"), make_threat(id="z"), make_threat(id="y")])
    return Evaluation.objects.create(
        id="round-2017",
        assessment=assessment,
        template=template,
        date=dt.date(2017, 5, 1),
        priority_line=1,
    )


def _score(client: Client, threat: str, a: float, b: float, chance: float) -> object:
    return client.post(
        "/api/v1/evaluations/round-2017/scores",
        {
            "threat": threat,
            "dimensions": {"a": a, "b": b, "l": chance},
            "justifications": {"a": "seen", "b": "seen", "l": "seen"},
            "arguments_for": ["for"],
        },
        content_type="application/json",
    )


def test_the_templates_are_listed_with_their_versions(client, contributor):
    client.force_login(contributor)

    listed = client.get("/api/v1/scoring-templates").json()

    assert {"id": "morile-default", "version": 1, "status": "approved"}.items() <= listed["items"][
        0
    ].items()


def test_an_administrator_adds_a_template_and_a_bad_formula_is_refused_naming_it(
    client, administrator
):
    client.force_login(administrator)
    answers = {"id": "simple-2", "name": "S", "groups": GROUPS, "formula": "harm / likelihood"}

    refused = client.post(
        "/api/v1/scoring-templates",
        {**answers, "formula": "harm / (likelihood - 1)"},
        content_type="application/json",
    )
    added = client.post("/api/v1/scoring-templates", answers, content_type="application/json")

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "formula"
    assert added.status_code == 201
    assert added.json()["status"] == "draft"


def test_an_analyst_may_not_add_a_template(client, analyst):
    client.force_login(analyst)

    answer = client.post(
        "/api/v1/scoring-templates",
        {"id": "s", "name": "S", "groups": GROUPS, "formula": "harm"},
        content_type="application/json",
    )

    assert answer.status_code == 403


def test_scores_posted_rank_the_round_with_its_sensitivity(client, analyst, round_2017):
    client.force_login(analyst)

    for threat, a, b, chance in (("y", 1, 1, 0.5), ("z", 1, 4, 0.9), ("x", 4, 1, 1)):
        assert _score(client, threat, a, b, chance).status_code == 201
    table = client.get("/api/v1/evaluations/round-2017").json()

    assert [(r["threat"], r["rank"], r["above_line"]) for r in table["ranking"]] == [
        ("x", 1, True),
        ("z", 2, False),
        ("y", 3, False),
    ]
    assert table["ranking"][0]["sensitivity"]["changes"] == [
        {"dimension": "a", "factor": 0.8, "rank": 2},
        {"dimension": "b", "factor": 1.2, "rank": 2},
    ]


def test_a_score_off_the_scale_is_refused_naming_the_dimension(client, analyst, round_2017):
    client.force_login(analyst)

    answer = _score(client, "x", 4, 9, 1)

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "dimensions.b"
    assert not Score.objects.exists()


def test_a_round_on_an_unapproved_template_is_refused(client, analyst, round_2017):
    ScoringTemplate.objects.filter(pk="simple").update(status="draft")
    client.force_login(analyst)

    answer = client.post(
        "/api/v1/evaluations",
        {
            "id": "r2",
            "assessment": round_2017.assessment_id,
            "template": "simple",
            "date": "2018-05-01",
        },
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "template"
    assert not Evaluation.objects.filter(pk="r2").exists()


def test_the_chairs_record_the_recommendation_and_a_typed_decision(client, chair, round_2017):
    from soctasking.testing.factories import MeetingFactory, MeetingSeriesFactory

    Score.objects.create(
        evaluation=round_2017, threat_id="x", total=5, rank=1, dimensions={"a": 4, "b": 1, "l": 1}
    )
    nsig = MeetingFactory(id="nsig-1", series=MeetingSeriesFactory(kind="nsig"))
    MeetingFactory(id="nstcg-1", series=MeetingSeriesFactory(kind="nstcg"))
    client.force_login(chair)

    recommended = client.post(
        "/api/v1/evaluations/round-2017/recommendations",
        {"meeting": nsig.pk, "threats": {"x": {"recommendation": "priority", "reason": "Harm"}}},
        content_type="application/json",
    )
    outside = client.post(
        "/api/v1/evaluations/round-2017/decisions",
        {
            "meeting": "nstcg-1",
            "kind": "collection_priority",
            "threats": ["x", "elsewhere"],
            "rationale": "Gaps",
            "departures": {"x": "Too little known"},
        },
        content_type="application/json",
    )
    decided = client.post(
        "/api/v1/evaluations/round-2017/decisions",
        {
            "meeting": "nstcg-1",
            "kind": "collection_priority",
            "threats": ["x"],
            "rationale": "Gaps",
            "departures": {"x": "Too little known"},
        },
        content_type="application/json",
    )

    assert recommended.status_code == 200
    assert recommended.json()["ranking"][0]["recommendation"] == "priority"
    assert outside.status_code == 422
    assert outside.json()["errors"][0]["field"] == "threats"
    assert decided.status_code == 201
    assert decided.json()["label"] == "Priority for intelligence collection only"
    assert decided.json()["departures"] == {"x": "Too little known"}
