"""Page views of the control strategy: the versions, generating a draft, editing its entries
with the quality-assurance panel beside them, approving it, a new version, the history, the
comparison of two versions, and the published document as a page and a PDF.

Writes go through ``governance.strategy.services``; an entry saved from the
draft page through htmx answers with the entry's card and the
``strategy-changed`` event, on which the quality-assurance panel fetches
itself again. Without JavaScript the same forms post and redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from soctasking.accounts.gate import has_role, require_role
from soctasking.assurance.selectors import picture_as_of
from soctasking.governance.models import ControlStrategy, StrategyStatus
from soctasking.governance.selectors import control_strategy_get
from soctasking.governance.strategy.forms import (
    ApprovalForm,
    CompareForm,
    EntryAddForm,
    EntryForm,
    EntryRemoveForm,
)
from soctasking.governance.strategy.publication import strategy_document, strategy_pdf
from soctasking.governance.strategy.selectors import (
    control_strategy_in_force,
    control_strategy_versions,
    strategies_compare,
    strategy_entry_changes,
    strategy_entry_get,
    strategy_findings,
)
from soctasking.governance.strategy.services import (
    APPROVING_ROLES,
    DRAFTING_ROLES,
    EntryAnswers,
    StrategyNotDraftError,
    control_strategy_approve,
    control_strategy_entry_add,
    control_strategy_entry_edit,
    control_strategy_entry_remove,
    control_strategy_generate,
    control_strategy_new_version,
)
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user

CHANGED_EVENT = "strategy-changed"


def _strategy_or_404(strategy_id: str) -> ControlStrategy:
    strategy = control_strategy_get(strategy_id=strategy_id)
    if strategy is None:
        raise Http404("No control strategy has this id.")
    return strategy


def _errors_onto(form: Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _entry_form(entry: Any, data: Any = None) -> EntryForm:
    initial = {
        "level": entry.level,
        "response_intelligence": entry.response_intelligence,
        "response_prevention": entry.response_prevention,
        "response_enforcement": entry.response_enforcement,
    }
    return EntryForm(data, initial=initial, prefix=entry.threat_id)


@login_required
@require_GET
def strategy_list(request: HttpRequest) -> HttpResponse:
    """Every version of the control strategy, newest first, a page at a time."""
    user = signed_in_user(request)
    context = {
        "pagination": paginate(request, control_strategy_versions()),
        "in_force": control_strategy_in_force(),
        "may_draft": has_role(user=user, roles=DRAFTING_ROLES),
        "as_of": picture_as_of(),
    }
    return render(request, "governance/strategy/list.html", context)


@login_required
@require_POST
def strategy_generate(request: HttpRequest) -> HttpResponse:
    """Generate a draft from the approved national strategic assessment and the priorities."""
    user = signed_in_user(request)
    require_role(user=user, roles=DRAFTING_ROLES)
    try:
        strategy = control_strategy_generate(acting_user=user, as_of=picture_as_of())
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect(reverse("governance:control_strategies"))
    count = strategy.entries.count()
    messages.success(request, f"Draft {strategy.id} generated with {count} entries.")
    return redirect(reverse("governance:control_strategy_draft", args=[strategy.id]))


def _draft_page(
    request: HttpRequest,
    strategy: ControlStrategy,
    *,
    failed: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The drafting page; ``failed`` is the form (by threat id, or "add") that was refused."""
    as_of = picture_as_of()
    cards = []
    for entry in strategy.entries.all():
        form: Form = _entry_form(entry)
        if failed is not None and failed[0] == entry.threat_id:
            form = failed[1]
        remove_form: Form = EntryRemoveForm(prefix=f"remove-{entry.threat_id}")
        if failed is not None and failed[0] == f"remove-{entry.threat_id}":
            remove_form = failed[1]
        cards.append({"entry": entry, "form": form, "remove_form": remove_form})
    add_form = failed[1] if failed is not None and failed[0] == "add" else None
    context = {
        "strategy": strategy,
        "cards": cards,
        "add_form": add_form or EntryAddForm(strategy=strategy, prefix="add"),
        "failed_form": failed[1] if failed is not None else None,
        "findings": strategy_findings(strategy=strategy, as_of=as_of),
        "as_of": as_of,
    }
    return render(request, "governance/strategy/draft.html", context, status=status)


@login_required
@require_GET
def strategy_draft(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """The draft's entries, each editable with a reason, beside the quality-assurance panel."""
    user = signed_in_user(request)
    require_role(user=user, roles=DRAFTING_ROLES)
    strategy = _strategy_or_404(strategy_id)
    if strategy.status != StrategyStatus.DRAFT:
        messages.info(request, f"Control strategy {strategy.id} is no longer a draft.")
        return redirect(reverse("governance:control_strategy", args=[strategy.id]))
    return _draft_page(request, strategy)


@login_required
@require_GET
def strategy_quality(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """The quality-assurance panel alone, as htmx fetches it after each edit."""
    strategy = _strategy_or_404(strategy_id)
    as_of = picture_as_of()
    context = {
        "strategy": strategy,
        "findings": strategy_findings(strategy=strategy, as_of=as_of),
        "as_of": as_of,
    }
    return render(request, "governance/strategy/_quality.html", context)


@login_required
@require_POST
def strategy_entry_edit(request: HttpRequest, strategy_id: str, threat_id: str) -> HttpResponse:
    """Save an entry's level and responses with the reason; htmx gets the card back."""
    user = signed_in_user(request)
    require_role(user=user, roles=DRAFTING_ROLES)
    strategy = _strategy_or_404(strategy_id)
    entry = strategy_entry_get(strategy=strategy, threat_id=threat_id)
    if entry is None:
        raise Http404("This control strategy has no entry for this threat.")
    form = _entry_form(entry, request.POST)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = control_strategy_entry_edit(
                acting_user=user,
                strategy_id=strategy.id,
                threat_id=threat_id,
                answers=EntryAnswers(
                    level=data["level"],
                    response_intelligence=data["response_intelligence"],
                    response_prevention=data["response_prevention"],
                    response_enforcement=data["response_enforcement"],
                ),
                reason=data["reason"],
            )
            saved = True
        except StrategyNotDraftError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _errors_onto(form, error)
    if _is_htmx(request):
        # htmx swaps only 2xx answers: a refused edit comes back as the card
        # showing its errors, with a 200.
        card = {
            "entry": entry,
            "form": _entry_form(entry) if saved else form,
            "remove_form": EntryRemoveForm(prefix=f"remove-{entry.threat_id}"),
        }
        response = render(
            request,
            "governance/strategy/_entry_card.html",
            {"strategy": strategy, "card": card, "saved": saved, "inline_summary": True},
        )
        if saved:
            response["HX-Trigger"] = CHANGED_EVENT
        return response
    if not saved:
        return _draft_page(request, strategy, failed=(threat_id, form), status=400)
    messages.success(request, f"Saved the entry for {entry.threat.name}.")
    return redirect(reverse("governance:control_strategy_draft", args=[strategy.id]))


@login_required
@require_POST
def strategy_entry_add(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """Add an entry for a catalogued threat to the draft, with the reason."""
    user = signed_in_user(request)
    require_role(user=user, roles=DRAFTING_ROLES)
    strategy = _strategy_or_404(strategy_id)
    form = EntryAddForm(request.POST, strategy=strategy, prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = control_strategy_entry_add(
                acting_user=user,
                strategy_id=strategy.id,
                threat_id=data["threat"],
                answers=EntryAnswers(level=data["level"]),
                reason=data["reason"],
            )
        except StrategyNotDraftError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, f"Added {entry.threat.name} to the draft.")
            return redirect(reverse("governance:control_strategy_draft", args=[strategy.id]))
    return _draft_page(request, strategy, failed=("add", form), status=400)


@login_required
@require_POST
def strategy_entry_remove(request: HttpRequest, strategy_id: str, threat_id: str) -> HttpResponse:
    """Take an entry out of the draft, with the reason."""
    user = signed_in_user(request)
    require_role(user=user, roles=DRAFTING_ROLES)
    strategy = _strategy_or_404(strategy_id)
    entry = strategy_entry_get(strategy=strategy, threat_id=threat_id)
    if entry is None:
        raise Http404("This control strategy has no entry for this threat.")
    form = EntryRemoveForm(request.POST, prefix=f"remove-{threat_id}")
    if form.is_valid():
        try:
            control_strategy_entry_remove(
                acting_user=user,
                strategy_id=strategy.id,
                threat_id=threat_id,
                reason=form.cleaned_data["reason"],
            )
        except StrategyNotDraftError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, f"Removed {entry.threat.name} from the draft.")
            return redirect(reverse("governance:control_strategy_draft", args=[strategy.id]))
    return _draft_page(request, strategy, failed=(f"remove-{threat_id}", form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_approve(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """Record the NTTCG meeting's approval of the draft, with any override reason."""
    user = signed_in_user(request)
    require_role(user=user, roles=APPROVING_ROLES)
    strategy = _strategy_or_404(strategy_id)
    if strategy.status != StrategyStatus.DRAFT:
        messages.info(request, f"Control strategy {strategy.id} is no longer a draft.")
        return redirect(reverse("governance:control_strategy", args=[strategy.id]))
    as_of = picture_as_of()
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                control_strategy_approve(
                    acting_user=user,
                    strategy_id=strategy.id,
                    meeting_id=form.cleaned_data["meeting"],
                    as_of=as_of,
                    override_reason=form.cleaned_data["override_reason"],
                )
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                messages.success(request, f"Control strategy {strategy.id} is approved, in force.")
                return redirect(reverse("governance:control_strategy", args=[strategy.id]))
        status = 400
    context = {
        "strategy": strategy,
        "form": form,
        "findings": strategy_findings(strategy=strategy, as_of=as_of),
        "as_of": as_of,
    }
    return render(request, "governance/strategy/approve.html", context, status=status)


@login_required
@require_POST
def strategy_new_version(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """Start a new draft from an approved version."""
    user = signed_in_user(request)
    require_role(user=user, roles=DRAFTING_ROLES)
    strategy = _strategy_or_404(strategy_id)
    try:
        draft = control_strategy_new_version(acting_user=user, strategy_id=strategy.id)
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect(reverse("governance:control_strategy", args=[strategy.id]))
    messages.success(request, f"Draft {draft.id} started from {strategy.id}.")
    return redirect(reverse("governance:control_strategy_draft", args=[draft.id]))


@login_required
@require_GET
def strategy_history(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """Every change made to the strategy's entries, newest first, with its reason."""
    strategy = _strategy_or_404(strategy_id)
    context = {
        "strategy": strategy,
        "pagination": paginate(request, strategy_entry_changes(strategy=strategy)),
    }
    return render(request, "governance/strategy/history.html", context)


@login_required
@require_GET
def strategy_compare(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """What changed between an earlier version and this one: entries added and removed,
    levels changed, responses rewritten."""
    strategy = _strategy_or_404(strategy_id)
    earlier_versions = control_strategy_versions().filter(version__lt=strategy.version)
    default = strategy.derived_from_id or earlier_versions.values_list("pk", flat=True).first()
    data = request.GET if "earlier" in request.GET else ({"earlier": default} if default else None)
    form = CompareForm(data, exclude=strategy.id)
    comparison = None
    status = 200
    if data is not None:
        if form.is_valid():
            earlier = _strategy_or_404(form.cleaned_data["earlier"])
            comparison = strategies_compare(earlier=earlier, later=strategy)
        else:
            status = 400
    context = {"strategy": strategy, "form": form, "comparison": comparison}
    return render(request, "governance/strategy/compare.html", context, status=status)


@login_required
@require_GET
def strategy_published(request: HttpRequest) -> HttpResponse:
    """The control strategy in force, as a document."""
    in_force = control_strategy_in_force()
    if in_force is None:
        return render(request, "governance/strategy/none_in_force.html")
    return strategy_document_page(request, in_force.id)


@login_required
@require_GET
def strategy_document_page(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """One version of the strategy as a document: priorities first, then the other levels."""
    document = strategy_document(strategy_id=strategy_id)
    if document is None:
        raise Http404("No control strategy has this id.")
    context = {"document": document, "strategy": document.strategy}
    return render(request, "governance/strategy/document.html", context)


@login_required
@require_GET
def strategy_document_pdf(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """One version of the strategy as a PDF."""
    document = strategy_document(strategy_id=strategy_id)
    if document is None:
        raise Http404("No control strategy has this id.")
    response = HttpResponse(strategy_pdf(document=document), content_type="application/pdf")
    name = f"control-strategy-{document.strategy.id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
