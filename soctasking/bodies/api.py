"""API operations of the bodies app: the list of bodies and one body."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.bodies.models import Body, BodyKind, Nation
from soctasking.bodies.selectors import bodies_list, body_get, body_submission_counts
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.web.shortcuts import signed_in_user

router = Router(tags=["bodies"])


class BodiesQuery(Schema):
    kind: BodyKind | None = None
    nation: Nation | None = None


class BodyOut(Schema):
    id: str
    name: str
    kind: str = Field(description="empty when not recorded")
    parent: str | None = Field(None, alias="parent_id", description="the parent body's id")
    nation: str = Field(description="empty when not recorded")
    region: str
    national_remit: bool


class SubmissionCountOut(Schema):
    kind: str = Field(description="empty when not recorded")
    count: int


class BodyDetailOut(Schema):
    id: str
    name: str
    kind: str = Field(description="empty when not recorded")
    parent: str | None = Field(None, description="the parent body's id")
    nation: str = Field(description="empty when not recorded")
    region: str
    national_remit: bool
    units: list[str] = Field(description="ids of the bodies beneath this one")
    submissions: list[SubmissionCountOut] = Field(
        description="how many of its submissions the caller is cleared to see, by kind"
    )


@router.get("/bodies", response=list[BodyOut], summary="The bodies taking part")
@paginate(Pages)
@token_scope(TokenScope.READ)
def bodies_list_api(request: HttpRequest, filters: Query[BodiesQuery]) -> QuerySet[Body]:
    return bodies_list(kind=filters.kind, nation=filters.nation)


@router.get(
    "/bodies/{body_id}",
    response={200: BodyDetailOut, 404: NotFoundOut},
    summary="One body",
)
@token_scope(TokenScope.READ)
def body_detail_api(request: HttpRequest, body_id: str) -> BodyDetailOut:
    body = body_get(body_id=body_id)
    if body is None:
        raise HttpError(404, f"No body has the id {body_id!r}.")
    counts = body_submission_counts(user=signed_in_user(request), body=body)
    return BodyDetailOut(
        id=body.id,
        name=body.name,
        kind=body.kind,
        parent=body.parent_id,
        nation=body.nation,
        region=body.region,
        national_remit=body.national_remit,
        units=[unit.id for unit in body.units.all()],
        submissions=[SubmissionCountOut(kind=item.value, count=item.count) for item in counts],
    )
