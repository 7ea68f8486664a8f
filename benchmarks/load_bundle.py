"""How fast a large bundle loads into SQLite, against raw ``sqlite3`` doing the same inserts.

Generates a bundle of 100,000 submissions (about 2 KB of text each) and
10,000 operations, loads it with ``soctasking load`` in a fresh installation
(a child process, so its peak memory is its own), and then inserts the same
rows into the same tables of another fresh installation with ``sqlite3``'s
``executemany``. Prints rows per second for both, their ratio, and the
loader's peak memory.

    .venv/bin/python benchmarks/load_bundle.py [--submissions N] [--operations N]

Goals (issue 2): at least a third of the raw rate; peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

SOCTASKING = str(Path(sys.executable).with_name("soctasking"))
WORDS = (
    "deal",
    "line",
    "runner",
    "cuckooing",
    "cash",
    "firearm",
    "courier",
    "cocaine",
    "heroin",
    "vulnerable",
    "child",
    "missing",
    "phone",
    "county",
    "town",
    "travel",
    "coercion",
    "violence",
    "safe",
    "house",
    "network",
    "border",
    "shipment",
    "launder",
    "invoice",
    "crypto",
    "wallet",
    "corrupt",
    "insider",
    "port",
    "lorry",
    "container",
)
BODIES = [f"force-{n:02d}" for n in range(43)] + [f"rocu-{n}" for n in range(9)] + ["nac"]
THREATS = [f"threat-{n:02d}" for n in range(20)]


def _text(rng: random.Random) -> str:
    words: list[str] = []
    size = 0
    while size < 2000:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def submissions(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    start = datetime(2017, 4, 1, tzinfo=UTC)
    for n in range(count):
        text = _text(rng)
        yield {
            "id": f"sub-{n:07d}",
            "title": f"Intelligence report {n}",
            "body": rng.choice(BODIES[:-1]),
            "kind": "intelligence_report",
            "received": (start + timedelta(minutes=5 * n)).isoformat(),
            "received_by": "nac",
            "channel": "bundle",
            "threats": rng.sample(THREATS, 2),
            "grading": {"source": "2", "intelligence": "c", "handling": "p"},
            "classification": rng.choice(["official", "official-sensitive", "secret"]),
            "text": text,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
        }


def operations(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    for n in range(count):
        opened = date(2016, 1, 1) + timedelta(days=n % 700)
        yield {
            "id": f"op-{n:06d}",
            "name": f"Operation {n}",
            "body": rng.choice(BODIES),
            "opened": opened.isoformat(),
            "status": "open",
            "threats": rng.sample(THREATS, 1),
            "activity": [{"date": (opened + timedelta(days=10)).isoformat(), "kind": "arrest"}],
        }


def write_bundle(out: IO[str], *, submission_count: int, operation_count: int) -> None:
    rng = random.Random(2018)
    head = {
        "format": "soctasking.bundle",
        "version": 1,
        "bodies": [{"id": body, "name": body.title()} for body in BODIES],
        "threats": [{"id": threat, "name": threat.title()} for threat in THREATS],
    }
    out.write(json.dumps(head)[:-1])
    for section, records in (
        ("submissions", submissions(submission_count, rng)),
        ("operations", operations(operation_count, rng)),
    ):
        out.write(f', "{section}": [\n')
        for index, record in enumerate(records):
            out.write((",\n" if index else "") + json.dumps(record))
        out.write("]")
    out.write("}\n")


def raw_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows the loader writes, per table, for raw ``executemany`` (built untimed)."""
    document = json.loads(path.read_text())
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    for body in document["bodies"]:
        rows["bodies_body"].append((body["id"], body["name"], "", None, "", "", False))
    for threat in document["threats"]:
        rows["threats_threat"].append((threat["id"], threat["name"], "threat", None, "", "[]"))
    for sub in document["submissions"]:
        g = sub["grading"]
        rows["intelligence_submission"].append(
            (sub["id"], sub["title"], sub["body"], sub["kind"], sub["received"],
             sub["received_by"], sub["channel"], None, None, "[]", g["source"],
             g["intelligence"], g["handling"], "", sub["classification"], sub["text"],
             sub["sha256"], "", "", "", None, "", None, "")
        )  # fmt: skip
        rows["intelligence_submission_threats"].extend((sub["id"], t) for t in sub["threats"])
    for op in document["operations"]:
        rows["operations_operation"].append(
            (op["id"], op["name"], op["body"], op["opened"], None, op["status"])
        )
        rows["operations_operation_threats"].extend((op["id"], t) for t in op["threats"])
        rows["operations_activity"].extend(
            (op["id"], position, item["date"], item["kind"], "")
            for position, item in enumerate(op["activity"])
        )
    return rows


TABLES = {
    "bodies_body": "id, name, kind, parent_id, nation, region, national_remit",
    "threats_threat": "id, name, kind, parent_id, theme, keywords",
    "intelligence_submission": "id, title, body_id, kind, received, received_by_id, channel, "
    "period_start, period_end, themes, grading_source, grading_intelligence, grading_handling, "
    "grading_conditions, classification, text, sha256, file, filename, content_type, "
    "size_bytes, reference, submitted_by_id, idempotency_key",
    "intelligence_submission_threats": "submission_id, threat_id",
    "operations_operation": "id, name, body_id, opened, closed, status",
    "operations_operation_threats": "operation_id, threat_id",
    "operations_activity": "operation_id, position, date, kind, note",
}


def fresh_installation(home: Path) -> dict[str, str]:
    env = {**os.environ, "SOCTASKING_HOME": str(home)}
    env.pop("SOCTASKING_DATABASE_URL", None)
    subprocess.run([SOCTASKING, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--operations", type=int, default=10_000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        bundle = root / "bundle.json"
        with bundle.open("w") as out:
            write_bundle(
                out, submission_count=options.submissions, operation_count=options.operations
            )
        size_mb = bundle.stat().st_size / 1e6
        print(f"bundle: {size_mb:,.0f} MB, {options.submissions:,} submissions, "
              f"{options.operations:,} operations")  # fmt: skip

        env = fresh_installation(root / "loaded")
        started = time.perf_counter()
        subprocess.run([SOCTASKING, "load", "--quiet", str(bundle)], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        loaded_seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        rows = raw_rows(bundle)
        total_rows = sum(len(table_rows) for table_rows in rows.values())
        fresh_installation(root / "raw")
        connection = sqlite3.connect(root / "raw" / "soctasking.sqlite3")
        started = time.perf_counter()
        with connection:
            for table, columns in TABLES.items():
                marks = ", ".join("?" for _ in columns.split(","))
                connection.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[table]
                )
        raw_seconds = time.perf_counter() - started
        connection.close()

    ours = total_rows / loaded_seconds
    raw = total_rows / raw_seconds
    print(f"rows written: {total_rows:,}")
    print(
        f"soctasking load: {loaded_seconds:6.1f} s  {ours:10,.0f} rows/s  (parse, validate, store)"
    )
    print(f"raw executemany: {raw_seconds:6.1f} s  {raw:10,.0f} rows/s  (rows prepared in advance)")
    print(f"ratio to raw:    {ours / raw:6.2f}   (goal: at least 0.33)")
    print(f"peak memory:     {peak_mb:6,.0f} MB (goal: under 1,024 MB)")


if __name__ == "__main__":
    main()
