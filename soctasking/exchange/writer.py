"""Storing staged bundle records in batches, with one statement per table and batch.

A bundle carries hundreds of thousands of rows that the loader has already
validated. Building a model instance and compiling an ORM insert for each
would cost several times the database's own work, so rows go to the database
as parameter tuples through ``executemany``: an upsert keyed on the record id
(the same SQL on SQLite and PostgreSQL), each column prepared by its model
field only where the database needs it (dates, date-times, JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    FloatField,
    IntegerField,
    JSONField,
    Model,
    TextField,
)
from django.db.models import Field as ModelField

from soctasking.exchange.mapping import RecordSpec, through_columns


@dataclass
class StagedRecord:
    """One record converted to column values, with its id lists and owned records."""

    spec: RecordSpec
    values: dict[str, Any]
    many: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, list[StagedRecord]] = field(default_factory=dict)


# Values of these column types are passed to either database as Python gives them.
_AS_IS = (TextField, IntegerField, FloatField, BooleanField)


@dataclass(frozen=True)
class _Table:
    """A model's columns in insert order, how to prepare each, and its insert statement."""

    columns: tuple[str, ...]
    defaults: tuple[Any, ...]
    preparers: tuple[Callable[[Any], Any] | None, ...]
    insert: str


def _preparer(model_field: ModelField[Any, Any]) -> Callable[[Any], Any] | None:
    """How a validated Python value becomes a parameter for this column, if it must change."""
    if isinstance(model_field, _AS_IS) or model_field.get_internal_type() in {
        "CharField",
        "ForeignKey",
    }:
        return None
    # The backend's own adapters, called directly: the field's full
    # preparation re-checks what the loader has already made sure of.
    operations = connection.ops
    if isinstance(model_field, DateTimeField):
        return operations.adapt_datetimefield_value
    if isinstance(model_field, DateField):
        return operations.adapt_datefield_value
    if isinstance(model_field, JSONField):
        encoder = model_field.encoder
        return lambda value: operations.adapt_json_value(value, encoder)
    return lambda value: model_field.get_db_prep_save(value, connection)


@cache
def _table(model: type[Model], *, upsert: bool, carried: frozenset[str]) -> _Table:
    """The insert for ``model``; an upsert updates only the ``carried`` columns.

    Columns a bundle does not carry (a submission's original file, its
    receipt reference, who sent it) get their defaults on insert and are
    left as they are when a bundle updates the record.
    """
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and not upsert)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join("%s" for _ in fields)
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - names come from the models
    if upsert:
        updates = ", ".join(
            f"{quote(f.column)} = EXCLUDED.{quote(f.column)}"
            for f in fields
            if not f.primary_key and f.attname in carried
        )
        insert += f" ON CONFLICT ({quote(model._meta.pk.column)}) DO UPDATE SET {updates}"
    return _Table(
        columns=tuple(f.attname for f in fields),
        defaults=tuple(f.get_default() for f in fields),
        preparers=tuple(_preparer(f) for f in fields),
        insert=insert,
    )


def _rows(table: _Table, staged: list[StagedRecord]) -> list[tuple[Any, ...]]:
    plan = list(zip(table.columns, table.defaults, table.preparers, strict=True))
    rows = []
    for item in staged:
        values = item.values
        rows.append(
            tuple(
                prepare(values.get(column, default)) if prepare else values.get(column, default)
                for column, default, prepare in plan
            )
        )
    return rows


def _any_stored(model: type[Model], keys: list[Any]) -> bool:
    """Whether any of ``keys`` is already stored (raw SQL: this runs for every batch)."""
    quote = connection.ops.quote_name
    marks = ", ".join("%s" for _ in keys)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quote(model._meta.db_table)} "  # noqa: S608 - names from the models
            f"WHERE {quote(model._meta.pk.column)} IN ({marks}) LIMIT 1",
            keys,
        )
        return cursor.fetchone() is not None


def write_records(spec: RecordSpec, staged: list[StagedRecord]) -> None:
    """Store staged records of one kind, replacing their id lists and owned records."""
    if not staged:
        return
    model = spec.model
    keys: list[Any]
    if spec.kind is None and spec.many:
        # Records with no id of their own but lists of their own (a meeting's
        # updates) need their new keys back, which the ORM's insert returns.
        created = model._default_manager.bulk_create([model(**item.values) for item in staged])
        keys = [obj.pk for obj in created]
        replacing = False
    else:
        keys = [item.values["id"] for item in staged] if spec.kind is not None else []
        # Lists and owned records are replaced only where something was
        # stored before; a first load skips the deletes altogether.
        replacing = bool(keys) and _any_stored(model, keys)
        table = _table(model, upsert=spec.kind is not None, carried=frozenset(staged[0].values))
        with connection.cursor() as cursor:
            cursor.executemany(table.insert, _rows(table, staged))
    for many in spec.many:
        through, source, target = through_columns(model, many.attr)
        if replacing:
            through._default_manager.filter(**{f"{source}__in": keys}).delete()
        links = [
            (key, target_id)
            for key, item in zip(keys, staged, strict=True)
            for target_id in item.many[many.attr]
        ]
        if links:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(through._meta.db_table)} "  # noqa: S608 - names from the models
                    f"({quote(source)}, {quote(target)}) VALUES (%s, %s)",
                    links,
                )
    for nested in spec.nested:
        children = [child for item in staged for child in item.children[nested.key]]
        if replacing:
            owned = nested.spec.model._default_manager.filter(**{f"{nested.parent_attr}__in": keys})
            if nested.spec.kind is not None:
                owned = owned.exclude(pk__in=[child.values["id"] for child in children])
            owned.delete()
        write_records(nested.spec, children)
