"""Page routes of the meetings app."""

from django.urls import path

from soctasking.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.series_list_page, name="series_list"),
    path("series/<str:series_id>/", views.series_detail, name="series"),
    path("meeting/<str:meeting_id>/", views.meeting_detail, name="meeting"),
]
