"""Finding themes nobody named: phrases that several bodies write, that hold together,
that are not names, and that are not boilerplate.

Counted over a sample of the texts (:class:`PhraseCounts`), chosen by
:func:`candidates_select`, and then tried over the whole picture
(:class:`ContextTrial`): a phrase met always between the same two words
is a template's fixed wording, not a theme people reach for.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from soctasking.themes.vocabulary import is_stopped, overlaps

#: Discovery counts phrases in at most this many submissions, spread evenly over the picture.
DISCOVERY_SAMPLE = 50_000
#: A phrase found in text: in at least this many submissions of the sample ...
DISCOVERY_MIN_SUBMISSIONS = 5
#: ... in no more than this share of the sample (a phrase in every report is house style);
DISCOVERY_MAX_SHARE = 0.25
#: ... whose words mostly come together (its count over its rarest word's);
DISCOVERY_MIN_COHESION = 0.3
#: ... and then, over the whole picture: written by at least this many bodies,
DISCOVERY_MIN_BODIES = 3
#: ... not a name: written with capitals in at most this share of its occurrences,
DISCOVERY_MAX_CAPITALISED = 0.5
#: ... met in varied passages: distinct neighbouring words over occurrences looked at.
DISCOVERY_MIN_VARIETY = 0.5
DISCOVERY_CONTEXTS_LOOKED_AT = 40
#: At most this many discovered phrases are kept, the most distinctive first.
DISCOVERY_MAX_THEMES = 200
#: Of a phrase and a longer one holding it, the longer wins when this nearly as common.
NEARLY_AS_COMMON = 0.8
PRUNE_EVERY = 20_000


def _phrase_texts(words: list[str]) -> set[str]:
    pairs = [f"{a} {b}" for a, b in pairwise(words)]
    triples = [f"{pair} {c}" for pair, c in zip(pairs, words[2:], strict=False)]
    return {*pairs, *triples}


class PhraseCounts:
    """How many texts of the sample hold each phrase, and each word."""

    def __init__(self) -> None:
        self.phrases: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        self.read = 0

    def add(self, words: list[str]) -> None:
        self.read += 1
        self.words.update(set(words))
        self.phrases.update(_phrase_texts(words))
        if self.read % PRUNE_EVERY == 0:
            self.prune()

    def prune(self) -> None:
        """Forget phrases met once so far: memory follows the phrases that recur."""
        once = [phrase for phrase, count in self.phrases.items() if count == 1]
        for phrase in once:
            del self.phrases[phrase]


@dataclass(frozen=True)
class Candidate:
    key: str
    submissions: int
    score: float


def candidates_select(counts: PhraseCounts, *, known: set[str]) -> list[Candidate]:
    """The phrases worth trying, most distinctive first: common enough, cohesive, not known."""
    if not counts.read:
        return []
    ceiling = max(DISCOVERY_MIN_SUBMISSIONS, DISCOVERY_MAX_SHARE * counts.read)
    known_phrases = [key for key in known if " " in key]
    found: dict[str, Candidate] = {}
    for phrase, count in counts.phrases.items():
        if not DISCOVERY_MIN_SUBMISSIONS <= count <= ceiling or phrase in known:
            continue
        rarest = min(counts.words[word] for word in phrase.split(" "))
        cohesion = count / rarest if rarest else 0.0
        if cohesion < DISCOVERY_MIN_COHESION or is_stopped(phrase, named=False):
            continue
        if any(overlaps(phrase, other) for other in known_phrases):
            continue
        score = cohesion * count * math.log(counts.read / count + 1)
        found[phrase] = Candidate(phrase, count, score)
    kept = [c for c in found.values() if not _fragment(c, found)]
    kept.sort(key=lambda c: (-c.score, c.key))
    return kept[: DISCOVERY_MAX_THEMES * 3]


def _fragment(candidate: Candidate, found: dict[str, Candidate]) -> bool:
    """Whether a longer or shorter phrase says the same better.

    "deal line" beats "known deal line" unless the longer is nearly as common;
    "county line gang" beats "county line" only where it nearly always is.
    """
    words = candidate.key.split(" ")
    if len(words) == 3:
        parts = (" ".join(words[:2]), " ".join(words[1:]))
        return any(
            part in found and candidate.submissions < NEARLY_AS_COMMON * found[part].submissions
            for part in parts
        )
    return any(
        other.submissions >= NEARLY_AS_COMMON * candidate.submissions
        for other in (
            found.get(f"{candidate.key} {word}") for word in _followers(candidate.key, found)
        )
        if other is not None
    ) or any(
        found[longer].submissions >= NEARLY_AS_COMMON * candidate.submissions
        for longer in _preceders(candidate.key, found)
    )


def _followers(key: str, found: dict[str, Candidate]) -> list[str]:
    prefix = f"{key} "
    return [
        other[len(prefix) :]
        for other in found
        if other.startswith(prefix) and other.count(" ") == 2
    ]


def _preceders(key: str, found: dict[str, Candidate]) -> list[str]:
    suffix = f" {key}"
    return [other for other in found if other.endswith(suffix) and other.count(" ") == 2]


class ContextTrial:
    """What the whole picture says of each phrase on trial.

    For its first few occurrences: the words either side, and whether it was
    written with capitals; for all of them, the bodies that wrote it.
    """

    def __init__(self, on_trial: set[str]) -> None:
        self.on_trial = frozenset(on_trial)
        self.starts = frozenset(phrase.split(" ", 1)[0] for phrase in on_trial)
        self.unsettled = set(on_trial)
        self.contexts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.capitalised: Counter[str] = Counter()
        self.looked_at: Counter[str] = Counter()
        self.bodies: dict[str, set[str]] = defaultdict(set)

    def note(self, words: list[str], capitals: list[bool], body: str | None) -> None:
        if not self.on_trial:
            return
        for start, word in enumerate(words):
            if word in self.starts:
                for end in (start + 2, start + 3):
                    phrase = " ".join(words[start:end])
                    if end <= len(words) and phrase in self.on_trial:
                        self._noted(phrase, words, capitals, body=body, start=start, end=end)

    def _noted(
        self,
        phrase: str,
        words: list[str],
        capitals: list[bool],
        *,
        body: str | None,
        start: int,
        end: int,
    ) -> None:
        if body is not None and len(self.bodies[phrase]) < DISCOVERY_MIN_BODIES:
            self.bodies[phrase].add(body)
        if phrase in self.unsettled:
            self.looked_at[phrase] += 1
            if all(capitals[start:end]):
                self.capitalised[phrase] += 1
            # One word either side: a template's filled-in slot two words
            # away does not make its fixed wording look varied.
            before, after = words[max(0, start - 1) : start], words[end : end + 1]
            self.contexts[phrase].add((*before, "|", *after))
            if self.looked_at[phrase] >= DISCOVERY_CONTEXTS_LOOKED_AT:
                self.unsettled.discard(phrase)

    def passes(self, phrase: str) -> bool:
        looked = self.looked_at[phrase]
        return (
            bool(looked)
            and len(self.bodies[phrase]) >= DISCOVERY_MIN_BODIES
            and self.capitalised[phrase] <= DISCOVERY_MAX_CAPITALISED * looked
            and len(self.contexts[phrase]) / looked >= DISCOVERY_MIN_VARIETY
        )
