"""Page routes of the governance app."""

from django.urls import path

from soctasking.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.group_list, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<str:group_id>/", views.group_detail, name="group"),
    path("groups/<str:group_id>/edit/", views.group_edit, name="group_edit"),
    path("groups/<str:group_id>/action-plans/new/", views.action_plan_new, name="action_plan_new"),
    path("action-plans/<str:plan_id>/", views.action_plan_detail, name="action_plan"),
    path("action-plans/<str:plan_id>/actions/new/", views.plan_action_new, name="plan_action_new"),
    path("action-plans/<str:plan_id>/approve/", views.plan_approve, name="plan_approve"),
    path("action-plans/<str:plan_id>/versions/", views.plan_version_new, name="plan_version_new"),
    path(
        "action-plans/<str:plan_id>/reports/new/",
        views.progress_report_new,
        name="progress_report_new",
    ),
    path(
        "plan-actions/<str:action_id>/status/",
        views.plan_action_status,
        name="plan_action_status",
    ),
    path("assurance/<str:meeting_id>/", views.assurance_report_page, name="assurance_report"),
    path(
        "assurance/<str:meeting_id>/pdf/",
        views.assurance_report_download,
        name="assurance_report_pdf",
    ),
    path("assurance/<str:meeting_id>/record/", views.assurance_record, name="assurance_record"),
    path(
        "control-strategies/<str:strategy_id>/",
        views.control_strategy_detail,
        name="control_strategy",
    ),
]
