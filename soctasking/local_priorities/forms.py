"""Forms of the local priorities pages: they check types and presence; the services the rules."""

from __future__ import annotations

from django import forms

from soctasking.bodies.models import Body, BodyKind
from soctasking.local_priorities.models import PrioritySource
from soctasking.local_priorities.services import MAX_DOCUMENT_LENGTH
from soctasking.threats.models import Threat

SELECT = {"class": "govuk-select"}
DATE = {"class": "govuk-input govuk-input--width-10", "type": "date"}


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the date: {label.lower()}",
            "invalid": f"{label} must be a real date, like 2026-04-01",
        },
    )


class LocalPrioritiesForm(forms.Form):
    """A body's local priorities for one period: catalogued threats, free-text themes, or both."""

    body = forms.ModelChoiceField(
        queryset=Body.objects.filter(kind__in=[BodyKind.POLICE_FORCE, BodyKind.ROCU]).order_by(
            "name"
        ),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "Choose a body",
            "invalid_choice": "Choose a body from the list",
        },
    )
    period_start = _date("Period starts")
    period_end = _date("Period ends")
    source = forms.ChoiceField(
        label="Source",
        required=False,
        choices=[("", "Not stated"), *PrioritySource.choices],
        widget=forms.Select(attrs=SELECT),
    )
    document = forms.CharField(
        label="Source document",
        required=False,
        max_length=MAX_DOCUMENT_LENGTH,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    threats = forms.ModelMultipleChoiceField(
        label="Threats in the catalogue",
        required=False,
        queryset=Threat.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
    )
    themes = forms.CharField(
        label="Other themes",
        required=False,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "4"}),
    )

    def theme_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["themes"].splitlines() if line.strip()]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
    )


class AdoptionForm(forms.Form):
    as_of = forms.DateField(
        label="As of",
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"invalid": "As of must be a real date, like 2018-03-31"},
    )


class ListFilterForm(forms.Form):
    body = forms.ChoiceField(label="Body", required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["body"].choices = [  # type: ignore[attr-defined]
            ("", "Every body"),
            *Body.objects.filter(local_priorities__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("pk", "name"),
        ]
