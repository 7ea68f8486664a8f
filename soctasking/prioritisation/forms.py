"""Forms of the prioritisation pages: a scoring template, a new round, one threat's score,
the NSIG's recommendation and the NSTCG's decision. They only validate; the services check
the rules."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from soctasking.intelligence.models import Assessment, AssessmentKind
from soctasking.meetings.models import DecisionKind, Meeting, MeetingStatus, SeriesKind
from soctasking.prioritisation import scoring
from soctasking.prioritisation.models import Recommendation, Score, ScoringTemplate, TemplateStatus
from soctasking.prioritisation.services import EVIDENCE_KINDS
from soctasking.threats.models import Threat

TEXT = {"class": "govuk-input"}
AREA = {"class": "govuk-textarea", "rows": 4}


class ScoringTemplateForm(forms.Form):
    """A template's whole content; ``groups`` is its structure as JSON."""

    name = forms.CharField(label="Name", max_length=200, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs=AREA)
    )
    groups = forms.CharField(
        label="Groups, dimensions and levels (JSON)",
        help_text='A list of groups: {"code", "name", "dimensions": [{"code", "name", "weight", '
        '"levels": [{"label", "value"}]}]}.',
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 20, "spellcheck": "false"}),
    )
    formula = forms.CharField(
        label="Formula",
        max_length=500,
        help_text="Group codes, numbers, + - * / and brackets.",
        widget=forms.TextInput(attrs={**TEXT, "spellcheck": "false"}),
    )
    formula_explanation = forms.CharField(
        label="What the formula means", required=False, widget=forms.Textarea(attrs=AREA)
    )

    def clean_groups(self) -> Any:
        try:
            return json.loads(self.cleaned_data["groups"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"The groups are not JSON: {error.msg} at line {error.lineno}, column "
                f"{error.colno}."
            ) from None


class NewScoringTemplateForm(ScoringTemplateForm):
    id = forms.CharField(
        label="Id",
        max_length=90,
        help_text="Lower-case letters, digits and hyphens; shared by its later versions.",
        widget=forms.TextInput(attrs={**TEXT, "spellcheck": "false"}),
    )
    field_order = ["id", "name", "description", "groups", "formula", "formula_explanation"]


class EvaluationForm(forms.Form):
    id = forms.CharField(
        label="Id of the round",
        max_length=100,
        help_text="For example nsa-2018-round-1.",
        widget=forms.TextInput(attrs=TEXT),
    )
    assessment = forms.ModelChoiceField(
        label="National strategic assessment",
        queryset=Assessment.objects.filter(kind=AssessmentKind.NATIONAL_STRATEGIC),
        empty_label="Choose an assessment",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    template = forms.ModelChoiceField(
        label="Scoring template",
        queryset=ScoringTemplate.objects.filter(status=TemplateStatus.APPROVED),
        empty_label="Choose an approved template",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    date = forms.DateField(
        label="Date of the round",
        help_text="For example 2018-05-01.",
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    priority_line = forms.IntegerField(
        label="Priority line",
        required=False,
        min_value=1,
        help_text="How many of the top ranks are proposed as national priority threats.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ScoreForm(forms.Form):
    """A level and a justification for every dimension of the round's template."""

    evidence = forms.CharField(
        label="Evidence",
        required=False,
        help_text="One link a line, as kind: reference, for example 'submission: rocu-ne-2017-04', "
        "'theme: county lines' or 'metric: drug deaths'.",
        widget=forms.Textarea(attrs=AREA),
    )
    arguments_for = forms.CharField(
        label="Arguments for adopting it as a priority",
        required=False,
        help_text="One argument a line.",
        widget=forms.Textarea(attrs=AREA),
    )
    arguments_against = forms.CharField(
        label="Arguments against",
        required=False,
        help_text="One argument a line.",
        widget=forms.Textarea(attrs=AREA),
    )

    def __init__(self, *args: Any, structure: scoring.Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        dimension_fields: dict[str, forms.Field] = {}
        for dimension in structure.dimensions:
            dimension_fields[f"dimension_{dimension.code}"] = forms.ChoiceField(
                label=dimension.name,
                choices=[("", "Choose a level")]
                + [
                    (f"{level.value:g}", f"{level.label} ({level.value:g})")
                    for level in dimension.levels
                ],
                error_messages={"required": f"Choose the level of {dimension.name}."},
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            dimension_fields[f"justification_{dimension.code}"] = forms.CharField(
                label=f"Why {dimension.name} is at this level",
                max_length=2000,
                error_messages={"required": f"Say why {dimension.name} is at this level."},
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
            )
        self.fields = {**dimension_fields, **self.fields}

    def group_fields(self) -> list[tuple[scoring.Group, list[tuple[Any, Any]]]]:
        """The bound fields of each group's dimensions, level then justification, for the page."""
        return [
            (
                group,
                [
                    (self[f"dimension_{d.code}"], self[f"justification_{d.code}"])
                    for d in group.dimensions
                ],
            )
            for group in self.structure.groups
        ]

    def clean_evidence(self) -> list[dict[str, str]]:
        links = []
        for line in _lines(self.cleaned_data.get("evidence", "")):
            kind, _, ref = line.partition(":")
            if kind.strip() not in EVIDENCE_KINDS or not ref.strip():
                raise forms.ValidationError(
                    f"'{line}' is no link; write kind: reference, the kind one of "
                    f"{', '.join(EVIDENCE_KINDS)}."
                )
            links.append({"kind": kind.strip(), "ref": ref.strip()})
        return links

    def clean_arguments_for(self) -> list[str]:
        return _lines(self.cleaned_data.get("arguments_for", ""))

    def clean_arguments_against(self) -> list[str]:
        return _lines(self.cleaned_data.get("arguments_against", ""))

    def values(self) -> dict[str, object]:
        return {d.code: self.cleaned_data[f"dimension_{d.code}"] for d in self.structure.dimensions}

    def justifications(self) -> dict[str, str]:
        return {
            d.code: self.cleaned_data[f"justification_{d.code}"] for d in self.structure.dimensions
        }

    @staticmethod
    def field_for(error_key: str) -> str | None:
        """The form field a service error key (``dimensions.<code>``) belongs to."""
        prefix, _, code = error_key.partition(".")
        if prefix == "dimensions" and code:
            return f"dimension_{code}"
        if prefix == "justifications" and code:
            return f"justification_{code}"
        if error_key.startswith("evidence"):
            return "evidence"
        if error_key in ("arguments_for", "arguments_against"):
            return error_key
        return None


def _meetings_of(kind: str) -> Any:
    return Meeting.objects.filter(series__kind=kind).exclude(status=MeetingStatus.CANCELLED)


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.series.name}, {obj.date:%-d %B %Y} ({obj.id})"


class RecommendationForm(forms.Form):
    """The NSIG meeting, and a recommendation with its reason for each threat scored."""

    def __init__(self, *args: Any, scores: list[Score], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scores = scores
        self.fields["meeting"] = MeetingChoiceField(
            label="National strategic intelligence group meeting",
            queryset=_meetings_of(SeriesKind.NSIG).select_related("series"),
            empty_label="Choose the meeting",
            error_messages={"required": "Choose the meeting that made the recommendation."},
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        for score in scores:
            name = score.threat.name
            self.fields[f"recommendation_{score.threat_id}"] = forms.ChoiceField(
                label=f"Recommendation for {name}",
                choices=[("", "Choose a recommendation"), *Recommendation.choices],
                error_messages={"required": f"Choose a recommendation for {name}."},
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[f"reason_{score.threat_id}"] = forms.CharField(
                label=f"Reason for {name}",
                max_length=2000,
                error_messages={"required": f"Give the reason for {name}."},
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
            )

    def rows(self) -> list[tuple[Score, Any, Any]]:
        return [
            (s, self[f"recommendation_{s.threat_id}"], self[f"reason_{s.threat_id}"])
            for s in self.scores
        ]

    def answers(self, prefix: str) -> dict[str, str]:
        return {s.threat_id: self.cleaned_data[f"{prefix}_{s.threat_id}"] for s in self.scores}

    @staticmethod
    def field_for(error_key: str) -> str | None:
        prefix, _, threat_id = error_key.partition(".")
        names = {"recommendations": "recommendation", "reasons": "reason"}
        if prefix in names and threat_id:
            return f"{names[prefix]}_{threat_id}"
        return "meeting" if error_key == "meeting" else None


class DecisionForm(forms.Form):
    """The NSTCG meeting, the kind of decision, the threats, the rationale and departures."""

    kind = forms.ChoiceField(
        label="What the group decided",
        choices=[
            (DecisionKind.ADOPT_PRIORITY_THREATS, DecisionKind.ADOPT_PRIORITY_THREATS.label),
            (DecisionKind.COLLECTION_PRIORITY, DecisionKind.COLLECTION_PRIORITY.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the group decided."},
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=4000,
        error_messages={"required": "Give the rationale for the decision."},
        widget=forms.Textarea(attrs=AREA),
    )

    def __init__(self, *args: Any, threats: list[Threat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threat_list = threats
        self.fields["meeting"] = MeetingChoiceField(
            label="National strategic tasking and coordination group meeting",
            queryset=_meetings_of(SeriesKind.NSTCG).select_related("series"),
            empty_label="Choose the meeting",
            error_messages={"required": "Choose the meeting that decided."},
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        self.fields["threats"] = forms.MultipleChoiceField(
            label="Threats",
            choices=[(t.pk, t.name) for t in threats],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one threat."},
        )
        for threat in threats:
            self.fields[f"departure_{threat.pk}"] = forms.CharField(
                label=f"Why the decision departs from the recommendation on {threat.name}",
                required=False,
                max_length=2000,
                help_text="Only where the decision departs from the NSIG's recommendation.",
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
            )
        self.order_fields(["meeting", "kind", "threats", "rationale"])

    def departures(self) -> dict[str, str]:
        return {
            t.pk: self.cleaned_data[f"departure_{t.pk}"]
            for t in self.threat_list
            if self.cleaned_data.get(f"departure_{t.pk}")
        }

    def departure_fields(self) -> list[Any]:
        return [self[f"departure_{t.pk}"] for t in self.threat_list]

    @staticmethod
    def field_for(error_key: str) -> str | None:
        prefix, _, threat_id = error_key.partition(".")
        if prefix == "departures" and threat_id:
            return f"departure_{threat_id}"
        return error_key if error_key in ("meeting", "kind", "threats", "rationale") else None
