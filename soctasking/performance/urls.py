from django.urls import path

from soctasking.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.report, name="report"),
    path("reports/", views.report_request, name="report_request"),
    path("reports/<uuid:report_id>/", views.report_status, name="report_status"),
    path("reports/<uuid:report_id>/pdf", views.report_download, name="report_download"),
]
