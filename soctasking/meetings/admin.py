"""Django admin for the meetings app."""

from django.contrib import admin

from soctasking.meetings.models import Action, Decision, Meeting, MeetingSeries, MeetingUpdate


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "name",
        "kind",
        "cadence",
        "chair",
    )


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "series",
        "date",
        "status",
    )


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "meeting",
        "kind",
    )


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "meeting",
        "owner",
        "due",
        "status",
    )


@admin.register(MeetingUpdate)
class MeetingUpdateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "meeting",
        "body",
        "position",
    )
