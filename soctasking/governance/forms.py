"""Forms of the governance app: the filters of the list of groups."""

from __future__ import annotations

from django import forms

from soctasking.governance.models import GroupStatus
from soctasking.threats.models import Theme


class GroupFilterForm(forms.Form):
    """Narrow the list of governance groups; every field is optional."""

    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        choices=[("", "Any theme"), *Theme.choices],
        error_messages={"invalid_choice": "Choose a theme from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *GroupStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
