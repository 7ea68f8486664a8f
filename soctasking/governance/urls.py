"""Page routes of the governance app."""

from django.urls import path

from soctasking.governance import views
from soctasking.governance.strategy import views as strategy

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
    path("control-strategies/", strategy.strategy_list, name="control_strategies"),
    path(
        "control-strategies/generate/",
        strategy.strategy_generate,
        name="control_strategy_generate",
    ),
    path(
        "control-strategies/in-force/",
        strategy.strategy_published,
        name="control_strategy_published",
    ),
    path(
        "control-strategies/<str:strategy_id>/",
        views.control_strategy_detail,
        name="control_strategy",
    ),
    path(
        "control-strategies/<str:strategy_id>/draft/",
        strategy.strategy_draft,
        name="control_strategy_draft",
    ),
    path(
        "control-strategies/<str:strategy_id>/quality/",
        strategy.strategy_quality,
        name="control_strategy_quality",
    ),
    path(
        "control-strategies/<str:strategy_id>/entries/",
        strategy.strategy_entry_add,
        name="control_strategy_entry_add",
    ),
    path(
        "control-strategies/<str:strategy_id>/entries/<str:threat_id>/",
        strategy.strategy_entry_edit,
        name="control_strategy_entry",
    ),
    path(
        "control-strategies/<str:strategy_id>/entries/<str:threat_id>/remove/",
        strategy.strategy_entry_remove,
        name="control_strategy_entry_remove",
    ),
    path(
        "control-strategies/<str:strategy_id>/approve/",
        strategy.strategy_approve,
        name="control_strategy_approve",
    ),
    path(
        "control-strategies/<str:strategy_id>/new-version/",
        strategy.strategy_new_version,
        name="control_strategy_new_version",
    ),
    path(
        "control-strategies/<str:strategy_id>/history/",
        strategy.strategy_history,
        name="control_strategy_history",
    ),
    path(
        "control-strategies/<str:strategy_id>/compare/",
        strategy.strategy_compare,
        name="control_strategy_compare",
    ),
    path(
        "control-strategies/<str:strategy_id>/document/",
        strategy.strategy_document_page,
        name="control_strategy_document",
    ),
    path(
        "control-strategies/<str:strategy_id>/document.pdf",
        strategy.strategy_document_pdf,
        name="control_strategy_pdf",
    ),
]
