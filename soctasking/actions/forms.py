"""The actions pages' forms: they check presence; the service checks the rules."""

from __future__ import annotations

from django import forms

from soctasking.actions.selectors import BY_BODY, BY_MEETING, OVERDUE
from soctasking.bodies.models import Body
from soctasking.meetings.models import ActionStatus, SeriesKind

SELECT = {"class": "govuk-select"}


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose the action's status"},
    )
    # No max_length here: the service measures it and names the field.
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
        error_messages={"required": "Say what has been done, or why the status changes"},
    )


class OursFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (OVERDUE, "Overdue"), *ActionStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )


class TrackerFilterForm(forms.Form):
    by = forms.ChoiceField(
        label="Count by",
        required=False,
        choices=[(BY_MEETING, "Meeting"), (BY_BODY, "Owner body")],
        widget=forms.Select(attrs=SELECT),
    )
    series_kind = forms.ChoiceField(
        label="Kind of meeting",
        required=False,
        choices=[("", "Every kind"), *SeriesKind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    owner = forms.ModelChoiceField(
        label="Owner body",
        required=False,
        queryset=Body.objects.order_by("name"),
        empty_label="Every body",
        widget=forms.Select(attrs=SELECT),
    )
