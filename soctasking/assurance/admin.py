"""Django admin for the assurance app."""

from django.contrib import admin

from soctasking.assurance.models import CheckThreshold


@admin.register(CheckThreshold)
class CheckThresholdAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "code",
        "parameter",
        "value",
    )
