"""URL configuration: the web pages, the admin and the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from soctasking.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("soctasking.web.urls")),
    # Beneath the Referrals area's own list, which the web app serves at /referrals/.
    path("referrals/", include("soctasking.referrals.urls")),
    path("bodies/", include("soctasking.bodies.urls")),
    path("threats/", include("soctasking.threats.urls")),
    path("meetings/", include("soctasking.meetings.urls")),
    path("actions/", include("soctasking.actions.urls")),
    path("governance/", include("soctasking.governance.urls")),
    path("themes/", include("soctasking.themes.urls")),
    path("prioritisation/", include("soctasking.prioritisation.urls")),
    path("findings/", include("soctasking.assurance.urls")),
    path("performance/", include("soctasking.performance.urls")),
    path("access/", include("soctasking.accounts.urls")),
    path("search/", include("soctasking.search.urls")),
    path("intelligence/", include("soctasking.intelligence.urls")),
    path("timetable/", include("soctasking.timetable.urls")),
    path("local-priorities/", include("soctasking.local_priorities.urls")),
    path("operations/", include("soctasking.operations.urls")),
    path("audit/", include("soctasking.audit.urls")),
    # GOV.UK Frontend's images, which its precompiled stylesheet asks for at
    # /assets/. Its fonts are not served: GDS Transport is licensed for
    # services on GOV.UK only, and pages fall back to Arial without it.
    path(
        "assets/images/<path:path>",
        RedirectView.as_view(
            url=f"{settings.STATIC_URL}govuk/assets/images/%(path)s", permanent=True
        ),
    ),
]
