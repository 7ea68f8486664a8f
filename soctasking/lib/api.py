"""Pieces the API routers share: pagination, the answer for an unknown id, and refusals."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination

P = ParamSpec("P")

#: Past this, a page's offset would overflow the database's integers.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """Page-number pagination whose page stops where the database's integers would."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)


class NotFoundOut(Schema):
    detail: str


class ErrorOut(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    """A refusal naming each field in error; nothing was stored."""

    errors: list[ErrorOut]


def errors_out(error: ValidationError) -> dict[str, list[dict[str, str]]]:
    """A service's ``ValidationError`` as the API's 422 body, one error a field and message."""
    if not hasattr(error, "error_dict"):
        return {"errors": [{"field": "", "message": message} for message in error.messages]}
    return {
        "errors": [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    }


def refusals_answered(operation: Callable[P, Any]) -> Callable[P, Any]:
    """Answer a service's ``ValidationError`` with 422 and its ``PermissionDenied`` with 403."""

    @functools.wraps(operation)
    def answer(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return operation(*args, **kwargs)
        except PermissionDenied as denied:
            return Status(403, {"detail": str(denied)})
        except ValidationError as error:
            return Status(422, errors_out(error))

    return answer
