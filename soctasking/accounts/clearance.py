"""Security classifications and compartments, and how they order.

OFFICIAL-SENSITIVE is a handling marking within OFFICIAL; the product treats
it as a level between OFFICIAL and SECRET for access (see spec/domain.md).
"""

from __future__ import annotations

from django.db import models


class Classification(models.TextChoices):
    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official-sensitive", "OFFICIAL-SENSITIVE"
    SECRET = "secret", "SECRET"
    TOP_SECRET = "top-secret", "TOP SECRET"


CLASSIFICATION_ORDER: tuple[str, ...] = tuple(c.value for c in Classification)


def classification_rank(value: str) -> int:
    return CLASSIFICATION_ORDER.index(value)


def classifications_up_to(clearance: str) -> list[str]:
    """Every classification a holder of ``clearance`` may see."""
    return list(CLASSIFICATION_ORDER[: classification_rank(clearance) + 1])


def is_sensitive(classification: str) -> bool:
    """Reads of OFFICIAL-SENSITIVE and above are audited."""
    return classification_rank(classification) >= 1


class CompartmentCode(models.TextChoices):
    CHIS = "chis", "Covert human intelligence sources"
    INTERCEPTION = "interception", "Interception"
    EQUIPMENT_INTERFERENCE = "equipment-interference", "Equipment interference"
    FINANCIAL_INTELLIGENCE = "financial-intelligence", "Financial intelligence"
