"""How fast the theme index is rebuilt and kept current, and whether it finds what was planted.

Generates submissions in a fresh SQLite installation (a temporary
``SOCTASKING_HOME``), deterministic from a fixed seed: about 40 words of
made-up filler each, the keywords of the threats each is tagged with, a
sentence of house style in a third of them, and ten planted cross-cutting
themes, each a made-up two-word phrase written by many bodies into
submissions of several threats, in varied sentences. Senders name half of
the planted themes in their ``themes`` list some of the time; the other
half are only ever in the text, for discovery to find. Senders otherwise
name a keyword of a tagged threat, which the draft assessment covers.

Then times a full rebuild (``themes_recompute``), and the incremental
update for one new submission (``mentions_refresh``, the median of 20,
inside the transaction that stores the submission, as intake runs it),
prints the planted themes found among the emerging themes, the false
themes in the top 50 of the emerging ranking, and the peak memory.

Then trains the threat classifier (``threat_classifier_train``) on the
sender-tagged submissions and prints its precision and recall on held-out
data (each submission scored by the model fitted on the other half of
them), micro and for each threat. The labels are not clean: a submission
carrying a planted theme is also tagged with one of that theme's threats,
whose keywords its text does not hold.

    .venv/bin/python benchmarks/themes.py [--count N] [--no-classifier]

Goals (issue): a rebuild of 1,000,000 submissions in under 2 minutes on 2
cores; under 20 ms for one new submission; every planted theme found and
fewer than 5 false themes in the top 50.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

SEED = 2018
BODIES = [f"force-{n:02d}" for n in range(43)] + [f"rocu-{n}" for n in range(9)]
THREATS = [f"threat-{n:02d}" for n in range(20)]
PLANTED = 10
PLANTED_SHARE = 0.01
AS_OF = date(2018, 3, 31)
START = datetime(2017, 4, 1, 9, tzinfo=UTC)
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
HOUSE_STYLE = "The assessment period saw routine reporting of the activity in the region."


def made_up_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(3))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class Picture:
    """The generated vocabulary: filler, each threat's keywords, the planted themes."""

    def __init__(self, rng: random.Random) -> None:
        taken: set[str] = set()
        self.filler = made_up_words(rng, 1000, taken)
        self.keywords = {
            threat: [" ".join(made_up_words(rng, 2, taken)) for _ in range(3)] for threat in THREATS
        }
        self.planted = [" ".join(made_up_words(rng, 2, taken)) for _ in range(PLANTED)]
        # Each planted theme crosses four threats.
        self.planted_threats = {theme: rng.sample(THREATS, 4) for theme in self.planted}

    def submission(self, rng: random.Random, number: int) -> dict[str, Any]:
        threats = rng.sample(THREATS, rng.choice((1, 1, 2)))
        words = rng.choices(self.filler, k=40)
        themes = [rng.choice(self.keywords[threats[0]])]
        for threat in threats:
            words.insert(rng.randrange(len(words)), rng.choice(self.keywords[threat]))
        for index, theme in enumerate(self.planted):
            if rng.random() < PLANTED_SHARE:
                threats.append(rng.choice(self.planted_threats[theme]))
                words.insert(rng.randrange(len(words)), theme)
                if index % 2 == 0 and rng.random() < 0.3:
                    themes.append(theme)
        text = " ".join(words) + "."
        if rng.random() < 1 / 3:
            text = f"{HOUSE_STYLE} {text}"
        return {
            "id": f"sub-{number:07d}",
            "body": rng.choice(BODIES),
            "received": START + timedelta(minutes=rng.randrange(365 * 24 * 60)),
            "threats": sorted(set(threats)),
            "themes": themes,
            "text": text,
        }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def store(picture: Picture, count: int) -> None:
    from soctasking.bodies.models import Body, BodyKind
    from soctasking.intelligence.models import Assessment, Submission
    from soctasking.threats.models import Threat

    Body.objects.bulk_create(
        [Body(id=body, name=body, kind=BodyKind.POLICE_FORCE) for body in [*BODIES, "nac"]]
    )
    Threat.objects.bulk_create(
        [
            Threat(id=threat, name=f"Threat {threat[-2:]}", keywords=picture.keywords[threat])
            for threat in THREATS
        ]
    )
    draft = Assessment.objects.create(
        id="nsa-draft",
        title="National strategic assessment (draft)",
        kind="national_strategic",
        status="draft",
        period_start=date(2018, 4, 1),
        period_end=date(2019, 3, 31),
        issued=date(2018, 2, 1),
    )
    draft.threats.set(Threat.objects.filter(id__in=THREATS))
    rng = random.Random(SEED)
    through = Submission.threats.through
    for start in range(0, count, 5000):
        made = [picture.submission(rng, n) for n in range(start, min(count, start + 5000))]
        Submission.objects.bulk_create(
            [
                Submission(
                    id=item["id"],
                    title=f"Report {item['id']}",
                    body_id=item["body"],
                    kind="intelligence_report",
                    received=item["received"],
                    received_by_id="nac",
                    themes=item["themes"],
                    text=item["text"],
                    sha256="0" * 64,
                )
                for item in made
            ]
        )
        through.objects.bulk_create(
            [
                through(submission_id=item["id"], threat_id=threat)
                for item in made
                for threat in item["threats"]
            ]
        )


def classifier_measured() -> None:
    from soctasking.themes.services import threat_classifier_train

    started = time.perf_counter()
    report = threat_classifier_train(acting_user=None)
    took = time.perf_counter() - started
    print(f"classifier trained in {took:.1f} s; {report.signals:,} untagged-threat signals")
    for skipped in report.skipped:
        print(f"  {skipped}: no model (too few tagged submissions)")
    model = next((m for m in report.trained if m.metrics), None)
    if model is None:
        print("classifier: nothing held out to measure")
        return
    print(
        f"classifier ({model.ceiling}, {model.samples:,} submissions, {model.held_out:,} "
        f"scored held out): micro precision {model.micro_precision:.1%}, "
        f"recall {model.micro_recall:.1%}"
    )
    for metrics in model.metrics:
        print(
            f"  {metrics.threat}: precision {metrics.precision:.1%}, recall {metrics.recall:.1%} "
            f"({metrics.support:,} tagged)"
        )


def run(count: int, *, classifier: bool) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soctasking.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from soctasking.intelligence.models import Submission
    from soctasking.themes.index import mentions_refresh
    from soctasking.themes.selectors import theme_summaries
    from soctasking.themes.services import themes_recompute

    call_command("migrate", "--no-input", verbosity=0)
    picture = Picture(random.Random(SEED))
    started = time.perf_counter()
    store(picture, count)
    print(f"generated and stored {count:,} submissions in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    report = themes_recompute(
        acting_user=None,
        progress=lambda stage, done, total: print(f"  {stage} {done:,}/{total:,}", file=sys.stderr),
    )
    rebuild = time.perf_counter() - started
    print(
        f"full rebuild: {rebuild:.1f} s ({report.named:,} named themes, "
        f"{report.discovered:,} found in text, {report.mentions:,} mentions)"
    )

    rng = random.Random(SEED + 1)
    timings = []
    for number in range(20):
        item = picture.submission(rng, count + number)
        # Timed inside the intake's own transaction, as it runs there; the
        # commit (and SQLite's sync of its log) is the intake's, not the index's.
        with transaction.atomic():
            Submission.objects.create(
                id=item["id"],
                title="New report",
                body_id=item["body"],
                kind="intelligence_report",
                received=item["received"],
                received_by_id="nac",
                themes=[*item["themes"], picture.planted[0]],
                text=item["text"],
                sha256="0" * 64,
            )
            started = time.perf_counter()
            mentions_refresh(submission_ids=[item["id"]])
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"one new submission: median {statistics.median(timings):.1f} ms, "
        f"worst {max(timings):.1f} ms (of 20)"
    )

    started = time.perf_counter()
    emerging = [s for s in theme_summaries(user=None, as_of=AS_OF) if s.covered_by is None]
    ranking = time.perf_counter() - started
    top = emerging[:50]
    planted = set(picture.planted)
    found = [s.key for s in emerging if s.key in planted]
    false = [s.key for s in top if s.key not in planted]
    print(f"ranking: {ranking:.1f} s")
    print(f"planted themes found: {len(found)} of {len(planted)}: {', '.join(sorted(found))}")
    missed = sorted(planted - set(found))
    if missed:
        print(f"planted themes missed: {', '.join(missed)}")
    print(f"false themes in the top 50: {len(false)}{': ' + ', '.join(false) if false else ''}")
    if classifier:
        classifier_measured()
    print(f"peak memory: {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument(
        "--no-classifier", action="store_true", help="leave out training the threat classifier"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="themes-bench-") as home:
        os.environ["SOCTASKING_HOME"] = home
        os.environ.pop("SOCTASKING_DATABASE_URL", None)
        run(options.count, classifier=not options.no_classifier)


if __name__ == "__main__":
    main()
