"""Django admin for the assurance app: administrators change check thresholds here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from soctasking.accounts.models import User
from soctasking.assurance.models import CheckThreshold
from soctasking.assurance.services import threshold_reset, threshold_set


def _acting_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise TypeError("the admin serves signed-in users only")
    return request.user


@admin.register(CheckThreshold)
class CheckThresholdAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The form validates through the model's ``clean()``; saving and deleting go through
    the services, so every change is restricted to administrators and audited."""

    list_display = (
        "code",
        "parameter",
        "value",
    )
    trail_records_itself = frozenset({"add", "change", "delete"})

    def get_readonly_fields(
        self, request: HttpRequest, obj: CheckThreshold | None = None
    ) -> tuple[str, ...]:
        # Which threshold a row overrides is fixed once made; only its value changes.
        return ("code", "parameter") if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: CheckThreshold, form: Any, change: bool
    ) -> None:
        saved = threshold_set(
            code=obj.code,
            parameter=obj.parameter,
            value=obj.value,
            acting_user=_acting_user(request),
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CheckThreshold) -> None:
        threshold_reset(code=obj.code, parameter=obj.parameter, acting_user=_acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CheckThreshold]) -> None:
        for threshold in queryset:
            self.delete_model(request, threshold)
