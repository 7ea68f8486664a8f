"""API bearer tokens: created once, shown once, stored only as a SHA-256 digest.

A token acts as its user, so only the system, the user themselves or an
administrator may create or revoke one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from soctasking.accounts.models import ApiToken, TokenScope, User
from soctasking.accounts.scopes import scopes_check
from soctasking.accounts.services import require_administrator
from soctasking.audit.services import audit_record

TOKEN_PREFIX = "soct_"  # noqa: S105 - a public marker, not a secret


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _require_owner_or_administrator(*, user: User, acting_user: User | None) -> None:
    if acting_user is None or acting_user.pk != user.pk:
        require_administrator(acting_user)


def token_create(
    *,
    user: User,
    acting_user: User | None,
    name: str = "",
    expires: datetime | None = None,
    scopes: Iterable[str] | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw value is returned once and never stored.

    ``scopes`` (``TokenScope`` values) limit what it may be used for; left
    out, it gets every scope, as every token made before scopes existed
    has. An inactive user cannot authenticate, so a token for one is
    refused rather than handed out looking usable.
    """
    _require_owner_or_administrator(user=user, acting_user=acting_user)
    if not user.is_active:
        raise ValidationError({"user": f"{user.get_username()} is inactive"})
    if expires is not None and expires <= timezone.now():
        raise ValidationError({"expires": "must be in the future"})
    held = scopes_check(TokenScope.values if scopes is None else scopes)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name,
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            digest=_digest(raw),
            expires=expires,
            scopes=held,
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=acting_user,
            action="create",
            record_type="api_token",
            record_id=str(token.pk),
            detail={
                "user": user.get_username(),
                "name": name,
                "prefix": token.prefix,
                "expires": expires,
                "scopes": held,
            },
        )
    return token, raw


def token_revoke(*, token: ApiToken, acting_user: User | None) -> ApiToken:
    """Revoke ``token`` from now on; revoking it again keeps the first revocation."""
    _require_owner_or_administrator(user=token.user, acting_user=acting_user)
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update(of=("self",)).select_related("user").get(pk=token.pk)
        )
        if token.revoked is not None:
            return token
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        audit_record(
            actor=acting_user,
            action="revoke",
            record_type="api_token",
            record_id=str(token.pk),
            detail={"user": token.user.get_username(), "prefix": token.prefix},
        )
    return token


def token_authenticate(*, raw: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    token = token_in_force(raw=raw)
    return token.user if token is not None else None


def token_in_force(*, raw: str) -> ApiToken | None:
    """The presented token, with its active user, if it is neither revoked nor expired."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__body")
        .filter(digest=_digest(raw), revoked__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires is not None and token.expires <= now):
        return None
    if not token.user.is_active:
        return None
    # Recording every use would make each API call a write; a minute's
    # resolution is enough to tell a live token from a forgotten one.
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token
