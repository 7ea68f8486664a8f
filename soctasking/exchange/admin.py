"""Django admin for the exchange app: the record of bundles loaded."""

from django.contrib import admin

from soctasking.exchange.models import BundleLoad
from soctasking.lib.admin import ReadOnlyAdmin


@admin.register(BundleLoad)
class BundleLoadAdmin(ReadOnlyAdmin):
    list_display = ("loaded", "loaded_by", "sha256", "size_bytes", "as_of")
