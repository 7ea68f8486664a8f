"""A bundle load killed mid-way leaves the picture exactly as it was.

``soctasking load`` runs as a process of its own on a real installation
(a file SQLite database, or a scratch PostgreSQL database when
``SOCTASKING_DATABASE_URL`` names one) and is killed with SIGKILL once its
progress line shows it part-way through a bundle large enough to take a few
seconds: by then it has written thousands of rows, and updated stored ones,
inside its transaction. Afterwards the stored picture must export byte for
byte as before, hold none of the bundle's records and no record of the
load, the audit trail must verify, and loading the same bundle again must
succeed with every record present. See docs/crash-safety.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pty
import random
import re
import select
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from soctasking.testing.server import Installation, installation, kill_group

logger = logging.getLogger(__name__)

SUBMISSIONS = 12_000
OPERATIONS = 1_000
BASE_SUBMISSIONS = 50
#: The kill comes once the progress line passes this share of the bundle.
KILL_BETWEEN = (0.3, 0.7)
LOAD_SECONDS = 300

BODIES = ["nac", *(f"force-{n:02d}" for n in range(10))]
THREATS = [f"threat-{n:02d}" for n in range(10)]
WORDS = ("deal", "line", "runner", "cash", "courier", "county", "phone", "network", "shipment")
PROGRESS = re.compile(rb"Loading \[[# ]*\]\s+(\d+)%")

# Run with Django set up on the installation: the picture as exported, its
# digest, and what of the crash bundle is stored.
STATE = """
import hashlib, io, json
from soctasking.audit.services import audit_verify
from soctasking.exchange.models import BundleLoad
from soctasking.exchange.selectors import bundle_export
from soctasking.intelligence.models import Submission
from soctasking.operations.models import Operation

out = io.StringIO()
bundle_export(out=out, user=None)  # what soctasking export writes
exported = out.getvalue()
print(json.dumps({
    "export_sha256": hashlib.sha256(exported.encode()).hexdigest(),
    "export_bytes": len(exported.encode()),
    "crash_submissions": Submission.objects.filter(pk__startswith="crash-").count(),
    "crash_operations": Operation.objects.filter(pk__startswith="crash-").count(),
    "base_texts": dict(
        Submission.objects.filter(pk__startswith="base-").values_list("pk", "sha256")
    ),
    "loads": sorted(BundleLoad.objects.values_list("sha256", flat=True)),
    "audit_problems": [f"event {p.sequence}: {p.problem}" for p in audit_verify()],
}))
"""


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _submission(rng: random.Random, record_id: str, when: datetime, text: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "title": f"Intelligence report {record_id}",
        "body": rng.choice(BODIES[1:]),
        "kind": "intelligence_report",
        "received": when.isoformat(),
        "received_by": "nac",
        "threats": rng.sample(THREATS, 2),
        "grading": {"source": "2", "intelligence": "c", "handling": "p"},
        "classification": rng.choice(["official", "official-sensitive"]),
        "text": text,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }


def _submissions(rng: random.Random, *, base_version: str, new: int) -> Iterator[dict[str, Any]]:
    """The stored ``base-`` submissions (their text marked ``base_version``), then ``new`` more."""
    start = datetime(2017, 4, 1, tzinfo=UTC)
    for n in range(BASE_SUBMISSIONS):
        yield _submission(rng, f"base-{n:04d}", start, f"{base_version} {_text(rng, 50)}")
    for n in range(new):
        yield _submission(rng, f"crash-{n:06d}", start + timedelta(minutes=5 * n), _text(rng, 150))


def _operations(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        opened = datetime(2016, 1, 1, tzinfo=UTC).date() + timedelta(days=n % 700)
        yield {
            "id": f"crash-op-{n:05d}",
            "name": f"Operation {n}",
            "body": rng.choice(BODIES),
            "opened": opened.isoformat(),
            "threats": rng.sample(THREATS, 1),
            "activity": [{"date": (opened + timedelta(days=10)).isoformat(), "kind": "arrest"}],
        }


def write_bundle(path: Path, *, seed: int, base_version: str, new: int, operations: int) -> None:
    """A bundle streamed to ``path`` record by record, as large as asked."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    head = {
        "format": "soctasking.bundle",
        "version": 1,
        "bodies": [
            {
                "id": body,
                "name": body.title(),
                "kind": "national_unit" if body == "nac" else "police_force",
            }
            for body in BODIES
        ],
        "threats": [{"id": threat, "name": threat.title()} for threat in THREATS],
    }
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(head)[:-1])
        for section, records in (
            ("submissions", _submissions(rng, base_version=base_version, new=new)),
            ("operations", _operations(rng, operations)),
        ):
            out.write(f', "{section}": [\n')
            for index, record in enumerate(records):
                out.write((",\n" if index else "") + json.dumps(record))
            out.write("]")
        out.write("}\n")


# Set up a fresh installation with the stored picture the crash bundle changes.
SETUP = """
import io
from django.core.management import call_command
call_command("init", stdout=io.StringIO())
call_command("load", {base!r}, quiet=True, stdout=io.StringIO())
"""


def _state(home: Installation, *, first: str = "") -> dict[str, Any]:
    return json.loads(home.python(first + STATE))


def _load_killed_part_way(home: Installation, bundle: Path, *, share: float) -> tuple[float, int]:
    """Start ``soctasking load``, SIGKILL it once its progress passes ``share``.

    The progress line is drawn only on a terminal, so standard error is a
    pseudo-terminal. Returns the share shown at the kill and the exit status.
    """
    parent, child = pty.openpty()
    try:
        process = home.start("load", str(bundle), stdout=subprocess.DEVNULL, stderr=child)
    finally:
        os.close(child)
    shown = 0.0
    seen = b""
    try:
        deadline = time.monotonic() + LOAD_SECONDS
        while shown < share and process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([parent], [], [], 0.5)
            if not ready:
                continue
            try:
                seen = (seen + os.read(parent, 4096))[-4096:]
            except OSError:  # the child closed the terminal
                break
            found = PROGRESS.findall(seen)
            if found:
                shown = int(found[-1]) / 100
    finally:
        running = process.poll() is None
        kill_group(process)
        os.close(parent)
    assert running, (
        f"the load ended (status {process.returncode}) before it could be killed at "
        f"{share:.0%}; it showed {shown:.0%}: {seen[-500:]!r}"
    )
    return shown, process.returncode


def _wal_bytes(home: Installation) -> int:
    wal = home.home / "soctasking.sqlite3-wal"
    return wal.stat().st_size if wal.exists() else 0


def test_a_bundle_load_killed_part_way_stores_nothing_and_loads_whole_afterwards(tmp_path):
    seed = random.SystemRandom().randrange(1_000_000)
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    with installation(tmp_path, purpose="bundle") as home:
        base = home.home / "base.json"
        crash = home.home / "crash.json"
        write_bundle(base, seed=seed, base_version="first", new=0, operations=0)
        write_bundle(
            crash, seed=seed, base_version="second", new=SUBMISSIONS, operations=OPERATIONS
        )
        crash_sha256 = hashlib.sha256(crash.read_bytes()).hexdigest()
        before = _state(home, first=SETUP.format(base=str(base)))
        wal_before = _wal_bytes(home)

        share = rng.uniform(*KILL_BETWEEN)
        started = time.monotonic()
        shown, status = _load_killed_part_way(home, crash, share=share)
        killed_after = time.monotonic() - started
        figures = (
            f"seed {seed}: a bundle of {crash.stat().st_size:,} bytes "
            f"({SUBMISSIONS} new submissions, {BASE_SUBMISSIONS} stored ones changed, "
            f"{OPERATIONS} operations) killed at {shown:.0%} after {killed_after:.1f} s "
            f"(status {status})"
        )
        if home.database_url.startswith("sqlite"):
            figures += f", the WAL grown by {_wal_bytes(home) - wal_before:,} bytes meanwhile"

        verified = home.run("audit", "verify", check=False)
        after_kill = _state(home)
        assert verified.returncode == 0, f"{verified.stdout!r} {verified.stderr!r}; {figures}"
        assert after_kill["crash_submissions"] == 0, figures
        assert after_kill["crash_operations"] == 0, figures
        assert crash_sha256 not in after_kill["loads"], figures
        assert after_kill["base_texts"] == before["base_texts"], (
            f"the stored submissions the bundle changes were changed; {figures}"
        )
        assert after_kill["export_sha256"] == before["export_sha256"], (
            f"the picture exports differently after the kill; {figures}"
        )

        started = time.monotonic()
        loaded = home.run("load", str(crash), "--quiet", timeout=LOAD_SECONDS)
        figures += f"; loaded whole afterwards in {time.monotonic() - started:.1f} s"
        after_load = _state(home)
        summary = loaded.stdout.decode()
        assert f"{SUBMISSIONS + BASE_SUBMISSIONS} submissions" in summary, summary
        assert f"{OPERATIONS} operations" in summary, summary
        assert after_load["crash_submissions"] == SUBMISSIONS, figures
        assert after_load["crash_operations"] == OPERATIONS, figures
        assert after_load["loads"].count(crash_sha256) == 1, figures
        changed = {k for k, v in after_load["base_texts"].items() if v != before["base_texts"][k]}
        assert len(changed) == BASE_SUBMISSIONS, figures
        assert not after_load["audit_problems"], f"{after_load['audit_problems'][:5]}; {figures}"
        logger.info("crash safety of loading: %s: %s", figures, summary.strip())
