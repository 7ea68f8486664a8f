"""The TOTP second factor: asked of users cleared SECRET or above, and of nobody else."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from soctasking.accounts.models import User
from soctasking.accounts.second_factor import (
    RECOVERY_CODES,
    second_factor_required,
    second_factor_reset,
)
from soctasking.accounts.tokens import token_create
from soctasking.audit.models import AuditEvent
from soctasking.conftest import PASSWORD
from soctasking.testing.auth import current_code, password_only_login, totp_device_enrolled
from soctasking.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("web:login")
SECOND_FACTOR = reverse("web:second_factor")
HOME = reverse("web:home")


def make_user(**kwargs: object) -> User:
    return UserFactory(**kwargs)


def sign_in_with_password(client: Client, username: str) -> None:
    response = client.post(SIGN_IN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def give_code(client: Client, code: str, next_address: str = ""):
    return client.post(SECOND_FACTOR, {"code": code, "next": next_address})


def test_secret_and_above_need_the_second_factor_and_lower_clearances_do_not(rocu):
    for clearance, needed in [
        ("official", False),
        ("official-sensitive", False),
        ("secret", True),
        ("top-secret", True),
    ]:
        user = make_user(body=rocu, clearance=clearance)
        assert second_factor_required(user) is needed, clearance


def test_a_user_below_secret_is_not_asked_for_a_code(client, contributor):
    sign_in_with_password(client, "bob")

    assert client.get(HOME).status_code == 200
    assert client.get(SECOND_FACTOR)["Location"] == HOME
    assert not TOTPDevice.objects.filter(user=contributor).exists()


@pytest.mark.parametrize(
    "address",
    ["/", "/bodies/", "/intelligence/", "/access/", "/search/?q=x", "/audit/", "/admin/"],
)
def test_a_secret_user_who_gave_only_their_password_reaches_no_page(client, analyst, address):
    sign_in_with_password(client, "alice")

    response = client.get(address)

    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR + "?next=")


def test_a_secret_user_who_gave_only_their_password_gets_401_from_the_api(client, analyst):
    sign_in_with_password(client, "alice")

    assert client.get("/api/v1/bodies").status_code == 401
    assert client.post(
        "/api/v1/access-requests", {}, content_type="application/json"
    ).status_code in {
        401,
        403,
    }


def test_a_bearer_token_is_not_asked_for_the_second_factor(client, analyst):
    _, raw = token_create(user=analyst, acting_user=None)

    response = client.get("/api/v1/bodies", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200


def test_a_secret_user_may_still_sign_out_before_giving_the_code(client, analyst):
    sign_in_with_password(client, "alice")

    response = client.post(reverse("web:logout"))

    assert response.status_code == 302
    assert client.get(HOME)["Location"].startswith(SIGN_IN)


def test_the_first_sign_in_shows_the_secret_its_address_and_a_qr_code(client, analyst):
    sign_in_with_password(client, "alice")

    response = client.get(SECOND_FACTOR)

    page = response.content.decode()
    device = TOTPDevice.objects.get(user=analyst)
    assert not device.confirmed
    assert "Set up your authenticator app" in page
    assert device.config_url.replace("&", "&amp;") in page
    assert device.config_url.startswith("otpauth://totp/soctasking%3Aalice?secret=")
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    assert secret.group(1).replace(" ", "") in device.config_url
    assert 'src="data:image/svg+xml' in page


def test_the_secret_stays_the_same_until_it_is_confirmed(client, analyst):
    sign_in_with_password(client, "alice")

    client.get(SECOND_FACTOR)
    client.get(SECOND_FACTOR)

    assert TOTPDevice.objects.filter(user=analyst).count() == 1


def test_a_wrong_code_at_enrolment_is_refused_and_names_the_field(client, analyst):
    sign_in_with_password(client, "alice")
    client.get(SECOND_FACTOR)

    response = give_code(client, "000000")

    assert response.status_code == 400
    assert '<li><a href="#id_code">That code is not right.' in response.content.decode()
    assert not TOTPDevice.objects.get(user=analyst).confirmed
    assert client.get(HOME).status_code == 302


def test_an_empty_code_is_refused(client, analyst):
    sign_in_with_password(client, "alice")

    response = give_code(client, "")

    assert response.status_code == 400
    assert "Enter the code from your authenticator app" in response.content.decode()


def test_the_right_code_enrols_shows_recovery_codes_once_and_opens_the_pages(client, analyst):
    sign_in_with_password(client, "alice")
    client.get(SECOND_FACTOR)
    device = TOTPDevice.objects.get(user=analyst)

    response = give_code(client, current_code(device), "/bodies/")

    assert response.status_code == 200
    page = response.content.decode()
    codes = StaticToken.objects.filter(device__user=analyst).values_list("token", flat=True)
    assert len(codes) == RECOVERY_CODES
    assert all(f"<code>{code}</code>" in page for code in codes)
    assert 'href="/bodies/"' in page
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200
    event = AuditEvent.objects.get(action="enrol", record_type="second_factor")
    assert event.actor_name == "alice"
    assert event.detail == {"device": "authenticator app", "recovery_codes": RECOVERY_CODES}
    assert device.key not in str(event.detail)


def enrolled_and_signed_in(client: Client, username: str, user) -> TOTPDevice:
    device = totp_device_enrolled(user)
    sign_in_with_password(client, username)
    return device


def test_a_later_sign_in_asks_for_the_code_and_then_goes_where_asked(client, analyst):
    device = enrolled_and_signed_in(client, "alice", analyst)
    asked = client.get(SECOND_FACTOR, {"next": "/bodies/"})

    response = give_code(client, current_code(device), "/bodies/")

    assert "Enter your code" in asked.content.decode()
    assert "totp-secret" not in asked.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/bodies/"
    assert client.get("/bodies/").status_code == 200
    assert client.get("/api/v1/bodies").status_code == 200


def test_a_code_already_used_is_refused(client, analyst):
    device = enrolled_and_signed_in(client, "alice", analyst)
    code = current_code(device)
    assert give_code(client, code).status_code == 302
    client.post(reverse("web:logout"))
    sign_in_with_password(client, "alice")

    assert give_code(client, code).status_code == 400
    assert client.get(HOME).status_code == 302


def test_a_wrong_code_at_sign_in_leaves_the_pages_closed(client, analyst):
    enrolled_and_signed_in(client, "alice", analyst)

    assert give_code(client, "123456").status_code == 400
    assert client.get(HOME).status_code == 302


def test_a_next_address_on_another_site_goes_home_instead(client, analyst):
    device = enrolled_and_signed_in(client, "alice", analyst)

    response = give_code(client, current_code(device), "https://elsewhere.example/")

    assert response["Location"] == HOME


def test_a_recovery_code_signs_in_once_and_its_use_is_audited(client, analyst):
    sign_in_with_password(client, "alice")
    client.get(SECOND_FACTOR)
    give_code(client, current_code(TOTPDevice.objects.get(user=analyst)))
    code = StaticToken.objects.filter(device__user=analyst).values_list("token", flat=True)[0]
    client.post(reverse("web:logout"))

    sign_in_with_password(client, "alice")
    first = give_code(client, code.upper())
    client.post(reverse("web:logout"))
    sign_in_with_password(client, "alice")
    second = give_code(client, code)

    assert first.status_code == 302
    assert second.status_code == 400
    event = AuditEvent.objects.get(action="use_recovery_code")
    assert event.record_id == "alice"
    assert event.detail == {"remaining": RECOVERY_CODES - 1}
    assert code not in str(event.detail)


def test_an_administrator_resets_the_second_factor_and_the_user_enrols_again(
    client, analyst, administrator
):
    device = enrolled_and_signed_in(client, "alice", analyst)

    assert second_factor_reset(user=analyst, acting_user=administrator) is True

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert "Set up your authenticator app" in client.get(SECOND_FACTOR).content.decode()
    event = AuditEvent.objects.get(action="reset", record_type="second_factor")
    assert (event.actor_name, event.record_id) == ("ada", "alice")


def test_a_reset_ends_a_session_verified_with_the_old_device(client, analyst, administrator):
    password_only_login(client, analyst)
    client.force_login(analyst)
    assert client.get(HOME).status_code == 200

    second_factor_reset(user=analyst, acting_user=administrator)

    assert client.get(HOME).status_code == 302


def test_only_an_administrator_may_reset_a_second_factor(analyst, chair):
    totp_device_enrolled(analyst)

    with pytest.raises(PermissionDenied):
        second_factor_reset(user=analyst, acting_user=chair)

    assert TOTPDevice.objects.filter(user=analyst).exists()


def test_resetting_someone_never_enrolled_changes_and_records_nothing(analyst, administrator):
    assert second_factor_reset(user=analyst, acting_user=administrator) is False
    assert not AuditEvent.objects.filter(record_type="second_factor").exists()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_user_reset_second_factor_from_the_console_is_audited_as_the_system(analyst):
    totp_device_enrolled(analyst)

    output = run("user", "reset-second-factor", "alice")

    assert "Reset alice's second factor" in output
    assert not TOTPDevice.objects.filter(user=analyst).exists()
    assert AuditEvent.objects.get(action="reset").actor_name == "system"


def test_user_reset_second_factor_of_someone_never_enrolled_says_so(analyst):
    assert "nothing changed" in run("user", "reset-second-factor", "alice")
