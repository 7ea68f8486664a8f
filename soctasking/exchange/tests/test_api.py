"""The bundle endpoints: administrators load, the gate decides what an export holds."""

from __future__ import annotations

import json

import pytest

from soctasking.bodies.models import Body
from soctasking.exchange.models import BundleLoad
from soctasking.exchange.tests.conftest import load

pytestmark = pytest.mark.django_db

URL = "/api/v1/bundles"


def post(client, document, **extra):
    return client.post(URL, data=json.dumps(document), content_type="application/json", **extra)


def test_an_administrator_loads_a_bundle_and_gets_its_receipt(client, administrator, every_section):
    client.force_login(administrator)

    response = post(client, every_section)

    assert response.status_code == 201
    body = response.json()
    assert body["counts"]["bodies"] == 4
    assert body["as_of"] == "2018-03-31"
    assert BundleLoad.objects.get(pk=body["id"]).loaded_by == administrator


@pytest.mark.parametrize("persona", ["analyst", "secretariat", "chair", "contributor", "inspector"])
def test_no_other_role_may_load_a_bundle(client, request, persona, every_section):
    client.force_login(request.getfixturevalue(persona))

    response = post(client, every_section)

    assert response.status_code == 403
    assert not BundleLoad.objects.exists()


def test_an_anonymous_caller_is_refused(client, every_section):
    assert post(client, every_section).status_code == 401


def test_a_bad_bundle_gets_422_with_each_pointer_and_stores_nothing(
    client, administrator, every_section
):
    client.force_login(administrator)
    bodies_before = Body.objects.count()
    every_section["bodies"][2]["kind"] = "constabulary"
    every_section["referrals"][0]["from_body"] = "nowhere"

    response = post(client, every_section)

    assert response.status_code == 422
    body = response.json()
    assert body["error_count"] == 2
    assert [error["field"] for error in body["errors"]] == [
        "/bodies/2/kind",
        "/referrals/0/from_body",
    ]
    assert Body.objects.count() == bodies_before


def test_invalid_json_gets_422(client, administrator):
    client.force_login(administrator)

    response = client.post(URL, data="{not json", content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == ""


def test_a_bundle_over_the_limit_gets_413_before_it_is_read(
    client, administrator, settings, every_section
):
    settings.SOCTASKING_MAX_BUNDLE_BYTES = 100
    client.force_login(administrator)

    response = post(client, every_section)

    assert response.status_code == 413
    assert "larger than the limit of 100 bytes" in response.json()["errors"][0]["message"]


def test_a_bundle_larger_than_the_form_limit_is_streamed_not_refused(
    client, administrator, settings, every_section
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(administrator)

    assert post(client, every_section).status_code == 201


def test_a_bearer_token_of_an_administrator_may_load(client, administrator, every_section):
    from soctasking.accounts.tokens import token_create

    _, raw = token_create(user=administrator, acting_user=None)

    response = post(client, every_section, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 201


def test_an_inspector_exports_only_what_their_clearance_allows(client, inspector, every_section):
    load(every_section)
    client.force_login(inspector)

    response = client.get("/api/v1/bundle")

    assert response.status_code == 200
    document = json.loads(b"".join(response.streaming_content))
    assert [s["id"] for s in document["submissions"]] == ["sub-2"]
    assert document["format"] == "soctasking.bundle"


def test_a_contributor_may_not_export_the_picture(client, contributor, every_section):
    load(every_section)
    client.force_login(contributor)

    assert client.get("/api/v1/bundle").status_code == 403


def test_an_administrator_not_cleared_for_everything_may_not_load(client, every_section):
    from soctasking.testing.factories import UserFactory

    limited = UserFactory(username="limited-admin", role="administrator", clearance="secret")
    client.force_login(limited)

    response = post(client, every_section)

    assert response.status_code == 403
    assert not BundleLoad.objects.exists()


def test_another_role_is_refused_in_json_like_every_other_refusal(client, analyst, every_section):
    client.force_login(analyst)

    response = post(client, every_section)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "administrators" in response.json()["detail"]
