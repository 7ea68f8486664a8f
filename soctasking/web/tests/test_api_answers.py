"""The answers the API gives before or beside any operation's own, and its document of them.

Who a request is from, as a browser or a script sends it: Django's test
client skips CSRF checks unless asked, and these tests ask, since that
check decides what a write without a signed-in session is answered. And a
NUL character, which PostgreSQL can neither store nor search for, wherever
a request carries it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from soctasking.accounts.models import User
from soctasking.accounts.tokens import token_create, token_revoke
from soctasking.api import api

pytestmark = pytest.mark.django_db

WRITE = "/api/v1/access-requests"
REASON = "Debriefing sources for Operation Nightjar"
BODY: dict[str, Any] = {"compartment": "chis", "reason": REASON, "days": 5}


def write(client: Client, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(WRITE, json.dumps(BODY), content_type="application/json", headers=headers)


def test_a_write_with_no_credentials_at_all_is_401_not_a_csrf_refusal() -> None:
    response = write(Client(enforce_csrf_checks=True))

    assert response.status_code == 401


def test_a_write_with_a_revoked_token_is_401(analyst: User) -> None:
    token, raw = token_create(user=analyst, acting_user=analyst)
    token_revoke(token=token, acting_user=analyst)

    response = write(Client(enforce_csrf_checks=True), raw)

    assert response.status_code == 401


def test_a_write_with_a_valid_token_needs_no_csrf_token(analyst: User) -> None:
    _, raw = token_create(user=analyst, acting_user=analyst)

    response = write(Client(enforce_csrf_checks=True), raw)

    assert response.status_code == 201


def test_a_signed_in_session_still_needs_its_csrf_token_to_write(analyst: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)

    response = write(client)

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}


def test_the_document_lists_401_for_every_operation_and_403_for_every_write() -> None:
    document = api.get_openapi_schema()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert 401 in operation["responses"], (method, path)
            if method != "get":
                assert 403 in operation["responses"], (method, path)


def test_the_document_lists_ninjas_own_422_where_it_checks_the_input() -> None:
    responses = api.get_openapi_schema()["paths"]["/api/v1/search"]["get"]["responses"]

    schema = responses[422]["content"]["application/json"]["schema"]

    # The operation's own refusal, ninja's, and that of a character the database cannot take.
    assert len(schema["anyOf"]) == 3


def nul_refused_or(response: Any, status: int, field: str) -> None:
    """On PostgreSQL, a NUL is refused naming ``field``; elsewhere ``status`` is the answer."""
    if connection.vendor == "postgresql":
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == [field]
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("path", "field", "elsewhere"),
    [
        ("/api/v1/bodies/kent%00", "body_id", 404),
        ("/api/v1/submissions/sub-1%00", "submission_id", 404),
        ("/api/v1/requirements/nir%00", "requirement_id", 404),
        ("/api/v1/search?q=drugs&body=kent%00", "body", 200),
        ("/api/v1/escalations?meeting=ntig%00", "meeting", 422),
    ],
)
def test_a_nul_in_the_path_or_query_is_refused_naming_where(
    client: Client, analyst: User, path: str, field: str, elsewhere: int
) -> None:
    client.force_login(analyst)

    response = client.get(path)

    nul_refused_or(response, elsewhere, field)


def test_a_nul_in_a_body_is_refused(client: Client, analyst: User) -> None:
    client.force_login(analyst)

    response = client.post(
        WRITE,
        json.dumps(BODY | {"reason": REASON + "\u0000"}),
        content_type="application/json",
    )

    nul_refused_or(response, 201, "")
