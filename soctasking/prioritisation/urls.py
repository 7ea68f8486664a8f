"""Page routes of the prioritisation app, beneath the area's own list at /prioritisation/."""

from django.urls import path

from soctasking.prioritisation import views

app_name = "prioritisation"
urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_new, name="template_new"),
    path("templates/<str:template_id>/", views.template_detail, name="template"),
    path("templates/<str:template_id>/revise/", views.template_revise, name="template_revise"),
    path("templates/<str:template_id>/status/", views.template_status, name="template_status"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<str:evaluation_id>/", views.round_detail, name="round"),
    path("rounds/<str:evaluation_id>/score/<str:threat_id>/", views.score, name="score"),
    path("rounds/<str:evaluation_id>/recommend/", views.recommend, name="recommend"),
    path("rounds/<str:evaluation_id>/decide/", views.decide, name="decide"),
    path("decisions/<str:decision_id>/", views.decision_detail, name="decision"),
    path("decisions/<str:decision_id>/record.pdf", views.decision_pdf, name="decision_pdf"),
]
