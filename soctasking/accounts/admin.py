"""Django admin for the accounts app.

Changes made here are audited like any other: Django's admin saves a user
inside one transaction, and the audit event joins it. Tokens are only ever
created through ``token_create`` (which shows the raw value once), so the
admin lists and revokes them but cannot add or edit one. Access requests and
grants likewise are listed here, and grants revoked, through their services;
whether chairs may authorise a compartment is set here, and audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from soctasking.accounts.models import (
    ApiToken,
    Compartment,
    CompartmentAccessRequest,
    CompartmentGrant,
    User,
)
from soctasking.accounts.services import access_grant_revoke
from soctasking.accounts.tokens import token_revoke
from soctasking.audit.services import audit_record

# The fields of Django's user forms that carry a password, or the choice to
# have none; only the fact that they changed is ever recorded.
_PASSWORD_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})


def _audit_value(value: object) -> object:
    """A form value as the audit trail records it: records by key, many of them sorted."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple):
        return sorted(str(item.pk if isinstance(item, Model) else item) for item in value)
    return value


def _acting_user(request: HttpRequest) -> User:
    # The admin lets only signed-in staff through; anyone else is refused
    # rather than recorded as the system.
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


# A device holds its secret, which the admin would show and let be edited;
# a lost device is reset with ``soctasking user reset-second-factor``, audited.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "body", "role", "clearance", "is_active")
    # Adding and changing a user is recorded below as create and update user.
    trail_records_itself = frozenset({"add", "change"})
    list_filter = ("role", "clearance", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Access", {"fields": ("body", "role", "clearance", "compartments")}),
    )
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        ("Access", {"fields": ("body", "role", "clearance", "compartments")}),
    )

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[User],
        formsets: list[BaseFormSet[Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        changed = [name for name in form.changed_data if name not in _PASSWORD_FIELDS]
        if change and not changed:
            return
        detail: dict[str, Any] = {
            name: _audit_value(form.cleaned_data.get(name)) for name in changed
        }
        if change and _PASSWORD_FIELDS & set(form.changed_data):
            detail["password_changed"] = True
        audit_record(
            actor=_acting_user(request),
            action="update" if change else "create",
            record_type="user",
            record_id=form.instance.get_username(),
            detail=detail,
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Django's view saves the password and then calls log_change; one
        # transaction around both keeps the audit event with the change.
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)

    def log_change(self, request: HttpRequest, obj: User, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        match = request.resolver_match
        if match is not None and match.url_name == "auth_user_password_change":
            audit_record(
                actor=_acting_user(request),
                action="update",
                record_type="user",
                record_id=obj.get_username(),
                detail={"password_changed": True},
            )
        return entry


@admin.register(Compartment)
class CompartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "chairs_may_authorise")
    trail_records_itself = frozenset({"change"})
    list_editable = ("chairs_may_authorise",)
    # The codes are fixed by migration and named throughout the picture.
    readonly_fields = ("code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Compartment | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Compartment, form: ModelForm[Compartment], change: bool
    ) -> None:
        # Who may authorise access is itself a decision about access: record it.
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_record(
                actor=_acting_user(request),
                action="update",
                record_type="compartment",
                record_id=obj.code,
                detail={name: form.cleaned_data.get(name) for name in form.changed_data},
            )


@admin.register(CompartmentAccessRequest)
class CompartmentAccessRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: requests are made and decided through the service, which audits them."""

    list_display = ("pk", "requester", "compartment", "days", "status", "created", "decided_by")
    list_filter = ("status", "compartment")
    search_fields = ("requester__username", "reason")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: CompartmentAccessRequest | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: CompartmentAccessRequest | None = None
    ) -> bool:
        return False


@admin.register(CompartmentGrant)
class CompartmentGrantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only, but revocable through the service, which checks and audits."""

    list_display = ("pk", "user", "compartment", "starts", "expires", "revoked", "granted_by")
    list_filter = ("compartment",)
    search_fields = ("user__username",)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: CompartmentGrant | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: CompartmentGrant | None = None
    ) -> bool:
        return False

    @admin.action(description="Revoke the selected grants")
    def revoke(self, request: HttpRequest, queryset: QuerySet[CompartmentGrant]) -> None:
        acting_user = _acting_user(request)
        for grant in queryset.filter(revoked__isnull=True):
            access_grant_revoke(grant=grant, acting_user=acting_user)
        self.message_user(request, "The selected grants are revoked.")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "prefix",
        "user",
        "name",
        "created",
        "expires",
        "revoked",
        "last_used",
    )
    list_filter = ("revoked",)
    search_fields = ("prefix", "user__username", "name")
    # The digest is left out: it is no secret, but nobody needs to read it.
    fields = ("prefix", "user", "name", "created", "expires", "revoked", "last_used")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        acting_user = _acting_user(request)
        for token in queryset.filter(revoked__isnull=True):
            token_revoke(token=token, acting_user=acting_user)
        self.message_user(request, "The selected tokens are revoked.")
