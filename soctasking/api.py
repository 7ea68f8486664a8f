"""The versioned REST API, mounted at /api/v1/; each app contributes one router."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from soctasking.accounts.tokens import token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="soctasking",
    version="1",
    description="The national tasking picture: intelligence, prioritisation, tasking, "
    "governance, response and assurance.",
    urls_namespace="api-v1",
    auth=[BearerToken(), django_auth],
)


def _mount() -> None:
    from soctasking.accounts.api import router as accounts_router
    from soctasking.assurance.api import router as assurance_router
    from soctasking.bodies.api import router as bodies_router
    from soctasking.exchange.api import router as exchange_router
    from soctasking.intelligence.api import router as intelligence_router
    from soctasking.search.api import router as search_router
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


_mount()
