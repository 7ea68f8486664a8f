"""API operations of the exchange app: loading a bundle, and exporting the picture as one.

The bundle is the request body itself, read as a stream: a picture of
hundreds of megabytes never sits in memory whole, and Django's form-size
limit, meant for forms, does not apply to it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from soctasking.accounts.clearance import Classification, CompartmentCode
from soctasking.accounts.gate import can_see, has_role
from soctasking.accounts.models import Role, TokenScope
from soctasking.accounts.reauthentication import require_recent_confirmation
from soctasking.accounts.scopes import token_scope
from soctasking.exchange.selectors import bundle_chunks
from soctasking.exchange.services import bundle_load
from soctasking.exchange.validation import BundleInvalid, BundleTooLarge
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["exchange"])

EXPORTING_ROLES = {Role.ADMINISTRATOR, Role.ANALYST, Role.INSPECTOR}


class LoadOut(Schema):
    id: int
    sha256: str
    size_bytes: int
    as_of: date | None
    counts: dict[str, int]


class BundleErrorOut(Schema):
    field: str
    message: str


class BundleErrorsOut(Schema):
    detail: str
    error_count: int
    errors: list[BundleErrorOut]


class DetailOut(Schema):
    detail: str


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


@router.post(
    "/bundles",
    response={201: LoadOut, 403: DetailOut, 413: BundleErrorsOut, 422: BundleErrorsOut},
    summary="Load a picture bundle (administrators cleared for everything)",
    description="The request body is a bundle (docs/bundle.md). All or nothing: on 422 "
    "nothing was stored, and each error names the JSON pointer of the offending value.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
@token_scope(TokenScope.BUNDLE)
def bundle_post(request: HttpRequest) -> Status[Any]:
    user = signed_in_user(request)
    if not has_role(user=user, roles=[Role.ADMINISTRATOR]):
        raise HttpError(403, "Only administrators may load a bundle.")
    # A bundle may replace any stored submission by its id. Only someone
    # cleared for everything may do that without learning, from what is
    # refused, which classified records exist.
    if not can_see(
        user=user, classification=Classification.TOP_SECRET, compartments=CompartmentCode.values
    ):
        raise HttpError(403, "Loading a bundle needs TOP SECRET clearance and every compartment.")
    require_recent_confirmation(request)
    try:
        report = bundle_load(
            source=request,  # type: ignore[arg-type]
            size=_content_length(request),
            acting_user=user,
        )
    except BundleTooLarge as too_large:
        return Status(413, too_large.as_json())
    except BundleInvalid as invalid:
        return Status(422, invalid.as_json())
    return Status(
        201,
        {
            "id": report.load.pk,
            "sha256": report.sha256,
            "size_bytes": report.size_bytes,
            "as_of": report.as_of,
            "counts": report.counts,
        },
    )


@router.get(
    "/bundle",
    response={200: None, 403: DetailOut},
    summary="Export the picture you may see as a bundle",
    description="Administrators, analysts and inspectors. Submissions above your clearance "
    "or outside your compartments are left out.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "a bundle (docs/bundle.md)",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        }
    },
)
@token_scope(TokenScope.BUNDLE)
def bundle_get(request: HttpRequest) -> StreamingHttpResponse:
    user = signed_in_user(request)
    if not has_role(user=user, roles=EXPORTING_ROLES):
        raise HttpError(403, "Your role does not allow exporting the picture.")
    response = StreamingHttpResponse(
        bundle_chunks(user=user),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="picture.json"'
    return response
