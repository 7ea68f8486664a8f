"""The referral pages' forms: they check types and presence; the services check the rules."""

from __future__ import annotations

from django import forms

from soctasking.referrals.models import ReferralKind, ReferralStatus, Route
from soctasking.referrals.services import WORKFLOW_ROUTES
from soctasking.threats.models import Threat

SELECT = {"class": "govuk-select"}
TEXTAREA = {"class": "govuk-textarea", "rows": 5}


def _text(label: str, *, required_message: str) -> forms.CharField:
    # No max_length here: the service measures it, with every other problem at once.
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": required_message},
    )


class ReferralForm(forms.Form):
    id = forms.CharField(
        label="Reference",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter a reference, like nw-2027-004"},
    )
    subject = forms.CharField(
        label="What the referral is about",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"required": "Enter what the referral is about"},
    )
    kind = forms.ChoiceField(
        label="What you ask for",
        choices=ReferralKind.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose what you ask for"},
    )
    detail = _text(
        "What is needed and why",
        required_message="Say what support is needed, or why the case should be adopted",
    )
    threats = forms.ModelMultipleChoiceField(
        label="Threats it concerns",
        queryset=Threat.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs=SELECT),
    )
    urgent = forms.BooleanField(
        label="Urgent: it cannot wait for the intelligence tasking group",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )


class RouteForm(forms.Form):
    route = forms.ChoiceField(
        label="Send it to",
        choices=[(route.value, route.label) for route in WORKFLOW_ROUTES],
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose where to send it"},
    )
    note = forms.CharField(
        label="Note for the record",
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class AssignForm(forms.Form):
    owner = forms.CharField(
        label="Owner's username",
        max_length=150,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"required": "Enter the username of the officer who owns it"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (ReferralStatus.ACCEPTED.value, "Accept"),
            (ReferralStatus.DECLINED.value, "Decline"),
        ],
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose to accept or decline"},
    )
    reasons = _text(
        "Reasons",
        required_message="Give the reasons for the decision",
    )


class WithdrawForm(forms.Form):
    reason = _text(
        "Why it is withdrawn",
        required_message="Say why the referral is withdrawn",
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ReferralStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )
    route = forms.ChoiceField(
        label="Route",
        required=False,
        choices=[("", "Any route"), *Route.choices],
        widget=forms.Select(attrs=SELECT),
    )
    late = forms.ChoiceField(
        label="Service level",
        required=False,
        choices=[("", "Any"), ("yes", "Overdue for a decision")],
        widget=forms.Select(attrs=SELECT),
    )
