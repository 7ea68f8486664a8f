"""A record of every bundle loaded, so checks can use the picture's own ``as_of``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BundleLoad(models.Model):
    """One accepted bundle: who loaded it, when, its digest and size, its date, its counts."""

    loaded = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField()
    as_of = models.DateField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-loaded"]
        get_latest_by = "loaded"

    def __str__(self) -> str:
        return f"bundle {self.sha256[:12]} loaded {self.loaded:%Y-%m-%d %H:%M}"
