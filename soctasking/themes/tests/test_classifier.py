"""The threat classifier: trained per clearance ceiling, stored with its metrics, and suggesting."""

from __future__ import annotations

import random

import pytest

from soctasking.audit.models import AuditEvent
from soctasking.testing.factories import SubmissionFactory, ThreatFactory
from soctasking.themes.classifier import MIN_SAMPLES, model_for, model_load, model_path
from soctasking.themes.services import threat_classifier_train
from soctasking.themes.suggestions import tag_suggestions
from soctasking.themes.tests.corpus import (
    SECRET_WORDS,
    secret_only_material,
    tagged_corpus,
    text_of,
)


@pytest.mark.django_db
def test_training_stores_a_model_for_each_ceiling_with_when_how_many_and_how_well():
    tagged_corpus()
    report = threat_classifier_train(acting_user=None)
    assert [model.ceiling for model in report.trained] == [
        "official",
        "official-sensitive",
        "secret",
        "top-secret",
    ]
    assert model_path("official").is_file()
    stored = model_load("official")
    assert stored is not None
    assert stored.metadata.samples == 90
    assert stored.metadata.trained_at
    assert stored.metadata.threats == ["drugs", "firearms", "fraud"]
    assert stored.metadata.held_out > 0
    assert {m.threat for m in stored.metadata.metrics} == {"drugs", "firearms", "fraud"}
    # Distinct vocabularies separate cleanly on the held-out fifth.
    assert stored.metadata.micro_precision > 0.8
    assert stored.metadata.micro_recall > 0.8


@pytest.mark.django_db
def test_training_is_audited_with_the_models_it_made():
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    event = AuditEvent.objects.get(action="train", record_type="threat_classifier")
    assert event.detail["models"][0]["ceiling"] == "official"
    assert event.detail["models"][0]["samples"] == 90


@pytest.mark.django_db
def test_only_an_administrator_trains_the_classifier(analyst):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        threat_classifier_train(acting_user=analyst)
    assert not AuditEvent.objects.filter(action="train").exists()


@pytest.mark.django_db
def test_suggestions_come_from_the_catalogue_and_the_classifier_marked_by_source(analyst):
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    suggestions = tag_suggestions(user=analyst, text="heroin dealers and a trap house; fraud too")
    by_threat = {s.threat_id: s for s in suggestions}
    assert by_threat["drugs"].sources == ["classifier"]
    assert by_threat["drugs"].probability is not None
    assert by_threat["drugs"].probability >= 0.5
    # "fraud" is a keyword of nothing, but "fraud threat" is not in the text either.
    assert "fraud" not in by_threat or "keyword" not in by_threat["fraud"].sources
    named = tag_suggestions(user=analyst, text="A note on the Firearms Threat this month.")
    assert named[0].threat_id == "firearms"
    assert "keyword" in named[0].sources


@pytest.mark.django_db
def test_a_model_trained_on_secret_text_is_never_used_for_a_less_cleared_reader(
    analyst, contributor
):
    tagged_corpus()
    secret_only_material()
    threat_classifier_train(acting_user=None)
    text = "zephyr obsidian lantern quarry meridian zephyr lantern"
    assert "cyber" in {s.threat_id for s in tag_suggestions(user=analyst, text=text)}
    assert "cyber" not in {s.threat_id for s in tag_suggestions(user=contributor, text=text)}
    below_secret = model_for("official-sensitive")
    assert below_secret is not None
    assert below_secret.metadata.samples == 90
    assert "cyber" not in below_secret.metadata.threats
    assert "zephyr" not in below_secret.vectoriser.vocabulary_
    secret = model_for("secret")
    assert secret is not None
    assert secret.metadata.samples == 120


@pytest.mark.django_db
def test_compartmented_submissions_are_never_learnt_from(administrator):
    from soctasking.accounts.models import Compartment

    tagged_corpus()
    rng = random.Random(3)  # noqa: S311 - test data
    cyber = ThreatFactory(id="cyber", name="cyber threat")
    chis = Compartment.objects.get(code="chis")
    for _ in range(30):
        SubmissionFactory(text=text_of(rng, SECRET_WORDS), threats=[cyber], compartments=[chis])
    threat_classifier_train(acting_user=None)
    top = model_for("top-secret")
    assert top is not None
    assert top.metadata.samples == 90
    assert "cyber" not in top.metadata.threats


@pytest.mark.django_db
def test_too_few_tagged_submissions_train_no_model_and_remove_the_old_one():
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    assert model_path("official").is_file()
    from soctasking.intelligence.models import Submission

    keep = list(Submission.objects.order_by("id").values_list("id", flat=True)[: MIN_SAMPLES - 1])
    Submission.objects.exclude(id__in=keep).delete()
    report = threat_classifier_train(acting_user=None)
    assert report.trained == []
    assert "official" in report.skipped
    assert not model_path("official").exists()
    assert model_for("top-secret") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Der Bericht beschreibt die Lage in der Stadt.",
        "!!! ??? ...",
        "heroin " * 800_000,
    ],
    ids=["empty", "blank", "another-language", "punctuation", "five-megabytes"],
)
def test_odd_texts_are_suggested_for_without_error(analyst, text):
    tagged_corpus()
    threat_classifier_train(acting_user=None)
    suggestions = tag_suggestions(user=analyst, text=text)
    if not text.strip() or "heroin" not in text:
        assert [s for s in suggestions if "classifier" in s.sources] == []
    else:
        assert "drugs" in {s.threat_id for s in suggestions}


@pytest.mark.django_db
def test_without_a_trained_model_only_the_catalogue_suggests(analyst):
    ThreatFactory(id="drugs", name="drugs threat")
    suggestions = tag_suggestions(user=analyst, text="heroin dealers, a drugs threat")
    assert [(s.threat_id, s.sources) for s in suggestions] == [("drugs", ["keyword"])]


@pytest.mark.django_db
def test_texts_with_no_word_to_tell_threats_apart_train_no_model_and_raise_nothing():
    drugs, fraud = ThreatFactory(id="drugs"), ThreatFactory(id="fraud")
    for number in range(30):
        SubmissionFactory(text="the same words", threats=[drugs if number % 2 else fraud])
    report = threat_classifier_train(acting_user=None)
    assert report.trained == []
    assert model_for("top-secret") is None


@pytest.mark.django_db
def test_submissions_their_sender_did_not_tag_or_gave_no_text_are_not_learnt_from():
    tagged_corpus()
    drugs = ThreatFactory(id="empty-text")
    for _ in range(10):
        SubmissionFactory(text="untagged words of no threat", threats=[])
        SubmissionFactory(text="", threats=[drugs])
    threat_classifier_train(acting_user=None)
    model = model_for("official")
    assert model is not None
    assert model.metadata.samples == 90
