"""Writes of prioritisation: keeping scoring templates, opening evaluation rounds, scoring
each threat of a round, and recording the NSIG's recommendation and the NSTCG's decision.

A template is checked whole (``scoring.structure_parse``) before it is
stored; a version an evaluation has used, or one approved for use, is
frozen, and a change to it makes the next version as a draft. A round is
opened only on an approved template; each score is checked against the
template's scales, and every score of the round is ranked again in the
same transaction, so the ranks stored are always those of the totals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from soctasking.accounts.gate import filter_visible, require_role
from soctasking.accounts.models import Role, User
from soctasking.audit.services import audit_record
from soctasking.intelligence.models import Assessment, AssessmentKind, Submission
from soctasking.meetings.models import Decision, DecisionKind, Meeting, MeetingStatus, SeriesKind
from soctasking.prioritisation import scoring
from soctasking.prioritisation.models import (
    Evaluation,
    Recommendation,
    Score,
    ScoringTemplate,
    TemplateStatus,
)
from soctasking.prioritisation.selectors import template_structure
from soctasking.threats.models import Threat

TEMPLATE_KEEPERS = frozenset({Role.ADMINISTRATOR})
SCORERS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# The chairs of the two groups (and the secretariat recording for them) record their outcomes.
DECIDERS = frozenset({Role.CHAIR, Role.SECRETARIAT, Role.ADMINISTRATOR})
DECISION_KINDS = (DecisionKind.ADOPT_PRIORITY_THREATS, DecisionKind.COLLECTION_PRIORITY)
EVIDENCE_KINDS = ("submission", "theme", "metric")
MAX_ARGUMENT = 2000


def _template_in_use(template: ScoringTemplate) -> bool:
    return template.status != TemplateStatus.DRAFT or template.evaluations.exists()


def scoring_template_create(
    *,
    acting_user: User | None,
    id: str,
    name: str,
    groups: Any,
    formula: str,
    formula_explanation: str = "",
    description: str = "",
) -> ScoringTemplate:
    """A new scoring method, as version 1 of its family (the id), in draft."""
    if acting_user is not None:
        require_role(user=acting_user, roles=TEMPLATE_KEEPERS)
    scoring.structure_parse(groups=groups, formula=formula)
    with transaction.atomic():
        if ScoringTemplate.objects.filter(pk=id).exists():
            raise ValidationError({"id": f"A scoring template {id!r} exists already."})
        template = ScoringTemplate(
            id=id,
            family=id,
            version=1,
            name=name.strip(),
            description=description.strip(),
            groups=groups,
            formula=formula.strip(),
            formula_explanation=formula_explanation.strip(),
        )
        template.full_clean()
        template.save()
        audit_record(
            actor=acting_user,
            action="create",
            record_type="scoring_template",
            record_id=template.id,
            detail={"family": template.family, "version": template.version},
        )
    return template


def scoring_template_revise(
    *,
    acting_user: User | None,
    template: ScoringTemplate,
    name: str,
    groups: Any,
    formula: str,
    formula_explanation: str = "",
    description: str = "",
) -> ScoringTemplate:
    """Change a template: in place while it is an unused draft, else as its next version.

    The next version is a draft with the id ``<family>-v<version>``; the
    version it replaces stays as it was, for the rounds scored with it.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=TEMPLATE_KEEPERS)
    scoring.structure_parse(groups=groups, formula=formula)
    with transaction.atomic():
        template = ScoringTemplate.objects.select_for_update().get(pk=template.pk)
        if _template_in_use(template):
            latest = ScoringTemplate.objects.filter(family=template.family).order_by("-version")[0]
            revised = ScoringTemplate(
                id=f"{template.family}-v{latest.version + 1}",
                family=template.family,
                version=latest.version + 1,
                previous=template,
            )
            action = "version"
        else:
            revised = template
            action = "update"
        revised.name = name.strip()
        revised.description = description.strip()
        revised.groups = groups
        revised.formula = formula.strip()
        revised.formula_explanation = formula_explanation.strip()
        revised.status = TemplateStatus.DRAFT
        revised.full_clean()
        revised.save()
        audit_record(
            actor=acting_user,
            action=action,
            record_type="scoring_template",
            record_id=revised.id,
            detail={"family": revised.family, "version": revised.version, "from": template.id},
        )
    return revised


def scoring_template_set_status(
    *, acting_user: User | None, template: ScoringTemplate, status: str
) -> ScoringTemplate:
    """Approve a template for evaluation rounds, or retire it so no new round uses it."""
    if acting_user is not None:
        require_role(user=acting_user, roles=TEMPLATE_KEEPERS)
    if status not in (TemplateStatus.APPROVED, TemplateStatus.RETIRED):
        raise ValidationError({"status": "Expected 'approved' or 'retired'."})
    with transaction.atomic():
        template = ScoringTemplate.objects.select_for_update().get(pk=template.pk)
        if status == TemplateStatus.APPROVED:
            # Checked again: a template loaded by other means may never have been.
            template_structure(template)
        previous = template.status
        template.status = status
        template.full_clean()
        template.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action=str(status),
            record_type="scoring_template",
            record_id=template.id,
            detail={"from": previous},
        )
    return template


def evaluation_open(
    *,
    acting_user: User | None,
    id: str,
    assessment: Assessment,
    template: ScoringTemplate,
    on: date,
    priority_line: int | None,
) -> Evaluation:
    """Open a round scoring the threats of a national strategic assessment with an approved
    template; ``priority_line`` is how many of the top ranks are proposed as priorities."""
    if acting_user is not None:
        require_role(user=acting_user, roles=SCORERS)
    if template.status != TemplateStatus.APPROVED:
        raise ValidationError(
            {
                "template": f"The template {template.id} is {template.get_status_display().lower()}"
                "; a round needs a template approved for evaluation rounds."
            }
        )
    if assessment.kind != AssessmentKind.NATIONAL_STRATEGIC:
        raise ValidationError(
            {"assessment": f"{assessment.id} is not a national strategic assessment."}
        )
    if priority_line is not None and priority_line < 1:
        raise ValidationError({"priority_line": "The priority line is at least 1, or none."})
    with transaction.atomic():
        if Evaluation.objects.filter(pk=id).exists():
            raise ValidationError({"id": f"An evaluation {id!r} exists already."})
        evaluation = Evaluation(
            id=id,
            assessment=assessment,
            template=template,
            method=template.id,
            date=on,
            priority_line=priority_line,
        )
        evaluation.full_clean()
        evaluation.save()
        audit_record(
            actor=acting_user,
            action="open",
            record_type="evaluation",
            record_id=evaluation.id,
            detail={"assessment": assessment.id, "template": template.id},
        )
    return evaluation


def _arguments(raw: Sequence[str], field: str) -> list[str]:
    cleaned = [" ".join(argument.split()) for argument in raw if argument.strip()]
    for argument in cleaned:
        if len(argument) > MAX_ARGUMENT:
            raise ValidationError({field: f"An argument is at most {MAX_ARGUMENT} characters."})
    return cleaned


def _evidence(
    *, acting_user: User | None, raw: Sequence[Mapping[str, str]]
) -> list[dict[str, str]]:
    """The evidence links, each of a known kind; a submission must be one the scorer sees."""
    links: list[dict[str, str]] = []
    for index, link in enumerate(raw):
        kind, ref = link.get("kind", ""), (link.get("ref") or "").strip()
        if kind not in EVIDENCE_KINDS or not ref:
            raise ValidationError(
                {
                    f"evidence[{index}]": f"Expected a kind ({', '.join(EVIDENCE_KINDS)}) and a "
                    "reference."
                }
            )
        if kind == "submission":
            submissions = Submission.objects.filter(pk=ref)
            if acting_user is not None:
                submissions = filter_visible(user=acting_user, queryset=submissions)
            if not submissions.exists():
                raise ValidationError(
                    {f"evidence[{index}]": f"No submission you may see has the id {ref!r}."}
                )
        links.append({"kind": kind, "ref": ref})
    return links


def _rerank(evaluation: Evaluation) -> None:
    scores = list(evaluation.scores.all())
    ranked = scoring.ranks({str(s.pk): s.total or 0.0 for s in scores})
    for score in scores:
        score.rank = ranked[str(score.pk)]
    Score.objects.bulk_update(scores, ["rank"])


def score_record(
    *,
    acting_user: User | None,
    evaluation: Evaluation,
    threat: Threat,
    values: Mapping[str, object],
    justifications: Mapping[str, str],
    evidence: Sequence[Mapping[str, str]] = (),
    arguments_for: Sequence[str] = (),
    arguments_against: Sequence[str] = (),
) -> Score:
    """Score one threat of the round on every dimension of its template, each with a
    justification, and rank the round again. Scoring a threat again replaces its score."""
    if acting_user is not None:
        require_role(user=acting_user, roles=SCORERS)
    if evaluation.template is None:
        raise ValidationError({"evaluation": f"{evaluation.id} was not opened on a template."})
    structure = template_structure(evaluation.template)
    if (
        evaluation.assessment is None
        or not evaluation.assessment.threats.filter(pk=threat.pk).exists()
    ):
        raise ValidationError(
            {"threat": f"{threat.name} ({threat.id}) is not in the round's assessment."}
        )
    checked = scoring.values_check(structure, values)
    missing = {
        f"justifications.{d.code}": f"Say why {d.name} is scored so."
        for d in structure.dimensions
        if not (justifications.get(d.code) or "").strip()
    }
    if missing:
        raise ValidationError(missing)
    total = scoring.total(structure, checked)
    links = _evidence(acting_user=acting_user, raw=evidence)
    with transaction.atomic():
        score = Score.objects.filter(evaluation=evaluation, threat=threat).first() or Score(
            evaluation=evaluation, threat=threat
        )
        score.dimensions = checked
        score.justifications = {
            d.code: justifications[d.code].strip() for d in structure.dimensions
        }
        score.evidence = links
        score.total = round(total, 6)
        score.arguments_for = _arguments(arguments_for, "arguments_for")
        score.arguments_against = _arguments(arguments_against, "arguments_against")
        score.full_clean(exclude=["rank"])
        score.save()
        _rerank(evaluation)
        audit_record(
            actor=acting_user,
            action="score",
            record_type="evaluation",
            record_id=evaluation.id,
            detail={"threat": threat.id, "total": score.total, "dimensions": checked},
        )
    score.refresh_from_db(fields=["rank"])
    return score


def _reason(text: str) -> str:
    return " ".join((text or "").split())


def recommendation_record(
    *,
    acting_user: User | None,
    evaluation: Evaluation,
    meeting: Meeting,
    recommendations: Mapping[str, str],
    reasons: Mapping[str, str],
) -> Evaluation:
    """Record a national strategic intelligence group's recommendation for every threat the
    round scored (priority, national threat or monitor), each with its reason.

    The meeting becomes the round's: the decision that follows is recorded
    as recommended by it. Recording again replaces the recommendations.
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=DECIDERS)
    errors: dict[str, str] = {}
    if meeting.series.kind != SeriesKind.NSIG:
        errors["meeting"] = (
            f"{meeting.id} is a meeting of the {meeting.series.name}; a recommendation is "
            "recorded against a national strategic intelligence group."
        )
    elif meeting.status == MeetingStatus.CANCELLED:
        errors["meeting"] = f"{meeting.id} was cancelled; it recommended nothing."
    scores = list(evaluation.scores.select_related("threat"))
    if not scores:
        errors["recommendations"] = "The round has no scores to recommend on."
    scored = {score.threat_id for score in scores}
    for threat_id in sorted(set(recommendations) - scored):
        errors[f"recommendations.{threat_id}"] = f"{threat_id} is not scored in this round."
    for score in scores:
        chosen = recommendations.get(score.threat_id, "")
        if chosen not in Recommendation.values:
            errors[f"recommendations.{score.threat_id}"] = (
                f"Choose a recommendation for {score.threat.name}: "
                f"{', '.join(label for _, label in Recommendation.choices)}."
            )
        if not _reason(reasons.get(score.threat_id, "")):
            errors[f"reasons.{score.threat_id}"] = f"Give the reason for {score.threat.name}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for score in scores:
            score.recommendation = recommendations[score.threat_id]
            score.recommendation_reason = _reason(reasons[score.threat_id])
            score.full_clean()
        Score.objects.bulk_update(scores, ["recommendation", "recommendation_reason"])
        evaluation.meeting = meeting
        evaluation.full_clean()
        evaluation.save(update_fields=["meeting"])
        audit_record(
            actor=acting_user,
            action="recommend",
            record_type="evaluation",
            record_id=evaluation.id,
            detail={
                "meeting": meeting.id,
                "recommendations": {s.threat_id: s.recommendation for s in scores},
            },
        )
    return evaluation


def _departures_needed(*, kind: str, adopted: set[str], recommended: set[str]) -> set[str]:
    """The threats on which a decision of ``kind`` adopting ``adopted`` departs from an NSIG
    that recommended ``recommended`` as national priority threats.

    Adopting priorities departs on every threat adopted but not recommended
    and every one recommended but not adopted; making a threat recommended as
    a priority a priority for collection only departs on that threat.
    """
    if kind == DecisionKind.ADOPT_PRIORITY_THREATS:
        return adopted ^ recommended
    return adopted & recommended


def decision_record(
    *,
    acting_user: User | None,
    evaluation: Evaluation,
    meeting: Meeting,
    kind: str,
    threat_ids: Sequence[str],
    rationale: str,
    departures: Mapping[str, str],
) -> Decision:
    """Record the national strategic tasking and coordination group's decision on a round:
    national priority threats adopted, or priorities for intelligence collection only.

    Every threat must be in the round's assessment; each departure from the
    NSIG's recommendation needs its reason (``departures.<threat id>``).
    """
    if acting_user is not None:
        require_role(user=acting_user, roles=DECIDERS)
    errors: dict[str, str] = {}
    if meeting.series.kind != SeriesKind.NSTCG:
        errors["meeting"] = (
            f"{meeting.id} is a meeting of the {meeting.series.name}; the decision is the "
            "national strategic tasking and coordination group's."
        )
    if kind not in DECISION_KINDS:
        errors["kind"] = (
            "Choose 'adopt_priority_threats' (national priority threats adopted) or "
            "'collection_priority' (priority for intelligence collection only)."
        )
    if evaluation.meeting is None:
        errors["evaluation"] = (
            f"No NSIG recommendation is recorded for {evaluation.id}; record it first."
        )
    adopted = set(threat_ids)
    covered = (
        set(evaluation.assessment.threats.values_list("pk", flat=True))
        if evaluation.assessment is not None
        else set()
    )
    outside = sorted(adopted - covered)
    if outside:
        errors["threats"] = (
            f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not in the "
            f"assessment {evaluation.assessment_id}; only its threats can be decided on."
        )
    elif not adopted:
        errors["threats"] = "Choose at least one threat."
    if not _reason(rationale):
        errors["rationale"] = "Give the rationale for the decision."
    recommended = {
        score.threat_id
        for score in evaluation.scores.all()
        if score.recommendation == Recommendation.PRIORITY
    }
    needed = (
        _departures_needed(kind=kind, adopted=adopted, recommended=recommended)
        if kind in DECISION_KINDS
        else set()
    )
    for threat_id in sorted(needed):
        if not _reason(departures.get(threat_id, "")):
            errors[f"departures.{threat_id}"] = (
                f"The decision departs from the recommendation on {threat_id}; give the reason."
            )
    if errors:
        raise ValidationError(errors)
    threats = list(Threat.objects.filter(pk__in=adopted).order_by("name"))
    with transaction.atomic():
        number = meeting.decisions.count() + 1
        while Decision.objects.filter(pk=f"{meeting.id}.d{number}").exists():
            number += 1
        names = ", ".join(threat.name for threat in threats)
        decision = Decision(
            id=f"{meeting.id}.d{number}",
            meeting=meeting,
            kind=kind,
            text=f"{DecisionKind(kind).label}: {names}.",
            rationale=_reason(rationale),
            evaluation=evaluation,
            recommended_by=evaluation.meeting,
            departures={threat_id: _reason(departures[threat_id]) for threat_id in sorted(needed)},
        )
        decision.full_clean()
        decision.save()
        decision.threats.set(threats)
        audit_record(
            actor=acting_user,
            action="decide",
            record_type="decision",
            record_id=decision.id,
            detail={
                "kind": kind,
                "evaluation": evaluation.id,
                "threats": sorted(adopted),
                "departures": sorted(needed),
            },
        )
    return decision
