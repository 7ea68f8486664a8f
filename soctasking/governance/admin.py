"""Django admin for the governance app."""

from django.contrib import admin

from soctasking.governance.models import (
    ActionPlan,
    AssuranceRecord,
    ControlStrategy,
    ControlStrategyEntry,
    GovernanceGroup,
    PlanAction,
    ProgressReport,
)


@admin.register(GovernanceGroup)
class GovernanceGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "name",
        "kind",
        "theme",
        "status",
    )


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "group",
        "version",
        "draft",
        "approved",
    )


@admin.register(AssuranceRecord)
class AssuranceRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "meeting",
        "outcome",
        "decision",
        "recorded",
    )


@admin.register(PlanAction)
class PlanActionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "plan",
        "owner",
        "due",
        "status",
        "strand",
    )


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "plan",
        "date",
        "rating",
        "to_meeting",
    )


@admin.register(ControlStrategy)
class ControlStrategyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "based_on",
        "status",
        "approved_by",
    )


@admin.register(ControlStrategyEntry)
class ControlStrategyEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "strategy",
        "threat",
        "level",
    )
