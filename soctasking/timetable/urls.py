"""Page routes of the submission timetable."""

from django.urls import path

from soctasking.timetable import views

app_name = "timetable"
urlpatterns = [
    path("", views.requirement_list, name="requirements"),
    path("requirements/new/", views.requirement_new, name="requirement_new"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/<str:body_id>/", views.body_compliance, name="body_compliance"),
    path("compliance/<str:body_id>/escalate/", views.escalate, name="escalate"),
    path("rows/<str:row_id>/delete/", views.row_delete, name="row_delete"),
    path("requirements/<str:requirement_id>/", views.requirement_detail, name="requirement"),
    path("requirements/<str:requirement_id>/rows/", views.row_add, name="row_add"),
    path("requirements/<str:requirement_id>/generate/", views.rows_generate, name="generate"),
    path("requirements/<str:requirement_id>/import/", views.rows_import, name="import"),
    path("requirements/<str:requirement_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
