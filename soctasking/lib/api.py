"""Pieces every read API router shares: its pagination and its answer for an unknown id."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

#: Past this, a page's offset would overflow the database's integers.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """Page-number pagination whose page stops where the database's integers would."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)


class NotFoundOut(Schema):
    detail: str
