"""Django admin for the intelligence app."""

from django.contrib import admin

from soctasking.intelligence.models import (
    Acknowledgement,
    Assessment,
    Requirement,
    RequirementThreat,
    Submission,
    TimetableRow,
)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "title",
        "kind",
        "status",
        "issued",
    )


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "period_start",
        "period_end",
        "issued",
    )


@admin.register(TimetableRow)
class TimetableRowAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "requirement",
        "body",
        "product",
        "due",
        "deliver_to",
    )


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "requirement",
        "body",
        "date",
    )


@admin.register(RequirementThreat)
class RequirementThreatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "requirement",
        "threat",
        "collection_priority",
    )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "title",
        "body",
        "kind",
        "received",
        "classification",
    )
