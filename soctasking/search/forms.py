"""Forms of the search app: the words to find and the filters; they only validate."""

from __future__ import annotations

from typing import Any

from django import forms

from soctasking.accounts.clearance import Classification
from soctasking.bodies.models import Body
from soctasking.intelligence.models import IntelligenceAssessment, SourceEvaluation, SubmissionKind
from soctasking.search.query import MAX_QUERY_LENGTH
from soctasking.threats.models import Threat

SELECT = {"class": "govuk-select"}
DATE = {"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}


def _bodies() -> list[tuple[str, str]]:
    return [("", "Any body"), *Body.objects.order_by("name").values_list("id", "name")]


def _threats() -> list[tuple[str, str]]:
    return [("", "Any threat"), *Threat.objects.order_by("name").values_list("id", "name")]


def _filter_choice(label: str, choices: Any, noun: str) -> forms.ChoiceField:
    """An optional drop-down filter whose error names what to choose."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        error_messages={"invalid_choice": f"Choose {noun} from the list"},
        widget=forms.Select(attrs=SELECT),
    )


class SearchForm(forms.Form):
    """What to search for; only the words are required."""

    q = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_LENGTH,
        help_text=(
            'Every word must match. Put a phrase in double quotes, for example "county lines".'
        ),
        error_messages={
            "required": "Enter a word to search for",
            "max_length": f"Search words must be {MAX_QUERY_LENGTH} characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search"}),
    )
    body = _filter_choice("From body", _bodies, "a body")
    threat = _filter_choice("Threat", _threats, "a threat")
    kind = _filter_choice(
        "Kind", [("", "Any kind"), *SubmissionKind.choices], "a kind of submission"
    )
    classification = _filter_choice(
        "Classification", [("", "Any classification"), *Classification.choices], "a classification"
    )
    grading_source = _filter_choice(
        "Source evaluation", [("", "Any"), *SourceEvaluation.choices], "a source evaluation"
    )
    grading_intelligence = _filter_choice(
        "Intelligence assessment",
        [("", "Any"), *IntelligenceAssessment.choices],
        "an intelligence assessment",
    )
    period_start = forms.DateField(
        label="Period from",
        required=False,
        help_text="For example, 2017-04-01",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the date as year-month-day, for example 2017-04-01"},
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label="Period to",
        required=False,
        help_text="For example, 2018-03-31",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the date as year-month-day, for example 2018-03-31"},
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "Period to must be the same as or after period from")
        return cleaned
