"""Writes of the accounts app: creating and changing users, and access to compartments.

Each user service takes the acting user: ``None`` means the system itself
(the ``soctasking`` console command run by an operator on the server),
anyone else must be an administrator. Access to a compartment is asked for
by the user who needs it and decided by an authoriser (see
``gate.compartments_authorisable_by``). Every write is audited in the same
transaction as the change; no password, hashed or not, ever reaches the
audit trail.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from soctasking.accounts.clearance import Classification
from soctasking.accounts.gate import (
    can_authorise,
    forget_compartments,
    is_active_user,
    require_role,
    user_compartments,
)
from soctasking.accounts.models import (
    MAX_GRANT_DAYS,
    AccessRequestStatus,
    Compartment,
    CompartmentAccessRequest,
    CompartmentGrant,
    Role,
    User,
)
from soctasking.audit.services import audit_record
from soctasking.bodies.models import Body

# Beyond this many bodies the error suggests near matches instead of listing
# every id; a national picture holds dozens of forces, ROCUs and agencies.
_BODIES_LISTED = 20

T = TypeVar("T")


def require_administrator(acting_user: User | None) -> None:
    """Only the system or an administrator (or superuser) manages users and tokens."""
    if acting_user is not None and not acting_user.is_superuser:
        require_role(user=acting_user, roles=[Role.ADMINISTRATOR])


def _expected(values: Iterable[str]) -> str:
    return ", ".join(values)


def _role_check(role: str) -> str:
    if role not in Role.values:
        raise ValidationError(
            {"role": f"unknown role {role!r}; expected one of: {_expected(Role.values)}"}
        )
    return role


def _clearance_check(clearance: str) -> str:
    if clearance not in Classification.values:
        raise ValidationError(
            {
                "clearance": f"unknown clearance {clearance!r}; "
                f"expected one of: {_expected(Classification.values)}"
            }
        )
    return clearance


def _body_resolve(body_id: str) -> Body:
    body = Body.objects.filter(id=body_id).first()
    if body is not None:
        return body
    known = list(Body.objects.order_by("id").values_list("id", flat=True))
    if not known:
        hint = "no bodies exist yet; load a picture bundle first (soctasking load FILE)"
    elif len(known) <= _BODIES_LISTED:
        hint = f"expected one of: {_expected(known)}"
    else:
        near = difflib.get_close_matches(body_id, known, n=3)
        hint = f"expected the id of one of the {len(known)} bodies"
        if near:
            hint += f" (did you mean {_expected(near)}?)"
    raise ValidationError({"body": f"unknown body {body_id!r}; {hint}"})


def _compartments_resolve(codes: Iterable[str]) -> list[Compartment]:
    wanted = sorted(set(codes))
    found = {c.code: c for c in Compartment.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        known = Compartment.objects.order_by("code").values_list("code", flat=True)
        raise ValidationError(
            {
                "compartments": f"unknown compartment {_expected(repr(c) for c in unknown)}; "
                f"expected any of: {_expected(known)}"
            }
        )
    return [found[code] for code in wanted]


def _password_check(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


# How each plain field of ``user_update`` turns what was given into what is stored.
_RESOLVERS: dict[str, Callable[[Any], Any]] = {
    "role": _role_check,
    "clearance": _clearance_check,
    "body": _body_resolve,
}


def _audit_value(value: object) -> object:
    """Related records (a body) are recorded by id, as they are named everywhere else."""
    return value.pk if isinstance(value, Model) else value


def _collect(errors: dict[str, list[str]], check: Callable[[], T]) -> T | None:
    """Run one check, keeping its complaint so that every bad value is reported at once."""
    try:
        return check()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return None


def user_create(
    *,
    username: str,
    body: str,
    role: str,
    clearance: str,
    compartments: Iterable[str],
    password: str,
    acting_user: User | None,
) -> User:
    """A new active user of ``body`` (a body id), with a validated, Argon2-hashed password.

    Every bad value is reported in one ``ValidationError`` keyed by field,
    and nothing is stored.
    """
    require_administrator(acting_user)
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        user = User(
            username=username,
            body=_collect(errors, lambda: _body_resolve(body)),
            role=_collect(errors, lambda: _role_check(role)) or "",
            clearance=_collect(errors, lambda: _clearance_check(clearance)) or "",
        )
        held = _collect(errors, lambda: _compartments_resolve(compartments))
        _collect(errors, lambda: _password_check(password, user))
        # The fields already refused would only be refused again, less clearly.
        _collect(errors, lambda: user.full_clean(exclude=[*errors, "password"]))
        if errors or held is None:
            raise ValidationError(errors)
        user.set_password(password)
        user.save()
        user.compartments.set(held)
        audit_record(
            actor=acting_user,
            action="create",
            record_type="user",
            record_id=user.get_username(),
            detail={
                "body": body,
                "role": role,
                "clearance": clearance,
                "compartments": [c.code for c in held],
                "is_active": user.is_active,
            },
        )
    return user


def user_update(
    *,
    user: User,
    role: str | None = None,
    clearance: str | None = None,
    compartments: Iterable[str] | None = None,
    body: str | None = None,
    is_active: bool | None = None,
    password: str | None = None,
    acting_user: User | None,
) -> User:
    """Change what is given (``None`` leaves a field as it is); ``compartments=[]`` clears them.

    Returns the user as stored afterwards. The audit event records each
    changed field as ``[before, after]``, and only that the password
    changed, never the password; nothing changed means no event.
    """
    require_administrator(acting_user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        errors: dict[str, list[str]] = {}
        given = {"role": role, "clearance": clearance, "body": body}
        wanted = {
            field: _collect(errors, partial(_RESOLVERS[field], value))
            for field, value in given.items()
            if value is not None
        }
        if is_active is not None:
            wanted["is_active"] = is_active
        held = None
        if compartments is not None:
            held = _collect(errors, lambda: _compartments_resolve(compartments))
        if password is not None:
            _collect(errors, lambda: _password_check(password, user))
        if errors:
            raise ValidationError(errors)

        changes: dict[str, Any] = {}
        for field, after in wanted.items():
            before = getattr(user, field)
            if before != after:
                setattr(user, field, after)
                changes[field] = [_audit_value(before), _audit_value(after)]
        if held is not None:
            before_codes = sorted(user.compartments.values_list("code", flat=True))
            after_codes = [c.code for c in held]
            if before_codes != after_codes:
                changes["compartments"] = [before_codes, after_codes]
            else:
                held = None
        fields = [field for field in changes if field != "compartments"]
        if password is not None:
            user.set_password(password)
            fields.append("password")
            changes["password_changed"] = True
        if not changes:
            return user
        user.full_clean()
        # An empty update_fields saves nothing, as wanted when only compartments changed.
        user.save(update_fields=fields)
        if held is not None:
            user.compartments.set(held)
        audit_record(
            actor=acting_user,
            action="update",
            record_type="user",
            record_id=user.get_username(),
            detail=changes,
        )
    return user


# A reason an inspector could later weigh: a few words saying what for, not
# "need it" or a row of dots.
REASON_MIN_WORDS = 3
REASON_MIN_LETTERS = 12

_ALREADY_OPEN = (
    "You already have a request for the {} compartment awaiting decision; "
    "withdraw it or wait for the decision"
)


def access_reason_check(reason: str) -> str:
    """The reason with its spacing tidied, if it says what the access is for."""
    text = " ".join(reason.split())
    words = re.findall(r"[^\W\d_]{2,}", text)
    if not text:
        raise ValidationError({"reason": "Enter why you need access"})
    if len(words) < REASON_MIN_WORDS or sum(map(len, words)) < REASON_MIN_LETTERS:
        raise ValidationError(
            {
                "reason": "Say in a few words what the access is for, such as the operation "
                "or assessment it supports"
            }
        )
    return text


def _days_check(days: int) -> int:
    if not 1 <= days <= MAX_GRANT_DAYS:
        raise ValidationError(
            {"days": f"Enter a number of days from 1 to {MAX_GRANT_DAYS}; {days} is out of range"}
        )
    return days


def access_request_create(
    *, requester: User, compartment: Compartment, reason: str, days: int
) -> CompartmentAccessRequest:
    """``requester`` asks for access to ``compartment`` for ``days`` days from approval.

    Refused, keyed by field, when the reason says nothing, the days are out
    of range, the compartment is already held, or an earlier request for it
    is still open.
    """
    if not is_active_user(requester):
        raise PermissionDenied("Only an active user may request access.")
    now = timezone.now()
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        clean_reason = _collect(errors, lambda: access_reason_check(reason))
        _collect(errors, lambda: _days_check(days))
        if compartment.code in user_compartments(requester, now=now):
            errors.setdefault("compartment", []).append(
                f"You already hold the {compartment.code} compartment"
            )
        elif CompartmentAccessRequest.objects.filter(
            requester=requester, compartment=compartment, status=AccessRequestStatus.REQUESTED
        ).exists():
            errors.setdefault("compartment", []).append(_ALREADY_OPEN.format(compartment.code))
        if errors or clean_reason is None:
            raise ValidationError(errors)
        access_request = CompartmentAccessRequest(
            requester=requester,
            compartment=compartment,
            reason=clean_reason,
            days=days,
            created=now,
        )
        # The unique constraint is checked by the insert itself, which also
        # catches a second request racing this one.
        access_request.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                access_request.save(force_insert=True)
        except IntegrityError:
            raise ValidationError({"compartment": _ALREADY_OPEN.format(compartment.code)}) from None
        audit_record(
            actor=requester,
            action="create",
            record_type="access_request",
            record_id=str(access_request.pk),
            detail={
                "requester": requester.get_username(),
                "compartment": compartment.code,
                "days": days,
                "reason": clean_reason,
            },
        )
    return access_request


def _open_request_locked(access_request: CompartmentAccessRequest) -> CompartmentAccessRequest:
    locked = (
        CompartmentAccessRequest.objects.select_for_update()
        .select_related("requester", "compartment")
        .get(pk=access_request.pk)
    )
    if locked.status != AccessRequestStatus.REQUESTED:
        raise ValidationError(
            {"status": f"This request is already {locked.get_status_display().lower()}"}
        )
    return locked


def access_request_decide(
    *,
    request: CompartmentAccessRequest,
    authoriser: User,
    approve: bool,
    note: str = "",
) -> CompartmentAccessRequest:
    """Approve or refuse an open request; approval grants access from now for the days asked.

    The authoriser must be allowed to authorise the compartment
    (``gate.can_authorise``) and may not decide their own request.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = _open_request_locked(request)
        if locked.requester_id == authoriser.pk:
            raise PermissionDenied("Nobody may decide their own request for access.")
        if not can_authorise(user=authoriser, compartment=locked.compartment):
            raise PermissionDenied(
                f"You may not authorise access to the {locked.compartment_id} compartment."
            )
        locked.status = AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REFUSED
        locked.decided_by = authoriser
        locked.decided_at = now
        locked.decision_note = " ".join(note.split())
        locked.full_clean()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        detail: dict[str, Any] = {
            "requester": locked.requester.get_username(),
            "compartment": locked.compartment_id,
            "note": locked.decision_note,
        }
        if approve:
            grant = _grant_create(
                user=locked.requester,
                compartment=locked.compartment,
                granted_by=authoriser,
                starts=now,
                expires=now + timedelta(days=locked.days),
                request=locked,
            )
            detail["grant"] = grant.pk
            detail["expires"] = grant.expires.isoformat()
        audit_record(
            actor=authoriser,
            action="approve" if approve else "refuse",
            record_type="access_request",
            record_id=str(locked.pk),
            detail=detail,
        )
    forget_compartments(request.requester)
    return locked


def _grant_create(
    *,
    user: User,
    compartment: Compartment,
    granted_by: User,
    starts: datetime,
    expires: datetime,
    request: CompartmentAccessRequest,
) -> CompartmentGrant:
    grant = CompartmentGrant(
        user=user,
        compartment=compartment,
        granted_by=granted_by,
        starts=starts,
        expires=expires,
        request=request,
    )
    grant.full_clean()
    grant.save(force_insert=True)
    audit_record(
        actor=granted_by,
        action="create",
        record_type="compartment_grant",
        record_id=str(grant.pk),
        detail={
            "user": user.get_username(),
            "compartment": compartment.code,
            "starts": starts.isoformat(),
            "expires": expires.isoformat(),
            "request": request.pk,
        },
    )
    return grant


def access_request_withdraw(
    *, request: CompartmentAccessRequest, acting_user: User
) -> CompartmentAccessRequest:
    """The requester takes back a request still awaiting decision."""
    with transaction.atomic():
        locked = _open_request_locked(request)
        if locked.requester_id != acting_user.pk:
            raise PermissionDenied("Only the requester may withdraw a request.")
        locked.status = AccessRequestStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=acting_user,
            action="withdraw",
            record_type="access_request",
            record_id=str(locked.pk),
            detail={
                "requester": locked.requester.get_username(),
                "compartment": locked.compartment_id,
            },
        )
    return locked


def access_grant_revoke(*, grant: CompartmentGrant, acting_user: User) -> CompartmentGrant:
    """End a grant now: by its holder giving it up, or by anyone who may authorise it.

    Revoking a grant already revoked or expired changes nothing and records nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = (
            CompartmentGrant.objects.select_for_update()
            .select_related("user", "compartment")
            .get(pk=grant.pk)
        )
        if locked.user_id != acting_user.pk and not can_authorise(
            user=acting_user, compartment=locked.compartment
        ):
            raise PermissionDenied(
                f"You may not revoke access to the {locked.compartment_id} compartment."
            )
        if locked.revoked is not None or locked.expires <= now:
            return locked
        locked.revoked = now
        locked.revoked_by = acting_user
        locked.full_clean()
        locked.save(update_fields=["revoked", "revoked_by"])
        audit_record(
            actor=acting_user,
            action="revoke",
            record_type="compartment_grant",
            record_id=str(locked.pk),
            detail={"user": locked.user.get_username(), "compartment": locked.compartment_id},
        )
    forget_compartments(grant.user)
    return locked
