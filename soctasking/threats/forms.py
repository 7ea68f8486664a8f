"""Forms of the threats app: the catalogue's filters."""

from __future__ import annotations

from django import forms

from soctasking.threats.models import Theme, ThreatKind


class ThreatFilterForm(forms.Form):
    """Narrow the catalogue; every field is optional."""

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *ThreatKind.choices],
        error_messages={"invalid_choice": "Choose a kind of threat from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        choices=[("", "Any theme"), *Theme.choices],
        error_messages={"invalid_choice": "Choose a theme from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
