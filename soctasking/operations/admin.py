"""Django admin for the operations app."""

from django.contrib import admin

from soctasking.operations.models import Activity, CovertAuthority, Disruption, Operation


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "name",
        "body",
        "opened",
        "closed",
        "status",
    )


@admin.register(CovertAuthority)
class CovertAuthorityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "operation",
        "kind",
        "granted",
        "expires",
        "last_used",
    )


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "operation",
        "date",
        "kind",
    )


@admin.register(Disruption)
class DisruptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "operation",
        "date",
        "level",
    )
