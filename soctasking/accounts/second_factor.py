"""The TOTP second factor, required of every user cleared SECRET or above.

Such a user enrols at their first sign-in: an authenticator app takes the
secret (typed, or from the otpauth:// address or its QR code), and the first
code it shows confirms the device. Confirming it also issues a few
single-use recovery codes, shown once. Each later sign-in asks for a code
from the app, or one recovery code, before any page opens. An administrator
resets a user who lost their device; they enrol again at their next
sign-in. django-otp holds the devices and throttles wrong codes.

API bearer tokens are issued by an administrator to a program and do not
pass through here: a token is its own factor, kept by whoever was given it.
"""

from __future__ import annotations

from typing import Any

import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from soctasking.accounts.clearance import Classification, classification_rank
from soctasking.accounts.models import User
from soctasking.accounts.services import require_administrator
from soctasking.audit.services import audit_record

RECOVERY_CODES = 8
_AUTHENTICATOR = "authenticator app"
_RECOVERY = "recovery codes"


def second_factor_required(user: User) -> bool:
    """Whether ``user`` must give a code as well as a password: cleared SECRET or above."""
    return classification_rank(user.clearance) >= classification_rank(Classification.SECRET)


def second_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed device ``user`` is enrolling, made on first asking.

    Its secret gives no access until a code from it confirms it, which
    ``second_factor_enrol`` records; a device is kept across page loads so
    the secret stays the one the user's app was given.
    """
    with transaction.atomic():
        device: TOTPDevice | None = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, name=_AUTHENTICATOR)
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=_AUTHENTICATOR, confirmed=False)
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, as authenticator apps take it typed."""
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI, for an ``img``.

    An image rather than inline SVG: the Content Security Policy allows
    data: images, and an image needs no styling the policy would refuse.
    """
    uri: str = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)
    return uri


def _normalised(code: str) -> str:
    return "".join(code.split()).lower()


def second_factor_enrol(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a code from it; the new recovery codes, or None if wrong.

    Confirming replaces any recovery codes held before. Audited as
    ``enrol second_factor``; the secret and the codes never reach the trail.
    """
    user: User = device.user
    with transaction.atomic():
        # The code's time step is spent in the same transaction as the event.
        if not device.verify_token(_normalised(code)):  # type: ignore[no-untyped-call]
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=_RECOVERY, confirmed=True)
        codes: list[str] = [
            StaticToken.random_token()  # type: ignore[no-untyped-call]
            for _ in range(RECOVERY_CODES)
        ]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
        audit_record(
            actor=user,
            action="enrol",
            record_type="second_factor",
            record_id=user.get_username(),
            detail={"device": device.name, "recovery_codes": len(codes)},
        )
    return codes


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` for ``user`` (the app's code, or one recovery code).

    A recovery code works once: it is used up, and its use is audited, with
    how many remain. A wrong code counts towards django-otp's throttle,
    which doubles the wait after each failure.
    """
    token = _normalised(code)
    device: TOTPDevice
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):  # type: ignore[no-untyped-call]
            return device
    recovery: StaticDevice
    for recovery in StaticDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            if not recovery.verify_token(token):  # type: ignore[no-untyped-call]
                continue
            audit_record(
                actor=user,
                action="use_recovery_code",
                record_type="second_factor",
                record_id=user.get_username(),
                detail={"remaining": recovery.token_set.count()},
            )
        return recovery
    return None


def second_factor_reset(*, user: User, acting_user: User | None) -> bool:
    """Remove every device and recovery code of ``user``; they enrol again at next sign-in.

    Returns whether there was anything to remove; with nothing, nothing is recorded.
    """
    require_administrator(acting_user)
    with transaction.atomic():
        devices: list[Any] = [
            *TOTPDevice.objects.select_for_update().filter(user=user),
            *StaticDevice.objects.select_for_update().filter(user=user),
        ]
        if not devices:
            return False
        for device in devices:
            device.delete()
        audit_record(
            actor=acting_user,
            action="reset",
            record_type="second_factor",
            record_id=user.get_username(),
            detail={"devices": len(devices)},
        )
    return True
