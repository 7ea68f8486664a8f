"""Setting up the demo: an empty database, the demo picture loaded, one user per role.

The demo starts from nothing every time, so that what people explore is the
picture docs/demo.md describes and nothing left over from before.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from django.core.management import call_command

from soctasking.accounts.clearance import CompartmentCode
from soctasking.accounts.models import Compartment
from soctasking.accounts.services import user_create
from soctasking.demo.picture import demo_bundle
from soctasking.exchange.services import LoadReport, bundle_load

ALL_COMPARTMENTS: tuple[str, ...] = tuple(CompartmentCode.values)


@dataclass(frozen=True)
class DemoPersona:
    """Who a demo user is: their role, body, clearance and compartments."""

    username: str
    role: str
    body: str
    clearance: str
    compartments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoUser:
    """A demo user as created, with the password they sign in with."""

    persona: DemoPersona
    password: str


# One user per role, each at a body that holds that role in the national arrangements.
DEMO_PERSONAS: tuple[DemoPersona, ...] = (
    DemoPersona("admin", "administrator", "nca", "top-secret", ALL_COMPARTMENTS),
    # Assessment officers need the most sensitive material (inspection, chapter 3).
    DemoPersona("analyst", "analyst", "nca-nac", "secret", ("chis", "interception")),
    DemoPersona("secretariat", "secretariat", "nca-tasking", "secret"),
    DemoPersona("chair", "chair", "nca", "secret"),
    DemoPersona("contributor", "contributor", "rocu-north-west", "official-sensitive"),
    DemoPersona("inspector", "inspector", "hmicfrs", "secret"),
)


def demo_database_reset(*, verbosity: int = 0) -> None:
    """Bring the schema up to date and empty every table.

    Emptying also removes the rows that migrations seed, so the compartments
    are put back as the accounts migration defines them.
    """
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("flush", interactive=False, verbosity=verbosity)
    for code, name in CompartmentCode.choices:
        Compartment.objects.update_or_create(code=code, defaults={"name": name})


def demo_picture_load() -> LoadReport:
    """Load the demo picture through the bundle loader, as any bundle is loaded."""
    document = json.dumps(demo_bundle(), ensure_ascii=False).encode("utf-8")
    return bundle_load(source=document, acting_user=None)


def demo_users_create() -> list[DemoUser]:
    """One user per role with a new random password each, created as the system."""
    users = []
    for persona in DEMO_PERSONAS:
        password = secrets.token_urlsafe(12)
        user_create(
            username=persona.username,
            body=persona.body,
            role=persona.role,
            clearance=persona.clearance,
            compartments=persona.compartments,
            password=password,
            acting_user=None,
        )
        users.append(DemoUser(persona=persona, password=password))
    return users
