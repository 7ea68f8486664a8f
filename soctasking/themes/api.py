"""API operations of the themes app: the ranking, one theme's evidence, acting on a theme.

Counts and lists come only from the submissions the caller may see (and
from local priorities, which carry no marking). A theme the caller sees
no mention of answers 404, as if it did not exist; so does acting on one
named in a submission they may not see.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from soctasking.accounts.gate import has_role
from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.assurance.selectors import picture_as_of
from soctasking.audit.services import audit_sensitive_reads
from soctasking.themes.selectors import (
    ThemeSummary,
    theme_evidence,
    theme_key_from_slug,
    theme_summaries,
)
from soctasking.themes.services import (
    ACTING_ROLES,
    ThemeNotFoundError,
    theme_add_as_keyword,
    theme_add_as_threat,
    theme_alias_merge,
    theme_dismiss,
)
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["themes"])

EARLIEST, LATEST = date(1000, 1, 1), date(8999, 12, 31)
KEY_IN_PATH = "the theme's key with hyphens for spaces, e.g. county-line"


class DetailOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str
    message: str


class FieldErrorsOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class ThemesQuery(Schema):
    as_of: date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="default: the loaded bundle's as_of, else today"
    )
    emerging: bool = Field(False, description="only themes the latest assessment does not cover")
    limit: int = Field(50, ge=1, le=1000)


class ThemeOut(Schema):
    key: str = Field(description="use with hyphens for spaces in /themes/{theme_key}")
    label: str
    bodies: int
    threats: int
    submissions: int
    mentions: int
    first_seen: date | None
    last_seen: date | None
    mentions_last_90_days: int
    mentions_90_days_before: int
    growth: float
    covered_by: str | None = Field(description="the threat of the latest assessment covering it")


class ThemeBodyOut(Schema):
    id: str
    name: str
    mentions: int
    last_seen: date | None


class ThemeThreatCountOut(Schema):
    id: str
    name: str
    submissions: int


class ThemeSubmissionOut(Schema):
    id: str
    title: str
    body: str | None
    on: date | None
    source: str
    threats: list[str]


class ThemeMonthOut(Schema):
    month: str
    mentions: int


class ThemeDecisionOut(Schema):
    id: int
    kind: str
    reason: str
    threat: str | None
    assessment: str | None
    decided: str


class ThemeDetailOut(ThemeOut):
    aliases: list[str]
    bodies_naming: list[ThemeBodyOut]
    threats_tagged: list[ThemeThreatCountOut]
    submissions_naming: list[ThemeSubmissionOut]
    local_priorities: list[str]
    months: list[ThemeMonthOut]
    decisions: list[ThemeDecisionOut]


class ThemeAction(StrEnum):
    NEW_THREAT = "new_threat"
    KEYWORD = "keyword"
    DISMISSED = "dismissed"


class ThemeDecisionIn(Schema):
    action: ThemeAction
    reason: str = Field(max_length=2000)
    threat: str | None = Field(None, description="for keyword: the threat to add it to")
    name: str = Field("", max_length=300, description="for new_threat: its name")


class ThemeAliasIn(Schema):
    alias: str = Field(max_length=400, description="the spelling to merge, as written")
    into: str = Field(max_length=400, description="the theme it is another spelling of")


class ThemeAliasOut(Schema):
    alias: str
    theme: str


def _summary_out(summary: ThemeSummary) -> dict[str, Any]:
    return {
        "key": summary.key,
        "label": summary.label,
        "bodies": summary.bodies,
        "threats": summary.threats,
        "submissions": summary.submissions,
        "mentions": summary.mentions,
        "first_seen": summary.first_seen,
        "last_seen": summary.last_seen,
        "mentions_last_90_days": summary.recent,
        "mentions_90_days_before": summary.before,
        "growth": summary.growth,
        "covered_by": summary.covered_by,
    }


def _refused(error: ValidationError) -> Status[Any]:
    errors = [
        {"field": field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(422, {"detail": "The request was refused; see errors.", "errors": errors})


@router.get("/themes", response=list[ThemeOut], summary="Themes, ranked by breadth and growth")
@token_scope(TokenScope.READ)
def themes_list(request: HttpRequest, filters: Query[ThemesQuery]) -> list[dict[str, Any]]:
    user = signed_in_user(request)
    summaries = theme_summaries(user=user, as_of=picture_as_of(explicit=filters.as_of))
    if filters.emerging:
        summaries = [s for s in summaries if s.covered_by is None]
    return [_summary_out(summary) for summary in summaries[: filters.limit]]


@router.get(
    "/themes/{theme_key}",
    response={200: ThemeDetailOut, 404: DetailOut},
    summary="One theme's evidence: bodies, threats, submissions, months, decisions",
)
@token_scope(TokenScope.READ)
def theme_get(request: HttpRequest, theme_key: str) -> Any:
    user = signed_in_user(request)
    evidence = theme_evidence(user=user, key=theme_key_from_slug(theme_key), as_of=picture_as_of())
    if evidence is None:
        raise HttpError(404, "No theme with this key is known to you.")
    audit_sensitive_reads(
        actor=user,
        action="list",
        record_type="submission",
        records=[(row["id"], row["classification"]) for row in evidence.submissions],
    )
    return {
        **_summary_out(evidence.summary),
        "aliases": evidence.aliases,
        "bodies_naming": evidence.bodies,
        "threats_tagged": evidence.threats,
        "submissions_naming": evidence.submissions,
        "local_priorities": [lp["id"] for lp in evidence.local_priorities],
        "months": [{"month": month, "mentions": count} for month, count in evidence.months],
        "decisions": [
            {
                "id": decision.pk,
                "kind": decision.kind,
                "reason": decision.reason,
                "threat": decision.threat_id,
                "assessment": decision.assessment_id,
                "decided": decision.decided.isoformat(),
            }
            for decision in evidence.decisions
        ],
    }


@router.post(
    "/themes/{theme_key}/decisions",
    response={201: ThemeDecisionOut, 403: DetailOut, 404: DetailOut, 422: FieldErrorsOut},
    summary="Add a theme to the draft assessment (as a threat or a keyword), or dismiss it",
    description="Analysts and administrators; the reason is recorded and audited.",
)
@token_scope(TokenScope.THEMES)
def theme_decision_post(request: HttpRequest, theme_key: str, payload: ThemeDecisionIn) -> Any:
    user = signed_in_user(request)
    if not has_role(user=user, roles=ACTING_ROLES):
        raise HttpError(403, "Only analysts act on themes.")
    key, as_of = theme_key_from_slug(theme_key), picture_as_of()
    try:
        if payload.action == ThemeAction.NEW_THREAT:
            decision = theme_add_as_threat(
                acting_user=user, key=key, reason=payload.reason, as_of=as_of, name=payload.name
            )
        elif payload.action == ThemeAction.KEYWORD:
            if not payload.threat:
                raise ValidationError({"threat": "Name the threat to add the keyword to."})
            decision = theme_add_as_keyword(
                acting_user=user,
                key=key,
                threat_id=payload.threat,
                reason=payload.reason,
                as_of=as_of,
            )
        else:
            decision = theme_dismiss(acting_user=user, key=key, reason=payload.reason, as_of=as_of)
    except ThemeNotFoundError:
        raise HttpError(404, "No theme with this key is known to you.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(
        201,
        {
            "id": decision.pk,
            "kind": decision.kind,
            "reason": decision.reason,
            "threat": decision.threat_id,
            "assessment": decision.assessment_id,
            "decided": decision.decided.isoformat(),
        },
    )


@router.post(
    "/theme-aliases",
    response={201: ThemeAliasOut, 403: DetailOut, 422: FieldErrorsOut},
    summary="Merge another spelling into a theme (administrators)",
)
@token_scope(TokenScope.THEMES)
def theme_alias_post(request: HttpRequest, payload: ThemeAliasIn) -> Any:
    user = signed_in_user(request)
    try:
        merged = theme_alias_merge(acting_user=user, alias=payload.alias, into=payload.into)
    except PermissionDenied:
        raise HttpError(403, "Only administrators merge themes.") from None
    except ValidationError as error:
        return _refused(error)
    return Status(201, {"alias": merged.key, "theme": merged.theme_id})
