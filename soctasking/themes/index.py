"""Keeping the theme index: mentions of each theme, by submission and by local priority.

Two ways in. :func:`mentions_refresh` re-indexes the submissions and local
priorities given (a submission received, a bundle loaded): their named
themes join the vocabulary at once, and their text is matched against the
whole vocabulary. :func:`index_rebuild` rebuilds everything, and is the only
step that also *discovers* phrases nobody named (``discovery``).

Both run inside the caller's transaction; neither audits, since the index
is derived from records whose own writes are audited. Mentions are written
as plain rows with the database's own ``executemany``: the rebuild writes
millions, and model instances would cost more than the matching.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection, transaction

from soctasking.intelligence.models import Submission
from soctasking.local_priorities.models import LocalPriorityEntry
from soctasking.themes.discovery import (
    DISCOVERY_MAX_THEMES,
    DISCOVERY_SAMPLE,
    ContextTrial,
    PhraseCounts,
    candidates_select,
)
from soctasking.themes.models import MentionSource, Theme, ThemeAlias, ThemeMention
from soctasking.themes.normalise import (
    MAX_KEY_LENGTH,
    theme_key,
    theme_label,
    words_and_capitals,
    words_of,
)
from soctasking.themes.vocabulary import is_stopped

#: Only this much of a text is read for themes: a 5 MB text is mostly annexes.
MAX_TEXT_CHARACTERS = 200_000
#: A sender naming more themes than this is listing, not naming: the rest are ignored.
MAX_NAMED_THEMES = 50
CHUNK = 2000

Progress = Callable[[str, int, int], None]
#: A mention as stored: key, source, submission, local priority, body, date.
Row = tuple[str, str, str | None, str | None, str | None, date | None]


@lru_cache(maxsize=200_000)
def _key_cached(text: str) -> str:
    return theme_key(text)


def named_keys(entries: Any) -> dict[str, str]:
    """The theme keys of a list of named themes, each with its first spelling.

    Anything that is not text, holds no word, is a stop phrase or comes after
    the first ``MAX_NAMED_THEMES`` distinct themes is left out.
    """
    found: dict[str, str] = {}
    if not isinstance(entries, list):
        return found
    for entry in entries:
        if len(found) >= MAX_NAMED_THEMES:
            break
        if not isinstance(entry, str) or len(entry) > 4 * MAX_KEY_LENGTH:
            continue
        key = _key_cached(entry)
        if key and key not in found and not is_stopped(key, named=True):
            found[key] = theme_label(entry)
    return found


def text_words(title: str, text: str) -> list[str]:
    return words_of(f"{title}\n{text[:MAX_TEXT_CHARACTERS]}")


@dataclass
class Vocabulary:
    """Every spelling the index matches in text, each with the theme key it counts for."""

    canonical: dict[str, str] = field(default_factory=dict)
    longest: int = 1
    starts: set[str] = field(default_factory=set)

    def add(self, spelling: str, key: str) -> None:
        self.canonical[spelling] = key
        words = spelling.split(" ")
        self.longest = max(self.longest, len(words))
        self.starts.add(words[0])

    def resolve(self, key: str) -> str:
        return self.canonical.get(key, key)

    def find(self, words: list[str]) -> set[str]:
        """The theme keys whose spelling occurs in ``words``."""
        found: set[str] = set()
        starts, canonical, longest, size = self.starts, self.canonical, self.longest, len(words)
        for index, word in enumerate(words):
            if word not in starts:
                continue
            for end in range(index + 1, min(size, index + longest) + 1):
                key = canonical.get(" ".join(words[index:end]))
                if key is not None:
                    found.add(key)
        return found


def vocabulary_load() -> Vocabulary:
    vocabulary = Vocabulary()
    for key in Theme.objects.values_list("key", flat=True).iterator(chunk_size=CHUNK):
        vocabulary.add(key, key)
    for alias, key in ThemeAlias.objects.values_list("key", "theme_id"):
        vocabulary.add(alias, key)
    return vocabulary


def _themes_ensure(labels: dict[str, str]) -> None:
    """Store the named themes the index does not know yet; a found phrase becomes named."""
    if not labels:
        return
    keys = list(labels)
    known: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        part = keys[start : start + CHUNK]
        known |= set(Theme.objects.filter(key__in=part).values_list("key", flat=True))
        Theme.objects.filter(key__in=part, named=False).update(named=True)
    Theme.objects.bulk_create(
        [Theme(key=key, label=labels[key], named=True) for key in keys if key not in known],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )


def _insert(rows: list[Row]) -> int:
    if not rows:
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(column)
        for column in ("key", "source", "submission_id", "local_priority_id", "body_id", "on")
    )
    sql = (
        f"INSERT INTO {quote(ThemeMention._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK * 5):
            cursor.executemany(sql, rows[start : start + CHUNK * 5])
    return len(rows)


def _submission_rows(ids: list[str] | None) -> Iterator[tuple[Any, ...]]:
    columns = ("id", "body_id", "received", "themes", "title", "text")
    query = Submission.objects.order_by("id").values_list(*columns)
    if ids is None:
        yield from query.iterator(chunk_size=CHUNK)
        return
    for start in range(0, len(ids), CHUNK):
        yield from query.filter(id__in=ids[start : start + CHUNK])


def _submission_mentions(
    row: tuple[Any, ...], vocabulary: Vocabulary, *, words: list[str] | None = None
) -> list[Row]:
    submission_id, body_id, received, themes, title, text = row
    named = {vocabulary.resolve(key) for key in named_keys(themes)}
    in_text = vocabulary.find(words if words is not None else text_words(title, text)) - named
    day = received.date()
    return [
        (key, source, submission_id, None, body_id, day)
        for keys, source in (
            (named, MentionSource.NAMED.value),
            (in_text, MentionSource.TEXT.value),
        )
        for key in sorted(keys)
    ]


def _local_priority_entries(ids: list[str] | None) -> Iterator[tuple[str, str | None, Any, str]]:
    query = (
        LocalPriorityEntry.objects.exclude(theme="")
        .order_by("local_priority_id", "position")
        .values_list(
            "local_priority_id", "local_priority__body_id", "local_priority__period_start", "theme"
        )
    )
    if ids is None:
        yield from query.iterator(chunk_size=CHUNK)
        return
    for start in range(0, len(ids), CHUNK):
        yield from query.filter(local_priority_id__in=ids[start : start + CHUNK])


def _local_priority_mentions(
    entries: Iterable[tuple[str, str | None, Any, str]], vocabulary: Vocabulary
) -> list[Row]:
    seen: set[tuple[str, str]] = set()
    mentions: list[Row] = []
    for local_priority_id, body_id, start, theme in entries:
        for key in named_keys([theme]):
            canonical = vocabulary.resolve(key)
            if (local_priority_id, canonical) not in seen:
                seen.add((local_priority_id, canonical))
                source = MentionSource.LOCAL_PRIORITY.value
                mentions.append((canonical, source, None, local_priority_id, body_id, start))
    return mentions


def mentions_refresh(
    *, submission_ids: Iterable[str] = (), local_priority_ids: Iterable[str] = ()
) -> int:
    """Index these submissions and local priorities again; the number of mentions stored.

    Their named themes are added to the vocabulary first, so a theme named for
    the first time is found in the text of every record refreshed with it.
    Text already indexed is not searched again for a newly named theme until
    the next :func:`index_rebuild`.
    """
    submissions = sorted(set(submission_ids))
    local_priorities = sorted(set(local_priority_ids))
    if not submissions and not local_priorities:
        return 0
    with transaction.atomic():
        entries = list(_local_priority_entries(local_priorities))
        labels: dict[str, str] = {}
        for start in range(0, len(submissions), CHUNK):
            part = submissions[start : start + CHUNK]
            for themes in Submission.objects.filter(id__in=part).values_list("themes", flat=True):
                for key, label in named_keys(themes).items():
                    labels.setdefault(key, label)
        for entry in entries:
            for key, label in named_keys([entry[3]]).items():
                labels.setdefault(key, label)
        aliases = set(ThemeAlias.objects.filter(key__in=list(labels)).values_list("key", flat=True))
        _themes_ensure({key: label for key, label in labels.items() if key not in aliases})
        vocabulary = vocabulary_load()
        stored = 0
        for start in range(0, len(submissions), CHUNK):
            part = submissions[start : start + CHUNK]
            ThemeMention.objects.filter(submission_id__in=part).delete()
            stored += _insert(
                [m for row in _submission_rows(part) for m in _submission_mentions(row, vocabulary)]
            )
        for start in range(0, len(local_priorities), CHUNK):
            ThemeMention.objects.filter(
                local_priority_id__in=local_priorities[start : start + CHUNK]
            ).delete()
        stored += _insert(_local_priority_mentions(entries, vocabulary))
    return stored


@dataclass
class RebuildReport:
    submissions: int
    local_priorities: int
    named: int
    discovered: int
    mentions: int


def _named_in_picture() -> tuple[dict[str, str], list[tuple[str, str | None, Any, str]]]:
    """Every theme the picture names, with its first spelling, and the local priority entries."""
    labels: dict[str, str] = {}
    named_lists = Submission.objects.values_list("themes", flat=True)
    for themes in named_lists.iterator(chunk_size=CHUNK):
        for key, label in named_keys(themes).items():
            labels.setdefault(key, label)
    entries = list(_local_priority_entries(None))
    for entry in entries:
        for key, label in named_keys([entry[3]]).items():
            labels.setdefault(key, label)
    return labels, entries


class _Writer:
    """Mentions stored in batches; those of phrases still on trial held back."""

    def __init__(self, on_trial: frozenset[str]) -> None:
        self.on_trial = on_trial
        self.held: dict[str, list[Row]] = defaultdict(list)
        self.batch: list[Row] = []
        self.stored = 0

    def add(self, mentions: Iterable[Row]) -> None:
        for mention in mentions:
            if mention[0] in self.on_trial:
                self.held[mention[0]].append(mention)
            else:
                self.batch.append(mention)
        if len(self.batch) >= CHUNK * 10:
            self.flush()

    def flush(self) -> None:
        self.stored += _insert(self.batch)
        self.batch = []

    def release(self, key: str) -> None:
        self.batch.extend(self.held.pop(key, []))
        self.flush()


def _discovery_counts(total: int, report: Progress) -> PhraseCounts:
    """Phrase and word counts over an evenly spread sample of at most ``DISCOVERY_SAMPLE``."""
    step = max(1, math.ceil(total / DISCOVERY_SAMPLE))
    sample_size = math.ceil(total / step) if total else 0
    counts = PhraseCounts()
    texts = Submission.objects.order_by("id").values_list("text", flat=True)
    for number, text in enumerate(texts.iterator(chunk_size=CHUNK)):
        if number % step == 0:
            counts.add(words_of(text[:MAX_TEXT_CHARACTERS]))
            if number % (step * 10_000) == 0:
                report("discovering", number // step, sample_size)
    report("discovering", sample_size, sample_size)
    return counts


def index_rebuild(*, progress: Progress | None = None) -> RebuildReport:
    """Rebuild the vocabulary and every mention from the stored picture.

    Named themes come from every submission's ``themes`` and every local
    priority's free-text theme; phrases are discovered in a sample of the
    texts and kept only when the whole picture bears them out. ``progress``
    is called with the stage, the records done and the total.
    """
    report = progress or (lambda stage, done, total: None)
    total = Submission.objects.count()
    with transaction.atomic():
        labels, entries = _named_in_picture()
        aliases = dict(ThemeAlias.objects.values_list("key", "theme_id"))
        named = {key: label for key, label in labels.items() if key not in aliases}
        ThemeMention.objects.all().delete()
        # Themes others were merged into stay, with their aliases, even when
        # nobody names them any more; the rest are rebuilt from what is named.
        Theme.objects.filter(aliases__isnull=True).delete()
        _themes_ensure(named)

        candidates = candidates_select(
            _discovery_counts(total, report), known=set(named) | set(aliases)
        )
        vocabulary = vocabulary_load()
        for candidate in candidates:
            vocabulary.add(candidate.key, candidate.key)
        trial = ContextTrial({candidate.key for candidate in candidates})
        writer = _Writer(trial.on_trial)
        for number, row in enumerate(_submission_rows(None)):
            words, capitals = words_and_capitals(row[5][:MAX_TEXT_CHARACTERS])
            title = words_of(row[4])
            writer.add(_submission_mentions(row, vocabulary, words=[*title, *words]))
            trial.note(words, capitals, row[1])
            if number % 10_000 == 0:
                report("indexing", number, total)
        writer.flush()
        report("indexing", total, total)

        kept = [c for c in candidates if trial.passes(c.key)][:DISCOVERY_MAX_THEMES]
        Theme.objects.bulk_create(
            [Theme(key=c.key, label=c.key, named=False) for c in kept],
            batch_size=CHUNK,
            ignore_conflicts=True,
        )
        for candidate in kept:
            writer.release(candidate.key)
        writer.add(_local_priority_mentions(entries, vocabulary))
        writer.flush()
    return RebuildReport(
        submissions=total,
        local_priorities=len({entry[0] for entry in entries}),
        named=len(named),
        discovered=len(kept),
        mentions=writer.stored,
    )
