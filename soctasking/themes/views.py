"""Page views of the themes app: the ranking with its heatmap, one theme, and acting on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from soctasking.accounts.gate import can_administer, has_role
from soctasking.assurance.selectors import picture_as_of
from soctasking.audit.services import audit_sensitive_reads
from soctasking.themes.forms import AliasMergeForm, ThemeDecisionForm
from soctasking.themes.presentation import heat_rows, trend_bars
from soctasking.themes.selectors import (
    cooccurrence,
    strategic_draft_latest,
    theme_evidence,
    theme_hidden_from,
    theme_key_from_slug,
    theme_slug,
    theme_summaries,
    untagged_signals,
)
from soctasking.themes.services import (
    ACTING_ROLES,
    ThemeNotFoundError,
    theme_add_as_keyword,
    theme_add_as_threat,
    theme_alias_merge,
    theme_dismiss,
)
from soctasking.web.shortcuts import signed_in_user

RANKED = 50
HEATMAP_THEMES = 12


@login_required
def theme_list(request: HttpRequest) -> HttpResponse:
    """The themes the user may see, ranked by breadth and growth, with the threats they cross."""
    user = signed_in_user(request)
    as_of = picture_as_of()
    summaries = theme_summaries(user=user, as_of=as_of)
    emerging = [s for s in summaries if s.covered_by is None]
    shown = emerging[:RANKED]
    heat_keys = [s.key for s in shown[:HEATMAP_THEMES]]
    threats, cells = cooccurrence(user=user, as_of=as_of, keys=heat_keys)
    untagged = untagged_signals(user=user)
    audit_sensitive_reads(
        actor=user,
        action="list",
        record_type="submission",
        records=[
            (row["submission_id"], row["submission__classification"]) for row in untagged.strongest
        ],
    )
    context = {
        "untagged": untagged,
        "as_of": as_of,
        "emerging": shown,
        "emerging_total": len(emerging),
        "covered": [s for s in summaries if s.covered_by is not None][:RANKED],
        "heat_threats": threats,
        "heat_rows": heat_rows(shown[:HEATMAP_THEMES], threats, cells),
    }
    return render(request, "themes/list.html", context)


def _evidence_or_404(request: HttpRequest, slug: str) -> tuple[Any, Any]:
    user = signed_in_user(request)
    as_of = picture_as_of()
    evidence = theme_evidence(user=user, key=theme_key_from_slug(slug), as_of=as_of)
    if evidence is None:
        raise Http404("No theme with this name is known to you.")
    return evidence, as_of


@login_required
def theme_detail(
    request: HttpRequest,
    slug: str,
    decision_form: ThemeDecisionForm | None = None,
    merge_form: AliasMergeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """One theme's evidence, and for analysts the form to act on it."""
    user = signed_in_user(request)
    evidence, as_of = _evidence_or_404(request, slug)
    key = evidence.summary.key
    may_act = has_role(user=user, roles=ACTING_ROLES) and not theme_hidden_from(
        user=user, key=key, as_of=as_of
    )
    audit_sensitive_reads(
        actor=user,
        action="list",
        record_type="submission",
        records=[(row["id"], row["classification"]) for row in evidence.submissions],
    )
    context = {
        "evidence": evidence,
        "summary": evidence.summary,
        "as_of": as_of,
        "trend": trend_bars(evidence.months),
        "may_act": may_act,
        "may_merge": can_administer(user=user),
        "draft": strategic_draft_latest(),
        "decision_form": decision_form or ThemeDecisionForm(),
        "merge_form": merge_form or AliasMergeForm(),
    }
    return render(request, "themes/detail.html", context, status=status)


def _field_errors(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


@login_required
@require_POST
def theme_decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Add the theme to the draft assessment, as a threat or a keyword, or dismiss it."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=ACTING_ROLES):
        raise PermissionDenied("Only analysts act on themes.")
    evidence, as_of = _evidence_or_404(request, slug)
    form = ThemeDecisionForm(request.POST)
    if not form.is_valid():
        return theme_detail(request, slug, decision_form=form, status=400)
    data = form.cleaned_data
    key = evidence.summary.key
    try:
        if data["action"] == "new_threat":
            decision = theme_add_as_threat(
                acting_user=user, key=key, reason=data["reason"], as_of=as_of, name=data["name"]
            )
        elif data["action"] == "keyword":
            decision = theme_add_as_keyword(
                acting_user=user,
                key=key,
                threat_id=data["threat"],
                reason=data["reason"],
                as_of=as_of,
            )
        else:
            decision = theme_dismiss(acting_user=user, key=key, reason=data["reason"], as_of=as_of)
    except ThemeNotFoundError:
        raise Http404("No theme with this name is known to you.") from None
    except ValidationError as error:
        _field_errors(form, error)
        return theme_detail(request, slug, decision_form=form, status=400)
    messages.success(request, f"Recorded: {decision.get_kind_display().lower()}.")
    return redirect(reverse("themes:detail", args=[theme_slug(key)]))


@login_required
@require_POST
def theme_merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Merge another spelling into this theme (administrators)."""
    user = signed_in_user(request)
    if not can_administer(user=user):
        raise PermissionDenied("Only administrators merge themes.")
    evidence, _ = _evidence_or_404(request, slug)
    form = AliasMergeForm(request.POST)
    if not form.is_valid():
        return theme_detail(request, slug, merge_form=form, status=400)
    try:
        theme_alias_merge(
            acting_user=user, alias=form.cleaned_data["alias"], into=evidence.summary.key
        )
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                form.add_error("alias", problem)
        return theme_detail(request, slug, merge_form=form, status=400)
    messages.success(request, f"Merged '{form.cleaned_data['alias']}' into this theme.")
    return redirect(reverse("themes:detail", args=[slug]))
