"""API operations of the assurance app: findings, metrics and the check registry.

Any signed-in user may read them: findings and metrics name records and
count them but carry no classified text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.metrics import metrics_compute
from soctasking.assurance.registry import (
    Severity,
    SubjectType,
    UnknownCheckError,
)
from soctasking.assurance.selectors import (
    checks_in_force,
    findings_current,
    findings_visible_to,
    picture_as_of,
)
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["assurance"])

# The checks and metrics count back and forward from the date by months and
# years; a date near the calendar's ends would take them off it.
EARLIEST, LATEST = date(1000, 1, 1), date(8999, 12, 31)
AS_OF = "default: the loaded bundle's as_of, else today; from 1000-01-01 to 8999-12-31"


class DetailOut(Schema):
    detail: str


class FindingsQuery(Schema):
    as_of: date | None = Field(None, ge=EARLIEST, le=LATEST, description=AS_OF)
    code: list[str] | None = Field(None, description="only these checks; repeat for several")
    severity: Severity | None = None
    subject_type: SubjectType | None = None
    subject_id: str | None = None


class SubjectOut(Schema):
    type: SubjectType
    id: str


class FindingOut(Schema):
    code: str
    name: str
    severity: Severity
    subject: SubjectOut
    message: str
    evidence: dict[str, Any]
    recommendation: str


class MetricsQuery(Schema):
    as_of: date | None = Field(None, ge=EARLIEST, le=LATEST, description=AS_OF)


class CheckOut(Schema):
    code: str
    name: str
    severity: Severity
    subject: SubjectType
    description: str
    thresholds: dict[str, float] = Field(description="the thresholds in force")
    default_thresholds: dict[str, float]
    recommendation: str


@router.get(
    "/findings",
    response={200: list[FindingOut], 400: DetailOut},
    summary="The findings of the checks",
    description="400 when a code names no registered check.",
)
@token_scope(TokenScope.READ)
def findings_list(request: HttpRequest, filters: Query[FindingsQuery]) -> list[dict[str, Any]]:
    as_of = picture_as_of(explicit=filters.as_of)
    try:
        findings = findings_current(
            as_of=as_of,
            codes=filters.code,
            severities=[filters.severity] if filters.severity else None,
            subject_type=filters.subject_type,
            subject_id=filters.subject_id,
        )
    except UnknownCheckError as error:
        raise HttpError(400, f"code: {error}") from None
    shown = findings_visible_to(user=signed_in_user(request), findings=findings, as_of=as_of)
    return [finding.to_json() for finding in shown]


@router.get("/metrics", response=dict[str, dict[str, Any]], summary="The metrics, by name")
@token_scope(TokenScope.READ)
def metrics_list(request: HttpRequest, filters: Query[MetricsQuery]) -> dict[str, Any]:
    return metrics_compute(as_of=filters.as_of)


@router.get("/checks", response=list[CheckOut], summary="The registered checks")
@token_scope(TokenScope.READ)
def checks_list(request: HttpRequest) -> list[dict[str, Any]]:
    return checks_in_force()
