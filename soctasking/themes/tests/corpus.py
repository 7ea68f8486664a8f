"""A small sender-tagged picture for the classifier tests: each threat with its own words."""

from __future__ import annotations

import random

from soctasking.testing.factories import BodyFactory, SubmissionFactory, ThreatFactory

WORDS = {
    "drugs": [
        "heroin",
        "crack",
        "cocaine",
        "dealers",
        "runners",
        "trap",
        "house",
        "supply",
        "deal",
    ],
    "fraud": ["victims", "scam", "investment", "callers", "bank", "transfer", "romance", "boiler"],
    "firearms": [
        "pistol",
        "shotgun",
        "ammunition",
        "discharge",
        "converted",
        "weapon",
        "armourer",
        "rounds",
    ],
}
FILLER = [
    "the",
    "of",
    "and",
    "in",
    "this",
    "period",
    "reported",
    "officers",
    "seen",
    "area",
    "local",
]
SECRET_WORDS = ["zephyr", "obsidian", "lantern", "quarry", "meridian"]


def text_of(rng: random.Random, words: list[str]) -> str:
    picked = [rng.choice(words) for _ in range(12)] + [rng.choice(FILLER) for _ in range(8)]
    rng.shuffle(picked)
    return " ".join(picked)


def tagged_corpus(*, per_threat: int = 30, classification: str = "official", seed: int = 1):
    rng = random.Random(seed)  # noqa: S311 - test data
    body = BodyFactory()
    threats = {threat: ThreatFactory(id=threat, name=f"{threat} threat") for threat in WORDS}
    for threat, words in WORDS.items():
        for _ in range(per_threat):
            SubmissionFactory(
                body=body,
                text=text_of(rng, words),
                classification=classification,
                threats=[threats[threat]],
            )
    return threats


def secret_only_material(*, count: int = 30) -> None:
    """Submissions whose words exist only at SECRET, tagged with a threat only SECRET tells."""
    rng = random.Random(7)  # noqa: S311 - test data
    cyber = ThreatFactory(id="cyber", name="cyber threat")
    for _ in range(count):
        SubmissionFactory(text=text_of(rng, SECRET_WORDS), classification="secret", threats=[cyber])
