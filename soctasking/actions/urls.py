"""Page routes of actions."""

from django.urls import path

from soctasking.actions import views

app_name = "actions"
urlpatterns = [
    path("", views.ours, name="ours"),
    path("tracker/", views.tracker, name="tracker"),
    path("<str:action_id>/", views.detail, name="detail"),
    path("<str:action_id>/update/", views.update, name="update"),
]
