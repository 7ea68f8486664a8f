"""Timetable API input at the edges of the calendar and of counting: refused, never crashed on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from soctasking.accounts.models import User
from soctasking.bodies.models import Body
from soctasking.intelligence.models import Requirement, TimetableRow
from soctasking.testing.factories import RequirementFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def make_requirement(**kwargs: object) -> Requirement:
    return RequirementFactory(**kwargs)


def rule(national_unit: Body, **overrides: object) -> dict[str, Any]:
    return {
        "product": "tactical_assessment",
        "every": "month",
        "days_after": 15,
        "deliver_to": national_unit.pk,
        "body_kinds": ["rocu"],
        **overrides,
    }


@pytest.fixture
def as_analyst(client: Client, analyst: User) -> Client:
    client.force_login(analyst)
    return client


def fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize("days_after", [-1, 367, 10**6, 10**12])
def test_days_after_out_of_range_are_refused_naming_them(
    as_analyst: Client, rocu: Body, national_unit: Body, days_after: int
) -> None:
    make_requirement(id="nir-2026", period_start=date(2026, 4, 1), period_end=date(2027, 3, 31))

    response = as_analyst.post(
        f"{API}/requirements/nir-2026/rows/generate",
        rule(national_unit, days_after=days_after),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert fields(response) == {"days_after"}
    assert not TimetableRow.objects.exists()


def test_a_rule_falling_due_after_the_year_9999_is_refused(
    as_analyst: Client, rocu: Body, national_unit: Body
) -> None:
    make_requirement(id="nir-9999", period_start=date(9999, 1, 1), period_end=date(9999, 12, 31))

    response = as_analyst.post(
        f"{API}/requirements/nir-9999/rows/generate",
        rule(national_unit),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert fields(response) == {"days_after"}


@pytest.mark.parametrize("path", ["/requirements", "/escalations", "/requirements/nir-2026/rows"])
def test_a_page_too_far_to_count_to_is_refused_naming_it(as_analyst: Client, path: str) -> None:
    make_requirement(id="nir-2026")

    response = as_analyst.get(f"{API}{path}", {"page": 2**63})

    assert response.status_code == 422
    assert fields(response) == {"page"}
