"""The submit page's form: it checks types and presence; the service checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from soctasking.accounts.clearance import Classification, classifications_up_to
from soctasking.accounts.gate import user_compartments
from soctasking.accounts.models import Compartment, User
from soctasking.bodies.models import Body
from soctasking.intelligence.models import (
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
    SubmissionKind,
)
from soctasking.intelligence.services import ANY_BODY_ROLES
from soctasking.threats.models import Threat

NOT_GRADED = [("", "Not graded")]


class SubmissionForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.order_by("name"),
        error_messages={"required": "Choose the body the submission is for"},
    )
    kind = forms.ChoiceField(
        choices=SubmissionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of submission this is"},
    )
    title = forms.CharField(max_length=500, error_messages={"required": "Enter a title"})
    period_start = forms.DateField(
        error_messages={
            "required": "Enter the date the period starts",
            "invalid": "The date the period starts must be a real date, like 2026-07-01",
        }
    )
    period_end = forms.DateField(
        error_messages={
            "required": "Enter the date the period ends",
            "invalid": "The date the period ends must be a real date, like 2026-09-30",
        }
    )
    threats = forms.ModelMultipleChoiceField(
        queryset=Threat.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        to_field_name="pk",
    )
    classification = forms.ChoiceField(
        choices=Classification.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the classification"},
    )
    compartments = forms.ModelMultipleChoiceField(
        queryset=Compartment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    grading_source = forms.ChoiceField(
        choices=NOT_GRADED + SourceEvaluation.choices, required=False, label="Source evaluation"
    )
    grading_intelligence = forms.ChoiceField(
        choices=NOT_GRADED + IntelligenceAssessment.choices,
        required=False,
        label="Intelligence assessment",
    )
    grading_handling = forms.ChoiceField(
        choices=NOT_GRADED + HandlingCode.choices, required=False, label="Handling code"
    )
    grading_conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Handling conditions"
    )
    file = forms.FileField(required=False, allow_empty_file=True)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Offer only what the sender may choose; the service refuses the rest
        # whatever is posted.
        self.fields["compartments"].queryset = Compartment.objects.filter(  # type: ignore[attr-defined]
            pk__in=user_compartments(user)
        ).order_by("code")
        allowed = set(classifications_up_to(user.clearance))
        self.fields["classification"].choices = [  # type: ignore[attr-defined]
            choice for choice in Classification.choices if choice[0] in allowed
        ]
        if user.role not in ANY_BODY_ROLES:
            # The sender's own body is the only one they may send for.
            self.fields["body"].queryset = Body.objects.filter(pk=user.body_id)  # type: ignore[attr-defined]
            self.fields["body"].required = False
        if user.body_id and not self.is_bound:
            self.initial.setdefault("body", user.body_id)

    def clean_body(self) -> Body | None:
        body: Body | None = self.cleaned_data.get("body")
        if body is None and not self.chooses_body:
            return self.user.body
        return body

    @property
    def chooses_body(self) -> bool:
        return self.user.role in ANY_BODY_ROLES
