"""Page routes of the governance app."""

from django.urls import path

from soctasking.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.group_list, name="groups"),
    path("groups/<str:group_id>/", views.group_detail, name="group"),
    path("action-plans/<str:plan_id>/", views.action_plan_detail, name="action_plan"),
    path(
        "control-strategies/<str:strategy_id>/",
        views.control_strategy_detail,
        name="control_strategy",
    ),
]
