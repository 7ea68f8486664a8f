"""Forms of the meetings app: the series list's filter."""

from __future__ import annotations

from django import forms

from soctasking.meetings.models import SeriesKind


class SeriesFilterForm(forms.Form):
    """Narrow the list of meeting series; every field is optional."""

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *SeriesKind.choices],
        error_messages={"invalid_choice": "Choose a kind of meeting series from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
