"""Page routes of the assurance app."""

from django.urls import path

app_name = "assurance"
urlpatterns: list[path] = []  # type: ignore[valid-type]
