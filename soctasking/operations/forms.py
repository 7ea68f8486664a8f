"""Forms of the operations pages: they check types and presence; the services the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from soctasking.bodies.models import Body
from soctasking.operations.models import ActivityKind, DisruptionLevel, OperationStatus
from soctasking.operations.services import MAX_CLOSED_AT_ONCE, OUTCOME_LABELS
from soctasking.threats.models import Threat

SELECT = {"class": "govuk-select"}
DATE = {"class": "govuk-input govuk-input--width-10", "type": "date"}
NUMBER = {"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the date: {label.lower()}",
            "invalid": f"{label} must be a real date, like 2017-07-15",
        },
    )


def _threats(label: str = "Threats") -> forms.ModelMultipleChoiceField[Threat]:
    return forms.ModelMultipleChoiceField(
        label=label,
        required=False,
        queryset=Threat.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"class": "govuk-select", "size": "6"}),
    )


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *OperationStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )
    body = forms.ChoiceField(label="Lead body", required=False, widget=forms.Select(attrs=SELECT))
    threat = forms.ChoiceField(label="Threat", required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [  # type: ignore[attr-defined]
            ("", "Any body"),
            *Body.objects.filter(operations__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("pk", "name"),
        ]
        self.fields["threat"].choices = [  # type: ignore[attr-defined]
            ("", "Any threat"),
            *Threat.objects.order_by("name").values_list("pk", "name"),
        ]


class OperationForm(forms.Form):
    id = forms.CharField(
        label="Reference",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter a reference, like op-nightjar"},
    )
    name = forms.CharField(
        label="Name",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"required": "Enter the operation's name"},
    )
    body = forms.ModelChoiceField(
        label="Lead body",
        queryset=Body.objects.order_by("name"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose the lead body"},
    )
    opened = _date("Opened on")
    threats = _threats()


class ActivityForm(forms.Form):
    date = _date("Date")
    kind = forms.ChoiceField(
        label="Kind", choices=ActivityKind.choices, widget=forms.Select(attrs=SELECT)
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "2"}),
    )


class AuthorityForm(forms.Form):
    kind = forms.CharField(
        label="Kind of authority",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter the kind of authority"},
    )
    granted = _date("Granted on")
    expires = _date("Expires on", required=False)


class AuthorityUseForm(forms.Form):
    date = _date("Used on")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )


class DisruptionForm(forms.Form):
    date = _date("Date")
    level = forms.ChoiceField(
        label="Level",
        choices=DisruptionLevel.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose major, moderate or minor"},
    )
    threats = _threats()
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "2"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in OUTCOME_LABELS.items():
            whole = name not in {"drugs_kg", "cash_gbp", "assets_denied_gbp"}
            field: forms.Field = (
                forms.IntegerField(label=label, required=False, widget=forms.TextInput(NUMBER))
                if whole
                else forms.FloatField(label=label, required=False, widget=forms.TextInput(NUMBER))
            )
            field.error_messages["invalid"] = f"{label} must be a number"
            self.fields[name] = field

    def outcome_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in OUTCOME_LABELS]


class CloseForm(forms.Form):
    operations = forms.MultipleChoiceField(
        label="Operations to close",
        error_messages={"required": "Choose at least one operation to close"},
    )
    reason = forms.CharField(
        label="Reason for closing",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "3"}),
        error_messages={"required": "Give the reason for closing, for the audit trail"},
    )
    closed_on = _date("Closed on")

    def __init__(self, *args: Any, choices: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operations"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in choices[:MAX_CLOSED_AT_ONCE]
        ]
