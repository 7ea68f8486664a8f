"""Django admin for the referrals app."""

from django.contrib import admin

from soctasking.referrals.models import Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "subject",
        "from_body",
        "route",
        "status",
        "submitted",
    )
