"""Django admin for the history of actions."""

from django.contrib import admin

from soctasking.actions.models import ActionUpdate


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("action", "status", "at", "by")
    list_filter = ("status",)
