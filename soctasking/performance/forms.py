"""Forms of the performance report: the quarter to report on."""

from __future__ import annotations

from django import forms

from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import quarter_begun


class QuarterForm(forms.Form):
    quarter = forms.CharField(
        label="Quarter",
        max_length=7,
        help_text="The year and quarter, for example 2026-Q3 (July to September 2026).",
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        ),
    )

    def clean_quarter(self) -> Quarter:
        try:
            quarter = Quarter.parse(self.cleaned_data["quarter"])
        except ValueError:
            raise forms.ValidationError(
                "Enter the quarter as the year, a hyphen, Q and its number, for example 2026-Q3"
            ) from None
        try:
            return quarter_begun(quarter)
        except ValueError as error:
            raise forms.ValidationError(f"Choose a quarter that has begun: {error}") from None
