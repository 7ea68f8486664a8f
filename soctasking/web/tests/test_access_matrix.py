"""Every page and every API operation, as every persona: the allow/deny table, and no leak.

Routes are discovered from the URL configuration and the OpenAPI document,
and each must have an entry in ``PAGES`` or ``OPERATIONS``: a route added
without one fails ``test_every_route_has_an_entry``, so it cannot escape.

Each persona (every role; every clearance; with and without a compartment;
from the records' own body and from another) requests every route. The
picture holds one submission at each marking, each carrying a canary word
in its title, text and file. Whatever the route and whatever the answer
(page, JSON, CSV, file, error, redirect), no canary of a submission the
persona may not see may appear in its body or headers; and routes naming a
submission answer as if an unseen one did not exist.

Writes are sent empty or with a minimal body: the table says who is let
past the door, and a write refused at the door must never succeed. Whether
a permitted write then succeeds is for each app's own tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from soctasking.accounts.gate import can_see
from soctasking.accounts.models import (
    AccessRequestStatus,
    Compartment,
    CompartmentAccessRequest,
    CompartmentGrant,
    Role,
    User,
)
from soctasking.accounts.tokens import token_create
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.models import Submission
from soctasking.performance.models import PerformanceReport
from soctasking.testing.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssessmentFactory,
    BodyFactory,
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    CovertAuthorityFactory,
    DecisionFactory,
    EvaluationFactory,
    GovernanceGroupFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OperationFactory,
    PlanActionFactory,
    ReferralFactory,
    RequirementFactory,
    ScoreFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
    UserFactory,
)
from soctasking.themes.index import mentions_refresh

pytestmark = pytest.mark.django_db


def make_user(**kwargs: object) -> User:
    return UserFactory(**kwargs)


def make_body(**kwargs: object) -> Body:
    return BodyFactory(**kwargs)


def make_submission(**kwargs: object) -> Submission:
    return SubmissionFactory(**kwargs)


MORILE_DIMENSIONS = (
    "physical",
    "psychological",
    "financial",
    "community",
    "economy",
    "geographic_scope",
    "victims",
    "likelihood",
    "confidence",
    "capacity",
    "capability",
    "public_expectation",
    "intelligence_gap",
)
ALL_COMPARTMENTS = ("chis", "interception", "equipment-interference", "financial-intelligence")
WRITING = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR, Role.CONTRIBUTOR}
)
MANAGING = frozenset({Role.ADMINISTRATOR, Role.ANALYST})
# Governance: the secretariat keeps groups; it and chairs keep plans (a chair only of a
# group their body chairs or sits on, which the door does not know); chairs approve and
# give assurance.
GROUP_KEEPING = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT})
PLAN_KEEPING = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR})
CHAIRING = frozenset({Role.ADMINISTRATOR, Role.CHAIR})
# Writes that need nothing more than the door are decided by body: the picture's group is
# chaired by a body no persona belongs to, so its chair is nobody here, and a chair persona
# is refused by the service.
PLAN_KEEPING_HERE = GROUP_KEEPING
APPROVING_HERE = frozenset({Role.ADMINISTRATOR})
ESCALATING = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR})
NATIONAL = frozenset(
    {Role.ADMINISTRATOR, Role.ANALYST, Role.SECRETARIAT, Role.CHAIR, Role.INSPECTOR}
)
RECORDING = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT})
APPROVING = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR})
RECORDING_OUTCOMES = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR})
DECIDING_REFERRALS = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR})
# Local priorities and operations: a contributor records for their own body.
RECORDING_RESPONSE = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.CONTRIBUTOR})


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    clearance: str
    compartments: tuple[str, ...] = ()
    own_body: bool = False


PERSONAS = (
    Persona("administrator", Role.ADMINISTRATOR, "top-secret", ALL_COMPARTMENTS),
    Persona("analyst-secret", Role.ANALYST, "secret"),
    Persona("analyst-secret-chis", Role.ANALYST, "secret", ("chis",)),
    Persona("analyst-top-secret", Role.ANALYST, "top-secret"),
    Persona("analyst-official", Role.ANALYST, "official"),
    Persona("secretariat", Role.SECRETARIAT, "secret"),
    Persona("chair", Role.CHAIR, "secret"),
    Persona("inspector", Role.INSPECTOR, "secret"),
    Persona("contributor-own", Role.CONTRIBUTOR, "official-sensitive", own_body=True),
    Persona("contributor-own-chis", Role.CONTRIBUTOR, "secret", ("chis",), own_body=True),
    Persona("contributor-other", Role.CONTRIBUTOR, "official-sensitive"),
)


@dataclass(frozen=True)
class Canary:
    """A submission at one marking, and the word that must not leak from it."""

    id: str
    classification: str
    compartments: tuple[str, ...]

    @property
    def word(self) -> str:
        return f"canaryword{self.id.replace('-', '')}"


CANARIES = (
    Canary("canary-official", "official", ()),
    Canary("canary-sensitive", "official-sensitive", ()),
    Canary("canary-secret", "secret", ()),
    Canary("canary-top-secret", "top-secret", ()),
    Canary("canary-secret-chis", "secret", ("chis",)),
)


# Who gets past the door. Each rule answers, for a persona (None when
# anonymous) and the canary a route names (None when it names none),
# whether the request is allowed.
Rule = Callable[[Persona | None, Canary | None], bool]


def public(persona: Persona | None, canary: Canary | None) -> bool:
    return True


def signed_in(persona: Persona | None, canary: Canary | None) -> bool:
    return persona is not None


def nobody(persona: Persona | None, canary: Canary | None) -> bool:
    return False


def roles(allowed: frozenset[str]) -> Rule:
    def rule(persona: Persona | None, canary: Canary | None) -> bool:
        return persona is not None and persona.role in allowed

    return rule


def records_for_own_body(persona: Persona | None, canary: Canary | None) -> bool:
    """Analysts and administrators, or a contributor whose body leads the operation."""
    if persona is None:
        return False
    return persona.role in MANAGING or (persona.role == Role.CONTRIBUTOR and persona.own_body)


def sees(persona: Persona | None, canary: Canary | None) -> bool:
    """Signed in and cleared for the canary named in the path."""
    assert canary is not None
    return persona is not None and visible(persona, canary)


def sees_and_writes(persona: Persona | None, canary: Canary | None) -> bool:
    return sees(persona, canary) and persona is not None and persona.role in WRITING


def refers(persona: Persona | None, canary: Canary | None) -> bool:
    """A writer of the referring regional unit, the picture's own body."""
    return persona is not None and persona.own_body and persona.role in WRITING


def updates_action(persona: Persona | None, canary: Canary | None) -> bool:
    """The secretariat, and writers of the body that owns the action."""
    return persona is not None and (
        persona.role in {Role.ADMINISTRATOR, Role.SECRETARIAT}
        or (persona.own_body and persona.role in WRITING)
    )


def sees_referral(persona: Persona | None, canary: Canary | None) -> bool:
    """The national roles, and the referring body, see its referral."""
    return persona is not None and (persona.role in NATIONAL or persona.own_body)


def visible(persona: Persona, canary: Canary) -> bool:
    ranks = ["official", "official-sensitive", "secret", "top-secret"]
    return ranks.index(canary.classification) <= ranks.index(persona.clearance) and set(
        canary.compartments
    ) <= set(persona.compartments)


@dataclass(frozen=True)
class Entry:
    method: str
    rule: Rule
    per_canary: bool = False


# Pages, by URL name. Admin pages are Django's own and checked separately.
PAGES: dict[str, Entry] = {
    "web:home": Entry("GET", signed_in),
    "web:login": Entry("GET", public),
    "web:health": Entry("GET", public),
    "web:logout": Entry("POST", public),
    # Everyone here has given their second factor or needs none: they go straight on.
    "web:second_factor": Entry("GET", signed_in),
    "web:confirm": Entry("GET", signed_in),
    "web:intelligence": Entry("GET", signed_in),
    "web:prioritisation": Entry("GET", signed_in),
    "web:referrals": Entry("GET", signed_in),
    "referrals:ours": Entry("GET", signed_in),
    "actions:ours": Entry("GET", signed_in),
    "actions:tracker": Entry(
        "GET", roles(frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT, Role.CHAIR, Role.INSPECTOR}))
    ),
    "actions:detail": Entry("GET", signed_in),
    "actions:update": Entry("POST", updates_action),
    "referrals:queue": Entry("GET", signed_in),
    "referrals:new": Entry("GET", refers),
    "referrals:detail": Entry("GET", sees_referral),
    "referrals:route": Entry("POST", roles(DECIDING_REFERRALS)),
    "referrals:assign": Entry("POST", roles(DECIDING_REFERRALS)),
    "referrals:decide": Entry("POST", roles(DECIDING_REFERRALS)),
    "referrals:withdraw": Entry("POST", refers),
    "bodies:list": Entry("GET", signed_in),
    "bodies:detail": Entry("GET", signed_in),
    "threats:list": Entry("GET", signed_in),
    "threats:detail": Entry("GET", signed_in),
    "meetings:series_list": Entry("GET", signed_in),
    "meetings:series": Entry("GET", signed_in),
    "meetings:meeting": Entry("GET", signed_in),
    "meetings:meeting_new": Entry("GET", roles(RECORDING)),
    "meetings:plan": Entry("GET", signed_in),
    "meetings:series_new": Entry("GET", roles(RECORDING)),
    "meetings:series_edit": Entry("GET", roles(RECORDING)),
    "meetings:calendar": Entry("GET", signed_in),
    "meetings:series_calendar": Entry("GET", signed_in),
    "meetings:body_calendar": Entry("GET", signed_in),
    "meetings:agenda": Entry("GET", signed_in),
    "meetings:attendance": Entry("GET", roles(RECORDING)),
    "meetings:decision_new": Entry("GET", roles(RECORDING)),
    "meetings:action_new": Entry("GET", roles(RECORDING)),
    "meetings:cancel": Entry("GET", roles(RECORDING)),
    "meetings:minutes": Entry("GET", signed_in),
    "meetings:minutes_pdf": Entry("GET", signed_in),
    "meetings:minutes_approve": Entry("POST", roles(APPROVING)),
    "governance:groups": Entry("GET", signed_in),
    "governance:group": Entry("GET", signed_in),
    "governance:action_plan": Entry("GET", signed_in),
    "governance:control_strategy": Entry("GET", signed_in),
    "governance:group_new": Entry("GET", roles(GROUP_KEEPING)),
    "governance:group_edit": Entry("GET", roles(GROUP_KEEPING)),
    "governance:action_plan_new": Entry("GET", roles(PLAN_KEEPING)),
    "governance:plan_action_new": Entry("GET", roles(PLAN_KEEPING)),
    "governance:plan_approve": Entry("POST", roles(APPROVING_HERE)),
    "governance:plan_version_new": Entry("POST", roles(PLAN_KEEPING_HERE)),
    "governance:progress_report_new": Entry("GET", roles(PLAN_KEEPING)),
    "governance:plan_action_status": Entry("POST", roles(PLAN_KEEPING)),
    "governance:assurance_report": Entry("GET", signed_in),
    "governance:assurance_report_pdf": Entry("GET", signed_in),
    "governance:assurance_record": Entry("POST", roles(CHAIRING)),
    "governance:control_strategies": Entry("GET", signed_in),
    "governance:control_strategy_generate": Entry("POST", roles(MANAGING)),
    "governance:control_strategy_published": Entry("GET", signed_in),
    "governance:control_strategy_draft": Entry("GET", roles(MANAGING)),
    "governance:control_strategy_quality": Entry("GET", signed_in),
    "governance:control_strategy_entry_add": Entry("POST", roles(MANAGING)),
    "governance:control_strategy_entry": Entry("POST", roles(MANAGING)),
    "governance:control_strategy_entry_remove": Entry("POST", roles(MANAGING)),
    "governance:control_strategy_approve": Entry("GET", roles(APPROVING)),
    "governance:control_strategy_new_version": Entry("POST", roles(MANAGING)),
    "governance:control_strategy_history": Entry("GET", signed_in),
    "governance:control_strategy_compare": Entry("GET", signed_in),
    "governance:control_strategy_document": Entry("GET", signed_in),
    "governance:control_strategy_pdf": Entry("GET", signed_in),
    "assurance:findings": Entry("GET", signed_in),
    "accounts:my_access": Entry("GET", signed_in),
    "accounts:request": Entry("GET", signed_in),
    # The request and the grant belong to someone who is none of the personas:
    # only the requester withdraws; only an authoriser decides or revokes.
    "accounts:withdraw": Entry("POST", nobody),
    "accounts:decide": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    "accounts:revoke": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    # Chairs authorise only compartments configured so; none is, here.
    "accounts:queue": Entry("GET", roles(frozenset({Role.ADMINISTRATOR}))),
    "search:search": Entry("GET", signed_in),
    "intelligence:submit": Entry("GET", roles(WRITING)),
    "intelligence:receipt": Entry("GET", sees, per_canary=True),
    "intelligence:receipt_download": Entry("GET", sees, per_canary=True),
    "intelligence:file": Entry("GET", sees, per_canary=True),
    "intelligence:ours": Entry("GET", signed_in),
    "intelligence:ours_csv": Entry("GET", signed_in),
    "timetable:requirements": Entry("GET", signed_in),
    "timetable:requirement_new": Entry("GET", roles(MANAGING)),
    "timetable:compliance": Entry("GET", signed_in),
    "timetable:body_compliance": Entry("GET", signed_in),
    "timetable:escalate": Entry("POST", roles(ESCALATING)),
    "timetable:row_delete": Entry("POST", roles(MANAGING)),
    "timetable:requirement": Entry("GET", signed_in),
    "timetable:row_add": Entry("POST", roles(MANAGING)),
    "timetable:generate": Entry("GET", roles(MANAGING)),
    "timetable:import": Entry("GET", roles(MANAGING)),
    "timetable:acknowledge": Entry("POST", roles(WRITING)),
    "local_priorities:register": Entry("GET", signed_in),
    "local_priorities:new": Entry("GET", roles(RECORDING_RESPONSE)),
    "local_priorities:import": Entry("GET", roles(RECORDING_RESPONSE)),
    "local_priorities:adoption": Entry("GET", signed_in),
    "local_priorities:detail": Entry("GET", signed_in),
    "operations:register": Entry("GET", signed_in),
    "operations:new": Entry("GET", roles(RECORDING_RESPONSE)),
    "operations:review": Entry("GET", roles(MANAGING)),
    "operations:authority_use": Entry("POST", records_for_own_body),
    "operations:detail": Entry("GET", signed_in),
    "operations:activity_add": Entry("POST", records_for_own_body),
    "operations:authority_add": Entry("POST", records_for_own_body),
    "operations:disruption_new": Entry("GET", records_for_own_body),
    "themes:list": Entry("GET", signed_in),
    "themes:detail": Entry("GET", signed_in),
    "themes:decide": Entry("POST", roles(MANAGING)),
    "themes:merge": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    "performance:report": Entry("GET", roles(NATIONAL)),
    "performance:report_request": Entry("POST", roles(NATIONAL)),
    # The report asked for is its asker's alone, who is none of the personas.
    "performance:report_status": Entry("GET", nobody),
    "performance:report_download": Entry("GET", nobody),
    "prioritisation:templates": Entry("GET", signed_in),
    "prioritisation:template": Entry("GET", signed_in),
    "prioritisation:template_new": Entry("GET", roles(frozenset({Role.ADMINISTRATOR}))),
    "prioritisation:template_revise": Entry("GET", roles(frozenset({Role.ADMINISTRATOR}))),
    "prioritisation:template_status": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    "prioritisation:round_new": Entry("GET", roles(MANAGING)),
    "prioritisation:round": Entry("GET", signed_in),
    "prioritisation:score": Entry("GET", roles(MANAGING)),
    "prioritisation:recommend": Entry("GET", roles(RECORDING_OUTCOMES)),
    "prioritisation:decide": Entry("GET", roles(RECORDING_OUTCOMES)),
    "prioritisation:decision": Entry("GET", signed_in),
    "prioritisation:decision_pdf": Entry("GET", signed_in),
    "audit:events": Entry("GET", roles(frozenset({Role.INSPECTOR, Role.ADMINISTRATOR}))),
    "audit:events_csv": Entry("GET", roles(frozenset({Role.INSPECTOR, Role.ADMINISTRATOR}))),
    "audit:check": Entry("GET", roles(frozenset({Role.INSPECTOR, Role.ADMINISTRATOR}))),
    "api-v1:openapi-json": Entry("GET", public),
    "api-v1:openapi-view": Entry("GET", public),
    # django-ninja's root answers 404 to everyone: there is nothing there.
    "api-v1:api-root": Entry("GET", nobody),
    "assets": Entry("GET", public),
}

# API operations, by method and path as the OpenAPI document names them.
OPERATIONS: dict[str, Entry] = {
    "GET /api/v1/bodies": Entry("GET", signed_in),
    "GET /api/v1/bodies/{body_id}": Entry("GET", signed_in),
    "GET /api/v1/threats": Entry("GET", signed_in),
    "GET /api/v1/threats/{threat_id}": Entry("GET", signed_in),
    "GET /api/v1/meeting-series": Entry("GET", signed_in),
    "GET /api/v1/meeting-series/{series_id}": Entry("GET", signed_in),
    "GET /api/v1/meeting-series/{series_id}/meetings": Entry("GET", signed_in),
    "GET /api/v1/meetings/{meeting_id}": Entry("GET", signed_in),
    "GET /api/v1/meetings/{meeting_id}/agenda": Entry("GET", signed_in),
    "POST /api/v1/meeting-series/{series_id}/meetings": Entry("POST", roles(RECORDING)),
    "POST /api/v1/meetings/{meeting_id}/attendance": Entry("POST", roles(RECORDING)),
    "POST /api/v1/meetings/{meeting_id}/decisions": Entry("POST", roles(RECORDING)),
    "POST /api/v1/meetings/{meeting_id}/actions": Entry("POST", roles(RECORDING)),
    "POST /api/v1/meetings/{meeting_id}/cancellation": Entry("POST", roles(RECORDING)),
    "POST /api/v1/meetings/{meeting_id}/minutes/approval": Entry("POST", roles(APPROVING)),
    # Loading a bundle needs an administrator holding everything.
    "POST /api/v1/bundles": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    "GET /api/v1/bundle": Entry(
        "GET", roles(frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.INSPECTOR}))
    ),
    "GET /api/v1/findings": Entry("GET", signed_in),
    "GET /api/v1/metrics": Entry("GET", signed_in),
    "GET /api/v1/checks": Entry("GET", signed_in),
    "POST /api/v1/access-requests": Entry("POST", signed_in),
    "GET /api/v1/access-requests": Entry("GET", signed_in),
    "POST /api/v1/access-requests/{request_id}/decision": Entry(
        "POST", roles(frozenset({Role.ADMINISTRATOR}))
    ),
    "GET /api/v1/search": Entry("GET", signed_in),
    "POST /api/v1/submissions": Entry("POST", roles(WRITING)),
    "POST /api/v1/submissions/batch": Entry("POST", roles(WRITING)),
    "GET /api/v1/submissions/{submission_id}": Entry("GET", sees, per_canary=True),
    "GET /api/v1/submissions/{submission_id}/receipt": Entry("GET", sees, per_canary=True),
    "GET /api/v1/submissions/{submission_id}/file": Entry("GET", sees, per_canary=True),
    "GET /api/v1/requirements": Entry("GET", signed_in),
    "POST /api/v1/requirements": Entry("POST", roles(MANAGING)),
    "GET /api/v1/requirements/{requirement_id}": Entry("GET", signed_in),
    "GET /api/v1/requirements/{requirement_id}/rows": Entry("GET", signed_in),
    "POST /api/v1/requirements/{requirement_id}/rows": Entry("POST", roles(MANAGING)),
    "POST /api/v1/requirements/{requirement_id}/rows/import": Entry("POST", roles(MANAGING)),
    "POST /api/v1/requirements/{requirement_id}/rows/generate": Entry("POST", roles(MANAGING)),
    "DELETE /api/v1/timetable-rows/{row_id}": Entry("DELETE", roles(MANAGING)),
    "GET /api/v1/requirements/{requirement_id}/acknowledgements": Entry("GET", signed_in),
    "POST /api/v1/requirements/{requirement_id}/acknowledgements": Entry("POST", roles(WRITING)),
    "GET /api/v1/compliance": Entry("GET", signed_in),
    "GET /api/v1/compliance/{body_id}/history": Entry("GET", signed_in),
    "POST /api/v1/escalations": Entry("POST", roles(ESCALATING)),
    "GET /api/v1/escalations": Entry("GET", signed_in),
    "GET /api/v1/governance-groups": Entry("GET", signed_in),
    "GET /api/v1/action-plans/{plan_id}": Entry("GET", signed_in),
    "GET /api/v1/control-strategies/{strategy_id}": Entry("GET", signed_in),
    "GET /api/v1/governance-groups/{group_id}": Entry("GET", signed_in),
    "POST /api/v1/governance-groups": Entry("POST", roles(GROUP_KEEPING)),
    "PUT /api/v1/governance-groups/{group_id}": Entry("PUT", roles(GROUP_KEEPING)),
    "POST /api/v1/governance-groups/{group_id}/action-plans": Entry("POST", roles(PLAN_KEEPING)),
    "POST /api/v1/action-plans/{plan_id}/actions": Entry("POST", roles(PLAN_KEEPING)),
    "POST /api/v1/plan-actions/{action_id}/status": Entry("POST", roles(PLAN_KEEPING)),
    "POST /api/v1/action-plans/{plan_id}/approval": Entry("POST", roles(APPROVING_HERE)),
    "POST /api/v1/action-plans/{plan_id}/versions": Entry("POST", roles(PLAN_KEEPING_HERE)),
    "POST /api/v1/action-plans/{plan_id}/reports": Entry("POST", roles(PLAN_KEEPING)),
    "GET /api/v1/meetings/{meeting_id}/assurance-report": Entry("GET", signed_in),
    "POST /api/v1/meetings/{meeting_id}/assurance": Entry("POST", roles(CHAIRING)),
    "GET /api/v1/control-strategies": Entry("GET", signed_in),
    "POST /api/v1/control-strategies": Entry("POST", roles(MANAGING)),
    "POST /api/v1/control-strategies/{strategy_id}/entries": Entry("POST", roles(MANAGING)),
    "PATCH /api/v1/control-strategies/{strategy_id}/entries/{threat_id}": Entry(
        "PATCH", roles(MANAGING)
    ),
    "POST /api/v1/control-strategies/{strategy_id}/entries/{threat_id}/removal": Entry(
        "POST", roles(MANAGING)
    ),
    "GET /api/v1/control-strategies/{strategy_id}/findings": Entry("GET", signed_in),
    "GET /api/v1/control-strategies/{strategy_id}/changes": Entry("GET", signed_in),
    "POST /api/v1/control-strategies/{strategy_id}/approval": Entry("POST", roles(APPROVING)),
    "POST /api/v1/control-strategies/{strategy_id}/versions": Entry("POST", roles(MANAGING)),
    "GET /api/v1/control-strategies/{strategy_id}/comparison": Entry("GET", signed_in),
    "GET /api/v1/themes": Entry("GET", signed_in),
    "GET /api/v1/themes/{theme_key}": Entry("GET", signed_in),
    "POST /api/v1/themes/{theme_key}/decisions": Entry("POST", roles(MANAGING)),
    "POST /api/v1/theme-aliases": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    "GET /api/v1/performance/{quarter}": Entry("GET", roles(NATIONAL)),
    "POST /api/v1/performance-reports": Entry("POST", roles(NATIONAL)),
    "GET /api/v1/performance-reports/{report_id}": Entry("GET", nobody),
    "GET /api/v1/performance-reports/{report_id}/pdf": Entry("GET", nobody),
    "GET /api/v1/scoring-templates": Entry("GET", signed_in),
    "GET /api/v1/scoring-templates/{template_id}": Entry("GET", signed_in),
    "POST /api/v1/scoring-templates": Entry("POST", roles(frozenset({Role.ADMINISTRATOR}))),
    "POST /api/v1/scoring-templates/{template_id}/versions": Entry(
        "POST", roles(frozenset({Role.ADMINISTRATOR}))
    ),
    "POST /api/v1/scoring-templates/{template_id}/status": Entry(
        "POST", roles(frozenset({Role.ADMINISTRATOR}))
    ),
    "GET /api/v1/evaluations/{evaluation_id}": Entry("GET", signed_in),
    "POST /api/v1/evaluations": Entry("POST", roles(MANAGING)),
    "POST /api/v1/evaluations/{evaluation_id}/scores": Entry("POST", roles(MANAGING)),
    "POST /api/v1/evaluations/{evaluation_id}/recommendations": Entry(
        "POST", roles(RECORDING_OUTCOMES)
    ),
    "POST /api/v1/evaluations/{evaluation_id}/decisions": Entry("POST", roles(RECORDING_OUTCOMES)),
    "GET /api/v1/referrals": Entry("GET", signed_in),
    "GET /api/v1/actions/ours": Entry("GET", signed_in),
    "GET /api/v1/actions/{action_id}": Entry("GET", signed_in),
    "POST /api/v1/actions/{action_id}/updates": Entry("POST", updates_action),
    "POST /api/v1/referrals": Entry("POST", refers),
    "GET /api/v1/referrals/{referral_id}": Entry("GET", sees_referral),
    "POST /api/v1/referrals/{referral_id}/route": Entry("POST", roles(DECIDING_REFERRALS)),
    "POST /api/v1/referrals/{referral_id}/owner": Entry("POST", roles(DECIDING_REFERRALS)),
    "POST /api/v1/referrals/{referral_id}/decision": Entry("POST", roles(DECIDING_REFERRALS)),
    "POST /api/v1/referrals/{referral_id}/withdrawal": Entry("POST", refers),
    "GET /api/v1/local-priorities": Entry("GET", signed_in),
    "POST /api/v1/local-priorities": Entry("POST", roles(RECORDING_RESPONSE)),
    "POST /api/v1/local-priorities/import": Entry("POST", roles(RECORDING_RESPONSE)),
    "GET /api/v1/local-priorities/{local_priority_id}": Entry("GET", signed_in),
    "GET /api/v1/adoption": Entry("GET", signed_in),
    "GET /api/v1/operations": Entry("GET", signed_in),
    "POST /api/v1/operations": Entry("POST", roles(RECORDING_RESPONSE)),
    "POST /api/v1/operations/close": Entry("POST", roles(MANAGING)),
    "GET /api/v1/operations/{operation_id}": Entry("GET", signed_in),
    "POST /api/v1/operations/{operation_id}/activity": Entry("POST", records_for_own_body),
    "POST /api/v1/operations/{operation_id}/covert-authorities": Entry(
        "POST", records_for_own_body
    ),
    "POST /api/v1/covert-authorities/{authority_id}/uses": Entry("POST", records_for_own_body),
    "POST /api/v1/operations/{operation_id}/disruptions": Entry("POST", records_for_own_body),
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern)


def page_routes() -> dict[str, str]:
    """Every page's URL name and its route, the admin's apart; API routes are operations."""
    routes = {}
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue
        if route.startswith("api/v1/") and name not in PAGES:
            continue
        routes["assets" if route.startswith("assets/") else name] = route
    return routes


def api_operations(client: Client) -> set[str]:
    document = client.get("/api/v1/openapi.json").json()
    return {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_route_has_an_entry(client: Client) -> None:
    pages = set(page_routes())
    operations = api_operations(client)
    assert pages - PAGES.keys() == set(), "pages with no entry in PAGES"
    assert PAGES.keys() - pages == set(), "entries in PAGES for pages that no longer exist"
    assert operations - OPERATIONS.keys() == set(), "API operations with no entry in OPERATIONS"
    assert OPERATIONS.keys() - operations == set(), "entries for API operations that are gone"


@dataclass
class Picture:
    own_body: Body
    other_body: Body
    values: dict[str, str]


@pytest.fixture
def picture(settings: Any, tmp_path: Path) -> Picture:
    settings.MEDIA_ROOT = tmp_path / "files"
    own = make_body(id="rocu-own", name="Own ROCU", kind=BodyKind.ROCU)
    other = make_body(id="force-other", name="Other Police", kind=BodyKind.POLICE_FORCE)
    nac = make_body(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)
    drugs = ThreatFactory(id="drugs", name="Drugs")
    group = GovernanceGroupFactory(id="tg-drugs", name="Drugs threat group", chair=nac)
    plan = ActionPlanFactory(id="sap-drugs", group=group)
    plan.threats.set([drugs])
    PlanActionFactory(plan=plan, owner=own)
    strategy = ControlStrategyFactory(id="cs-matrix", based_on=None)
    ControlStrategyEntryFactory(strategy=strategy, threat=drugs, level="priority")
    PlanActionFactory(id="sap-drugs-1", plan=plan, owner=own)
    series = MeetingSeriesFactory(id="nttcg", name="National tactical group", kind="nttcg")
    series.members.set([own, other])
    meeting = MeetingFactory(id="nttcg-2017-07-19", series=series)
    meeting.attended.set([own])
    assessment = AssessmentFactory(id="nsa-matrix")
    assessment.threats.set([drugs])
    evaluation = EvaluationFactory(
        id="round-matrix", assessment=assessment, template_id="morile-default", priority_line=1
    )
    ScoreFactory(
        evaluation=evaluation,
        threat=drugs,
        rank=1,
        dimensions=dict.fromkeys(MORILE_DIMENSIONS, 1) | {"likelihood": 0.85},
        evidence=[{"kind": "submission", "ref": canary.id} for canary in CANARIES],
    )
    DecisionFactory(
        id="nstcg-matrix.d1", kind="adopt_priority_threats", evaluation=evaluation
    ).threats.set([drugs])
    ReferralFactory(id="ref-matrix", from_body=own)
    # A meeting's action and a plan's action share the path parameter ``action_id``,
    # so the picture gives both the same id, each in its own table.
    ActionFactory(id="sap-drugs-1", meeting=meeting, owner=own)
    for canary in CANARIES:
        submission: Submission = make_submission(
            id=canary.id,
            title=f"Report {canary.word}",
            text=f"The text of {canary.word}.",
            body=own,
            received_by=nac,
            classification=canary.classification,
            reference=f"REF-{canary.id}",
            submitted_by=None,
        )
        submission.compartments.set(Compartment.objects.filter(pk__in=canary.compartments))
        submission.file.save("report.txt", ContentFile(f"File of {canary.word}".encode()))
        submission.filename = "report.txt"
        # Each names county lines and a theme of its own, whose name is its canary.
        submission.themes = ["county lines", f"{canary.word} trade"]
        submission.save()
        mentions_refresh(submission_ids=[submission.pk])
    today = timezone.localdate()
    requirement = RequirementFactory(
        id="nir-matrix",
        period_start=today - timedelta(days=200),
        period_end=today + timedelta(days=165),
        issued=today - timedelta(days=210),
    )
    for body in (own, other):
        TimetableRowFactory(
            id=f"row-{body.pk}",
            requirement=requirement,
            body=body,
            deliver_to=nac,
            due=today - timedelta(days=10),
        )
    LocalPriorityEntryFactory(
        local_priority=LocalPriorityFactory(id="lp-matrix", body=other), threat=drugs
    )
    # The contributor of the own body leads it, so may record for it.
    operation = OperationFactory(id="op-matrix", body=own, threats=[drugs])
    CovertAuthorityFactory(id="authority-matrix", operation=operation)
    requester: User = make_user(
        username="requester", body=nac, role=Role.ANALYST, clearance="secret"
    )
    access_request = CompartmentAccessRequest.objects.create(
        requester=requester,
        compartment_id="interception",
        reason="A live operation needs the intercept product for two weeks.",
        days=7,
        status=AccessRequestStatus.REQUESTED,
        created=timezone.now(),
    )
    granter: User = make_user(
        username="granter",
        body=nac,
        role=Role.ADMINISTRATOR,
        clearance="top-secret",
        compartments=list(ALL_COMPARTMENTS),
    )
    grant = CompartmentGrant.objects.create(
        user=requester,
        granted_by=granter,
        compartment_id="equipment-interference",
        starts=timezone.now() - timedelta(days=1),
        expires=timezone.now() + timedelta(days=6),
    )
    # The requester's report, done, so its PDF would be served to them alone.
    report = PerformanceReport.objects.create(
        quarter="2026-Q3", requested_by=requester, status="done", progress=100,
        file="performance/matrix.pdf", finished_at=timezone.now(),
    )  # fmt: skip
    settings.REPORTS_ROOT = tmp_path / "reports"
    (settings.REPORTS_ROOT / "performance").mkdir(parents=True)
    (settings.REPORTS_ROOT / "performance" / "matrix.pdf").write_bytes(b"%PDF-1.7 matrix")
    return Picture(
        own,
        other,
        {
            "body_id": own.pk,
            "threat_id": "drugs",
            "series_id": "nttcg",
            "meeting_id": "nttcg-2017-07-19",
            "group_id": "tg-drugs",
            "plan_id": "sap-drugs",
            "action_id": "sap-drugs-1",
            "strategy_id": "cs-matrix",
            "requirement_id": requirement.pk,
            "local_priority_id": "lp-matrix",
            "operation_id": "op-matrix",
            "authority_id": "authority-matrix",
            "row_id": f"row-{own.pk}",
            "api_row_id": f"row-{other.pk}",
            "request_id": str(access_request.pk),
            "grant_id": str(grant.pk),
            "path": "favicon.png",
            "slug": "county-line",
            "theme_key": "county-line",
            "quarter": "2026-Q3",
            "report_id": str(report.pk),
            "template_id": "morile-default",
            "evaluation_id": "round-matrix",
            "decision_id": "nstcg-matrix.d1",
            "referral_id": "ref-matrix",
        },
    )


def _sign_in(client: Client, persona: Persona, picture: Picture) -> str:
    """Sign ``persona`` in on the client's session; the bearer token for the API."""
    user: User = make_user(
        username=persona.name,
        body=picture.own_body if persona.own_body else picture.other_body,
        role=persona.role,
        clearance=persona.clearance,
        compartments=list(persona.compartments),
    )
    client.force_login(user)
    _, raw = token_create(user=user, acting_user=user)
    return raw


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _fill(route: str, values: dict[str, str]) -> str:
    return PARAMETER.sub(lambda m: values[m.group(1) or m.group(2)], route)


def _content(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{key}: {value}" for key, value in response.items())
    return headers + "\n" + raw.decode("utf-8", errors="replace")


def _requests(picture: Picture) -> Iterator[tuple[str, str, str, Entry, Canary | None]]:
    """(key, method, address, entry, canary) for every route; reads before writes."""
    planned = []
    for name, route in page_routes().items():
        entry = PAGES[name]
        planned.append((name, "/" + route, entry))
    for key, entry in OPERATIONS.items():
        planned.append((key, key.split(" ", 1)[1], entry))
    # Reads, then writes, then signing out, which ends the session the rest need.
    planned.sort(key=lambda item: (item[2].method != "GET", item[0] == "web:logout"))
    for key, route, entry in planned:
        canaries: tuple[Canary | None, ...] = CANARIES if entry.per_canary else (None,)
        for canary in canaries:
            values = dict(picture.values, submission_id=canary.id if canary else "")
            if route.startswith("/api/"):
                # A row of its own, since the page deletes the other first.
                values["row_id"] = picture.values["api_row_id"]
            yield key, entry.method, _fill(route, values), entry, canary


DENIED = {401, 403, 404}


def _judge(
    *, key: str, method: str, address: str, allowed: bool, status: int, location: str, api: bool
) -> str | None:
    """What is wrong with the answer, or None."""
    to_sign_in = status == 302 and location.startswith("/sign-in/")
    if key == "web:logout":
        # Signing out sends everyone to the sign-in page; that is its success.
        return None if to_sign_in else f"POST {address}: expected the sign-in page, got {status}"
    if allowed:
        if status in DENIED or to_sign_in:
            return f"{method} {address} ({key}): expected to be let in, got {status}"
        if status >= 500:
            return f"{method} {address} ({key}): server error {status}"
        return None
    if method == "GET":
        refused = to_sign_in or status in DENIED if not api else status in DENIED
    else:
        # A write refused at the door may also fail on its (empty) input first,
        # but must never succeed.
        refused = to_sign_in or status in DENIED | {400, 405, 409, 415, 422}
    if not refused:
        return f"{method} {address} ({key}): expected refusal, got {status}"
    return None


def _send(client: Client, method: str, address: str, token: str | None) -> Any:
    api = address.startswith("/api/v1/")
    headers = {"Authorization": f"Bearer {token}"} if api and token else {}
    if method == "GET":
        return client.get(address, headers=headers)
    if method == "DELETE":
        return client.delete(address, headers=headers)
    if method == "PUT":
        return client.put(address, data="{}", content_type="application/json", headers=headers)
    if method == "PATCH":
        return client.patch(address, data="{}", content_type="application/json", headers=headers)
    return client.post(address, data="{}", content_type="application/json", headers=headers)


@pytest.mark.parametrize("persona", [None, *PERSONAS], ids=lambda p: p.name if p else "anonymous")
def test_the_door_and_no_leak(persona: Persona | None, picture: Picture) -> None:
    client = Client(raise_request_exception=False)
    token = _sign_in(client, persona, picture) if persona is not None else None
    if persona is None:
        # API calls of the anonymous persona carry no token and no session.
        client.logout()
    hidden = [c for c in CANARIES if persona is None or not visible(persona, c)]
    problems = []
    for key, method, address, entry, canary in _requests(picture):
        response = _send(client, method, address, token)
        allowed = entry.rule(persona, canary)
        problem = _judge(
            key=key,
            method=method,
            address=address,
            allowed=allowed,
            status=response.status_code,
            location=response.get("Location", ""),
            api=address.startswith("/api/v1/"),
        )
        if problem:
            problems.append(problem)
        content = _content(response)
        problems.extend(
            f"{method} {address} ({key}): shows {c.id}'s canary"
            for c in hidden
            if c.word in content
        )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_search_counts_only_what_the_persona_may_see(persona: Persona, picture: Picture) -> None:
    client = Client()
    token = _sign_in(client, persona, picture)
    expected = sorted(c.id for c in CANARIES if visible(persona, c))
    found = client.get(
        "/api/v1/search", {"q": "report"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert found["count"] == len(expected)
    assert sorted(hit["id"] for hit in found["results"]) == expected
    page = client.get("/search/", {"q": "report"}).content.decode()
    assert f"{len(expected)} result" in page


def test_the_visibility_rule_here_is_the_gate_s(picture: Picture) -> None:
    """The table's own idea of visibility agrees with the access gate for every pair."""
    for persona in PERSONAS:
        client = Client()
        _sign_in(client, persona, picture)
        user = User.objects.get(username=persona.name)
        for canary in CANARIES:
            assert visible(persona, canary) == can_see(
                user=user, classification=canary.classification, compartments=canary.compartments
            ), (persona.name, canary.id)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_the_admin_site_is_closed_to_every_persona(persona: Persona, picture: Picture) -> None:
    client = Client()
    _sign_in(client, persona, picture)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
