"""Forms of the audit app: the filters of the trail's page; they only validate."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from soctasking.audit.selectors import AuditFilters, audit_actions, audit_record_types

TEXT = "govuk-input govuk-input--width-20"
DATE = "govuk-input govuk-input--width-10"
SELECT = "govuk-select"


def _choices(anything: str, values: list[str]) -> list[tuple[str, str]]:
    return [("", anything), *((value, value) for value in values)]


def _date(label: str, example: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=f"For example, {example}",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"Enter the date as year-month-day, for example {example}"},
        widget=forms.DateInput(attrs={"class": DATE, "inputmode": "numeric"}, format="%Y-%m-%d"),
    )


class AuditFilterForm(forms.Form):
    """Narrow the trail; every field is optional. Actions and record types are those it holds."""

    actor = forms.CharField(
        label="Actor",
        required=False,
        max_length=150,
        help_text="A username, or system for the console",
        error_messages={"max_length": "Actor must be 150 characters or fewer"},
        widget=forms.TextInput(attrs={"class": TEXT, "spellcheck": "false"}),
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        error_messages={"invalid_choice": "Choose an action from the list"},
        widget=forms.Select(attrs={"class": SELECT}),
    )
    record_type = forms.ChoiceField(
        label="Record type",
        required=False,
        error_messages={"invalid_choice": "Choose a record type from the list"},
        widget=forms.Select(attrs={"class": SELECT}),
    )
    record_id = forms.CharField(
        label="Record id",
        required=False,
        max_length=100,
        error_messages={"max_length": "Record id must be 100 characters or fewer"},
        widget=forms.TextInput(attrs={"class": TEXT, "spellcheck": "false"}),
    )
    since = _date("From", "2026-07-01")
    until = _date("To", "2026-07-31")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read once a form, for the validation and the drop-down alike.
        cast(forms.ChoiceField, self.fields["action"]).choices = _choices(
            "Any action", audit_actions()
        )
        cast(forms.ChoiceField, self.fields["record_type"]).choices = _choices(
            "Any record type", audit_record_types()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The to date must be the same as or after the from date")
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        # GOV.UK marks a field in error by a class on its input, beside the message.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                marked = (
                    "govuk-select--error"
                    if SELECT in widget.attrs["class"]
                    else "govuk-input--error"
                )
                widget.attrs["class"] = f"{widget.attrs['class']} {marked}"

    def filters(self) -> AuditFilters:
        """The valid filters; call only once ``is_valid()``."""
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].strip(),
            action=data["action"],
            record_type=data["record_type"],
            record_id=data["record_id"].strip(),
            since=data["since"],
            until=data["until"],
        )
