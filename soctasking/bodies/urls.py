"""Page routes of the bodies app."""

from django.urls import path

app_name = "bodies"
urlpatterns: list[path] = []  # type: ignore[valid-type]
