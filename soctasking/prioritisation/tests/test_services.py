"""Keeping scoring templates, opening rounds and scoring threats, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from soctasking.audit.models import AuditEvent
from soctasking.intelligence.models import Assessment
from soctasking.prioritisation import scoring
from soctasking.prioritisation.models import Score, ScoringTemplate, TemplateStatus
from soctasking.prioritisation.selectors import evaluation_round, template_structure
from soctasking.prioritisation.services import (
    evaluation_open,
    score_record,
    scoring_template_create,
    scoring_template_revise,
    scoring_template_set_status,
)
from soctasking.prioritisation.tests.test_scoring import GROUPS
from soctasking.testing.factories import AssessmentFactory, SubmissionFactory, ThreatFactory
from soctasking.threats.models import Threat

pytestmark = pytest.mark.django_db


def make_assessment(**kwargs: object) -> Assessment:
    return AssessmentFactory(**kwargs)


def make_threat(**kwargs: object) -> Threat:
    return ThreatFactory(**kwargs)


DEFAULT = "morile-default"


def _template(administrator, **overrides):
    answers = {
        "id": "simple",
        "name": "Simple harm times likelihood",
        "groups": GROUPS,
        "formula": "harm * likelihood",
        "formula_explanation": "Harm times likelihood.",
    }
    return scoring_template_create(acting_user=administrator, **{**answers, **overrides})


def _round(administrator, analyst, *threats, line=1, template=None):
    template = template or _template(administrator)
    if template.status != TemplateStatus.APPROVED:
        template = scoring_template_set_status(
            acting_user=administrator, template=template, status=TemplateStatus.APPROVED
        )
    assessment = make_assessment()
    assessment.threats.set(threats)
    return evaluation_open(
        acting_user=analyst,
        id="round-2017",
        assessment=assessment,
        template=template,
        on=dt.date(2017, 5, 1),
        priority_line=line,
    )


def _score(analyst, evaluation, threat, values, **extra):
    return score_record(
        acting_user=analyst,
        evaluation=evaluation,
        threat=threat,
        values=values,
        justifications={code: f"Because of {code}." for code in values},
        **extra,
    )


def test_the_default_template_is_approved_and_modelled_on_morile():
    template = ScoringTemplate.objects.get(pk=DEFAULT)
    structure = template_structure(template)

    assert template.status == TemplateStatus.APPROVED
    assert [g.code for g in structure.groups] == [
        "harm_individuals",
        "harm_communities",
        "scale",
        "likelihood",
        "confidence",
        "position",
        "intelligence_gap",
    ]
    assert [d.code for d in structure.groups[0].dimensions] == [
        "physical",
        "psychological",
        "financial",
    ]


def test_the_default_formula_gives_the_figure_worked_by_hand():
    structure = template_structure(ScoringTemplate.objects.get(pk=DEFAULT))
    values = {
        "physical": 3,
        "psychological": 2,
        "financial": 1,
        "community": 2,
        "economy": 1,
        "geographic_scope": 3,
        "victims": 2,
        "likelihood": 0.85,
        "confidence": 2,
        "capacity": 1,
        "capability": 2,
        "public_expectation": 2,
        "intelligence_gap": 1,
    }
    # Harm 3 + 2 + 1, 2 + 1, scale 3 + 2: 14 x 0.85 = 11.9; (5 + 1) / 2 = 3; 14.9.
    assert scoring.total(structure, scoring.values_check(structure, values)) == pytest.approx(14.9)


def test_an_administrator_creates_a_template_as_a_draft_version_one_audited(administrator):
    template = _template(administrator)

    assert (template.family, template.version, template.status) == ("simple", 1, "draft")
    assert AuditEvent.objects.filter(
        action="create", record_type="scoring_template", record_id="simple"
    ).exists()


def test_only_administrators_keep_templates(analyst):
    with pytest.raises(PermissionDenied):
        _template(analyst)
    assert not ScoringTemplate.objects.filter(pk="simple").exists()


def test_a_template_dividing_by_zero_is_refused_and_nothing_stored(administrator):
    with pytest.raises(ValidationError) as refused:
        _template(administrator, formula="likelihood / harm")

    assert "formula" in refused.value.message_dict
    assert not ScoringTemplate.objects.filter(pk="simple").exists()


def test_an_unused_draft_is_changed_in_place(administrator):
    template = _template(administrator)

    revised = scoring_template_revise(
        acting_user=administrator,
        template=template,
        name="Renamed",
        groups=GROUPS,
        formula="harm * likelihood * 2",
    )

    assert (revised.pk, revised.version, revised.formula) == ("simple", 1, "harm * likelihood * 2")


def test_changing_a_template_in_use_makes_its_next_version_and_leaves_it_frozen(
    administrator, analyst
):
    evaluation = _round(administrator, analyst, make_threat())
    used = evaluation.template

    revised = scoring_template_revise(
        acting_user=administrator,
        template=used,
        name="Simple, doubled",
        groups=GROUPS,
        formula="harm * likelihood * 2",
    )

    used.refresh_from_db()
    assert (revised.pk, revised.version, revised.status) == ("simple-v2", 2, "draft")
    assert revised.previous == used
    assert (used.formula, used.status) == ("harm * likelihood", "approved")


def test_a_round_on_an_unapproved_template_is_refused(administrator, analyst):
    template = _template(administrator)

    with pytest.raises(ValidationError) as refused:
        evaluation_open(
            acting_user=analyst,
            id="round-2017",
            assessment=make_assessment(),
            template=template,
            on=dt.date(2017, 5, 1),
            priority_line=1,
        )

    assert "template" in refused.value.message_dict
    assert not template.evaluations.exists()


def test_a_round_ranks_its_threats_by_their_totals(administrator, analyst):
    x, z, y = make_threat(name="X"), make_threat(name="Z"), make_threat(name="Y")
    evaluation = _round(administrator, analyst, x, z, y)

    _score(analyst, evaluation, y, {"a": 1, "b": 1, "l": 0.5})
    _score(analyst, evaluation, z, {"a": 1, "b": 4, "l": 0.9}, arguments_for=["Growing fast"])
    _score(analyst, evaluation, x, {"a": 4, "b": 1, "l": 1})

    ranked = {s.threat_id: (s.rank, s.total) for s in Score.objects.filter(evaluation=evaluation)}
    assert ranked == {x.pk: (1, 5.0), z.pk: (2, 4.5), y.pk: (3, 1.0)}
    table = evaluation_round(user=analyst, evaluation=evaluation)
    assert [(row.threat.name, row.above_line) for row in table.rows] == [
        ("X", True),
        ("Z", False),
        ("Y", False),
    ]
    x_row = table.rows[0]
    assert x_row.sensitivity is not None
    assert (x_row.sensitivity.rank_holds, x_row.sensitivity.line_holds) == (False, False)


def test_scoring_again_replaces_the_score_and_ranks_again(administrator, analyst):
    x, z = make_threat(), make_threat()
    evaluation = _round(administrator, analyst, x, z)
    _score(analyst, evaluation, x, {"a": 4, "b": 1, "l": 1})
    _score(analyst, evaluation, z, {"a": 1, "b": 1, "l": 1})

    _score(analyst, evaluation, z, {"a": 4, "b": 4, "l": 1})

    assert [(s.threat_id, s.rank) for s in Score.objects.filter(evaluation=evaluation)] == [
        (z.pk, 1),
        (x.pk, 2),
    ]


def test_a_score_off_the_scale_is_refused_naming_the_dimension(administrator, analyst):
    threat = make_threat()
    evaluation = _round(administrator, analyst, threat)

    with pytest.raises(ValidationError) as refused:
        _score(analyst, evaluation, threat, {"a": 9, "b": 1, "l": 1})

    assert list(refused.value.message_dict) == ["dimensions.a"]
    assert not Score.objects.exists()


def test_a_score_without_a_justification_is_refused(administrator, analyst):
    threat = make_threat()
    evaluation = _round(administrator, analyst, threat)

    with pytest.raises(ValidationError) as refused:
        score_record(
            acting_user=analyst,
            evaluation=evaluation,
            threat=threat,
            values={"a": 1, "b": 1, "l": 1},
            justifications={"a": "Seen.", "b": " "},
        )

    assert set(refused.value.message_dict) == {"justifications.b", "justifications.l"}
    assert not Score.objects.exists()


def test_a_threat_outside_the_assessment_cannot_be_scored(administrator, analyst):
    evaluation = _round(administrator, analyst, make_threat())

    with pytest.raises(ValidationError) as refused:
        _score(analyst, evaluation, make_threat(), {"a": 1, "b": 1, "l": 1})

    assert "threat" in refused.value.message_dict


def test_evidence_names_only_submissions_the_scorer_may_see(administrator, analyst):
    threat = make_threat()
    evaluation = _round(administrator, analyst, threat)
    secret = SubmissionFactory(classification="top-secret")

    with pytest.raises(ValidationError) as refused:
        _score(
            analyst,
            evaluation,
            threat,
            {"a": 1, "b": 1, "l": 1},
            evidence=[{"kind": "submission", "ref": secret.pk}],
        )

    assert list(refused.value.message_dict) == ["evidence[0]"]
    assert not Score.objects.exists()


def test_movement_is_measured_against_the_previous_round(administrator, analyst):
    x, z = make_threat(), make_threat()
    earlier = _round(administrator, analyst, x, z)
    _score(analyst, earlier, x, {"a": 4, "b": 4, "l": 1})
    _score(analyst, earlier, z, {"a": 1, "b": 1, "l": 1})
    later = evaluation_open(
        acting_user=analyst,
        id="round-2018",
        assessment=earlier.assessment,
        template=earlier.template,
        on=dt.date(2018, 5, 1),
        priority_line=1,
    )
    _score(analyst, later, x, {"a": 1, "b": 1, "l": 1})
    _score(analyst, later, z, {"a": 4, "b": 4, "l": 1})

    table = evaluation_round(user=analyst, evaluation=later)

    assert table.previous == earlier
    assert [(row.threat.pk, row.movement) for row in table.rows] == [(z.pk, 1), (x.pk, -1)]
