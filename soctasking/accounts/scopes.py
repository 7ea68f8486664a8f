"""Scopes of API bearer tokens, and how each API operation declares the one it needs.

An operation is decorated with ``token_scope(TokenScope.X)``. Called with a
bearer token lacking that scope, it answers 403 naming the scope; called
from a signed-in browser session, scopes do not apply (the session is its
user, with their role and clearance). Every operation must declare one:
``web/tests/test_token_scopes.py`` fails for any that does not.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja.errors import HttpError

from soctasking.accounts.models import TokenScope

#: Marked on a request by the bearer-token authentication: the token's scopes.
HELD_SCOPES = "soctasking_held_scopes"

F = TypeVar("F", bound=Callable[..., Any])


def scopes_check(scopes: Iterable[str]) -> list[str]:
    """The scopes sorted and without repeats, if each is known and there is at least one."""
    wanted = sorted(set(scopes))
    unknown = [scope for scope in wanted if scope not in TokenScope.values]
    if unknown:
        raise ValidationError(
            {
                "scopes": f"unknown scope {', '.join(repr(s) for s in unknown)}; "
                f"expected any of: {', '.join(TokenScope.values)}"
            }
        )
    if not wanted:
        raise ValidationError(
            {"scopes": f"give at least one scope: {', '.join(TokenScope.values)}"}
        )
    return wanted


def token_scope(scope: TokenScope) -> Callable[[F], F]:
    """Declare the scope a bearer token needs to call the decorated API operation."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            held: frozenset[str] | None = getattr(request, HELD_SCOPES, None)
            if held is not None and scope not in held:
                raise HttpError(
                    403,
                    f"This token lacks the scope {scope.value!r}, which this operation needs; "
                    f"ask for a token with it (soctasking token create --scope {scope.value}).",
                )
            return view(request, *args, **kwargs)

        # django-ninja reads the parameters' types from the signature, resolving
        # postponed annotations in the function's own module, not this one.
        wrapped.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        wrapped.token_scope = scope  # type: ignore[attr-defined]
        return cast(F, wrapped)

    return decorate
