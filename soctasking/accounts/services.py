"""Writes of the accounts app: creating and changing users.

Each service takes the acting user: ``None`` means the system itself (the
``soctasking`` console command run by an operator on the server), anyone
else must be an administrator. Every write is audited in the same
transaction as the change; no password, hashed or not, ever reaches the
audit trail.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from soctasking.accounts.clearance import Classification
from soctasking.accounts.gate import require_role
from soctasking.accounts.models import Compartment, Role, User
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
