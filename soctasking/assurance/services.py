"""Writes of the assurance app: an administrator changing a check's threshold."""

from __future__ import annotations

from django.db import transaction

from soctasking.accounts.gate import require_role
from soctasking.accounts.models import Role, User
from soctasking.assurance.models import CheckThreshold
from soctasking.audit.services import audit_record


def _require_administrator(user: User) -> None:
    if not user.is_superuser:
        require_role(user=user, roles=[Role.ADMINISTRATOR])


def threshold_set(*, code: str, parameter: str, value: float, acting_user: User) -> CheckThreshold:
    """Override the default of one threshold of the check ``code``.

    Only an administrator may. The check must declare ``parameter`` and the
    value must be a non-negative number; otherwise ``ValidationError`` names
    the field at fault and nothing is stored.
    """
    _require_administrator(acting_user)
    with transaction.atomic():
        threshold = (
            CheckThreshold.objects.select_for_update()
            .filter(code=code, parameter=parameter)
            .first()
        )
        previous = threshold.value if threshold is not None else None
        if threshold is None:
            threshold = CheckThreshold(code=code, parameter=parameter)
        threshold.value = value
        threshold.full_clean()
        threshold.save()
        audit_record(
            actor=acting_user,
            action="set",
            record_type="check_threshold",
            record_id=f"{code}.{parameter}",
            detail={"code": code, "parameter": parameter, "value": value, "previous": previous},
        )
    return threshold


def threshold_reset(*, code: str, parameter: str, acting_user: User) -> None:
    """Go back to the check's default for one threshold; nothing happens if none was set."""
    _require_administrator(acting_user)
    with transaction.atomic():
        threshold = (
            CheckThreshold.objects.select_for_update()
            .filter(code=code, parameter=parameter)
            .first()
        )
        if threshold is None:
            return
        previous = threshold.value
        threshold.delete()
        audit_record(
            actor=acting_user,
            action="reset",
            record_type="check_threshold",
            record_id=f"{code}.{parameter}",
            detail={"code": code, "parameter": parameter, "previous": previous},
        )
