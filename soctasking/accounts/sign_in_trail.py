"""Recording every sign-in and sign-out in the audit trail.

An inspector reading who saw what needs to know when each person's session
began and ended, and from where. A sign-in is recorded when the password is
accepted; a user who must also give an authenticator code can do nothing
until they have, and the trail records that step separately when a recovery
code is used. ``client.force_login`` in tests signs in through the same
signal, so tests see these events too.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from soctasking.accounts.models import User
from soctasking.audit.services import audit_record


def _client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    # django-axes has already read the address the way the settings say to
    # trust proxies; fall back to the socket's peer where it did not run.
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")
    return str(address)


@receiver(user_logged_in, dispatch_uid="soctasking.accounts.sign_in_recorded")
def _sign_in_recorded(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    audit_record(
        actor=user,
        action="sign_in",
        record_type="session",
        record_id=user.get_username(),
        detail={"ip_address": _client_address(request)},
    )


@receiver(user_logged_out, dispatch_uid="soctasking.accounts.sign_out_recorded")
def _sign_out_recorded(
    sender: object, request: HttpRequest | None, user: User | None, **kwargs: object
) -> None:
    if user is None:
        return
    audit_record(
        actor=user,
        action="sign_out",
        record_type="session",
        record_id=user.get_username(),
        detail={"ip_address": _client_address(request)},
    )
