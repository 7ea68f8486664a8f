"""Django admin for the threats app."""

from django.contrib import admin

from soctasking.threats.models import Threat


@admin.register(Threat)
class ThreatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "name",
        "kind",
        "parent",
        "theme",
    )
