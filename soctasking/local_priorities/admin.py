"""Django admin for the local priorities app."""

from django.contrib import admin

from soctasking.local_priorities.models import LocalPriority, LocalPriorityEntry


@admin.register(LocalPriority)
class LocalPriorityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "body",
        "period_start",
        "period_end",
        "source",
    )


@admin.register(LocalPriorityEntry)
class LocalPriorityEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "local_priority",
        "threat",
        "theme",
    )
