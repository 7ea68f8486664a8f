"""Suggesting a submission's threats from its text, and flagging the threats its sender missed.

Two sources, each suggestion marked by which gave it: the catalogue
(a threat's name or one of its keywords in the text, as whole words) and
the trained classifier (``classifier``: the text reads like submissions
senders tagged with the threat). The same two, run over stored
submissions, give the **untagged-threat signal**: a threat the text points
to that the sender did not tag, a cross-cutting signal of its own (a
county-lines report tagged only as child sexual exploitation, say).

Signals are derived data, like the theme index: written in the transaction
that receives a submission, and rebuilt whole after training. No audit:
the records they come from are audited when written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from soctasking.accounts.gate import filter_visible
from soctasking.intelligence.models import Submission
from soctasking.themes.classifier import (
    CHUNK,
    Model,
    OutOfFold,
    model_for,
    training_text,
)
from soctasking.themes.models import SuggestionSource, UntaggedThreatSignal
from soctasking.threats.models import Threat

if TYPE_CHECKING:
    from soctasking.accounts.models import User

#: A stored signal needs more certainty than a suggestion the sender will look at anyway.
SIGNAL_THRESHOLD = 0.8
#: Only this much of a text is searched for keywords (a 5 MB text is mostly annexes).
MAX_KEYWORD_CHARACTERS = 200_000


WORD = re.compile(r"\w+")


class KeywordMatcher:
    """The catalogue's threats, each with one pattern matching its name or any keyword."""

    def __init__(self, threats: Iterable[tuple[str, str, Any]]) -> None:
        # Each threat's pattern, and the first words its terms can start with
        # (``None`` when a term holds no word, so the pattern always runs).
        self.patterns: list[tuple[str, re.Pattern[str], frozenset[str] | None]] = []
        for threat_id, name, keywords in threats:
            terms = {
                term.strip().lower()
                for term in [name, *(k for k in keywords or [] if isinstance(k, str))]
            }
            terms.discard("")
            if not terms:
                continue
            alternatives = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
            firsts = [WORD.search(term) for term in terms]
            starts = (
                None
                if any(first is None for first in firsts)
                else frozenset(first.group() for first in firsts if first is not None)
            )
            pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
            self.patterns.append((threat_id, pattern, starts))

    def threats_in(self, text: str) -> list[str]:
        """The ids of the threats named in the text, in catalogue (name) order.

        A term that matches as whole words starts with a whole word of the
        text, so a threat none of whose first words the text holds is passed
        over without running its pattern.
        """
        lowered = text[:MAX_KEYWORD_CHARACTERS].lower()
        words = set(WORD.findall(lowered))
        return [
            threat_id
            for threat_id, pattern, starts in self.patterns
            if (starts is None or not starts.isdisjoint(words)) and pattern.search(lowered)
        ]


def keyword_matcher() -> KeywordMatcher:
    return KeywordMatcher(Threat.objects.order_by("name").values_list("id", "name", "keywords"))


@dataclass
class Suggestion:
    threat_id: str
    name: str
    sources: list[str] = field(default_factory=list)
    # The classifier's probability, when it suggested the threat.
    probability: float | None = None
    # Whether the sender tagged the submission with it, for a stored submission.
    tagged: bool = False

    @property
    def sources_shown(self) -> str:
        labels = {
            SuggestionSource.KEYWORD.value: "named in the text",
            SuggestionSource.CLASSIFIER.value: "like submissions tagged with it",
        }
        return " and ".join(labels[source] for source in self.sources)


def tag_suggestions(*, user: User, text: str) -> list[Suggestion]:
    """The threats the text concerns, from the catalogue and the model ``user`` may be shown.

    The model is the one trained on material at or below the user's
    clearance (``classifier.model_for``). Keyword matches come first, then
    the classifier's alone, likeliest first.
    """
    if not text.strip():
        return []
    names = dict(Threat.objects.values_list("id", "name"))
    found: dict[str, Suggestion] = {}
    for threat_id in keyword_matcher().threats_in(text):
        found[threat_id] = Suggestion(
            threat_id, names[threat_id], sources=[SuggestionSource.KEYWORD.value]
        )
    model = model_for(user.clearance)
    if model is not None:
        for threat_id, probability in model.suggest(text):
            if threat_id not in names:
                continue
            suggestion = found.setdefault(threat_id, Suggestion(threat_id, names[threat_id]))
            suggestion.sources.append(SuggestionSource.CLASSIFIER.value)
            suggestion.probability = probability
    return sorted(
        found.values(),
        key=lambda s: (
            SuggestionSource.KEYWORD.value not in s.sources,
            -(s.probability or 0.0),
            s.name,
        ),
    )


def submission_suggestions(*, user: User, submission_id: str) -> list[Suggestion]:
    """The suggestions for a stored submission ``user`` may see, each marked if it was tagged."""
    submission = (
        filter_visible(user=user, queryset=Submission.objects.filter(pk=submission_id))
        .only("title", "text")
        .first()
    )
    if submission is None:
        return []
    tagged = set(submission.threats.values_list("id", flat=True))
    suggestions = tag_suggestions(user=user, text=submission.text)
    for suggestion in suggestions:
        suggestion.tagged = suggestion.threat_id in tagged
    return suggestions


@dataclass
class _Row:
    id: str
    classification: str
    text: str
    tagged: set[str]


def _rows(ids: list[str] | None) -> Iterator[list[_Row]]:
    """Submissions with text, a chunk at a time, each with the threats its sender tagged."""
    query = Submission.objects.exclude(text="").order_by("id")
    chunks: Iterable[list[str]]
    if ids is None:
        every = list(query.values_list("id", flat=True))
        chunks = (every[start : start + CHUNK] for start in range(0, len(every), CHUNK))
    else:
        chunks = (ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK))
    for part in chunks:
        tagged: dict[str, set[str]] = {}
        pairs = Submission.threats.through.objects.filter(submission_id__in=part)
        for submission_id, threat_id in pairs.values_list("submission_id", "threat_id"):
            tagged.setdefault(submission_id, set()).add(threat_id)
        yield [
            _Row(
                submission_id,
                classification,
                training_text(title, text),
                tagged.get(submission_id, set()),
            )
            for submission_id, classification, title, text in query.filter(id__in=part).values_list(
                "id", "classification", "title", "text"
            )
        ]


@dataclass
class _Judges:
    """What tells a submission's untagged threats: the catalogue and the model of its marking."""

    matcher: KeywordMatcher
    out_of_fold: Mapping[str, OutOfFold]
    trained: Mapping[str, Model] | None
    models: dict[str, Model | None] = field(default_factory=dict)

    def model(self, marking: str) -> Model | None:
        if marking not in self.models:
            self.models[marking] = model_for(marking, models=self.trained)
        return self.models[marking]


def _signals(rows: list[_Row], judges: _Judges) -> list[UntaggedThreatSignal]:
    signals = []
    known = {threat_id for threat_id, _, _ in judges.matcher.patterns}
    for row in rows:
        for threat_id in judges.matcher.threats_in(row.text):
            if threat_id not in row.tagged:
                signals.append(
                    UntaggedThreatSignal(
                        submission_id=row.id,
                        threat_id=threat_id,
                        source=SuggestionSource.KEYWORD,
                        score=1.0,
                    )
                )
    by_marking: dict[str, list[_Row]] = {}
    for row in rows:
        by_marking.setdefault(row.classification, []).append(row)
    for marking, marked in by_marking.items():
        model = judges.model(marking)
        if model is None:
            continue
        # A submission the model was trained on is judged by the half that did not hold it.
        fitted = judges.out_of_fold.get(model.metadata.ceiling)
        known_rows = fitted.rows if fitted is not None else {}
        fresh = [row for row in marked if row.id not in known_rows]
        scored = dict(
            zip(
                [row.id for row in fresh],
                model.probabilities([row.text for row in fresh]),
                strict=True,
            )
        )
        for row in marked:
            scores = known_rows[row.id] if row.id in known_rows else scored[row.id]
            for threat_id, score in zip(model.metadata.threats, scores, strict=True):
                if score >= SIGNAL_THRESHOLD and threat_id not in row.tagged and threat_id in known:
                    signals.append(
                        UntaggedThreatSignal(
                            submission_id=row.id,
                            threat_id=threat_id,
                            source=SuggestionSource.CLASSIFIER,
                            score=min(float(score), 1.0),
                            model_ceiling=model.metadata.ceiling,
                        )
                    )
    return signals


def untagged_signals_refresh(
    *,
    submission_ids: Iterable[str] | None = None,
    out_of_fold: Mapping[str, OutOfFold] | None = None,
    trained: Mapping[str, Model] | None = None,
) -> int:
    """Work out again the untagged-threat signals of these submissions (``None``: all of them).

    ``trained`` are models just trained (by ceiling), used instead of the
    stored ones; ``out_of_fold`` holds, from that training, the scores of the
    submissions they were trained on, each by a model fitted without it. Returns the
    number of signals stored. Runs in the caller's transaction.
    """
    ids = None if submission_ids is None else sorted(set(submission_ids))
    if ids == []:
        return 0
    judges = _Judges(matcher=keyword_matcher(), out_of_fold=out_of_fold or {}, trained=trained)
    stored = 0
    with transaction.atomic():
        if ids is None:
            UntaggedThreatSignal.objects.all().delete()
        else:
            for start in range(0, len(ids), CHUNK):
                UntaggedThreatSignal.objects.filter(
                    submission_id__in=ids[start : start + CHUNK]
                ).delete()
        for rows in _rows(ids):
            signals = _signals(rows, judges)
            UntaggedThreatSignal.objects.bulk_create(signals, batch_size=CHUNK)
            stored += len(signals)
    return stored
