"""Page routes of the referrals workflow; the list of every referral is the area page."""

from django.urls import path

from soctasking.referrals import views

app_name = "referrals"
urlpatterns = [
    path("ours/", views.ours, name="ours"),
    path("queue/", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("<str:referral_id>/", views.detail, name="detail"),
    path("<str:referral_id>/route/", views.route, name="route"),
    path("<str:referral_id>/owner/", views.assign, name="assign"),
    path("<str:referral_id>/decision/", views.decide, name="decide"),
    path("<str:referral_id>/withdrawal/", views.withdraw, name="withdraw"),
]
