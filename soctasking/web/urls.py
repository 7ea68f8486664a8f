"""Page routes of the web app: signing in and out, the home page, the area lists, health."""

from django.urls import path

from soctasking.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/second-factor/", views.second_factor, name="second_factor"),
    path("sign-in/confirm/", views.confirm, name="confirm"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("intelligence/", views.intelligence, name="intelligence"),
    path("prioritisation/", views.prioritisation, name="prioritisation"),
    path("referrals/", views.referrals, name="referrals"),
]
