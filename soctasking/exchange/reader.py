"""Reading a bundle as a stream: one record at a time, never the whole document in memory.

A bundle of a hundred thousand submissions runs to hundreds of megabytes;
holding it parsed would take several times that. The reader walks the JSON
events and builds one top-level record at a time, while counting and hashing
the bytes it reads so that the size limit holds before parsing goes far and
the load can be recorded by its digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson

from soctasking.exchange.validation import BundleTooLarge

Progress = Callable[[int, int | None], None]

#: No record of the format nests deeper than a few levels; a deeper value is
#: refused before it can exhaust the stack of whatever later walks it.
MAX_DEPTH = 16

_CHUNK = 1 << 20


class MeteredStream:
    """A binary stream wrapper that hashes, counts and limits what is read through it."""

    def __init__(
        self,
        raw: IO[bytes],
        *,
        limit: int,
        total: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        self._raw = raw
        self._limit = limit
        self._total = total
        self._progress = progress
        self._digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        # "Everything" is read a chunk at a time all the same: the point of
        # this stream is that no caller ever holds the whole bundle.
        chunk = self._raw.read(_CHUNK if size is None or size < 0 else size)
        if chunk:
            self.size += len(chunk)
            if self.size > self._limit:
                raise BundleTooLarge(limit=self._limit)
            self._digest.update(chunk)
            if self._progress is not None:
                self._progress(self.size, self._total)
        return chunk

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


@dataclass(frozen=True)
class TopLevelValue:
    """A value directly under the bundle's top level that is not a list (format, version, as_of)."""

    key: str
    value: Any


@dataclass(frozen=True)
class SectionRecord:
    """One record of a section, with its position for error pointers."""

    section: str
    index: int
    record: Any


@dataclass(frozen=True)
class NotAnObject:
    """The document's top level is not a JSON object."""

    found: str


BundleEvent = TopLevelValue | SectionRecord | NotAnObject


def bundle_events(stream: MeteredStream) -> Iterator[BundleEvent]:
    """The bundle's top-level values and section records, in document order.

    Raises ``ijson.JSONError`` (or its subclass for a truncated document) on
    text that is not JSON.
    """
    events = ijson.basic_parse(stream, use_float=True)
    first = next(events, None)
    if first is None:
        raise ijson.IncompleteJSONError("the document is empty")
    if first[0] != "start_map":
        yield NotAnObject(found=first[0])
        return
    # Nested values are consumed by the builders below, so every key seen here
    # is a top-level key; running to the end reads (and hashes) the whole
    # document and lets the parser refuse anything after its closing brace.
    for event, value in events:
        if event != "map_key":
            continue
        first_event, first_value = next(events)
        if first_event == "start_array":
            yield from _section_records(str(value), events)
        else:
            yield TopLevelValue(str(value), _build(first_event, first_value, events))


def _section_records(section: str, events: Iterator[tuple[str, Any]]) -> Iterator[BundleEvent]:
    for index, (event, value) in enumerate(events):
        if event == "end_array":
            return
        yield SectionRecord(section, index, _build(event, value, events))


_OPENS = {"start_map": dict, "start_array": list}
_CLOSES = frozenset({"end_map", "end_array"})


def _build(first_event: str, first_value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """The whole value that starts with ``first_event``, consuming its events.

    A plain loop rather than ijson's general builder: this runs for every
    record of a bundle of hundreds of thousands.
    """
    if first_event not in _OPENS:
        return first_value
    current: Any = _OPENS[first_event]()
    outer: list[tuple[Any, Any]] = []
    key: Any = None
    for event, value in events:
        if event == "map_key":
            key = value
            continue
        if event in _CLOSES:
            if not outer:
                return current
            current, key = outer.pop()
            continue
        item = _OPENS[event]() if event in _OPENS else value
        if type(current) is dict:
            current[key] = item
        else:
            current.append(item)
        if event in _OPENS:
            outer.append((current, key))
            if len(outer) > MAX_DEPTH:
                raise ijson.JSONError(f"a value is nested more than {MAX_DEPTH} levels deep")
            current = item
    raise ijson.IncompleteJSONError("the document ends inside a value")
