"""Page routes of the search app."""

from django.urls import path

from soctasking.search.views import search

app_name = "search"
urlpatterns = [path("", search, name="search")]
