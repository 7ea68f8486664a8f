"""Page routes of the audit app: the trail, its CSV export and the check of its chain."""

from django.urls import path

from soctasking.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("events.csv", views.events_csv, name="events_csv"),
    path("check/", views.chain_check, name="check"),
]
