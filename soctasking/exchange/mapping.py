"""The vocabulary of the section map: how a bundle key corresponds to a model column.

The loader and the exporter both walk the same declarations (see
``sections.py``), so a key that loads is a key that exports, and a round trip
cannot drift between the two directions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import ManyToManyField, Model

if TYPE_CHECKING:
    from soctasking.exchange.validation import ProblemList

ValueType = Literal["str", "bool", "int", "float", "date", "datetime", "json", "ref"]


@dataclass(frozen=True)
class Field:
    """A key whose value is stored in one column.

    ``ref`` names the kind of record a ``ref`` value points at; ``attr`` is
    then the foreign key's column (``body_id``). ``always_exported`` keys are
    written even when empty or at their default: the ones a bundle requires,
    and the ones worth seeing (a status, a classification).
    """

    key: str
    attr: str
    type: ValueType = "str"
    ref: str | None = None
    always_exported: bool = False
    default: Any = None

    @cached_property
    def empty(self) -> Any:
        """What is stored when the bundle leaves the key out."""
        if self.default is not None:
            return self.default
        if self.type == "str":
            return ""
        if self.type == "bool":
            return False
        return None


@dataclass(frozen=True)
class Group:
    """An object in the bundle whose members are columns of the record (``period``, ``grading``).

    ``ordered`` names two member keys where the second may not come before the first.
    """

    key: str
    members: tuple[Field, ...]
    ordered: tuple[str, str] | None = None


@dataclass(frozen=True)
class Many:
    """A list of ids stored in a many-to-many relation.

    ``must_be_kind`` restricts a list of threat ids to threats of that kind
    (an assessment's ``vulnerabilities``).
    """

    key: str
    attr: str
    ref: str
    must_be_kind: str | None = None


@dataclass(frozen=True)
class Nested:
    """A list of records owned by the enclosing record (a meeting's decisions)."""

    key: str
    spec: RecordSpec
    parent_attr: str


Part = Field | Group | Many | Nested


@dataclass(frozen=True)
class RecordSpec:
    """How one kind of record is stored.

    ``kind`` is the name references use (``body``, ``decision``); records
    without an id of their own (a score, an activity entry) have none and are
    replaced whole with their parent. ``position_attr`` keeps their order.
    ``unique_key`` names a key that may appear only once among the siblings.
    ``not_before`` pairs (later, earlier) of date keys of the record.
    ``check`` adds rules that need more than one key of the record;
    ``derived`` fills columns the bundle may leave out but the record cannot.
    """

    model: type[Model]
    parts: tuple[Part, ...]
    kind: str | None = None
    position_attr: str | None = None
    unique_key: str | None = None
    not_before: tuple[tuple[str, str], ...] = ()
    check: Callable[[dict[str, Any], str, ProblemList], None] | None = None
    derived: Callable[[dict[str, Any], dict[str, Any]], None] | None = None

    @property
    def fields(self) -> list[Field]:
        found: list[Field] = []
        for part in self.parts:
            if isinstance(part, Field):
                found.append(part)
            elif isinstance(part, Group):
                found.extend(part.members)
        return found

    @property
    def many(self) -> list[Many]:
        return [part for part in self.parts if isinstance(part, Many)]

    @property
    def nested(self) -> list[Nested]:
        return [part for part in self.parts if isinstance(part, Nested)]


#: Date-times both databases store and give back: a day inside either end of
#: Python's calendar, so that no offset can carry one past it.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def parse_date(value: str) -> date:
    """A calendar date, YYYY-MM-DD; one that does not exist (2018-02-30) is refused."""
    return date.fromisoformat(value)


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date-time that carries its offset; a naive one is ambiguous and refused."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("no offset")
    if not EARLIEST <= moment <= LATEST:
        raise ValueError("out of range")
    return moment


def through_columns(model: type[Model], attr: str) -> tuple[type[Model], str, str]:
    """The through model of the many-to-many ``attr`` and its two id columns (ours, theirs)."""
    relation = model._meta.get_field(attr)
    if not isinstance(relation, ManyToManyField):
        raise TypeError(f"{model.__name__}.{attr} is not a many-to-many relation")
    through = relation.remote_field.through
    assert through is not None  # noqa: S101 - Django gives every many-to-many one
    return through, f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"
