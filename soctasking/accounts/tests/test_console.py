"""The installed ``soctasking`` script, run as an operator would, against its own SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SOCTASKING = Path(sys.executable).parent / "soctasking"
STRONG = "vellum otter quarry lantern"


@pytest.fixture
def console(tmp_path):
    environment = {**os.environ, "SOCTASKING_HOME": str(tmp_path)}
    # The suite may run against PostgreSQL; this database is the script's own.
    environment.pop("SOCTASKING_DATABASE_URL", None)

    def soctasking(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SOCTASKING), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )

    assert soctasking("migrate", "--noinput").returncode == 0
    body = "from soctasking.bodies.models import Body; Body.objects.create(id='nac', name='NAC')"
    assert soctasking("shell", "-c", body).returncode == 0
    return soctasking


def test_the_console_script_adds_a_user_issues_a_token_and_keeps_the_trail_intact(console):
    added = console(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "analyst",
        "--clearance",
        "secret",
        stdin=STRONG + "\n",
    )
    created = console("token", "create", "--user", "dana")
    listed = console("token", "list")
    verified = console("audit", "verify")

    assert (added.returncode, added.stdout) == (0, "Added dana.\n")
    assert created.returncode == 0
    raw = created.stdout.splitlines()[-1]
    assert raw.startswith("soct_")
    assert len(raw) > 40
    assert listed.returncode == 0
    assert "dana" in listed.stdout
    assert raw not in listed.stdout
    assert (verified.returncode, verified.stdout) == (0, "audit trail intact: 2 events\n")


def test_the_console_script_exits_2_naming_the_option_on_bad_input(console):
    bad_role = console(
        "user",
        "add",
        "dana",
        "--body",
        "nac",
        "--role",
        "boss",
        "--clearance",
        "secret",
        stdin=STRONG + "\n",
    )
    bad_days = console("token", "create", "--user", "dana", "--expires-days", "soon")

    assert bad_role.returncode == 2
    assert "--role: unknown role 'boss'" in bad_role.stderr
    assert bad_days.returncode == 2
    assert "--expires-days" in bad_days.stderr
