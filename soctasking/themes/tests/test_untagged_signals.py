"""Suggestions on upload, the untagged-threat signal, and training as a background job."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from soctasking.intelligence.services import submission_receive
from soctasking.testing.factories import SubmissionFactory
from soctasking.themes.models import UntaggedThreatSignal
from soctasking.themes.selectors import untagged_signals
from soctasking.themes.services import threat_classifier_train
from soctasking.themes.tests.corpus import (
    SECRET_WORDS,
    WORDS,
    secret_only_material,
    tagged_corpus,
    text_of,
)

DRUGS_TEXT = "heroin dealers run a trap house and crack supply from the city"


def _received(user, *, threats, text, classification="official"):
    return submission_receive(
        acting_user=user,
        body=user.body,
        kind="tactical_assessment",
        title="Quarterly assessment",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        threats=threats,
        classification=classification,
        compartments=[],
        text=text,
    )


@pytest.mark.django_db
def test_a_received_submission_whose_text_reads_like_another_threat_is_flagged(
    contributor, national_unit
):
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    receipt = _received(contributor, threats=["fraud"], text=DRUGS_TEXT)
    signal = UntaggedThreatSignal.objects.get(submission_id=receipt.submission_id)
    assert signal.threat_id == "drugs"
    assert signal.source == "classifier"
    assert signal.score >= 0.8
    assert signal.model_ceiling == "official"


@pytest.mark.django_db
def test_a_submission_tagged_with_what_its_text_says_is_not_flagged(contributor, national_unit):
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    receipt = _received(contributor, threats=["drugs"], text=DRUGS_TEXT)
    assert not UntaggedThreatSignal.objects.filter(submission_id=receipt.submission_id).exists()


@pytest.mark.django_db
def test_a_text_naming_an_untagged_threat_is_flagged_by_keyword_even_without_a_model(
    contributor, national_unit
):
    tagged_corpus(per_threat=1)
    receipt = _received(contributor, threats=["fraud"], text="Linked to the firearms threat.")
    signal = UntaggedThreatSignal.objects.get(submission_id=receipt.submission_id)
    assert (signal.threat_id, signal.source, signal.score) == ("firearms", "keyword", 1.0)


@pytest.mark.django_db
def test_training_flags_stored_submissions_with_the_model_of_their_own_marking():
    threats = tagged_corpus()
    secret_only_material()
    rng = random.Random(11)  # noqa: S311 - test data
    official = SubmissionFactory(text=text_of(rng, SECRET_WORDS), threats=[threats["fraud"]])
    secret = SubmissionFactory(
        text=text_of(rng, SECRET_WORDS), classification="secret", threats=[threats["fraud"]]
    )
    report = threat_classifier_train(acting_user=None)
    assert report.signals >= 1
    # The SECRET model knows these words mean cyber; the OFFICIAL text is judged by a
    # model that never saw them, so it says nothing of cyber.
    assert UntaggedThreatSignal.objects.filter(
        submission_id=secret.pk, threat_id="cyber", model_ceiling="secret"
    ).exists()
    assert not UntaggedThreatSignal.objects.filter(
        submission_id=official.pk, threat_id="cyber"
    ).exists()


@pytest.mark.django_db
def test_the_signals_a_reader_sees_are_only_of_submissions_they_may_see(analyst, contributor):
    threats = tagged_corpus()
    threat_classifier_train(acting_user=None)
    rng = random.Random(5)  # noqa: S311 - test data
    SubmissionFactory(
        id="sub-secret-drugs",
        title="Secret drugs report",
        text=text_of(rng, WORDS["drugs"]),
        classification="secret",
        threats=[threats["fraud"]],
    )
    threat_classifier_train(acting_user=None)
    seen_by_analyst = untagged_signals(user=analyst)
    assert "sub-secret-drugs" in {row["submission_id"] for row in seen_by_analyst.strongest}
    seen_by_contributor = untagged_signals(user=contributor)
    assert "sub-secret-drugs" not in {row["submission_id"] for row in seen_by_contributor.strongest}
    assert seen_by_contributor.total == seen_by_analyst.total - 1


@pytest.mark.django_db
def test_the_themes_page_lists_the_untagged_threat_signals(client: Client, analyst):
    threats = tagged_corpus()
    threat_classifier_train(acting_user=None)
    SubmissionFactory(
        title="Fraud report that is about drugs", text=DRUGS_TEXT, threats=[threats["fraud"]]
    )
    threat_classifier_train(acting_user=None)
    client.force_login(analyst)
    page = client.get("/themes/").content.decode()
    assert "Text pointing to threats its sender did not tag" in page
    assert "Fraud report that is about drugs" in page
    assert "reads like submissions tagged with it" in page


@pytest.mark.django_db
def test_the_upload_form_shows_each_suggestion_with_its_source(
    client: Client, contributor, national_unit
):
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    client.force_login(contributor)
    response = client.post(
        "/intelligence/submissions/new/",
        {"action": "suggest", "text": f"{DRUGS_TEXT}; also the fraud threat", "threats": []},
    )
    page = response.content.decode()
    assert "<strong>drugs threat</strong>: like submissions tagged with it" in page
    assert "<strong>fraud threat</strong>: named in the text" in page
    assert 'value="drugs" checked' in page


@pytest.mark.django_db
def test_the_api_answers_a_submission_with_its_suggested_threats(
    client: Client, contributor, national_unit
):
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    client.force_login(contributor)
    response = client.post(
        "/api/v1/submissions",
        {
            "kind": "tactical_assessment",
            "title": "Quarterly assessment",
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
            "threats": ["fraud"],
            "classification": "official",
            "compartments": [],
            "text": DRUGS_TEXT,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    suggested = {s["threat"]: s for s in response.json()["suggested_threats"]}
    assert suggested["drugs"]["sources"] == ["classifier"]
    assert suggested["drugs"]["tagged"] is False
    assert 0.5 <= suggested["drugs"]["probability"] <= 1


@pytest.mark.django_db
def test_the_console_trains_and_prints_each_threats_precision_and_recall():
    tagged_corpus()
    out = StringIO()
    call_command("themes", "train", stdout=out)
    printed = out.getvalue()
    assert "official: 90 submissions" in printed
    assert "precision" in printed
    assert "drugs" in printed
    assert "untagged-threat signals" in printed


@pytest.mark.django_db
def test_training_and_the_rebuild_can_be_left_to_the_tasks_worker():
    from django_tasks_db.models import DBTaskResult

    from soctasking.themes.tasks import theme_index_recompute, threat_classifier_retrain

    out = StringIO()
    call_command("themes", "train", "--background", stdout=out)
    call_command("themes", "recompute", "--background", stdout=out)
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == {
        "soctasking.themes.tasks.threat_classifier_retrain",
        "soctasking.themes.tasks.theme_index_recompute",
    }
    assert "training queued as job" in out.getvalue()
    tagged_corpus()
    assert threat_classifier_retrain.call()["trained"] == [
        "official",
        "official-sensitive",
        "secret",
        "top-secret",
    ]
    assert theme_index_recompute.call()["submissions"] == 90


def test_keywords_match_as_whole_words_whatever_they_start_with():
    from soctasking.themes.suggestions import KeywordMatcher

    matcher = KeywordMatcher(
        [
            ("cl", "County lines", ["county lines"]),
            ("county", "County", []),
            ("tags", "Tags", ["#ops", "£5 notes"]),
        ]
    )
    assert matcher.threats_in("Two COUNTY LINES runners") == ["cl", "county"]
    assert matcher.threats_in("countylines") == []
    assert matcher.threats_in("seen under #ops") == ["tags"]
    assert matcher.threats_in("paid in £5 notes.") == ["tags"]
    assert matcher.threats_in("paid in £50 notes") == []
