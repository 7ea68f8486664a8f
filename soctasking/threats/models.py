"""The national threat catalogue."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField


class ThreatKind(models.TextChoices):
    THREAT = "threat", "Threat"
    SUB_THREAT = "sub_threat", "Sub-threat"
    VULNERABILITY = "vulnerability", "National vulnerability"


class Theme(models.TextChoices):
    PROSPERITY = "prosperity", "Prosperity"
    VULNERABILITY = "vulnerability", "Vulnerability"
    COMMODITY = "commodity", "Commodity"
    CROSS_CUTTING = "cross_cutting", "Cross-cutting"


class Threat(models.Model):
    id = RecordIdField()
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ThreatKind.choices, default=ThreatKind.THREAT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_threats"
    )
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True)
    keywords = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ThreatKind.values), name="threats_threat_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ThreatKind.SUB_THREAT) | models.Q(parent__isnull=False),
                name="threats_sub_threat_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name
