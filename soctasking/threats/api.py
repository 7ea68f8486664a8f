"""API operations of the threats app: the catalogue and one threat."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from soctasking.accounts.models import TokenScope
from soctasking.accounts.scopes import token_scope
from soctasking.lib.api import NotFoundOut, Pages
from soctasking.threats.models import Theme, Threat, ThreatKind
from soctasking.threats.selectors import threat_get, threats_list

router = Router(tags=["threats"])


class ThreatsQuery(Schema):
    kind: ThreatKind | None = None
    theme: Theme | None = None


class ThreatOut(Schema):
    id: str
    name: str
    kind: ThreatKind
    parent: str | None = Field(None, alias="parent_id", description="the parent threat's id")
    theme: str = Field(description="empty when not recorded")


class ThreatDetailOut(Schema):
    id: str
    name: str
    kind: ThreatKind
    parent: str | None = Field(None, description="the parent threat's id")
    theme: str = Field(description="empty when not recorded")
    keywords: list[str] = Field(description="words and phrases that signal the threat in text")
    sub_threats: list[str] = Field(description="ids of the threats directly beneath this one")


@router.get("/threats", response=list[ThreatOut], summary="The threat catalogue")
@paginate(Pages)
@token_scope(TokenScope.READ)
def threats_list_api(request: HttpRequest, filters: Query[ThreatsQuery]) -> QuerySet[Threat]:
    return threats_list(kind=filters.kind, theme=filters.theme)


@router.get(
    "/threats/{threat_id}",
    response={200: ThreatDetailOut, 404: NotFoundOut},
    summary="One threat",
)
@token_scope(TokenScope.READ)
def threat_detail_api(request: HttpRequest, threat_id: str) -> ThreatDetailOut:
    threat = threat_get(threat_id=threat_id)
    if threat is None:
        raise HttpError(404, f"No threat has the id {threat_id!r}.")
    return ThreatDetailOut(
        id=threat.id,
        name=threat.name,
        kind=ThreatKind(threat.kind),
        parent=threat.parent_id,
        theme=threat.theme,
        keywords=list(threat.keywords),
        sub_threats=[sub.id for sub in threat.sub_threats.all()],
    )
