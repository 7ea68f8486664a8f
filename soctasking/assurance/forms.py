"""Forms of the assurance app: the findings page's filters."""

from __future__ import annotations

from django import forms

from soctasking.assurance.registry import SEVERITIES, SUBJECT_TYPES, registered_checks


def _code_choices() -> list[tuple[str, str]]:
    return [("", "Any check")] + [
        (code, f"{code} {spec.name}") for code, spec in registered_checks().items()
    ]


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "govuk-select"})


class FindingsFilterForm(forms.Form):
    """Narrow the findings; every field is optional."""

    code = forms.ChoiceField(label="Check", required=False, choices=_code_choices, widget=_select())
    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=[("", "Any severity")] + [(s, s) for s in SEVERITIES],
        widget=_select(),
    )
    subject_type = forms.ChoiceField(
        label="Subject type",
        required=False,
        choices=[("", "Any subject")] + [(t, t.replace("_", " ")) for t in SUBJECT_TYPES],
        widget=_select(),
    )
    as_of = forms.DateField(
        label="As of",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="For example, 2017-06-30. Leave empty for the loaded picture's date, or today.",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2017-06-30."},
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
