"""How fast the bulk intake service stores submissions, and how fast search finds them.

Generates submissions of about 2 KB of text each (deterministic: a fixed
seed, words drawn from a vocabulary, with rare words planted in some so a
search can be selective), and in a fresh installation stores them through
``submissions_receive_batch`` in batches, in this process. Then inserts the
same rows with the database's own client into a minimal submissions table
that carries the same full-text index, in the same batches, one transaction
each. Prints submissions per second for both and their ratio.

Then runs 100 searches (50 of one word, 50 of two; common and rare words
mixed) through ``submissions_search`` as an analyst cleared to SECRET who
holds no compartment, and the same searches against the raw table with the
same visibility condition (classification up to SECRET, no compartment),
and prints the p50 and p95 of each and the ratio of the p95s, and the
process's peak memory.

Each database runs in a child process of its own, so Django reads its
settings once and each peak memory is that database's run alone:

- SQLite, always: a temporary ``SOCTASKING_HOME``; the raw side is a second
  SQLite file with the project's FTS5 table and insert trigger
  (``soctasking.search.schema``, the same tokenizer).
- PostgreSQL, when ``SOCTASKING_DATABASE_URL`` names one: the script creates
  ``<name>_bench`` and ``<name>_bench_raw`` next to it (refusing to start if
  either exists) and drops both at the end; the raw side has the project's
  GIN expression index and is queried with ``to_tsquery``.

    .venv/bin/python benchmarks/intake_search.py [--count N] [--batch N]

Goals (issue): ingest at least half the raw rate; search p95 under 50 ms
and within 2x of the raw full-text query.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SEED = 2018
SEARCHES = 100
PER_PAGE = 20
# The words of the domain are what people search for; each text draws from
# them and from a thousand filler words, so one of them is in about a
# quarter of the texts: common, but not in every one.
DOMAIN_WORDS = (
    "deal", "line", "runner", "cuckooing", "cash", "firearm", "courier", "cocaine",
    "heroin", "vulnerable", "child", "missing", "phone", "county", "town", "travel",
    "coercion", "violence", "safe", "house", "network", "border", "shipment", "launder",
    "invoice", "crypto", "wallet", "corrupt", "insider", "port", "lorry", "container",
)  # fmt: skip
CLASSIFICATIONS = ("official", "official-sensitive", "secret", "top-secret")
SEARCHER_SEES = ("official", "official-sensitive", "secret")
COMPARTMENTS = ("chis", "interception", "equipment-interference", "financial-intelligence")
BODIES = [f"force-{n:02d}" for n in range(43)] + [f"rocu-{n}" for n in range(9)]
NATIONAL_UNIT = "nac"
THREATS = [f"threat-{n:02d}" for n in range(20)]
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"


def _made_up_words(rng: random.Random, count: int, syllables: int, taken: set[str]) -> list[str]:
    """Pronounceable letters-only words, so both databases' parsers see one plain word."""
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))
        word += rng.choice(CONSONANTS)
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


def vocabulary() -> tuple[list[str], list[str]]:
    """The words texts are made of, and the rare words planted in one text in five."""
    rng = random.Random(SEED)
    taken = set(DOMAIN_WORDS)
    filler = _made_up_words(rng, 1000, 2, taken)
    # Four syllables: never drawn as filler, so each is in few texts and a
    # search for one is selective (about one text in 5,000 holds a given one).
    rare = _made_up_words(rng, 1000, 4, taken)
    return [*DOMAIN_WORDS, *filler], rare


def generated(count: int) -> Iterator[dict[str, Any]]:
    """The submissions, the same every run: plain values, ids rather than objects."""
    words, rare = vocabulary()
    rng = random.Random(SEED)
    start = datetime(2017, 4, 1, tzinfo=UTC)
    for n in range(count):
        # About 330 words of 5 to 7 letters: some 2,000 characters.
        chosen = rng.choices(words, k=330)
        if rng.random() < 0.2:
            chosen[rng.randrange(len(chosen))] = rng.choice(rare)
        text = " ".join(chosen)
        period_start = date(2016, 1, 1) + timedelta(days=n % 700)
        yield {
            "n": n,
            "title": f"Intelligence report {n} {rng.choice(DOMAIN_WORDS)}",
            "body": rng.choice(BODIES),
            "received": start + timedelta(minutes=5 * n),
            "period_start": period_start,
            "period_end": period_start + timedelta(days=30),
            "threats": rng.sample(THREATS, 2),
            "classification": rng.choice(CLASSIFICATIONS),
            # One in ten carries a compartment, which hides it from the searcher.
            "compartments": [rng.choice(COMPARTMENTS)] if rng.random() < 0.1 else [],
            "text": text,
        }


def batches(count: int, size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in generated(count):
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def queries() -> list[list[str]]:
    """50 one-word and 50 two-word searches, common and rare words mixed."""
    _, rare = vocabulary()
    rng = random.Random(SEED + 1)
    common = list(DOMAIN_WORDS)
    found: list[list[str]] = []
    for index in range(SEARCHES // 2):
        found.append([rng.choice(common if index % 2 else rare)])
    for index in range(SEARCHES // 2):
        # common + common, common + rare, rare + rare in turn.
        first = rng.choice(rare if index % 3 == 2 else common)
        second = rng.choice(common if index % 3 == 0 else rare)
        found.append([first, second])
    return found


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(run: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    started = time.perf_counter()
    run(*args, **kwargs)
    return time.perf_counter() - started


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- raw SQLite ---------------------------------------------------------------

RAW_SQLITE_TABLES = """
CREATE TABLE intelligence_submission (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, body_id TEXT NOT NULL, kind TEXT NOT NULL,
    received TEXT NOT NULL, classification TEXT NOT NULL, text TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE submission_threats (submission_id TEXT NOT NULL, threat_id TEXT NOT NULL);
CREATE TABLE submission_compartments (submission_id TEXT NOT NULL, compartment_id TEXT NOT NULL);
CREATE INDEX submission_compartments_submission ON submission_compartments (submission_id);
"""


Rows = list[tuple[Any, ...]]


def raw_rows(batch: list[dict[str, Any]]) -> tuple[Rows, Rows, Rows]:
    """The rows of one batch for ``executemany``, built before the clock starts."""
    subs: Rows = []
    threats: Rows = []
    compartments: Rows = []
    for record in batch:
        sub_id = f"sub-{record['n']:07d}"
        subs.append(
            (sub_id, record["title"], record["body"], "intelligence_report",
             record["received"].isoformat(), record["classification"], record["text"],
             hashlib.sha256(record["text"].encode()).hexdigest())
        )  # fmt: skip
        threats.extend((sub_id, threat) for threat in record["threats"])
        compartments.extend((sub_id, code) for code in record["compartments"])
    return subs, threats, compartments


def raw_sqlite_ingest(path: Path, *, count: int, size: int) -> tuple[sqlite3.Connection, float]:
    from soctasking.search.schema import SQLITE_CREATE_TABLE, SQLITE_TRIGGERS

    connection = sqlite3.connect(path, isolation_level=None)
    # The pragmas the project's settings give every connection.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(RAW_SQLITE_TABLES)
    # The project's own definitions, so the tokenizer and the trigger are the same.
    connection.execute(SQLITE_CREATE_TABLE)
    connection.execute(SQLITE_TRIGGERS["search_submission_fts_insert"])
    seconds = 0.0
    for batch in batches(count, size):
        seconds += timed(_sqlite_insert, connection, *raw_rows(batch))
    return connection, seconds


def _sqlite_insert(connection: sqlite3.Connection, subs: Rows, threats: Rows, marks: Rows) -> None:
    # One transaction a batch, as the service has.
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO intelligence_submission VALUES (?, ?, ?, ?, ?, ?, ?, ?)", subs
    )
    connection.executemany("INSERT INTO submission_threats VALUES (?, ?)", threats)
    connection.executemany("INSERT INTO submission_compartments VALUES (?, ?)", marks)
    connection.execute("COMMIT")


def raw_sqlite_search(connection: sqlite3.Connection, words: list[str]) -> None:
    """What the SQLite search backend does: a count, then one ranked page with snippets.

    The same statements: the visibility condition tested on each match, and
    snippets made for the page's rows only, once ranking has chosen them.
    """
    from soctasking.search.query import MATCH_END, MATCH_START

    match = " ".join(f'"{word}"' for word in words)
    visible = (
        f"s.classification IN ({', '.join('?' for _ in SEARCHER_SEES)}) AND NOT EXISTS "
        "(SELECT 1 FROM submission_compartments c WHERE c.submission_id = s.id)"
    )
    matches = (
        "search_submission_fts "
        "JOIN intelligence_submission s ON s.rowid = search_submission_fts.rowid "
        f"WHERE search_submission_fts MATCH ? AND {visible}"
    )
    connection.execute(f"SELECT COUNT(*) FROM {matches}", [match, *SEARCHER_SEES]).fetchone()
    connection.execute(
        "SELECT hit.id, hit.rank, snippet(search_submission_fts, 1, ?, ?, ?, 24), hit.title, "
        "hit.body_id, hit.kind, hit.received, hit.classification FROM "
        "(SELECT s.rowid AS match_rowid, s.id, s.title, s.body_id, s.kind, s.received, "
        f"s.classification, -bm25(search_submission_fts, 10.0, 1.0) AS rank FROM {matches} "
        "ORDER BY rank DESC, s.received DESC, s.id LIMIT ?) AS hit "
        "CROSS JOIN search_submission_fts ON search_submission_fts.rowid = hit.match_rowid "
        "WHERE search_submission_fts MATCH ? ORDER BY hit.rank DESC, hit.received DESC, hit.id",
        [MATCH_START, MATCH_END, "…", match, *SEARCHER_SEES, PER_PAGE, match],
    ).fetchall()


# --- raw PostgreSQL -----------------------------------------------------------

RAW_POSTGRESQL_TABLES = """
CREATE TABLE intelligence_submission (
    id text PRIMARY KEY, title text NOT NULL, body_id text NOT NULL, kind text NOT NULL,
    received timestamptz NOT NULL, classification text NOT NULL, text text NOT NULL,
    sha256 text NOT NULL
);
CREATE TABLE submission_threats (submission_id text NOT NULL, threat_id text NOT NULL);
CREATE TABLE submission_compartments (submission_id text NOT NULL, compartment_id text NOT NULL);
CREATE INDEX submission_compartments_submission ON submission_compartments (submission_id);
"""


def raw_postgresql_ingest(url: str, *, count: int, size: int) -> tuple[Any, float]:
    import psycopg

    from soctasking.search.schema import _postgresql_create

    connection = psycopg.connect(url, autocommit=True)
    connection.execute(RAW_POSTGRESQL_TABLES)
    # The project's own index definition: the same weighted expression.
    connection.execute(_postgresql_create())
    seconds = 0.0
    for batch in batches(count, size):
        subs, threats, marks = raw_rows(batch)
        # A timestamptz column takes the datetime itself.
        subs = [(*row[:4], datetime.fromisoformat(row[4]), *row[5:]) for row in subs]
        seconds += timed(_postgresql_insert, connection, subs, threats, marks)
    return connection, seconds


def _postgresql_insert(connection: Any, subs: Rows, threats: Rows, marks: Rows) -> None:
    with connection.transaction(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO intelligence_submission VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", subs
        )
        cursor.executemany("INSERT INTO submission_threats VALUES (%s, %s)", threats)
        if marks:
            cursor.executemany("INSERT INTO submission_compartments VALUES (%s, %s)", marks)


def raw_postgresql_search(connection: Any, words: list[str]) -> None:
    """What the PostgreSQL backend does, with ``to_tsquery``: a count, then a ranked page."""
    from soctasking.search.backends import PostgreSQLBackend
    from soctasking.search.schema import POSTGRESQL_DOCUMENT

    document = POSTGRESQL_DOCUMENT.format(table="s")
    # The words are generated letters only, so joining them with & is a valid tsquery.
    tsquery = "to_tsquery('english'::regconfig, %s)"
    terms = " & ".join(words)
    visible = (
        "s.classification = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM submission_compartments c WHERE c.submission_id = s.id)"
    )
    seen = list(SEARCHER_SEES)
    connection.execute(
        "SELECT COUNT(*) FROM intelligence_submission s "
        f"WHERE {document} @@ {tsquery} AND {visible}",
        [terms, seen],
    ).fetchone()
    connection.execute(
        f"SELECT hit.id, hit.rank, ts_headline('english'::regconfig, s.text, {tsquery}, %s), "
        "s.title, s.body_id, s.kind, s.received, s.classification "
        f"FROM (SELECT s.id, s.received, ts_rank({document}, {tsquery}) AS rank "
        f"FROM intelligence_submission s WHERE {document} @@ {tsquery} AND {visible} "
        "ORDER BY rank DESC, s.received DESC, s.id LIMIT %s) AS hit "
        "JOIN intelligence_submission s ON s.id = hit.id "
        "ORDER BY hit.rank DESC, hit.received DESC, hit.id",
        [terms, PostgreSQLBackend.HEADLINE_OPTIONS, terms, terms, seen, PER_PAGE],
    ).fetchall()  # fmt: skip


# --- one database, in a child process -----------------------------------------


def installation() -> tuple[Any, Any, dict[str, Any]]:
    """Bodies, threats, the sender and the searcher, created directly."""
    from soctasking.accounts.models import Compartment, Role, User
    from soctasking.bodies.models import Body, BodyKind
    from soctasking.threats.models import Threat

    national = Body.objects.create(
        id=NATIONAL_UNIT, name="National unit", kind=BodyKind.NATIONAL_UNIT
    )
    bodies = Body.objects.bulk_create(
        Body(id=body, name=body.title(), kind=BodyKind.POLICE_FORCE) for body in BODIES
    )
    Threat.objects.bulk_create(Threat(id=threat, name=threat.title()) for threat in THREATS)
    # An administrator, top secret, every compartment: the service accepts
    # every classification and compartment the generator hands out.
    sender = User.objects.create(
        username="sender", role=Role.ADMINISTRATOR, clearance="top-secret", body=national
    )
    sender.compartments.set(Compartment.objects.filter(code__in=COMPARTMENTS))
    searcher = User.objects.create(
        username="searcher", role=Role.ANALYST, clearance="secret", body=national
    )
    return sender, searcher, {body.pk: body for body in bodies}


def service_items(batch: list[dict[str, Any]], bodies: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "body": bodies[record["body"]],
            "kind": "intelligence_report",
            "title": record["title"],
            "period_start": record["period_start"],
            "period_end": record["period_end"],
            "threats": record["threats"],
            "classification": record["classification"],
            "compartments": record["compartments"],
            "grading_source": "2",
            "grading_intelligence": "c",
            "grading_handling": "p",
            "text": record["text"],
        }
        for record in batch
    ]


def search_report(
    searches: list[list[str]], *, ours: list[float], raw: list[float], counts: list[int]
) -> None:
    """The searches' percentiles, ours and raw, overall and by how common their words are."""
    ours_p95, raw_p95 = percentile(ours, 0.95), percentile(raw, 0.95)
    print(f"  {len(searches)} searches (half one word, half two; "
          f"{sum(counts) / len(searches):,.0f} visible matches on average), "
          "count and first page of 20")  # fmt: skip
    print(f"  submissions_search: p50 {percentile(ours, 0.5) * 1000:7.1f} ms  "
          f"p95 {ours_p95 * 1000:7.1f} ms  (goal: p95 under 50 ms)")  # fmt: skip
    print(f"  raw full-text:      p50 {percentile(raw, 0.5) * 1000:7.1f} ms  "
          f"p95 {raw_p95 * 1000:7.1f} ms")  # fmt: skip
    print(f"  p95 ratio to raw:   {ours_p95 / raw_p95:7.2f}   (goal: at most 2.0)")
    # Where the time goes: common words alone match a good share of the
    # table; a rare word narrows a search to a few hundred rows at most.
    common = [i for i, words in enumerate(searches) if set(words) <= set(DOMAIN_WORDS)]
    rare = [i for i in range(len(searches)) if i not in common]
    for group, chosen in (("common words only", common), ("with a rare word", rare)):
        ours_group, raw_group = [ours[i] for i in chosen], [raw[i] for i in chosen]
        print(f"    {group} ({len(chosen)} searches, "
              f"{sum(counts[i] for i in chosen) / len(chosen):,.0f} visible matches on average): "
              f"p50 {percentile(ours_group, 0.5) * 1000:.1f} ms, "
              f"p95 {percentile(ours_group, 0.95) * 1000:.1f} ms; "
              f"raw p50 {percentile(raw_group, 0.5) * 1000:.1f} ms, "
              f"p95 {percentile(raw_group, 0.95) * 1000:.1f} ms")  # fmt: skip


def run_one(vendor: str, *, count: int, size: int, scratch: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soctasking.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from soctasking.intelligence.services import submissions_receive_batch
    from soctasking.search.selectors import submissions_search

    call_command("migrate", "--no-input", verbosity=0)
    sender, searcher, bodies = installation()

    seconds = 0.0
    for batch in batches(count, size):
        seconds += timed(
            submissions_receive_batch,
            acting_user=sender,
            submissions=service_items(batch, bodies),
        )
    service_peak = peak_mb()

    raw: Any
    if vendor == "sqlite":
        raw, raw_seconds = raw_sqlite_ingest(scratch / "raw.sqlite3", count=count, size=size)
        raw_search: Callable[[list[str]], None] = partial(raw_sqlite_search, raw)
    else:
        raw, raw_seconds = raw_postgresql_ingest(
            os.environ["SOCTASKING_BENCH_RAW_URL"], count=count, size=size
        )
        raw_search = partial(raw_postgresql_search, raw)
        # Fresh tables have no statistics until autovacuum comes round; give
        # both planners theirs, untimed, so neither side is judged on luck.
        raw.execute("ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    ours, theirs = count / seconds, count / raw_seconds
    label = "SQLite" if vendor == "sqlite" else "PostgreSQL"
    print(f"\n{label}: {count:,} submissions, batches of {size:,}")
    print(f"  intake service:  {seconds:8.1f} s  {ours:9,.0f} submissions/s")
    print(f"  raw executemany: {raw_seconds:8.1f} s  {theirs:9,.0f} submissions/s")
    print(f"  ratio to raw:    {ours / theirs:8.2f}   (goal: at least 0.50)")
    print(f"  peak memory after intake: {service_peak:,.0f} MB")

    searches = queries()
    # One untimed pass of each first: both databases' pages are then as warm
    # as they would be in service, and neither side pays the other's cold start.
    for words in searches:
        submissions_search(user=searcher, query=" ".join(words), per_page=PER_PAGE)
        raw_search(words)
    service_times: list[float] = []
    raw_times: list[float] = []
    counts: list[int] = []
    for words in searches:
        started = time.perf_counter()
        results = submissions_search(user=searcher, query=" ".join(words), per_page=PER_PAGE)
        service_times.append(time.perf_counter() - started)
        counts.append(results.count)
        raw_times.append(timed(raw_search, words))
    search_report(searches, ours=service_times, raw=raw_times, counts=counts)
    print(f"  peak memory: {peak_mb():,.0f} MB")
    raw.close()
    connection.close()


# --- the parent: one child per database ---------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def create_databases(url: str) -> tuple[str, list[str]]:
    """``<name>_bench`` and ``<name>_bench_raw`` beside the database the URL names."""
    import psycopg
    from psycopg import sql

    base = urlsplit(url).path.lstrip("/") or "postgres"
    names = [f"{base}_bench", f"{base}_bench_raw"]
    created: list[str] = []
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as maintenance:
        for name in names:
            exists = maintenance.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists:
                # Never reuse, and so never drop, a database this run did not make.
                drop_databases(url, created)
                sys.exit(f"database {name} already exists; drop it or choose another URL")
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            created.append(name)
    return base, created


def drop_databases(url: str, names: list[str]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as maintenance:
        for name in names:
            maintenance.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000, help="at most 10,000")
    parser.add_argument("--vendor", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.vendor:
        run_one(
            options.vendor,
            count=options.count,
            size=options.batch,
            scratch=Path(os.environ["SOCTASKING_HOME"]),
        )
        return

    url = os.environ.get("SOCTASKING_DATABASE_URL", "")
    child = [sys.executable, __file__, "--count", str(options.count), "--batch",
             str(options.batch), "--vendor"]  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "SOCTASKING_HOME": str(Path(scratch) / "sqlite")}
        env.pop("SOCTASKING_DATABASE_URL", None)
        subprocess.run([*child, "sqlite"], env=env, check=True)
    if not url:
        print("\nPostgreSQL: skipped (set SOCTASKING_DATABASE_URL to run it)")
        return
    base, created = create_databases(url)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            env = {
                **os.environ,
                "SOCTASKING_HOME": scratch,
                "SOCTASKING_DATABASE_URL": with_database(url, f"{base}_bench"),
                "SOCTASKING_BENCH_RAW_URL": with_database(url, f"{base}_bench_raw"),
            }
            subprocess.run([*child, "postgresql"], env=env, check=True)
    finally:
        drop_databases(url, created)


if __name__ == "__main__":
    main()
