"""Pages of operations: the register, one operation's record, recording, and the review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import User
from soctasking.assurance.metrics import metrics_compute
from soctasking.assurance.registry import Finding
from soctasking.assurance.selectors import findings_current, findings_visible_to, picture_as_of
from soctasking.lib.charts import Chart, columns
from soctasking.operations.forms import (
    ActivityForm,
    AuthorityForm,
    AuthorityUseForm,
    CloseForm,
    DisruptionForm,
    OperationForm,
    RegisterFilterForm,
)
from soctasking.operations.models import Operation
from soctasking.operations.selectors import covert_authority_get, operation_get, operations_list
from soctasking.operations.services import (
    OUTCOME_LABELS,
    RECORDING_ROLES,
    REVIEWING_ROLES,
    Outcomes,
    activity_record,
    covert_authority_grant,
    covert_authority_use_record,
    disruption_record,
    operation_open,
    operation_recordable_by,
    operations_close,
)
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user

REVIEW_CODES = ("OPS001", "OPS002", "OPS003")


def _service_errors(form: Form, error: ValidationError) -> None:
    """A service's errors on the form: on their field where it has one, else above the form."""
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _operation_or_404(operation_id: str) -> Operation:
    operation = operation_get(id=operation_id)
    if operation is None:
        raise Http404("No operation has this reference.")
    return operation


def share_chart(share: dict[str, Any]) -> Chart:
    """The ``priority_activity_share`` metric month by month, as columns of a chart."""
    monthly = share["monthly"]
    return columns(
        groups=[point["month"][2:] for point in monthly],
        values=[point["share"] for point in monthly],
        texts=[
            f"{point['on_priority']} of {point['open_operations']} open operations"
            for point in monthly
        ],
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    filters = RegisterFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    operations = operations_list(
        status=chosen.get("status", ""),
        body=chosen.get("body", ""),
        threat=chosen.get("threat", ""),
    )
    as_of = picture_as_of()
    metrics = metrics_compute(as_of=as_of, names=["priority_activity_share", "disruptions"])
    return render(
        request,
        "operations/register.html",
        {
            "filters": filters,
            "pagination": paginate(request, operations),
            "as_of": as_of,
            "share": metrics["priority_activity_share"],
            "disruptions": metrics["disruptions"],
            "outcome_labels": OUTCOME_LABELS,
            "may_record": has_role(user=user, roles=RECORDING_ROLES),
            "may_review": has_role(user=user, roles=REVIEWING_ROLES),
        },
    )


@dataclass
class _DetailForms:
    activity: ActivityForm = field(default_factory=ActivityForm)
    authority: AuthorityForm = field(default_factory=AuthorityForm)
    use: AuthorityUseForm = field(default_factory=AuthorityUseForm)
    use_for: str = ""


def _detail(
    request: HttpRequest, operation: Operation, forms: _DetailForms | None = None
) -> HttpResponse:
    user = signed_in_user(request)
    shown = forms or _DetailForms()
    failed = any(form.errors for form in (shown.activity, shown.authority, shown.use))
    return render(
        request,
        "operations/detail.html",
        {
            "operation": operation,
            "forms": shown,
            "outcome_labels": OUTCOME_LABELS,
            "may_record": operation_recordable_by(user=user, operation=operation),
        },
        status=422 if failed else 200,
    )


@login_required
def detail(request: HttpRequest, operation_id: str) -> HttpResponse:
    return _detail(request, _operation_or_404(operation_id))


def _recorder(request: HttpRequest, operation: Operation | None = None) -> User:
    """The user, if they may record (for ``operation``, when given: their body leads it)."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=RECORDING_ROLES):
        raise Http404("Only contributors, analysts and administrators record operations.")
    if operation is not None and not operation_recordable_by(user=user, operation=operation):
        raise Http404("Contributors record only for operations their own body leads.")
    return user


@login_required
@require_http_methods(["GET", "POST"])
def operation_new(request: HttpRequest) -> HttpResponse:
    user = _recorder(request)
    form = OperationForm(request.POST or None, initial={"body": user.body_id})
    if request.method == "POST" and form.is_valid():
        try:
            operation = operation_open(
                acting_user=user,
                id=form.cleaned_data["id"].strip(),
                name=form.cleaned_data["name"],
                body=form.cleaned_data["body"].pk,
                opened=form.cleaned_data["opened"],
                threats=[threat.pk for threat in form.cleaned_data["threats"]],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Operation {operation.name} recorded.")
            return redirect("operations:detail", operation_id=operation.pk)
    return render(request, "operations/new.html", {"form": form})


@login_required
@require_POST
def activity_add(request: HttpRequest, operation_id: str) -> HttpResponse:
    operation = _operation_or_404(operation_id)
    user = _recorder(request, operation)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            activity_record(acting_user=user, operation_id=operation.pk, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Activity recorded.")
            return redirect("operations:detail", operation_id=operation.pk)
    return _detail(request, operation, _DetailForms(activity=form))


@login_required
@require_POST
def authority_add(request: HttpRequest, operation_id: str) -> HttpResponse:
    operation = _operation_or_404(operation_id)
    user = _recorder(request, operation)
    form = AuthorityForm(request.POST)
    if form.is_valid():
        try:
            covert_authority_grant(acting_user=user, operation_id=operation.pk, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Covert authority recorded.")
            return redirect("operations:detail", operation_id=operation.pk)
    return _detail(request, operation, _DetailForms(authority=form))


@login_required
@require_POST
def authority_use(request: HttpRequest, authority_id: str) -> HttpResponse:
    authority = covert_authority_get(id=authority_id)
    if authority is None:
        raise Http404("No covert authority has this reference.")
    operation = _operation_or_404(authority.operation_id)
    user = _recorder(request, operation)
    form = AuthorityUseForm(request.POST)
    if form.is_valid():
        try:
            covert_authority_use_record(
                acting_user=user, authority_id=authority.pk, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Use of the authority recorded.")
            return redirect("operations:detail", operation_id=operation.pk)
    return _detail(request, operation, _DetailForms(use=form, use_for=authority.pk))


@login_required
@require_http_methods(["GET", "POST"])
def disruption_new(request: HttpRequest, operation_id: str) -> HttpResponse:
    operation = _operation_or_404(operation_id)
    user = _recorder(request, operation)
    form = DisruptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disruption_record(
                acting_user=user,
                operation_id=operation.pk,
                date=data["date"],
                level=data["level"],
                threats=[threat.pk for threat in data["threats"]],
                note=data["note"],
                outcomes=Outcomes(**{name: data[name] for name in OUTCOME_LABELS}),
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, "Disruption recorded.")
            return redirect("operations:detail", operation_id=operation.pk)
    return render(request, "operations/disruption_new.html", {"form": form, "operation": operation})


@dataclass(frozen=True)
class ReviewRow:
    """An operation the review checks found, with what each found."""

    operation: str
    name: str
    findings: list[Finding]


def _review_rows(user: User, as_of: date) -> list[ReviewRow]:
    findings = findings_visible_to(
        user=user, findings=findings_current(as_of=as_of, codes=REVIEW_CODES), as_of=as_of
    )
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.subject_id, []).append(finding)
    names = dict(operations_list().filter(pk__in=grouped).values_list("pk", "name"))
    return [
        ReviewRow(operation, names.get(operation, operation), listed)
        for operation, listed in sorted(grouped.items())
    ]


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """OPS001 to OPS003 for the review team, closing in bulk, and the priority share's trend."""
    user = signed_in_user(request)
    if not has_role(user=user, roles=REVIEWING_ROLES):
        raise Http404("Only the review team (analysts and administrators) reviews operations.")
    as_of = picture_as_of()
    rows = _review_rows(user, as_of)
    form = CloseForm(
        request.POST or None,
        choices=[row.operation for row in rows],
        initial={"closed_on": as_of},
    )
    if request.method == "POST" and form.is_valid():
        try:
            closed = operations_close(
                acting_user=user,
                operation_ids=form.cleaned_data["operations"],
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            count = len(closed)
            messages.success(request, f"{count} operation{'s' if count != 1 else ''} closed.")
            return redirect("operations:review")
    share = metrics_compute(as_of=as_of, names=["priority_activity_share"])[
        "priority_activity_share"
    ]
    return render(
        request,
        "operations/review.html",
        {
            "as_of": as_of,
            "rows": rows,
            "form": form,
            "share": share,
            "chart": share_chart(share),
        },
        status=422 if form.errors else 200,
    )
