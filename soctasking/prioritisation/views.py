"""Page views of the prioritisation app: scoring templates; evaluation rounds with their
ranked table, movement and sensitivity, and the form analysts score a threat with; the
NSIG's recommendation, the NSTCG's decision and its record."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from soctasking.accounts.gate import has_role
from soctasking.prioritisation.forms import (
    DecisionForm,
    EvaluationForm,
    NewScoringTemplateForm,
    RecommendationForm,
    ScoreForm,
    ScoringTemplateForm,
)
from soctasking.prioritisation.models import Evaluation, Score, ScoringTemplate, TemplateStatus
from soctasking.prioritisation.selectors import (
    decision_get,
    evaluation_get,
    evaluation_round,
    round_decisions,
    scoring_template_get,
    scoring_template_versions,
    scoring_templates_list,
    template_structure,
)
from soctasking.prioritisation.services import (
    DECIDERS,
    SCORERS,
    TEMPLATE_KEEPERS,
    decision_record,
    evaluation_open,
    recommendation_record,
    score_record,
    scoring_template_create,
    scoring_template_revise,
    scoring_template_set_status,
)
from soctasking.threats.models import Threat
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


class TemplateFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *TemplateStatus.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


def _errors_onto(form: forms.Form, error: ValidationError, field_for: Any = None) -> None:
    """Put a service's errors beside the fields they name, the rest above the form.

    A key the form has no field for (``groups[0].dimensions[1].weight``) keeps
    its name in the message, so the reader knows where to look.
    """
    for key, problems in error.message_dict.items():
        target = field_for(key) if field_for else (key if key in form.fields else None)
        place = ""
        if target is None and key.startswith("groups") and "groups" in form.fields:
            target, place = "groups", f"{key}: "
        elif target is None and key != "__all__":
            place = f"{key}: "
        for problem in problems:
            form.add_error(target, place + problem)


def _template_or_404(template_id: str) -> ScoringTemplate:
    template = scoring_template_get(template_id=template_id)
    if template is None:
        raise Http404("No scoring template has this id.")
    return template


@login_required
@require_safe
def template_list(request: HttpRequest) -> HttpResponse:
    """Every version of every scoring template, filtered by status."""
    form = TemplateFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else None
    context = {
        "filter_form": form,
        "pagination": paginate(request, scoring_templates_list(status=status or None)),
        "may_keep": has_role(user=signed_in_user(request), roles=TEMPLATE_KEEPERS),
    }
    return render(request, "prioritisation/template_list.html", context)


@login_required
@require_safe
def template_detail(request: HttpRequest, template_id: str) -> HttpResponse:
    """One version: its groups, dimensions, levels and formula, and its other versions."""
    template = _template_or_404(template_id)
    context = {
        "template": template,
        "structure": template_structure(template),
        "versions": scoring_template_versions(template=template),
        "may_keep": has_role(user=signed_in_user(request), roles=TEMPLATE_KEEPERS),
    }
    return render(request, "prioritisation/template_detail.html", context)


def _template_answers(form: ScoringTemplateForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data["description"],
        "groups": data["groups"],
        "formula": data["formula"],
        "formula_explanation": data["formula_explanation"],
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_new(request: HttpRequest) -> HttpResponse:
    """Add a scoring template, as a draft (administrators)."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=TEMPLATE_KEEPERS):
        raise PermissionDenied("Only administrators keep scoring templates.")
    form = NewScoringTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = scoring_template_create(
                acting_user=user, id=form.cleaned_data["id"], **_template_answers(form)
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, f"Added {template} as a draft.")
            return redirect(reverse("prioritisation:template", args=[template.id]))
    status = 400 if form.errors else 200
    context = {"form": form, "template": None}
    return render(request, "prioritisation/template_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_revise(request: HttpRequest, template_id: str) -> HttpResponse:
    """Change a template: in place while an unused draft, else as its next version."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=TEMPLATE_KEEPERS):
        raise PermissionDenied("Only administrators keep scoring templates.")
    template = _template_or_404(template_id)
    initial = {
        "name": template.name,
        "description": template.description,
        "groups": json.dumps(template.groups, indent=2),
        "formula": template.formula,
        "formula_explanation": template.formula_explanation,
    }
    form = ScoringTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            revised = scoring_template_revise(
                acting_user=user, template=template, **_template_answers(form)
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, f"Saved {revised} as a draft.")
            return redirect(reverse("prioritisation:template", args=[revised.id]))
    status = 400 if form.errors else 200
    context = {"form": form, "template": template}
    return render(request, "prioritisation/template_form.html", context, status=status)


@login_required
@require_POST
def template_status(request: HttpRequest, template_id: str) -> HttpResponse:
    """Approve a template for rounds, or retire it (administrators)."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=TEMPLATE_KEEPERS):
        raise PermissionDenied("Only administrators keep scoring templates.")
    template = _template_or_404(template_id)
    try:
        changed = scoring_template_set_status(
            acting_user=user, template=template, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect(reverse("prioritisation:template", args=[template.id]))
    messages.success(request, f"{changed}: {changed.get_status_display().lower()}.")
    return redirect(reverse("prioritisation:template", args=[changed.id]))


def _evaluation_or_404(evaluation_id: str) -> Evaluation:
    evaluation = evaluation_get(evaluation_id=evaluation_id)
    if evaluation is None:
        raise Http404("No evaluation has this id.")
    return evaluation


@login_required
@require_safe
def round_detail(request: HttpRequest, evaluation_id: str) -> HttpResponse:
    """A round's ranked table, the movement since the last round, and its sensitivity."""
    user = signed_in_user(request)
    evaluation = _evaluation_or_404(evaluation_id)
    table = evaluation_round(user=user, evaluation=evaluation)
    context = {
        "evaluation": evaluation,
        "table": table,
        "decisions": round_decisions(evaluation=evaluation),
        "may_score": has_role(user=user, roles=SCORERS) and evaluation.template is not None,
        "may_decide": has_role(user=user, roles=DECIDERS),
    }
    return render(request, "prioritisation/round.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    """Open a round on an approved template (analysts)."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=SCORERS):
        raise PermissionDenied("Only analysts open evaluation rounds.")
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = evaluation_open(
                acting_user=user,
                id=data["id"],
                assessment=data["assessment"],
                template=data["template"],
                on=data["date"],
                priority_line=data["priority_line"],
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, f"Opened round {evaluation.id}.")
            return redirect(reverse("prioritisation:round", args=[evaluation.id]))
    status = 400 if form.errors else 200
    return render(request, "prioritisation/round_new.html", {"form": form}, status=status)


def _initial(score: Score | None) -> dict[str, Any]:
    if score is None:
        return {}
    initial: dict[str, Any] = {
        "evidence": "\n".join(f"{link['kind']}: {link['ref']}" for link in score.evidence),
        "arguments_for": "\n".join(score.arguments_for),
        "arguments_against": "\n".join(score.arguments_against),
    }
    for code, value in score.dimensions.items():
        initial[f"dimension_{code}"] = f"{float(value):g}"
    for code, text in score.justifications.items():
        initial[f"justification_{code}"] = text
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def score(request: HttpRequest, evaluation_id: str, threat_id: str) -> HttpResponse:
    """Score one threat of the round on every dimension, with justifications and evidence."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=SCORERS):
        raise PermissionDenied("Only analysts score evaluation rounds.")
    evaluation = _evaluation_or_404(evaluation_id)
    threat = Threat.objects.filter(pk=threat_id).first()
    if threat is None or evaluation.template is None:
        raise Http404("No threat of this round has this id.")
    structure = template_structure(evaluation.template)
    existing = evaluation.scores.filter(threat=threat).first()
    form = ScoreForm(request.POST or None, structure=structure, initial=_initial(existing))
    if request.method == "POST" and form.is_valid():
        try:
            score_record(
                acting_user=user,
                evaluation=evaluation,
                threat=threat,
                values=form.values(),
                justifications=form.justifications(),
                evidence=form.cleaned_data["evidence"],
                arguments_for=form.cleaned_data["arguments_for"],
                arguments_against=form.cleaned_data["arguments_against"],
            )
        except ValidationError as error:
            _errors_onto(form, error, field_for=ScoreForm.field_for)
        else:
            messages.success(request, f"Scored {threat.name}.")
            return redirect(reverse("prioritisation:round", args=[evaluation.id]))
    status = 400 if form.errors else 200
    context = {"form": form, "evaluation": evaluation, "threat": threat, "structure": structure}
    return render(request, "prioritisation/score.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recommend(request: HttpRequest, evaluation_id: str) -> HttpResponse:
    """Record the NSIG's recommendation, with its reason, for every threat of the round."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=DECIDERS):
        raise PermissionDenied("Only chairs and the secretariat record a group's outcome.")
    evaluation = _evaluation_or_404(evaluation_id)
    scores = list(evaluation.scores.select_related("threat").order_by("rank", "threat_id"))
    initial: dict[str, Any] = {"meeting": evaluation.meeting_id}
    for s in scores:
        initial[f"recommendation_{s.threat_id}"] = s.recommendation
        initial[f"reason_{s.threat_id}"] = s.recommendation_reason
    form = RecommendationForm(request.POST or None, scores=scores, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_record(
                acting_user=user,
                evaluation=evaluation,
                meeting=form.cleaned_data["meeting"],
                recommendations=form.answers("recommendation"),
                reasons=form.answers("reason"),
            )
        except ValidationError as error:
            _errors_onto(form, error, field_for=RecommendationForm.field_for)
        else:
            messages.success(request, "Recorded the NSIG's recommendation.")
            return redirect(reverse("prioritisation:round", args=[evaluation.id]))
    status = 400 if form.errors else 200
    context = {"form": form, "evaluation": evaluation}
    return render(request, "prioritisation/recommend.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decide(request: HttpRequest, evaluation_id: str) -> HttpResponse:
    """Record the NSTCG's typed decision on the round, with reasons for any departure."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=DECIDERS):
        raise PermissionDenied("Only chairs and the secretariat record a group's outcome.")
    evaluation = _evaluation_or_404(evaluation_id)
    threats = (
        list(evaluation.assessment.threats.order_by("name"))
        if evaluation.assessment is not None
        else []
    )
    form = DecisionForm(request.POST or None, threats=threats)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decision_record(
                acting_user=user,
                evaluation=evaluation,
                meeting=data["meeting"],
                kind=data["kind"],
                threat_ids=data["threats"],
                rationale=data["rationale"],
                departures=form.departures(),
            )
        except ValidationError as error:
            _errors_onto(form, error, field_for=DecisionForm.field_for)
        else:
            messages.success(request, f"Recorded: {decision.get_kind_display()}.")
            return redirect(reverse("prioritisation:decision", args=[decision.id]))
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "evaluation": evaluation,
        "recommendations": {s.threat_id: s for s in evaluation.scores.all()},
    }
    return render(request, "prioritisation/decide.html", context, status=status)


def _decision_context(request: HttpRequest, decision_id: str) -> dict[str, Any]:
    decision = decision_get(decision_id=decision_id)
    if decision is None or decision.evaluation is None:
        raise Http404("No decision on an evaluation round has this id.")
    table = evaluation_round(user=signed_in_user(request), evaluation=decision.evaluation)
    adopted = {threat.pk for threat in decision.threats.all()}
    return {
        "decision": decision,
        "evaluation": decision.evaluation,
        "table": table,
        "adopted": adopted,
        "departures": sorted(decision.departures.items()),
    }


@login_required
@require_safe
def decision_detail(request: HttpRequest, decision_id: str) -> HttpResponse:
    """The decision record: what was decided, on which ranking, arguments and reasons."""
    return render(request, "prioritisation/decision.html", _decision_context(request, decision_id))


@login_required
@require_safe
def decision_pdf(request: HttpRequest, decision_id: str) -> HttpResponse:
    """The decision record as a PDF, for the meeting's papers."""
    # Imported here: WeasyPrint loads its fonts and libraries on import, which no other page needs.
    from weasyprint import HTML

    html = render_to_string(
        "prioritisation/decision_print.html", _decision_context(request, decision_id), request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{decision_id}.pdf"'
    return response
