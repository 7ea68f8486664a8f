"""The stored theme index, aliases, and what analysts decided about each theme.

``ThemeMention`` is derived data, like the search index: one row for each
theme a submission or a body's local priorities name, kept current when a
submission is received or a bundle loads, and rebuilt whole by
``themes_recompute``. Threats come through the submission; bodies and
dates are copied onto the row so that counting needs no join.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from soctasking.themes.normalise import MAX_KEY_LENGTH


class Theme(models.Model):
    """A theme the index knows: named by someone, or found distinctive in text."""

    key = models.CharField(primary_key=True, max_length=MAX_KEY_LENGTH)
    label = models.CharField(max_length=MAX_KEY_LENGTH)
    # False for phrases found only in text, kept by the last full recompute.
    named = models.BooleanField(default=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label


class ThemeAlias(models.Model):
    """Another spelling an administrator merged into a theme."""

    key = models.CharField(primary_key=True, max_length=MAX_KEY_LENGTH)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="aliases")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged = models.DateTimeField()

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "theme aliases"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(key=models.F("theme")), name="themes_alias_not_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} -> {self.theme_id}"


class MentionSource(models.TextChoices):
    NAMED = "named", "Named by the sender"
    TEXT = "text", "In the submission's text"
    LOCAL_PRIORITY = "local_priority", "A local priority"


class ThemeMention(models.Model):
    id = models.BigAutoField(primary_key=True)
    key = models.CharField(max_length=MAX_KEY_LENGTH)
    source = models.CharField(max_length=20, choices=MentionSource.choices)
    submission = models.ForeignKey(
        "intelligence.Submission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_mentions",
        db_constraint=True,
    )
    local_priority = models.ForeignKey(
        "local_priorities.LocalPriority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_mentions",
    )
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["key", "on"], name="themes_mention_key_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=MentionSource.values),
                name="themes_mention_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(submission__isnull=False, local_priority__isnull=True)
                | models.Q(submission__isnull=True, local_priority__isnull=False),
                name="themes_mention_one_origin",
            ),
            models.UniqueConstraint(
                fields=["submission", "key"],
                condition=models.Q(submission__isnull=False),
                name="themes_mention_once_a_submission",
            ),
            models.UniqueConstraint(
                fields=["local_priority", "key"],
                condition=models.Q(local_priority__isnull=False),
                name="themes_mention_once_a_local_priority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} in {self.submission_id or self.local_priority_id}"


class DecisionKind(models.TextChoices):
    NEW_THREAT = "new_threat", "Added to the draft assessment as a new threat"
    KEYWORD = "keyword", "Added as a keyword of a threat in the draft assessment"
    DISMISSED = "dismissed", "Dismissed"


class ThemeDecision(models.Model):
    """An analyst's answer to an XCT001 finding, with the reason and the evidence then."""

    theme_key = models.CharField(max_length=MAX_KEY_LENGTH, db_index=True)
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    reason = models.TextField()
    threat = models.ForeignKey(
        "threats.Threat", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment = models.ForeignKey(
        "intelligence.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided = models.DateTimeField()
    # What the theme looked like when it was dismissed, to tell whether it has grown since.
    mentions_then = models.PositiveIntegerField(default=0)
    bodies_then = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-decided", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values), name="themes_decision_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="themes_decision_reason_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme_key}: {self.kind}"


class SuggestionSource(models.TextChoices):
    KEYWORD = "keyword", "Names the threat or one of its keywords"
    CLASSIFIER = "classifier", "Reads like submissions tagged with the threat"


class UntaggedThreatSignal(models.Model):
    """A threat a submission's text points to that its sender did not tag.

    Derived data like ``ThemeMention``: written when a submission is received
    and rebuilt whole after the classifier is trained. A classifier signal
    comes from the model of the submission's own marking (``model_ceiling``),
    so whoever may see the submission is cleared for what the model learnt.
    """

    id = models.BigAutoField(primary_key=True)
    submission = models.ForeignKey(
        "intelligence.Submission", on_delete=models.CASCADE, related_name="untagged_signals"
    )
    threat = models.ForeignKey("threats.Threat", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=SuggestionSource.choices)
    # The classifier's probability; 1 for a keyword found in the text.
    score = models.FloatField()
    model_ceiling = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-score", "submission_id", "threat_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=SuggestionSource.values),
                name="themes_signal_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="themes_signal_score_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(source="classifier", model_ceiling=""),
                name="themes_signal_classifier_names_model",
            ),
            models.UniqueConstraint(
                fields=["submission", "threat", "source"], name="themes_signal_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} -> {self.threat_id} ({self.source})"
