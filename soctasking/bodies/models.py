"""Bodies taking part in the national arrangements."""

from __future__ import annotations

from django.db import models

from soctasking.lib.records import RecordIdField


class BodyKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    ROCU = "rocu", "Regional organised crime unit"
    LAW_ENFORCEMENT_AGENCY = "law_enforcement_agency", "Law enforcement agency"
    NATIONAL_AGENCY = "national_agency", "National agency"
    NATIONAL_UNIT = "national_unit", "National unit"
    SECURITY_AGENCY = "security_agency", "Security agency"
    REGULATOR = "regulator", "Regulator"
    GOVERNMENT = "government", "Government"


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"
    UK = "uk", "United Kingdom"


class Body(models.Model):
    id = RecordIdField()
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=BodyKind.choices, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    nation = models.CharField(max_length=20, choices=Nation.choices, blank=True)
    region = models.CharField(max_length=100, blank=True)
    national_remit = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="") | models.Q(kind__in=BodyKind.values),
                name="bodies_body_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="bodies_body_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name
