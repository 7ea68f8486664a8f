"""Signing in and out through the sign-in page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from soctasking.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("web:login")
SIGN_OUT = reverse("web:logout")


def test_the_sign_in_page_asks_for_a_username_and_password(client):
    response = client.get(SIGN_IN)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Sign in</h1>' in page
    assert '<label class="govuk-label govuk-label--s" for="id_username">Username</label>' in page
    assert 'autocomplete="current-password"' in page
    assert "csrfmiddlewaretoken" in page


def test_the_right_password_signs_in_and_goes_home(client, contributor):
    response = client.post(SIGN_IN, {"username": "bob", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).context["user"] == contributor


def test_signing_in_returns_to_the_page_first_asked_for(client, analyst):
    bodies = reverse("bodies:list")

    response = client.post(
        f"{SIGN_IN}?next={bodies}", {"username": "alice", "password": PASSWORD, "next": bodies}
    )

    assert response["Location"] == bodies


def test_a_wrong_password_is_explained_in_an_error_summary_linked_to_the_username(client, analyst):
    response = client.post(SIGN_IN, {"username": "alice", "password": "not the password"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Sign in " in page
    assert "There is a problem" in page
    assert (
        '<li><a href="#id_username">Enter a correct username and password. '
        "Both are case-sensitive.</a></li>"
    ) in page
    assert "govuk-form-group--error" in page
    assert not response.wsgi_request.user.is_authenticated


def test_empty_fields_are_each_named_in_the_error_summary(client):
    response = client.post(SIGN_IN, {"username": "", "password": ""})

    page = response.content.decode()
    assert '<li><a href="#id_username">Enter your username</a></li>' in page
    assert '<li><a href="#id_password">Enter your password</a></li>' in page


def test_an_inactive_account_cannot_sign_in(client, analyst):
    analyst.is_active = False
    analyst.save(update_fields=["is_active"])

    response = client.post(SIGN_IN, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_a_signed_in_user_visiting_sign_in_is_sent_home(client, analyst):
    client.force_login(analyst)

    response = client.get(SIGN_IN)

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_signing_out_ends_the_session_and_says_so(client, analyst):
    client.force_login(analyst)

    response = client.post(SIGN_OUT, follow=True)

    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302


def test_signing_out_needs_a_form_post_not_a_link(client, analyst):
    client.force_login(analyst)

    assert client.get(SIGN_OUT).status_code == 405
    assert client.get(reverse("web:home")).status_code == 200


def test_signing_out_without_the_csrf_token_is_refused(analyst):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(analyst)

    assert strict.post(SIGN_OUT).status_code == 403
    assert strict.get(reverse("web:home")).status_code == 200
