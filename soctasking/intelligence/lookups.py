"""Reads that checking a submission needs: the catalogue, compartments and receiving units.

Kept apart from the services that write, and remembered across a batch.
"""

from __future__ import annotations

from soctasking.accounts.models import Compartment
from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.models import TimetableRow
from soctasking.threats.models import Threat


def receiving_unit_for(*, body: Body, kind: str) -> Body | None:
    """Where the timetable says this body delivers this product, else the national unit."""
    row = (
        TimetableRow.objects.filter(body=body, product=kind)
        .select_related("deliver_to")
        .order_by("-due")
        .first()
    )
    if row is not None:
        return row.deliver_to
    return Body.objects.filter(kind=BodyKind.NATIONAL_UNIT).order_by("id").first()


class Lookups:
    """Threats, compartments and receiving units, read once and remembered.

    A batch of thousands names the same few of each; asking the database
    once an item would make it thousands of times slower.
    """

    def __init__(self) -> None:
        self._threats: dict[str, Threat | None] = {}
        self._compartments: dict[str, Compartment | None] = {}
        self._units: dict[tuple[str, str], Body | None] = {}

    def threats(self, ids: list[str]) -> list[Threat]:
        missing = [i for i in ids if i not in self._threats]
        if missing:
            found = {t.pk: t for t in Threat.objects.filter(pk__in=missing)}
            self._threats.update({i: found.get(i) for i in missing})
        return [t for t in (self._threats[i] for i in ids) if t is not None]

    def compartments(self, codes: list[str]) -> list[Compartment]:
        missing = [c for c in codes if c not in self._compartments]
        if missing:
            found = {c.pk: c for c in Compartment.objects.filter(pk__in=missing)}
            self._compartments.update({c: found.get(c) for c in missing})
        return [c for c in (self._compartments[code] for code in codes) if c is not None]

    def receiving_unit(self, *, body: Body, kind: str) -> Body | None:
        if (body.pk, kind) not in self._units:
            self._units[body.pk, kind] = receiving_unit_for(body=body, kind=kind)
        return self._units[body.pk, kind]
