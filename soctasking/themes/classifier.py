"""A text classifier that suggests a submission's threats, learnt from what senders tagged.

TF-IDF over words and word pairs, and one logistic regression a threat
(one-vs-rest, fitted by stochastic gradient descent so that a picture of a
million submissions trains in minutes, not hours).

Classification. A model remembers what it was trained on: its vocabulary
holds words of its training texts, and its suggestions reflect them. So a
model is trained for each **clearance ceiling** (OFFICIAL, OFFICIAL-SENSITIVE,
SECRET, TOP SECRET), each only on submissions marked at or below that
ceiling, and never on a compartmented submission (compartments cut across
clearance, and a model per set of compartments would split the picture too
thinly). A reader is given the suggestions of the model of the highest
ceiling at or below their own clearance; a submission's untagged-threat
signal comes from the model of its own marking, so anyone who may see the
submission is cleared for everything that model learnt from.

Each model is one ``.npz`` file under ``SOCTASKING_HOME/models`` (plain
arrays, read back without unpickling anything) holding the vocabulary, the
IDF weights, the coefficients and its metadata: when it was trained, on how
many submissions, and the precision and recall of each threat on held-out
data.

Held out, by cross-fitting: the submissions are split in two by their id,
coefficients learnt from each half's tags score the other, and the stored
model is then fitted on all of them (the vocabulary and IDF weights, which
know no tags, are fitted once on every text). Every submission is so scored once by a model that
never saw it: that gives the metrics, and it gives the untagged-threat
signal of the submissions trained on, which a model that had learnt their
own tags would only repeat back.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone

from soctasking.accounts.clearance import CLASSIFICATION_ORDER, classification_rank
from soctasking.intelligence.models import Submission

#: Fewer sender-tagged submissions than this under a ceiling and no model is trained for it.
MIN_SAMPLES = 20
#: A threat tagged on fewer training submissions than this is not learnt.
MIN_POSITIVES = 5
#: A threat is suggested when the model gives it at least this probability.
THRESHOLD = 0.5
#: The model is measured, and stored submissions are flagged, by two-fold cross-fitting.
FOLDS = 2
MAX_FEATURES = 50_000
#: Enough of a text to tell its threats; the rest of a long report adds time, not signal.
MAX_TEXT_CHARACTERS = 20_000
CHUNK = 2000
FORMAT = 1


@dataclass
class ThreatMetrics:
    """How the model did for one threat on the held-out submissions."""

    threat: str
    support: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 0.0


@dataclass
class ModelMetadata:
    ceiling: str
    trained_at: str
    samples: int
    held_out: int
    threats: list[str]
    metrics: list[ThreatMetrics] = field(default_factory=list)

    @property
    def micro_precision(self) -> float:
        predicted = sum(m.predicted for m in self.metrics)
        return sum(m.correct for m in self.metrics) / predicted if predicted else 0.0

    @property
    def micro_recall(self) -> float:
        support = sum(m.support for m in self.metrics)
        return sum(m.correct for m in self.metrics) / support if support else 0.0

    def as_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ModelMetadata:
        data = json.loads(text)
        data["metrics"] = [ThreatMetrics(**m) for m in data.get("metrics", [])]
        return cls(**data)


@dataclass
class TrainingSet:
    """Sender-tagged, uncompartmented submissions with text, each with its marking."""

    ids: list[str]
    texts: list[str]
    threats: list[list[str]]
    ranks: list[int]

    def under(self, ceiling: str) -> TrainingSet:
        rank = classification_rank(ceiling)
        keep = [index for index, own in enumerate(self.ranks) if own <= rank]
        return TrainingSet(
            ids=[self.ids[i] for i in keep],
            texts=[self.texts[i] for i in keep],
            threats=[self.threats[i] for i in keep],
            ranks=[self.ranks[i] for i in keep],
        )


def models_directory() -> Path:
    return Path(settings.HOME) / "models"


def model_path(ceiling: str) -> Path:
    return models_directory() / f"threat-classifier-{ceiling}.npz"


def training_text(title: str, text: str) -> str:
    return f"{title}\n{text[:MAX_TEXT_CHARACTERS]}"


def training_set() -> TrainingSet:
    """Every submission the classifier may learn from: with text, tagged, not compartmented."""
    rows = (
        Submission.objects.filter(compartments__isnull=True)
        .exclude(text="")
        .order_by("id")
        .values_list("id", "classification", "title", "text")
    )
    tags: dict[str, list[str]] = {}
    pairs = Submission.threats.through.objects.filter(
        submission__compartments__isnull=True
    ).values_list("submission_id", "threat_id")
    for submission_id, threat_id in pairs.iterator(chunk_size=CHUNK * 10):
        tags.setdefault(submission_id, []).append(threat_id)
    found = TrainingSet(ids=[], texts=[], threats=[], ranks=[])
    for submission_id, classification, title, text in rows.iterator(chunk_size=CHUNK):
        if submission_id not in tags:
            continue  # untagged: nothing to learn from
        found.ids.append(submission_id)
        found.texts.append(training_text(title, text))
        found.threats.append(sorted(tags[submission_id]))
        found.ranks.append(classification_rank(classification))
    return found


def fold_of(submission_id: str) -> int:
    """The half a submission falls in: fixed by its id, so every run agrees."""
    digest = hashlib.sha256(submission_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") % FOLDS


@dataclass
class Model:
    """A trained model, ready to score texts."""

    metadata: ModelMetadata
    vectoriser: Any
    coefficients: np.ndarray[Any, Any]
    intercepts: np.ndarray[Any, Any]

    def probabilities(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """One row a text, one column a threat of ``metadata.threats``."""
        if not texts:
            return np.zeros((0, len(self.metadata.threats)))
        features = self.vectoriser.transform([t[:MAX_TEXT_CHARACTERS] for t in texts])
        return _probabilities(features, self.coefficients, self.intercepts)

    def suggest(self, text: str) -> list[tuple[str, float]]:
        """The threats the model gives at least ``THRESHOLD`` for the text, likeliest first."""
        if not text.strip() or not self.metadata.threats:
            return []
        row = self.probabilities([text])[0]
        found = [
            (threat, float(p))
            for threat, p in zip(self.metadata.threats, row, strict=True)
            if p >= THRESHOLD
        ]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def _vectoriser(vocabulary: dict[str, int] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True,
        strip_accents="unicode",
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.9,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float32,
        vocabulary=vocabulary,
    )


class NothingToLearnError(Exception):
    """The texts hold no word that could tell one threat from another."""


def _learnt_threats(labels: list[list[str]]) -> list[str]:
    counts: dict[str, int] = {}
    for tags in labels:
        for threat in tags:
            counts[threat] = counts.get(threat, 0) + 1
    return sorted(threat for threat, count in counts.items() if count >= MIN_POSITIVES)


def _features(texts: list[str]) -> tuple[Any, Any]:
    """The vectoriser fitted on the texts, and their TF-IDF rows."""
    vectoriser = _vectoriser()
    try:
        features = vectoriser.fit_transform(texts)
    except ValueError as error:
        # Every word is in almost every text, or in only one: nothing tells threats apart.
        raise NothingToLearnError(str(error)) from None
    return vectoriser, features


def _fit(
    features: Any, labels: list[list[str]], threats: list[str]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The coefficients and intercepts, one row a threat, learnt from these rows' tags."""
    from sklearn.linear_model import SGDClassifier

    coefficients = np.zeros((len(threats), features.shape[1]), dtype=np.float32)
    intercepts = np.zeros(len(threats), dtype=np.float32)
    for column, threat in enumerate(threats):
        target = np.fromiter((threat in tags for tags in labels), dtype=bool, count=len(labels))
        if target.all() or not target.any():
            # Every (or no) training text carries it: the model can only say so.
            intercepts[column] = 10.0 if target.all() else -10.0
            continue
        learner = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=30, tol=1e-4, random_state=0)
        learner.fit(features, target)
        coefficients[column] = learner.coef_[0]
        intercepts[column] = learner.intercept_[0]
    return coefficients, intercepts


def _probabilities(
    features: Any, coefficients: np.ndarray[Any, Any], intercepts: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    scores: np.ndarray[Any, Any] = np.asarray(features @ coefficients.T + intercepts)
    probabilities: np.ndarray[Any, Any] = 1.0 / (1.0 + np.exp(-scores))
    return probabilities


@dataclass
class OutOfFold:
    """Each training submission's probabilities from the model fitted without it."""

    threats: list[str]
    rows: dict[str, np.ndarray[Any, Any]]


def _cross_fitted(
    samples: TrainingSet, threats: list[str], features: Any
) -> tuple[list[ThreatMetrics], np.ndarray[Any, Any] | None]:
    """Per-threat counts over every submission, each scored by the half that did not hold it.

    The vocabulary and IDF weights are the whole set's (they know no tags);
    the coefficients that score a half are learnt from the other half only.
    """
    folds = np.array([fold_of(i) for i in samples.ids])
    probabilities = np.zeros((len(samples.ids), len(threats)), dtype=np.float32)
    for fold in range(FOLDS):
        train = np.flatnonzero(folds != fold)
        test = np.flatnonzero(folds == fold)
        if len(train) < MIN_SAMPLES or not len(test):
            return [], None
        coefficients, intercepts = _fit(
            features[train], [samples.threats[i] for i in train], threats
        )
        probabilities[test] = _probabilities(features[test], coefficients, intercepts)
    metrics = []
    for column, threat in enumerate(threats):
        actual = np.fromiter((threat in tags for tags in samples.threats), dtype=bool)
        predicted = probabilities[:, column] >= THRESHOLD
        metrics.append(
            ThreatMetrics(
                threat=threat,
                support=int(actual.sum()),
                predicted=int(predicted.sum()),
                correct=int((actual & predicted).sum()),
            )
        )
    return metrics, probabilities


def _save(path: Path, model: Model) -> None:
    """Write the model whole or not at all: a reader never meets half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    vocabulary = model.vectoriser.vocabulary_
    terms = np.empty(len(vocabulary), dtype=object)
    for term, index in vocabulary.items():
        terms[index] = term
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez_compressed(
                stream,
                format=np.array(FORMAT),
                metadata=np.array(model.metadata.as_json()),
                terms=terms.astype(str),
                idf=model.vectoriser.idf_.astype(np.float32),
                coefficients=model.coefficients,
                intercepts=model.intercepts,
            )
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_loaded: dict[Path, tuple[int, Model]] = {}


def model_load(ceiling: str) -> Model | None:
    """The model stored for the ceiling, read once and again only when its file changes."""
    path = model_path(ceiling)
    try:
        changed = path.stat().st_mtime_ns
    except FileNotFoundError:
        _loaded.pop(path, None)
        return None
    cached = _loaded.get(path)
    if cached is not None and cached[0] == changed:
        return cached[1]
    with np.load(path, allow_pickle=False) as stored:
        if int(stored["format"]) != FORMAT:
            return None
        terms = [str(term) for term in stored["terms"]]
        vectoriser = _vectoriser({term: index for index, term in enumerate(terms)})
        vectoriser.idf_ = stored["idf"]
        model = Model(
            metadata=ModelMetadata.from_json(str(stored["metadata"])),
            vectoriser=vectoriser,
            coefficients=stored["coefficients"],
            intercepts=stored["intercepts"],
        )
    _loaded[path] = (changed, model)
    return model


def model_for(clearance: str, *, models: Mapping[str, Model] | None = None) -> Model | None:
    """The model of the highest ceiling at or below ``clearance``: all it learnt, they may see.

    From ``models`` (by ceiling, just trained) when given, else from the stored files.
    """
    for ceiling in reversed(CLASSIFICATION_ORDER[: classification_rank(clearance) + 1]):
        model = models.get(ceiling) if models is not None else model_load(ceiling)
        if model is not None:
            return model
    return None


@dataclass
class TrainingReport:
    trained: list[ModelMetadata]
    skipped: list[str]
    # By ceiling: the models trained, not yet stored.
    models: dict[str, Model] = field(default_factory=dict)
    # By ceiling: the submissions of that very marking, scored out of fold.
    out_of_fold: dict[str, OutOfFold] = field(default_factory=dict)
    signals: int = 0


def models_train(*, ceilings: Iterable[str] = CLASSIFICATION_ORDER) -> TrainingReport:
    """Train a model for each ceiling with enough sender-tagged submissions; store none yet.

    The submissions under one ceiling include those under the one below, so
    a ceiling with no more of them than the one below stores the same model
    again instead of fitting it twice. :func:`models_store` writes them.
    """
    everything = training_set()
    report = TrainingReport(trained=[], skipped=[])
    previous: tuple[int, Model] | None = None
    for ceiling in ceilings:
        samples = everything.under(ceiling)
        threats = _learnt_threats(samples.threats)
        if len(samples.ids) < MIN_SAMPLES or not threats:
            report.skipped.append(ceiling)
            continue
        if previous is not None and previous[0] == len(samples.ids):
            reused = previous[1]
            metadata = ModelMetadata(**{**asdict(reused.metadata), "ceiling": ceiling})
            metadata.metrics = reused.metadata.metrics
            model = Model(metadata, reused.vectoriser, reused.coefficients, reused.intercepts)
        else:
            try:
                vectoriser, features = _features(samples.texts)
            except NothingToLearnError:
                report.skipped.append(ceiling)
                continue
            coefficients, intercepts = _fit(features, samples.threats, threats)
            metrics, probabilities = _cross_fitted(samples, threats, features)
            if probabilities is not None:
                rank = classification_rank(ceiling)
                report.out_of_fold[ceiling] = OutOfFold(
                    threats=threats,
                    rows={
                        submission_id: probabilities[index]
                        for index, submission_id in enumerate(samples.ids)
                        if samples.ranks[index] == rank
                    },
                )
            metadata = ModelMetadata(
                ceiling=ceiling,
                trained_at=timezone.now().isoformat(),
                samples=len(samples.ids),
                held_out=len(samples.ids) if probabilities is not None else 0,
                threats=threats,
                metrics=metrics,
            )
            model = Model(metadata, vectoriser, coefficients, intercepts)
        report.models[ceiling] = model
        previous = (len(samples.ids), model)
        report.trained.append(metadata)
    return report


def models_store(models: Mapping[str, Model]) -> None:
    """Store these models, and remove those of every other ceiling.

    A ceiling that no longer has enough material loses its old model: a
    model must not outlive the material it may be trained on.
    """
    for ceiling in CLASSIFICATION_ORDER:
        path = model_path(ceiling)
        if ceiling in models:
            _save(path, models[ceiling])
        else:
            path.unlink(missing_ok=True)
            _loaded.pop(path, None)
