"""submissions_search: matching, ranking, snippets, filters, pages, and the index kept in sync."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from soctasking.exchange.services import bundle_load
from soctasking.intelligence.models import Submission
from soctasking.search.backends import PostgreSQLBackend
from soctasking.search.query import SearchQueryInvalid, query_parse
from soctasking.search.schema import FTS_TABLE, index_repair
from soctasking.search.selectors import submissions_search
from soctasking.testing.factories import BodyFactory, SubmissionFactory, ThreatFactory

pytestmark = pytest.mark.django_db


def ids(results):
    return [hit.id for hit in results.hits]


def test_a_word_finds_the_submissions_that_contain_it_and_only_those(analyst):
    SubmissionFactory(id="a", title="Harbour watch", text="Cocaine landed at the harbour.")
    SubmissionFactory(id="b", title="Firearms", text="A pistol was recovered.")

    results = submissions_search(user=analyst, query="cocaine")

    assert results.count == 1
    assert ids(results) == ["a"]


def test_every_word_must_match(analyst):
    SubmissionFactory(id="both", text="Cocaine moved through the harbour.")
    SubmissionFactory(id="one", text="Cocaine moved by road.")

    assert ids(submissions_search(user=analyst, query="cocaine harbour")) == ["both"]


def test_words_are_stemmed_so_plural_finds_singular(analyst):
    SubmissionFactory(id="a", text="A new supply line opened.")

    assert ids(submissions_search(user=analyst, query="supplies")) == ["a"]


def test_a_quoted_phrase_matches_only_those_words_in_that_order(analyst):
    SubmissionFactory(id="phrase", text="New county lines into Cumbria.")
    SubmissionFactory(id="apart", text="Lines crossed the county border.")

    assert ids(submissions_search(user=analyst, query='"county lines"')) == ["phrase"]
    assert sorted(ids(submissions_search(user=analyst, query="county lines"))) == [
        "apart",
        "phrase",
    ]


def test_a_title_match_ranks_above_a_text_match(analyst):
    SubmissionFactory(id="text", title="Weekly report", text="Some firearms were seen.")
    SubmissionFactory(id="title", title="Firearms in the north", text="Nothing else of note.")

    results = submissions_search(user=analyst, query="firearms")

    assert ids(results) == ["title", "text"]
    assert results.hits[0].rank > results.hits[1].rank


def test_more_matches_rank_above_fewer(analyst):
    filler = " ".join(["routine"] * 20)
    SubmissionFactory(id="once", title="Report", text=f"heroin {filler}")
    SubmissionFactory(id="thrice", title="Report", text=f"heroin heroin heroin {filler}")

    assert ids(submissions_search(user=analyst, query="heroin")) == ["thrice", "once"]


def test_the_snippet_marks_each_match(analyst):
    SubmissionFactory(text="Deal lines run from Liverpool into Cumbria.")

    snippet = str(submissions_search(user=analyst, query="liverpool").hits[0].snippet)

    assert "<mark>Liverpool</mark>" in snippet
    assert "Cumbria" in snippet


def test_the_snippet_escapes_the_text_so_only_the_marks_are_markup(analyst):
    SubmissionFactory(text='Seen <script>alert("x")</script> near the docks & the pier.')

    snippet = str(submissions_search(user=analyst, query="docks").hits[0].snippet)

    # SQLite shows the tags as text; PostgreSQL's headline leaves tags out.
    # Either way none reaches the page as markup.
    assert "<script" not in snippet
    assert "</script" not in snippet
    assert "&quot;x&quot;" in snippet
    assert "&amp;" in snippet
    assert "<mark>docks</mark>" in snippet


def test_the_hit_carries_the_fields_a_list_needs(analyst):
    body = BodyFactory(id="rocu-nw", name="North West ROCU")
    SubmissionFactory(id="s-1", title="Ports", body=body, kind="intelligence_report", text="Ports")

    hit = submissions_search(user=analyst, query="ports").hits[0]

    assert (hit.id, hit.title, hit.body_id, hit.body_name) == (
        "s-1",
        "Ports",
        "rocu-nw",
        "North West ROCU",
    )
    assert (hit.kind, hit.kind_label) == ("intelligence_report", "Intelligence report")
    assert (hit.classification, hit.classification_label) == ("official", "OFFICIAL")


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!! ???", '""', "* - ( ) : ^", "___"],
)
def test_a_query_without_words_is_refused_with_a_clear_message(analyst, query):
    with pytest.raises(SearchQueryInvalid, match="Enter a word to search for"):
        submissions_search(user=analyst, query=query)


@pytest.mark.parametrize(
    "query",
    [
        "cocaine OR firearms",
        "title:cocaine",
        "cocaine NEAR(firearms)",
        '"unbalanced cocaine',
        "cocaine* ^firearms",
        "cocaine & !firearms | (x)",
        "cocaine' ; DROP TABLE intelligence_submission; --",
    ],
)
def test_search_syntax_typed_by_a_user_is_read_as_plain_words(analyst, query):
    SubmissionFactory(id="c", title="Cocaine", text="cocaine")

    results = submissions_search(user=analyst, query=query)

    assert results.count == len(results.hits)
    assert Submission.objects.filter(id="c").exists()


def test_operators_are_words_that_must_match_not_syntax(analyst):
    SubmissionFactory(id="cocaine", text="cocaine only")
    SubmissionFactory(id="firearms", text="firearms only")

    assert submissions_search(user=analyst, query="cocaine OR firearms").count == 0


def test_a_query_too_long_is_refused(analyst):
    with pytest.raises(SearchQueryInvalid, match="300 characters or fewer"):
        submissions_search(user=analyst, query="a" * 301)


# Filters


@pytest.fixture
def spread():
    nca = BodyFactory(id="nca", name="NCA")
    kent = BodyFactory(id="kent", name="Kent")
    drugs = ThreatFactory(id="drugs", name="Drugs")
    guns = ThreatFactory(id="guns", name="Firearms")
    common = {"text": "Activity at the port."}
    SubmissionFactory(
        id="nca-drugs",
        body=nca,
        threats=[drugs],
        kind="tactical_assessment",
        classification="official",
        period_start=date(2017, 4, 1),
        period_end=date(2017, 6, 30),
        grading_source="1",
        grading_intelligence="a",
        grading_handling="p",
        **common,
    )
    SubmissionFactory(
        id="kent-guns",
        body=kent,
        threats=[guns],
        kind="intelligence_report",
        classification="secret",
        period_start=date(2018, 1, 1),
        period_end=date(2018, 3, 31),
        grading_source="2",
        grading_intelligence="c",
        grading_handling="p",
        **common,
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["kent-guns", "nca-drugs"]),
        ({"body": "nca"}, ["nca-drugs"]),
        ({"threat": "guns"}, ["kent-guns"]),
        ({"kind": "tactical_assessment"}, ["nca-drugs"]),
        ({"classification": "secret"}, ["kent-guns"]),
        ({"grading_source": "2"}, ["kent-guns"]),
        ({"grading_intelligence": "a"}, ["nca-drugs"]),
        ({"period_start": date(2017, 7, 1)}, ["kent-guns"]),
        ({"period_end": date(2017, 12, 31)}, ["nca-drugs"]),
        (
            {"period_start": date(2017, 6, 1), "period_end": date(2018, 1, 1)},
            ["kent-guns", "nca-drugs"],
        ),
        # Both ends are inclusive: a period touching the one asked for overlaps it.
        (
            {"period_start": date(2017, 6, 30), "period_end": date(2018, 1, 1)},
            ["kent-guns", "nca-drugs"],
        ),
        ({"body": "nca", "threat": "guns"}, []),
    ],
)
def test_each_filter_narrows_the_hits_and_the_count(analyst, spread, filters, expected):
    results = submissions_search(user=analyst, query="port", **filters)

    assert sorted(ids(results)) == expected
    assert results.count == len(expected)


def test_a_period_filter_leaves_out_submissions_without_a_period(analyst, spread):
    SubmissionFactory(id="undated", text="Activity at the port.")

    assert "undated" in ids(submissions_search(user=analyst, query="port"))
    after = submissions_search(user=analyst, query="port", period_start=date(2000, 1, 1))
    before = submissions_search(user=analyst, query="port", period_end=date(2100, 1, 1))

    for results in (after, before):
        assert sorted(ids(results)) == ["kent-guns", "nca-drugs"]
        assert results.count == 2


# Pages


def test_results_come_a_page_at_a_time_in_a_stable_order(analyst):
    for number in range(5):
        SubmissionFactory(id=f"s-{number}", text="harbour")

    pages = [
        submissions_search(user=analyst, query="harbour", page=n, per_page=2) for n in (1, 2, 3)
    ]

    assert [r.count for r in pages] == [5, 5, 5]
    assert [len(r.hits) for r in pages] == [2, 2, 1]
    assert sorted(i for r in pages for i in ids(r)) == [f"s-{n}" for n in range(5)]
    assert pages[2].num_pages == 3


def test_a_page_past_the_last_gives_the_last(analyst):
    for number in range(3):
        SubmissionFactory(id=f"s-{number}", text="harbour")

    results = submissions_search(user=analyst, query="harbour", page=99, per_page=2)

    assert (results.page, len(results.hits)) == (2, 1)


def test_no_match_is_an_empty_first_page(analyst):
    results = submissions_search(user=analyst, query="nothing")

    assert (results.count, results.page, results.hits) == (0, 1, [])


# The index follows every write, whoever makes it.


def test_the_index_follows_inserts_updates_and_deletes(analyst):
    SubmissionFactory(id="s", title="Old title", text="cocaine")
    assert ids(submissions_search(user=analyst, query="cocaine")) == ["s"]

    Submission.objects.filter(id="s").update(text="heroin")
    assert submissions_search(user=analyst, query="cocaine").count == 0
    assert ids(submissions_search(user=analyst, query="heroin")) == ["s"]

    submission = Submission.objects.get(id="s")
    submission.title = "Firearms"
    submission.save(update_fields=["title"])
    assert ids(submissions_search(user=analyst, query="firearms")) == ["s"]
    assert submissions_search(user=analyst, query="old").count == 0

    submission.delete()
    assert submissions_search(user=analyst, query="heroin").count == 0


def _bundle(text: str) -> bytes:
    return json.dumps(
        {
            "format": "soctasking.bundle",
            "version": 1,
            "bodies": [{"id": "nca", "name": "National Crime Agency"}],
            "submissions": [
                {
                    "id": "loaded-1",
                    "title": "Loaded report",
                    "body": "nca",
                    "received": "2017-07-10T09:30:00+00:00",
                    "received_by": "nca",
                    "text": text,
                    "sha256": hashlib.sha256(text.encode()).hexdigest(),
                }
            ],
        }
    ).encode()


def test_the_index_follows_rows_the_bundle_loader_writes_and_rewrites(analyst):
    bundle_load(source=_bundle("Cuckooing reported in Barrow."), acting_user=None)

    assert ids(submissions_search(user=analyst, query="cuckooing")) == ["loaded-1"]

    # Loading again upserts the same id with new text.
    bundle_load(source=_bundle("A runner was seen at the station."), acting_user=None)

    assert submissions_search(user=analyst, query="cuckooing").count == 0
    assert ids(submissions_search(user=analyst, query="runner")) == ["loaded-1"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_triggers_a_table_rebuild_dropped_are_put_back_and_the_index_rebuilt(analyst):
    SubmissionFactory(id="before", text="cocaine")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_submission_fts_insert")
        cursor.execute("DROP TRIGGER search_submission_fts_update")
    SubmissionFactory(id="unindexed", text="cocaine")

    assert index_repair() is True
    assert index_repair() is False
    assert sorted(ids(submissions_search(user=analyst, query="cocaine"))) == ["before", "unindexed"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_every_migrate_puts_back_triggers_a_table_rebuild_dropped(analyst):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_submission_fts_insert")
    SubmissionFactory(id="unindexed", text="cocaine")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert ids(submissions_search(user=analyst, query="cocaine")) == ["unindexed"]
    SubmissionFactory(id="after", text="cocaine")
    assert submissions_search(user=analyst, query="cocaine").count == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plans")
def test_sqlite_tests_each_match_for_visibility_and_never_reads_the_whole_table(analyst):
    drugs = ThreatFactory(id="drugs", name="Drugs")
    SubmissionFactory(id="open", text="cocaine", threats=[drugs])
    SubmissionFactory(id="chis", text="cocaine", threats=[drugs], compartments=["chis"])
    with CaptureQueriesContext(connection) as captured:
        results = submissions_search(user=analyst, query="cocaine", threat="drugs")
    assert ids(results) == ["open"]
    searches = [query["sql"] for query in captured.captured_queries if FTS_TABLE in query["sql"]]
    assert len(searches) == 2  # the count and the page

    for sql in searches:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            steps = [row[3] for row in cursor.fetchall()]
        # The matches are the only thing scanned (and the page's own rows,
        # "hit"); the submission and its links are looked up by key.
        scans = [step for step in steps if step.startswith("SCAN")]
        assert all(step.startswith((f"SCAN {FTS_TABLE}", "SCAN hit")) for step in scans), steps


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL index")
def test_a_dropped_index_is_created_again(analyst):
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_submission_document")

    assert index_repair() is True
    assert index_repair() is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL index")
def test_the_postgresql_match_can_use_the_gin_index(analyst):
    tsquery, params = PostgreSQLBackend._tsquery(query_parse('cocaine "county lines"'))
    with connection.cursor() as cursor:
        # Too few rows for the planner to choose an index unless told to.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT 1 FROM intelligence_submission s "  # noqa: S608 - fixed SQL
            f"WHERE {PostgreSQLBackend.DOCUMENT} @@ {tsquery}",
            params,
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "search_submission_document" in plan
