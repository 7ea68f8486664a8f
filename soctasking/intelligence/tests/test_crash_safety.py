"""A receipt means the submission is stored, whole, even when the server is killed.

The real server (``soctasking serve``: gunicorn, two workers) takes a
stream of submissions, single and in batches, text and files, from several
clients at once, and is killed with SIGKILL, workers and all, while
requests are in flight. Restarted on the same data, every submission that
got a receipt must be there with the digest the receipt gave and its file
on disk as sent; no row may be half-stored (a file recorded but missing,
without its threats or its audit event); a batch is there whole or not at
all; and a client retrying each unanswered request with its Idempotency-Key
gets each submission stored once, never twice.

On SQLite the database is a file in a fresh home; on PostgreSQL (when
``SOCTASKING_DATABASE_URL`` names one) a scratch database of the test's own.
See docs/crash-safety.md.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import logging
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from soctasking.testing.server import Installation, Server, installation

logger = logging.getLogger(__name__)

CLIENTS = 6
WORKERS = 2
#: The kill comes after this many receipts, give or take, and a moment more.
RECEIPTS_BEFORE_KILL = (25, 45)
STREAM_SECONDS = 120
#: The share of requests that are batches, and how many submissions each holds.
BATCH_SHARE = 0.2
BATCH_SIZES = (2, 6)
SINGLE = "/api/v1/submissions"
BATCH = "/api/v1/submissions/batch"
WORDS = ("deal", "line", "runner", "cash", "courier", "county", "phone", "network", "shipment")

CATALOGUE = {
    "format": "soctasking.bundle",
    "version": 1,
    "bodies": [
        {"id": "nac", "name": "National Assessment Centre", "kind": "national_unit"},
        {"id": "rocu-nw", "name": "North West ROCU", "kind": "rocu"},
    ],
    "threats": [
        {"id": "drugs", "name": "Drugs"},
        {"id": "firearms", "name": "Firearms"},
    ],
}

# Run in a child process with Django set up on the installation: the
# catalogue, an analyst who may send for any body, and her API token.
SETUP = """
import io
from django.core.management import call_command
call_command("init", stdout=io.StringIO())
call_command("load", {catalogue!r}, quiet=True, stdout=io.StringIO())
call_command(
    "user", "add", "alice", "--body", "nac", "--role", "analyst", "--clearance", "secret",
    "--generate-password", stdout=io.StringIO(),
)
out = io.StringIO()
call_command("token", "create", "--user", "alice", "--scope", "read", "submit", stdout=out)
print(out.getvalue().splitlines()[-1])
"""

# What the database and the files folder hold, read directly, as JSON.
STORED = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from soctasking.audit.models import AuditEvent
from soctasking.audit.services import audit_verify
from soctasking.intelligence.models import Submission

media = Path(settings.MEDIA_ROOT)
audited = set(
    AuditEvent.objects.filter(action="receive", record_type="submission")
    .values_list("record_id", flat=True)
)
for event in AuditEvent.objects.filter(action="receive_batch"):
    audited.update(item["id"] for item in event.detail["submissions"])
rows = []
for row in Submission.objects.prefetch_related("threats").order_by("pk"):
    path = media / row.file.name if row.file else None
    data = path.read_bytes() if path is not None and path.is_file() else None
    rows.append({
        "id": row.pk,
        "reference": row.reference,
        "key": row.idempotency_key,
        "sha256": row.sha256,
        "text_sha256": hashlib.sha256(row.text.encode()).hexdigest(),
        "file": row.file.name,
        "filename": row.filename,
        "size_bytes": row.size_bytes,
        "file_bytes": None if data is None else len(data),
        "file_sha256": None if data is None else hashlib.sha256(data).hexdigest(),
        "threats": sorted(t.pk for t in row.threats.all()),
        "audited": row.pk in audited,
    })
folder = media / "submissions"
files = sorted(
    str(p.relative_to(media)) for p in folder.rglob("*") if p.is_file()
) if folder.is_dir() else []
print(json.dumps({
    "rows": rows,
    "files": files,
    "audit_problems": [f"event {p.sequence}: {p.problem}" for p in audit_verify()],
}))
"""


@dataclass
class Item:
    """One submission sent, under the key it is stored with, and its receipt once given."""

    key: str
    content: bytes  # the file's bytes, or the text as UTF-8
    is_file: bool
    receipt: dict[str, Any] | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class Sent:
    """One request a client made, the submissions it carried, and what came back, if anything."""

    key: str  # its Idempotency-Key
    path: str
    document: dict[str, Any]
    items: list[Item]
    status: int | None = None
    failure: str = ""
    answer: Any = None

    def take(self, status: int, answer: Any) -> list[dict[str, Any]]:
        """Record the answer; the receipts it gave, in the order of the items."""
        self.status, self.answer = status, answer
        if status != 201:
            return []
        receipts = answer["receipts"] if self.path == BATCH else [answer]
        for item, receipt in zip(self.items, receipts, strict=True):
            item.receipt = receipt
        return list(receipts)


def _document(rng: random.Random, key: str) -> tuple[dict[str, Any], Item]:
    # Unique content, so every digest names one submission.
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(300, 2000)))
    content = f"{key}\n{words}\n".encode()
    document: dict[str, Any] = {
        "body": rng.choice(["nac", "rocu-nw"]),
        "kind": "intelligence_report",
        "title": f"Report {key}",
        "period_start": "2024-01-01",
        "period_end": "2024-03-31",
        "threats": rng.sample(["drugs", "firearms"], rng.randrange(1, 3)),
        "classification": "official",
        "compartments": [],
        "grading_source": "2",
        "grading_intelligence": "b",
        "grading_handling": "p",
    }
    is_file = rng.random() < 0.5
    if is_file:
        name = f"{key.replace('/', '-')}.txt"
        document["file"] = {"name": name, "content_base64": base64.b64encode(content).decode()}
    else:
        document["text"] = content.decode()
    return document, Item(key=key, content=content, is_file=is_file)


def _request(rng: random.Random, client: int, number: int) -> Sent:
    key = f"crash-{client}-{number}-{rng.getrandbits(32):08x}"
    if rng.random() < BATCH_SHARE:
        # A batch stores item i under the key "<key>/<i>".
        pairs = [_document(rng, f"{key}/{i}") for i in range(rng.randrange(*BATCH_SIZES))]
        return Sent(
            key=key,
            path=BATCH,
            document={"submissions": [document for document, _ in pairs]},
            items=[item for _, item in pairs],
        )
    document, item = _document(rng, key)
    return Sent(key=key, path=SINGLE, document=document, items=[item])


def _post(server: Server, token: str, sent: Sent) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(
            "POST",
            sent.path,
            body=json.dumps(sent.document),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": sent.key,
            },
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def _get(server: Server, token: str, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Stream:
    """Clients sending submissions without pause until told to stop."""

    server: Server
    token: str
    seed: int
    sent: list[Sent] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    receipts: int = 0
    in_flight: int = 0

    def client(self, number: int) -> None:
        rng = random.Random(self.seed * 100 + number)  # noqa: S311 - test data
        count = 0
        while not self.stop.is_set():
            sent = _request(rng, number, count)
            count += 1
            with self.lock:
                self.sent.append(sent)
                self.in_flight += 1
            receipts = []
            try:
                receipts = sent.take(*_post(self.server, self.token, sent))
            except (OSError, http.client.HTTPException) as error:
                sent.failure = type(error).__name__
            finally:
                with self.lock:
                    self.in_flight -= 1
                    self.receipts += len(receipts)
            if sent.status != 201:
                return  # cut off by the kill, or refused, which the test reports


def _stored(home: Installation) -> dict[str, Any]:
    return json.loads(home.python(STORED))


def _half_stored(row: dict[str, Any]) -> list[str]:
    """What is wrong with a stored row, if anything: it must be whole."""
    wrong = []
    if not row["threats"]:
        wrong.append("no threats")
    if not row["audited"]:
        wrong.append("no audit event")
    if row["file"] or row["filename"]:
        if row["file_bytes"] is None:
            wrong.append(f"file {row['file']!r} missing")
        elif row["file_bytes"] != row["size_bytes"]:
            wrong.append(f"file has {row['file_bytes']} bytes, row says {row['size_bytes']}")
        elif row["file_sha256"] != row["sha256"]:
            wrong.append("file's SHA-256 differs from the row's")
    elif row["text_sha256"] != row["sha256"]:
        wrong.append("text's SHA-256 differs from the row's")
    return wrong


def test_every_receipted_submission_survives_a_kill_whole_and_none_is_half_stored(tmp_path):
    seed = random.SystemRandom().randrange(1_000_000)
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    began = time.monotonic()
    with installation(tmp_path, purpose="intake") as home:
        catalogue = home.home / "catalogue.json"
        catalogue.write_text(json.dumps(CATALOGUE))
        token = home.python(SETUP.format(catalogue=str(catalogue))).strip().splitlines()[-1]

        server = home.serve(workers=WORKERS)
        streamed = time.monotonic()
        stream = Stream(server=server, token=token, seed=seed)
        clients = [
            threading.Thread(target=stream.client, args=(n,), daemon=True) for n in range(CLIENTS)
        ]
        try:
            for client in clients:
                client.start()
            wanted = rng.randrange(*RECEIPTS_BEFORE_KILL)
            deadline = time.monotonic() + STREAM_SECONDS
            while stream.receipts < wanted and time.monotonic() < deadline:
                if not any(client.is_alive() for client in clients):
                    break
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
            with stream.lock:
                receipts_at_kill, in_flight_at_kill = stream.receipts, stream.in_flight
            # No new requests from here, but those in flight stay in flight.
            stream.stop.set()
            server.kill()
        finally:
            stream.stop.set()
            server.stop()
            for client in clients:
                client.join(timeout=90)

        sent = stream.sent
        items = [item for request in sent for item in request.items]
        receipted = [item for item in items if item.receipt is not None]
        refused = [request for request in sent if request.status not in {201, None}]
        unanswered = [request for request in sent if request.status is None]
        figures = (
            f"seed {seed}: {len(sent)} requests sent "
            f"({sum(1 for s in sent if s.path == BATCH)} of them batches) carrying "
            f"{len(items)} submissions ({sum(1 for i in items if i.is_file)} with a file); "
            f"{receipts_at_kill} receipts before the kill with {in_flight_at_kill} requests "
            f"in flight after {time.monotonic() - streamed:.1f} s of streaming; "
            f"{len(unanswered)} requests unanswered "
            f"({dict(Counter(s.failure for s in unanswered))})"
        )
        assert receipts_at_kill >= RECEIPTS_BEFORE_KILL[0], figures
        assert in_flight_at_kill > 0, f"the kill did not come mid-stream; {figures}"
        assert not refused, f"refused before the kill: {refused[0].answer}; {figures}"

        server = home.serve(workers=WORKERS)
        try:
            stored = _stored(home)
            figures += _check_stored(stored, sent=sent, receipted=receipted)
            figures += _check_through_the_api(server, token, receipted=receipted, figures=figures)
            figures += _check_retries(
                server, token, stored, unanswered=unanswered, first_sent=sent[:10], figures=figures
            )
        finally:
            server.stop()

        after = _stored(home)
        keys = Counter(row["key"] for row in after["rows"])
        duplicated = sorted(key for key, count in keys.items() if count > 1)
        assert not duplicated, f"stored twice: {duplicated}; {figures}"
        assert set(keys) == {item.key for item in items}, figures
        assert not after["audit_problems"], f"{after['audit_problems'][:5]}; {figures}"
        half = {row["key"]: wrong for row in after["rows"] if (wrong := _half_stored(row))}
        assert not half, f"half-stored after the retries: {half}; {figures}"
        figures += f"; {time.monotonic() - began:.1f} s in all"
        logger.info("crash safety of intake: %s", figures)


def _check_stored(stored: dict[str, Any], *, sent: list[Sent], receipted: list[Item]) -> str:
    """Every receipt's submission stored whole, read from the database; the figures found."""
    rows = {row["key"]: row for row in stored["rows"]}
    figures = (
        f"; after the restart {len(rows)} submissions stored, {len(stored['files'])} files on disk"
    )
    missing = [item.key for item in receipted if item.key not in rows]
    assert not missing, f"{len(missing)} receipted submissions lost: {missing[:5]}{figures}"
    for item in receipted:
        row, receipt = rows[item.key], item.receipt
        assert receipt is not None
        assert (row["id"], row["reference"], row["sha256"]) == (
            receipt["submission"],
            receipt["reference"],
            receipt["sha256"],
        ), f"{item.key} differs from its receipt{figures}"
        assert row["sha256"] == item.sha256, f"{item.key} is not what was sent{figures}"
        if item.is_file:
            assert (row["file_bytes"], row["file_sha256"]) == (len(item.content), item.sha256), (
                f"{item.key}'s file on disk is not the file sent: {row}{figures}"
            )
    half = {row["key"]: wrong for row in stored["rows"] if (wrong := _half_stored(row))}
    assert not half, f"half-stored: {half}{figures}"
    assert not stored["audit_problems"], f"{stored['audit_problems'][:5]}{figures}"

    stray = 0
    for request in sent:
        if request.status is not None:
            continue
        found = [(item, rows[item.key]) for item in request.items if item.key in rows]
        # A batch is stored whole or not at all, even when the kill cuts it short.
        assert len(found) in {0, len(request.items)}, (
            f"{request.key}: {len(found)} of {len(request.items)} stored{figures}"
        )
        for item, row in found:
            assert row["sha256"] == item.sha256, f"{item.key} is not what was sent{figures}"
        stray += bool(found)
    # A file written inside a transaction the kill cut short stays on disk
    # without a row. Nothing serves a file but through its row, so such a
    # file is an unreachable leftover, not a half-stored submission.
    orphans = set(stored["files"]) - {row["file"] for row in stored["rows"] if row["file"]}
    return (
        f"; requests stored whose answer the kill cut off: {stray}; "
        f"files without a row (unreachable leftovers): {len(orphans)}"
    )


def _check_through_the_api(
    server: Server, token: str, *, receipted: list[Item], figures: str
) -> str:
    """Every receipted submission, its receipt and its file, as the API gives them back."""

    def check(item: Item) -> None:
        receipt = item.receipt
        assert receipt is not None
        base = f"/api/v1/submissions/{receipt['submission']}"
        status, body = _get(server, token, base)
        assert status == 200, f"GET {base}: {status}; {figures}"
        shown = json.loads(body)
        assert (shown["reference"], shown["sha256"]) == (receipt["reference"], receipt["sha256"])
        status, body = _get(server, token, f"{base}/receipt")
        assert status == 200, f"GET {base}/receipt: {status}; {figures}"
        assert json.loads(body)["sha256"] == receipt["sha256"]
        if item.is_file:
            status, body = _get(server, token, f"{base}/file")
            assert (status, body) == (200, item.content), f"GET {base}/file: {status}; {figures}"
        else:
            assert shown["text"].encode() == item.content, f"{base}: text differs; {figures}"

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(check, receipted))
    return f"; {len(receipted)} receipted submissions read back through the API"


def _check_retries(
    server: Server,
    token: str,
    stored: dict[str, Any],
    *,
    unanswered: list[Sent],
    first_sent: list[Sent],
    figures: str,
) -> str:
    """Each unanswered request retried with its key: stored once, whether or not it was before."""
    rows = {row["key"]: row for row in stored["rows"]}
    replayed = created = 0
    for request in unanswered:
        status, answer = _post(server, token, request)
        receipts = request.take(status, answer)
        assert receipts, f"retrying {request.key}: {status} {answer}; {figures}"
        for item, receipt in zip(request.items, receipts, strict=True):
            earlier = rows.get(item.key)
            assert receipt["replayed"] is (earlier is not None), (
                f"retrying {request.key}: replayed={receipt['replayed']}, "
                f"stored before: {earlier}; {figures}"
            )
            assert earlier is None or receipt["submission"] == earlier["id"], figures
            assert receipt["sha256"] == item.sha256, figures
            if earlier is None:
                created += 1
            else:
                replayed += 1
    # Retried once more, those and the first answered requests must give back
    # the first receipts and store nothing.
    for request in [*unanswered, *first_sent]:
        first = [item.receipt for item in request.items]
        status, answer = _post(server, token, request)
        again = answer["receipts"] if request.path == BATCH else [answer]
        assert status == 201, f"retrying {request.key} again: {status} {answer}; {figures}"
        assert [(r["replayed"], r["submission"]) for r in again] == [
            (True, r["submission"]) for r in first if r is not None
        ], f"retrying {request.key} again: {answer}; {figures}"
    return (
        f"; {len(unanswered)} unanswered requests retried: {replayed} submissions replayed, "
        f"{created} stored once now"
    )
