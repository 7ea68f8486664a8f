"""Page views of the governance app: the groups, one group, one action plan, one control
strategy with the quality-assurance findings about it; the forms that keep groups, plans,
actions and progress reports; and the assurance report for an NTTCG sitting, on the page
and as a PDF, with the chair's conclusion on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from soctasking.accounts.gate import has_role, require_role
from soctasking.assurance.selectors import findings_run, picture_as_of
from soctasking.governance.forms import (
    ActionPlanForm,
    AssuranceForm,
    GroupFilterForm,
    GroupForm,
    PlanActionForm,
    PlanActionStatusForm,
    PlanApprovalForm,
    ProgressReportForm,
)
from soctasking.governance.models import ActionPlan, GovernanceGroup
from soctasking.governance.reporting import assurance_report, assurance_report_pdf
from soctasking.governance.selectors import (
    action_plan_get,
    control_strategies_list,
    control_strategy_get,
    governance_group_get,
    governance_groups_list,
    group_last_sitting,
    group_series_sittings,
    nttcg_meeting_get,
    nttcg_meeting_next,
    plan_action_get,
    plan_actions_by_strand,
    plan_versions,
    series_for_groups,
    strategy_entries_by_level,
)
from soctasking.governance.services import (
    ASSURERS,
    GROUP_KEEPERS,
    PLAN_APPROVERS,
    PLAN_KEEPERS,
    GovernanceRecordNotFoundError,
    GroupDetails,
    action_plan_approve,
    action_plan_create,
    action_plan_version_create,
    group_create,
    group_update,
    may_approve_plans_of,
    may_give_assurance_at,
    may_keep_plans_of,
    meeting_assurance_record,
    plan_action_add,
    plan_action_status_set,
    progress_report_submit,
)
from soctasking.governance.strategy.services import APPROVING_ROLES, DRAFTING_ROLES
from soctasking.meetings.models import Meeting
from soctasking.web.pagination import paginate
from soctasking.web.shortcuts import signed_in_user


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """The governance groups, narrowed by theme and status, a page at a time; and the
    control strategies."""
    form = GroupFilterForm(request.GET)
    context: dict[str, Any] = {
        "form": form,
        "pagination": None,
        "strategies": control_strategies_list(),
        "may_keep_groups": has_role(user=signed_in_user(request), roles=GROUP_KEEPERS),
    }
    if not form.is_valid():
        return render(request, "governance/groups.html", context, status=400)
    filters = form.cleaned_data
    groups = governance_groups_list(theme=filters["theme"], status=filters["status"])
    context.update(pagination=paginate(request, groups), filtered=any(filters.values()))
    return render(request, "governance/groups.html", context)


@login_required
def group_detail(request: HttpRequest, group_id: str) -> HttpResponse:
    """One group: its threats, action plans, and meeting series with their last sitting."""
    group = governance_group_get(group_id=group_id)
    if group is None:
        raise Http404("No governance group has this id.")
    user = signed_in_user(request)
    as_of = picture_as_of()
    sittings = group_series_sittings(group=group, as_of=as_of)
    context = {
        "group": group,
        "as_of": as_of,
        "sittings": sittings,
        "last_sitting": group_last_sitting(sittings=sittings),
        "may_keep_group": has_role(user=user, roles=GROUP_KEEPERS),
        "may_keep_plans": may_keep_plans_of(user=user, group=group),
    }
    return render(request, "governance/group.html", context)


@login_required
def action_plan_detail(
    request: HttpRequest,
    plan_id: str,
    *,
    problems: list[str] | None = None,
    approval_form: PlanApprovalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """One strategic action plan: its versions, its actions by strand, and its progress
    reports; with what the signed-in user may do to it."""
    user = signed_in_user(request)
    plan = action_plan_get(plan_id=plan_id)
    if plan is None:
        raise Http404("No action plan has this id.")
    versions = plan_versions(plan=plan)
    later = [one for one in versions if one.version > plan.version]
    group = plan.group
    context = {
        "plan": plan,
        "strands": plan_actions_by_strand(plan=plan),
        "versions": versions,
        "replaced_by": next((one for one in later if not one.draft), None),
        "next_draft": next((one for one in later if one.draft), None),
        "may_keep": group is not None and may_keep_plans_of(user=user, group=group),
        "may_approve": group is not None and may_approve_plans_of(user=user, group=group),
        "approval_form": approval_form or PlanApprovalForm(),
        "status_form": PlanActionStatusForm(),
        "problems": problems or [],
    }
    return render(request, "governance/action_plan.html", context, status=status)


@login_required
def control_strategy_detail(request: HttpRequest, strategy_id: str) -> HttpResponse:
    """One control strategy: its entries by level with the responses expected, and the
    findings of the checks on control strategies about it; for those whose role allows, the
    way to edit a draft, record its approval, or start a new version of an approved one."""
    user = signed_in_user(request)
    strategy = control_strategy_get(strategy_id=strategy_id)
    if strategy is None:
        raise Http404("No control strategy has this id.")
    as_of = picture_as_of()
    findings = findings_run(as_of=as_of, subject_type="control_strategy", subject_id=strategy.id)
    context = {
        "strategy": strategy,
        "levels": strategy_entries_by_level(strategy=strategy),
        "findings": findings,
        "as_of": as_of,
        "may_draft": has_role(user=user, roles=DRAFTING_ROLES),
        "may_approve": has_role(user=user, roles=APPROVING_ROLES),
    }
    return render(request, "governance/control_strategy.html", context)


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST, even an empty one, so the form is bound and says what is
    missing; ``None`` for a GET."""
    return request.POST if request.method == "POST" else None


def _field_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal beside the field it names, or above the form."""
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


def _group_details(data: dict[str, Any]) -> GroupDetails:
    return GroupDetails(
        name=data["name"],
        kind=data["kind"],
        theme=data["theme"],
        status=data["status"],
        parent_id=data["parent"] or None,
        chair_id=data["chair"] or None,
        formed=data["formed"],
        member_ids=tuple(data["members"]),
        threat_ids=tuple(data["threats"]),
        series_ids=tuple(data["series"]),
        new_series_cadence=data["new_series_cadence"],
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    """Set up a governance group (the secretariat and administrators)."""
    user = signed_in_user(request)
    require_role(user=user, roles=GROUP_KEEPERS)
    form = GroupForm(_posted(request), group=None, series=list(series_for_groups()))
    if request.method == "POST":
        if form.is_valid():
            try:
                group = group_create(
                    acting_user=user,
                    group_id=form.cleaned_data["id"],
                    details=_group_details(form.cleaned_data),
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, f"{group.name} is set up.")
                return redirect(reverse("governance:group", args=[group.id]))
        return render(request, "governance/group_form.html", {"form": form}, status=400)
    return render(request, "governance/group_form.html", {"form": form})


@login_required
def group_edit(request: HttpRequest, group_id: str) -> HttpResponse:
    """Change a governance group (the secretariat and administrators)."""
    user = signed_in_user(request)
    require_role(user=user, roles=GROUP_KEEPERS)
    group = governance_group_get(group_id=group_id)
    if group is None:
        raise Http404("No governance group has this id.")
    series = list(series_for_groups(group=group))
    initial = {
        "name": group.name,
        "kind": group.kind,
        "theme": group.theme,
        "status": group.status,
        "formed": group.formed,
        "parent": group.parent_id or "",
        "chair": group.chair_id or "",
        "members": [body.id for body in group.members.all()],
        "threats": [threat.id for threat in group.threats.all()],
        "series": [one.id for one in series if one.governance_group_id == group.id],
    }
    form = GroupForm(_posted(request), initial=initial, group=group, series=series)
    context = {"form": form, "group": group}
    if request.method == "POST":
        if form.is_valid():
            try:
                group_update(
                    acting_user=user, group_id=group.id, details=_group_details(form.cleaned_data)
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, f"{form.cleaned_data['name']} is changed.")
                return redirect(reverse("governance:group", args=[group.id]))
        return render(request, "governance/group_form.html", context, status=400)
    return render(request, "governance/group_form.html", context)


def _group_or_404(group_id: str) -> GovernanceGroup:
    group = governance_group_get(group_id=group_id)
    if group is None:
        raise Http404("No governance group has this id.")
    return group


def _plan_or_404(plan_id: str) -> ActionPlan:
    plan = action_plan_get(plan_id=plan_id)
    if plan is None:
        raise Http404("No action plan has this id.")
    return plan


@login_required
def action_plan_new(request: HttpRequest, group_id: str) -> HttpResponse:
    """Start a strategic action plan for a group, as a draft."""
    user = signed_in_user(request)
    require_role(user=user, roles=PLAN_KEEPERS)
    group = _group_or_404(group_id)
    form = ActionPlanForm(
        _posted(request), initial={"threats": [t.id for t in group.threats.all()]}
    )
    context = {"form": form, "group": group}
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = action_plan_create(
                    acting_user=user, group_id=group.id, threat_ids=form.cleaned_data["threats"]
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, f"Action plan {plan.id} is started as a draft.")
                return redirect(reverse("governance:action_plan", args=[plan.id]))
        return render(request, "governance/action_plan_form.html", context, status=400)
    return render(request, "governance/action_plan_form.html", context)


@login_required
def plan_action_new(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Add an action to a plan in draft."""
    user = signed_in_user(request)
    require_role(user=user, roles=PLAN_KEEPERS)
    plan = _plan_or_404(plan_id)
    form = PlanActionForm(_posted(request), plan_threats=list(plan.threats.all()))
    context = {"form": form, "plan": plan}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_action_add(
                    acting_user=user,
                    plan_id=plan.id,
                    text=data["text"],
                    strand=data["strand"],
                    owner_id=data["owner"],
                    due=data["due"],
                    threat_ids=data["threats"],
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, "The action is added.")
                return redirect(reverse("governance:action_plan", args=[plan.id]))
        return render(request, "governance/plan_action_form.html", context, status=400)
    return render(request, "governance/plan_action_form.html", context)


def _refused(request: HttpRequest, plan_id: str, error: ValidationError) -> HttpResponse:
    problems = [problem for found in error.message_dict.values() for problem in found]
    return action_plan_detail(request, plan_id, problems=problems, status=400)


@login_required
@require_POST
def plan_approve(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Approve a plan in draft, freezing it."""
    user = signed_in_user(request)
    require_role(user=user, roles=PLAN_APPROVERS)
    plan = _plan_or_404(plan_id)
    form = PlanApprovalForm(request.POST)
    if not form.is_valid():
        return action_plan_detail(request, plan.id, approval_form=form, status=400)
    try:
        action_plan_approve(
            acting_user=user, plan_id=plan.id, approved=form.cleaned_data["approved"]
        )
    except ValidationError as error:
        return _refused(request, plan.id, error)
    messages.success(request, f"Action plan {plan.id} is approved.")
    return redirect(reverse("governance:action_plan", args=[plan.id]))


@login_required
@require_POST
def plan_version_new(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Start the next version of an approved plan."""
    user = signed_in_user(request)
    require_role(user=user, roles=PLAN_KEEPERS)
    plan = _plan_or_404(plan_id)
    try:
        draft = action_plan_version_create(acting_user=user, plan_id=plan.id)
    except ValidationError as error:
        return _refused(request, plan.id, error)
    messages.success(request, f"Version {draft.version} is started as a draft.")
    return redirect(reverse("governance:action_plan", args=[draft.id]))


@login_required
@require_POST
def plan_action_status(request: HttpRequest, action_id: str) -> HttpResponse:
    """Mark an action open, done or cancelled."""
    user = signed_in_user(request)
    require_role(user=user, roles=PLAN_KEEPERS)
    action = plan_action_get(action_id=action_id)
    if action is None:
        raise Http404("No action has this id.")
    plan_id = action.plan_id
    form = PlanActionStatusForm(request.POST)
    if not form.is_valid():
        problems = [str(problem) for found in form.errors.values() for problem in found]
        return action_plan_detail(request, plan_id, problems=problems, status=400)
    try:
        action = plan_action_status_set(
            acting_user=user, action_id=action_id, status=form.cleaned_data["status"]
        )
    except GovernanceRecordNotFoundError:
        raise Http404("No action has this id.") from None
    except ValidationError as error:
        return _refused(request, plan_id, error)
    messages.success(request, f"Action {action.id} is {action.get_status_display().lower()}.")
    return redirect(reverse("governance:action_plan", args=[action.plan_id]))


@login_required
def progress_report_new(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Submit a plan's progress report; it goes to the next scheduled NTTCG sitting."""
    user = signed_in_user(request)
    require_role(user=user, roles=PLAN_KEEPERS)
    plan = _plan_or_404(plan_id)
    form = ProgressReportForm(_posted(request))
    context = {
        "form": form,
        "plan": plan,
        "next_sitting": nttcg_meeting_next(on_or_after=timezone.localdate()),
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                routed = progress_report_submit(
                    acting_user=user,
                    plan_id=plan.id,
                    rating=data["rating"],
                    narrative=data["narrative"],
                    on=data["date"],
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                if routed.meeting is not None:
                    messages.success(
                        request,
                        f"Report {routed.report.id} is submitted, for the NTTCG sitting "
                        f"on {routed.meeting.date:%-d %B %Y} ({routed.meeting.id}).",
                    )
                else:
                    messages.warning(
                        request,
                        f"Report {routed.report.id} is submitted, but no NTTCG sitting is "
                        f"scheduled on or after {routed.report.date:%-d %B %Y}: it goes to no "
                        "agenda until one is scheduled. Ask the secretariat to schedule it.",
                    )
                return redirect(reverse("governance:action_plan", args=[plan.id]))
        return render(request, "governance/progress_report_form.html", context, status=400)
    return render(request, "governance/progress_report_form.html", context)


def _meeting_or_404(meeting_id: str) -> Meeting:
    meeting = nttcg_meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise Http404("No NTTCG sitting has this id.")
    return meeting


@login_required
def assurance_report_page(
    request: HttpRequest,
    meeting_id: str,
    *,
    form: AssuranceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The assurance report for an NTTCG sitting, and the chair's form to conclude on it."""
    user = signed_in_user(request)
    meeting = _meeting_or_404(meeting_id)
    report = assurance_report(meeting=meeting)
    plan_ids = [one.plan.id for one in report.plans]
    context = {
        "report": report,
        "may_record": may_give_assurance_at(user=user, meeting=meeting),
        "form": form or AssuranceForm(plan_ids=plan_ids),
    }
    return render(request, "governance/assurance_report.html", context, status=status)


@login_required
def assurance_report_download(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The assurance report for an NTTCG sitting as a PDF."""
    meeting = _meeting_or_404(meeting_id)
    pdf = assurance_report_pdf(report=assurance_report(meeting=meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assurance-{meeting.id}.pdf"'
    return response


@login_required
@require_POST
def assurance_record(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The chair records the assurance given on the plans, or the concern raised."""
    user = signed_in_user(request)
    require_role(user=user, roles=ASSURERS)
    meeting = _meeting_or_404(meeting_id)
    plan_ids = [one.plan.id for one in assurance_report(meeting=meeting).plans]
    form = AssuranceForm(request.POST, plan_ids=plan_ids)
    if not form.is_valid():
        return assurance_report_page(request, meeting.id, form=form, status=400)
    data = form.cleaned_data
    try:
        record = meeting_assurance_record(
            acting_user=user,
            meeting_id=meeting.id,
            outcome=data["outcome"],
            statement=data["statement"],
            plan_ids=data["plans"],
        )
    except ValidationError as error:
        _field_errors(form, error)
        return assurance_report_page(request, meeting.id, form=form, status=400)
    messages.success(
        request, f"{record.get_outcome_display()}: recorded as decision {record.decision_id}."
    )
    return redirect(reverse("governance:assurance_report", args=[meeting.id]))
