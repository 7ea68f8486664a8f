"""Page routes of the assurance app."""

from django.urls import path

from soctasking.assurance import views

app_name = "assurance"
urlpatterns = [
    path("", views.findings, name="findings"),
]
