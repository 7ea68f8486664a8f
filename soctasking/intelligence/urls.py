"""Page routes of the intelligence app: sending a submission, its receipt, our submissions."""

from django.urls import path

from soctasking.intelligence import views

app_name = "intelligence"
urlpatterns = [
    path("submissions/new/", views.submission_new, name="submit"),
    path("submissions/<str:submission_id>/receipt/", views.submission_receipt, name="receipt"),
    path(
        "submissions/<str:submission_id>/receipt.txt",
        views.submission_receipt_download,
        name="receipt_download",
    ),
    path("submissions/<str:submission_id>/file", views.submission_file, name="file"),
    path("our-submissions/", views.our_submissions, name="ours"),
    path("our-submissions.csv", views.our_submissions_csv, name="ours_csv"),
]
