"""Page views of the governance app: the groups, one group, one action plan, and one
control strategy with the quality-assurance findings about it. All read-only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from soctasking.accounts.gate import has_role
from soctasking.assurance.selectors import findings_run, picture_as_of
from soctasking.governance.forms import GroupFilterForm
from soctasking.governance.selectors import (
    action_plan_get,
    control_strategies_list,
    control_strategy_get,
    governance_group_get,
    governance_groups_list,
    group_series_sittings,
    plan_actions_by_strand,
    strategy_entries_by_level,
)
from soctasking.governance.strategy.services import APPROVING_ROLES, DRAFTING_ROLES
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
    as_of = picture_as_of()
    context = {
        "group": group,
        "as_of": as_of,
        "sittings": group_series_sittings(group=group, as_of=as_of),
    }
    return render(request, "governance/group.html", context)


@login_required
def action_plan_detail(request: HttpRequest, plan_id: str) -> HttpResponse:
    """One strategic action plan: its actions by strand, and its progress reports."""
    plan = action_plan_get(plan_id=plan_id)
    if plan is None:
        raise Http404("No action plan has this id.")
    context = {"plan": plan, "strands": plan_actions_by_strand(plan=plan)}
    return render(request, "governance/action_plan.html", context)


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
