"""Django admin for the accounts app."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from soctasking.accounts.models import ApiToken, Compartment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "body", "role", "clearance", "is_active")
    list_filter = ("role", "clearance", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Access", {"fields": ("body", "role", "clearance", "compartments")}),
    )


@admin.register(Compartment)
class CompartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "code",
        "name",
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "prefix",
        "user",
        "created",
        "expires",
        "revoked",
        "last_used",
    )
