from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from soctasking.accounts.models import ApiToken
from soctasking.accounts.selectors import tokens_list, tokens_matching
from soctasking.accounts.tokens import token_authenticate, token_create, token_revoke
from soctasking.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_only_the_digest_of_a_token_is_stored(analyst):
    _, raw = token_create(user=analyst, acting_user=None)

    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(stored.prefix)
    assert raw not in {stored.prefix, stored.name, stored.digest}
    assert token_authenticate(raw=raw) == analyst


def test_a_user_may_create_their_own_token_but_not_someone_elses(analyst, contributor):
    token_create(user=analyst, acting_user=analyst)

    with pytest.raises(PermissionDenied):
        token_create(user=contributor, acting_user=analyst)
    assert [t.user.username for t in tokens_list()] == ["alice"]


def test_an_administrator_may_create_and_revoke_anyones_token(administrator, contributor):
    token, _ = token_create(user=contributor, acting_user=administrator)
    token_revoke(token=token, acting_user=administrator)

    assert [e.actor_name for e in AuditEvent.objects.filter(record_type="api_token")] == [
        "ada",
        "ada",
    ]


def test_a_token_for_an_inactive_user_is_refused(analyst):
    analyst.is_active = False
    analyst.save()

    with pytest.raises(ValidationError) as refused:
        token_create(user=analyst, acting_user=None)

    assert refused.value.message_dict == {"user": ["alice is inactive"]}


def test_a_token_that_would_already_have_expired_is_refused(analyst):
    with pytest.raises(ValidationError) as refused:
        token_create(user=analyst, acting_user=None, expires=timezone.now() - timedelta(days=1))

    assert set(refused.value.message_dict) == {"expires"}


def test_deactivating_a_user_stops_their_token_working(analyst):
    _, raw = token_create(user=analyst, acting_user=None)
    analyst.is_active = False
    analyst.save()

    assert token_authenticate(raw=raw) is None


def test_revoking_twice_keeps_the_first_revocation_and_audits_it_once(analyst):
    token, raw = token_create(user=analyst, acting_user=None)
    first = token_revoke(token=token, acting_user=None).revoked

    again = token_revoke(token=token, acting_user=None)

    assert again.revoked == first
    assert AuditEvent.objects.filter(action="revoke").count() == 1
    assert token_authenticate(raw=raw) is None


def test_a_token_is_found_by_id_or_by_the_start_of_its_prefix(analyst):
    token, _ = token_create(user=analyst, acting_user=None)

    assert tokens_matching(key=str(token.pk)) == [token]
    assert tokens_matching(key=token.prefix[:8]) == [token]
    assert tokens_matching(key="soct_nothing") == []
