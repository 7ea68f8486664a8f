"""How the application holds up under concurrent users, served as in production.

In a scratch installation (a temporary ``SOCTASKING_HOME`` and a database of
its own, ``soctasking_load``, created beside the one the URL names and dropped
at the end), runs ``soctasking init`` and ``soctasking demo --no-serve`` for
the demo picture and its users, gives the planner its statistics (``ANALYZE``,
as autovacuum would soon after a load), creates API tokens for the contributor
and the analyst, and starts ``soctasking serve`` (gunicorn) in a process group
of its own. Each of N clients (threads, one HTTP connection each) signs in as
the analyst through the sign-in form, and then, for the given time, sends
requests one after another, chosen at random, after a few seconds' warm-up:

- 20% ``POST /api/v1/submissions`` as the contributor: a short text report
  with an ``Idempotency-Key`` of its own, so every one is stored;
- 40% ``GET /api/v1/search`` as the analyst: one or two words from the demo;
- 40% pages as the analyst, in equal shares: home, intelligence, search,
  timetable compliance, findings, a body, a threat, meetings, operations.

Prints requests per second, errors (any answer but the expected 200 or 201,
or no answer) by status, p50/p95/p99 by category and by page, and how many
took longer than 200 ms. Then the same clients ask only for ``GET /health``
(no database, no session) for a shorter time: the server's ceiling on this
machine, and the mix's ratio to it. Latency is measured by the client, from
sending the request to reading the whole answer, so it includes waiting for
a free worker; the time inside the worker, from gunicorn's access log, is
printed beside it. The machine's load average is printed too: other work on
the same cores shows in every figure.

    .venv/bin/python benchmarks/load.py [--database-url URL | --sqlite]
        [--clients 50] [--seconds 60] [--trivial-seconds 15] [--workers N] [--port P]

``--database-url`` defaults to ``SOCTASKING_DATABASE_URL`` and must name a
PostgreSQL server; ``--sqlite`` runs on SQLite instead, explicitly.

Goals (issue): zero errors; p95 under 200 ms for pages and for searches,
with 50 clients for 60 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit, urlunsplit

SOCTASKING = str(Path(sys.executable).with_name("soctasking"))
SCRATCH_DATABASE = "soctasking_load"
HOST = "127.0.0.1"
SEED = 2018
GOAL_SECONDS = 0.200
WARM_UP_SECONDS = 5.0
LABEL_HEADER = "X-Load-Label"
ACCESS_MARK = "ACCESS"

# Words the demo's reports are written with (soctasking/demo/phrases.py),
# and two-word searches of them; the submissions sent here use them too.
SEARCH_WORDS = (
    "cocaine", "cuckooing", "firearms", "runners", "heroin", "cannabis", "couriers",
    "Liverpool", "Manchester", "Dover", "Felixstowe", "Albania", "Vietnam", "grooming",
    "trafficked", "laundering", "fraud", "insider", "lorries", "passports",
)  # fmt: skip
SEARCH_PAIRS = (
    "crack cocaine", "deal line", "money laundering", "county lines", "fast parcel",
    "shell companies", "car washes", "cash couriers", "vulnerable adult", "sham marriages",
)  # fmt: skip
PAGES = {
    "home": "/",
    "intelligence": "/intelligence/",
    "search page": "/search/?q=",
    "compliance": "/timetable/compliance/",
    "findings": "/findings/",
    "body": "/bodies/rocu-north-west/",
    "threat": "/threats/county-lines/",
    "meetings": "/meetings/",
    "operations": "/operations/",
}
CATEGORIES = ("submissions", "searches", "pages")
WEIGHTS = (0.2, 0.4, 0.4)
CITIES = ("Liverpool", "Manchester", "Birmingham", "Leeds", "Bristol", "Nottingham")
TOWNS = ("Blackpool", "Grimsby", "Hastings", "Margate", "Norwich", "Rhyl", "Swindon")


# --- HTTP ---------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    cookies: dict[str, str]


class Client:
    """One user's connection: http.client, reconnecting whenever the server closes it.

    gunicorn's sync workers close the connection after each answer, so most
    requests open a new one, as a browser talking to them would.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str]
    ) -> Answer:
        sent = dict(headers)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            # A fresh connection for the next request; the caller counts the failure.
            self.connection.close()
            raise
        received: dict[str, str] = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                received[name] = morsel.value
        self.cookies.update(received)
        return Answer(response.status, data, received)

    def close(self) -> None:
        self.connection.close()


def sign_in(client: Client, *, username: str, password: str) -> None:
    """The sign-in form, as a browser fills it: its CSRF cookie and hidden field."""
    form = client.request("GET", "/sign-in/", headers={})
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if form.status != 200 or found is None:
        raise RuntimeError(f"GET /sign-in/ answered {form.status} without a CSRF field")
    fields = {
        "csrfmiddlewaretoken": found.group(1).decode(),
        "username": username,
        "password": password,
    }
    answer = client.request(
        "POST",
        "/sign-in/",
        body=urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{client.port}/sign-in/",
        },
    )
    if answer.status != 302 or "sessionid" not in answer.cookies:
        raise RuntimeError(f"signing in as {username} answered {answer.status}, not a session")


# --- the mix ------------------------------------------------------------------


@dataclass
class Sample:
    category: str
    label: str
    status: int  # 0: no answer
    seconds: float
    ok: bool
    problem: str = ""  # the exception, or the start of an unexpected answer


@dataclass
class Tokens:
    contributor: str
    analyst: str


def submission_body(rng: random.Random, number: int) -> bytes:
    city, town = rng.choice(CITIES), rng.choice(TOWNS)
    text = (
        f"A deal line is run from {city} into {town}. Runners aged 15 and 16 travel by "
        f"train and stay at the address of a vulnerable adult (cuckooing). Crack cocaine "
        f"and heroin are supplied; cash is returned to {city} by couriers. "
    ) * rng.randint(1, 4)
    fields = {
        "kind": "intelligence_report",
        "title": f"County lines into {town}, report {number}",
        "period_start": "2018-03-01",
        "period_end": "2018-03-31",
        "threats": ["county-lines"],
        "classification": rng.choice(["official", "official-sensitive"]),
        "compartments": [],
        "grading_source": "2",
        "grading_intelligence": "b",
        "grading_handling": "p",
        "text": text,
    }
    return json.dumps(fields).encode()


@dataclass
class Request:
    category: str
    label: str
    expected: int
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


Chooser = Callable[[random.Random, int], Request]


def mix_chooser(tokens: Tokens) -> Chooser:
    def choose(rng: random.Random, number: int) -> Request:
        category = rng.choices(CATEGORIES, WEIGHTS)[0]
        if category == "submissions":
            headers = {
                "Authorization": f"Bearer {tokens.contributor}",
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            }
            body = submission_body(rng, number)
            return Request(category, "POST submission", 201, "POST", "/api/v1/submissions",
                           headers, body)  # fmt: skip
        if category == "searches":
            words = rng.choice(SEARCH_PAIRS if rng.random() < 0.5 else SEARCH_WORDS)
            path = f"/api/v1/search?q={quote_plus(words)}"
            headers = {"Authorization": f"Bearer {tokens.analyst}"}
            return Request(category, "GET search API", 200, "GET", path, headers)
        label = rng.choice(list(PAGES))
        path = PAGES[label]
        if label == "search page":
            path += quote_plus(rng.choice(SEARCH_WORDS + SEARCH_PAIRS))
        return Request(category, label, 200, "GET", path, {})

    return choose


def health_chooser(rng: random.Random, number: int) -> Request:
    return Request("health", "GET /health", 200, "GET", "/health", {})


def run_clients(
    clients: list[Client], *, seconds: float, choose: Chooser, seed: int, phase: str
) -> tuple[list[Sample], float]:
    """Every client sends requests back to back until the time is up; all answers are kept."""
    samples: list[list[Sample]] = [[] for _ in clients]
    start = threading.Barrier(len(clients) + 1)
    deadline = [0.0]

    def work(index: int) -> None:
        rng = random.Random(seed + index)
        client = clients[index]
        mine = samples[index]
        start.wait()
        number = 0
        while time.perf_counter() < deadline[0]:
            number += 1
            request = choose(rng, index * 1_000_000 + number)
            # Names the request in the server's access log, which times it there.
            headers = {**request.headers, LABEL_HEADER: f"{phase}/{request.label}"}
            began = time.perf_counter()
            try:
                answer = client.request(
                    request.method, request.path, body=request.body, headers=headers
                )
            except (OSError, http.client.HTTPException) as error:
                elapsed = time.perf_counter() - began
                problem = type(error).__name__
                mine.append(Sample(request.category, request.label, 0, elapsed, False, problem))
                continue
            elapsed = time.perf_counter() - began
            ok = answer.status == request.expected
            problem = "" if ok else answer.body[:200].decode(errors="replace")
            mine.append(
                Sample(request.category, request.label, answer.status, elapsed, ok, problem)
            )

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    # Requests in flight at the deadline finish and count, so the time does too.
    return [sample for mine in samples for sample in mine], time.perf_counter() - began


# --- figures ------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f}"


def latency_row(name: str, samples: list[Sample], total: int, worker: list[float]) -> str:
    times = [sample.seconds for sample in samples]
    slow = sum(1 for value in times if value > GOAL_SECONDS)
    inside = f"{ms(percentile(worker, 0.5))} {ms(percentile(worker, 0.95))}" if worker else ""
    return (
        f"  {name:<16} {len(samples):>7,} {len(samples) / total:6.0%} "
        f"{ms(percentile(times, 0.5))} {ms(percentile(times, 0.95))} "
        f"{ms(percentile(times, 0.99))} {ms(max(times))} {slow / len(times):7.1%}   {inside}"
    )


def report_errors(samples: list[Sample]) -> int:
    errors = [sample for sample in samples if not sample.ok]
    if not errors:
        print("  errors: 0")
        return 0
    by_status = Counter(f"{sample.status or sample.problem} ({sample.label})" for sample in errors)
    listed = ", ".join(f"{count:,} x {what}" for what, count in by_status.most_common(8))
    print(f"  errors: {len(errors):,}: {listed}")
    first = next((sample for sample in errors if sample.status), None)
    if first is not None:
        print(f"    first answer in error: {first.problem[:160]!r}")
    return len(errors)


def worker_times(log: Path, phase: str) -> dict[str, list[float]]:
    """Seconds each request spent in a worker, by label, from the server's access log."""
    found: dict[str, list[float]] = defaultdict(list)
    prefix = f"{ACCESS_MARK} {phase}/"
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith(prefix):
            label, _status, microseconds = line.removeprefix(prefix).rsplit(" ", 2)
            found[label].append(int(microseconds) / 1_000_000)
    return found


def report_mix(
    samples: list[Sample], elapsed: float, worker: dict[str, list[float]]
) -> tuple[float, dict[str, float], int]:
    rate = len(samples) / elapsed
    print(f"\nMix: {len(samples):,} requests in {elapsed:.1f} s: {rate:,.0f} requests/s")
    errors = report_errors(samples)
    print(f"  {'':<16} {'count':>7} {'share':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7} {'>200 ms':>7}   in a worker: p50, p95")  # fmt: skip
    by_category: dict[str, list[Sample]] = defaultdict(list)
    by_label: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_category[sample.category].append(sample)
        by_label[sample.label].append(sample)
    labels_of: dict[str, set[str]] = defaultdict(set)
    for sample in samples:
        labels_of[sample.category].add(sample.label)
    for category in CATEGORIES:
        inside = [value for label in labels_of[category] for value in worker.get(label, [])]
        if by_category[category]:
            print(latency_row(category, by_category[category], len(samples), inside))
    print(latency_row("all", samples, len(samples), [v for vs in worker.values() for v in vs]))
    print("  pages, slowest first:")
    seen = [label for label in PAGES if by_label[label]]
    ranked = sorted(seen, key=lambda label: -percentile([s.seconds for s in by_label[label]], 0.95))
    for label in ranked:
        print(latency_row(label, by_label[label], len(samples), worker.get(label, [])))
    p95 = {
        category: percentile([sample.seconds for sample in by_category[category]], 0.95)
        for category in CATEGORIES
        if by_category[category]
    }
    return rate, p95, errors


def report_trivial(samples: list[Sample], elapsed: float, worker: list[float]) -> tuple[float, int]:
    rate = len(samples) / elapsed
    times = [sample.seconds for sample in samples]
    print(f"\nTrivial (GET /health): {len(samples):,} requests in {elapsed:.1f} s: "
          f"{rate:,.0f} requests/s; p50 {ms(percentile(times, 0.5)).strip()} ms, "
          f"p95 {ms(percentile(times, 0.95)).strip()} ms, "
          f"p99 {ms(percentile(times, 0.99)).strip()} ms; in a worker p50 "
          f"{percentile(worker, 0.5) * 1000:.1f} ms")  # fmt: skip
    return rate, report_errors(samples)


# --- the installation and the server ------------------------------------------


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def create_database(url: str) -> str:
    """``soctasking_load`` on the server the URL names; never one that exists already."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [SCRATCH_DATABASE]
        ).fetchone()
        if exists:
            sys.exit(f"database {SCRATCH_DATABASE} already exists; drop it first")
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH_DATABASE)))
        version = maintenance.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {version[0] if version else '?'}"


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as maintenance:
        maintenance.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(SCRATCH_DATABASE)
            )
        )


def soctasking(env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [SOCTASKING, *arguments], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"soctasking {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def demo_passwords(output: str) -> dict[str, str]:
    """The username and password columns of the table ``soctasking demo`` prints."""
    passwords: dict[str, str] = {}
    lines = output.splitlines()
    columns = ["Role", "Username", "Password"]
    header = next(n for n, line in enumerate(lines) if line.split()[:3] == columns)
    for line in lines[header + 1 :]:
        parts = line.split()
        if len(parts) < 3:
            break
        passwords[parts[1]] = parts[2]
    return passwords


def analyse(env: dict[str, str]) -> None:
    """Give the planner its statistics, as autovacuum would within minutes of a load.

    Straight after the demo is loaded PostgreSQL has none for the new rows, and
    plans a search as a scan that builds every text's document (tens of
    milliseconds instead of a fraction of one); that is a state of the first
    minute after a load, not of a server in use.
    """
    url = env.get("SOCTASKING_DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as server:
            server.execute("ANALYZE")
    else:
        import sqlite3

        database = sqlite3.connect(Path(env["SOCTASKING_HOME"]) / "soctasking.sqlite3")
        database.execute("ANALYZE")
        database.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_ready(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped ({server.returncode}):\n{log.read_text()[-2000:]}")
        client = Client(port)
        try:
            if client.request("GET", "/health", headers={}).status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            client.close()
    sys.exit(f"the server did not answer within 60 s:\n{log.read_text()[-2000:]}")


def group_cpu_seconds(group: int) -> float:
    """CPU time used so far by the live processes of a process group (Linux's /proc)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone since the listing
        # After the command's closing bracket: state, ppid, pgrp, ..., utime, stime.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        # gunicorn's arbiter and its workers share the group started for it.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@dataclass
class Run:
    clients: int
    seconds: float
    trivial_seconds: float
    workers: int
    port: int
    database: str


def measure(run: Run, env: dict[str, str], home: Path) -> None:
    """Set up, serve, load, and print the figures."""
    soctasking(env, "init")
    passwords = demo_passwords(soctasking(env, "demo", "--no-serve"))
    analyse(env)
    tokens = Tokens(
        contributor=soctasking(env, "token", "create", "--user", "contributor").split()[-1],
        analyst=soctasking(env, "token", "create", "--user", "analyst").split()[-1],
    )
    # gunicorn reads more options from the environment: an access log line
    # naming each request by its label, with the time it took in the worker.
    header = LABEL_HEADER.lower()
    env = {
        **env,
        "GUNICORN_CMD_ARGS": f"--access-logformat '{ACCESS_MARK} %({{{header}}}i)s %(s)s %(D)s'",
    }
    log_path = home / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [SOCTASKING, "serve", "--host", HOST, "--port", str(run.port),
             "--workers", str(run.workers)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            load(run, tokens, passwords, server, log_path)
        finally:
            stop(server)


def load(
    run: Run,
    tokens: Tokens,
    passwords: dict[str, str],
    server: subprocess.Popen[bytes],
    log: Path,
) -> None:
    wait_until_ready(server, run.port, log)
    clients = [Client(run.port) for _ in range(run.clients)]
    for client in clients:
        sign_in(client, username="analyst", password=passwords["analyst"])
    print(f"Load: {run.database}, gunicorn with {run.workers} workers, {run.clients} clients, "
          f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} before the run); "
          f"the mix for {run.seconds:.0f} s, /health for {run.trivial_seconds:.0f} s")  # fmt: skip
    choose = mix_chooser(tokens)
    run_clients(clients, seconds=WARM_UP_SECONDS, choose=choose, seed=SEED - 1, phase="warm")

    cpu, server_cpu = time.process_time(), group_cpu_seconds(server.pid)
    samples, elapsed = run_clients(
        clients, seconds=run.seconds, choose=choose, seed=SEED, phase="mix"
    )
    cpu, server_cpu = time.process_time() - cpu, group_cpu_seconds(server.pid) - server_cpu
    rate, p95, errors = report_mix(samples, elapsed, worker_times(log, "mix"))
    # Each client sends its next request when the last is answered, so the
    # mean latency is set by the rate: clients / (requests per second).
    print(f"  {run.clients} clients waiting on each answer at {rate:,.0f} requests/s: "
          f"{run.clients / rate * 1000:,.0f} ms a request on average")  # fmt: skip
    print(f"  gunicorn's processes used {server_cpu / elapsed:.2f} cores: "
          f"{server_cpu / len(samples) * 1000:.1f} ms of CPU a request, the database's "
          "work not included")  # fmt: skip
    print(f"  the clients themselves used {cpu / elapsed:.0%} of a core; "
          f"load average after the mix {os.getloadavg()[0]:.1f}")  # fmt: skip
    server_cpu = group_cpu_seconds(server.pid)
    trivial, elapsed = run_clients(
        clients, seconds=run.trivial_seconds, choose=health_chooser, seed=SEED, phase="trivial"
    )
    server_cpu = group_cpu_seconds(server.pid) - server_cpu
    health = worker_times(log, "trivial").get("GET /health", [0.0])
    trivial_rate, trivial_errors = report_trivial(trivial, elapsed, health)
    print(f"  gunicorn's processes used {server_cpu / elapsed:.2f} cores: "
          f"{server_cpu / len(trivial) * 1000:.1f} ms of CPU a request")  # fmt: skip
    for client in clients:
        client.close()

    print(f"\nRatio of the mix to /health: {rate / trivial_rate:.3f} "
          f"({rate:,.0f} against {trivial_rate:,.0f} requests/s)")  # fmt: skip
    goals = [
        ("zero errors", errors + trivial_errors == 0, f"{errors + trivial_errors:,} errors"),
    ]
    for category in ("pages", "searches"):
        if category in p95:
            seconds = p95[category]
            goals.append(
                (f"{category} p95 under 200 ms", seconds < GOAL_SECONDS, f"{seconds * 1000:.0f} ms")
            )
    for name, met, figure in goals:
        print(f"  goal {name:<26} {figure:>12}  {'PASS' if met else 'MISS'}")
    if errors + trivial_errors:
        lines = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if not line.startswith(ACCESS_MARK)
        ]
        print("\nThe server's log, last lines:")
        print("\n".join(lines[-40:]))


def main() -> None:
    from soctasking.web.management.commands.serve import default_workers

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SOCTASKING_DATABASE_URL", ""),
        help="a PostgreSQL server's URL; default: SOCTASKING_DATABASE_URL",
    )
    parser.add_argument("--sqlite", action="store_true", help="run on SQLite instead")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trivial-seconds", type=float, default=15)
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="default: what serve picks"
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    options = parser.parse_args()

    url: str = options.database_url
    if not options.sqlite and not url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url (or SOCTASKING_DATABASE_URL) must name a PostgreSQL "
                     "server; give --sqlite to run on SQLite instead")  # fmt: skip
    run = Run(
        clients=options.clients,
        seconds=options.seconds,
        trivial_seconds=options.trivial_seconds,
        workers=options.workers,
        port=options.port or free_port(),
        database="SQLite",
    )
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        env = {**os.environ, "SOCTASKING_HOME": scratch, "SOCTASKING_DEBUG": "0"}
        env.pop("SOCTASKING_DATABASE_URL", None)
        if options.sqlite:
            measure(run, env, home)
            return
        run.database = create_database(url)
        try:
            env["SOCTASKING_DATABASE_URL"] = with_database(url, SCRATCH_DATABASE)
            measure(run, env, home)
        finally:
            drop_database(url)


if __name__ == "__main__":
    main()
