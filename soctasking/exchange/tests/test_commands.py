"""``soctasking load`` and ``soctasking export`` as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from soctasking.bodies.models import Body
from soctasking.exchange.tests.conftest import bundle

pytestmark = pytest.mark.django_db


def test_load_reports_what_it_stored(every_section, tmp_path, capsys):
    path = tmp_path / "picture.json"
    path.write_text(json.dumps(every_section))

    call_command("load", str(path))

    out = capsys.readouterr().out
    assert "4 bodies, 4 threats" in out
    assert "The picture is as of 2018-03-31." in out
    assert Body.objects.count() == 4


def test_a_bad_bundle_exits_with_status_two_listing_each_pointer(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle(bodies=[{"id": "x", "name": "X", "kind": "nope"}])))

    with pytest.raises(CommandError) as failed:
        call_command("load", str(path))

    assert failed.value.returncode == 2
    assert "/bodies/0/kind: expected one of police_force" in str(failed.value)
    assert not Body.objects.exists()


def test_a_missing_file_exits_with_status_two_naming_it():
    with pytest.raises(CommandError) as failed:
        call_command("load", "/no/such/bundle.json")

    assert failed.value.returncode == 2
    assert "no such file '/no/such/bundle.json'" in str(failed.value)


def test_export_to_a_missing_directory_exits_with_status_two():
    with pytest.raises(CommandError) as failed:
        call_command("export", out="/no/such/dir/picture.json")

    assert failed.value.returncode == 2


@pytest.fixture
def console(tmp_path):
    """Run the real ``soctasking`` console command against a fresh SQLite installation."""
    env = {**os.environ, "SOCTASKING_HOME": str(tmp_path / "home")}
    env.pop("SOCTASKING_DATABASE_URL", None)
    command = str(Path(sys.executable).with_name("soctasking"))

    def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [command, *args], input=stdin, env=env, capture_output=True, timeout=120, check=False
        )

    assert run("migrate", "--no-input", "-v", "0").returncode == 0
    return run


def test_the_console_loads_from_standard_input_and_exports_the_same_picture(console, every_section):
    loaded = console("load", "-", stdin=json.dumps(every_section).encode())
    exported = console("export")

    assert loaded.returncode == 0, loaded.stderr
    assert exported.returncode == 0, exported.stderr
    assert {r["id"] for r in json.loads(exported.stdout)["bodies"]} == {
        "nca",
        "nac",
        "rocu-nw",
        "force-cumbria",
    }


def test_the_console_exits_with_status_two_on_a_bad_bundle(console):
    refused = console("load", "-", stdin=b'{"format": "soctasking.bundle"}')

    assert refused.returncode == 2
    assert b"/version: required, but missing" in refused.stderr
