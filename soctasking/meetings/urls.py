"""Page routes of the meetings app."""

from django.urls import path

from soctasking.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.series_list_page, name="series_list"),
    path("plan/", views.year_plan_page, name="plan"),
    path("new-series/", views.series_new, name="series_new"),
    path("series/<str:series_id>/edit/", views.series_edit, name="series_edit"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("series/<str:series_id>/", views.series_detail, name="series"),
    path("series/<str:series_id>/schedule/", views.meeting_new, name="meeting_new"),
    path("series/<str:series_id>/calendar.ics", views.series_calendar, name="series_calendar"),
    path("body/<str:body_id>/calendar.ics", views.body_calendar, name="body_calendar"),
    path("meeting/<str:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meeting/<str:meeting_id>/agenda/", views.agenda, name="agenda"),
    path("meeting/<str:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("meeting/<str:meeting_id>/decisions/new/", views.decision_new, name="decision_new"),
    path("meeting/<str:meeting_id>/actions/new/", views.action_new, name="action_new"),
    path("meeting/<str:meeting_id>/cancel/", views.meeting_cancel_page, name="cancel"),
    path("meeting/<str:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("meeting/<str:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(
        "meeting/<str:meeting_id>/minutes/approve/",
        views.minutes_approve_page,
        name="minutes_approve",
    ),
]
