"""In Chromium: a SECRET analyst enrols an authenticator app at first sign-in; axe on each page."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from soctasking.accounts.models import Role
from soctasking.conftest import PASSWORD
from soctasking.testing.auth import current_code
from soctasking.testing.browser import assert_accessible
from soctasking.testing.factories import BodyFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_secret_analyst_sets_up_the_app_keeps_the_codes_and_goes_on(page: Page) -> None:
    nca = BodyFactory(id="nca", name="National Crime Agency", kind="national_agency")
    UserFactory(username="alice", body=nca, role=Role.ANALYST, clearance="secret")

    page.goto("/bodies/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/sign-in/second-factor/\?next=%2Fbodies%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr_code = page.get_by_role("img", name="QR code holding the secret")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0
    assert_accessible(page)

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_accessible(page)

    device = TOTPDevice.objects.get(user__username="alice")
    # After a wrong code django-otp refuses every code for a second, the right
    # one too; a person takes longer than that to type the next.
    page.wait_for_timeout(1500)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your authenticator app is set up")
    expect(page.locator("#recovery-codes li")).to_have_count(8)
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/bodies/$"))
