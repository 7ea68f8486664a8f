"""Searching the submissions a user may see: ranked, filtered, with highlighted snippets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.utils.safestring import SafeString

from soctasking.accounts.models import User
from soctasking.intelligence.models import Submission
from soctasking.search.backends import backend_for
from soctasking.search.conditions import search_condition
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
    where = search_condition(
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
    if where is None:
        return SearchResults(count=0, page=1, per_page=per_page, hits=[])
    backend = backend_for(connection.vendor)
    count = backend.count(query=parsed, where=where)
    page = max(1, min(page, math.ceil(count / per_page) or 1))
    raw = (
        backend.page(query=parsed, where=where, limit=per_page, offset=(page - 1) * per_page)
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
