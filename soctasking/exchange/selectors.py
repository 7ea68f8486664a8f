"""Exporting the picture as a bundle, streamed a page of records at a time.

The export is canonical: sections in the specification's order, records by
id, lists in the order they were loaded, empty optional keys left out. So
export, load into an empty installation and export again give the same
document. An export made for a user passes through the access gate: the
submissions they may not see are left out, and nothing else in a bundle is
classified.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import IO, TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from soctasking.accounts.gate import filter_visible
from soctasking.audit.services import audit_record
from soctasking.exchange.mapping import Field, Group, Many, Nested, RecordSpec, through_columns
from soctasking.exchange.models import BundleLoad
from soctasking.exchange.sections import SECTION_SPECS, SUBMISSIONS

if TYPE_CHECKING:
    from soctasking.accounts.models import User

PAGE_SIZE = 1000


def _is_empty(value: Any) -> bool:
    """Whether an optional key is left out; ``0`` is a value, unlike ``False``."""
    return value is None or value is False or value in ("", [], {})


def _exported(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        # A count given as 12 is stored as 12.0 in a float column; writing it
        # back as 12 keeps the document the same across a round trip. Past
        # 2**53 a float is no longer a count, and stays a float.
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
        # PostgreSQL gives a large float back from JSON as its exact integer;
        # written as such it would be past what a JSON reader takes.
        return float(value)
    if isinstance(value, dict):
        # PostgreSQL keeps JSON objects with their keys sorted, SQLite as
        # given; sorting here makes both export the same document.
        return {key: _exported(item) for key, item in sorted(value.items())}
    return value


def _columns(spec: RecordSpec, parent_attr: str | None) -> list[str]:
    columns = ["pk", *(f.attr for f in spec.fields if f.attr != "id")]
    if parent_attr is not None:
        columns.append(parent_attr)
    return columns


def _many_ids(spec: RecordSpec, many: Many, keys: list[Any]) -> dict[Any, list[str]]:
    through, source, target = through_columns(spec.model, many.attr)
    found: dict[Any, list[str]] = defaultdict(list)
    rows = (
        through._default_manager.filter(**{f"{source}__in": keys})
        .order_by("pk")
        .values_list(source, target)
    )
    for key, target_id in rows:
        found[key].append(target_id)
    return found


def _record(
    spec: RecordSpec,
    row: dict[str, Any],
    many: dict[str, dict[Any, list[str]]],
    nested: dict[str, dict[Any, list[dict[str, Any]]]],
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    key = row["pk"]
    for part in spec.parts:
        if isinstance(part, Field):
            value = key if part.attr == "id" else row[part.attr]
            if part.always_exported or not _is_empty(value):
                record[part.key] = _exported(value)
        elif isinstance(part, Group):
            if any(not _is_empty(row[member.attr]) for member in part.members):
                record[part.key] = {
                    member.key: _exported(row[member.attr])
                    for member in part.members
                    if member.always_exported or not _is_empty(row[member.attr])
                }
        elif isinstance(part, Many):
            ids = many[part.attr].get(key)
            if ids:
                record[part.key] = ids
        else:
            children = nested[part.key].get(key)
            if children:
                record[part.key] = children
    return record


def _records_of(
    spec: RecordSpec, rows: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each row with its bundle record, fetching lists and owned records for all rows at once."""
    keys = [row["pk"] for row in rows]
    many = {part.attr: _many_ids(spec, part, keys) for part in spec.many}
    nested = {part.key: _owned_records(part, keys) for part in spec.nested}
    for row in rows:
        yield row, _record(spec, row, many, nested)


def _owned_records(part: Nested, parent_keys: list[Any]) -> dict[Any, list[dict[str, Any]]]:
    spec = part.spec
    order = spec.position_attr or "pk"
    found: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(parent_keys), PAGE_SIZE):
        rows = list(
            spec.model._default_manager.filter(
                **{f"{part.parent_attr}__in": parent_keys[start : start + PAGE_SIZE]}
            )
            .order_by(part.parent_attr, order)
            .values(*_columns(spec, part.parent_attr))
        )
        for row, record in _records_of(spec, rows):
            found[row[part.parent_attr]].append(record)
    return found


def _section_records(spec: RecordSpec, queryset: QuerySet[Model]) -> Iterator[dict[str, Any]]:
    """Every record of a section, by id, a page at a time (keyset, so deep pages stay cheap)."""
    last: Any = None
    columns = _columns(spec, None)
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page.values(*columns)[:PAGE_SIZE])
        if not rows:
            return
        for _, record in _records_of(spec, rows):
            yield record
        last = rows[-1]["pk"]


def _queryset(spec: RecordSpec, user: User | None) -> QuerySet[Model]:
    queryset: QuerySet[Model] = spec.model._default_manager.all()
    if spec is SUBMISSIONS and user is not None:
        queryset = filter_visible(user=user, queryset=queryset)
    return queryset


def picture_bundle_as_of() -> date | None:
    """The ``as_of`` of the most recently loaded bundle that carried one."""
    return (
        BundleLoad.objects.filter(as_of__isnull=False)
        .order_by("-loaded", "-id")
        .values_list("as_of", flat=True)
        .first()
    )


def bundle_chunks(*, user: User | None, counts: dict[str, int] | None = None) -> Iterator[str]:
    """The picture as a bundle, in pieces of text to write or stream in order.

    ``user`` None exports everything (an operator at the console); a user
    gets only what the access gate lets them see. The export is audited as
    a read before the first piece, since it may carry sensitive material.
    ``counts``, when given, is filled with the records written per section.
    """
    audit_record(
        actor=user,
        action="export",
        record_type="bundle",
        detail={"scope": "all" if user is None else "visible to the user"},
    )
    counts = {} if counts is None else counts
    yield '{\n"format": "soctasking.bundle",\n"version": 1'
    as_of = picture_bundle_as_of()
    if as_of is not None:
        yield f',\n"as_of": "{as_of.isoformat()}"'
    for section, spec in SECTION_SPECS.items():
        written = 0
        for record in _section_records(spec, _queryset(spec, user)):
            yield (f',\n"{section}": [\n' if written == 0 else ",\n") + json.dumps(
                record, ensure_ascii=False
            )
            written += 1
        if written:
            yield "\n]"
            counts[section] = written
    yield "\n}\n"


def bundle_export(*, out: IO[str], user: User | None) -> dict[str, int]:
    """Write the picture to ``out`` as a bundle; return the records written per section."""
    counts: dict[str, int] = {}
    for chunk in bundle_chunks(user=user, counts=counts):
        out.write(chunk)
    return counts
