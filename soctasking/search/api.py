"""API operation of the search app: GET /api/v1/search."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from soctasking.accounts.clearance import Classification
from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.audit.services import audit_sensitive_reads
from soctasking.intelligence.models import IntelligenceAssessment, SourceEvaluation, SubmissionKind
from soctasking.search.query import MAX_QUERY_LENGTH, SearchQueryInvalid
from soctasking.search.selectors import MAX_PER_PAGE, submissions_search
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["search"])


class ProblemOut(Schema):
    detail: str


class SearchIn(Schema):
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description='words to find, all of which must match; "double quotes" keep a phrase',
    )
    body: str | None = Field(None, description="a body's id")
    threat: str | None = Field(None, description="a threat's id")
    kind: SubmissionKind | None = None
    classification: Classification | None = None
    period_start: date | None = Field(None, description="periods ending on or after this date")
    period_end: date | None = Field(None, description="periods starting on or before this date")
    grading_source: SourceEvaluation | None = None
    grading_intelligence: IntelligenceAssessment | None = None
    page: int = Field(1, ge=1)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


class SearchHitOut(Schema):
    id: str
    title: str
    body: str = Field(description="the submitting body's id")
    body_name: str
    kind: str = Field(description="empty when not recorded")
    received: datetime
    classification: str
    snippet: str = Field(
        description="HTML: the text around the matches, escaped, each match in <mark>"
    )
    rank: float = Field(description="higher ranks first; comparable within one search only")


class SearchOut(Schema):
    count: int = Field(description="how many submissions you may see match, over every page")
    page: int
    per_page: int
    results: list[SearchHitOut]


@router.get(
    "/search",
    response={200: SearchOut, 422: ProblemOut},
    summary="Full-text search over the submissions you may see",
)
@token_scope(TokenScope.READ)
def search_api(request: HttpRequest, filters: Query[SearchIn]) -> SearchOut:
    user = signed_in_user(request)
    try:
        results = submissions_search(
            user=user,
            query=filters.q,
            body=filters.body,
            threat=filters.threat,
            kind=filters.kind,
            classification=filters.classification,
            period_start=filters.period_start,
            period_end=filters.period_end,
            grading_source=filters.grading_source,
            grading_intelligence=filters.grading_intelligence,
            page=filters.page,
            per_page=filters.per_page,
        )
    except SearchQueryInvalid as problem:
        raise HttpError(422, f"q: {problem}.") from problem
    # Titles and snippets of SECRET material are themselves SECRET: returning them is a read.
    audit_sensitive_reads(
        actor=user,
        action="search",
        record_type="submission",
        records=[(hit.id, hit.classification) for hit in results.hits],
    )
    return SearchOut(
        count=results.count,
        page=results.page,
        per_page=results.per_page,
        results=[
            SearchHitOut(
                id=hit.id,
                title=hit.title,
                body=hit.body_id,
                body_name=hit.body_name,
                kind=hit.kind,
                received=hit.received,
                classification=hit.classification,
                snippet=str(hit.snippet),
                rank=hit.rank,
            )
            for hit in results.hits
        ],
    )
