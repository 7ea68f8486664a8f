"""Page routes of the themes app."""

from django.urls import path

from soctasking.themes import views

app_name = "themes"
urlpatterns = [
    path("", views.theme_list, name="list"),
    path("<str:slug>/", views.theme_detail, name="detail"),
    path("<str:slug>/decide/", views.theme_decide, name="decide"),
    path("<str:slug>/merge/", views.theme_merge, name="merge"),
]
