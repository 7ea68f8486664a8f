"""Named personas every app's tests share.

An analyst at the national assessment centre, a contributor from a ROCU, a
secretariat officer, a chair, an inspector, an administrator, a user from
another body, and a user without clearance beyond OFFICIAL.

A test client's ``force_login`` also gives the second factor of a persona
who needs one (clearance SECRET and above), so tests not about signing in
need not enrol anybody.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.test.client import ClientMixin

from soctasking.accounts.models import Role, User
from soctasking.bodies.models import Body, BodyKind
from soctasking.testing.auth import password_only_login, second_factor_given
from soctasking.testing.factories import BodyFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _findings_forgotten() -> None:
    """Each test starts with no findings kept from another test's picture.

    Factories write without the audit trail, so the stamp the kept findings
    are filed under can be the same in two tests with different pictures.
    """
    caches["findings"].clear()


@pytest.fixture
def national_unit(db: None) -> Body:
    return BodyFactory(id="nac", name="National Assessment Centre", kind=BodyKind.NATIONAL_UNIT)


@pytest.fixture
def rocu(db: None) -> Body:
    return BodyFactory(id="rocu-north-west", name="North West ROCU", kind=BodyKind.ROCU)


@pytest.fixture
def other_force(db: None) -> Body:
    return BodyFactory(id="force-kent", name="Kent Police", kind=BodyKind.POLICE_FORCE)


@pytest.fixture
def analyst(national_unit: Body) -> User:
    return UserFactory(
        username="alice",
        body=national_unit,
        role=Role.ANALYST,
        clearance="secret",
    )


@pytest.fixture
def contributor(rocu: Body) -> User:
    return UserFactory(
        username="bob", body=rocu, role=Role.CONTRIBUTOR, clearance="official-sensitive"
    )


@pytest.fixture
def secretariat(national_unit: Body) -> User:
    return UserFactory(
        username="sam", body=national_unit, role=Role.SECRETARIAT, clearance="secret"
    )


@pytest.fixture
def chair(national_unit: Body) -> User:
    return UserFactory(username="chris", body=national_unit, role=Role.CHAIR, clearance="secret")


@pytest.fixture
def inspector(national_unit: Body) -> User:
    return UserFactory(username="ines", body=national_unit, role=Role.INSPECTOR, clearance="secret")


@pytest.fixture
def administrator(national_unit: Body) -> User:
    return UserFactory(
        username="ada",
        body=national_unit,
        role=Role.ADMINISTRATOR,
        clearance="top-secret",
        compartments=["chis", "interception", "equipment-interference", "financial-intelligence"],
    )


@pytest.fixture
def outsider(other_force: Body) -> User:
    """Charlie, from another body, who should see nothing of Bob's that is above OFFICIAL."""
    return UserFactory(
        username="charlie", body=other_force, role=Role.CONTRIBUTOR, clearance="official"
    )


@pytest.fixture
def uncleared(rocu: Body) -> User:
    return UserFactory(username="una", body=rocu, role=Role.ANALYST, clearance="official")


@pytest.fixture
def chis_analyst(national_unit: Body) -> User:
    return UserFactory(
        username="cara",
        body=national_unit,
        role=Role.ANALYST,
        clearance="secret",
        compartments=["chis"],
    )


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``client.force_login(user)`` signs in completely, second factor included.

    Tests of the second factor sign in with ``password_only_login`` instead.
    """

    def force_login(self: Any, user: User, backend: str | None = None) -> None:
        password_only_login(self, user, backend)
        second_factor_given(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
