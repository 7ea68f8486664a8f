"""Scoped API tokens: every operation declares a scope, and a token without it gets 403."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from soctasking.accounts.models import ApiToken, TokenScope, User
from soctasking.accounts.tokens import token_create
from soctasking.api import api
from soctasking.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

EVERY_SCOPE = sorted(TokenScope.values)

# The scope each operation needs: reading takes `read`, except the whole
# picture as a bundle; each kind of write its own.
EXPECTED = {
    "GET /bodies": "read",
    "GET /bodies/{body_id}": "read",
    "GET /threats": "read",
    "GET /threats/{threat_id}": "read",
    "POST /bundles": "bundle",
    "GET /bundle": "bundle",
    "GET /findings": "read",
    "GET /metrics": "read",
    "GET /checks": "read",
    "POST /access-requests": "access",
    "GET /access-requests": "read",
    "POST /access-requests/{request_id}/decision": "access",
    "GET /search": "read",
    "POST /submissions": "submit",
    "POST /submissions/batch": "submit",
    "GET /submissions/{submission_id}": "read",
    "GET /submissions/{submission_id}/receipt": "read",
    "GET /submissions/{submission_id}/file": "read",
    "GET /requirements": "read",
    "POST /requirements": "timetable",
    "GET /requirements/{requirement_id}": "read",
    "GET /requirements/{requirement_id}/rows": "read",
    "POST /requirements/{requirement_id}/rows": "timetable",
    "POST /requirements/{requirement_id}/rows/import": "timetable",
    "POST /requirements/{requirement_id}/rows/generate": "timetable",
    "DELETE /timetable-rows/{row_id}": "timetable",
    "GET /requirements/{requirement_id}/acknowledgements": "read",
    "POST /requirements/{requirement_id}/acknowledgements": "timetable",
    "GET /compliance": "read",
    "GET /compliance/{body_id}/history": "read",
    "POST /escalations": "timetable",
    "GET /escalations": "read",
    "GET /meeting-series": "read",
    "GET /meeting-series/{series_id}": "read",
    "GET /meeting-series/{series_id}/meetings": "read",
    "GET /meetings/{meeting_id}": "read",
    "GET /meetings/{meeting_id}/agenda": "read",
    "POST /meeting-series/{series_id}/meetings": "meetings",
    "POST /meetings/{meeting_id}/attendance": "meetings",
    "POST /meetings/{meeting_id}/decisions": "meetings",
    "POST /meetings/{meeting_id}/actions": "meetings",
    "POST /meetings/{meeting_id}/cancellation": "meetings",
    "POST /meetings/{meeting_id}/minutes/approval": "meetings",
    "GET /governance-groups": "read",
    "GET /action-plans/{plan_id}": "read",
    "GET /governance-groups/{group_id}": "read",
    "POST /governance-groups": "governance",
    "PUT /governance-groups/{group_id}": "governance",
    "POST /governance-groups/{group_id}/action-plans": "governance",
    "POST /action-plans/{plan_id}/actions": "governance",
    "POST /plan-actions/{action_id}/status": "governance",
    "POST /action-plans/{plan_id}/approval": "governance",
    "POST /action-plans/{plan_id}/versions": "governance",
    "POST /action-plans/{plan_id}/reports": "governance",
    "GET /meetings/{meeting_id}/assurance-report": "read",
    "POST /meetings/{meeting_id}/assurance": "governance",
    "GET /control-strategies/{strategy_id}": "read",
    "GET /control-strategies": "read",
    "POST /control-strategies": "governance",
    "POST /control-strategies/{strategy_id}/entries": "governance",
    "PATCH /control-strategies/{strategy_id}/entries/{threat_id}": "governance",
    "POST /control-strategies/{strategy_id}/entries/{threat_id}/removal": "governance",
    "GET /control-strategies/{strategy_id}/findings": "read",
    "GET /control-strategies/{strategy_id}/changes": "read",
    "POST /control-strategies/{strategy_id}/approval": "governance",
    "POST /control-strategies/{strategy_id}/versions": "governance",
    "GET /control-strategies/{strategy_id}/comparison": "read",
    "GET /themes": "read",
    "GET /performance/{quarter}": "read",
    "POST /performance-reports": "read",
    "GET /performance-reports/{report_id}": "read",
    "GET /performance-reports/{report_id}/pdf": "read",
    "GET /themes/{theme_key}": "read",
    "POST /themes/{theme_key}/decisions": "themes",
    "POST /theme-aliases": "themes",
    "GET /scoring-templates": "read",
    "GET /scoring-templates/{template_id}": "read",
    "POST /scoring-templates": "prioritisation",
    "POST /scoring-templates/{template_id}/versions": "prioritisation",
    "POST /scoring-templates/{template_id}/status": "prioritisation",
    "GET /evaluations/{evaluation_id}": "read",
    "POST /evaluations": "prioritisation",
    "POST /evaluations/{evaluation_id}/scores": "prioritisation",
    "POST /evaluations/{evaluation_id}/recommendations": "prioritisation",
    "POST /evaluations/{evaluation_id}/decisions": "prioritisation",
    "GET /referrals": "read",
    "POST /referrals": "tasking",
    "GET /referrals/{referral_id}": "read",
    "POST /referrals/{referral_id}/route": "tasking",
    "POST /referrals/{referral_id}/owner": "tasking",
    "POST /referrals/{referral_id}/decision": "tasking",
    "POST /referrals/{referral_id}/withdrawal": "tasking",
    "GET /actions/ours": "read",
    "GET /actions/{action_id}": "read",
    "POST /actions/{action_id}/updates": "tasking",
    "GET /local-priorities": "read",
    "POST /local-priorities": "response",
    "POST /local-priorities/import": "response",
    "GET /local-priorities/{local_priority_id}": "read",
    "GET /adoption": "read",
    "GET /operations": "read",
    "POST /operations": "response",
    "POST /operations/close": "response",
    "GET /operations/{operation_id}": "read",
    "POST /operations/{operation_id}/activity": "response",
    "POST /operations/{operation_id}/covert-authorities": "response",
    "POST /covert-authorities/{authority_id}/uses": "response",
    "POST /operations/{operation_id}/disruptions": "response",
}


def declared_scopes() -> dict[str, str | None]:
    found = {}
    for _, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                scope = getattr(operation.view_func, "token_scope", None)
                for method in operation.methods:
                    found[f"{method} {path}"] = scope.value if scope is not None else None
    return found


def test_every_operation_declares_the_scope_it_needs():
    assert declared_scopes() == EXPECTED


def test_the_document_names_each_operation_s_scope_in_its_403(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            scope = EXPECTED[f"{method.upper()} {path.removeprefix('/api/v1')}"]
            described = operation["responses"]["403"]["description"]
            assert described == f"Forbidden; a bearer token needs the scope `{scope}`" or (
                # An operation's own 403 answer keeps its own words.
                "needs the scope" not in described
            ), (method, path)


def bearer(user: User, *scopes: str) -> dict[str, str]:
    _, raw = token_create(user=user, acting_user=None, scopes=scopes)
    return {"Authorization": f"Bearer {raw}"}


def every_scope_but(scope: str) -> list[str]:
    return [other for other in EVERY_SCOPE if other != scope]


def test_reading_needs_the_read_scope(analyst):
    client = Client()

    refused = client.get("/api/v1/bodies", headers=bearer(analyst, *every_scope_but("read")))
    allowed = client.get("/api/v1/bodies", headers=bearer(analyst, "read"))

    assert refused.status_code == 403
    assert "lacks the scope 'read'" in refused.json()["detail"]
    assert allowed.status_code == 200


def test_submitting_needs_the_submit_scope_and_stores_nothing_without_it(analyst):
    from soctasking.intelligence.models import Submission

    client = Client()
    answer = client.post(
        "/api/v1/submissions",
        {"title": "x"},
        content_type="application/json",
        headers=bearer(analyst, *every_scope_but("submit")),
    )

    assert answer.status_code == 403
    assert "lacks the scope 'submit'" in answer.json()["detail"]
    assert not Submission.objects.exists()


def test_loading_and_exporting_a_bundle_need_the_bundle_scope(administrator):
    client = Client()
    headers = bearer(administrator, *every_scope_but("bundle"))

    loading = client.post("/api/v1/bundles", "{}", content_type="application/json", headers=headers)
    exporting = client.get("/api/v1/bundle", headers=headers)

    assert loading.status_code == exporting.status_code == 403
    assert "lacks the scope 'bundle'" in loading.json()["detail"]
    assert "lacks the scope 'bundle'" in exporting.json()["detail"]
    assert client.get("/api/v1/bundle", headers=bearer(administrator, "bundle")).status_code == 200


def test_keeping_the_timetable_needs_the_timetable_scope(analyst):
    answer = Client().post(
        "/api/v1/escalations",
        {"requirement": "x", "body": "y"},
        content_type="application/json",
        headers=bearer(analyst, *every_scope_but("timetable")),
    )

    assert answer.status_code == 403
    assert "lacks the scope 'timetable'" in answer.json()["detail"]


def test_asking_for_access_needs_the_access_scope(analyst):
    answer = Client().post(
        "/api/v1/access-requests",
        {"compartment": "chis", "reason": "For the Nightjar assessment due next week", "days": 7},
        content_type="application/json",
        headers=bearer(analyst, "read", "submit"),
    )

    assert answer.status_code == 403
    assert "lacks the scope 'access'" in answer.json()["detail"]


def test_a_browser_session_is_not_limited_by_scopes(client, analyst):
    client.force_login(analyst)

    assert client.get("/api/v1/bodies").status_code == 200


def test_a_token_made_without_naming_scopes_has_every_scope(analyst):
    token, _ = token_create(user=analyst, acting_user=None)

    assert token.scopes == EVERY_SCOPE


def test_scopes_are_stored_sorted_once_each_and_audited(analyst):
    token, _ = token_create(user=analyst, acting_user=None, scopes=["submit", "read", "submit"])

    assert token.scopes == ["read", "submit"]
    event = AuditEvent.objects.get(action="create", record_type="api_token")
    assert event.detail["scopes"] == ["read", "submit"]


@pytest.mark.parametrize(
    ("scopes", "message"),
    [
        (["read", "everything"], "unknown scope 'everything'; expected any of: read, submit"),
        ([], "give at least one scope"),
    ],
)
def test_an_unknown_scope_or_none_at_all_is_refused_and_nothing_stored(analyst, scopes, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        token_create(user=analyst, acting_user=None, scopes=scopes)

    assert message in error.value.message_dict["scopes"][0]
    assert not ApiToken.objects.exists()


def test_the_migration_gives_tokens_made_before_scopes_every_scope_of_its_time(analyst):
    token, _ = token_create(user=analyst, acting_user=None, scopes=["read"])
    ApiToken.objects.filter(pk=token.pk).update(scopes=[])
    migration = importlib.import_module("soctasking.accounts.migrations.0004_api_token_scopes")

    migration.widest_scopes(apps, None)

    token.refresh_from_db()
    # Every scope there was when scopes came in; `themes` came later.
    assert token.scopes == ["access", "bundle", "read", "submit", "timetable"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_token_create_names_the_scopes_and_token_list_shows_them(analyst):
    created = run("token", "create", "--user", "alice", "--scope", "submit", "read")
    listed = run("token", "list")

    assert "scopes read, submit" in created
    assert "SCOPES" in listed.splitlines()[0]
    assert "read,submit" in listed


def test_token_create_without_a_scope_makes_a_read_only_token(analyst):
    created = run("token", "create", "--user", "alice")

    assert "scopes read," in created
    assert ApiToken.objects.get().scopes == ["read"]


def test_token_create_refuses_an_unknown_scope_naming_the_option(analyst):
    with pytest.raises(CommandError) as error:
        run("token", "create", "--user", "alice", "--scope", "admin")

    assert error.value.returncode == 2
    assert str(error.value).startswith("--scope: unknown scope 'admin'")
    assert not ApiToken.objects.exists()


def test_scoring_a_round_needs_the_prioritisation_scope_and_stores_nothing_without_it(analyst):
    from soctasking.prioritisation.models import Evaluation

    answer = Client().post(
        "/api/v1/evaluations",
        {"id": "r1", "assessment": "a", "template": "morile-default", "date": "2018-05-01"},
        content_type="application/json",
        headers=bearer(analyst, *every_scope_but("prioritisation")),
    )

    assert answer.status_code == 403
    assert "lacks the scope 'prioritisation'" in answer.json()["detail"]
    assert not Evaluation.objects.exists()
