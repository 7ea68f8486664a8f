"""Real-browser testing: Chromium driven by Playwright, and the accessibility rule every page meets.

Import the fixtures into a tests package's ``conftest.py``::

    from soctasking.testing.browser import browser, page, seeded_rows  # noqa: F401

``page`` opens on pytest-django's live server. After loading any page,
call ``assert_accessible(page)``: it injects the project's own copy of axe
(``/static/vendor/axe.min.js``, served like every other static file) and
fails on any violation of impact serious or critical, listing each one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connections

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_URL = "/static/vendor/axe.min.js"
FAILING_IMPACTS = frozenset({"serious", "critical"})


@pytest.fixture(scope="session")
def seeded_rows(django_db_setup: None) -> dict[str, str]:
    """The rows migrations seed, as Django recorded them for serialized rollback.

    Read before Playwright starts: while it runs, Django looks connections up
    in a context of Playwright's, whose connection objects lack the record,
    and the flush after a live-server test would then lose the seeded rows
    (the compartments) for every test after it.
    """
    return {
        alias: connections[alias].__dict__["_test_serialized_contents"]
        for alias in connections
        if "_test_serialized_contents" in connections[alias].__dict__
    }


@pytest.fixture(scope="module")
def browser(seeded_rows: dict[str, str]) -> Iterator[Browser]:
    """A headless Debian Chromium, shared by the tests of one module."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}; `make test` installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which makes
    # Django refuse database calls from it unless told the caller knows.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, seeded_rows: dict[str, str]) -> Iterator[Page]:
    """A fresh tab, with no cookies, whose relative addresses go to the live server.

    The test fails if the Content Security Policy refused anything on any
    page it loaded.

    Browser tests must be marked ``django_db(transaction=True,
    serialized_rollback=True)``: the live server needs committed data, and
    the seeded rows are put back after each test empties the database.
    """
    for alias, contents in seeded_rows.items():
        connections[alias]._test_serialized_contents = contents
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    context.close()
    # Every page of every browser test also proves the policy refused nothing
    # the page itself needs.
    if refused:
        pytest.fail("the Content Security Policy refused:\n" + "\n".join(refused))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe violation on the page once it has loaded, whatever its impact."""
    page.wait_for_load_state()
    page.add_script_tag(url=AXE_URL)
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def assert_accessible(page: Page) -> None:
    """Fail, listing each, on any axe violation of impact serious or critical."""
    failing = [v for v in axe_violations(page) if v.get("impact") in FAILING_IMPACTS]
    if failing:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']}; at "
            + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
            for v in failing
        ]
        raise AssertionError(
            f"{page.url} has {len(failing)} serious or critical accessibility problem(s):\n"
            + "\n".join(lines)
        )


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in on the sign-in page already open, giving the second factor where it is asked.

    A user who needs one is enrolled beforehand with a device of the test's
    own, whose current code is then typed, as their app would show it.
    """
    from soctasking.accounts.models import User
    from soctasking.accounts.second_factor import second_factor_required
    from soctasking.testing.auth import current_code, totp_device_enrolled

    user = User.objects.filter(username=username).first()
    device = None
    if user is not None and second_factor_required(user):
        device = totp_device_enrolled(user)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if device is not None and "/sign-in/second-factor/" in page.url:
        page.get_by_label("Code").fill(current_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
