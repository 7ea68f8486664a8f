"""Thresholds of the assurance checks that an administrator has changed from the defaults."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
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

    def clean(self) -> None:
        """The check must exist and declare the parameter; the value must be a number >= 0."""
        from soctasking.assurance.registry import registered_checks

        checks = registered_checks()
        if self.code not in checks:
            raise ValidationError(
                {
                    "code": f"No check has the code {self.code!r}; expected one of "
                    f"{', '.join(checks)}."
                }
            )
        declared = checks[self.code].thresholds
        if self.parameter not in declared:
            expected = ", ".join(declared) or "none: it has no thresholds"
            raise ValidationError(
                {
                    "parameter": f"Check {self.code} has no threshold {self.parameter!r}; "
                    f"its thresholds are {expected}."
                }
            )
        if self.value is not None and (not math.isfinite(self.value) or self.value < 0):
            raise ValidationError({"value": "Expected a number of 0 or more."})
