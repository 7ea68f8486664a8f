"""Typed builders of the records the governance and control strategy check tests share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model

from soctasking.intelligence.models import Assessment
from soctasking.testing.factories import AssessmentFactory, ThreatFactory
from soctasking.threats.models import Threat

M = TypeVar("M", bound=Model)


def built(record: object, model: type[M]) -> M:
    """The record a factory built, checked to be the model it says it builds."""
    assert isinstance(record, model)
    return record


def new_threat(id: str | None = None, **fields: Any) -> Threat:
    """A catalogued threat."""
    if id is not None:
        fields["id"] = id
    return built(ThreatFactory(**fields), Threat)


def assessment(
    *threats: Threat, vulnerabilities: tuple[Threat, ...] = (), **fields: Any
) -> Assessment:
    """A national strategic assessment covering ``threats`` and ``vulnerabilities``."""
    made = built(AssessmentFactory(**fields), Assessment)
    made.threats.set(threats)
    made.vulnerabilities.set(vulnerabilities)
    return made
