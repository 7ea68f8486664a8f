"""Django admin for the prioritisation app."""

from django.contrib import admin

from soctasking.prioritisation.models import Evaluation, Score


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "assessment",
        "method",
        "date",
        "meeting",
    )


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "evaluation",
        "threat",
        "total",
        "rank",
        "recommendation",
    )
