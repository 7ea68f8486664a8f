"""The headers every answer carries, and Django's deployment check on production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from soctasking.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["/sign-in/", "/", "/api/v1/bodies", "/api/v1/docs"])
def test_every_answer_forbids_inline_script_and_framing(
    client: Client, analyst: User, address: str
) -> None:
    client.force_login(analyst)
    response = client.get(address)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_api_documentation_uses_its_own_copy_of_swagger(client: Client, analyst: User) -> None:
    client.force_login(analyst)
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_production_settings_pass_the_deployment_check(tmp_path) -> None:
    environment = dict(
        os.environ,
        SOCTASKING_HTTPS="true",
        SOCTASKING_HOME=str(tmp_path),
        SOCTASKING_SECRET_KEY="k" * 40 + "-a-long-random-production-secret-9Q!",
        DJANGO_SETTINGS_MODULE="soctasking.settings",
    )
    environment.pop("SOCTASKING_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "soctasking", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
