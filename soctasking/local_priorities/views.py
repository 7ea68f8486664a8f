"""Pages of local priorities: the register, recording by form and CSV, and national adoption."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from soctasking.accounts.gate import has_role
from soctasking.assurance.metrics import metrics_compute
from soctasking.assurance.selectors import picture_as_of
from soctasking.lib.charts import Chart, Series, horizontal_bars
from soctasking.local_priorities.forms import (
    AdoptionForm,
    ImportForm,
    ListFilterForm,
    LocalPrioritiesForm,
)
from soctasking.local_priorities.selectors import (
    adoption_matrix,
    local_priorities_list,
    local_priority_get,
)
from soctasking.local_priorities.services import (
    RECORDING_ROLES,
    LocalPrioritiesIn,
    PriorityIn,
    local_priorities_import_csv,
    local_priorities_record,
)
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user

MAX_CSV_BYTES = 5 * 1024**2


def _service_errors(form: Form, error: ValidationError) -> None:
    """A service's errors on the form: on their field where it has one, else above the form."""
    for field, problems in error.message_dict.items():
        name = "threats" if field.startswith("priorities") else field
        form.add_error(name if name in form.fields else None, problems)


def _share(count: int, of: int) -> float | None:
    return count / of if of else None


def adoption_chart(adoption: dict[str, Any]) -> Chart:
    """The ``adoption`` metric as the inspection drew it: forces and ROCUs adopting each threat."""
    rows = adoption["by_threat"]
    forces, rocus = adoption["police_forces"], adoption["rocus"]
    return horizontal_bars(
        groups=[row["name"] for row in rows],
        series=[
            Series(
                name="Police forces",
                values=[_share(row["police_forces"], forces) for row in rows],
                texts=[f"{row['police_forces']} of {forces} police forces" for row in rows],
            ),
            Series(
                name="ROCUs",
                values=[_share(row["rocus"], rocus) for row in rows],
                texts=[f"{row['rocus']} of {rocus} ROCUs" for row in rows],
            ),
        ],
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    filters = ListFilterForm(request.GET or None)
    body = filters.cleaned_data["body"] if filters.is_valid() else ""
    return render(
        request,
        "local_priorities/register.html",
        {
            "filters": filters,
            "pagination": paginate(request, local_priorities_list(body=body)),
            "may_record": has_role(user=user, roles=RECORDING_ROLES),
        },
    )


@login_required
def detail(request: HttpRequest, local_priority_id: str) -> HttpResponse:
    record = local_priority_get(id=local_priority_id)
    if record is None:
        raise Http404("No local priorities have this id.")
    return render(request, "local_priorities/detail.html", {"record": record})


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not has_role(user=user, roles=RECORDING_ROLES):
        raise Http404("Only contributors, analysts and administrators record local priorities.")
    initial = {"body": user.body_id} if user.body_id else {}
    form = LocalPrioritiesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        priorities = [PriorityIn(threat=threat.pk) for threat in form.cleaned_data["threats"]]
        priorities += [PriorityIn(theme=theme) for theme in form.theme_lines()]
        try:
            record = local_priorities_record(
                acting_user=user,
                given=LocalPrioritiesIn(
                    body=form.cleaned_data["body"].pk,
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    source=form.cleaned_data["source"],
                    document=form.cleaned_data["document"],
                    priorities=tuple(priorities),
                ),
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, f"Local priorities recorded for {record.body}.")
            return redirect("local_priorities:detail", local_priority_id=record.pk)
    return render(request, "local_priorities/new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def record_import(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not has_role(user=user, roles=RECORDING_ROLES):
        raise Http404("Only contributors, analysts and administrators record local priorities.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read(MAX_CSV_BYTES + 1)
        try:
            if len(raw) > MAX_CSV_BYTES:
                raise ValidationError({"file": f"The file is larger than {MAX_CSV_BYTES} bytes."})
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as undecodable:
                raise ValidationError({"file": "The file is not UTF-8 text."}) from undecodable
            saved = local_priorities_import_csv(acting_user=user, text=text)
        except ValidationError as error:
            problems = [
                (where, message)
                for where, listed in error.message_dict.items()
                for message in listed
            ]
        else:
            count = len(saved)
            messages.success(
                request, f"Local priorities recorded for {count} bod{'ies' if count != 1 else 'y'}."
            )
            return redirect("local_priorities:register")
    return render(request, "local_priorities/import.html", {"form": form, "problems": problems})


@login_required
def adoption(request: HttpRequest) -> HttpResponse:
    """Each current national priority threat: who adopted it, and how much each body meets it."""
    user = signed_in_user(request)
    form = AdoptionForm(request.GET or None)
    explicit = form.cleaned_data["as_of"] if form.is_valid() else None
    as_of = picture_as_of(explicit=explicit)
    metrics = metrics_compute(as_of=as_of, names=["adoption", "timetable"])
    adopted = metrics["adoption"]
    return render(
        request,
        "local_priorities/adoption.html",
        {
            "form": form,
            "as_of": as_of,
            "adoption": adopted,
            "timetable": metrics["timetable"],
            "chart": adoption_chart(adopted),
            "matrix": adoption_matrix(
                user=user, as_of=as_of, threat_ids=adopted["priority_threats"]
            ),
        },
    )
