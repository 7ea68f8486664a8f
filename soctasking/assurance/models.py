"""Thresholds of the assurance checks that an administrator has changed from the defaults."""

from __future__ import annotations

from django.db import models


class CheckThreshold(models.Model):
    code = models.CharField(max_length=10)
    parameter = models.CharField(max_length=40)
    value = models.FloatField()

    class Meta:
        ordering = ["code", "parameter"]
        constraints = [
            models.UniqueConstraint(fields=["code", "parameter"], name="assurance_threshold_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}.{self.parameter} = {self.value:g}"
