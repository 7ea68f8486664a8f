"""``soctasking init`` and ``soctasking serve``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.web.management.commands import serve

SOCTASKING = [sys.executable, "-m", "soctasking"]


def run(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOCTASKING_HOME": str(home)}
    env.pop("SOCTASKING_DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [*SOCTASKING, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_init_creates_a_fresh_database_then_finds_nothing_to_do(tmp_path):
    first = run("init", home=tmp_path)
    second = run("init", home=tmp_path)

    database = tmp_path / "soctasking.sqlite3"
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"Created the database at {database}: applied ")
    assert first.stdout.rstrip().endswith(" migrations.")
    assert database.exists()
    assert second.returncode == 0, second.stderr
    assert second.stdout == (
        f"The database at {database} is up to date; there was nothing to apply.\n"
    )


@pytest.mark.django_db
def test_init_on_a_migrated_database_reports_it_is_up_to_date():
    out = StringIO()

    call_command("init", stdout=out)

    assert "is up to date; there was nothing to apply." in out.getvalue()


@pytest.fixture
def exec_calls(monkeypatch):
    calls: list[list[str]] = []
    monkeypatch.setattr(serve.os, "execv", lambda path, arguments: calls.append(arguments))
    return calls


@pytest.mark.django_db
def test_serve_runs_gunicorn_on_the_wsgi_application_on_localhost_8000(exec_calls, monkeypatch):
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 2)
    out = StringIO()

    call_command("serve", stdout=out)

    assert exec_calls == [
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            "127.0.0.1:8000",
            "--workers",
            "5",
            "--access-logfile",
            "-",
            "soctasking.wsgi:application",
        ]
    ]
    assert "is up to date" in out.getvalue()
    assert "Serving on http://127.0.0.1:8000/ with 5 workers." in out.getvalue()


@pytest.mark.django_db
def test_serve_takes_the_host_port_and_workers_it_is_given(exec_calls):
    call_command("serve", host="0.0.0.0", port=9000, workers=2, stdout=StringIO())  # noqa: S104

    [arguments] = exec_calls
    assert arguments[arguments.index("--bind") + 1] == "0.0.0.0:9000"
    assert arguments[arguments.index("--workers") + 1] == "2"


@pytest.mark.django_db
def test_serve_binds_an_ipv6_host_in_brackets(exec_calls):
    call_command("serve", "--host", "::1", "--port", "8080", stdout=StringIO())

    [arguments] = exec_calls
    assert arguments[arguments.index("--bind") + 1] == "[::1]:8080"


@pytest.mark.django_db
def test_serve_dev_runs_djangos_development_server(monkeypatch, exec_calls):
    ran: list[tuple[str, ...]] = []
    real_call_command = serve.call_command

    def record(name, *args, **options):
        if name == "runserver":
            ran.append((name, *args))
            return None
        return real_call_command(name, *args, **options)

    monkeypatch.setattr(serve, "call_command", record)

    call_command("serve", "--dev", "--port", "8001", stdout=StringIO())

    assert ran == [("runserver", "127.0.0.1:8001")]
    assert exec_calls == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "http"], "--port: expected a number, got 'http'"),
        (["--port", "70000"], "--port: expected 1 to 65535, got 70000"),
        (["--workers", "0"], "--workers: expected at least 1, got 0"),
    ],
)
def test_serve_refuses_a_bad_option_naming_it(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *arguments)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", "")


def test_gunicorn_serves_the_pages_and_the_static_files(tmp_path):
    port = _free_port()
    env = {**os.environ, "SOCTASKING_HOME": str(tmp_path)}
    env.pop("SOCTASKING_DATABASE_URL", None)
    server = subprocess.Popen(
        [*SOCTASKING, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"{base}/sign-in/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

        assert status == 200
        assert _get(f"{base}/static/vendor/axe.min.js")[0] == 200
        assert _get(f"{base}/static/web/init.js") == (200, 'text/javascript; charset="utf-8"')
        assert _get(f"{base}/static/govuk/govuk-frontend.min.css")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_development_servers_reloaded_child_does_not_migrate_again(monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(serve, "call_command", lambda name, *args, **options: ran.append(name))
    monkeypatch.setenv("RUN_MAIN", "true")

    call_command("serve", "--dev", stdout=StringIO())

    assert ran == ["runserver"]
