"""URL configuration: the web pages, the admin and the API."""

from django.contrib import admin
from django.urls import include, path

from soctasking.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("soctasking.web.urls")),
    path("bodies/", include("soctasking.bodies.urls")),
    path("threats/", include("soctasking.threats.urls")),
    path("findings/", include("soctasking.assurance.urls")),
]
