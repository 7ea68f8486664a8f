"""Loading a picture bundle: all or nothing, idempotent, streamed.

The document is read once. Each record is checked against the schema and the
rules the schema cannot state (dates that exist, periods in order, digests
that match, ids unique within their kind) and written in batches inside one
transaction while no problem has been found. References are checked at the
end, against the bundle and what is already stored, because a record may
refer to one that comes later in the document. Any problem rolls the whole
transaction back, so a rejected bundle stores nothing; an accepted one is
committed, recorded and audited before ``bundle_load`` returns.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import ijson
from django.conf import settings
from django.db import DatabaseError, transaction

from soctasking.audit.services import audit_record
from soctasking.exchange.mapping import (
    Field,
    Group,
    Many,
    RecordSpec,
    parse_date,
    parse_datetime,
)
from soctasking.exchange.models import BundleLoad
from soctasking.exchange.reader import (
    MeteredStream,
    NotAnObject,
    Progress,
    SectionRecord,
    TopLevelValue,
    bundle_events,
)
from soctasking.exchange.sections import SECTION_SPECS, SPECS_BY_KIND
from soctasking.exchange.validation import (
    TOP_LEVEL_KEYS,
    BundleInvalid,
    BundleProblem,
    BundleTooLarge,
    ProblemList,
    describe_value,
    pointer_join,
    record_problems,
)
from soctasking.exchange.writer import StagedRecord, write_records
from soctasking.lib.records import RECORD_ID_RE
from soctasking.themes.index import mentions_refresh
from soctasking.themes.suggestions import untagged_signals_refresh
from soctasking.threats.models import Threat

if TYPE_CHECKING:
    from soctasking.accounts.models import User

logger = logging.getLogger(__name__)

FORMAT = "soctasking.bundle"
VERSION = 1
#: Records of one section written together, large enough to amortise each
#: statement; a batch is written sooner once its texts reach
#: ``BATCH_TEXT_BYTES``, so that 5 MB texts never pile up in memory.
BATCH_SIZE = 1000
BATCH_TEXT_BYTES = 64 * 1024 * 1024
#: Pointers kept for each missing id; every further reference is still counted.
POINTERS_PER_MISSING_ID = 100

_MISSING = object()
STORE_FAILED = (
    "could not be stored: it conflicts with the stored picture in a way the checks "
    "did not catch (the server log has the details)"
)
#: Where a value stands: a record's pointer, then the keys and indexes below it.
Where = tuple[str, *tuple[str | int, ...]]
#: Sections whose records name themes, re-indexed for themes after a load.
THEMED_SECTIONS = frozenset({"submissions", "local_priorities"})
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

_PARSERS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "date": (parse_date, "a date YYYY-MM-DD"),
    "datetime": (parse_datetime, "a date-time with an offset, e.g. 2018-03-31T09:30:00+01:00"),
    "float": (float, "a number"),
}


@dataclass(frozen=True)
class LoadReport:
    """What an accepted bundle held and how it was recorded."""

    load: BundleLoad
    sha256: str
    size_bytes: int
    as_of: date | None
    counts: dict[str, int]


@dataclass
class _Uses:
    """How often an id is referred to, and where (the first so many places)."""

    count: int
    places: list[Where]


class _References:
    """Every id a bundle defines and every reference it makes, by kind of record."""

    def __init__(self) -> None:
        self.defined: dict[str, dict[str, str]] = defaultdict(dict)
        # Where each reference stands, as (record pointer, key[, index]),
        # joined into a pointer only when it has to be reported.
        self.used: dict[str, dict[str, _Uses]] = defaultdict(dict)
        self.threat_kinds: dict[str, str] = {}
        self.kind_rules: list[tuple[str, Where, str]] = []

    def define(self, kind: str, record_id: str, pointer: str, problems: ProblemList) -> None:
        """Note the id of the record at ``pointer``, reporting it if the kind already has it."""
        if not RECORD_ID_RE.fullmatch(record_id):
            # The schema's pattern lets a final newline through, as JSON
            # Schema's "$" does; an id is exactly the characters it names.
            problems.add(
                pointer_join(pointer, "id"), f"expected an id; got {describe_value(record_id)}"
            )
            return
        first = self.defined[kind].get(record_id)
        if first is not None:
            problems.add(
                pointer_join(pointer, "id"),
                f"duplicate id {record_id!r}: first used at {pointer_join(first, 'id')}",
            )
        else:
            self.defined[kind][record_id] = pointer

    def use(self, kind: str, record_id: str, where: Where) -> None:
        if kind not in SPECS_BY_KIND:
            return  # an enumerated value (a compartment), which the schema checked
        uses = self.used[kind].get(record_id)
        if uses is None:
            self.used[kind][record_id] = _Uses(count=1, places=[where])
        else:
            uses.count += 1
            if len(uses.places) < POINTERS_PER_MISSING_ID:
                uses.places.append(where)

    def check(self, problems: ProblemList) -> None:
        """Report each reference to an id neither in the bundle nor stored."""
        for kind, used in self.used.items():
            absent = [record_id for record_id in used if record_id not in self.defined[kind]]
            stored = _stored_ids(kind, absent)
            for record_id in absent:
                if record_id in stored:
                    continue
                count, places = used[record_id].count, used[record_id].places
                message = (
                    f"refers to {kind.replace('_', ' ')} {record_id!r}, "
                    "which is neither in the bundle nor stored"
                )
                for where in places:
                    problems.add(pointer_join(*where), message)
                problems.total += count - len(places)
        for threat_id, where, wanted in self.kind_rules:
            found = self.threat_kinds.get(threat_id) or (
                Threat.objects.filter(pk=threat_id).values_list("kind", flat=True).first()
            )
            if found is not None and found != wanted:
                problems.add(
                    pointer_join(*where), f"threat {threat_id!r} is a {found}; expected a {wanted}"
                )


def _stored_ids(kind: str, ids: list[str]) -> set[str]:
    model = SPECS_BY_KIND[kind].model
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return False


class _Converter:
    """Turns validated records into staged rows, finding what the schema cannot."""

    def __init__(self, problems: ProblemList, references: _References) -> None:
        self.problems = problems
        self.references = references

    def record(self, spec: RecordSpec, record: dict[str, Any], pointer: str) -> StagedRecord:
        staged = StagedRecord(spec, {})
        if spec.kind is not None:
            self.references.define(spec.kind, record["id"], pointer, self.problems)
        if spec is SECTION_SPECS["threats"]:
            self.references.threat_kinds[record["id"]] = record.get("kind", "threat")
        for part in spec.parts:
            if isinstance(part, Field):
                raw = record.get(part.key)
                if raw is None:
                    staged.values[part.attr] = part.empty
                elif part.type == "str" and type(raw) is str and "\x00" not in raw:
                    # The common case, kept inline: a bundle has millions of them.
                    staged.values[part.attr] = raw
                else:
                    staged.values[part.attr] = self.value(part, record, pointer)
            elif isinstance(part, Group):
                self.group(part, record, pointer, staged.values)
            elif isinstance(part, Many):
                staged.many[part.attr] = self.ids(part, record, pointer)
            else:
                staged.children[part.key] = self.children(
                    part.spec, part.parent_attr, record, part.key, pointer
                )
        self.whole_record_rules(spec, record, staged.values, pointer)
        return staged

    def whole_record_rules(
        self, spec: RecordSpec, record: dict[str, Any], values: dict[str, Any], pointer: str
    ) -> None:
        for later, earlier in spec.not_before:
            self.in_order(spec, values, pointer, earlier=earlier, later=later)
        if spec.check is not None:
            spec.check(record, pointer, self.problems)
        if spec.derived is not None:
            spec.derived(record, values)

    def ids(self, part: Many, record: dict[str, Any], pointer: str) -> list[str]:
        ids: list[str] = record.get(part.key, [])
        for index, target in enumerate(ids):
            where = (pointer, part.key, index)
            self.references.use(part.ref, target, where)
            if part.must_be_kind is not None:
                self.references.kind_rules.append((target, where, part.must_be_kind))
        return ids

    def children(
        self, spec: RecordSpec, parent_attr: str, record: dict[str, Any], key: str, pointer: str
    ) -> list[StagedRecord]:
        staged: list[StagedRecord] = []
        seen: dict[Any, int] = {}
        for index, child in enumerate(record.get(key, [])):
            at = pointer_join(pointer, key, index)
            if spec.unique_key is not None:
                unique = child.get(spec.unique_key)
                if unique in seen:
                    self.problems.add(
                        pointer_join(at, spec.unique_key),
                        f"{describe_value(unique)} appears twice: first at "
                        f"{pointer_join(pointer, key, seen[unique])}",
                    )
                seen.setdefault(unique, index)
            converted = self.record(spec, child, at)
            converted.values[parent_attr] = record["id"]
            if spec.position_attr is not None:
                converted.values[spec.position_attr] = index
            staged.append(converted)
        return staged

    def value(self, spec_field: Field, container: dict[str, Any], pointer: str) -> Any:
        raw = container.get(spec_field.key, _MISSING)
        if raw is _MISSING or raw is None:
            return spec_field.empty
        if _holds_nul(raw):
            # PostgreSQL cannot store the NUL character in text; refusing it
            # everywhere keeps both databases accepting the same bundles.
            self.problems.add(
                pointer_join(pointer, spec_field.key),
                "must not contain the NUL character (\\u0000)",
            )
            return spec_field.empty
        parser = _PARSERS.get(spec_field.type)
        if parser is not None:
            parse, expected = parser
            try:
                return parse(raw)
            except ValueError:
                self.problems.add(
                    pointer_join(pointer, spec_field.key),
                    f"expected {expected}; got {describe_value(raw)}",
                )
                return None
        if spec_field.ref is not None:
            if spec_field.key == "parent" and raw == container.get("id"):
                self.problems.add(
                    pointer_join(pointer, spec_field.key), "a record cannot be its own parent"
                )
            self.references.use(spec_field.ref, raw, (pointer, spec_field.key))
        return raw

    def group(
        self, group: Group, record: dict[str, Any], pointer: str, values: dict[str, Any]
    ) -> None:
        inner = record.get(group.key) or {}
        at = pointer_join(pointer, group.key)
        for member in group.members:
            values[member.attr] = self.value(member, inner, at)
        if group.ordered is not None:
            first, then = (next(m for m in group.members if m.key == k) for k in group.ordered)
            start, end = values[first.attr], values[then.attr]
            if start is not None and end is not None and end < start:
                self.problems.add(pointer_join(at, then.key), f"must not be before {first.key}")

    def in_order(
        self, spec: RecordSpec, values: dict[str, Any], pointer: str, *, earlier: str, later: str
    ) -> None:
        attrs = {f.key: f.attr for f in spec.parts if isinstance(f, Field)}
        before, after = values.get(attrs[earlier]), values.get(attrs[later])
        if before is not None and after is not None and after < before:
            self.problems.add(pointer_join(pointer, later), f"must not be before {earlier}")


class _Loader:
    """One pass over a bundle's events, inside the caller's transaction."""

    def __init__(self) -> None:
        self.problems = ProblemList()
        self.references = _References()
        self.converter = _Converter(self.problems, self.references)
        self.top: dict[str, Any] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.pending: dict[str, list[StagedRecord]] = defaultdict(list)
        self.pending_text: dict[str, int] = defaultdict(int)
        self.refused_keys: set[str] = set()
        # The records the theme index must look at again once all is written.
        self.themed: dict[str, list[str]] = defaultdict(list)

    def take(self, event: TopLevelValue | SectionRecord | NotAnObject) -> None:
        if isinstance(event, NotAnObject):
            self.problems.add("", "expected a JSON object at the top level")
        elif isinstance(event, TopLevelValue):
            self.top_level(event.key, event.value)
        else:
            self.section_record(event)

    def top_level(self, key: str, value: Any) -> None:
        if key not in TOP_LEVEL_KEYS:
            self.unknown_key(key)
        elif key in SECTION_SPECS:
            self.problems.add(f"/{key}", f"expected a list; got {describe_value(value)}")
        else:
            self.top[key] = value

    def unknown_key(self, key: str) -> None:
        if key not in self.refused_keys:
            self.refused_keys.add(key)
            allowed = ", ".join(sorted(TOP_LEVEL_KEYS))
            self.problems.add(pointer_join("", key), f"unknown key (expected one of {allowed})")

    def section_record(self, event: SectionRecord) -> None:
        spec = SECTION_SPECS.get(event.section)
        if spec is None:
            if event.section in TOP_LEVEL_KEYS:
                if event.section not in self.refused_keys:
                    self.refused_keys.add(event.section)
                    self.problems.add(f"/{event.section}", "expected a single value, not a list")
            else:
                self.unknown_key(event.section)
            return
        pointer = pointer_join("", event.section, event.index)
        self.counts[event.section] += 1
        before = self.problems.total
        for problem in record_problems(event.section, event.record, pointer):
            self.problems.add(problem.pointer, problem.message)
        if self.problems.total > before:
            # Its references are not followed (its shape is wrong), but its id
            # still counts, so that a second record with the id is reported.
            record_id = event.record.get("id") if isinstance(event.record, dict) else None
            if spec.kind is not None and isinstance(record_id, str):
                self.references.define(spec.kind, record_id, pointer, self.problems)
            return
        staged = self.converter.record(spec, event.record, pointer)
        if self.problems:
            self.pending.clear()  # nothing more is written once the bundle is known bad
            return
        batch = self.pending[event.section]
        batch.append(staged)
        self.pending_text[event.section] += len(event.record.get("text", ""))
        if len(batch) >= BATCH_SIZE or self.pending_text[event.section] >= BATCH_TEXT_BYTES:
            self.flush(event.section)

    def flush(self, section: str) -> None:
        batch = self.pending.pop(section, [])
        self.pending_text.pop(section, None)
        try:
            with transaction.atomic():
                write_records(SECTION_SPECS[section], batch)
            if section in THEMED_SECTIONS:
                self.themed[section].extend(item.values["id"] for item in batch)
        except DatabaseError:
            # Validation should leave the database nothing to refuse; if it
            # does, the savepoint keeps the transaction usable for the report.
            logger.exception("a validated batch of %s could not be stored", section)
            self.problems.add(f"/{section}", STORE_FAILED)
            self.pending.clear()

    def finish(self) -> date | None:
        """Check the top level and every reference; raise if anything is wrong."""
        for key, expected in (("format", FORMAT), ("version", VERSION)):
            value = self.top.get(key, _MISSING)
            if value is _MISSING:
                self.problems.add(f"/{key}", "required, but missing")
            elif value != expected or isinstance(value, bool):
                self.problems.add(f"/{key}", f"expected {expected!r}; got {describe_value(value)}")
        as_of = None
        if "as_of" in self.top:
            raw = self.top["as_of"]
            if isinstance(raw, str) and DATE_RE.match(raw):
                with contextlib.suppress(ValueError):
                    as_of = parse_date(raw)
            if as_of is None:
                expected = "expected a date YYYY-MM-DD"
                self.problems.add("/as_of", f"{expected}; got {describe_value(raw)}")
        if not self.problems:
            for section in list(self.pending):
                self.flush(section)
        # After the writes: replacing a record's owned records may have
        # removed one that another record still refers to.
        self.references.check(self.problems)
        self.problems.raise_if_any()
        return as_of


def _open(source: bytes | str | Path | IO[bytes]) -> tuple[IO[bytes], int | None, bool]:
    """A binary stream for the source, its size when known, and whether we must close it."""
    if isinstance(source, bytes):
        return io.BytesIO(source), len(source), True
    if isinstance(source, (str, Path)):
        handle = open(source, "rb")  # noqa: SIM115 - closed by bundle_load
        return handle, os.fstat(handle.fileno()).st_size, True
    return source, None, False


def bundle_load(
    *,
    source: bytes | str | Path | IO[bytes],
    acting_user: User | None,
    size: int | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load a bundle (bytes, a file path, or a binary stream) into the picture.

    ``size`` is the stream's length when the caller knows it (a request's
    Content-Length); with it, a bundle over ``SOCTASKING_MAX_BUNDLE_BYTES``
    is refused before a byte is parsed. ``progress`` is called with the bytes
    read so far and the total, if known. Raises ``BundleInvalid`` (nothing
    stored) with every problem by JSON pointer.
    """
    limit: int = settings.SOCTASKING_MAX_BUNDLE_BYTES
    raw, known_size, close = _open(source)
    total = known_size if known_size is not None else size
    try:
        if total is not None and total > limit:
            raise BundleTooLarge(limit=limit)
        stream = MeteredStream(raw, limit=limit, total=total, progress=progress)
        try:
            with transaction.atomic():
                loader = _Loader()
                try:
                    for event in bundle_events(stream):
                        loader.take(event)
                except ijson.JSONError as error:
                    loader.problems.add("", f"not valid JSON: {error}")
                as_of = loader.finish()
                mentions_refresh(
                    submission_ids=loader.themed["submissions"],
                    local_priority_ids=loader.themed["local_priorities"],
                )
                untagged_signals_refresh(submission_ids=loader.themed["submissions"])
                counts = {
                    section: loader.counts[section]
                    for section in SECTION_SPECS
                    if section in loader.counts
                }
                load = BundleLoad.objects.create(
                    loaded_by=acting_user,
                    sha256=stream.sha256,
                    size_bytes=stream.size,
                    as_of=as_of,
                    counts=counts,
                )
                audit_record(
                    actor=acting_user,
                    action="load",
                    record_type="bundle",
                    record_id=str(load.pk),
                    detail={
                        "sha256": stream.sha256,
                        "size_bytes": stream.size,
                        "as_of": as_of,
                        "counts": counts,
                    },
                )
        except DatabaseError:
            # Deferred foreign keys are checked at commit; the checks above
            # should leave them nothing to find, but if they do, the load is
            # refused like any other, not failed.
            logger.exception("a validated bundle could not be committed")
            raise BundleInvalid([BundleProblem("", STORE_FAILED)]) from None
    except BundleInvalid as refused:
        # The refused load's own records were rolled back; the attempt is not.
        audit_record(
            actor=acting_user,
            action="load_refused",
            record_type="bundle",
            # The problem may quote a NUL, which PostgreSQL cannot store in the trail.
            detail={
                "problems": refused.total,
                "first": str(refused.problems[0])[:200].replace("\x00", "\\u0000"),
            },
        )
        raise
    finally:
        if close:
            raw.close()
    return LoadReport(
        load=load, sha256=stream.sha256, size_bytes=stream.size, as_of=as_of, counts=counts
    )
