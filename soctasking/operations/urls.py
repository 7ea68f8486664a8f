"""Page routes of operations."""

from django.urls import path

from soctasking.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.operation_new, name="new"),
    path("review/", views.review, name="review"),
    path("authorities/<str:authority_id>/uses/", views.authority_use, name="authority_use"),
    path("<str:operation_id>/", views.detail, name="detail"),
    path("<str:operation_id>/activity/", views.activity_add, name="activity_add"),
    path("<str:operation_id>/authorities/", views.authority_add, name="authority_add"),
    path("<str:operation_id>/disruptions/new/", views.disruption_new, name="disruption_new"),
]
