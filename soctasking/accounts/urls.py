"""Page routes of the accounts app: access to compartments."""

from django.urls import path

from soctasking.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.my_access, name="my_access"),
    path("request/", views.access_request_new, name="request"),
    path(
        "requests/<int:request_id>/withdraw/", views.access_request_withdraw_view, name="withdraw"
    ),
    path("requests/<int:request_id>/decision/", views.access_request_decision, name="decide"),
    path("grants/<int:grant_id>/revoke/", views.access_grant_revoke_view, name="revoke"),
    path("queue/", views.access_queue, name="queue"),
]
