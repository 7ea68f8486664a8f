"""Splitting a list page into pages, and the links of GOV.UK's pagination component."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)

PER_PAGE = 25


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None marks an ellipsis between page numbers
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    page: Page[Any]
    links: list[PageLink]
    previous_href: str
    next_href: str

    @property
    def needed(self) -> bool:
        return self.page.paginator.num_pages > 1


def _href(request: HttpRequest, number: int) -> str:
    # Keep the filters in the address so every page shows the same selection.
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


def paginate(
    request: HttpRequest, queryset: QuerySet[M] | Sequence[Any], *, per_page: int = PER_PAGE
) -> Pagination:
    """The page the ``page`` query parameter asks for; a bad number falls back to a real page.

    A list does as well as a queryset, for pages that gather records in Python first.
    """
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    links = [
        PageLink(number=number, href=_href(request, number), current=number == page.number)
        if isinstance(number, int)
        else PageLink(number=None)
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pagination(
        page=page,
        links=links,
        previous_href=_href(request, page.previous_page_number()) if page.has_previous() else "",
        next_href=_href(request, page.next_page_number()) if page.has_next() else "",
    )
