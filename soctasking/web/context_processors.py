"""Template context shared by every page: the areas of the service and which one is open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from soctasking.accounts.middleware import needs_second_factor


@dataclass(frozen=True)
class Area:
    """One area of the service; ``roles`` limits who is shown it (everyone when None)."""

    label: str
    url_name: str
    roles: frozenset[str] | None = None


# The order is the order of the service navigation: the cycle from the picture
# through prioritisation and tasking to the response, then assurance and the
# reference lists.
AREAS: tuple[Area, ...] = (
    Area("Home", "web:home"),
    Area("Intelligence", "web:intelligence"),
    Area("Search", "search:search"),
    Area("Timetable", "timetable:requirements"),
    Area("Prioritisation", "web:prioritisation"),
    Area("Meetings", "meetings:series_list"),
    Area("Actions", "actions:ours"),
    Area("Governance", "governance:groups"),
    Area("Local priorities", "local_priorities:register"),
    Area("Operations", "operations:register"),
    Area("Referrals", "web:referrals"),
    Area("Themes", "themes:list"),
    Area("Findings", "assurance:findings"),
    Area(
        "Performance",
        "performance:report",
        frozenset({"analyst", "secretariat", "chair", "inspector", "administrator"}),
    ),
    Area("Audit", "audit:events", frozenset({"inspector", "administrator"})),
    Area("Access", "accounts:my_access"),
    Area("Bodies", "bodies:list"),
    Area("Threats", "threats:list"),
)


def _is_current(path: str, href: str) -> bool:
    # Home sits at the root, which prefixes every path, so it is current only
    # on itself; any other area owns everything beneath its address
    # (a body's page belongs to Bodies).
    if href == "/":
        return path == "/"
    return path.startswith(href)


def areas_for(user: Any) -> list[Area]:
    """The areas a signed-in user is shown, in the navigation's order."""
    role = getattr(user, "role", None)
    return [area for area in AREAS if area.roles is None or role in area.roles]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The service navigation, each area with its address and whether it is the open one."""
    # Until their second factor is given, a user is not yet signed in to any area.
    if not request.user.is_authenticated or needs_second_factor(request):
        return {"navigation": []}
    items = []
    for area in areas_for(request.user):
        href = reverse(area.url_name)
        items.append(
            {"label": area.label, "href": href, "current": _is_current(request.path, href)}
        )
    return {"navigation": items}
