"""Searching the submissions a user may see: ranked, filtered, with highlighted snippets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils.safestring import SafeString

from soctasking.accounts.gate import filter_visible, is_active_user
from soctasking.accounts.models import User
from soctasking.intelligence.models import Submission
from soctasking.search.backends import Visible, backend_for
from soctasking.search.query import query_parse, snippet_html

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    body_id: str
    body_name: str
    kind: str
    kind_label: str
    received: datetime
    classification: str
    classification_label: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, and how many submissions the reader may see match in all."""

    count: int
    page: int
    per_page: int
    hits: list[SearchHit]

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))


def _visible(
    *,
    user: User,
    body: str | None,
    threat: str | None,
    kind: str | None,
    classification: str | None,
    period_start: date | None,
    period_end: date | None,
    grading_source: str | None,
    grading_intelligence: str | None,
) -> Visible | None:
    """The ids the user may see that pass the filters, as SQL; None when that is nothing."""
    if not is_active_user(user):
        return None
    submissions = filter_visible(user=user, queryset=Submission.objects.all())
    exact = {
        "body_id": body,
        "threats__id": threat,
        "kind": kind,
        "classification": classification,
        "grading_source": grading_source,
        "grading_intelligence": grading_intelligence,
    }
    submissions = submissions.filter(**{k: v for k, v in exact.items() if v})
    # The period filters keep submissions whose period overlaps the one asked for.
    if period_start is not None:
        submissions = submissions.filter(period_end__gte=period_start)
    if period_end is not None:
        submissions = submissions.filter(period_start__lte=period_end)
    try:
        sql, params = submissions.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:
        return None
    return Visible(sql=sql, params=params)


def submissions_search(
    *,
    user: User,
    query: str,
    body: str | None = None,
    threat: str | None = None,
    kind: str | None = None,
    classification: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    grading_source: str | None = None,
    grading_intelligence: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """The submissions ``user`` may see that match ``query`` and the filters, best first.

    The access gate is part of the search query itself, so the count, the
    ranking and the snippets only ever reflect what the user may see. A page
    past the last gives the last page. Raises ``SearchQueryInvalid`` for a
    query without words, before anything is read.
    """
    parsed = query_parse(query)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    visible = _visible(
        user=user,
        body=body,
        threat=threat,
        kind=kind,
        classification=classification,
        period_start=period_start,
        period_end=period_end,
        grading_source=grading_source,
        grading_intelligence=grading_intelligence,
    )
    if visible is None:
        return SearchResults(count=0, page=1, per_page=per_page, hits=[])
    backend = backend_for(connection.vendor)
    count = backend.count(query=parsed, visible=visible)
    page = max(1, min(page, math.ceil(count / per_page) or 1))
    raw = (
        backend.page(query=parsed, visible=visible, limit=per_page, offset=(page - 1) * per_page)
        if count
        else []
    )
    # The rest of each hit through the ORM, for typed values; never the text.
    records = Submission.objects.select_related("body").defer("text").in_bulk([r.id for r in raw])
    hits = [
        SearchHit(
            id=record.id,
            title=record.title,
            body_id=record.body_id,
            body_name=record.body.name,
            kind=record.kind,
            kind_label=record.get_kind_display(),
            received=record.received,
            classification=record.classification,
            classification_label=record.get_classification_display(),
            snippet=snippet_html(hit.snippet),
            rank=hit.rank,
        )
        for hit in raw
        if (record := records.get(hit.id)) is not None
    ]
    return SearchResults(count=count, page=page, per_page=per_page, hits=hits)
