"""Forms of the assurance app: the findings page's filters."""

from __future__ import annotations

from django import forms

from soctasking.assurance.registry import SEVERITIES, SUBJECT_TYPES, registered_checks


def _any(label: str) -> list[tuple[str, str]]:
    return [("", label)]


class FindingsFilterForm(forms.Form):
    """Narrow the findings; every field is optional."""

    code = forms.ChoiceField(label="Check", required=False)
    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=_any("Any severity") + [(s, s) for s in SEVERITIES],
    )
    subject_type = forms.ChoiceField(
        label="Subject type",
        required=False,
        choices=_any("Any subject") + [(t, t.replace("_", " ")) for t in SUBJECT_TYPES],
    )
    as_of = forms.DateField(
        label="As of",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="For example, 2017-06-30. Leave empty for the loaded picture's date, or today.",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2017-06-30."},
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        code_field = self.fields["code"]
        assert isinstance(code_field, forms.ChoiceField)  # noqa: S101 - narrows the type
        code_field.choices = _any("Any check") + [
            (code, f"{code} {spec.name}") for code, spec in registered_checks().items()
        ]
        for name in ("code", "severity", "subject_type"):
            self.fields[name].widget.attrs["class"] = "govuk-select"
