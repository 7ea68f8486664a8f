"""Pages of the submission timetable: requirements and their rows, compliance, escalation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from soctasking.accounts.gate import has_role
from soctasking.accounts.reauthentication import reauthentication_required
from soctasking.assurance.selectors import picture_as_of
from soctasking.bodies.models import Body
from soctasking.intelligence.compliance import RowStatus
from soctasking.intelligence.models import Requirement, TimetableRow
from soctasking.timetable.forms import (
    ComplianceFilterForm,
    EscalationForm,
    ImportForm,
    RequirementForm,
    RowForm,
    RuleForm,
)
from soctasking.timetable.recurrence import Every, RecurringRule
from soctasking.timetable.selectors import (
    acknowledgement_of,
    acknowledgements_of,
    compliance_by_body,
    compliance_history,
    compliance_totals,
    escalations_of,
    requirement_default,
    requirement_get,
    requirements_list,
    rows_of,
    sees_everything,
)
from soctasking.timetable.services import (
    ESCALATING_ROLES,
    MANAGING_ROLES,
    RowIn,
    RowsSaved,
    gap_escalate,
    requirement_acknowledge,
    requirement_create,
    timetable_row_delete,
    timetable_rows_generate,
    timetable_rows_import_csv,
    timetable_rows_save,
)
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user

MAX_CSV_BYTES = 5 * 1024**2
STATUS_TAGS = {
    RowStatus.ON_TIME: ("On time", "govuk-tag--green"),
    RowStatus.LATE: ("Late", "govuk-tag--yellow"),
    RowStatus.MISSING: ("Missing", "govuk-tag--red"),
    RowStatus.DUE: ("Due", "govuk-tag--blue"),
}


def _service_errors(form: Form, error: ValidationError) -> None:
    """A service's errors on the form: on their field where it has one, else above the form."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _requirement_or_404(requirement_id: str) -> Requirement:
    requirement = requirement_get(id=requirement_id)
    if requirement is None:
        raise Http404("No requirement has this reference.")
    return requirement


def _saved_message(saved: RowsSaved) -> str:
    parts = [f"{len(saved.created)} row{'s' if len(saved.created) != 1 else ''} added"]
    if saved.updated:
        parts.append(f"{len(saved.updated)} changed")
    if saved.unchanged:
        parts.append(f"{len(saved.unchanged)} already there")
    return ", ".join(parts) + "."


@login_required
def requirement_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "timetable/requirements.html",
        {
            "pagination": paginate(request, requirements_list()),
            "current": requirement_default(as_of=picture_as_of()),
            "may_manage": has_role(user=user, roles=MANAGING_ROLES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirement_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not has_role(user=user, roles=MANAGING_ROLES):
        raise Http404("Only analysts and administrators issue requirements.")
    form = RequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            requirement = requirement_create(
                acting_user=user,
                id=form.cleaned_data["id"].strip(),
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                issued=form.cleaned_data["issued"],
                threats=form.threats(),
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Requirement {requirement.pk} issued. Now add its rows.")
            return redirect("timetable:requirement", requirement_id=requirement.pk)
    return render(request, "timetable/requirement_new.html", {"form": form})


@login_required
def requirement_detail(request: HttpRequest, requirement_id: str) -> HttpResponse:
    user = signed_in_user(request)
    requirement = _requirement_or_404(requirement_id)
    body_filter = request.GET.get("body", "")
    product_filter = request.GET.get("product", "")
    rows = rows_of(requirement=requirement, body=body_filter, product=product_filter)
    own_rows = (
        user.body_id is not None and rows_of(requirement=requirement, body=user.body_id).exists()
    )
    return render(
        request,
        "timetable/requirement.html",
        {
            "requirement": requirement,
            "pagination": paginate(request, rows),
            "body_filter": body_filter,
            "product_filter": product_filter,
            "body_options": Body.objects.filter(timetable_rows__requirement=requirement)
            .distinct()
            .order_by("name"),
            "product_options": TimetableRow._meta.get_field("product").choices,
            "may_manage": has_role(user=user, roles=MANAGING_ROLES),
            "own_rows": own_rows,
            "own_acknowledgement": acknowledgement_of(
                requirement=requirement, body_id=user.body_id
            ),
            "acknowledgements": acknowledgements_of(requirement=requirement),
            "row_form": RowForm(prefix="row"),
        },
    )


@login_required
@require_POST
def row_add(request: HttpRequest, requirement_id: str) -> HttpResponse:
    user = signed_in_user(request)
    if not has_role(user=user, roles=MANAGING_ROLES):
        raise PermissionDenied("Only analysts and administrators keep the timetable.")
    requirement = _requirement_or_404(requirement_id)
    form = RowForm(request.POST, prefix="row")
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = timetable_rows_save(
                acting_user=user,
                requirement_id=requirement.pk,
                rows=[
                    RowIn(
                        body=data["body"].pk,
                        product=data["product"],
                        due=data["due"],
                        window_start=data["window_start"],
                        deliver_to=data["deliver_to"].pk,
                    )
                ],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _saved_message(saved))
            return redirect("timetable:requirement", requirement_id=requirement.pk)
    return render(
        request, "timetable/row_new.html", {"requirement": requirement, "form": form}, status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def rows_generate(request: HttpRequest, requirement_id: str) -> HttpResponse:
    user = signed_in_user(request)
    requirement = _requirement_or_404(requirement_id)
    if not has_role(user=user, roles=MANAGING_ROLES):
        raise Http404("Only analysts and administrators keep the timetable.")
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rule = RecurringRule(
            product=data["product"],
            every=Every(data["every"]),
            days_after=data["days_after"],
            deliver_to=data["deliver_to"].pk,
            body_kinds=tuple(data["body_kinds"]),
            bodies=tuple(body.pk for body in data["bodies"]),
        )
        try:
            saved = timetable_rows_generate(
                acting_user=user, requirement_id=requirement.pk, rule=rule
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _saved_message(saved))
            return redirect("timetable:requirement", requirement_id=requirement.pk)
    return render(request, "timetable/generate.html", {"requirement": requirement, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def rows_import(request: HttpRequest, requirement_id: str) -> HttpResponse:
    user = signed_in_user(request)
    requirement = _requirement_or_404(requirement_id)
    if not has_role(user=user, roles=MANAGING_ROLES):
        raise Http404("Only analysts and administrators keep the timetable.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(MAX_CSV_BYTES + 1)
        try:
            if len(raw) > MAX_CSV_BYTES:
                raise ValidationError({"file": f"The file is larger than {MAX_CSV_BYTES} bytes."})
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as undecodable:
                raise ValidationError({"file": "The file is not UTF-8 text."}) from undecodable
            saved = timetable_rows_import_csv(
                acting_user=user, requirement_id=requirement.pk, text=text
            )
        except ValidationError as error:
            problems = [
                (where, message)
                for where, listed in error.message_dict.items()
                for message in listed
            ]
        else:
            messages.success(request, _saved_message(saved))
            return redirect("timetable:requirement", requirement_id=requirement.pk)
    return render(
        request,
        "timetable/import.html",
        {"requirement": requirement, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


@login_required
@require_POST
def row_delete(request: HttpRequest, row_id: str) -> HttpResponse:
    user = signed_in_user(request)
    row = get_object_or_404(TimetableRow, pk=row_id)
    try:
        timetable_row_delete(acting_user=user, row_id=row.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Row {row_id} removed.")
    return redirect("timetable:requirement", requirement_id=row.requirement_id)


@login_required
@require_POST
def acknowledge(request: HttpRequest, requirement_id: str) -> HttpResponse:
    user = signed_in_user(request)
    requirement = _requirement_or_404(requirement_id)
    try:
        acknowledgement = requirement_acknowledge(acting_user=user, requirement_id=requirement.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{acknowledgement.body.name} acknowledged {requirement.pk} "
            f"on {acknowledgement.date:%-d %B %Y}.",
        )
    return redirect("timetable:requirement", requirement_id=requirement.pk)


def _as_of(form: ComplianceFilterForm) -> date:
    """The date asked for; else the date the picture describes, as the findings use."""
    return picture_as_of(explicit=form.cleaned_data.get("as_of") if form.is_valid() else None)


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    """Every body's rows in a requirement as on time, late, missing or due."""
    user = signed_in_user(request)
    requirements = list(requirements_list().values_list("pk", flat=True))
    form = ComplianceFilterForm(request.GET or None, requirements=[(r, r) for r in requirements])
    as_of = _as_of(form)
    chosen = form.cleaned_data.get("requirement") if form.is_valid() else ""
    requirement = requirement_get(id=chosen) if chosen else requirement_default(as_of=as_of)
    context: dict[str, Any] = {
        "form": form,
        "as_of": as_of,
        "requirement": requirement,
        "caveat": not sees_everything(user=user),
        "may_escalate": has_role(user=user, roles=ESCALATING_ROLES),
        "status_tags": STATUS_TAGS,
    }
    if requirement is not None:
        entries = compliance_by_body(
            user=user,
            requirement=requirement,
            as_of=as_of,
            body=form.cleaned_data.get("body", "") if form.is_valid() else "",
            status=form.cleaned_data.get("status", "") if form.is_valid() else "",
        )
        context["totals"] = compliance_totals(entries)
        context["pagination"] = paginate(request, entries)
    return render(request, "timetable/compliance.html", context)


@login_required
def body_compliance(request: HttpRequest, body_id: str) -> HttpResponse:
    """One body's rows in every requirement: its record over time."""
    user = signed_in_user(request)
    body = get_object_or_404(Body, pk=body_id)
    as_of = picture_as_of()
    history = compliance_history(user=user, body=body, as_of=as_of)
    current = requirement_default(as_of=as_of)
    return render(
        request,
        "timetable/body_compliance.html",
        {
            "body": body,
            "history": history,
            "as_of": as_of,
            "current": current,
            "caveat": not sees_everything(user=user),
            "status_tags": STATUS_TAGS,
            "may_escalate": has_role(user=user, roles=ESCALATING_ROLES),
            "escalations": escalations_of().filter(body=body)[:20],
            "escalation_form": EscalationForm(
                initial={"requirement": current.pk if current else ""}
            ),
        },
    )


@login_required
@require_POST
@reauthentication_required
def escalate(request: HttpRequest, body_id: str) -> HttpResponse:
    user = signed_in_user(request)
    if not has_role(user=user, roles=ESCALATING_ROLES):
        raise PermissionDenied("Your role does not allow escalating a gap.")
    body = get_object_or_404(Body, pk=body_id)
    form = EscalationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say which requirement the gap is in.")
        return redirect("timetable:body_compliance", body_id=body.pk)
    try:
        escalation = gap_escalate(
            acting_user=user,
            requirement_id=form.cleaned_data["requirement"],
            body_id=body.pk,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        where = (
            f"the NTIG meeting on {escalation.meeting.date:%-d %B %Y}"
            if escalation.meeting is not None
            else "the next NTIG meeting, once one is scheduled"
        )
        messages.success(
            request,
            f"{body.name}'s {escalation.rows.count()} missing row"
            f"{'s' if escalation.rows.count() != 1 else ''} put on the agenda of {where}.",
        )
    back = request.POST.get("next", "")
    if back.startswith(reverse("timetable:compliance")):
        return redirect(back)
    return redirect("timetable:body_compliance", body_id=body.pk)
