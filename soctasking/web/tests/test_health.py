"""GET /health: open to anyone, answered without the database.

No test here has the database: pytest-django fails any that touches it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse


def test_health_answers_ok_to_an_anonymous_visitor_without_reading_the_database(client):
    response = client.get(reverse("web:health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok"


def test_health_answers_head_too(client):
    response = client.head("/health")

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_health_refuses_writes(client, method):
    response = getattr(client, method)("/health")

    assert response.status_code == 405
