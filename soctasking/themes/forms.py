"""Forms of the themes page: acting on a theme, merging a spelling into it. They only validate."""

from __future__ import annotations

from typing import Any

from django import forms

from soctasking.themes.services import MAX_REASON
from soctasking.threats.models import Threat

ACTIONS = (
    ("new_threat", "Add it to the draft assessment as a new threat"),
    ("keyword", "Add it as a keyword of a threat, which joins the draft"),
    ("dismissed", "Dismiss it"),
)


class ThemeDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="What to do with this theme",
        choices=ACTIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with this theme."},
    )
    name = forms.CharField(
        label="Name of the new threat",
        required=False,
        max_length=300,
        help_text="For a new threat only; the theme's own words if left empty.",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    threat = forms.ChoiceField(
        label="Threat to add the keyword to",
        required=False,
        help_text="For a keyword only.",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        help_text="Recorded with the decision and on the audit trail.",
        error_messages={"required": "Give the reason for the decision."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        threat_field = self.fields["threat"]
        if isinstance(threat_field, forms.ChoiceField):
            threat_field.choices = [("", "Choose a threat")] + [
                (threat.pk, threat.name) for threat in Threat.objects.order_by("name")
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "keyword" and not cleaned.get("threat"):
            self.add_error("threat", "Choose the threat to add the keyword to.")
        return cleaned


class AliasMergeForm(forms.Form):
    alias = forms.CharField(
        label="Spelling to merge into this theme",
        max_length=400,
        help_text="For example, CL drugs lines. Its mentions count for this theme from now on.",
        error_messages={"required": "Enter the spelling to merge into this theme."},
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
