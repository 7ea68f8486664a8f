"""Forms of the bodies app: the list's filters."""

from __future__ import annotations

from django import forms

from soctasking.bodies.models import BodyKind, Nation


class BodyFilterForm(forms.Form):
    """Narrow the list of bodies; every field is optional."""

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *BodyKind.choices],
        error_messages={"invalid_choice": "Choose a kind of body from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    nation = forms.ChoiceField(
        label="Nation",
        required=False,
        choices=[("", "Any nation"), *Nation.choices],
        error_messages={"invalid_choice": "Choose a nation from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    q = forms.CharField(
        label="Name contains",
        required=False,
        max_length=300,
        error_messages={"max_length": "Name contains must be 300 characters or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
    )
