"""Locking out repeated failed sign-ins, recording each lockout, and lifting one.

django-axes counts failed sign-ins per username and, separately, per client
address (``AXES_*`` in the settings). When either count reaches the limit,
that username or address is refused for the cool-off period whatever the
password; the sign-in page then says so without telling whether the
username exists. Every lockout is written to the audit trail as it happens,
and an administrator (or the operator, at the console) may lift one early.
"""

from __future__ import annotations

from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from soctasking.accounts.models import User
from soctasking.accounts.services import require_administrator
from soctasking.audit.services import audit_record

LOCKED_OUT_MESSAGE = (
    "There have been too many failed attempts to sign in. Try again in {minutes} minutes, "
    "or ask your service administrator to unlock your account."
)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_until(*, attempt_time: datetime) -> datetime:
    until: datetime = attempt_time + settings.AXES_COOLOFF_TIME
    return until


def lockout_record(*, request: HttpRequest, username: str | None, ip_address: str | None) -> None:
    """Audit a username or address being locked out, once, when the limit is reached.

    django-axes also signals each attempt refused during a lockout; those
    carry no failure count and are not recorded again, so that someone
    hammering the sign-in page cannot flood the trail.
    """
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    now = timezone.now()
    with transaction.atomic():
        audit_record(
            actor=None,
            action="lock_out",
            record_type="sign_in",
            record_id=username or "",
            detail={
                "username": username,
                "ip_address": ip_address,
                "failures": failures,
                "until": lockout_until(attempt_time=now).isoformat(),
            },
        )


def _failures(*, username: str | None, ip_address: str | None) -> Q:
    condition = Q(pk__in=[])
    if username:
        condition |= Q(username=username)
    if ip_address:
        condition |= Q(ip_address=ip_address)
    return condition


def sign_in_unlock(
    *, username: str | None = None, ip_address: str | None = None, acting_user: User | None
) -> int:
    """Forget the failed sign-ins of ``username`` and of ``ip_address``, lifting any lockout.

    Returns how many failure records were forgotten; with none, nothing
    was locked and nothing is recorded.
    """
    require_administrator(acting_user)
    if not username and not ip_address:
        raise ValidationError({"username": "name a username or an address to unlock"})
    with transaction.atomic():
        attempts = AccessAttempt.objects.select_for_update().filter(
            _failures(username=username, ip_address=ip_address)
        )
        held = list(attempts.values_list("failures_since_start", flat=True))
        if not held:
            return 0
        forgotten = 0
        if username:
            forgotten += reset(username=username)
        if ip_address:
            forgotten += reset(ip=ip_address)
        audit_record(
            actor=acting_user,
            action="unlock",
            record_type="sign_in",
            record_id=username or ip_address or "",
            detail={
                "username": username,
                "ip_address": ip_address,
                "failures": sum(held),
            },
        )
    return forgotten
