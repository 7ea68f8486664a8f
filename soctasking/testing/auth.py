"""Signing test clients in, with or without the second factor.

``Client.force_login`` stands for a whole sign-in: the root ``conftest``
makes it also give the second factor for a user who needs one, through
``second_factor_given``. A test of the second factor itself signs in with
the password only, by ``password_only_login``, or through the pages.
"""

from __future__ import annotations

import time

from django.test import Client
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from soctasking.accounts.models import User
from soctasking.accounts.second_factor import second_factor_required

#: Django's own force_login, taken before the root conftest wraps it.
password_only_login = ClientMixin.force_login


def totp_device_enrolled(user: User) -> TOTPDevice:
    """The user's confirmed authenticator, enrolled now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """A code the device accepts now: this time step's, or the next one if this one is used."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    counter = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, counter, digits=device.digits):0{device.digits}d}"


def second_factor_given(client: Client, user: User) -> None:
    """Mark the client's session as having given the user's second factor, if they need one."""
    if not second_factor_required(user):
        return
    device = totp_device_enrolled(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
