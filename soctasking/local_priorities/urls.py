"""Page routes of local priorities."""

from django.urls import path

from soctasking.local_priorities import views

app_name = "local_priorities"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.record_new, name="new"),
    path("import/", views.record_import, name="import"),
    path("adoption/", views.adoption, name="adoption"),
    path("<str:local_priority_id>/", views.detail, name="detail"),
]
