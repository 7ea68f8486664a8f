"""Pieces every API router shares: its pagination, its answer for an unknown id, and how a
write reads its JSON body and answers the input it refuses."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import HttpRequest
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination
from pydantic import BaseModel
from pydantic import ValidationError as SchemaError

P = ParamSpec("P")
M = TypeVar("M", bound=BaseModel)

#: Past this, a page's offset would overflow the database's integers.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """Page-number pagination whose page stops where the database's integers would."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)


class NotFoundOut(Schema):
    detail: str


# What a write answers when it refuses its input: each problem naming its field.


class ErrorOut(Schema):
    field: str = Field(description="the field the problem is about; empty for the whole body")
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorOut]


class DetailOut(Schema):
    detail: str


class RefusedError(Exception):
    """Input refused before any service ran: the status and (field, message) pairs."""

    def __init__(self, status: int, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.status = status
        self.pairs = pairs


def errors_out(pairs: list[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    return {"errors": [{"field": field, "message": message} for field, message in pairs]}


def service_error_pairs(error: ValidationError) -> list[tuple[str, str]]:
    """A service's ``ValidationError`` as (field, message) pairs, in the order it gave them."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [
        (field, message) for field, messages in error.message_dict.items() for message in messages
    ]


def json_body(request: HttpRequest, model: type[M]) -> M:
    """The JSON request body as ``model``; an empty body counts as ``{}``.

    A body that is not a JSON object, or that ``model`` refuses, is refused
    with 422 naming each field (dotted for nested ones).
    """
    try:
        raw = request.body
    except RequestDataTooBig:
        raise RefusedError(413, [("", "The request is larger than the server accepts.")]) from None
    try:
        fields = json.loads(raw) if raw.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RefusedError(422, [("", f"The body is not JSON: {error}")]) from error
    if not isinstance(fields, dict):
        raise RefusedError(422, [("", "The body must be a JSON object.")])
    try:
        return model.model_validate(fields)
    except SchemaError as error:
        pairs = [
            (".".join(str(part) for part in problem["loc"]), problem["msg"])
            for problem in error.errors()
        ]
        raise RefusedError(422, pairs) from error


def json_body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting a required JSON body of ``model``'s shape."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }


def refusals_answered(operation: Callable[P, Any]) -> Callable[P, Any]:
    """Answer input refused in ``operation`` with its status and errors, a service's
    ``ValidationError`` with 422 and ``PermissionDenied`` with 403."""

    @functools.wraps(operation)
    def answer(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return operation(*args, **kwargs)
        except RefusedError as refused:
            return Status(refused.status, errors_out(refused.pairs))
        except PermissionDenied as denied:
            return Status(403, {"detail": str(denied)})
        except ValidationError as error:
            return Status(422, errors_out(service_error_pairs(error)))

    return answer
