"""Page routes of the bodies app."""

from django.urls import path

from soctasking.bodies import views

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("<str:body_id>/", views.body_detail, name="detail"),
]
