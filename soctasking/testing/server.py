"""A real installation in a folder of its own, and its server in a child process.

For tests that must run what an operator runs, each command a process of its
own: ``soctasking init``, ``load``, ``user``, ``token`` and ``serve``
(gunicorn). The database is a file SQLite database in the installation's
home or, when the suite runs on PostgreSQL (``SOCTASKING_DATABASE_URL``
names one), a scratch database made for the test and dropped after it, so
the suite's own test database is never touched.

The server and any long command start in a process group of their own, so
``kill()`` sends SIGKILL to gunicorn's arbiter and every worker at once:
nothing gets the chance to tidy up, as after a crash.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

SOCTASKING = [sys.executable, "-m", "soctasking"]
POSTGRESQL_SCHEMES = frozenset({"postgres", "postgresql", "pgsql"})
#: What a server has this long to start answering, migrations included.
START_SECONDS = 90


class ServerFailedError(RuntimeError):
    """The server exited, or never answered, while starting."""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _group_alive(group: int) -> bool:
    """Whether any process of the group is still running (zombies do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            return True
    return False


def kill_group(process: subprocess.Popen[Any]) -> None:
    """SIGKILL the process's whole group, and wait until none of it runs."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _group_alive(process.pid):
        if time.monotonic() > deadline:
            raise RuntimeError(f"process group {process.pid} survived SIGKILL")
        time.sleep(0.05)


class Server:
    """``soctasking serve`` (gunicorn) running in a process group of its own."""

    def __init__(self, process: subprocess.Popen[bytes], *, port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log
        self.url = f"http://127.0.0.1:{port}"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_until_answering(self, timeout: float = START_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/sign-in/", timeout=5) as answer:  # noqa: S310 - our own loopback server
                    if answer.status == 200:
                        return
            except urllib.error.HTTPError as error:
                raise ServerFailedError(
                    f"GET /sign-in/ answered {error.code}\n{self.log_tail()}"
                ) from error
            except OSError:
                pass
            if self.process.poll() is not None:
                raise ServerFailedError(
                    f"the server exited with status {self.process.returncode}\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise ServerFailedError(f"no answer after {timeout} s\n{self.log_tail()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the arbiter and every worker together, as a crash would."""
        kill_group(self.process)

    def stop(self) -> None:
        """Stop the server as a service manager would (SIGTERM), killing it if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        kill_group(self.process)


@dataclass(frozen=True)
class Installation:
    """A home folder and a database, as ``soctasking init`` sets them up."""

    home: Path
    database_url: str

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "SOCTASKING_HOME": str(self.home),
            "SOCTASKING_DATABASE_URL": self.database_url,
            "SOCTASKING_SECRET_KEY": "crash-safety-" + "k" * 50,
            "SOCTASKING_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "soctasking.settings",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("SOCTASKING_DEBUG", None)
        return env

    @property
    def media_root(self) -> Path:
        return self.home / "files"

    def run(
        self, *args: str, stdin: bytes | None = None, timeout: float = 120, check: bool = True
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``soctasking ARGS`` to completion; with ``check``, fail on a non-zero exit."""
        done = subprocess.run(  # noqa: S603 - our own command, no shell
            [*SOCTASKING, *args],
            input=stdin,
            env=self.env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"soctasking {' '.join(args)} exited {done.returncode}:\n"
                f"{done.stderr.decode(errors='replace')[-4000:]}"
            )
        return done

    def start(
        self, *args: str, stdout: IO[bytes] | int, stderr: IO[bytes] | int
    ) -> subprocess.Popen[bytes]:
        """Start ``soctasking ARGS`` in a process group of its own, for ``kill_group``."""
        return subprocess.Popen(  # noqa: S603 - our own command, no shell
            [*SOCTASKING, *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )

    def python(self, code: str, *, timeout: float = 120) -> str:
        """Run ``code`` in a Python process with Django set up on this installation; its output."""
        done = subprocess.run(  # noqa: S603 - the interpreter running these tests
            [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
            env=self.env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(
                f"the script exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
            )
        return done.stdout.decode()

    def serve(self, *, workers: int = 2) -> Server:
        """Start ``soctasking serve`` on a free port and wait until it answers."""
        for attempt in range(3):
            port = free_port()
            log = self.home / f"serve-{port}.log"
            with log.open("wb") as out:
                process = self.start(
                    "serve", "--port", str(port), "--workers", str(workers), stdout=out, stderr=out
                )
            server = Server(process, port=port, log=log)
            try:
                server.wait_until_answering()
            except ServerFailedError:
                server.stop()
                # Another process may have taken the port between the probe
                # and gunicorn's bind; try another before giving up.
                if attempt == 2 or "in use" not in server.log_tail():
                    raise
                continue
            return server
        raise AssertionError("unreachable")


def _scratch_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def _postgresql_database(url: str, purpose: str) -> Iterator[str]:
    """A scratch database beside the one ``url`` names, dropped afterwards; its URL."""
    import psycopg
    from psycopg import sql

    name = (urlsplit(url).path.lstrip("/") or "soctasking")[:30]
    scratch = f"{name}_crash_{purpose}_{os.getpid()}"
    admin = _scratch_url(url, "postgres")

    def execute(statement: sql.Composed) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(statement)

    identifier = sql.Identifier(scratch)
    execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
    execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    try:
        yield _scratch_url(url, scratch)
    finally:
        execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))


@contextlib.contextmanager
def installation(root: Path, *, purpose: str) -> Iterator[Installation]:
    """A fresh, empty installation under ``root``; not yet initialised.

    SQLite in a file under its home, unless ``SOCTASKING_DATABASE_URL`` names
    a PostgreSQL database: then a scratch database on that server, named
    after it, ``purpose`` and this process, and dropped on the way out.
    """
    home = root / f"home-{purpose}-{secrets.token_hex(3)}"
    home.mkdir(parents=True)
    url = os.environ.get("SOCTASKING_DATABASE_URL", "")
    if urlsplit(url).scheme in POSTGRESQL_SCHEMES:
        with _postgresql_database(url, purpose) as scratch:
            yield Installation(home=home, database_url=scratch)
    else:
        yield Installation(home=home, database_url=f"sqlite:///{home / 'soctasking.sqlite3'}")
