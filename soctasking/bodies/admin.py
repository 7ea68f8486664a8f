"""Django admin for the bodies app."""

from django.contrib import admin

from soctasking.bodies.models import Body


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "name",
        "kind",
        "region",
        "national_remit",
    )
