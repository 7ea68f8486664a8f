"""The theme index: kept current by intake and loads, rebuilt whole, calm on bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from soctasking.intelligence.services import submission_receive
from soctasking.testing.factories import BodyFactory, SubmissionFactory, ThreatFactory
from soctasking.themes.index import MAX_NAMED_THEMES, index_rebuild, mentions_refresh
from soctasking.themes.models import MentionSource, Theme, ThemeMention
from soctasking.themes.tests.helpers import named_submission, received

pytestmark = pytest.mark.django_db


def keys_of(submission) -> dict[str, str]:
    return dict(ThemeMention.objects.filter(submission=submission).values_list("key", "source"))


def test_a_received_submission_is_indexed_in_the_same_transaction(analyst, national_unit):
    ThreatFactory(id="drugs")
    receipt = submission_receive(
        acting_user=analyst,
        body=national_unit,
        kind="tactical_assessment",
        title="Quarterly picture",
        period_start=dt.date(2018, 1, 1),
        period_end=dt.date(2018, 3, 31),
        threats=["drugs"],
        classification="official",
        compartments=[],
        themes=["County-Lines"],
        text="Children are cuckooing flats for the county lines gangs.",
    )

    mentions = ThemeMention.objects.filter(submission_id=receipt.submission_id)
    assert {(m.key, m.source, m.body_id) for m in mentions} == {
        ("county line", MentionSource.NAMED, national_unit.pk)
    }
    assert Theme.objects.get(key="county line").label == "county lines"


def test_text_is_matched_against_every_theme_named_before(rocu):
    named_submission(body=rocu, threats=["drugs"], themes=["cuckooing"])
    later = named_submission(body=rocu, threats=["csea"], text="A flat was taken over: Cuckooing.")

    assert keys_of(later) == {"cuckooing": MentionSource.TEXT}


def test_a_bundle_load_indexes_its_submissions_and_local_priorities():
    from soctasking.exchange.services import bundle_load

    document = {
        "format": "soctasking.bundle",
        "version": 1,
        "bodies": [
            {"id": "rocu-a", "name": "ROCU A", "kind": "rocu"},
            {"id": "nac", "name": "NAC", "kind": "national_unit"},
        ],
        "threats": [{"id": "drugs", "name": "Drugs", "kind": "threat"}],
        "submissions": [
            {
                "id": "sub-a",
                "title": "A",
                "body": "rocu-a",
                "received": "2018-01-10T10:00:00Z",
                "received_by": "nac",
                "threats": ["drugs"],
                "themes": ["county lines"],
                "text": "Deal lines run into coastal towns.",
            }
        ],
        "local_priorities": [
            {"id": "cs-a", "body": "rocu-a", "priorities": [{"theme": "Deal lines"}]}
        ],
    }
    bundle_load(source=json.dumps(document).encode(), acting_user=None)

    assert dict(ThemeMention.objects.values_list("key", "source")) == {
        "county line": MentionSource.NAMED,
        "deal line": MentionSource.LOCAL_PRIORITY,
    }


def test_empty_foreign_huge_and_punctuation_input_is_indexed_without_error_or_noise(rocu):
    empty = named_submission(body=rocu, threats=["drugs"], text="", themes=[])
    punctuation = named_submission(body=rocu, threats=["drugs"], themes=["!!!", "  ", "---", "?"])
    foreign = named_submission(
        body=rocu,
        threats=["drugs"],
        themes=["lignes de comté"],
        text="Les réseaux de lignes de comté exploitent des enfants. 毒品 线路",
    )
    huge = named_submission(
        body=rocu, threats=["drugs"], text=("The region. " * 450_000) + "lignes de comté"
    )

    assert keys_of(empty) == {}
    assert keys_of(punctuation) == {}
    assert keys_of(foreign) == {"ligne de comté": MentionSource.NAMED}
    # Past the first 200,000 characters a text is not read for themes.
    assert keys_of(huge) == {}
    assert not Theme.objects.filter(key__in=["", "the region", "region"]).exists()


def test_a_list_of_ten_thousand_themes_counts_only_its_first_fifty(rocu):
    listing = named_submission(
        body=rocu, threats=["drugs"], themes=[f"theme number {n:05d}x" for n in range(10_000)]
    )

    assert len(keys_of(listing)) == 0 or len(keys_of(listing)) <= MAX_NAMED_THEMES
    many = named_submission(
        body=rocu,
        threats=["drugs"],
        themes=[f"{chr(97 + n % 26)}{chr(97 + n // 26 % 26)} watch" for n in range(10_000)],
    )
    assert len(keys_of(many)) == MAX_NAMED_THEMES


def test_themes_that_are_not_text_are_ignored(rocu):
    odd = SubmissionFactory(body=rocu, themes=[None, 42, {"a": 1}, ["x"], "county lines"])
    mentions_refresh(submission_ids=[odd.pk])

    assert keys_of(odd) == {"county line": MentionSource.NAMED}


def test_refreshing_again_replaces_the_mentions_instead_of_adding(rocu):
    submission = named_submission(body=rocu, threats=["drugs"], themes=["county lines"])
    submission.themes = ["deal lines"]
    submission.save()
    mentions_refresh(submission_ids=[submission.pk])

    assert keys_of(submission) == {"deal line": MentionSource.NAMED}


def test_a_rebuild_finds_a_phrase_many_bodies_write_in_varied_passages():
    openings = [
        "Officers found",
        "Analysts report",
        "Partners describe",
        "Patrols noted",
        "Reports mention",
        "Teachers raised",
        "Housing staff saw",
        "Neighbours spotted",
    ]
    endings = [
        "near the station.",
        "at two flats.",
        "inside the market town.",
        "along the coast.",
        "behind the shops.",
        "on the estate.",
        "by the river.",
        "around three villages.",
    ]
    for n in range(24):
        body = BodyFactory(id=f"force-{n % 6}")
        SubmissionFactory(
            id=f"sub-{n:02d}",
            body=body,
            text=f"{openings[n % 8]} cash mules {endings[(n + n // 8) % 8]} Weather was mild.",
            received=received(dt.date(2018, 1, 1 + n)),
        )
    for n in range(80):
        SubmissionFactory(id=f"filler-{n}", text=f"Routine entry {n} with nothing more in it.")

    report = index_rebuild()

    assert Theme.objects.filter(key="cash mule", named=False).exists()
    assert report.discovered >= 1
    assert ThemeMention.objects.filter(key="cash mule", source=MentionSource.TEXT).count() == 24
    # The same sentence pasted into every report is house style, not a theme.
    assert not Theme.objects.filter(key="weather wa mild").exists()
    assert not Theme.objects.filter(key__contains="routine").exists()
