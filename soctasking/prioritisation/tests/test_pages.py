"""The prioritisation pages: templates, opening a round, scoring a threat, the ranked table."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from soctasking.intelligence.models import Assessment
from soctasking.prioritisation.models import Evaluation, Score, ScoringTemplate
from soctasking.prioritisation.tests.test_scoring import GROUPS
from soctasking.testing.factories import (
    AssessmentFactory,
    DecisionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    SubmissionFactory,
    ThreatFactory,
)
from soctasking.threats.models import Threat

pytestmark = pytest.mark.django_db


def make_assessment(**kwargs: object) -> Assessment:
    return AssessmentFactory(**kwargs)


def make_threat(**kwargs: object) -> Threat:
    return ThreatFactory(**kwargs)


@pytest.fixture
def simple() -> ScoringTemplate:
    return ScoringTemplate.objects.create(
        id="simple",
        family="simple",
        name="Simple",
        groups=GROUPS,
        formula="harm * likelihood",
        status="approved",
    )


@pytest.fixture
def round_2017(simple) -> Evaluation:
    assessment = make_assessment(title="NSA 2017")
    assessment.threats.set([make_threat(id="firearms", name="Firearms")])
    return Evaluation.objects.create(
        id="round-2017",
        assessment=assessment,
        template=simple,
        date=dt.date(2017, 5, 1),
        priority_line=1,
    )


def test_everyone_signed_in_sees_the_default_template_and_its_scales(client, contributor):
    client.force_login(contributor)

    listed = client.get(reverse("prioritisation:templates"))
    shown = client.get(reverse("prioritisation:template", args=["morile-default"]))

    assert "MoRiLE-modelled strategic scoring" in listed.content.decode()
    page = shown.content.decode()
    assert "Harm to individuals" in page
    assert "Almost certain (0.975)" in page
    assert "Make a new version" not in page


def test_the_template_list_filters_by_status(client, analyst, simple):
    ScoringTemplate.objects.filter(pk="simple").update(status="draft")
    client.force_login(analyst)

    drafts = client.get(reverse("prioritisation:templates"), {"status": "draft"}).content.decode()

    assert "Simple" in drafts
    assert "MoRiLE-modelled" not in drafts


def test_an_administrator_makes_a_new_version_of_a_template_in_use(
    client, administrator, round_2017
):
    client.force_login(administrator)

    answer = client.post(
        reverse("prioritisation:template_revise", args=["simple"]),
        {"name": "Simple", "groups": json.dumps(GROUPS), "formula": "harm * likelihood * 2"},
    )

    assert answer.status_code == 302
    assert answer["Location"] == reverse("prioritisation:template", args=["simple-v2"])
    assert ScoringTemplate.objects.get(pk="simple").formula == "harm * likelihood"


def test_a_template_dividing_by_zero_is_shown_beside_the_formula_and_nothing_stored(
    client, administrator
):
    client.force_login(administrator)

    answer = client.post(
        reverse("prioritisation:template_new"),
        {"id": "odd", "name": "Odd", "groups": json.dumps(GROUPS), "formula": "likelihood / harm"},
    )

    assert answer.status_code == 400
    page = answer.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_formula"' in page
    assert "divides by zero" in page
    assert not ScoringTemplate.objects.filter(pk="odd").exists()


def test_a_faulty_level_is_named_by_its_place_in_the_groups(client, administrator):
    client.force_login(administrator)
    broken = json.loads(json.dumps(GROUPS))
    broken[1]["dimensions"][0]["levels"][0]["value"] = "high"

    answer = client.post(
        reverse("prioritisation:template_new"),
        {"id": "odd", "name": "Odd", "groups": json.dumps(broken), "formula": "harm"},
    )

    assert answer.status_code == 400
    assert "groups[1].dimensions[0].levels[0].value:" in answer.content.decode()


def test_an_analyst_cannot_keep_templates(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("prioritisation:template_new")).status_code == 403


def test_an_analyst_opens_a_round_on_an_approved_template(client, analyst, simple):
    assessment = make_assessment()
    client.force_login(analyst)

    answer = client.post(
        reverse("prioritisation:round_new"),
        {
            "id": "round-2018",
            "assessment": assessment.pk,
            "template": "simple",
            "date": "2018-05-01",
            "priority_line": "2",
        },
    )

    assert answer.status_code == 302
    assert Evaluation.objects.get(pk="round-2018").template_id == "simple"


def test_an_analyst_scores_a_threat_and_the_round_shows_its_rank(client, analyst, round_2017):
    client.force_login(analyst)
    address = reverse("prioritisation:score", args=["round-2017", "firearms"])

    answer = client.post(
        address,
        {
            "dimension_a": "4",
            "justification_a": "Shootings rose.",
            "dimension_b": "1",
            "justification_b": "Little money.",
            "dimension_l": "1",
            "justification_l": "Certain.",
            "arguments_for": "Deaths\nPublic concern",
            "arguments_against": "Declining imports",
        },
    )

    assert answer.status_code == 302
    score = Score.objects.get(evaluation=round_2017)
    assert (score.total, score.rank, score.arguments_for) == (5.0, 1, ["Deaths", "Public concern"])
    page = client.get(reverse("prioritisation:round", args=["round-2017"])).content.decode()
    assert "Firearms" in page
    assert "Shootings rose." in page
    assert "Declining imports" in page


def test_a_score_left_out_is_named_in_the_error_summary_and_nothing_stored(
    client, analyst, round_2017
):
    client.force_login(analyst)

    answer = client.post(
        reverse("prioritisation:score", args=["round-2017", "firearms"]),
        {"dimension_a": "4", "justification_a": "Shootings rose."},
    )

    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'href="#id_dimension_b"' in page
    assert "Choose the level of Financial harm." in page
    assert not Score.objects.exists()


def test_the_round_links_only_the_evidence_the_reader_may_see(
    client, analyst, inspector, round_2017
):
    shown = SubmissionFactory(id="official-report", classification="official")
    hidden = SubmissionFactory(id="top-secret-report", classification="top-secret")
    Score.objects.create(
        evaluation=round_2017,
        threat_id="firearms",
        total=1,
        rank=1,
        dimensions={"a": 1, "b": 0, "l": 1},
        evidence=[
            {"kind": "submission", "ref": shown.pk},
            {"kind": "submission", "ref": hidden.pk},
        ],
    )
    client.force_login(inspector)

    page = client.get(reverse("prioritisation:round", args=["round-2017"])).content.decode()

    assert "official-report" in page
    assert "top-secret-report" not in page


def test_the_nsig_chair_and_nstcg_chair_record_their_outcomes_in_the_pages(
    client, chair, round_2017
):
    Score.objects.create(
        evaluation=round_2017,
        threat_id="firearms",
        total=5,
        rank=1,
        dimensions={"a": 4, "b": 1, "l": 1},
        arguments_for=["Deaths"],
        arguments_against=["Cost"],
    )
    nsig = MeetingFactory(series=MeetingSeriesFactory(kind="nsig", name="NSIG"))
    nstcg = MeetingFactory(series=MeetingSeriesFactory(kind="nstcg", name="NSTCG"))
    client.force_login(chair)

    recommended = client.post(
        reverse("prioritisation:recommend", args=["round-2017"]),
        {"meeting": nsig.pk, "recommendation_firearms": "monitor", "reason_firearms": "Falling."},
    )
    refused = client.post(
        reverse("prioritisation:decide", args=["round-2017"]),
        {
            "meeting": nstcg.pk,
            "kind": "adopt_priority_threats",
            "threats": ["firearms"],
            "rationale": "Public concern.",
        },
    )
    decided = client.post(
        reverse("prioritisation:decide", args=["round-2017"]),
        {
            "meeting": nstcg.pk,
            "kind": "adopt_priority_threats",
            "threats": ["firearms"],
            "rationale": "Public concern.",
            "departure_firearms": "Ministers asked.",
        },
    )

    assert recommended.status_code == 302
    assert refused.status_code == 400
    assert 'href="#id_departure_firearms"' in refused.content.decode()
    assert decided.status_code == 302
    record = client.get(decided["Location"]).content.decode()
    assert "National priority threats adopted" in record
    assert "Ministers asked." in record
    assert "Monitor: Falling." in record
    meeting_page = client.get(reverse("meetings:meeting", args=[nstcg.pk])).content.decode()
    assert "govuk-tag--red" in meeting_page


def test_a_collection_priority_is_labelled_as_not_a_national_priority(client, chair, round_2017):
    nstcg = MeetingFactory(series=MeetingSeriesFactory(kind="nstcg"))
    decision = DecisionFactory(
        meeting=nstcg, kind="collection_priority", evaluation=round_2017, rationale="Gaps."
    )
    client.force_login(chair)

    page = client.get(reverse("prioritisation:decision", args=[decision.pk])).content.decode()

    assert "Priority for intelligence collection only" in page
    assert "not a national priority" in page
    assert "govuk-tag--blue" in page


def test_the_decision_record_pdf_carries_the_kind_ranking_arguments_and_reasons(
    client, inspector, round_2017
):
    from io import BytesIO

    from pypdf import PdfReader

    Score.objects.create(
        evaluation=round_2017,
        threat_id="firearms",
        total=5,
        rank=1,
        dimensions={"a": 4, "b": 1, "l": 1},
        arguments_for=["Deaths rising"],
        arguments_against=["Imports falling"],
        recommendation="monitor",
        recommendation_reason="Well contained.",
    )
    nstcg = MeetingFactory(series=MeetingSeriesFactory(kind="nstcg"))
    decision = DecisionFactory(
        meeting=nstcg,
        kind="adopt_priority_threats",
        evaluation=round_2017,
        rationale="Public concern.",
        departures={"firearms": "Ministers asked."},
    )
    decision.threats.set(["firearms"])
    client.force_login(inspector)

    answer = client.get(reverse("prioritisation:decision_pdf", args=[decision.pk]))

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(answer.content)).pages
    )
    for expected in (
        "National priority threats adopted",
        "Ministers asked.",
        "Monitor: Well contained.",
        "Deaths rising",
        "Imports falling",
        "Public concern.",
    ):
        assert expected in text
