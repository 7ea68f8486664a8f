"""One search interface, two implementations: SQLite FTS5 and PostgreSQL full-text search.

Each backend takes the parsed query and the condition a match must satisfy
(``conditions.search_condition``: what the reader may see, and the filters),
and answers within it only: the condition sits in the same WHERE clause as
the match, tested on each match's own row, so counting, ranking and
snippets never touch a hidden row's result, and the work follows the
number of matches, not the size of the table. Ranks are "higher is
better" on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from soctasking.search.conditions import ROW, Condition
from soctasking.search.query import MATCH_END, MATCH_START, ParsedQuery
from soctasking.search.schema import FTS_TABLE, POSTGRESQL_DOCUMENT

SNIPPET_WORDS = 24


@dataclass(frozen=True)
class RawHit:
    id: str
    rank: float
    snippet: str


class SearchBackend(Protocol):
    def count(self, *, query: ParsedQuery, where: Condition) -> int: ...

    def page(
        self, *, query: ParsedQuery, where: Condition, limit: int, offset: int
    ) -> list[RawHit]: ...


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


class SQLiteBackend:
    """FTS5: ``MATCH`` on the index, BM25 with the title weighted ten times the text."""

    # The matches, each joined to its submission row by rowid, which the
    # search condition then tests.
    MATCHES = (
        f"{FTS_TABLE} JOIN intelligence_submission {ROW} ON {ROW}.rowid = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s"
    )

    @staticmethod
    def _match(query: ParsedQuery) -> str:
        # Every term becomes an FTS5 string in double quotes, so no word is
        # read as an operator (AND, NEAR, column:...); terms side by side must
        # all match.
        return " ".join('"' + " ".join(words).replace('"', '""') + '"' for words in query.terms)

    def count(self, *, query: ParsedQuery, where: Condition) -> int:
        sql = f"SELECT COUNT(*) FROM {self.MATCHES} AND ({where.sql})"  # noqa: S608 - fixed names; values are parameters
        return int(_fetch(sql, [self._match(query), *where.params])[0][0])

    def page(
        self, *, query: ParsedQuery, where: Condition, limit: int, offset: int
    ) -> list[RawHit]:
        # Ranking chooses the page's rows first; only then is the snippet,
        # which re-reads and re-tokenises the text, made, for those rows
        # alone. CROSS JOIN keeps the page's rows on the outside, so FTS5 is
        # asked for each one by rowid and MATCH together rather than
        # scanning every match a second time.
        sql = (
            f"SELECT hit.id, hit.rank, snippet({FTS_TABLE}, 1, %s, %s, %s, {SNIPPET_WORDS}) "  # noqa: S608 - as above
            f"FROM (SELECT {ROW}.rowid AS match_rowid, {ROW}.id, {ROW}.received, "
            f"-bm25({FTS_TABLE}, 10.0, 1.0) AS rank FROM {self.MATCHES} AND ({where.sql}) "
            f"ORDER BY rank DESC, {ROW}.received DESC, {ROW}.id LIMIT %s OFFSET %s) AS hit "
            f"CROSS JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = hit.match_rowid "
            f"WHERE {FTS_TABLE} MATCH %s "
            "ORDER BY hit.rank DESC, hit.received DESC, hit.id"
        )
        match = self._match(query)
        params = [MATCH_START, MATCH_END, "…", match, *where.params, limit, offset, match]
        return [
            RawHit(id=row[0], rank=float(row[1]), snippet=row[2]) for row in _fetch(sql, params)
        ]


class PostgreSQLBackend:
    """``@@`` on the GIN-indexed weighted document, ``ts_rank``, ``ts_headline`` for snippets."""

    DOCUMENT = POSTGRESQL_DOCUMENT.format(table=ROW)
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

    def count(self, *, query: ParsedQuery, where: Condition) -> int:
        tsquery, params = self._tsquery(query)
        sql = (
            f"SELECT COUNT(*) FROM intelligence_submission {ROW} "  # noqa: S608 - fixed SQL; values are parameters
            f"WHERE {self.DOCUMENT} @@ {tsquery} AND ({where.sql})"
        )
        return int(_fetch(sql, [*params, *where.params])[0][0])

    def page(
        self, *, query: ParsedQuery, where: Condition, limit: int, offset: int
    ) -> list[RawHit]:
        tsquery, params = self._tsquery(query)
        # The headline re-reads the text, the costliest step, so it runs only
        # on the rows of the page, after ranking has chosen them.
        sql = (
            "SELECT hit.id, hit.rank, "  # noqa: S608 - as above
            f"ts_headline('english'::regconfig, {ROW}.text, {tsquery}, %s) "
            f"FROM (SELECT {ROW}.id, {ROW}.received, ts_rank({self.DOCUMENT}, {tsquery}) AS rank "
            f"FROM intelligence_submission {ROW} "
            f"WHERE {self.DOCUMENT} @@ {tsquery} AND ({where.sql}) "
            f"ORDER BY rank DESC, {ROW}.received DESC, {ROW}.id LIMIT %s OFFSET %s) AS hit "
            f"JOIN intelligence_submission {ROW} ON {ROW}.id = hit.id "
            "ORDER BY hit.rank DESC, hit.received DESC, hit.id"
        )
        all_params = [
            *params,
            self.HEADLINE_OPTIONS,
            *params,
            *params,
            *where.params,
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
