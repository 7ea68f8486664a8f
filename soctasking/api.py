"""The versioned REST API, mounted at /api/v1/; each app contributes one router."""

from __future__ import annotations

from typing import Any

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import HttpBearer, SessionAuth

from soctasking.accounts.middleware import needs_second_factor
from soctasking.accounts.reauthentication import BEARER
from soctasking.accounts.scopes import HELD_SCOPES
from soctasking.accounts.tokens import token_in_force


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_in_force(raw=token)
        if found is None:
            return None
        request.user = found.user
        setattr(request, BEARER, True)
        setattr(request, HELD_SCOPES, frozenset(found.scopes))
        return found.user


class SessionCookie(SessionAuth):
    """The signed-in browser session, its CSRF token checked on writes.

    Without a session cookie there is no session to forge a request with, so
    the caller is answered 401 like any other unauthenticated one, rather
    than 403 for a missing CSRF token (which a revoked bearer token would
    otherwise get on every write). A session of a user cleared SECRET or
    above counts only once they have given their second factor.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        # A session still owing its second factor is not yet signed in, here
        # as on the pages (``accounts.middleware``).
        if needs_second_factor(request):
            return None
        return super().authenticate(request, key)


def _detail(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"detail": {"type": "string"}},
                    "required": ["detail"],
                }
            }
        },
    }


#: django-ninja's own answer to input its parameter models refuse.
INPUT_REFUSED: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
                "required": ["type", "loc", "msg"],
            },
        }
    },
    "required": ["detail"],
}
#: The answer to a character the database can neither store nor search for.
UNSTORABLE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail", "errors"],
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _parses_input(operation: Operation) -> tuple[bool, bool]:
    """Whether django-ninja validates the operation's input (422), and parses a body (400)."""
    sources = [
        (getattr(model, "__ninja_param_source__", None), model.model_fields)
        for model in operation.signature.models
    ]
    body = any(source == "body" for source, _ in sources)
    validated = body or any(
        source != "path" or any(field.annotation is not str for field in fields.values())
        for source, fields in sources
    )
    return validated, body


def _takes_input(operation: Operation) -> bool:
    extra = operation.openapi_extra or {}
    return bool(operation.signature.models or extra.get("parameters") or extra.get("requestBody"))


class _Document(OpenAPISchema):
    """The OpenAPI document, listing also the answers that django-ninja itself gives.

    Every operation needs a caller (401, before any operation runs); a
    bearer token without the operation's scope is refused (403, naming the
    scope), as is a browser session's write without its CSRF token; and
    input that ninja parses may be unreadable (400) or refused by its
    models (422, in ninja's shape); and any input may hold a character the
    database cannot take (422). A 422 lists each shape that can occur,
    beside the operation's own.
    """

    def responses(self, operation: Operation) -> dict[int, Any]:
        responses = super().responses(operation)
        if not operation.auth_callbacks:
            return responses
        responses.setdefault(401, _detail("Unauthorized: no valid token or session"))
        scope = getattr(operation.view_func, "token_scope", None)
        if scope is not None:
            responses.setdefault(
                403, _detail(f"Forbidden; a bearer token needs the scope `{scope.value}`")
            )
        elif UNSAFE_METHODS & set(operation.methods):
            responses.setdefault(403, _detail("Forbidden"))
        validated, body = _parses_input(operation)
        if body:
            responses.setdefault(400, _detail("Bad Request: the body cannot be parsed"))
        if _takes_input(operation):
            declared = responses.get(422, {}).get("content", {}).get("application/json")
            shapes = [declared["schema"]] if declared is not None else []
            shapes += [INPUT_REFUSED] if validated else []
            shapes.append(UNSTORABLE)
            responses[422] = {
                "description": "Unprocessable Content",
                "content": {"application/json": {"schema": {"anyOf": shapes}}},
            }
        return responses


class Api(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Document(self, path_prefix)


api = Api(
    title="soctasking",
    version="1",
    description="The national tasking picture: intelligence, prioritisation, tasking, "
    "governance, response and assurance.",
    urls_namespace="api-v1",
    auth=[BearerToken(), SessionCookie()],
)


@api.exception_handler(DataError)
def _unstorable(request: HttpRequest, error: DataError) -> HttpResponse:
    """Refuse a NUL character, which PostgreSQL can neither store in text nor search for.

    Any text a request carries may hold one; the database is where it is
    found, whichever field it is in. Other data errors remain server errors.
    """
    cause = error.__cause__
    if "NUL (0x00)" not in str(cause) and getattr(cause, "sqlstate", None) != "22P05":
        raise error
    resolved = request.resolver_match.kwargs if request.resolver_match else {}
    named = [*resolved.items(), *request.GET.items()]
    fields = [name for name, value in named if "\x00" in str(value)] or [""]
    message = "The request holds a character that cannot be stored or searched for: NUL (\\u0000)."
    errors = [{"field": field, "message": message} for field in fields]
    return api.create_response(request, {"detail": message, "errors": errors}, status=422)


def _mount() -> None:
    from soctasking.accounts.api import router as accounts_router
    from soctasking.actions.api import router as actions_router
    from soctasking.assurance.api import router as assurance_router
    from soctasking.bodies.api import router as bodies_router
    from soctasking.exchange.api import router as exchange_router
    from soctasking.governance.api import router as governance_router
    from soctasking.governance.strategy.api import router as control_strategy_router
    from soctasking.intelligence.api import router as intelligence_router
    from soctasking.local_priorities.api import router as local_priorities_router
    from soctasking.meetings.api import router as meetings_router
    from soctasking.operations.api import router as operations_router
    from soctasking.performance.api import router as performance_router
    from soctasking.prioritisation.api import router as prioritisation_router
    from soctasking.referrals.api import router as referrals_router
    from soctasking.search.api import router as search_router
    from soctasking.themes.api import router as themes_router
    from soctasking.threats.api import router as threats_router
    from soctasking.timetable.api import router as timetable_router

    api.add_router("/", bodies_router)
    api.add_router("/", threats_router)
    api.add_router("/", exchange_router)
    api.add_router("/", assurance_router)
    api.add_router("/", accounts_router)
    api.add_router("/", search_router)
    api.add_router("/", intelligence_router)
    api.add_router("/", timetable_router)
    api.add_router("/", meetings_router)
    api.add_router("/", governance_router)
    api.add_router("/", control_strategy_router)
    api.add_router("/", themes_router)
    api.add_router("/", performance_router)
    api.add_router("/", prioritisation_router)
    api.add_router("/", referrals_router)
    api.add_router("/", actions_router)
    api.add_router("/", local_priorities_router)
    api.add_router("/", operations_router)


_mount()
