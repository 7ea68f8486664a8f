"""Page routes of the threats app."""

from django.urls import path

app_name = "threats"
urlpatterns: list[path] = []  # type: ignore[valid-type]
