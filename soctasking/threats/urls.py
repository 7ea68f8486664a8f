"""Page routes of the threats app."""

from django.urls import path

from soctasking.threats import views

app_name = "threats"
urlpatterns = [
    path("", views.threat_list, name="list"),
    path("<str:threat_id>/", views.threat_detail, name="detail"),
]
