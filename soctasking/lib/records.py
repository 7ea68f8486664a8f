"""The record identifier every bundle record carries, shared by all models."""

from __future__ import annotations

import re
from typing import Any

from django.core.validators import RegexValidator
from django.db import models

RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,99}$"
RECORD_ID_RE = re.compile(RECORD_ID_PATTERN)

record_id_validator = RegexValidator(
    RECORD_ID_PATTERN,
    "An id is 1 to 100 characters: lower-case letters, digits, '.', '_' or '-', "
    "starting with a letter or digit.",
)


class RecordIdField(models.CharField):  # type: ignore[type-arg]
    """A bundle id used as the primary key, so records keep their id on every round trip."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("validators", [record_id_validator])
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs


def period_constraint(prefix: str = "period") -> models.CheckConstraint:
    """A period never ends before it starts (either end may be open)."""
    start, end = f"{prefix}_start", f"{prefix}_end"
    return models.CheckConstraint(
        condition=models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name="%(app_label)s_%(class)s_" + f"{prefix}_ordered",
    )
