"""The admin site, every add, change and delete through it written to the audit trail.

Every model admin registered on the site is made an ``AuditedModelAdmin``:
an object added or changed records ``admin_add`` or ``admin_change`` with the
fields the admin's own change message names, and one deleted (alone, or
among several selected) records ``admin_delete``, each with the signed-in
administrator as the actor, in the transaction of the change. Never the
object's description: that of a submission is its title, as classified as
its text. An admin that already records a write through its services, in
their own words, says so in ``trail_records_itself`` and is not recorded twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from soctasking.accounts.models import User
from soctasking.audit.services import audit_record


def _record(request: HttpRequest, *, write: str, obj: Model, change: object = None) -> None:
    user = request.user
    # The admin lets only signed-in staff through; anyone else is refused
    # rather than recorded as the system.
    if not isinstance(user, User):
        raise PermissionDenied
    detail: dict[str, Any] = {"change": change} if change else {}
    audit_record(
        actor=user,
        action=f"admin_{write}",
        record_type=obj._meta.label_lower,
        record_id=str(obj.pk),
        detail=detail,
    )


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    #: The writes (``add``, ``change``, ``delete``) this admin records itself.
    trail_records_itself: frozenset[str] = frozenset()

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        if "add" not in self.trail_records_itself:
            _record(request, write="add", obj=obj, change=message)
        return entry

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        if "change" not in self.trail_records_itself:
            _record(request, write="change", obj=obj, change=message)
        return entry

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic():
            if "delete" not in self.trail_records_itself:
                _record(request, write="delete", obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            if "delete" not in self.trail_records_itself:
                for obj in queryset:
                    _record(request, write="delete", obj=obj)
            super().delete_queryset(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    def register(
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin] | None = None,  # type: ignore[type-arg]
        **options: Any,
    ) -> None:
        chosen = admin_class or admin.ModelAdmin
        if not issubclass(chosen, AuditedModelAdmin):
            # After the admin's own class, so its settings and overrides come
            # first; the recording sits just above Django's ModelAdmin.
            chosen = type(
                chosen.__name__, (chosen, AuditedModelAdmin), {"__module__": chosen.__module__}
            )
        super().register(model_or_iterable, chosen, **options)
