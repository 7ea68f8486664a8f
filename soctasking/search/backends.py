"""One search interface, two implementations: SQLite FTS5 and PostgreSQL full-text search.

Each backend takes the parsed query and the SQL of the submissions the
reader may see (already narrowed by the filters), and answers within that
set only: the visibility condition sits in the same WHERE clause as the
match, so counting, ranking and snippets never touch a hidden row's result.
Ranks are "higher is better" on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from soctasking.search.query import MATCH_END, MATCH_START, ParsedQuery
from soctasking.search.schema import FTS_TABLE, POSTGRESQL_DOCUMENT

SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Visible:
    """The SQL (and its parameters) of a query selecting the ids a reader may see."""

    sql: str
    params: Sequence[Any]


@dataclass(frozen=True)
class RawHit:
    id: str
    rank: float
    snippet: str


class SearchBackend(Protocol):
    def count(self, *, query: ParsedQuery, visible: Visible) -> int: ...

    def page(
        self, *, query: ParsedQuery, visible: Visible, limit: int, offset: int
    ) -> list[RawHit]: ...


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


class SQLiteBackend:
    """FTS5: ``MATCH`` on the index, BM25 with the title weighted ten times the text."""

    @staticmethod
    def _match(query: ParsedQuery) -> str:
        # Every term becomes an FTS5 string in double quotes, so no word is
        # read as an operator (AND, NEAR, column:...); terms side by side must
        # all match.
        return " ".join('"' + " ".join(words).replace('"', '""') + '"' for words in query.terms)

    def count(self, *, query: ParsedQuery, visible: Visible) -> int:
        sql = (
            f"SELECT COUNT(*) FROM {FTS_TABLE} "  # noqa: S608 - fixed names; values are parameters
            f"JOIN intelligence_submission s ON s.rowid = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND s.id IN ({visible.sql})"
        )
        return int(_fetch(sql, [self._match(query), *visible.params])[0][0])

    def page(
        self, *, query: ParsedQuery, visible: Visible, limit: int, offset: int
    ) -> list[RawHit]:
        sql = (
            f"SELECT s.id, -bm25({FTS_TABLE}, 10.0, 1.0) AS rank, "  # noqa: S608 - as above
            f"snippet({FTS_TABLE}, 1, %s, %s, %s, {SNIPPET_WORDS}) "
            f"FROM {FTS_TABLE} JOIN intelligence_submission s ON s.rowid = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND s.id IN ({visible.sql}) "
            "ORDER BY rank DESC, s.received DESC, s.id LIMIT %s OFFSET %s"
        )
        params = [MATCH_START, MATCH_END, "…", self._match(query), *visible.params, limit, offset]
        return [
            RawHit(id=row[0], rank=float(row[1]), snippet=row[2]) for row in _fetch(sql, params)
        ]


class PostgreSQLBackend:
    """``@@`` on the GIN-indexed weighted document, ``ts_rank``, ``ts_headline`` for snippets."""

    DOCUMENT = POSTGRESQL_DOCUMENT.format(table="s")
    HEADLINE_OPTIONS = (
        f'StartSel="{MATCH_START}", StopSel="{MATCH_END}", MaxWords={SNIPPET_WORDS}, '
        'MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'
    )

    @staticmethod
    def _tsquery(query: ParsedQuery) -> tuple[str, list[str]]:
        # Each term goes in as a parameter to plainto_tsquery or
        # phraseto_tsquery, which read their argument as plain text: no
        # tsquery operator a user types is honoured.
        parts = [
            "plainto_tsquery('english'::regconfig, %s)"
            if len(words) == 1
            else "phraseto_tsquery('english'::regconfig, %s)"
            for words in query.terms
        ]
        return "(" + " && ".join(parts) + ")", [" ".join(words) for words in query.terms]

    def count(self, *, query: ParsedQuery, visible: Visible) -> int:
        tsquery, params = self._tsquery(query)
        sql = (
            "SELECT COUNT(*) FROM intelligence_submission s "  # noqa: S608 - fixed SQL; values are parameters
            f"WHERE {self.DOCUMENT} @@ {tsquery} AND s.id IN ({visible.sql})"
        )
        return int(_fetch(sql, [*params, *visible.params])[0][0])

    def page(
        self, *, query: ParsedQuery, visible: Visible, limit: int, offset: int
    ) -> list[RawHit]:
        tsquery, params = self._tsquery(query)
        # The headline re-reads the text, the costliest step, so it runs only
        # on the rows of the page, after ranking has chosen them.
        sql = (
            "SELECT hit.id, hit.rank, "  # noqa: S608 - as above
            f"ts_headline('english'::regconfig, s.text, {tsquery}, %s) "
            f"FROM (SELECT s.id, s.received, ts_rank({self.DOCUMENT}, {tsquery}) AS rank "
            "FROM intelligence_submission s "
            f"WHERE {self.DOCUMENT} @@ {tsquery} AND s.id IN ({visible.sql}) "
            "ORDER BY rank DESC, s.received DESC, s.id LIMIT %s OFFSET %s) AS hit "
            "JOIN intelligence_submission s ON s.id = hit.id "
            "ORDER BY hit.rank DESC, hit.received DESC, hit.id"
        )
        all_params = [
            *params,
            self.HEADLINE_OPTIONS,
            *params,
            *params,
            *visible.params,
            limit,
            offset,
        ]
        return [
            RawHit(id=row[0], rank=float(row[1]), snippet=row[2]) for row in _fetch(sql, all_params)
        ]


def backend_for(vendor: str) -> SearchBackend:
    """The backend for a database vendor (``connection.vendor``)."""
    if vendor == "sqlite":
        return SQLiteBackend()
    if vendor == "postgresql":
        return PostgreSQLBackend()
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
