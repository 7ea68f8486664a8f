"""Every API operation, fuzzed from its own OpenAPI document, as each kind of caller.

The document is read from the app at ``/api/v1/openapi.json``; for each
operation Schemathesis generates requests, valid ones and invalid ones,
which are sent through the WSGI application as an administrator (TOP SECRET,
every compartment), an analyst (SECRET), a ROCU contributor
(OFFICIAL-SENSITIVE), an inspector, and nobody at all. Each answer must not be
a server error, must have a status code the document lists for the
operation, and must match the schema and content type documented for that
status.

Path parameters are drawn half the time from the ids of a small picture made
with the factories, so that requests reach real records and not only 404s.
Each request runs in a savepoint that is rolled back afterwards: every case
sees the same picture, whatever the cases before it loaded or deleted.

The number of cases is bounded for CI and the run is derandomized; set
``SOCTASKING_FUZZ_EXAMPLES`` to fuzz longer (docs/fuzzing.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from soctasking.accounts.models import Compartment, Role, User
from soctasking.accounts.services import access_request_create
from soctasking.accounts.tokens import token_create
from soctasking.bodies.models import BodyKind
from soctasking.intelligence.models import SubmissionKind
from soctasking.performance.models import PerformanceReport
from soctasking.testing.factories import (
    AcknowledgementFactory,
    ActionFactory,
    ActionPlanFactory,
    AssessmentFactory,
    BodyFactory,
    ControlStrategyEntryFactory,
    ControlStrategyFactory,
    CovertAuthorityFactory,
    DisruptionFactory,
    EvaluationFactory,
    GovernanceGroupFactory,
    LocalPriorityEntryFactory,
    LocalPriorityFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OperationFactory,
    PlanActionFactory,
    ProgressReportFactory,
    ReferralFactory,
    RequirementFactory,
    SubmissionFactory,
    ThreatFactory,
    TimetableRowFactory,
    UserFactory,
)
from soctasking.themes.index import mentions_refresh
from soctasking.wsgi import application

pytestmark = pytest.mark.django_db

#: Cases generated for each operation, persona and mode.
MAX_EXAMPLES = int(os.environ.get("SOCTASKING_FUZZ_EXAMPLES", "8"))

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OPERATIONS = {
    result.ok().label: result.ok()
    for result in SCHEMA.get_all_operations()
    if isinstance(result, Ok)
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ALL_COMPARTMENTS = ["chis", "interception", "equipment-interference", "financial-intelligence"]


@dataclass(frozen=True)
class Persona:
    name: str
    role: str | None
    clearance: str = "official"
    compartments: tuple[str, ...] = ()
    body: str = "nac"


PERSONAS = (
    Persona("administrator", Role.ADMINISTRATOR, "top-secret", tuple(ALL_COMPARTMENTS)),
    Persona("analyst", Role.ANALYST, "secret"),
    Persona("contributor", Role.CONTRIBUTOR, "official-sensitive", body="rocu-north-west"),
    Persona("inspector", Role.INSPECTOR, "secret"),
    Persona("anonymous", None),
)


@pytest.fixture
def unclosed_connection() -> Iterator[None]:
    """Keep the test's connection open across requests, as Django's test client does.

    Django closes a connection at the start of each request when its
    autocommit is not the configured one, which inside the test's
    transaction it never is.
    """
    request_started.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)


@pytest.fixture
def fuzz_settings(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.REPORTS_ROOT = tmp_path / "reports"
    # The personas sign in with tokens; their passwords need no slow hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


def make_user(**fields: Any) -> User:
    return UserFactory(**fields)


def picture() -> dict[str, list[Any]]:
    """A small picture with one record of each kind an operation can name, and their ids."""
    nac = BodyFactory(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)
    rocu = BodyFactory(id="rocu-north-west", name="North West ROCU", kind=BodyKind.ROCU)
    force = BodyFactory(
        id="force-kent", name="Kent Police", kind=BodyKind.POLICE_FORCE, parent=rocu
    )
    drugs = ThreatFactory(id="drugs", name="Drugs", keywords=["cocaine"])
    ThreatFactory(id="county-lines", name="County lines", kind="sub_threat", parent=drugs)
    ntig = MeetingSeriesFactory(id="ntig", name="NTIG", kind="ntig")
    ntig.members.set([rocu, nac])
    meeting = MeetingFactory(id="ntig-2017-07-05", series=ntig)
    meeting.attended.set([rocu])
    submissions = [
        SubmissionFactory(
            id="sub-official", body=rocu, received_by=nac, threats=[drugs], title="Cocaine"
        ),
        SubmissionFactory(
            id="sub-secret", body=nac, received_by=nac, classification="secret", text="cocaine"
        ),
        SubmissionFactory(
            id="sub-chis",
            body=rocu,
            received_by=nac,
            classification="secret",
            compartments=["chis"],
        ),
    ]
    with_file = SubmissionFactory(
        id="sub-file", body=rocu, received_by=nac, classification="official-sensitive"
    )
    with_file.file.save("report.txt", ContentFile(b"cocaine on the coast"), save=True)
    with_file.filename = "report.txt"
    with_file.themes = ["county lines"]
    with_file.save()
    mentions_refresh(submission_ids=[with_file.pk])
    requirement = RequirementFactory(id="nir-2017")
    row = TimetableRowFactory(
        id="nir-2017.q1-nw",
        requirement=requirement,
        body=rocu,
        product=SubmissionKind.TACTICAL_ASSESSMENT,
        deliver_to=nac,
    )
    AcknowledgementFactory(requirement=requirement, body=rocu)
    asker = make_user(username="asker", body=rocu, role=Role.CONTRIBUTOR, clearance="secret")
    access_request = access_request_create(
        requester=asker,
        compartment=Compartment.objects.get(code="chis"),
        reason="Debriefing sources for Operation Nightjar in Barrow",
        days=30,
    )
    plan = ActionPlanFactory(
        id="sap-drugs", group=GovernanceGroupFactory(id="tg-drugs", status="active", chair=nac)
    )
    plan.threats.set([drugs])
    PlanActionFactory(id="sap-drugs-1", plan=plan, owner=rocu, strand="pursue")
    ProgressReportFactory(plan=plan)
    nttcg = MeetingSeriesFactory(id="nttcg", name="NTTCG", kind="nttcg", chair=nac)
    MeetingFactory(id="nttcg-2017-07-19", series=nttcg)
    strategy = ControlStrategyFactory(id="cs-2017", based_on=None)
    ControlStrategyEntryFactory(strategy=strategy, threat=drugs, level="priority")
    report = PerformanceReport.objects.create(quarter="2026-Q3", requested_by=asker)
    assessment = AssessmentFactory(id="nsa-2017")
    assessment.threats.set([drugs])
    EvaluationFactory(id="round-2017", assessment=assessment, template_id="morile-default")
    referral = ReferralFactory(id="ref-kestrel", from_body=rocu)
    action = ActionFactory(id="ntig-2017-07-05.brief", meeting=meeting, owner=rocu)
    local = LocalPriorityFactory(id="lp-kent", body=force)
    LocalPriorityEntryFactory(local_priority=local, threat=drugs)
    operation = OperationFactory(id="op-nightjar", body=rocu, threats=[drugs])
    authority = CovertAuthorityFactory(id="op-nightjar-authority-1", operation=operation)
    DisruptionFactory(operation=operation, charges=2, convictions=1)
    return {
        "body_id": [nac.pk, rocu.pk, force.pk],
        "plan_id": [plan.pk],
        "group_id": ["tg-drugs"],
        # a plan action and a meeting action share the name of their path parameter
        "action_id": ["sap-drugs-1", action.pk],
        "strategy_id": [strategy.pk],
        "threat_id": ["drugs", "county-lines"],
        "submission_id": [s.pk for s in submissions] + [with_file.pk],
        "requirement_id": [requirement.pk],
        "row_id": [row.pk],
        "request_id": [access_request.pk],
        "series_id": ["ntig"],
        "meeting_id": [meeting.pk, "nttcg-2017-07-19"],
        "theme_key": ["county-line", "no-such-theme"],
        "quarter": ["2026-Q3", "2017-Q1"],
        "report_id": [str(report.pk)],
        "template_id": ["morile-default", "no-such-template"],
        "evaluation_id": ["round-2017"],
        "referral_id": [referral.pk],
        "local_priority_id": [local.pk],
        "operation_id": [operation.pk],
        "authority_id": [authority.pk],
    }


def caller(persona: Persona) -> dict[str, str]:
    """The headers ``persona`` sends: a bearer token of a user made for it, or none."""
    if persona.role is None:
        return {}
    user = make_user(
        username=f"fuzz-{persona.name}",
        body=BodyFactory(id=persona.body),
        role=persona.role,
        clearance=persona.clearance,
        compartments=list(persona.compartments),
    )
    _, raw = token_create(user=user, acting_user=None)
    return {"Authorization": f"Bearer {raw}"}


def cases(label: str, ids: dict[str, list[Any]], mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Cases for one operation: generated throughout, or with known ids in the path."""
    operation = OPERATIONS[label]
    names = [parameter.name for parameter in operation.path_parameters]
    generated = operation.as_strategy(generation_mode=mode)
    if not names or mode is GenerationMode.NEGATIVE:
        return generated
    known = st.fixed_dictionaries({name: st.sampled_from(ids[name]) for name in names})
    return st.one_of(
        generated,
        known.flatmap(
            lambda path: operation.as_strategy(generation_mode=mode, path_parameters=path)
        ),
    )


def answers(label: str, persona: Persona, ids: dict[str, list[Any]], mode: GenerationMode) -> None:
    """Send ``persona``'s generated requests to one operation; raise on the first bad answer."""
    headers = caller(persona)
    # Nobody's requests are refused before anything is read: a few show it.
    count = MAX_EXAMPLES if persona.role is not None else max(2, MAX_EXAMPLES // 5)

    @settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(label, ids, mode))
    def answer(case: Any) -> None:
        # Each request in a savepoint rolled back after it: a load or a
        # delete by one case leaves the picture the same for the next.
        with transaction.atomic():
            case.call_and_validate(headers=headers, checks=CHECKS)
            transaction.set_rollback(True)

    answer()


@pytest.mark.usefixtures("unclosed_connection", "fuzz_settings")
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_answer_is_documented_and_no_server_error(label: str) -> None:
    ids = picture()
    failures = []
    for persona in PERSONAS:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                answers(label, persona, ids, mode)
            except Exception as failure:  # every persona is tried before failing
                failures.append(f"as {persona.name}, {mode.value} data:\n{failure}")
    assert not failures, "\n\n".join(failures)


def test_every_operation_of_the_document_is_fuzzed() -> None:
    results = list(SCHEMA.get_all_operations())
    assert len(OPERATIONS) == len(results) > 30
