"""The timetable's forms: they check types and presence; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from soctasking.bodies.models import Body, BodyKind
from soctasking.intelligence.compliance import RowStatus
from soctasking.intelligence.models import CollectionPriority, SubmissionKind
from soctasking.threats.models import Threat
from soctasking.timetable.recurrence import Every

NOT_IN_REQUIREMENT = ""
NO_PRIORITY = "none"
SELECT = {"class": "govuk-select"}
DATE = {"class": "govuk-input govuk-input--width-10", "type": "date"}


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": f"Enter the date: {label.lower()}",
            "invalid": f"{label} must be a real date, like 2026-07-15",
        },
    )


def _bodies() -> forms.ModelChoiceField[Body]:
    return forms.ModelChoiceField(
        queryset=Body.objects.order_by("name"),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "Choose a body",
            "invalid_choice": "Choose a body from the list",
        },
    )


class RequirementForm(forms.Form):
    """A new requirement; each threat of the catalogue gets a choice of collection priority."""

    id = forms.CharField(
        label="Reference",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter a reference, like nir-2027-28"},
    )
    period_start = _date("Period starts")
    period_end = _date("Period ends")
    issued = _date("Issued on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (NOT_IN_REQUIREMENT, "Not in this requirement"),
            (NO_PRIORITY, "In it, with no collection priority"),
            *(
                (value, f"Collection priority: {label}")
                for value, label in CollectionPriority.choices
            ),
        ]
        self.threat_fields: list[tuple[Threat, str]] = []
        for threat in Threat.objects.order_by("name"):
            name = f"threat__{threat.pk}"
            self.fields[name] = forms.ChoiceField(
                label=threat.name,
                choices=choices,
                required=False,
                widget=forms.Select(attrs=SELECT),
            )
            self.threat_fields.append((threat, name))

    def threat_choices(self) -> list[forms.BoundField]:
        """The threats' fields, in the catalogue's order, for the page to lay out."""
        return [self[name] for _, name in self.threat_fields]

    def threats(self) -> list[tuple[str, str]]:
        """The threats chosen, as (threat id, collection priority) pairs."""
        chosen = []
        for threat, name in self.threat_fields:
            value = self.cleaned_data.get(name, NOT_IN_REQUIREMENT)
            if value != NOT_IN_REQUIREMENT:
                chosen.append((threat.pk, "" if value == NO_PRIORITY else value))
        return chosen


class RowForm(forms.Form):
    """One row added by hand."""

    body = _bodies()
    product = forms.ChoiceField(
        choices=SubmissionKind.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose the product owed"},
    )
    due = _date("Due")
    window_start = _date("Window opens", required=False)
    deliver_to = _bodies()


class RuleForm(forms.Form):
    """A recurring rule: who owes what, how often, and how long after each period."""

    body_kinds = forms.MultipleChoiceField(
        label="Kinds of body",
        choices=BodyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label="Or these bodies",
        queryset=Body.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "govuk-select", "size": "8"}),
    )
    product = forms.ChoiceField(
        choices=SubmissionKind.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose the product owed"},
    )
    every = forms.ChoiceField(
        label="Every",
        choices=[(Every.QUARTER.value, "Quarter"), (Every.MONTH.value, "Month")],
        widget=forms.Select(attrs=SELECT),
    )
    days_after = forms.IntegerField(
        label="Days after each period ends",
        min_value=0,
        max_value=366,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many days after each period it is due",
            "invalid": "Enter a whole number of days, like 15",
        },
    )
    deliver_to = _bodies()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("body_kinds") and not cleaned.get("bodies"):
            raise ValidationError("Choose the kinds of body, or the bodies, the rule is for")
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
    )


class ComplianceFilterForm(forms.Form):
    """The compliance page's filters; every one optional."""

    requirement = forms.ChoiceField(required=False, widget=forms.Select(attrs=SELECT))
    body = forms.ChoiceField(required=False, widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any status"),
            *((s.value, s.value.replace("_", " ").capitalize()) for s in RowStatus),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    as_of = forms.DateField(
        label="As of",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": "As of must be a real date, like 2026-07-15"},
    )

    def __init__(self, *args: Any, requirements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = requirements  # type: ignore[attr-defined]
        self.fields["body"].choices = [  # type: ignore[attr-defined]
            ("", "Every body"),
            *Body.objects.filter(timetable_rows__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("pk", "name"),
        ]


class EscalationForm(forms.Form):
    requirement = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "3"}),
    )
