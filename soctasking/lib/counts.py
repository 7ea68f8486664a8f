"""Counting records by an enumerated field, in the order the choices are declared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str
    count: int


def counts_by_choice(
    queryset: QuerySet[Any], *, field: str, choices: list[tuple[str, str]]
) -> list[ChoiceCount]:
    """How many records hold each choice of ``field``, leaving out choices nobody holds.

    Records with the field left blank are counted last, as "Not recorded",
    so the counts always add up to the number of records.
    """
    counted: dict[str, int] = {
        row[field]: row["n"] for row in queryset.order_by().values(field).annotate(n=Count("pk"))
    }
    found = [
        ChoiceCount(value, label, counted[value]) for value, label in choices if counted.get(value)
    ]
    if counted.get(""):
        found.append(ChoiceCount("", NOT_RECORDED, counted[""]))
    return found
